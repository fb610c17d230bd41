"""The folder of a store on disk: ``goalgraph-store.json`` (written atomically) naming the
current Oxigraph data folder (``data-000001``…), and opening such a folder."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from goalgraph.store.protocol import StoreError

META = "goalgraph-store.json"
FORMAT = "goalgraph-store/1"
DATA_DIR = re.compile(r"^data-(\d{6})$")


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
