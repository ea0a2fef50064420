"""Kill -9 the service in the middle of a batch ingest, restart it: nothing acknowledged is
lost and nothing is half-written.

A 200 to `POST /xapi/statements` is a promise to the client (the tutor, a research tool) that
it may forget the batch. A crash or the OOM killer runs no shutdown code, so the promise only
holds if the batch is committed before the answer is sent; and a batch must be one
transaction, or a crash mid-batch leaves some of its statements (or a statement without its
query rows) behind. This test plays that crash against the real service under uvicorn, on
SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from assistant.lrs.models import StatementActivity, StatementAgent, XapiStatement
from tests.lrs.postgres import (
    BACKENDS,
    LrsService,
    backend_url,
    create_lrs_client,
    lrs_settings,
)

BATCH = 200  # big enough that the service spends a while on each request: a kill lands inside
ACKED_BEFORE_KILL = 5
HEADERS = {"X-Experience-API-Version": "1.0.3"}
HOME = "https://rebond.test"


def make_batch() -> list[dict]:
    """One batch, recognisable by its registration: the check reads each batch back whole."""
    registration = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    return [
        {
            "id": str(uuid.uuid4()),
            "actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": f"s{i % 37}"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"objectType": "Activity", "id": f"{HOME}/xapi/activities/item/{i}"},
            "result": {"success": i % 3 != 0},
            "context": {"registration": registration},
            "timestamp": now,
        }
        for i in range(BATCH)
    ]


class Ingest(threading.Thread):
    """Posts batches one after another until the connection breaks, keeping what was sent and
    what was acknowledged."""

    def __init__(self, url: str, auth: tuple[str, str]) -> None:
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=url, auth=auth, headers=HEADERS, timeout=60)
        self.sent: list[list[dict]] = []
        self.acked: list[list[dict]] = []
        self.durations: list[float] = []
        self.refused: list[httpx.Response] = []
        self.broken_by: Exception | None = None
        self.progress = threading.Condition()

    def run(self) -> None:
        with self.client:
            while True:
                batch = make_batch()
                self.sent.append(batch)
                started = time.monotonic()
                try:
                    response = self.client.post("/xapi/statements", json=batch)
                except httpx.TransportError as error:
                    self.broken_by = error
                    return
                with self.progress:
                    self.durations.append(time.monotonic() - started)
                    # A wrong answer is kept for the test to report: an assert here would
                    # only end this thread.
                    if response.status_code == 200 and response.json() == [s["id"] for s in batch]:
                        self.acked.append(batch)
                    else:
                        self.refused.append(response)
                    self.progress.notify_all()

    def wait_for_acks(self, count: int, timeout_s: float = 120.0) -> None:
        with self.progress:
            if not self.progress.wait_for(lambda: len(self.acked) >= count, timeout_s):
                raise AssertionError(f"only {len(self.acked)} batches acknowledged in time")


def stored_ids(client: httpx.Client, registration: str) -> list[str]:
    """Every statement of one registration, following `more` links."""
    ids: list[str] = []
    response = client.get("/xapi/statements", params={"registration": registration})
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        ids += [s["id"] for s in page["statements"]]
        if not page.get("more"):
            return ids
        response = client.get(page["more"])


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LrsService]:
    with backend_url(request, request.param) as url:
        service = LrsService(lrs_settings(tmp_path, url))
        try:
            yield service
        finally:
            service.stop()


def test_sigkill_mid_ingest_loses_no_acknowledged_statement(service: LrsService) -> None:
    auth = create_lrs_client(service.settings, ["statements/write", "statements/read"])
    service.start()
    ingest = Ingest(service.url, auth)
    ingest.start()
    ingest.wait_for_acks(ACKED_BEFORE_KILL)
    # Half-way through the next request: the service is storing, not still reading it (a kill
    # on arrival finds nothing written and proves nothing; at half-way, a store that commits
    # a batch in parts was caught leaving 120 of 200 statements).
    time.sleep(statistics.median(ingest.durations) / 2)
    service.kill()
    ingest.join(30)

    assert not ingest.is_alive()
    assert ingest.refused == []
    # The kill cut a request short: there was a batch in flight, with no answer.
    assert isinstance(ingest.broken_by, httpx.TransportError)
    in_flight = ingest.sent[len(ingest.acked) :]
    assert len(in_flight) == 1

    service.start()
    with httpx.Client(base_url=service.url, auth=auth, headers=HEADERS, timeout=60) as client:
        for batch in ingest.acked:
            registration = batch[0]["context"]["registration"]
            assert sorted(stored_ids(client, registration)) == sorted(s["id"] for s in batch)
        unanswered = in_flight[0]
        registration = unanswered[0]["context"]["registration"]
        assert len(stored_ids(client, registration)) in (0, BATCH)  # all or nothing
        # The client's only safe move after a lost answer is to send the batch again: the
        # same statements are a no-op if they were stored, an insert if not.
        assert client.post("/xapi/statements", json=unanswered).status_code == 200
        assert sorted(stored_ids(client, registration)) == sorted(s["id"] for s in unanswered)

    assert_consistent(service.settings.database_url, BATCH * len(ingest.sent))


def assert_consistent(database_url: str, expected_statements: int) -> None:
    """No stray statement, and every statement has the query rows its queries go through."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
                assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
            statements = select(XapiStatement.seq)
            assert connection.scalar(select(func.count()).select_from(XapiStatement)) == (
                expected_statements
            )
            for side in (StatementAgent, StatementActivity):
                orphans = select(func.count()).where(side.seq.not_in(statements))
                assert connection.scalar(orphans) == 0, (
                    f"{side.__tablename__} rows with no statement"
                )
                direct = select(side.seq).where(side.direct.is_(True))
                missing = select(func.count()).where(XapiStatement.seq.not_in(direct))
                assert connection.scalar(missing) == 0, f"statements missing {side.__tablename__}"
    finally:
        engine.dispose()
