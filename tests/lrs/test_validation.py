"""Statement validation (xAPI 1.0.3 Data §2.4, §4): every malformed statement is refused with
400 and a message naming the faulty property — never stored, never a 500."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.lrs.validation import (
    XapiValidationError,
    agent_key,
    parse_agent_param,
    validate_duration,
    validate_statement,
    validate_timestamp,
)
from tests.lrs.conftest import agent, statement

SUB = {"objectType": "SubStatement", **statement()}

# (what is wrong, the statement, a word the message must contain)
MALFORMED = [
    ("id is not a UUID", statement(id="not-a-uuid"), "statement.id"),
    ("actor missing", {k: v for k, v in statement().items() if k != "actor"}, "actor"),
    ("verb missing", {k: v for k, v in statement().items() if k != "verb"}, "verb"),
    ("object missing", {k: v for k, v in statement().items() if k != "object"}, "object"),
    ("unknown top-level property", statement(colour="blue"), "colour"),
    ("mbox without mailto:", statement(actor={"mbox": "lea@example.org"}), "mailto"),
    (
        "two IFIs",
        statement(actor={**agent(), "openid": "http://id.example.org/lea"}),
        "more than one",
    ),
    ("agent without IFI", statement(actor={"name": "Léa"}), "exactly one"),
    ("bad mbox_sha1sum", statement(actor={"mbox_sha1sum": "xyz"}), "mbox_sha1sum"),
    ("account without homePage", statement(actor={"account": {"name": "x"}}), "homePage"),
    (
        "account homePage not IRI",
        statement(actor={"account": {"homePage": "lycée", "name": "x"}}),
        "homePage",
    ),
    ("unknown agent property", statement(actor={**agent(), "age": 15}), "age"),
    ("anonymous group without members", statement(actor={"objectType": "Group"}), "member"),
    (
        "group member is a group",
        statement(
            actor={"objectType": "Group", "member": [{"objectType": "Group", "member": [agent()]}]}
        ),
        "member[0]",
    ),
    ("verb id not an IRI", statement(verb={"id": "experienced"}), "verb.id"),
    (
        "verb display not a language map",
        statement(verb={"id": "http://v.org/x", "display": "done"}),
        "display",
    ),
    (
        "bad language tag",
        statement(verb={"id": "http://v.org/x", "display": {"not a tag!": "x"}}),
        "language tag",
    ),
    ("activity id not an IRI", statement(object={"id": "lesson 1"}), "object.id"),
    (
        "bad activity type",
        statement(object={"id": "http://a.org/1", "definition": {"type": "quiz"}}),
        "definition.type",
    ),
    (
        "unknown interactionType",
        statement(object={"id": "http://a.org/1", "definition": {"interactionType": "essay"}}),
        "interactionType",
    ),
    (
        "choices without interactionType",
        statement(object={"id": "http://a.org/1", "definition": {"choices": []}}),
        "interactionType",
    ),
    (
        "unknown objectType",
        statement(object={"objectType": "Thing", "id": "http://a.org/1"}),
        "objectType",
    ),
    (
        "StatementRef id not a UUID",
        statement(object={"objectType": "StatementRef", "id": "x"}),
        "object.id",
    ),
    ("score scaled above 1", statement(result={"score": {"scaled": 1.5}}), "scaled"),
    ("score raw below min", statement(result={"score": {"raw": 1, "min": 2, "max": 5}}), "raw"),
    ("success not boolean", statement(result={"success": "yes"}), "success"),
    ("bad duration", statement(result={"duration": "12 seconds"}), "duration"),
    ("bad timestamp", statement(timestamp="23/11/2026 10:00"), "timestamp"),
    ("timestamp with -00:00", statement(timestamp="2026-11-23T10:00:00-00:00"), "-00:00"),
    ("impossible date", statement(timestamp="2026-02-30T10:00:00Z"), "timestamp"),
    ("registration not a UUID", statement(context={"registration": "abc"}), "registration"),
    (
        "platform with an agent object",
        statement(object=agent("yanis"), context={"platform": "Rebond"}),
        "platform",
    ),
    ("context language not a tag", statement(context={"language": "français!"}), "language"),
    ("extension key not an IRI", statement(context={"extensions": {"skill": 1}}), "extensions"),
    ("team is an agent", statement(context={"team": agent()}), "team"),
    (
        "attachment without sha2",
        statement(
            attachments=[
                {
                    "usageType": "http://u.org/x",
                    "display": {"en": "x"},
                    "contentType": "text/plain",
                    "length": 1,
                }
            ]
        ),
        "sha2",
    ),
    ("version 0.95", statement(version="0.95"), "version"),
    ("null property", statement(result=None), "result"),
    (
        "sub-statement with an id",
        statement(object={**SUB, "id": "0f8fad5b-d9cb-469f-a165-70867728950e"}),
        "id",
    ),
    ("statement is an array of strings", ["not", "statements"], "JSON object"),
]


@pytest.mark.parametrize(
    ("problem", "body", "named"), MALFORMED, ids=[case[0] for case in MALFORMED]
)
def test_malformed_statement_is_refused_with_a_precise_message(problem, body, named):
    with pytest.raises(XapiValidationError) as refused:
        validate_statement(copy.deepcopy(body))
    assert refused.value.status == 400
    assert named in refused.value.message_en, problem


def test_malformed_statements_over_http_are_400_in_french_and_english_and_not_stored(lrs):
    headers = lrs.headers("all")
    for problem, body, named in MALFORMED:
        response = lrs.client.post(f"{lrs.url}/statements", json=body, headers=headers)
        assert response.status_code == 400, problem
        error = response.json()["error"]
        named_in_batch = named.replace("statement.", "statements[0].")
        assert named_in_batch in error["message_en"], problem
        assert error["message_fr"].startswith("Requête xAPI")
    listed = lrs.client.get(f"{lrs.url}/statements", headers=headers).json()
    assert listed["statements"] == []


def test_one_bad_statement_refuses_the_whole_batch_and_names_its_index(lrs):
    headers = lrs.headers("all")
    batch = [statement(), statement(), statement(verb={"id": "nope"})]
    response = lrs.client.post(f"{lrs.url}/statements", json=batch, headers=headers)
    assert response.status_code == 400
    assert "statements[2].verb.id" in response.json()["error"]["message_en"]
    assert lrs.client.get(f"{lrs.url}/statements", headers=headers).json()["statements"] == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(["actor", "verb", "object", "id", "mbox", "objectType", "x"]),
                children,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_arbitrary_json_bodies_never_cause_a_server_error(lrs, body):
    response = lrs.client.post(
        f"{lrs.url}/statements", content=json.dumps(body), headers=_json_headers(lrs)
    )
    assert response.status_code in (200, 400), response.text


_HEADERS: dict[int, dict] = {}


def _json_headers(lrs) -> dict:
    """One client per app (hypothesis calls the test many times on one fixture value)."""
    key = id(lrs.client.app)
    if key not in _HEADERS:
        _HEADERS[key] = {**lrs.headers("all"), "Content-Type": "application/json"}
    return _HEADERS[key]


# ---- the helpers other resources use ----------------------------------------------------


def test_agent_parameter_needs_exactly_one_identifier():
    assert parse_agent_param('{"mbox": "mailto:lea@example.org"}') == {
        "mbox": "mailto:lea@example.org"
    }
    for bad in ("{}", '{"name": "Léa"}', "[1]", "mailto:lea@example.org"):
        with pytest.raises(XapiValidationError):
            parse_agent_param(bad)


def test_agent_key_is_the_same_for_equal_identifiers_only():
    assert agent_key({"mbox": "mailto:Lea@Example.org", "name": "Léa"}) == agent_key(
        {"objectType": "Agent", "mbox": "mailto:lea@example.org"}
    )
    account = {"account": {"homePage": "http://rebond.fr", "name": "abc"}}
    other = {"account": {"homePage": "http://rebond.fr", "name": "abd"}}
    assert agent_key(account) != agent_key(other)


@pytest.mark.parametrize("value", ["PT1H30M", "P2W", "P1Y2M3DT4H5M6.7S", "PT0.5S", "P3D"])
def test_valid_iso_durations_pass(value):
    assert validate_duration(value) == value


@pytest.mark.parametrize("value", ["P", "PT", "1H", "PT1.H", "P1H", "PT-1S", ""])
def test_invalid_iso_durations_fail(value):
    with pytest.raises(XapiValidationError):
        validate_duration(value)


def test_timestamps_keep_their_offset_and_default_to_utc():
    assert validate_timestamp("2026-11-23T10:00:00+01:00").utcoffset().total_seconds() == 3600
    assert validate_timestamp("2026-11-23T10:00:00").utcoffset().total_seconds() == 0
