"""The content hash of a graph, from its N-Triples or N-Quads text."""

from __future__ import annotations

import hashlib


def ntriples_hash(data: bytes) -> str:
    """An order-independent hash of N-Triples or N-Quads lines (the sum of the line hashes).

    Blank nodes count with the labels the store writes, so two loads of the same file may
    hash differently; a changed graph always hashes differently.

    >>> ntriples_hash(b"<a:s> <a:p> <a:o> .\\n<a:s> <a:p> <a:q> .\\n") == ntriples_hash(
    ...     b"<a:s> <a:p> <a:q> .\\n<a:s> <a:p> <a:o> .\\n")
    True
    """
    total = 0
    count = 0
    for raw in data.split(b"\n"):
        line = raw.strip()
        if not line or line.startswith(b"#"):
            continue
        total += int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
        count += 1
    return f"{count}-{total % (1 << 128):032x}"
