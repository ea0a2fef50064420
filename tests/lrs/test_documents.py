"""xAPI 1.0.3 document resources: one test per MUST of Communication 2.2 (all three resources),
2.3 (State), 2.6 (Agent Profile), 2.7 (Activity Profile), 3.1 (Concurrency, ETags) and 1.1
(HEAD). Test names carry the spec's section so a reader can map them back.

Every test runs on SQLite and PostgreSQL (the `lrs` fixture); the `docs` fixture runs the
rules shared by the three resources once per resource.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import httpx
import pytest

from tests.lrs.conftest import Lrs

AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
OTHER_AGENT = {"objectType": "Agent", "account": {"homePage": "http://x.org", "name": "other"}}
ACTIVITY = "http://example.org/xapi/activities/fractions"
JSON = "application/json"

# path, the parameters naming the set of documents, the parameter naming one document
RESOURCES = {
    "state": ("/activities/state", {"activityId": ACTIVITY, "agent": json.dumps(AGENT)}, "stateId"),
    "activity_profile": ("/activities/profile", {"activityId": ACTIVITY}, "profileId"),
    "agent_profile": ("/agents/profile", {"agent": json.dumps(AGENT)}, "profileId"),
}


@dataclass
class Documents:
    """A client of one document resource, as a Learning Record Provider uses it."""

    lrs: Lrs
    path: str
    context: dict
    id_param: str
    auth: dict = field(default_factory=dict)

    @classmethod
    def of(cls, lrs: Lrs, resource: str, *scopes: str) -> Documents:
        path, context, id_param = RESOURCES[resource]
        return cls(lrs, lrs.url + path, dict(context), id_param, lrs.headers(*scopes or ("all",)))

    def params(self, doc_id: str | None, **extra: str) -> dict:
        params = {**self.context, **extra}
        if doc_id is not None:
            params[self.id_param] = doc_id
        return params

    def send(
        self,
        method: str,
        doc_id: str | None,
        content: bytes | None = None,
        content_type: str | None = None,
        headers: dict | None = None,
        **params: str,
    ) -> httpx.Response:
        all_headers = {**self.auth, **(headers or {})}
        if content_type:
            all_headers["Content-Type"] = content_type
        return self.lrs.client.request(
            method, self.path, params=self.params(doc_id, **params), content=content,
            headers=all_headers,
        )  # fmt: skip

    def put(self, doc_id: str, value: object, headers: dict | None = None, **params: str):
        return self.send("PUT", doc_id, json.dumps(value).encode(), JSON, headers, **params)

    def post(self, doc_id: str, value: object, headers: dict | None = None, **params: str):
        return self.send("POST", doc_id, json.dumps(value).encode(), JSON, headers, **params)

    def get(self, doc_id: str | None = None, **params: str) -> httpx.Response:
        return self.send("GET", doc_id, **params)

    def delete(self, doc_id: str | None = None, headers: dict | None = None, **params: str):
        return self.send("DELETE", doc_id, headers=headers, **params)

    def create(self, doc_id: str, value: object) -> str:
        """Store a new document (If-None-Match: * satisfies the profiles' rule) → its ETag."""
        response = self.put(doc_id, value, headers={"If-None-Match": "*"})
        assert response.status_code == 204, response.text
        return self.get(doc_id).headers["ETag"]


@pytest.fixture(params=list(RESOURCES))
def docs(request: pytest.FixtureRequest, lrs: Lrs) -> Documents:
    """Each document resource in turn, with a client holding `all`."""
    return Documents.of(lrs, request.param)


def sha1_etag(content: bytes) -> str:
    return '"' + hashlib.sha1(content).hexdigest() + '"'


# --- Communication 2.2: Document resources --------------------------------------------------


def test_2_2_s3_endpoints_accept_put_then_get_returns_the_document(docs: Documents) -> None:
    assert docs.put("doc", {"x": 1}, headers={"If-None-Match": "*"}).status_code == 204
    response = docs.get("doc")
    assert response.status_code == 200
    assert response.json() == {"x": 1}


def test_2_2_s4_b2_documents_for_unknown_activity_or_agent_are_accepted(docs: Documents) -> None:
    """The LRS has never seen this Activity nor this agent in a statement."""
    docs.context = {
        key: (f"http://example.org/new/{uuid.uuid4()}" if key == "activityId" else value)
        for key, value in docs.context.items()
    }
    assert docs.post("doc", {"x": 1}).status_code == 204
    assert docs.get("doc").json() == {"x": 1}


def test_1_5_b1_any_content_type_is_stored_and_returned_as_sent(docs: Documents) -> None:
    content = bytes(range(256))
    response = docs.send("PUT", "blob", content, "image/png", {"If-None-Match": "*"})
    assert response.status_code == 204
    stored = docs.get("blob")
    assert stored.content == content
    assert stored.headers["Content-Type"] == "image/png"


def test_2_2_s7_post_of_a_new_document_stores_it_like_put(docs: Documents) -> None:
    assert docs.post("fresh", {"car": "MKX"}).status_code == 204
    assert docs.get("fresh").json() == {"car": "MKX"}


def test_2_2_s7_post_of_a_non_object_new_document_is_stored(docs: Documents) -> None:
    """Merge rules apply only when a document exists: a new one can be any JSON."""
    assert docs.send("POST", "one", b"1", JSON).status_code == 204
    assert docs.get("one").json() == 1


def test_2_2_s7_b1_b3_post_merges_top_level_properties(docs: Documents) -> None:
    docs.post("merge", {"x": "foo", "y": "bar", "car": {"make": "Ford", "model": "Escape"}})
    response = docs.post("merge", {"x": "bash", "z": "faz", "car": {"make": "Dodge"}})
    assert response.status_code == 204  # 2.2.s8.b2
    # Only top-level properties merge: `car` is replaced whole, not merged.
    assert docs.get("merge").json() == {
        "x": "bash",
        "y": "bar",
        "z": "faz",
        "car": {"make": "Dodge"},
    }


def test_2_2_s8_b1_post_non_json_onto_json_is_400_and_changes_nothing(docs: Documents) -> None:
    docs.post("kept", {"x": 1})
    etag = docs.get("kept").headers["ETag"]
    assert docs.send("POST", "kept", b"abc", "text/plain").status_code == 400
    assert docs.get("kept").headers["ETag"] == etag


def test_2_2_s8_b1_post_json_onto_a_non_json_document_is_400(docs: Documents) -> None:
    docs.send("PUT", "text", b"plain words", "text/plain", {"If-None-Match": "*"})
    assert docs.post("text", {"x": 1}).status_code == 400
    assert docs.get("text").content == b"plain words"


def test_2_2_s8_b1_post_of_a_json_array_onto_an_object_is_400(docs: Documents) -> None:
    docs.post("obj", {"x": 1})
    response = docs.post("obj", [1, 2])
    assert response.status_code == 400
    assert "JSON object" in response.json()["error"]["message_en"]
    assert docs.get("obj").json() == {"x": 1}


def test_2_2_s8_b1_post_onto_a_stored_json_array_is_400(docs: Documents) -> None:
    docs.send("PUT", "array", b"[1]", JSON, {"If-None-Match": "*"})
    assert docs.post("array", {"x": 1}).status_code == 400
    assert docs.get("array").json() == [1]


def test_2_2_s6_single_document_get_has_last_modified(docs: Documents) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    docs.post("dated", {"x": 1})
    modified = parsedate_to_datetime(docs.get("dated").headers["Last-Modified"])
    assert before <= modified <= datetime.now(timezone.utc)


def test_document_get_of_a_missing_document_is_404(docs: Documents) -> None:
    response = docs.get("never-stored")
    assert response.status_code == 404
    assert response.json()["error"]["message_fr"]


def test_document_delete_removes_the_document(docs: Documents) -> None:
    etag = docs.create("gone", {"x": 1})
    assert docs.delete("gone", headers={"If-Match": etag}).status_code == 204
    assert docs.get("gone").status_code == 404


def test_document_delete_of_a_missing_document_is_404(docs: Documents) -> None:
    assert docs.delete("never-stored").status_code == 404


# --- Multiple document GET (2.3.s4, 2.6.s4, 2.7.s4) ----------------------------------------


def test_multiple_document_get_returns_the_array_of_ids(docs: Documents) -> None:
    for doc_id in ("a", "b", "c"):
        docs.post(doc_id, {"id": doc_id})
    response = docs.get()
    assert response.status_code == 200
    assert sorted(response.json()) == ["a", "b", "c"]
    assert response.headers["ETag"] == sha1_etag(response.content)  # 3.1.s4.b1
    assert "Last-Modified" in response.headers  # 2.2.s6.b2


def test_multiple_document_get_since_is_exclusive_and_filters(docs: Documents) -> None:
    docs.post("old", {"x": 1})
    time.sleep(0.01)
    since = datetime.now(timezone.utc)
    time.sleep(0.01)
    docs.post("new", {"x": 2})
    assert docs.get(since=since.isoformat()).json() == ["new"]
    latest = docs.get().headers["Last-Modified"]
    assert docs.get(since=(since + timedelta(days=1)).isoformat()).json() == []
    assert parsedate_to_datetime(latest) >= since.replace(microsecond=0)


def test_multiple_document_get_of_an_empty_set_is_an_empty_array(docs: Documents) -> None:
    response = docs.get()
    assert response.status_code == 200
    assert response.json() == []


def test_multiple_document_get_lists_only_its_own_scope(docs: Documents) -> None:
    docs.post("mine", {"x": 1})
    other = Documents(docs.lrs, docs.path, dict(docs.context), docs.id_param, docs.auth)
    if "agent" in other.context:
        other.context["agent"] = json.dumps(OTHER_AGENT)
    else:
        other.context["activityId"] = ACTIVITY + "/other"
    other.post("theirs", {"x": 2})
    assert docs.get().json() == ["mine"]
    assert other.get().json() == ["theirs"]


# --- Communication 3.1: Concurrency (ETags) ------------------------------------------------


def test_3_1_s4_b1_b4_get_etag_is_the_quoted_sha1_hex_of_the_content(docs: Documents) -> None:
    content = b'{"a": "\xc3\xa9t\xc3\xa9"}'
    docs.send("PUT", "hashed", content, JSON, {"If-None-Match": "*"})
    etag = docs.get("hashed").headers["ETag"]
    assert etag == sha1_etag(content)
    assert etag == etag.lower()


def test_3_1_s4_b5_put_with_a_matching_if_match_replaces(docs: Documents) -> None:
    etag = docs.create("doc", {"v": 1})
    assert docs.put("doc", {"v": 2}, headers={"If-Match": etag}).status_code == 204
    assert docs.get("doc").json() == {"v": 2}


def test_3_1_s4_b5_b9_b10_put_with_a_stale_if_match_is_412_and_changes_nothing(
    docs: Documents,
) -> None:
    stale = docs.create("doc", {"v": 1})
    docs.put("doc", {"v": 2}, headers={"If-Match": stale})
    response = docs.put("doc", {"v": 3}, headers={"If-Match": stale})
    assert response.status_code == 412
    assert docs.get("doc").json() == {"v": 2}


def test_3_1_s4_b5_put_with_if_match_on_a_missing_document_is_412(docs: Documents) -> None:
    response = docs.put("absent", {"v": 1}, headers={"If-Match": sha1_etag(b"x")})
    assert response.status_code == 412
    assert docs.get("absent").status_code == 404


def test_3_1_s4_b6_b9_put_with_if_none_match_star_on_an_existing_document_is_412(
    docs: Documents,
) -> None:
    docs.create("doc", {"v": 1})
    assert docs.put("doc", {"v": 2}, headers={"If-None-Match": "*"}).status_code == 412
    assert docs.get("doc").json() == {"v": 1}


def test_3_1_s4_b7_post_with_a_stale_if_match_is_412(docs: Documents) -> None:
    stale = docs.create("doc", {"v": 1})
    docs.put("doc", {"v": 2}, headers={"If-Match": stale})
    assert docs.post("doc", {"w": 1}, headers={"If-Match": stale}).status_code == 412
    assert docs.get("doc").json() == {"v": 2}


def test_3_1_s4_b8_post_with_if_none_match_star_on_an_existing_document_is_412(
    docs: Documents,
) -> None:
    docs.create("doc", {"v": 1})
    assert docs.post("doc", {"w": 1}, headers={"If-None-Match": "*"}).status_code == 412


def test_3_1_s4_b7_delete_with_a_stale_if_match_is_412_and_keeps_it(docs: Documents) -> None:
    stale = docs.create("doc", {"v": 1})
    docs.put("doc", {"v": 2}, headers={"If-Match": stale})
    assert docs.delete("doc", headers={"If-Match": stale}).status_code == 412
    assert docs.get("doc").json() == {"v": 2}


# --- Communication 1.1: HEAD ---------------------------------------------------------------


def test_1_1_s3_b1_head_answers_like_get_without_a_body(docs: Documents) -> None:
    docs.post("doc", {"x": 1})
    get = docs.get("doc")
    head = docs.send("HEAD", "doc")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Last-Modified"] == get.headers["Last-Modified"]
    assert docs.send("HEAD", "missing").status_code == 404


# --- Communication 2.3: State resource -----------------------------------------------------


@pytest.fixture
def state(lrs: Lrs) -> Documents:
    return Documents.of(lrs, "state", "state")


def test_2_3_state_put_without_concurrency_headers_overwrites(state: Documents) -> None:
    """3.1.s3: the State resource permits PUT without If-Match / If-None-Match."""
    assert state.put("s", {"v": 1}).status_code == 204
    assert state.put("s", {"v": 2}).status_code == 204
    assert state.get("s").json() == {"v": 2}


def test_2_3_s3_registration_keeps_separate_documents(state: Documents) -> None:
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    state.put("s", {"r": 1}, registration=one)
    state.put("s", {"r": 2}, registration=two)
    state.put("s", {"r": 0})
    assert state.get("s", registration=one).json() == {"r": 1}
    assert state.get("s", registration=two).json() == {"r": 2}
    assert state.get("s").json() == {"r": 0}
    assert state.get(registration=one).json() == ["s"]


def test_2_3_s3_registration_compares_as_a_uuid(state: Documents) -> None:
    registration = str(uuid.uuid4())
    state.put("s", {"r": 1}, registration=registration.upper())
    assert state.get("s", registration=registration).json() == {"r": 1}


def test_2_3_s3_agent_is_matched_by_its_identifier_not_its_name(state: Documents) -> None:
    state.put("s", {"v": 1})
    state.context["agent"] = json.dumps({**AGENT, "name": "Another display name"})
    assert state.get("s").json() == {"v": 1}


def test_2_3_s5_delete_without_state_id_deletes_all_states_of_the_context(
    state: Documents,
) -> None:
    registration = str(uuid.uuid4())
    state.put("a", {"x": 1})
    state.put("b", {"x": 2}, registration=registration)
    elsewhere = Documents(state.lrs, state.path, dict(state.context), "stateId", state.auth)
    elsewhere.context["activityId"] = ACTIVITY + "/elsewhere"
    elsewhere.put("kept", {"x": 3})
    assert state.delete().status_code == 204
    assert state.get().json() == []
    assert state.get("b", registration=registration).status_code == 404
    assert elsewhere.get("kept").json() == {"x": 3}


def test_2_3_s5_delete_without_state_id_but_with_registration_deletes_only_it(
    state: Documents,
) -> None:
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    state.put("s", {"r": 1}, registration=one)
    state.put("s", {"r": 2}, registration=two)
    assert state.delete(registration=one).status_code == 204
    assert state.get("s", registration=one).status_code == 404
    assert state.get("s", registration=two).json() == {"r": 2}


def test_2_3_s4_state_get_with_state_id_ignores_since(state: Documents) -> None:
    """Conformance note: `since` only filters the list; a named document is returned."""
    state.post("s", {"v": 1})
    future = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    assert state.get("s", since=future).json() == {"v": 1}


# --- Communication 2.6 / 2.7 and 3.1.s4.b13-b15: profiles ----------------------------------


@pytest.fixture(params=["activity_profile", "agent_profile"])
def profile(request: pytest.FixtureRequest, lrs: Lrs) -> Documents:
    return Documents.of(lrs, request.param, "profile")


def test_3_1_s4_b13_b15_put_on_an_existing_profile_without_headers_is_409(
    profile: Documents,
) -> None:
    profile.create("p", {"v": 1})
    response = profile.put("p", {"v": 2})
    assert response.status_code == 409
    # 3.1.s4.b14: the message tells the provider to check the state and send If-Match.
    assert "If-Match" in response.json()["error"]["message_en"]
    assert profile.get("p").json() == {"v": 1}


def test_2_6_2_7_put_of_a_new_profile_without_headers_is_accepted(profile: Documents) -> None:
    """The 409 rule is for a resource that already exists."""
    assert profile.put("new", {"v": 1}).status_code == 204
    assert profile.get("new").json() == {"v": 1}


def test_2_6_2_7_profile_delete_needs_a_profile_id(profile: Documents) -> None:
    profile.post("p", {"v": 1})
    assert profile.delete().status_code == 400
    assert profile.get("p").json() == {"v": 1}


def test_2_6_note_agent_profile_refuses_a_group_as_agent(lrs: Lrs) -> None:
    agent_profile = Documents.of(lrs, "agent_profile", "profile")
    group = {"objectType": "Group", "mbox": "mailto:class@example.org"}
    agent_profile.context["agent"] = json.dumps(group)
    response = agent_profile.post("p", {"v": 1})
    assert response.status_code == 400
    assert "Group" in response.json()["error"]["message_en"]
