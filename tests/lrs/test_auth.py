"""LRS authentication and scopes (xAPI 1.0.3 Communication §4): HTTP Basic with a client key
and secret, the seven scopes and what each allows, the admin CLI, and the tutor's client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone

from sqlalchemy import select

from assistant.db.models import Role, User
from assistant.lrs import statements as tutor_statements
from assistant.lrs.auth import TUTOR_CLIENT
from assistant.lrs.models import LrsClient
from assistant.lrs.validation import XapiValidationError
from assistant.settings import REPO_ROOT
from tests.lrs.conftest import XAPI_VERSION, basic, statement


def statements_url(lrs) -> str:
    return f"{lrs.url}/statements"


def test_request_without_credentials_is_401_with_a_basic_challenge(lrs):
    response = lrs.client.get(statements_url(lrs), headers={"X-Experience-API-Version": "1.0.3"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert response.json()["error"]["message_fr"]


def test_wrong_secret_is_401(lrs):
    key, _ = lrs.credentials("all")
    headers = {"Authorization": basic(key, "not-the-secret"), "X-Experience-API-Version": "1.0.3"}
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 401


def test_unknown_key_is_401(lrs):
    headers = {"Authorization": basic("nobody", "nothing"), "X-Experience-API-Version": "1.0.3"}
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 401


def test_malformed_basic_header_is_401_not_500(lrs):
    for value in ("Basic !!!", "Basic " + "bm9jb2xvbg==", "Bearer abc", "Basic"):
        headers = {"Authorization": value, "X-Experience-API-Version": "1.0.3"}
        assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 401, value


def test_statements_write_scope_cannot_read_statements(lrs):
    headers = lrs.headers("statements/write")
    assert (
        lrs.client.post(statements_url(lrs), json=statement(), headers=headers).status_code == 200
    )
    response = lrs.client.get(statements_url(lrs), headers=headers)
    assert response.status_code == 403
    assert "statements/read" in response.json()["error"]["message_en"]


def test_statements_read_scope_cannot_write(lrs):
    headers = lrs.headers("statements/read")
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 200
    response = lrs.client.post(statements_url(lrs), json=statement(), headers=headers)
    assert response.status_code == 403


def test_all_scope_reads_and_writes_statements(lrs):
    headers = lrs.headers("all")
    (statement_id,) = lrs.client.post(statements_url(lrs), json=statement(), headers=headers).json()
    response = lrs.client.get(
        statements_url(lrs), params={"statementId": statement_id}, headers=headers
    )
    assert response.status_code == 200


def test_all_read_scope_reads_statements_but_cannot_write(lrs):
    writer = lrs.headers("statements/write")
    lrs.client.post(statements_url(lrs), json=statement(), headers=writer)
    reader = lrs.headers("all/read")
    assert len(lrs.client.get(statements_url(lrs), headers=reader).json()["statements"]) == 1
    assert lrs.client.post(statements_url(lrs), json=statement(), headers=reader).status_code == 403


def test_state_and_profile_scopes_give_no_access_to_statements(lrs):
    for scope in ("state", "profile"):
        headers = lrs.headers(scope)
        assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 403, scope
        response = lrs.client.post(statements_url(lrs), json=statement(), headers=headers)
        assert response.status_code == 403, scope


def test_statements_read_mine_sees_only_statements_it_wrote(lrs):
    key, secret = lrs.credentials("statements/write", "statements/read/mine")
    mine = {"Authorization": basic(key, secret), "X-Experience-API-Version": XAPI_VERSION}
    (own,) = lrs.client.post(statements_url(lrs), json=statement(), headers=mine).json()
    other = lrs.headers("statements/write")
    (foreign,) = lrs.client.post(statements_url(lrs), json=statement(), headers=other).json()
    listed = [
        s["id"] for s in lrs.client.get(statements_url(lrs), headers=mine).json()["statements"]
    ]
    assert listed == [own]
    single = lrs.client.get(statements_url(lrs), params={"statementId": foreign}, headers=mine)
    assert single.status_code == 404
    everyone = lrs.headers("statements/read")
    listed_all = lrs.client.get(statements_url(lrs), headers=everyone).json()["statements"]
    assert {s["id"] for s in listed_all} == {own, foreign}


def test_disabled_client_is_refused_even_after_a_successful_request(lrs):
    key, secret = lrs.credentials("all")
    headers = {"Authorization": basic(key, secret), "X-Experience-API-Version": XAPI_VERSION}
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 200
    with lrs.client.app.state.database.sessions() as db:
        db.scalars(select(LrsClient).where(LrsClient.key == key)).one().active = False
        db.commit()
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 401


def test_client_secret_is_stored_only_as_an_argon2_hash(lrs):
    key, secret = lrs.credentials("all")
    with lrs.client.app.state.database.sessions() as db:
        client = db.scalars(select(LrsClient).where(LrsClient.key == key)).one()
    assert client.secret_hash.startswith("$argon2id$")
    assert secret not in client.secret_hash


def test_unknown_scope_is_refused_at_creation(lrs):
    try:
        lrs.credentials("statements/delete")
    except ValueError as error:
        assert "statements/delete" in str(error)
    else:
        raise AssertionError("an unknown scope was accepted")


def test_cli_create_client_prints_credentials_that_work(lrs):
    settings = lrs.client.app.state.settings
    env = {
        **os.environ,
        "REBOND_DATA_DIR": str(settings.data_dir),
        "REBOND_DATABASE_URL": settings.database_url,
        "PYTHONPATH": str(REPO_ROOT),
    }
    command = [sys.executable, "-m", "assistant.lrs.cli", "create-client", "--name", "chercheurs"]
    command += ["--scope", "statements/read", "--scope", "state"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(": ", 1) for line in done.stdout.strip().splitlines())
    headers = {
        "Authorization": basic(lines["key"], lines["secret"]),
        "X-Experience-API-Version": XAPI_VERSION,
    }
    assert lrs.client.get(statements_url(lrs), headers=headers).status_code == 200
    assert (
        lrs.client.post(statements_url(lrs), json=statement(), headers=headers).status_code == 403
    )
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_tutor_client_exists_from_start_up_and_may_only_write(lrs):
    with lrs.client.app.state.database.sessions() as db:
        tutor = db.scalars(select(LrsClient).where(LrsClient.name == TUTOR_CLIENT)).one()
    assert tutor.scopes == ["statements/write"] and tutor.active


def test_tutor_statements_go_through_the_lrs_store_with_the_tutor_as_authority(lrs):
    settings = lrs.client.app.state.settings
    activity = {"objectType": "Activity", "id": f"{settings.public_url}/xapi/activities/x"}
    with lrs.client.app.state.database.sessions() as db:
        user = User(
            username="eleve",
            display_name="Élève",
            role=Role.student,
            password_hash="-",
            pseudonym="f" * 64,
        )
        db.add(user)
        db.flush()
        statement_id = tutor_statements.record(
            db,
            settings.public_url,
            user,
            "answered",
            activity,
            registration="0f8fad5b-d9cb-469f-a165-70867728950e",
            result={"success": True, "response": "3/4", "duration": "PT4.20S"},
            extensions={"skill": "fractions"},
            timestamp=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc),
        )
        db.commit()
        try:  # the same validation as HTTP clients: a broken statement is refused
            tutor_statements.record(db, settings.public_url, user, "answered", {"id": "no iri"})
        except XapiValidationError as error:
            assert "object.id" in error.message_en
        else:
            raise AssertionError("the tutor bypassed validation")
    headers = lrs.headers("statements/read")
    stored = lrs.client.get(
        statements_url(lrs), params={"statementId": statement_id}, headers=headers
    ).json()
    assert stored["authority"]["account"]["name"] == TUTOR_CLIENT
    assert stored["actor"]["account"] == {"homePage": settings.public_url, "name": "f" * 64}
    assert stored["context"]["registration"] == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert stored["timestamp"].startswith("2026-01-05T09:30:00")
    by_agent = lrs.client.get(
        statements_url(lrs),
        params={
            "agent": json.dumps({"account": {"homePage": settings.public_url, "name": "f" * 64}})
        },
        headers=headers,
    ).json()
    assert [s["id"] for s in by_agent["statements"]] == [statement_id]


def test_tutor_activity_ids_with_spaces_or_accents_are_stored_as_valid_iris(lrs):
    settings = lrs.client.app.state.settings
    activity = tutor_statements.activity(
        settings.public_url, "steps/dictée 1", "Écris la phrase.", tutor_statements.INTERACTION
    )
    with lrs.client.app.state.database.sessions() as db:
        user = User(
            username="eleve2",
            display_name="Élève",
            role=Role.student,
            password_hash="-",
            pseudonym="e" * 64,
        )
        db.add(user)
        db.flush()
        statement_id = tutor_statements.record(db, settings.public_url, user, "asked", activity)
        db.commit()
    stored = lrs.client.get(
        statements_url(lrs),
        params={"statementId": statement_id},
        headers=lrs.headers("statements/read"),
    ).json()
    assert stored["object"]["id"].endswith("/xapi/activities/steps/dict%C3%A9e%201")
