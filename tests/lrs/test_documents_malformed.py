"""Malformed requests to the document resources: always 400 (or 401/403) with a JSON body in
French and English, never 500 — and never a change to what is stored.

Covers the parameter tables of Communication 2.3.s3-s5, 2.6.s3-s4, 2.7.s3-s4 (required,
format), 3.2.s3.b7-b8 (unknown parameters, wrong case), 3.2.s3.b6 (content type that does not
match the content) and the scopes of 4.2 (`state`, `profile`, `all`, `all/read`).
"""

from __future__ import annotations

import json

import pytest

from tests.lrs.conftest import Lrs
from tests.lrs.test_documents import ACTIVITY, AGENT, JSON, Documents


def assert_400(response) -> None:  # noqa: ANN001 - an httpx.Response
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["message_fr"] and error["message_en"]


@pytest.mark.parametrize("missing", ["activityId", "agent", "stateId"])
@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_2_3_s3_state_write_without_a_required_parameter_is_400(
    lrs: Lrs, method: str, missing: str
) -> None:
    state = Documents.of(lrs, "state", "state")
    params = state.params("s")
    del params[missing]
    response = lrs.client.request(
        method, state.path, params=params, content=b"{}",
        headers={**state.auth, "Content-Type": JSON},
    )  # fmt: skip
    assert_400(response)
    assert missing in response.json()["error"]["message_en"]


@pytest.mark.parametrize("missing", ["activityId", "agent"])
@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_2_3_s4_s5_state_read_or_delete_without_activity_or_agent_is_400(
    lrs: Lrs, method: str, missing: str
) -> None:
    state = Documents.of(lrs, "state", "state")
    params = state.params(None)
    del params[missing]
    assert_400(lrs.client.request(method, state.path, params=params, headers=state.auth))


@pytest.mark.parametrize(
    ("resource", "missing"),
    [("activity_profile", "activityId"), ("activity_profile", "profileId"),
     ("agent_profile", "agent"), ("agent_profile", "profileId")],
)  # fmt: skip
def test_2_6_s3_2_7_s3_profile_put_without_a_required_parameter_is_400(
    lrs: Lrs, resource: str, missing: str
) -> None:
    profile = Documents.of(lrs, resource, "profile")
    params = profile.params("p")
    del params[missing]
    response = lrs.client.put(
        profile.path, params=params, content=b"{}",
        headers={**profile.auth, "Content-Type": JSON, "If-None-Match": "*"},
    )  # fmt: skip
    assert_400(response)


@pytest.mark.parametrize("agent", ["not JSON", "1", "true", '{"name": "no identifier"}',
                                   '{"mbox": "a@example.org"}', "[]"])  # fmt: skip
def test_2_3_s3_agent_that_is_not_a_json_agent_is_400(lrs: Lrs, agent: str) -> None:
    state = Documents.of(lrs, "state", "state")
    state.context["agent"] = agent
    assert_400(state.put("s", {"x": 1}))
    assert_400(state.get())


@pytest.mark.parametrize("activity_id", ["1", "true", "undefined", "not an iri", "http://a b"])
def test_2_3_s3_2_7_s3_activity_id_that_is_not_an_iri_is_400(lrs: Lrs, activity_id: str) -> None:
    for resource in ("state", "activity_profile"):
        docs = Documents.of(lrs, resource)
        docs.context["activityId"] = activity_id
        assert_400(docs.post("d", {"x": 1}))


@pytest.mark.parametrize("registration", ["1", "true", "not UUID", "1234-5678"])
def test_2_3_s3_registration_that_is_not_a_uuid_is_400(lrs: Lrs, registration: str) -> None:
    state = Documents.of(lrs, "state", "state")
    for method in ("PUT", "POST", "GET", "DELETE"):
        body = b"{}" if method in ("PUT", "POST") else None
        assert_400(state.send(method, "s", body, JSON, registration=registration))


def test_2_3_s4_since_that_is_not_a_timestamp_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.get(since="not a timestamp"))


def test_3_2_s3_b7_unknown_parameter_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.get("s", colour="blue"))
    # `registration` belongs to the State resource only, `since` only to GET.
    profile = Documents.of(lrs, "activity_profile", "profile")
    assert_400(profile.get("p", registration="f7c5c6b2-35d4-4a5d-9c2b-6f0b3b1f7e6a"))
    assert_400(state.send("PUT", "s", b"{}", JSON, since="2026-01-01T00:00:00Z"))


def test_3_2_s3_b8_parameter_in_the_wrong_case_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    params = {"activityid": ACTIVITY, "agent": json.dumps(AGENT), "stateId": "s"}
    assert_400(lrs.client.get(state.path, params=params, headers=state.auth))


def test_3_2_s3_b6_json_content_type_with_invalid_json_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.send("PUT", "s", b"{not json", JSON))
    assert state.get("s").status_code == 404


def test_empty_document_id_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.put("", {"x": 1}))


# --- Authorization: scopes (4.2) -----------------------------------------------------------


def test_4_2_state_needs_the_state_scope(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "profile")
    response = state.put("s", {"x": 1})
    assert response.status_code == 403
    assert response.json()["error"]["message_fr"]


def test_4_2_profiles_need_the_profile_scope(lrs: Lrs) -> None:
    for resource in ("activity_profile", "agent_profile"):
        assert Documents.of(lrs, resource, "state").post("p", {"x": 1}).status_code == 403


def test_4_2_all_read_reads_documents_but_cannot_write(lrs: Lrs) -> None:
    Documents.of(lrs, "state", "all").put("s", {"x": 1})
    reader = Documents.of(lrs, "state", "all/read")
    assert reader.get("s").json() == {"x": 1}
    assert reader.put("s", {"x": 2}).status_code == 403
    assert reader.delete("s").status_code == 403


def test_4_0_documents_without_credentials_are_401(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    state.auth = {"X-Experience-API-Version": "1.0.3"}
    assert state.get().status_code == 401


def test_nul_character_in_a_parameter_is_400_not_a_database_error(lrs: Lrs) -> None:
    """PostgreSQL refuses NUL in text: it must be refused as bad input before it gets there."""
    state = Documents.of(lrs, "state", "state")
    assert_400(state.put("a\x00b", {"x": 1}))
    state.context["agent"] = json.dumps({"account": {"homePage": "http://x.org", "name": "a\x00"}})
    assert_400(state.get())


def test_content_type_longer_than_stored_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.send("PUT", "s", b"x", "text/plain; x=" + "y" * 300))


def test_since_without_a_utc_equivalent_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    assert_400(state.get(since="0001-01-01T00:00:00+01:00"))


def test_json_nested_too_deep_is_400(lrs: Lrs) -> None:
    state = Documents.of(lrs, "state", "state")
    deep = b"[" * 5000 + b"]" * 5000
    assert_400(state.send("PUT", "s", deep, JSON))
    state.context["agent"] = deep.decode()
    assert_400(state.get())
