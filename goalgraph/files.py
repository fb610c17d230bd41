"""Writing output files safely: completely or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from goalgraph.errors import GoalgraphError


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` completely or not at all (temporary file, then rename)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise GoalgraphError(f"cannot write {path}: it is a folder")
    if not folder.is_dir():
        raise GoalgraphError(f"cannot write {path}: folder {folder} does not exist")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except OSError as exc:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise GoalgraphError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
