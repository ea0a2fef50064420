"""The `lrs` fixture: the whole service in-process on a fresh database, once on SQLite and once
on a real PostgreSQL server (tests/lrs/postgres.py), with LRS clients made on demand.

Every LRS test takes `lrs`, so each runs against both backends.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.launcher import free_port
from assistant.lrs.auth import create_client
from assistant.main import create_app
from tests.conftest import make_settings
from tests.lrs.postgres import postgres_server, postgres_url  # noqa: F401 - fixtures

XAPI_VERSION = "1.0.3"
VERB = "http://adlnet.gov/expapi/verbs/experienced"
ACTIVITY = "http://example.org/activities/lesson-1"


def agent(name: str = "lea") -> dict:
    """An Agent identified by an e-mail."""
    return {"objectType": "Agent", "mbox": f"mailto:{name}@example.org"}


def statement(**fields: object) -> dict:
    """A valid statement (an agent experienced an activity), with `fields` replaced."""
    base: dict = {
        "actor": agent(),
        "verb": {"id": VERB, "display": {"en-US": "experienced"}},
        "object": {"objectType": "Activity", "id": ACTIVITY},
    }
    return base | fields


def basic(key: str, secret: str) -> str:
    """An HTTP Basic Authorization value."""
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


@dataclass
class Lrs:
    """What an LRS test needs: the client, a way to get credentials, the base URL."""

    client: TestClient
    backend: str
    url: str = "/xapi"

    def credentials(self, *scopes: str) -> tuple[str, str]:
        """A new LRS client with these scopes (as the admin CLI makes it)."""
        with self.client.app.state.database.sessions() as db:
            key, secret = create_client(db, f"test-{uuid.uuid4().hex[:12]}", list(scopes))
            db.commit()
        return key, secret

    def headers(self, *scopes: str) -> dict[str, str]:
        """Authorization and version headers of a new client holding `scopes`."""
        key, secret = self.credentials(*scopes or ("all",))
        return {"Authorization": basic(key, secret), "X-Experience-API-Version": XAPI_VERSION}


@pytest.fixture(params=["sqlite", "postgresql"])
def lrs(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Lrs]:
    """The real app on a fresh database; no demo accounts and no speech warm-up, which the
    LRS needs neither of and which cost seconds of CPU per test."""
    monkeypatch.setenv("REBOND_SEED_DEMO", "0")
    overrides: dict[str, object] = {
        "rasa_url": f"http://127.0.0.1:{free_port()}",
        "speech_warmup": False,
    }
    if request.param == "postgresql":
        overrides["database_url"] = request.getfixturevalue("postgres_url")
    settings = make_settings(tmp_path, **overrides)
    with TestClient(create_app(settings)) as client:
        yield Lrs(client, request.param)
