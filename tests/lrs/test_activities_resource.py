"""Communication 2.5, the Activities resource: the canonical Activity the LRS keeps, merged
from the definitions in the statements it stored (on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid

from tests.lrs.conftest import Lrs
from tests.lrs.test_documents_concurrency import race

LEARNER = {"objectType": "Agent", "mbox": "mailto:learner@example.org"}
ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered"}


def post_statement(lrs: Lrs, activity: dict, parent: dict | None = None) -> None:
    statement: dict = {"actor": LEARNER, "verb": ANSWERED, "object": activity}
    if parent is not None:
        statement["context"] = {"contextActivities": {"parent": [parent]}}
    response = lrs.client.post(
        f"{lrs.url}/statements", json=statement, headers=lrs.headers("statements/write")
    )
    assert response.status_code == 200, response.text


def get_activity(lrs: Lrs, activity_id: str, *scopes: str):  # noqa: ANN201 - httpx.Response
    return lrs.client.get(
        f"{lrs.url}/activities",
        params={"activityId": activity_id},
        headers=lrs.headers(*scopes or ("all/read",)),
    )


def test_2_5_s1_returns_the_definition_from_stored_statements(lrs: Lrs) -> None:
    activity_id = f"http://example.org/items/{uuid.uuid4()}"
    definition = {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "name": {"fr-FR": "Trois quarts"},
        "interactionType": "fill-in",
    }
    post_statement(lrs, {"objectType": "Activity", "id": activity_id, "definition": definition})
    response = get_activity(lrs, activity_id)
    assert response.status_code == 200
    assert response.json() == {
        "objectType": "Activity",
        "id": activity_id,
        "definition": definition,
    }
    assert response.headers["ETag"].startswith('"')  # 3.1.s4.b1: every GET has an ETag


def test_2_5_canonical_definition_merges_language_maps_and_keeps_the_latest_values(
    lrs: Lrs,
) -> None:
    activity_id = f"http://example.org/items/{uuid.uuid4()}"
    post_statement(
        lrs,
        {"id": activity_id, "definition": {"name": {"fr-FR": "Fractions"},
                                           "type": "http://example.org/types/old"}},
    )  # fmt: skip
    post_statement(
        lrs,
        {"id": activity_id, "definition": {"name": {"en-US": "Fractions"},
                                           "type": "http://example.org/types/new"}},
    )  # fmt: skip
    definition = get_activity(lrs, activity_id).json()["definition"]
    assert definition["name"] == {"fr-FR": "Fractions", "en-US": "Fractions"}
    assert definition["type"] == "http://example.org/types/new"


def test_2_5_context_activities_are_known_too(lrs: Lrs) -> None:
    parent_id = f"http://example.org/practice/{uuid.uuid4()}"
    parent = {"id": parent_id, "definition": {"name": {"fr-FR": "Entraînement"}}}
    post_statement(lrs, {"id": f"http://example.org/items/{uuid.uuid4()}"}, parent)
    assert get_activity(lrs, parent_id).json()["definition"] == parent["definition"]


def test_2_5_s2_b1_unknown_activity_still_returns_an_activity_object(lrs: Lrs) -> None:
    activity_id = f"http://example.org/never/{uuid.uuid4()}"
    response = get_activity(lrs, activity_id)
    assert response.status_code == 200
    assert response.json() == {"objectType": "Activity", "id": activity_id}


def test_2_5_s1_activity_id_is_required_and_must_be_an_iri(lrs: Lrs) -> None:
    headers = lrs.headers("all/read")
    assert lrs.client.get(f"{lrs.url}/activities", headers=headers).status_code == 400
    for bad in ("not an iri", "1"):
        response = lrs.client.get(
            f"{lrs.url}/activities", params={"activityId": bad}, headers=headers
        )
        assert response.status_code == 400
        assert response.json()["error"]["message_en"]


def test_1_1_head_on_activities_has_headers_only(lrs: Lrs) -> None:
    response = lrs.client.head(
        f"{lrs.url}/activities",
        params={"activityId": "http://example.org/x"},
        headers=lrs.headers("all/read"),
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["ETag"]


def test_4_2_activities_need_a_read_scope(lrs: Lrs) -> None:
    response = get_activity(lrs, "http://example.org/x", "statements/write")
    assert response.status_code == 403


def test_2_5_concurrent_first_statements_about_an_activity_all_merge(lrs: Lrs) -> None:
    """Batches that bring a new Activity at the same moment: one creates it, the others find
    it created meanwhile and merge into it; no language is lost and none fails."""
    headers = lrs.headers("statements/write")
    for _ in range(3):
        activity_id = f"http://example.org/items/{uuid.uuid4()}"
        languages = ["fr-FR", "en-US", "es-ES", "de-DE"]
        bodies = [
            {
                "actor": LEARNER,
                "verb": ANSWERED,
                "object": {"id": activity_id, "definition": {"name": {tag: f"nom {tag}"}}},
            }
            for tag in languages
        ]
        responses = race(
            lambda body: lrs.client.post(f"{lrs.url}/statements", json=body, headers=headers),
            bodies,
        )
        assert [r.status_code for r in responses] == [200] * len(bodies), [
            r.text for r in responses
        ]
        names = get_activity(lrs, activity_id).json()["definition"]["name"]
        assert names == {tag: f"nom {tag}" for tag in languages}
