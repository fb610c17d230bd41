"""What a synthetic data set is: its municipalities and the defects injected into them, each
with exactly the validation results it must cause."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from goalgraph import resources


@dataclass(frozen=True)
class Expected:
    """One result a defect must cause."""

    shape_id: str
    focus_node: str
    severity: str = "Violation"


@dataclass(frozen=True)
class Defect:
    """An injected defect and exactly the results it causes."""

    kind: str
    municipality: str
    description: str
    expected: tuple[Expected, ...]


@dataclass(frozen=True)
class SyntheticMunicipality:
    """One generated municipality and its Turtle."""

    slug: str
    name: str
    code: str
    model: str
    turtle: str


@dataclass
class SyntheticData:
    """The generated municipalities and the defects injected into them."""

    seed: int
    municipalities: list[SyntheticMunicipality]
    defects: list[Defect]

    def expected(self) -> set[tuple[str, str, str]]:
        """Every result the defects must cause: (shape id, focus node, severity)."""
        return {(e.shape_id, e.focus_node, e.severity) for d in self.defects for e in d.expected}

    def write(self, folder: Path) -> Path:
        """Write a data folder: ``municipalities/*.ttl``, the Agenda 2030 files (``sdg/``) and
        ``defects.json``. Refuses the project's own ``data/`` folder."""
        folder = folder.resolve()
        if folder == resources.data_dir().resolve():
            raise ValueError("synthetic data never goes into the project's data/ folder")
        (folder / "municipalities").mkdir(parents=True, exist_ok=True)
        (folder / "sdg").mkdir(exist_ok=True)
        for source in sorted((resources.data_dir() / "sdg").glob("*.ttl")):
            shutil.copyfile(source, folder / "sdg" / source.name)
        for m in self.municipalities:
            (folder / "municipalities" / f"{m.slug}.ttl").write_text(m.turtle, encoding="utf-8")
        manifest = {"seed": self.seed, "defects": [asdict(d) for d in self.defects]}
        (folder / "defects.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return folder
