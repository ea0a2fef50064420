"""Reading statements: GET/HEAD on /xapi/statements (xAPI 1.0.3 Communication §2.1.3):
single statements, every filter, formats, paging with `more`, and the response headers."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime
from email.utils import parsedate_to_datetime

from assistant.lrs.store import pending_writes
from tests.lrs.conftest import ACTIVITY, VERB, agent, statement

OTHER_VERB = "http://adlnet.gov/expapi/verbs/answered"
OTHER_ACTIVITY = "http://example.org/activities/lesson-2"


def post(lrs, headers, body) -> list[str]:
    response = lrs.client.post(f"{lrs.url}/statements", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def query(lrs, headers, **params) -> dict:
    if isinstance(params.get("agent"), dict):
        params["agent"] = json.dumps(params["agent"])
    response = lrs.client.get(f"{lrs.url}/statements", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def ids(result: dict) -> list[str]:
    return [s["id"] for s in result["statements"]]


def test_get_by_statement_id_returns_the_statement_with_last_modified(lrs):
    headers = lrs.headers("all")
    (statement_id,) = post(lrs, headers, statement())
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"statementId": statement_id}, headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == statement_id
    modified = parsedate_to_datetime(response.headers["Last-Modified"])
    assert abs(modified.timestamp() - _epoch(body["stored"])) < 1


def _epoch(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def test_get_unknown_statement_id_is_404(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"statementId": str(uuid.uuid4())}, headers=lrs.headers()
    )
    assert response.status_code == 404
    assert response.json()["error"]["message_fr"]


def test_get_statement_id_with_another_filter_is_400(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": str(uuid.uuid4()), "verb": VERB},
        headers=lrs.headers(),
    )
    assert response.status_code == 400


def test_get_statement_id_and_voided_statement_id_together_is_400(lrs):
    same = str(uuid.uuid4())
    response = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": same, "voidedStatementId": same},
        headers=lrs.headers(),
    )
    assert response.status_code == 400


def test_get_with_an_unknown_parameter_is_400(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"actor": "someone"}, headers=lrs.headers()
    )
    assert response.status_code == 400
    assert "actor" in response.json()["error"]["message_en"]


def test_query_with_no_match_is_200_with_an_empty_result(lrs):
    result = query(lrs, lrs.headers(), verb="http://example.org/never")
    assert result == {"statements": [], "more": ""}


def test_query_returns_newest_stored_first_and_ascending_reverses(lrs):
    headers = lrs.headers("all")
    first = post(lrs, headers, statement())
    second = post(lrs, headers, statement())
    assert ids(query(lrs, headers))[:2] == [second[0], first[0]]
    assert ids(query(lrs, headers, ascending="true"))[-2:] == [first[0], second[0]]


def test_query_by_agent_matches_actor_object_and_group_members(lrs):
    headers = lrs.headers("all")
    lea = agent("lea")
    as_actor, as_object, in_group, unrelated = post(
        lrs,
        headers,
        [
            statement(),
            statement(actor=agent("mme.durand"), object=lea),
            statement(actor={"objectType": "Group", "member": [lea, agent("yanis")]}),
            statement(actor=agent("yanis")),
        ],
    )
    found = set(ids(query(lrs, headers, agent=lea)))
    assert found == {as_actor, as_object, in_group}


def test_query_by_agent_skips_instructors_unless_related_agents(lrs):
    headers = lrs.headers("all")
    (taught,) = post(
        lrs, headers, statement(actor=agent("yanis"), context={"instructor": agent("mme")})
    )
    instructor = agent("mme")
    assert ids(query(lrs, headers, agent=instructor)) == []
    assert ids(query(lrs, headers, agent=instructor, related_agents="true")) == [taught]


def test_query_by_agent_with_related_agents_matches_the_authority(lrs):
    headers = lrs.headers("all")
    (statement_id,) = post(lrs, headers, statement())
    authority = query(lrs, headers)["statements"][0]["authority"]
    assert ids(query(lrs, headers, agent=authority)) == []
    assert ids(query(lrs, headers, agent=authority, related_agents="true")) == [statement_id]


def test_query_by_verb(lrs):
    headers = lrs.headers("all")
    experienced, answered = post(lrs, headers, [statement(), statement(verb={"id": OTHER_VERB})])
    assert ids(query(lrs, headers, verb=OTHER_VERB)) == [answered]
    assert ids(query(lrs, headers, verb=VERB)) == [experienced]


def test_query_by_agent_and_verb_combines_both(lrs):
    headers = lrs.headers("all")
    wanted, _, _ = post(
        lrs,
        headers,
        [
            statement(verb={"id": OTHER_VERB}),
            statement(),
            statement(actor=agent("yanis"), verb={"id": OTHER_VERB}),
        ],
    )
    assert ids(query(lrs, headers, agent=agent(), verb=OTHER_VERB)) == [wanted]


def test_query_by_activity_skips_context_activities_unless_related(lrs):
    headers = lrs.headers("all")
    direct, in_context = post(
        lrs,
        headers,
        [
            statement(object={"id": OTHER_ACTIVITY}),
            statement(context={"contextActivities": {"parent": [{"id": OTHER_ACTIVITY}]}}),
        ],
    )
    assert ids(query(lrs, headers, activity=OTHER_ACTIVITY)) == [direct]
    related = set(ids(query(lrs, headers, activity=OTHER_ACTIVITY, related_activities="true")))
    assert related == {direct, in_context}


def test_query_by_activity_with_related_activities_matches_a_sub_statement(lrs):
    headers = lrs.headers("all")
    sub = {"objectType": "SubStatement", **statement(object={"id": OTHER_ACTIVITY})}
    (planned,) = post(lrs, headers, statement(object=sub))
    assert ids(query(lrs, headers, activity=OTHER_ACTIVITY)) == []
    assert ids(query(lrs, headers, activity=OTHER_ACTIVITY, related_activities="true")) == [planned]


def test_query_by_registration(lrs):
    headers = lrs.headers("all")
    registration = str(uuid.uuid4())
    wanted, _ = post(lrs, headers, [statement(context={"registration": registration}), statement()])
    assert ids(query(lrs, headers, registration=registration)) == [wanted]


def test_query_since_is_exclusive_and_until_inclusive(lrs):
    headers = lrs.headers("all")
    (first,) = post(lrs, headers, statement())
    first_stored = query(lrs, headers)["statements"][0]["stored"]
    time.sleep(0.01)
    (second,) = post(lrs, headers, statement())
    assert ids(query(lrs, headers, since=first_stored)) == [second]
    assert ids(query(lrs, headers, until=first_stored)) == [first]


def test_query_matches_statements_that_reference_a_matching_statement(lrs):
    headers = lrs.headers("all")
    (original,) = post(lrs, headers, statement(object={"id": OTHER_ACTIVITY}))
    confirm = statement(
        actor=agent("mme.durand"),
        verb={"id": "http://example.org/verbs/confirmed"},
        object={"objectType": "StatementRef", "id": original},
    )
    (confirmation,) = post(lrs, headers, confirm)
    assert set(ids(query(lrs, headers, activity=OTHER_ACTIVITY))) == {original, confirmation}
    assert set(ids(query(lrs, headers, agent=agent()))) == {original, confirmation}


def test_voided_target_still_matches_for_its_referencing_statements(lrs):
    headers = lrs.headers("all")
    (original,) = post(lrs, headers, statement(object={"id": OTHER_ACTIVITY}))
    void = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": original},
    )
    (voiding,) = post(lrs, headers, void)
    assert ids(query(lrs, headers, activity=OTHER_ACTIVITY)) == [voiding]


def test_limit_and_more_page_through_every_statement_once(lrs):
    headers = lrs.headers("all")
    stored = post(lrs, headers, [statement() for _ in range(7)])
    page = query(lrs, headers, limit=3)
    seen = ids(page)
    while page["more"]:
        assert page["more"].startswith("/xapi/statements?more=")
        page = lrs.client.get(page["more"], headers=headers).json()
        seen += ids(page)
    assert sorted(seen) == sorted(stored) and len(seen) == 7


def test_more_pages_are_stable_under_concurrent_inserts(lrs):
    headers = lrs.headers("all")
    old = post(lrs, headers, [statement() for _ in range(4)])
    first = query(lrs, headers, limit=2, ascending="true")
    post(lrs, headers, [statement() for _ in range(3)])  # arrive between two pages
    second = lrs.client.get(first["more"], headers=headers).json()
    assert ids(first) + ids(second) == old
    assert second["more"] == ""


def test_limit_zero_means_the_server_maximum(lrs):
    headers = lrs.headers("all")
    post(lrs, headers, [statement() for _ in range(5)])
    assert len(ids(query(lrs, headers, limit=0))) == 5


def test_malformed_more_cursor_is_400(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"more": "not-a-cursor"}, headers=lrs.headers()
    )
    assert response.status_code == 400


def test_format_ids_keeps_only_identifiers(lrs):
    headers = lrs.headers("all")
    named = statement(
        actor={**agent(), "name": "Léa"},
        object={"id": ACTIVITY, "definition": {"name": {"fr-FR": "Leçon"}}},
    )
    (statement_id,) = post(lrs, headers, named)
    response = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": statement_id, "format": "ids"},
        headers=headers,
    )
    body = response.json()
    assert body["actor"] == agent()
    assert body["object"] == {"objectType": "Activity", "id": ACTIVITY}
    assert body["verb"] == {"id": VERB}


def test_format_canonical_keeps_the_accepted_language(lrs):
    headers = lrs.headers("all")
    definition = {"name": {"en-US": "Lesson", "fr-FR": "Leçon"}}
    (statement_id,) = post(
        lrs, headers, statement(object={"id": ACTIVITY, "definition": definition})
    )
    response = lrs.client.get(
        f"{lrs.url}/statements",
        params={"statementId": statement_id, "format": "canonical"},
        headers={**headers, "Accept-Language": "fr-FR, en;q=0.5"},
    )
    assert response.json()["object"]["definition"]["name"] == {"fr-FR": "Leçon"}


def test_format_canonical_gives_each_activity_the_lrs_canonical_definition(lrs):
    """§2.1.3: canonical format returns Activities "populated with the canonical definition
    … as determined by the LRS" — here merged from a later statement — while exact keeps
    what the statement said."""
    headers = lrs.headers("all")
    (bare_id,) = post(lrs, headers, statement(object={"id": ACTIVITY}))
    (named_id,) = post(
        lrs,
        headers,
        statement(object={"id": ACTIVITY, "definition": {"name": {"fr-FR": "Leçon"}}}),
    )
    post(
        lrs,
        headers,
        statement(
            object={"id": ACTIVITY, "definition": {"description": {"fr-FR": "Les fractions"}}}
        ),
    )
    canonical = {"name": {"fr-FR": "Leçon"}, "description": {"fr-FR": "Les fractions"}}
    for statement_id in (bare_id, named_id):
        shown = lrs.client.get(
            f"{lrs.url}/statements",
            params={"statementId": statement_id, "format": "canonical"},
            headers=headers,
        ).json()
        assert shown["object"]["definition"] == canonical
    listed = query(lrs, headers, format="canonical")["statements"]
    assert {s["id"] for s in listed} >= {bare_id, named_id}
    assert all(s["object"]["definition"] == canonical for s in listed)
    exact = lrs.client.get(
        f"{lrs.url}/statements", params={"statementId": bare_id}, headers=headers
    ).json()
    assert "definition" not in exact["object"]


def test_format_exact_returns_the_statement_as_stored(lrs):
    headers = lrs.headers("all")
    named = statement(actor={**agent(), "name": "Léa"})
    (statement_id,) = post(lrs, headers, named)
    result = query(lrs, headers, format="exact")
    assert result["statements"][0]["actor"] == named["actor"]
    assert result["statements"][0]["id"] == statement_id


def test_unknown_format_is_400(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"format": "full"}, headers=lrs.headers()
    )
    assert response.status_code == 400


def test_statements_responses_carry_consistent_through(lrs):
    headers = lrs.headers("all")
    posted = lrs.client.post(f"{lrs.url}/statements", json=statement(), headers=headers)
    assert _epoch(posted.headers["X-Experience-API-Consistent-Through"]) > 0
    response = lrs.client.get(f"{lrs.url}/statements", headers=headers)
    through = response.headers["X-Experience-API-Consistent-Through"]
    stored = response.json()["statements"][0]["stored"]
    assert _epoch(through) >= _epoch(stored)
    refused = lrs.client.get(f"{lrs.url}/statements", params={"bogus": "1"}, headers=headers)
    assert "X-Experience-API-Consistent-Through" in refused.headers


def test_consistent_through_stays_before_a_batch_not_yet_committed():
    with pending_writes.writing() as stored_us:
        assert _epoch(pending_writes.consistent_through()) < stored_us / 1e6
    assert _epoch(pending_writes.consistent_through()) >= stored_us / 1e6


def test_head_gives_the_headers_of_get_without_a_body(lrs):
    headers = lrs.headers("all")
    post(lrs, headers, statement())
    response = lrs.client.head(f"{lrs.url}/statements", headers=headers)
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "Last-Modified" in response.headers


def test_invalid_agent_parameter_is_400(lrs):
    headers = lrs.headers("all")
    for bad in ("not json", json.dumps({"mbox": "mailto:a@b.org", "openid": "http://a.org"})):
        response = lrs.client.get(f"{lrs.url}/statements", params={"agent": bad}, headers=headers)
        assert response.status_code == 400, bad
        assert "agent" in response.json()["error"]["message_en"]


def test_invalid_since_is_400(lrs):
    response = lrs.client.get(
        f"{lrs.url}/statements", params={"since": "yesterday"}, headers=lrs.headers()
    )
    assert response.status_code == 400
    assert "since" in response.json()["error"]["message_en"]
