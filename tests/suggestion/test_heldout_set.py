"""The held-out SDG evaluation set stays well formed: every file names its source, every goal
has a text and links only to global goals and targets that exist in data/sdg/sdg.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from goalgraph import resources

HELDOUT = Path(__file__).resolve().parent / "heldout"
FILES = sorted(HELDOUT.glob("*.yaml"))
EXCLUDED = {"vaggeryd", "nora"}


def _sdg_ids() -> set[str]:
    data = json.loads((resources.data_dir() / "sdg" / "sdg.json").read_text(encoding="utf-8"))
    return {str(g["id"]) for g in data["goals"]} | {str(t["id"]) for t in data["targets"]}


SDG_IDS = _sdg_ids()


def test_the_set_has_files_and_a_readme() -> None:
    assert len(FILES) >= 5, f"expected the held-out files in {HELDOUT}"
    assert (HELDOUT / "README.md").is_file()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_source_file_is_well_formed(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("municipality", "url", "title", "passage"):
        assert isinstance(data.get(key), str) and data[key].strip(), f"{path.name}: no {key}"
    assert data["url"].startswith("https://"), f"{path.name}: url {data['url']!r}"
    assert data["municipality"].lower() not in EXCLUDED, (
        f"{path.name}: Vaggeryd and Nora are the in-sample municipalities"
    )
    assert data["goals"], f"{path.name}: no goals"
    for goal in data["goals"]:
        assert set(goal) <= {"text", "sdg", "comment"}, f"{path.name}: keys {sorted(goal)}"
        assert isinstance(goal["text"], str) and goal["text"].strip(), f"{path.name}: empty text"
        links = goal["sdg"]
        assert links and all(isinstance(s, str) for s in links), (
            f"{path.name}: {goal['text']!r} needs sdg ids as strings, got {links!r}"
        )
        unknown = set(links) - SDG_IDS
        assert not unknown, f"{path.name}: {goal['text']!r} links to unknown SDG ids {unknown}"
        for target in (s for s in links if "." in s):
            assert target.split(".")[0] in links, (
                f"{path.name}: {goal['text']!r} names target {target} without its goal"
            )


def test_a_goal_text_that_recurs_within_a_municipality_is_the_same_goal() -> None:
    """A text may appear on several pages of one municipality (its links are joined), but a
    goal text must not appear under two municipalities: that would be a copying mistake."""
    owners: dict[str, set[str]] = {}
    for path in FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for goal in data["goals"]:
            owners.setdefault(goal["text"], set()).add(data["municipality"])
    shared = {text: sorted(m) for text, m in owners.items() if len(m) > 1}
    assert not shared, shared
