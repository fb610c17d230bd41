"""The examples of the README and the documentation pages run: their shell sessions print what
they show, their Python runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from goalgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
README = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
SESSIONS = re.findall(r"```text\n\$ (goalgraph [^\n]+)\n(.*?)```", README, re.S)
PYTHON = re.findall(r"```python\n(.*?)```", README, re.S)


def test_the_readme_has_examples() -> None:
    assert len(SESSIONS) >= 4 and PYTHON


@pytest.mark.parametrize(("command", "shown"), SESSIONS, ids=[s[0] for s in SESSIONS])
def test_readme_shell_example_prints_what_it_shows(
    command: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    main(shlex.split(command)[1:])
    # a no-break space (as in "100\u00a0%") shows as a space in the README
    printed = capsys.readouterr().out.replace("\u00a0", " ").splitlines()
    expected = [line for line in shown.splitlines() if line and line != "…"]
    position = 0
    for line in expected:
        assert line in printed[position:], f"README line not printed (in order): {line!r}"
        position = printed.index(line, position) + 1


@pytest.mark.parametrize("code", PYTHON)
def test_readme_python_example_runs(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "'Vision']" in out and "True 228" in out
