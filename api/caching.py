"""Named resources answered from a cache keyed by the store's version, with validators.

:class:`ResourceCacheMiddleware` keeps the complete answer (status, headers, body) of a
successful ``GET`` of a named resource (``/id/...``, ``/sdg...``) or a municipality's
validation report (``/validation/<slug>``: the service validates once per generation; a report
that cannot be made is an error, never kept) for the data's current generation, keyed by
everything the answer depends on: the path and query, ``Accept``, the language cookie,
``Host`` and the day. A repeated request is answered from the cache without
routing, so a resource costs about what ``/health`` costs. Every cached answer carries an
``ETag`` (a hash of its body), ``Last-Modified`` (the time of the write that made the current
generation, or the start of the service) and ``Cache-Control: no-cache`` (clients revalidate,
since a write may change any resource); ``If-None-Match`` and ``If-Modified-Since`` get
``304 Not Modified``. A write moves the generation on and empties the cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime, parsedate_to_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .i18n import COOKIE

#: Path prefixes of the named resources and pages that are cached.
CACHED_PREFIXES: tuple[str, ...] = ("/id/", "/sdg", "/validation/")
#: Headers of a 304 answer copied from the cached one (RFC 9110, section 15.4.5).
_NOT_MODIFIED_HEADERS = frozenset(
    {b"etag", b"last-modified", b"cache-control", b"vary", b"content-location", b"expires"}
)

Key = tuple[bytes, ...]


@dataclass(frozen=True)
class Version:
    """The data's version as the cache sees it: the generation and when it began."""

    generation: int
    modified: dt.datetime


@dataclass(frozen=True)
class Entry:
    """One cached answer."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes
    modified: dt.datetime


class ResponseCache:
    """A bounded LRU of answers (by count and bytes) for one generation; a newer generation
    empties it."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, generation: int, key: Key) -> Entry | None:
        """The answer cached for ``key`` in ``generation``, or ``None``."""
        with self._lock:
            if generation != self._generation:
                self._clear(generation)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, generation: int, key: Key, entry: Entry) -> None:
        """Keep ``entry`` unless the generation moved on meanwhile or it is too large."""
        size = len(entry.body)
        if size > self.max_bytes // 16:
            return
        with self._lock:
            if generation != self._generation:
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        """The bytes of the bodies kept."""
        return self._bytes

    def _clear(self, generation: int) -> None:
        self._entries.clear()
        self._bytes = 0
        self._generation = generation


class ResourceCacheMiddleware:
    """Answers repeated ``GET`` requests of named resources from a
    :class:`ResponseCache` (see the module docstring). ``version()`` gives the data's current
    :class:`Version`, or ``None`` while the service is not ready (nothing is cached then)."""

    def __init__(
        self,
        app: ASGIApp,
        version: Callable[[], Version | None],
        cache: ResponseCache | None = None,
    ) -> None:
        self.app = app
        self.version = version
        self.cache = cache or ResponseCache()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(CACHED_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version is None:
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        key = _key(scope, headers)
        entry = self.cache.get(version.generation, key)
        if entry is None:
            entry = await self._fill(scope, receive, send, version, key)
            if entry is None:
                return  # answered directly: not cacheable
        await _answer(send, entry, headers)

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, version: Version, key: Key
    ) -> Entry | None:
        """Run the app for a cache miss; a cacheable answer is kept and returned, any
        other is passed on to the client as it comes (``None``)."""
        start: Message | None = None
        chunks: list[bytes] = []
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200 or _no_store(message):
                    passing = True
                    await send(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                return
            await send(message)  # pragma: no cover - other message kinds pass unchanged

        # the answer is complete (not streamed) for every cached route: a body is collected
        # until more_body is false, which is when the app returns
        await self.app(scope, receive, capture)
        if passing or start is None:
            return None
        body = b"".join(chunks)
        if self.version() != version:  # a write came in meanwhile: answered, not kept
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return None
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        kept = tuple(
            (name, value)
            for name, value in start.get("headers", [])
            if name not in (b"content-length", b"etag", b"last-modified", b"cache-control")
        )
        entry = Entry(start["status"], kept, body, etag, version.modified)
        self.cache.put(version.generation, key, entry)
        return entry


def _headers(scope: Scope) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    for name, value in scope.get("headers", []):
        out[name] = out[name] + b", " + value if name in out and name != b"cookie" else value
    return out


def _key(scope: Scope, headers: dict[bytes, bytes]) -> Key:
    """Everything a named resource's answer depends on."""
    return (
        scope["path"].encode("utf-8"),
        scope.get("query_string", b""),
        headers.get(b"accept", b""),
        _cookie(headers.get(b"cookie", b""), COOKIE.encode()),
        headers.get(b"host", b""),
        dt.date.today().isoformat().encode(),  # a view may depend on the day (validity)
    )


def _cookie(header: bytes, name: bytes) -> bytes:
    for part in header.split(b";"):
        key, _, value = part.strip().partition(b"=")
        if key == name:
            return value
    return b""


def _no_store(start: Message) -> bool:
    for name, value in start.get("headers", []):
        if name == b"cache-control" and b"no-store" in value.lower():
            return True
    return False


def _http_date(moment: dt.datetime) -> bytes:
    return format_datetime(moment.astimezone(dt.UTC).replace(microsecond=0), usegmt=True).encode()


def not_modified(entry: Entry, headers: dict[bytes, bytes]) -> bool:
    """Whether the client's validators match ``entry`` (``If-None-Match`` wins over
    ``If-Modified-Since``, RFC 9110 section 13.2.2)."""
    match = headers.get(b"if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix(b"W/") for t in match.split(b",")}
        return b"*" in tags or entry.etag in tags
    since = headers.get(b"if-modified-since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since.decode("latin-1"))
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        return False
    return entry.modified.replace(microsecond=0) <= moment


async def _answer(send: Send, entry: Entry, headers: dict[bytes, bytes]) -> None:
    validators = [
        (b"etag", entry.etag),
        (b"last-modified", _http_date(entry.modified)),
        (b"cache-control", b"no-cache"),
    ]
    if not_modified(entry, headers):
        kept = [(n, v) for n, v in entry.headers if n in _NOT_MODIFIED_HEADERS]
        await send({"type": "http.response.start", "status": 304, "headers": kept + validators})
        await send({"type": "http.response.body", "body": b""})
        return
    length = [(b"content-length", str(len(entry.body)).encode())]
    await send(
        {
            "type": "http.response.start",
            "status": entry.status,
            "headers": [*entry.headers, *length, *validators],
        }
    )
    await send({"type": "http.response.body", "body": entry.body})


__all__ = ["CACHED_PREFIXES", "Entry", "ResourceCacheMiddleware", "ResponseCache", "Version"]
