"""What a municipality's sources leave open, and the bases of its goal-chain links.

A :class:`Gap` says that the sources do not state something (a parent, an owner, a decision's
day or body) or that something they mention was not read; a :class:`LinkBasis` says whether a
chain link is stated in the source, inferred by the editor or curated by goalgraph. Both are read
with the named queries ``gaps.rq`` and ``link-bases.rq``.
"""

from __future__ import annotations

from dataclasses import dataclass

from goalgraph.conventions import natural_key
from goalgraph.model.rows import first, group_rows, values
from goalgraph.namespaces import GG
from goalgraph.store.protocol import SelectResult

PARENT_NOT_STATED = str(GG.ParentNotStated)
NOT_RETRIEVED = str(GG.NotRetrieved)
INFERRED_BY_EDITOR = str(GG.InferredByEditor)
SUPPORTS = str(GG.supports)


@dataclass(frozen=True)
class Gap:
    """One statement the sources leave open, with the sources that leave it open."""

    iri: str
    about: str
    kind: str
    sources: tuple[str, ...]
    count: int | None

    @property
    def parent_not_stated(self) -> bool:
        """True when the sources do not state what ``about`` (or its level's elements) supports."""
        return self.kind == PARENT_NOT_STATED

    @property
    def not_retrieved(self) -> bool:
        """True when ``about`` (e.g. a level's elements) exists in the sources but was not read."""
        return self.kind == NOT_RETRIEVED


@dataclass(frozen=True)
class LinkBasis:
    """The basis of one chain link: from ``source`` to ``target`` by ``prop``."""

    source: str
    target: str
    prop: str
    basis: str
    reason: str | None

    @property
    def inferred(self) -> bool:
        """True when the link is not the source's own statement but the editor's inference."""
        return self.basis == INFERRED_BY_EDITOR


def read_gaps(result: SelectResult) -> tuple[Gap, ...]:
    """The gaps of a ``gaps.rq`` result, one per gap with its sources."""
    gaps = [
        Gap(
            iri=iri,
            about=str(rows[0]["about"]),
            kind=str(rows[0]["kind"]),
            sources=values(rows, "source"),
            count=int(count) if (count := first(rows, "count")) is not None else None,
        )
        for iri, rows in group_rows(result, "gap").items()
    ]
    return tuple(sorted(gaps, key=lambda g: (natural_key(g.about), g.kind, g.iri)))


def read_link_bases(result: SelectResult) -> tuple[LinkBasis, ...]:
    """The link bases of a ``link-bases.rq`` result."""
    bases = {
        LinkBasis(
            source=str(r["source"]),
            target=str(r["target"]),
            prop=str(r["property"]),
            basis=str(r["basis"]),
            reason=None if r.get("reason") is None else str(r["reason"]),
        )
        for r in result
    }
    return tuple(sorted(bases, key=lambda b: (natural_key(b.source), natural_key(b.target))))
