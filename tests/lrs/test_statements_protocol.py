"""The protocol rules every /xapi request follows (xAPI 1.0.3 Communication §1.3, §3.3):
the version header both ways, and the alternate request syntax."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from tests.lrs.conftest import XAPI_VERSION, statement


def without_version(headers: dict) -> dict:
    return {k: v for k, v in headers.items() if k != "X-Experience-API-Version"}


def test_request_without_version_header_is_400(lrs):
    headers = without_version(lrs.headers())
    response = lrs.client.get(f"{lrs.url}/statements", headers=headers)
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response.json()["error"]["message_en"]
    assert response.headers["X-Experience-API-Version"] == XAPI_VERSION


def test_every_xapi_resource_requires_the_version_header(lrs):
    headers = without_version(lrs.headers())
    for path in ("/statements", "/activities/state", "/activities/profile", "/agents"):
        response = lrs.client.get(f"{lrs.url}{path}", headers=headers)
        assert response.status_code == 400, path


def test_unsupported_version_header_is_400(lrs):
    headers = {**lrs.headers(), "X-Experience-API-Version": "0.95"}
    response = lrs.client.post(f"{lrs.url}/statements", json=statement(), headers=headers)
    assert response.status_code == 400
    assert "0.95" in response.json()["error"]["message_en"]


def test_older_1_0_version_header_is_accepted(lrs):
    headers = {**lrs.headers(), "X-Experience-API-Version": "1.0.0"}
    assert lrs.client.get(f"{lrs.url}/statements", headers=headers).status_code == 200


def test_every_response_carries_the_version_header_errors_included(lrs):
    headers = lrs.headers()
    responses = [
        lrs.client.get(f"{lrs.url}/statements", headers=headers),
        lrs.client.get(
            f"{lrs.url}/statements", params={"statementId": str(uuid.uuid4())}, headers=headers
        ),
        lrs.client.get(f"{lrs.url}/statements", params={"bogus": "1"}, headers=headers),
        lrs.client.get(f"{lrs.url}/statements", headers=without_version(headers)),
        lrs.client.get(f"{lrs.url}/statements", headers={"X-Experience-API-Version": XAPI_VERSION}),
    ]
    assert [r.status_code for r in responses] == [200, 404, 400, 400, 401]
    assert all(r.headers["X-Experience-API-Version"] == XAPI_VERSION for r in responses)


# ---- alternate request syntax ---------------------------------------------------------


def alternate(lrs, method: str, form: dict, extra_query: str = ""):
    return lrs.client.post(
        f"{lrs.url}/statements?method={method}{extra_query}",
        content=urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


def test_alternate_syntax_put_stores_a_statement(lrs):
    headers = lrs.headers("all")
    statement_id = str(uuid.uuid4())
    form = {
        "statementId": statement_id,
        "Authorization": headers["Authorization"],
        "X-Experience-API-Version": XAPI_VERSION,
        "Content-Type": "application/json",
        "content": json.dumps(statement()),
    }
    assert alternate(lrs, "PUT", form).status_code == 204
    fetched = lrs.client.get(
        f"{lrs.url}/statements", params={"statementId": statement_id}, headers=headers
    )
    assert fetched.status_code == 200


def test_alternate_syntax_get_queries_with_form_parameters(lrs):
    headers = lrs.headers("all")
    (statement_id,) = lrs.client.post(
        f"{lrs.url}/statements", json=statement(), headers=headers
    ).json()
    form = {
        "statementId": statement_id,
        "Authorization": headers["Authorization"],
        "X-Experience-API-Version": XAPI_VERSION,
    }
    response = alternate(lrs, "GET", form)
    assert response.status_code == 200 and response.json()["id"] == statement_id


def test_alternate_syntax_with_other_query_parameters_is_400(lrs):
    headers = lrs.headers("all")
    form = {"Authorization": headers["Authorization"], "X-Experience-API-Version": XAPI_VERSION}
    response = alternate(lrs, "GET", form, extra_query="&limit=1")
    assert response.status_code == 400
    assert "method" in response.json()["error"]["message_en"]


def test_alternate_syntax_needs_a_form_body(lrs):
    headers = lrs.headers("all")
    response = lrs.client.post(f"{lrs.url}/statements?method=GET", json={"a": 1}, headers=headers)
    assert response.status_code == 400
    assert "x-www-form-urlencoded" in response.json()["error"]["message_en"]
