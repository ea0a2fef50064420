"""Retention: the purge removes old statements whole, keeps newer ones intact, logs every
removed id (voided ones flagged), and is one transaction (SQLite and PostgreSQL).

Time passing is the purge's `now`: statements stored before a mark are "old" for a purge run
as if `days` after that mark.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from assistant.lrs.document_models import XapiPurgeLog
from assistant.lrs.models import (
    StatementActivity,
    StatementAgent,
    StatementAttachment,
    XapiStatement,
)
from assistant.lrs.retention import PurgeReport, purge
from assistant.settings import REPO_ROOT
from tests.lrs.conftest import Lrs
from tests.lrs.test_statements_attachments import (
    attachment_of,
    multipart,
    part_headers,
    post_multipart,
)

ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered"}
VOIDED = {"id": "http://adlnet.gov/expapi/verbs/voided"}
DAYS = 30


def statement(n: int, **extra: object) -> dict:
    return {
        "actor": {"mbox": f"mailto:learner{n}@example.org"},
        "verb": ANSWERED,
        "object": {"id": f"http://example.org/items/{n}"},
        **extra,
    }


def voiding(target: str) -> dict:
    return {"actor": {"mbox": "mailto:teacher@example.org"}, "verb": VOIDED,
            "object": {"objectType": "StatementRef", "id": target}}  # fmt: skip


class Store:
    """The LRS through its HTTP API, and its database for the purge."""

    def __init__(self, lrs: Lrs) -> None:
        self.lrs = lrs
        self.writer = lrs.headers("statements/write")
        self.reader = lrs.headers("statements/read")

    def post(self, statements: list[dict]) -> list[str]:
        response = self.lrs.client.post(
            f"{self.lrs.url}/statements", json=statements, headers=self.writer
        )
        assert response.status_code == 200, response.text
        return response.json()

    def get(self, **params: str):  # noqa: ANN201 - httpx.Response
        return self.lrs.client.get(f"{self.lrs.url}/statements", params=params, headers=self.reader)

    def mark(self) -> datetime:
        """A moment strictly between what was stored before and what is stored after."""
        time.sleep(0.01)
        moment = datetime.now(timezone.utc)
        time.sleep(0.01)
        return moment

    def purge_before(self, mark: datetime) -> PurgeReport:
        """Purge as if DAYS days had passed since `mark`: what is older goes."""
        with self.lrs.client.app.state.database.sessions() as db:
            return purge(db, DAYS, now=mark + timedelta(days=DAYS))

    def rows(self, model, *where):  # noqa: ANN001, ANN201 - a table, its rows
        with self.lrs.client.app.state.database.sessions() as db:
            return db.scalars(select(model).where(*where)).all()


@pytest.fixture
def store(lrs: Lrs) -> Store:
    return Store(lrs)


def test_purge_removes_old_statements_and_keeps_newer_ones_intact(store: Store) -> None:
    old = store.post([statement(1), statement(2)])
    mark = store.mark()
    new = store.post([statement(3), statement(4)])
    before = {i: store.get(statementId=i).json() for i in new}

    report = store.purge_before(mark)

    assert report.statements == 2
    for statement_id in old:
        assert store.get(statementId=statement_id).status_code == 404
    for statement_id in new:
        assert store.get(statementId=statement_id).json() == before[statement_id]
    # Queries over the kept statements still work through their index rows.
    listed = store.get(agent=json.dumps({"mbox": "mailto:learner3@example.org"})).json()
    assert [s["id"] for s in listed["statements"]] == [new[0]]
    kept_seqs = {row.seq for row in store.rows(XapiStatement)}
    assert {row.seq for row in store.rows(StatementAgent)} <= kept_seqs
    assert {row.seq for row in store.rows(StatementActivity)} <= kept_seqs


def test_purge_logs_every_removed_id_and_flags_the_voided_ones(store: Store) -> None:
    kept, voided = store.post([statement(1), statement(2)])
    (voider,) = store.post([voiding(voided)])
    mark = store.mark()
    store.post([statement(3)])

    report = store.purge_before(mark)

    logged = {row.statement_id: row.voided for row in store.rows(XapiPurgeLog)}
    assert logged == {kept: False, voided: True, voider: False}
    assert report.voided == 1
    assert {row.run_id for row in store.rows(XapiPurgeLog)} == {report.run_id}


def test_purge_of_an_old_voider_keeps_its_newer_target_voided(store: Store) -> None:
    """Voiding statements may arrive before their target; the target stays voided."""
    target_id = str(uuid.uuid4())
    store.post([voiding(target_id)])
    mark = store.mark()
    store.post([{**statement(1), "id": target_id}])
    assert store.get(statementId=target_id).status_code == 404  # voided on arrival

    store.purge_before(mark)

    assert store.get(statementId=target_id).status_code == 404
    assert store.get(voidedStatementId=target_id).status_code == 200


def test_purge_is_one_transaction_a_failure_changes_nothing(store: Store) -> None:
    """A real failure half-way (the attachments table is gone when the purge reaches it)
    must leave every statement, index row and log line as before."""
    attachment = {
        "usageType": "http://example.org/usage/voice", "display": {"fr-FR": "voix"},
        "contentType": "audio/ogg", "length": 3, "sha2": "cd" * 32,
        "fileUrl": "http://example.org/voice.ogg",
    }  # fmt: skip
    old = store.post([statement(1), statement(2, attachments=[attachment])])
    mark = store.mark()
    counts_before = [len(store.rows(m)) for m in (XapiStatement, StatementAgent)]
    with store.lrs.client.app.state.database.engine.begin() as connection:
        connection.execute(text("DROP TABLE lrs_attachments"))

    with pytest.raises(SQLAlchemyError):
        store.purge_before(mark)

    assert [len(store.rows(m)) for m in (XapiStatement, StatementAgent)] == counts_before
    assert store.rows(XapiPurgeLog) == []
    for statement_id in old:
        assert store.get(statementId=statement_id).status_code == 200


def test_purge_removes_attachments_only_purged_statements_used(store: Store) -> None:
    only_old, shared = b"old voice", b"shared picture"

    def post_with(content: bytes, n: int) -> None:
        body = multipart(
            statement(n, attachments=[attachment_of(content)]),
            [(content, part_headers(content))],
        )
        response = post_multipart(store.lrs, store.writer, body)
        assert response.status_code == 200, response.text

    post_with(only_old, 1)
    post_with(shared, 2)
    mark = store.mark()
    post_with(shared, 3)

    report = store.purge_before(mark)

    assert report.attachments == 1
    kept = {row.sha2 for row in store.rows(StatementAttachment)}
    assert kept == {hashlib.sha256(shared).hexdigest()}


def test_purge_refuses_a_retention_under_one_day(store: Store) -> None:
    with store.lrs.client.app.state.database.sessions() as db, pytest.raises(ValueError):
        purge(db, 0)


def test_retention_command_uses_the_setting_and_keeps_recent_statements(
    store: Store, lrs: Lrs
) -> None:
    recent = store.post([statement(1)])
    settings = lrs.client.app.state.settings
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "REBOND_DATA_DIR": str(settings.data_dir),
        "REBOND_DATABASE_URL": settings.database_url,
        "REBOND_LRS_RETENTION_DAYS": "7",
    }
    done = subprocess.run(
        [sys.executable, "-m", "assistant.lrs.retention"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["statements"] == 0
    cutoff = datetime.fromisoformat(report["cutoff"])
    assert timedelta(days=6.9) < datetime.now(timezone.utc) - cutoff < timedelta(days=7.1)
    assert store.get(statementId=recent[0]).status_code == 200
