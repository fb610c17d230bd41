"""The OpenAPI description, exercised by schemathesis in-process (bounded examples)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from api.app import create_app
from api.settings import Settings
from goalgraph.store.oxigraph import OxigraphStore

EXAMPLES = 12
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _text_body(_ctx: object, value: object) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")


@pytest.fixture(scope="module")
def api_schema(store: OxigraphStore) -> Iterator[schemathesis.BaseSchema]:
    """The app's schema, with the app started (lifespan) over the session store."""
    app = create_app(
        store=store, settings=Settings(write_token="schemathesis", warm_up=False, query_timeout=2.0)
    )
    schemathesis.serializer("application/sparql-update")(_text_body)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_api_conforms_to_its_openapi_description(api_schema: schemathesis.BaseSchema) -> None:
    """Every operation, a bounded number of generated requests each: no 5xx, and status
    codes, media types, headers and JSON bodies as documented."""
    failures: list[str] = []
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert operations >= 14
    assert not failures, "\n\n".join(failures)
