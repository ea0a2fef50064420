"""Storing statements: PUT and POST on /xapi/statements (xAPI 1.0.3 Communication §2.1.1,
§2.1.2; Data §2.2–2.4 for the properties the LRS sets), conflicts, voiding, references."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import func, select

from assistant.lrs.models import XapiStatement
from tests.lrs.conftest import ACTIVITY, agent, statement

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def put(lrs, headers, body, statement_id):
    return lrs.client.put(
        f"{lrs.url}/statements", params={"statementId": statement_id}, json=body, headers=headers
    )


def post(lrs, headers, body):
    return lrs.client.post(f"{lrs.url}/statements", json=body, headers=headers)


def get_one(lrs, headers, statement_id, name="statementId"):
    return lrs.client.get(f"{lrs.url}/statements", params={name: statement_id}, headers=headers)


def stored_count(lrs) -> int:
    with lrs.client.app.state.database.sessions() as db:
        return db.scalar(select(func.count()).select_from(XapiStatement))


def test_statement_put_stores_under_statement_id_and_returns_204(lrs):
    headers = lrs.headers("all")
    statement_id = str(uuid.uuid4())
    response = put(lrs, headers, statement(), statement_id)
    assert response.status_code == 204 and response.content == b""
    fetched = get_one(lrs, headers, statement_id)
    assert fetched.status_code == 200
    assert fetched.json()["id"] == statement_id
    assert fetched.json()["object"]["id"] == ACTIVITY


def test_statement_put_without_statement_id_is_400(lrs):
    response = lrs.client.put(f"{lrs.url}/statements", json=statement(), headers=lrs.headers())
    assert response.status_code == 400
    assert "statementId" in response.json()["error"]["message_en"]


def test_statement_put_with_an_id_different_from_statement_id_is_400(lrs):
    body = statement(id=str(uuid.uuid4()))
    response = put(lrs, lrs.headers(), body, str(uuid.uuid4()))
    assert response.status_code == 400
    assert stored_count(lrs) == 0


def test_statement_put_with_an_array_is_400(lrs):
    response = put(lrs, lrs.headers(), [statement()], str(uuid.uuid4()))
    assert response.status_code == 400
    assert "array" in response.json()["error"]["message_en"]


def test_statement_put_with_existing_id_and_same_content_is_noop(lrs):
    headers = lrs.headers("all")
    statement_id = str(uuid.uuid4())
    assert put(lrs, headers, statement(), statement_id).status_code == 204
    first = get_one(lrs, headers, statement_id).json()
    again = put(lrs, headers, statement(), statement_id)
    assert again.status_code == 204
    assert get_one(lrs, headers, statement_id).json()["stored"] == first["stored"]
    assert stored_count(lrs) == 1


def test_statement_put_with_existing_id_and_different_content_is_409(lrs):
    headers = lrs.headers("all")
    statement_id = str(uuid.uuid4())
    assert put(lrs, headers, statement(), statement_id).status_code == 204
    other = statement(actor=agent("yanis"))
    response = put(lrs, headers, other, statement_id)
    assert response.status_code == 409
    assert response.json()["error"]["message_fr"]
    stored = get_one(lrs, headers, statement_id).json()
    assert stored["actor"] == agent()  # the first one is untouched


def test_statement_post_single_returns_its_generated_id(lrs):
    headers = lrs.headers("all")
    response = post(lrs, headers, statement())
    assert response.status_code == 200
    (statement_id,) = response.json()
    assert uuid.UUID(statement_id)
    assert get_one(lrs, headers, statement_id).json()["id"] == statement_id


def test_statement_post_batch_returns_ids_in_order(lrs):
    headers = lrs.headers("all")
    given = str(uuid.uuid4())
    batch = [statement(), statement(id=given), statement(actor=agent("amina"))]
    ids = post(lrs, headers, batch).json()
    assert len(ids) == 3 and ids[1] == given and len(set(ids)) == 3
    assert get_one(lrs, headers, ids[2]).json()["actor"] == agent("amina")


def test_statement_post_batch_with_duplicate_ids_is_400_and_stores_nothing(lrs):
    same = str(uuid.uuid4())
    response = post(lrs, lrs.headers(), [statement(id=same), statement(id=same), statement()])
    assert response.status_code == 400
    assert same in response.json()["error"]["message_en"]
    assert stored_count(lrs) == 0


def test_statement_post_batch_with_an_already_stored_same_statement_stores_the_rest(lrs):
    headers = lrs.headers("all")
    known = str(uuid.uuid4())
    assert put(lrs, headers, statement(), known).status_code == 204
    response = post(lrs, headers, [statement(id=known), statement(actor=agent("yanis"))])
    assert response.status_code == 200
    assert response.json()[0] == known
    assert stored_count(lrs) == 2


def test_statement_post_batch_with_a_conflicting_id_is_409_and_stores_nothing(lrs):
    headers = lrs.headers("all")
    known = str(uuid.uuid4())
    assert put(lrs, headers, statement(), known).status_code == 204
    batch = [statement(), statement(id=known, actor=agent("yanis"))]
    assert post(lrs, headers, batch).status_code == 409
    assert stored_count(lrs) == 1


def test_statement_post_with_statement_id_parameter_is_400(lrs):
    response = lrs.client.post(
        f"{lrs.url}/statements",
        params={"statementId": str(uuid.uuid4())},
        json=statement(),
        headers=lrs.headers(),
    )
    assert response.status_code == 400


def test_stored_is_set_by_the_lrs_and_overrides_the_clients(lrs):
    headers = lrs.headers("all")
    (statement_id,) = post(lrs, headers, statement(stored="2001-01-01T00:00:00Z")).json()
    stored = get_one(lrs, headers, statement_id).json()["stored"]
    assert not stored.startswith("2001") and stored.endswith("Z")


def test_timestamp_defaults_to_stored_and_a_given_one_is_kept(lrs):
    headers = lrs.headers("all")
    plain, dated = post(
        lrs, headers, [statement(), statement(timestamp="2024-03-01T10:00:00.123+01:00")]
    ).json()
    fetched = get_one(lrs, headers, plain).json()
    assert fetched["timestamp"] == fetched["stored"]
    assert get_one(lrs, headers, dated).json()["timestamp"] == "2024-03-01T10:00:00.123+01:00"


def test_version_defaults_to_1_0_0_and_a_given_1_0_x_is_kept(lrs):
    headers = lrs.headers("all")
    plain, versioned = post(lrs, headers, [statement(), statement(version="1.0.3")]).json()
    assert get_one(lrs, headers, plain).json()["version"] == "1.0.0"
    assert get_one(lrs, headers, versioned).json()["version"] == "1.0.3"
    refused = post(lrs, headers, statement(version="2.0.0"))
    assert refused.status_code == 400 and "version" in refused.json()["error"]["message_en"]


def test_authority_is_set_from_the_credentials(lrs):
    key_headers = lrs.headers("all")
    (statement_id,) = post(lrs, key_headers, statement()).json()
    authority = get_one(lrs, key_headers, statement_id).json()["authority"]
    assert authority["objectType"] == "Agent"
    assert authority["account"]["homePage"].endswith("/xapi/clients")
    assert authority["account"]["name"].startswith("test-")


def test_statement_with_a_foreign_authority_is_refused(lrs):
    forged = statement(authority={"objectType": "Agent", "mbox": "mailto:boss@example.org"})
    response = post(lrs, lrs.headers("all"), forged)
    assert response.status_code == 403
    assert "authority" in response.json()["error"]["message_en"]
    assert stored_count(lrs) == 0


def test_statement_with_its_own_authority_is_accepted(lrs):
    headers = lrs.headers("all")
    (first,) = post(lrs, headers, statement()).json()
    own = get_one(lrs, headers, first).json()["authority"]
    assert post(lrs, headers, statement(authority=own)).status_code == 200


# ---- voiding -------------------------------------------------------------------------


def voiding(target: str) -> dict:
    return statement(
        verb={"id": VOIDED, "display": {"en-US": "voided"}},
        object={"objectType": "StatementRef", "id": target},
    )


def test_voided_statement_is_only_returned_by_voided_statement_id(lrs):
    headers = lrs.headers("all")
    (target,) = post(lrs, headers, statement()).json()
    (void_id,) = post(lrs, headers, voiding(target)).json()
    assert get_one(lrs, headers, target).status_code == 404
    voided = get_one(lrs, headers, target, "voidedStatementId")
    assert voided.status_code == 200 and voided.json()["id"] == target
    listed = [
        s["id"]
        for s in lrs.client.get(f"{lrs.url}/statements", headers=headers).json()["statements"]
    ]
    assert target not in listed and void_id in listed


def test_voided_statement_id_of_a_statement_not_voided_is_404(lrs):
    headers = lrs.headers("all")
    (target,) = post(lrs, headers, statement()).json()
    assert get_one(lrs, headers, target, "voidedStatementId").status_code == 404


def test_voiding_a_voiding_statement_is_400(lrs):
    headers = lrs.headers("all")
    (target,) = post(lrs, headers, statement()).json()
    (first_void,) = post(lrs, headers, voiding(target)).json()
    response = post(lrs, headers, voiding(first_void))
    assert response.status_code == 400
    assert "voiding" in response.json()["error"]["message_en"]
    assert get_one(lrs, headers, first_void).status_code == 200


def test_voiding_statement_stored_before_its_target_voids_it_on_arrival(lrs):
    headers = lrs.headers("all")
    target = str(uuid.uuid4())
    assert post(lrs, headers, voiding(target)).status_code == 200
    assert put(lrs, headers, statement(), target).status_code == 204
    assert get_one(lrs, headers, target).status_code == 404
    assert get_one(lrs, headers, target, "voidedStatementId").status_code == 200


def test_voiding_verb_with_an_activity_object_is_400(lrs):
    body = statement(verb={"id": VOIDED})
    response = post(lrs, lrs.headers(), body)
    assert response.status_code == 400
    assert "StatementRef" in response.json()["error"]["message_en"]


# ---- references and sub-statements -----------------------------------------------------


def test_statement_ref_object_is_stored_and_returned(lrs):
    headers = lrs.headers("all")
    (target,) = post(lrs, headers, statement()).json()
    ref = statement(object={"objectType": "StatementRef", "id": target})
    (ref_id,) = post(lrs, headers, ref).json()
    assert get_one(lrs, headers, ref_id).json()["object"] == {
        "objectType": "StatementRef",
        "id": target,
    }


def test_sub_statement_is_stored_whole(lrs):
    headers = lrs.headers("all")
    sub = {"objectType": "SubStatement", **statement(actor=agent("yanis"))}
    (statement_id,) = post(lrs, headers, statement(object=sub)).json()
    assert get_one(lrs, headers, statement_id).json()["object"] == sub


def test_sub_statement_with_id_stored_version_or_authority_is_400(lrs):
    headers = lrs.headers("all")
    for forbidden in (
        {"id": str(uuid.uuid4())},
        {"stored": "2024-01-01T00:00:00Z"},
        {"version": "1.0.0"},
        {"authority": agent("boss")},
    ):
        sub = {"objectType": "SubStatement", **statement(), **forbidden}
        response = post(lrs, headers, statement(object=sub))
        assert response.status_code == 400, forbidden
        assert next(iter(forbidden)) in response.json()["error"]["message_en"]


def test_sub_statement_inside_a_sub_statement_is_400(lrs):
    inner = {"objectType": "SubStatement", **statement()}
    outer = {"objectType": "SubStatement", **statement(object=inner)}
    response = post(lrs, lrs.headers(), statement(object=outer))
    assert response.status_code == 400
    assert "SubStatement" in response.json()["error"]["message_en"]


# ---- request format ----------------------------------------------------------------------


def test_statement_post_with_a_wrong_content_type_is_400(lrs):
    response = lrs.client.post(
        f"{lrs.url}/statements",
        content=json.dumps(statement()),
        headers={**lrs.headers(), "Content-Type": "text/plain"},
    )
    assert response.status_code == 400
    assert "Content-Type" in response.json()["error"]["message_en"]


def test_statement_post_with_invalid_json_is_400(lrs):
    response = lrs.client.post(
        f"{lrs.url}/statements",
        content=b'{"actor": ',
        headers={**lrs.headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]["message_en"]


def test_oversized_statement_body_is_refused_with_413(lrs):
    huge = statement(result={"response": "x" * (17 * 1024 * 1024)})
    response = post(lrs, lrs.headers(), huge)
    assert response.status_code == 413
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert stored_count(lrs) == 0
