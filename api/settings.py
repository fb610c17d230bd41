"""Operator settings of the HTTP service, read from environment variables.

| variable | meaning | default |
| --- | --- | --- |
| ``GOALGRAPH_WRITE_TOKEN`` | bearer token for writes; unset: writes disabled (403) | unset |
| ``GOALGRAPH_QUERY_TIMEOUT`` | seconds a SPARQL query may run before it is stopped | 10 |
| ``GOALGRAPH_MAX_RESULT_ROWS`` | rows (or triples) of a SPARQL result; more is refused | 10000 |
| ``GOALGRAPH_MAX_UPLOAD_BYTES`` | largest request body (uploads, writes, queries) | 5 MiB |
| ``GOALGRAPH_QUERY_WORKERS`` | SPARQL queries at once (embedded store: worker processes) | 2 |
| ``GOALGRAPH_QUERY_PER_CLIENT`` | SPARQL queries of one client address, running or waiting | 1 |
| ``GOALGRAPH_QUERY_QUEUE`` | SPARQL queries that may wait for a worker; more get 503 | 8 |
| ``GOALGRAPH_MEMORY_COPY`` | read an embedded store on disk from a memory copy (``0``: off) | 1 |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T", int, float)


@dataclass(frozen=True)
class Settings:
    """What the operator can configure."""

    write_token: str | None = None
    query_timeout: float = 10.0
    max_result_rows: int = 10_000
    max_upload_bytes: int = 5 * 1024 * 1024
    query_workers: int = 2
    #: SPARQL queries one client (address) may have admitted at once, running or waiting.
    query_per_client: int = 1
    #: SPARQL queries that may wait for a free worker; beyond that a query gets 503 at once.
    query_queue: int = 8
    #: Read an embedded store on disk from a copy in memory (several times faster queries).
    memory_copy: bool = True
    #: Fill the caches (audit reports, a SPARQL worker) in the background at start-up.
    warm_up: bool = True
    #: After a write, build the start page's and the comparison's views for the new data in
    #: the background (api/warming.py), so their first request does not build them.
    warm_after_write: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        token = env.get("GOALGRAPH_WRITE_TOKEN", "").strip() or None
        return cls(
            write_token=token,
            query_timeout=_number(env, "GOALGRAPH_QUERY_TIMEOUT", float, cls.query_timeout),
            max_result_rows=_number(env, "GOALGRAPH_MAX_RESULT_ROWS", int, cls.max_result_rows),
            max_upload_bytes=_number(env, "GOALGRAPH_MAX_UPLOAD_BYTES", int, cls.max_upload_bytes),
            query_workers=_number(env, "GOALGRAPH_QUERY_WORKERS", int, cls.query_workers),
            query_per_client=_number(env, "GOALGRAPH_QUERY_PER_CLIENT", int, cls.query_per_client),
            query_queue=_number(env, "GOALGRAPH_QUERY_QUEUE", int, cls.query_queue),
            memory_copy=_flag(env, "GOALGRAPH_MEMORY_COPY", cls.memory_copy),
        )


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0 (on or off), not {env[name]!r}")


def _number(env: Mapping[str, str], name: str, kind: type[T], default: T) -> T:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name} must be {what}, not {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be greater than 0, not {raw!r}")
    return value
