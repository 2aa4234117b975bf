"""Property-based tests of the API against its own OpenAPI document (schemathesis): whatever the parameters and
bodies, no 500, and every response (errors included) has the documented status, content type and schema.

Bounded: EXAMPLES generated cases per operation (about 12 operations), valid ones and invalid ones (which must
be refused with a 4xx). POST /api/articles runs spaCy and is
tested in test_api_reviews.py instead."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from dashboard_records import AUTH, TOKEN, fill
from kharita.api import create_app

EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 8}  # per operation


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> schemathesis.BaseSchema:
    path = tmp_path_factory.mktemp("schema") / "kharita.db"
    fill(f"sqlite:///{path}")
    app: FastAPI = create_app(f"sqlite:///{path}", token=TOKEN, tile_url=None)
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/articles")


def test_api_conforms_to_its_schema(api_schema: schemathesis.BaseSchema) -> None:
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 11
    for operation, mode in product(operations, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)):
        if mode == GenerationMode.NEGATIVE and not (any(operation.iter_parameters()) or operation.body):
            continue  # nothing to send wrong
        try:
            _check(operation, mode)
        except Unsatisfiable:  # no invalid value can be sent (path parameters are filtered to valid URLs)
            assert mode == GenerationMode.NEGATIVE, operation.label
        except (AssertionError, ExceptionGroup) as error:  # schemathesis failed: report every operation
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)


def _check(operation: schemathesis.APIOperation, mode: GenerationMode) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=AUTH)

    call()


def test_schema_lists_every_endpoint(api_schema: schemathesis.BaseSchema, tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'k.db'}")
    paths = set(app.openapi()["paths"])
    assert {"/api/events", "/api/events/{incident_id}", "/api/reports", "/api/events.csv", "/api/events.geojson",
            "/api/actors", "/api/places", "/api/stats/timeseries", "/api/articles", "/api/config"} <= paths
