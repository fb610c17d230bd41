"""A temporary goalgraph home (``GOALGRAPH_HOME``) whose data holds attacker-chosen labels:
the project's ontology and shapes, and a copy of its data with some labels replaced."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from api.launch import ROOT

ID = "https://w3id.org/goalgraph/id/"
SKOS_PREF = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


def home_with_labels(
    folder: Path,
    labels: Mapping[str, Mapping[tuple[str, str] | tuple[str, str, str], str]],
) -> Path:
    """A home under ``folder`` where, for each municipality slug of ``labels``, each
    ``(local name, language)`` has the given ``skos:prefLabel`` instead of its own, or each
    ``(local name, language, predicate IRI)`` the given value of that predicate (the local name
    is the slug itself for the municipality, e.g. ``goal-kf1`` for one of its goals)."""
    home = folder / "home"
    home.mkdir()
    for name in ("ontology", "shapes"):
        (home / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "data", home / "data")
    for slug, replacements in labels.items():
        path = home / "data" / "municipalities" / f"{slug}.ttl"
        graph = Graph().parse(path, format="turtle")
        for key, text in replacements.items():
            local, lang = key[0], key[1]
            predicate = URIRef(key[2]) if len(key) == 3 else SKOS_PREF
            subject = URIRef(f"{ID}{local}" if local == slug else f"{ID}{slug}/{local}")
            old = [
                o for o in graph.objects(subject, predicate) if getattr(o, "language", "") == lang
            ]
            if not old:
                raise ValueError(f"{subject} has no {predicate} in {lang}")
            for literal in old:
                graph.remove((subject, predicate, literal))
            graph.add((subject, predicate, Literal(text, lang=lang)))
        path.write_text(graph.serialize(format="turtle"), encoding="utf-8")
    return home
