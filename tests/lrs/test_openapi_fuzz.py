"""Schemathesis against the OpenAPI of every /xapi route of the real service: no 5xx, ever.

An LRS is read and written by tools we do not control; a malformed request must get a 4xx
that says what is wrong, never a server error (a 500 is also how an unhandled case hides a
crash or a half-done write). Schemathesis generates requests from the published schema, both
valid ones and ones that break it (negative mode), and sends them over HTTP to the service
running under uvicorn, on SQLite and on a real PostgreSQL server.

Bounded for CI: a fixed number of examples per operation, generated deterministically so a
failure reproduces and the run time stays the same from one run to the next.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.lrs.postgres import BACKENDS, LrsService, backend_url, create_lrs_client, lrs_settings

EXAMPLES_PER_OPERATION = 40
HEADERS = {"X-Experience-API-Version": "1.0.3"}


@pytest.fixture(scope="module", params=BACKENDS)
def fuzzed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LrsService, dict[str, str]]]:
    """The service, started once per backend, and the headers of a client holding `all`
    (so requests get past authentication into validation and storage)."""
    with backend_url(request, request.param) as url:
        service = LrsService(lrs_settings(tmp_path_factory.mktemp("fuzz"), url))
        key, secret = create_lrs_client(service.settings, ["all"])
        basic = base64.b64encode(f"{key}:{secret}".encode()).decode()
        with service:
            yield service, {"Authorization": f"Basic {basic}"}


@pytest.fixture
def xapi_schema(fuzzed: tuple[LrsService, dict[str, str]]) -> schemathesis.BaseSchema:
    """The service's own OpenAPI document, restricted to the LRS."""
    service, _ = fuzzed
    return schemathesis.openapi.from_url(f"{service.url}/openapi.json").include(
        path_regex=r"^/xapi(/|$)"
    )


def test_no_server_error(
    xapi_schema: schemathesis.BaseSchema,
    fuzzed: tuple[LrsService, dict[str, str]],
    subtests: pytest.Subtests,
) -> None:
    """Each operation is a subtest, so one failing operation does not hide the others.
    (Schemathesis' own pytest plugin does not work with pytest 9: it writes `_nodeid`.)"""
    service, auth = fuzzed
    for result in xapi_schema.get_all_operations():
        operation = result.ok()
        strategy = st.one_of(operation.as_strategy(mode) for mode in GenerationMode)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            headers = dict(auth)
            # The version header is required: send it unless this case is fuzzing it.
            if not any(name.lower() == "x-experience-api-version" for name in case.headers or {}):
                headers |= HEADERS
            case.call_and_validate(
                base_url=service.url, headers=headers, checks=[not_a_server_error], timeout=30
            )

        with subtests.test(msg=operation.label):
            no_server_error()


def test_the_schema_describes_the_lrs(fuzzed: tuple[LrsService, dict[str, str]]) -> None:
    """The fuzzing above is only worth something if the schema lists the LRS's resources and
    their parameters: with none, schemathesis can only send the same bare request."""
    service, _ = fuzzed
    paths = httpx.get(f"{service.url}/openapi.json").json()["paths"]
    for resource in ("/xapi/statements", "/xapi/about", "/xapi/activities/state"):
        assert resource in paths, f"{resource} missing from the OpenAPI"
    declared = {p["name"] for p in paths["/xapi/statements"]["get"].get("parameters", [])}
    assert {"agent", "verb", "since", "limit", "X-Experience-API-Version"} <= declared
    assert "requestBody" in paths["/xapi/statements"]["post"]
    assert "requestBody" in paths["/xapi/activities/state"]["put"]
