"""Swedish text similarity for goal wordings: content words, their Snowball stems, shared words.

Goal texts are short and full of compounds ("kulturliv", "kulturutbud"), so two words match
when their stems are equal, when one stem (of five letters or more) begins the other, or when
they share a prefix of at least :data:`MIN_PREFIX` letters. Function
words and words every municipal goal uses ("kommun", "ska", "verka") are left out, as are the
words of the municipalities' own names.

>>> sorted(shared_words("en aktiv fritid och ett rikt kulturliv", "verka för aktiv fritid"))
['aktiv', 'fritid']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from goalgraph.stemming import stem

MIN_PREFIX = 6
_WORD = re.compile(r"[a-zåäöéü]+")
STOPWORDS = frozenset(
    [
        "alla",
        "allt",
        "att",
        "av",
        "bara",
        "bli",
        "blir",
        "de",
        "dem",
        "den",
        "denna",
        "dess",
        "dessa",
        "det",
        "detta",
        "dig",
        "där",
        "därför",
        "eller",
        "en",
        "ett",
        "fler",
        "för",
        "från",
        "genom",
        "ha",
        "har",
        "hela",
        "hos",
        "här",
        "i",
        "in",
        "inom",
        "inte",
        "jag",
        "just",
        "kan",
        "man",
        "med",
        "mellan",
        "men",
        "mer",
        "mot",
        "må",
        "ni",
        "nu",
        "när",
        "och",
        "om",
        "oss",
        "på",
        "sig",
        "sin",
        "sina",
        "sitt",
        "skall",
        "ska",
        "skapa",
        "skapar",
        "som",
        "så",
        "till",
        "under",
        "upp",
        "ut",
        "utan",
        "vad",
        "var",
        "vara",
        "vi",
        "vid",
        "vilka",
        "år",
        "även",
        "över",
        "kommun",
        "kommunen",
        "kommunens",
        "kommuns",
        "plats",
        "verka",
        "verkar",
        "arbeta",
        "arbetar",
        "bidra",
        "god",
        "goda",
        "gott",
        "hög",
        "höga",
        "högt",
        "ny",
        "nya",
        "stor",
        "stora",
        "bra",
        "mål",
        "målet",
        "målen",
    ]
)


def content_words(text: str, extra_stopwords: Iterable[str] = ()) -> dict[str, str]:
    """The content words of ``text``: stem → the first word form seen."""
    stop = STOPWORDS | {w.lower() for w in extra_stopwords}
    words: dict[str, str] = {}
    for word in _WORD.findall(text.lower()):
        if len(word) > 2 and word not in stop:
            words.setdefault(stem(word, "sv"), word)
    return words


def _match(a: str, b: str) -> bool:
    if a == b:
        return True
    shortest = min(len(a), len(b))
    if shortest >= 5 and (a.startswith(b) or b.startswith(a)):
        return True
    common = 0
    while common < shortest and a[common] == b[common]:
        common += 1
    return common >= MIN_PREFIX and a[:common] not in STOPWORDS


def shared_words(a: str, b: str, extra_stopwords: Iterable[str] = ()) -> dict[str, str]:
    """The words of ``a`` that match a word of ``b``: word in ``a`` → matching word in ``b``."""
    words_a = content_words(a, extra_stopwords)
    words_b = content_words(b, extra_stopwords)
    found = {}
    for stem_a, word_a in words_a.items():
        for stem_b, word_b in sorted(words_b.items()):
            if _match(stem_a, stem_b):
                found[word_a] = word_b
                break
    return found


def dice(a: str, b: str, extra_stopwords: Iterable[str] = ()) -> float:
    """Dice similarity of the content words of two texts (0 to 1), with compound matching."""
    words_a = content_words(a, extra_stopwords)
    words_b = content_words(b, extra_stopwords)
    if not words_a or not words_b:
        return 0.0
    in_a = sum(1 for s in words_a if any(_match(s, t) for t in words_b))
    in_b = sum(1 for t in words_b if any(_match(s, t) for s in words_a))
    return (in_a + in_b) / (len(words_a) + len(words_b))
