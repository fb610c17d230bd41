"""The import rules of ARCHITECTURE.md, read from the source with ``ast``.

Every module belongs to a room (:data:`ROOMS`, the longest matching prefix wins); a module
may import from its own room and from the rooms :data:`ALLOWED` lists for it, at module level
or inside a function alike. The rooms form no cycle, and the library never imports the web
layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Module prefix -> room.
ROOMS: dict[str, str] = {
    "goalgraph": "package",
    "goalgraph.__main__": "entry",
    "goalgraph.cli": "entry",
    "goalgraph.cli_documents": "entry",
    "goalgraph.docs": "entry",
    "goalgraph.authoring.cli": "entry",
    "goalgraph.lifecycle.kolada_cli": "entry",
    "goalgraph.errors": "core",
    "goalgraph.namespaces": "core",
    "goalgraph.mediatypes": "core",
    "goalgraph.resources": "core",
    "goalgraph.files": "core",
    "goalgraph.conventions": "core",
    "goalgraph.texts": "core",
    "goalgraph.dates": "core",
    "goalgraph.stemming": "core",
    "goalgraph.sparql": "sparql",
    "goalgraph.sparql.named": "queries",
    "goalgraph.store": "store",
    "goalgraph.validation": "validation",
    "goalgraph.model": "model",
    "goalgraph.reference": "reference",
    "goalgraph.analysis": "analysis",
    "goalgraph.diagrams": "diagrams",
    "goalgraph.lifecycle": "lifecycle",
    "goalgraph.lifecycle.validity": "validity",
    "goalgraph.lifecycle.selection": "validity",
    "goalgraph.authoring": "authoring",
    "goalgraph.testing": "testing",
    "goalgraph.reports": "reports",
    "api": "api",
    "api.routers": "routers",
    "api.app": "app",
    "api.launch": "app",
    "api.serve": "app",
}

#: Room -> the rooms it may import from (besides itself).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "package": {"core", "store", "queries"},
    "sparql": {"core"},
    "store": {"core", "sparql"},
    "queries": {"core", "store"},
    "validity": {"core", "store"},
    "validation": {"core", "store", "model", "validity"},
    "reference": {"core"},
    "testing": {"core"},
    "model": {"core", "sparql", "queries", "store", "validity"},
    "analysis": {"core", "model", "diagrams", "queries", "store", "validity"},
    "diagrams": {"core", "model", "queries", "store", "validity"},
    "lifecycle": {"core", "store", "model", "diagrams", "authoring", "validity"},
    "authoring": {
        "core",
        "sparql",
        "queries",
        "store",
        "validation",
        "model",
        "diagrams",
        "validity",
    },
    "reports": {
        "core",
        "store",
        "queries",
        "model",
        "validation",
        "diagrams",
        "lifecycle",
        "authoring",
        "validity",
    },
}
#: The rooms of the library proper, which the entry points and the web layer may use.
LIBRARY = {"package", "core", "sparql", "queries", "store", "validation", "model", "analysis"}
LIBRARY |= {"diagrams", "lifecycle", "authoring", "reference", "reports", "validity"}
ALLOWED["entry"] = set(LIBRARY)
ALLOWED["api"] = LIBRARY | {"entry"}
ALLOWED["routers"] = LIBRARY | {"api"}
ALLOWED["app"] = {"routers", *ALLOWED["routers"]}

#: Imports that break a rule today, each with the change that removes it.
PENDING: dict[tuple[str, str], str] = {}


def room_of(module: str) -> str:
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        room = ROOMS.get(".".join(parts[:end]))
        if room is not None:
            return room
    raise AssertionError(f"{module} is in no room; add it to ROOMS")


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str, path: Path, level: int, name: str | None) -> str:
    """The absolute name of ``from <level dots><name> import``, in ``module`` at ``path``."""
    if not level:
        return name or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (level - 1)]
    return ".".join([*package, name] if name else package)


def project_imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) for every import of goalgraph or api."""
    found = []
    for top in ("goalgraph", "api"):
        for path in sorted((ROOT / top).rglob("*.py")):
            module = _module_name(path)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and (node.module or node.level):
                    base = _absolute(module, path, node.level, node.module)
                    targets = [
                        f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base
                        for a in node.names
                    ]
                for target in targets:
                    if target.split(".")[0] in ("goalgraph", "api"):
                        found.append((module, target, node.lineno))
    return found


def room_edges() -> dict[tuple[str, str], list[str]]:
    edges: dict[tuple[str, str], list[str]] = {}
    for module, target, line in project_imports():
        if (module, target) in PENDING:
            continue
        a, b = room_of(module), room_of(target)
        if a != b:
            edges.setdefault((a, b), []).append(f"{module}:{line} imports {target}")
    return edges


def test_every_module_is_in_a_room() -> None:
    modules = {m for m, _, _ in project_imports()} | {t for _, t, _ in project_imports()}
    assert all(room_of(m) in ALLOWED for m in modules)


def test_rooms_import_only_what_the_table_allows() -> None:
    wrong = [
        f"{a} -> {b}: {where[0]}" for (a, b), where in room_edges().items() if b not in ALLOWED[a]
    ]
    assert wrong == []


def test_the_library_never_imports_the_web_layer() -> None:
    wrong = [
        f"{module}:{line} imports {target}"
        for module, target, line in project_imports()
        if module.startswith("goalgraph")
        and target.split(".")[0] == "api"
        and (module, target) not in PENDING
    ]
    assert wrong == []


def test_the_rooms_form_no_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for a, b in room_edges():
        graph.setdefault(a, set()).add(b)
    cycles = []

    def visit(room: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(room, ())):
            if nxt in path:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif len(path) < len(ALLOWED):
                visit(nxt, [*path, nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []


def test_the_allowed_table_itself_has_no_cycle() -> None:
    order: list[str] = []
    pending = dict(ALLOWED)
    while pending:
        ready = [r for r, deps in pending.items() if deps <= set(order)]
        assert ready, f"the table has a cycle among {sorted(pending)}"
        order.extend(sorted(ready))
        for room in ready:
            del pending[room]


def test_the_pending_exceptions_still_exist() -> None:
    present = {(m, t) for m, t, _ in project_imports()}
    assert set(PENDING) <= present, "a pending exception was fixed: remove it from PENDING"
