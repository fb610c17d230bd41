"""Bulk writes of the embedded store: the parts of a write as N-Quads texts of about equal
size, loaded by one Oxigraph bulk loader per core."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence

import pyoxigraph as ox

from goalgraph.store.protocol import QuadLike
from goalgraph.store.terms import as_triples, ntriples
from goalgraph.store.update import iri_ref


class NQuads(bytes):
    """N-Quads text as Oxigraph writes it (one quad per line), every quad in the graph of the
    part it comes with, and blank nodes of its own: loaded as it is."""


#: Part of a graph in a bulk write: triples, N-Triples text as Oxigraph writes it, or
#: :class:`NQuads` of that graph
Part = Sequence[QuadLike] | bytes


def kept_quads(old: ox.Store, kept: Sequence[ox.NamedNode]) -> Iterator[ox.Quad] | None:
    """The quads of the default graph and of the ``kept`` graphs (``None`` when none)."""
    default = ox.DefaultGraph()
    if not kept and next(old.quads_for_pattern(None, None, None, default), None) is None:
        return None

    def quads() -> Iterator[ox.Quad]:
        yield from old.quads_for_pattern(None, None, None, default)
        for name in kept:
            yield from old.quads_for_pattern(None, None, None, name)

    return quads()


def _nquads(graph: str, triples: Sequence[ox.Triple]) -> bytes:
    """One graph as N-Quads (see :func:`_with_graph`)."""
    return _with_graph(graph, ntriples(triples))


def _with_graph(graph: str, text: bytes) -> bytes:
    """N-Triples as Oxigraph writes them, as N-Quads of ``graph``: the graph name added to
    every line (a line ends with `` .`` and a newline, and holds no other newline)."""
    return text.replace(b" .\n", f" {iri_ref(graph)} .\n".encode())


def part_triples(part: Part) -> list[ox.Triple]:
    if isinstance(part, NQuads):
        return [q.triple for q in ox.parse(part, format=ox.RdfFormat.N_QUADS)]
    if isinstance(part, bytes):
        return [q.triple for q in ox.parse(part, format=ox.RdfFormat.N_TRIPLES)]
    return as_triples(part)


def nquads_for_loaders(
    graphs: set[str], parts: Iterable[tuple[str, Part]], loaders: int
) -> tuple[dict[str, int], list[bytes], bool]:
    """The triples per graph, ``parts`` as at most ``loaders`` N-Quads texts of about equal
    size (see :func:`_loader_groups`), and whether Oxigraph wrote every text from terms it had
    checked (triples and :class:`NQuads`, not other bytes): then the loaders need not check
    the IRIs and literals again."""
    merged: dict[str, list[ox.Triple]] = {}
    counts: dict[str, int] = {}
    chunks: list[tuple[bytes, set[str]]] = []
    checked = True
    for graph, part in parts:
        if graph not in graphs:
            raise ValueError(f"graph {graph} was not announced for this write")
        if isinstance(part, bytes):  # N-Triples or N-Quads with blank nodes of its own
            counts[graph] = counts.get(graph, 0) + part.count(b"\n")
            if part:
                text = part if isinstance(part, NQuads) else _with_graph(graph, part)
                checked = checked and isinstance(part, NQuads)
                chunks.append((text, set()))
        else:
            merged.setdefault(graph, []).extend(as_triples(part))
    for graph, triples in merged.items():
        counts[graph] = counts.get(graph, 0) + len(triples)
        if triples:
            chunks.append((_nquads(graph, triples), _blank_labels(triples)))
    return counts, _loader_groups(chunks, loaders), checked


def _blank_labels(triples: Iterable[ox.Triple]) -> set[str]:
    return {
        term.value
        for t in triples
        for term in (t.subject, t.object)
        if isinstance(term, ox.BlankNode)
    }


def bulk_load(store: ox.Store, texts: Sequence[bytes], *, checked: bool = False) -> None:
    """Bulk load N-Quads texts into ``store``, each in its own thread (Oxigraph's bulk loader
    runs on one core, without the GIL, and several may fill one store). ``checked``: the texts
    were written by Oxigraph from terms it had checked, so the loaders skip checking the IRIs
    and literals again (Oxigraph's lenient parse; about an eighth of the loaders' time)."""
    if len(texts) <= 1:
        for text in texts:
            store.bulk_load(text, format=ox.RdfFormat.N_QUADS, lenient=checked)
        return
    failures: list[BaseException] = []

    def load(text: bytes) -> None:
        try:
            store.bulk_load(text, format=ox.RdfFormat.N_QUADS, lenient=checked)
        except BaseException as exc:  # raised again in the calling thread
            failures.append(exc)

    threads = [
        threading.Thread(target=load, args=(text,), name="goalgraph-bulk-load", daemon=True)
        for text in texts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _loader_groups(chunks: Sequence[tuple[bytes, set[str]]], loaders: int) -> list[bytes]:
    """The chunks (one per graph) joined into at most ``loaders`` texts of about equal size.
    Each graph goes to one loader whole, so its blank nodes stay one; when two chunks share a
    blank node label, all go through one loader."""
    seen: set[str] = set()
    for _, blanks in chunks:
        if seen & blanks:
            loaders = 1
            break
        seen |= blanks
    groups: list[list[bytes]] = [[] for _ in range(max(1, min(loaders, len(chunks))))]
    sizes = [0] * len(groups)
    for data, _ in sorted(chunks, key=lambda c: -len(c[0])):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(data)
        sizes[smallest] += len(data)
    return [b"".join(group) for group in groups]


def worker_count() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
