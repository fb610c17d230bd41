"""What the tests that write municipality graphs through a real server share: the IRIs, the
municipalities of data/ and the reference graphs, the media types of a write, and every graph
as the service exports it."""

from __future__ import annotations

import httpx

from goalgraph import resources
from goalgraph.store.load import municipality_files

ID = "https://w3id.org/goalgraph/id/"
GG = "https://w3id.org/goalgraph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LABEL = f"{SKOS}prefLabel"

#: The municipalities of data/ (Nora and Vaggeryd among them) and the reference graphs.
DATA_SLUGS = [p.stem for p in municipality_files(resources.data_dir())]
GRAPHS = (*DATA_SLUGS, "sdg", "ontology")
NT = {"Content-Type": "application/n-triples"}
UPDATE = {"Content-Type": "application/sparql-update"}
JSON = {"Accept": "application/json"}
#: A write validates the whole store: on a loaded machine that may take longer than 5 s.
CLIENT = httpx.Client(timeout=60.0)


def exports(base: str) -> dict[str, bytes]:
    """Every graph of the store as N-Triples, as the service serves it, its lines sorted (the
    order of the statements is not the data: it changes when reads move from the store on disk
    to its copy in memory)."""
    out = {}
    for slug in GRAPHS:
        response = CLIENT.get(f"{base}/graph/{slug}", headers={"Accept": "application/n-triples"})
        assert response.status_code == 200, response.text
        out[slug] = b"".join(sorted(response.content.splitlines(keepends=True)))
    return out
