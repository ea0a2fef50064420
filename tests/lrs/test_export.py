"""GET /xapi/export: the research export holds only pseudonymous data (SQLite, PostgreSQL).

Statements are written through the real Statements resource with every kind of identifying
data xAPI allows (e-mail, names, openid, a username under Rebond's own URL, groups,
instructors, free-text answers, foreign extensions, attachments); the export must keep none
of it, while keeping what research needs and the students' Rebond pseudonyms.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from assistant.auth.pseudonyms import pseudonym
from assistant.db.models import Role, User
from tests.lrs.conftest import Lrs

ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
VOIDED = {"id": "http://adlnet.gov/expapi/verbs/voided"}
ITEM = {"objectType": "Activity", "id": "http://example.org/items/fractions/1"}
HEX64 = re.compile(r"^[0-9a-f]{64}$")
IDENTIFYING = {"mbox", "mbox_sha1sum", "openid", "name"}


def public_url(lrs: Lrs) -> str:
    return lrs.client.app.state.settings.public_url


def student_pseudonym(lrs: Lrs) -> str:
    """A real Rebond student row, as the tutor would have (its pseudonym is an HMAC)."""
    settings = lrs.client.app.state.settings
    with lrs.client.app.state.database.sessions() as db:
        user = User(
            username=f"eleve-{uuid.uuid4().hex[:8]}", display_name="Léa Martin",
            role=Role.student, password_hash="x", pseudonym=uuid.uuid4().hex,
        )  # fmt: skip
        db.add(user)
        db.flush()
        user.pseudonym = pseudonym(settings.pseudonym_secret, user.id)
        db.commit()
        return user.pseudonym


def post(lrs: Lrs, statements: list[dict]) -> list[str]:
    response = lrs.client.post(
        f"{lrs.url}/statements", json=statements, headers=lrs.headers("statements/write")
    )
    assert response.status_code == 200, response.text
    return response.json()


def export(lrs: Lrs, **params: str) -> list[dict]:
    response = lrs.client.get(f"{lrs.url}/export", params=params, headers=lrs.headers("all/read"))
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


def agents_in(value: object) -> Iterator[dict]:
    """Every agent or group object anywhere in a statement."""
    if isinstance(value, dict):
        if value.get("objectType") in ("Agent", "Group") or "account" in value:
            yield value
        for item in value.values():
            yield from agents_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from agents_in(item)


def keys_in(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)


def identifying_statements(lrs: Lrs, student: str) -> list[dict]:
    base = public_url(lrs)
    own = f"{base}/xapi/extensions/skill"
    foreign = "http://other.example.org/extensions/phone"
    mbox_agent = {"objectType": "Agent", "name": "Yanis Dupont", "mbox": "mailto:yanis@lycee.fr"}
    return [
        {
            "actor": mbox_agent,
            "verb": ANSWERED,
            "object": ITEM,
            "result": {"success": True, "response": "je suis Yanis, 06 12 34 56 78",
                       "extensions": {own: "fractions", foreign: "0612345678"}},
            "context": {
                "registration": str(uuid.uuid4()),
                "instructor": {"name": "Mme Durand", "mbox": "mailto:durand@lycee.fr"},
                "team": {"objectType": "Group", "name": "2nde B",
                         "member": [{"name": "Amina", "openid": "http://id.example.org/amina"}]},
                "extensions": {own: "fractions", foreign: "0612345678"},
            },
            "attachments": [{
                "usageType": "http://example.org/usage/voice", "display": {"fr-FR": "voix"},
                "contentType": "audio/ogg", "length": 10, "sha2": "ab" * 32,
                "fileUrl": "http://example.org/voice.ogg",
            }],
        },
        {"actor": {"objectType": "Agent", "account": {"homePage": base, "name": student}},
         "verb": ANSWERED, "object": ITEM, "result": {"success": False, "response": "3/5"}},
        # A username under Rebond's own URL that is not a pseudonym: must not pass through.
        {"actor": {"account": {"homePage": base, "name": "lea.martin"}, "name": "Léa"},
         "verb": ANSWERED, "object": {"objectType": "Agent", "mbox_sha1sum": "a" * 40}},
        {"actor": mbox_agent, "verb": ANSWERED,
         "object": {"objectType": "SubStatement", "actor": mbox_agent, "verb": ANSWERED,
                    "object": ITEM, "result": {"response": "Yanis"}}},
    ]  # fmt: skip


def test_export_contains_no_non_pseudonymous_actor(lrs: Lrs) -> None:
    student = student_pseudonym(lrs)
    ids = post(lrs, identifying_statements(lrs, student))
    lines = export(lrs)
    assert [line["id"] for line in lines] == ids
    base = public_url(lrs)
    for line in lines:
        agents = list(agents_in(line))
        assert agents
        for agent in agents:
            if "account" in agent:
                assert agent["account"]["homePage"] == base
                assert HEX64.match(agent["account"]["name"])
            else:  # an anonymous group: no identity of its own, only pseudonymous members
                assert agent["objectType"] == "Group" and agent["member"]
        assert not (IDENTIFYING - {"name"}) & set(keys_in(line))
        # `name` survives only as an account's pseudonym, never as a display name.
        assert all("name" not in agent for agent in agents)
        text = json.dumps(line, ensure_ascii=False)
        for secret in ("yanis", "Yanis", "durand", "Durand", "amina", "lea.martin", "0612345678",
                       "06 12 34 56 78", "2nde B", "voice.ogg"):  # fmt: skip
            assert secret not in text, (secret, text)


def test_export_keeps_student_pseudonyms_and_links_the_same_person(lrs: Lrs) -> None:
    student = student_pseudonym(lrs)
    post(lrs, identifying_statements(lrs, student))
    first, second, third, fourth = export(lrs)
    assert second["actor"]["account"]["name"] == student  # Rebond's HMAC of the user id
    # One person, one stable pseudonym: Yanis is the same in statements 1 and 4 and the
    # sub-statement, and differs from the account named "lea.martin".
    yanis = first["actor"]["account"]["name"]
    assert fourth["actor"]["account"]["name"] == yanis
    assert fourth["object"]["actor"]["account"]["name"] == yanis
    assert third["actor"]["account"]["name"] not in (yanis, student, "lea.martin")
    assert export(lrs)[0]["actor"]["account"]["name"] == yanis  # stable across exports


def test_export_keeps_what_research_needs_and_drops_free_text(lrs: Lrs) -> None:
    student = student_pseudonym(lrs)
    post(lrs, identifying_statements(lrs, student))
    first, second, *_ = export(lrs)
    own = f"{public_url(lrs)}/xapi/extensions/skill"
    assert first["result"] == {"success": True, "extensions": {own: "fractions"}}
    assert first["context"]["extensions"] == {own: "fractions"}
    assert first["context"]["registration"]
    assert first["verb"]["id"] == ANSWERED["id"]
    assert first["object"] == ITEM
    assert "attachments" not in first
    assert second["result"] == {"success": False}
    assert first["timestamp"] and first["stored"]


def test_export_leaves_out_voided_and_voiding_statements(lrs: Lrs) -> None:
    student = student_pseudonym(lrs)
    kept, voided = post(lrs, identifying_statements(lrs, student)[:2])
    post(lrs, [{"actor": {"mbox": "mailto:admin@lycee.fr"}, "verb": VOIDED,
                "object": {"objectType": "StatementRef", "id": voided}}])  # fmt: skip
    assert [line["id"] for line in export(lrs)] == [kept]


def test_export_filters_by_stored_since_exclusive_until_inclusive(lrs: Lrs) -> None:
    student = student_pseudonym(lrs)
    statement = identifying_statements(lrs, student)[1]
    (early,) = post(lrs, [statement])
    time.sleep(0.01)
    middle = datetime.now(timezone.utc)
    time.sleep(0.01)
    (late,) = post(lrs, [statement])
    assert [line["id"] for line in export(lrs, since=middle.isoformat())] == [late]
    assert [line["id"] for line in export(lrs, until=middle.isoformat())] == [early]
    stored = export(lrs)[1]["stored"]
    assert [line["id"] for line in export(lrs, since=middle.isoformat(), until=stored)] == [late]


def test_export_streams_across_pages_in_stored_order(lrs: Lrs) -> None:
    """More statements than one page (500): every one comes out once, oldest first."""
    student = student_pseudonym(lrs)
    statement = identifying_statements(lrs, student)[1]
    ids = post(lrs, [statement] * 320) + post(lrs, [statement] * 320)
    assert [line["id"] for line in export(lrs)] == ids


@pytest.mark.parametrize("scope", ["statements/read", "state", "statements/write"])
def test_export_needs_unrestricted_read_access(lrs: Lrs, scope: str) -> None:
    response = lrs.client.get(f"{lrs.url}/export", headers=lrs.headers(scope))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params",
    [{"since": "yesterday"}, {"until": "2026-13-01T00:00:00Z"}, {"from": "2026-01-01T00:00:00Z"},
     {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}],
)  # fmt: skip
def test_export_with_a_bad_range_is_400(lrs: Lrs, params: dict) -> None:
    response = lrs.client.get(f"{lrs.url}/export", params=params, headers=lrs.headers("all"))
    assert response.status_code == 400
    assert response.json()["error"]["message_fr"]
