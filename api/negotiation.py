"""Content negotiation: one table of media types and a q-sorted ``Accept`` parser.

Every route offers a list of format names from :data:`MEDIA_TYPES`, in the server's order
of preference; the client picks with the ``Accept`` header or overrides it with the
``format`` query parameter (a name or alias from the table, or a media type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.mediatypes import MEDIA_TYPES as MEDIA_TYPES
from goalgraph.mediatypes import MediaType as MediaType

RDF_FORMATS = ("turtle", "jsonld", "ntriples")
RESOURCE_FORMATS = ("json", "html", *RDF_FORMATS)


class NotAcceptableError(Exception):
    """No offered format is acceptable to the client."""

    def __init__(self, offered: Sequence[str], wanted: str) -> None:
        self.offered = [MEDIA_TYPES[n].media_type for n in offered]
        super().__init__(
            f"cannot answer with {wanted!r}; available: {', '.join(self.offered)} "
            f"(or ?format={'|'.join(offered)})"
        )


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return self.type in ("*", main) and self.subtype in ("*", sub)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header into media ranges, best first (q, then specificity, then
    order). Malformed entries are ignored; no header means ``*/*``."""
    if header is None or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        main, slash, sub = fields[0].lower().partition("/")
        if not slash or not main or not sub or (main == "*" and sub != "*"):
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = q if 0.0 <= q <= 1.0 else 0.0
        ranges.append(MediaRange(main, sub, q, order))
    return sorted(ranges, key=lambda r: (-r.q, -r.specificity, r.order))


def lookup(name: str) -> MediaType | None:
    """A format by short name, alias or media type."""
    key = name.strip().lower()
    for media in MEDIA_TYPES.values():
        if key in (media.name, media.media_type, *media.aliases):
            return media
    return None


def negotiate(accept: str | None, offered: Sequence[str], override: str | None = None) -> MediaType:
    """Choose one of ``offered`` (format names, preferred first) for the client."""
    if override:
        chosen = lookup(override)
        if chosen is None or chosen.name not in offered:
            raise NotAcceptableError(offered, override)
        return chosen
    ranges = parse_accept(accept)
    best: tuple[float, int, int] | None = None
    chosen_name: str | None = None
    for position, name in enumerate(offered):
        media_type = MEDIA_TYPES[name].media_type
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        most_specific = max(matching, key=lambda r: (r.specificity, r.q))
        if most_specific.q <= 0:
            continue
        score = (most_specific.q, most_specific.specificity, -position)
        if best is None or score > best:
            best, chosen_name = score, name
    if chosen_name is None:
        raise NotAcceptableError(offered, accept or "")
    return MEDIA_TYPES[chosen_name]


def content_types(offered: Sequence[str]) -> dict[str, dict[str, object]]:
    """The OpenAPI ``content`` entry for a list of format names."""
    out: dict[str, dict[str, object]] = {}
    for name in offered:
        media_type = MEDIA_TYPES[name].media_type
        if name == "json":
            continue  # described by the route's response model
        if media_type.startswith(("image/", "application/pdf")) and name != "svg":
            out[media_type] = {"schema": {"type": "string", "format": "binary"}}
        else:
            out[media_type] = {"schema": {"type": "string"}}
    return out
