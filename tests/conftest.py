"""Shared fixtures: settings on a temporary database, an in-process app, and the real stack.

`stack` starts the real Rasa server (trained model), the real action server and the service
on free loopback ports, once per test session, with its own temporary data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.db.engine import Database
from assistant.db.models import User
from assistant.launcher import Stack, free_port, isolated_settings
from assistant.main import create_app
from assistant.seed import DEMO_PASSWORD
from assistant.settings import Settings, load_settings


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings for an isolated run: its own folder, SQLite files, ports and secrets."""
    return replace(load_settings({"REBOND_DATA_DIR": str(data_dir)}), **overrides)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a fresh SQLite database; Rasa points at a closed port. The speech
    engines load on first use instead of at start-up, to keep each app start fast."""
    return make_settings(tmp_path, rasa_url=f"http://127.0.0.1:{free_port()}", speech_warmup=False)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The real service app in-process (real database, demo data seeded)."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def db(client: TestClient) -> Iterator[Session]:
    """A session on the same database as `client`."""
    with client.app.state.database.sessions() as session:
        yield session


def login(client: TestClient, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log the test client in (the cookie stays on the client)."""
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text


def user_by_name(db: Session, username: str) -> User:
    return db.scalars(select(User).where(User.username == username)).one()


@dataclass
class RunningStack:
    """What tests need of the running stack."""

    stack: Stack
    settings: Settings
    base_url: str
    demo_student: tuple[str, str]

    def database(self) -> Database:
        return Database(self.settings)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    """The whole real stack, started once for the test session."""
    settings = isolated_settings(tmp_path_factory.mktemp("stack"))
    running = Stack(settings)
    running.start()
    try:
        yield RunningStack(running, settings, settings.public_url, ("lea", DEMO_PASSWORD))
    finally:
        running.stop()
