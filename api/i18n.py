"""The web pages' texts in Swedish and English, read from ``texts/pages.yaml``.

The language comes from ``?lang=`` (which also sets a cookie) or the ``lang`` cookie;
Swedish is the default.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from goalgraph.conventions import DEFAULT_LANG as DEFAULT_LANG
from goalgraph.conventions import LANGUAGES, Lang

LANGS: tuple[Lang, ...] = LANGUAGES
COOKIE = "lang"

#: The texts themselves, for a translator or a domain expert to read: ``texts/pages.yaml``.
TEXTS_FILE = Path(__file__).resolve().parent / "texts" / "pages.yaml"
#: The example queries of the SPARQL page, one ``.rq`` file each with its ``# sv:`` and
#: ``# en:`` titles.
EXAMPLES_DIR = Path(__file__).resolve().parent / "texts" / "examples"


def _read_texts(path: Path) -> dict[str, tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {key: (str(entry["sv"]), str(entry["en"])) for key, entry in data.items()}


def _read_examples(folder: Path) -> tuple[tuple[str, str, str], ...]:
    examples = []
    for path in sorted(folder.glob("*.rq")):
        lines = path.read_text(encoding="utf-8").splitlines()
        titles = {line[2:4]: line[6:].strip() for line in lines[:2] if line[4:6] == ": "}
        query = "\n".join(lines[2:]).strip()
        examples.append((titles["sv"], titles["en"], query))
    return tuple(examples)


#: key: (Swedish, English)
TEXTS: dict[str, tuple[str, str]] = _read_texts(TEXTS_FILE)
#: (Swedish title, English title, query) of each example on the SPARQL page
EXAMPLE_QUERIES: tuple[tuple[str, str, str], ...] = _read_examples(EXAMPLES_DIR)


def text(key: str, lang: str) -> str:
    """The text for ``key`` in ``lang`` (Swedish unless ``en``)."""
    sv, en = TEXTS[key]
    return en if lang == "en" else sv


def translator(lang: str) -> dict[str, str]:
    """All texts in one language, for a template."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
