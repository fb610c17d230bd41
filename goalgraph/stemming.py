"""Word stems for Swedish and English text: the Snowball stemmers, used by the suggestions of
Agenda 2030 targets and by the similarity of goal wordings.

>>> stem("Näringslivet", "sv"), stem("emissions", "en")
('näringsliv', 'emiss')
"""

from __future__ import annotations

from functools import cache

import snowballstemmer


@cache
def _stemmer(lang: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("swedish" if lang == "sv" else "english")


def stem(word: str, lang: str = "sv") -> str:
    """A word's Snowball stem, lower case (Swedish unless ``lang`` is ``en``)."""
    return str(_stemmer(lang).stemWord(word.casefold()))
