"""The comparison of all municipalities over HTTP, its tables, and the start page's count of
municipalities with goal data."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from fastapi.testclient import TestClient

from goalgraph import resources
from goalgraph.store.load import municipality_files

SLUGS = [p.stem for p in municipality_files(resources.data_dir())]


def test_the_api_compares_all_and_exports_the_tables(client: TestClient) -> None:
    body = client.get("/comparison").json()
    assert [m["slug"] for m in body["municipalities"]] == SLUGS
    assert set(body["clusters"]) >= {"structures", "goals"}
    book = client.get("/comparison/tables")
    assert book.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(book.content)).sheetnames
    assert "current_metrics" in sheets
    csv = client.get("/comparison/tables", params={"as": "csv", "m": ["nora", "vaggeryd"]})
    names = zipfile.ZipFile(io.BytesIO(csv.content)).namelist()
    assert "metrics.csv" in names and "goal_clusters.csv" in names
    assert client.get("/comparison/tables", params={"m": "oslo"}).status_code == 404
    home = client.get("/", headers={"Accept": "text/html"}).text
    assert f"{len(SLUGS)} av Sveriges 290 kommuner har måldata" in home
