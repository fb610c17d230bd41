"""The folder of a store on disk: ``goalgraph-store.json`` (written atomically) naming the
current Oxigraph data folder (``data-000001``…), and opening such a folder (or a plain
Oxigraph folder) for writing or read-only."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from goalgraph.store.protocol import StoreError

META = "goalgraph-store.json"
FORMAT = "goalgraph-store/1"
DATA_DIR = re.compile(r"^data-(\d{6})$")
READ_ONLY_ATTEMPTS = 8  # opening beside a compacting writer: see _open_read_only


class StoreInUseError(StoreError):
    """Another process (or another open store in this one) holds the store's lock."""


def open_oxigraph(folder: Path, root: Path) -> ox.Store:
    """Open an Oxigraph folder; a lock or damage is a :class:`StoreError` naming ``root``."""
    try:
        return ox.Store(str(folder))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreInUseError(
                f"the store at {root} is in use: another process (or another open store in this "
                f"one) holds its lock; close it or choose another store ({text})"
            ) from exc
        raise StoreError(f"cannot open the store at {root}: {text}") from exc
    except RuntimeError as exc:
        raise StoreError(
            f"the store at {root} is damaged and was not changed ({exc}); restore it from a "
            "backup, or remove the folder to rebuild it from the data files"
        ) from exc


def read_meta(path: Path, root: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"the store at {root} is damaged: cannot read {path.name} ({exc})"
        ) from exc
    if (
        not isinstance(meta, dict)
        or meta.get("format") != FORMAT
        or not DATA_DIR.match(str(meta.get("current", "")))
    ):
        raise StoreError(f"the store at {root} is damaged: {path.name} is not {FORMAT} metadata")
    return meta


def write_meta(root: Path, meta: Mapping[str, Any]) -> None:
    """Write the metadata file atomically (a new file, fsync, rename, fsync of the folder)."""
    tmp = root / f".{META}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(meta, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / META)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_data_dirs(root: Path, keep: set[str]) -> None:
    """Remove data folders that the metadata does not name (left by an interrupted bulk write
    or kept until no reader can still be using them)."""
    for entry in root.iterdir():
        if entry.is_dir() and DATA_DIR.match(entry.name) and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


@dataclass
class OpenedFolder:
    """A store folder as opened: its Oxigraph store, its metadata, and the data folder the
    metadata names (``None`` for a plain Oxigraph folder or one opened read-only)."""

    store: ox.Store
    meta: dict[str, Any] = field(default_factory=dict)
    data_dir: Path | None = None


def open_folder(root: Path, *, read_only: bool = False) -> OpenedFolder:
    """Open (or create) the store folder ``root``; ``read_only``: see :func:`_open_read_only`.
    A file, a folder holding other files, a missing data folder or damaged metadata is a
    :class:`StoreError` naming ``root``; nothing is removed but unnamed data folders."""
    if read_only:
        return _open_read_only(root)
    try:
        if root.exists() and not root.is_dir():
            raise StoreError(f"cannot open the store at {root}: it is a file, not a folder")
        root.mkdir(parents=True, exist_ok=True)
        meta_path = root / META
        entries = sorted(p.name for p in root.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot open the store at {root}: {exc.strerror or exc}") from exc
    if meta_path.exists():
        meta = read_meta(meta_path, root)
        current = root / str(meta["current"])
        if not current.is_dir():
            raise StoreError(
                f"the store at {root} is damaged: its data folder {current.name} is missing"
            )
        store = open_oxigraph(current, root)
        remove_data_dirs(root, keep={current.name})
        return OpenedFolder(store, meta, current)
    if "CURRENT" in entries and any(e.startswith("OPTIONS") for e in entries):
        return OpenedFolder(open_oxigraph(root, root))  # a plain Oxigraph folder
    if any(not DATA_DIR.match(e) for e in entries):
        raise StoreError(
            f"{root} is not a goalgraph store: the folder holds other files "
            f"({', '.join(entries[:5])}); use an empty or new folder"
        )
    remove_data_dirs(root, keep=set())  # left by a creation that was interrupted
    current = root / "data-000001"
    store = open_oxigraph(current, root)
    meta = {"format": FORMAT, "current": current.name}
    write_meta(root, meta)
    return OpenedFolder(store, meta, current)


def _open_read_only(root: Path) -> OpenedFolder:
    """Open the current data folder without taking its lock: the store as it is now (later
    writes by another process are not seen); nothing in the folder is changed."""
    meta_path = root / META
    meta: dict[str, Any] = {}
    if meta_path.exists():
        meta = read_meta(meta_path, root)
        current = root / str(meta["current"])
    else:
        current = root
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return OpenedFolder(ox.Store.read_only(str(current)), meta)
        except (OSError, RuntimeError) as exc:
            # A writer in another process may compact between the reading of the manifest
            # and the opening of the files it names: that file is then gone. The next
            # attempt reads the new manifest.
            vanished = "No such file or directory" in str(exc)
            if not vanished or attempt == READ_ONLY_ATTEMPTS - 1:
                raise StoreError(f"cannot open the store at {root} read-only: {exc}") from exc
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover
