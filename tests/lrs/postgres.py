"""Real servers for the LRS tests and benchmark: PostgreSQL from Debian's binaries, and the
service itself in a uvicorn process.

The issue asks for the whole LRS suite to run on a real PostgreSQL server, not on a mock or
on SQLite pretending: `PostgresServer` runs `initdb` and `pg_ctl` from the `postgresql`
package (installed by `scripts/system_packages.sh`) in a temporary folder, on a free
loopback port, once per test session. Each test gets a database of its own, copied from a
template with `CREATE DATABASE … TEMPLATE` (a file copy, much faster than a fresh server),
and dropped afterwards so a long session does not fill the disk.

`initdb` refuses to run as root, so as root the server runs as the `postgres` system user the
Debian package creates, in a folder that user owns.

`LrsService` runs the real service alone (no Rasa) on a given database, with one LRS client,
so the durability test can SIGKILL it and the benchmark can time real HTTP round trips.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg
import pytest

from assistant.db.engine import Database, migrate
from assistant.launcher import Stack, child_environment, free_port, isolated_settings
from assistant.lrs.auth import create_client
from assistant.settings import Settings

PG_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"  # created by Debian's postgresql-common
ROLE = "rebond"
# Throwaway test data: skipping fsync makes each CREATE DATABASE and commit cheap. The
# benchmark passes durable=True to measure what a real deployment pays.
FAST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
START_ATTEMPTS = 3  # a free port can be taken by someone else before the server binds it


def find_bin_dir() -> Path | None:
    """The newest installed server's bin folder (`/usr/lib/postgresql/<major>/bin`)."""
    candidates = [
        path
        for path in PG_ROOT.glob("*/bin")
        if (path / "initdb").exists() and (path / "pg_ctl").exists()
    ]
    return max(candidates, key=lambda p: int(p.parent.name), default=None)


def unavailable_reason() -> str | None:
    """Why no server can be started here, or None when one can."""
    if find_bin_dir() is None:
        return (
            f"PostgreSQL server binaries not found under {PG_ROOT}/*/bin: install Debian's "
            "`postgresql` package (scripts/system_packages.sh does it as root)"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and no `{SERVER_USER}` user to run initdb as"
    return None


@dataclass
class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    durable: bool = False
    port: int = 0
    base_dir: Path | None = None
    _bin: Path = field(default=PG_ROOT, init=False)
    _owner: pwd.struct_passwd | None = field(default=None, init=False)

    def start(self) -> None:
        """initdb a fresh cluster and start it; raise with the server log if it fails."""
        reason, bin_dir = unavailable_reason(), find_bin_dir()
        if reason or bin_dir is None:
            raise RuntimeError(reason)
        self._bin = bin_dir
        self.base_dir = Path(tempfile.mkdtemp(prefix="rebond-pg-"))
        self._owner = pwd.getpwnam(SERVER_USER) if os.geteuid() == 0 else None
        if self._owner:
            os.chown(self.base_dir, self._owner.pw_uid, self._owner.pw_gid)
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            ROLE,
            "--auth",
            "trust",  # loopback only, throwaway data
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )
        for attempt in range(START_ATTEMPTS):
            self.port = free_port()
            self._write_config()
            try:
                self._run(
                    "pg_ctl",
                    "--pgdata",
                    str(self.data_dir),
                    "--log",
                    str(self.log),
                    "--wait",
                    "--timeout",
                    "60",
                    "start",
                )
                return
            except subprocess.CalledProcessError as error:
                if attempt == START_ATTEMPTS - 1 or "in use" not in self.log.read_text():
                    raise RuntimeError(
                        f"PostgreSQL did not start:\n{self.log.read_text()}"
                    ) from error

    @property
    def data_dir(self) -> Path:
        assert self.base_dir is not None
        return self.base_dir / "data"

    @property
    def log(self) -> Path:
        assert self.base_dir is not None
        return self.base_dir / "server.log"

    def _write_config(self) -> None:
        """Our settings win over initdb's: PostgreSQL keeps the last value of a setting."""
        settings = {
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.base_dir}'",
            **({} if self.durable else FAST_SETTINGS),
        }
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write("".join(f"{key} = {value}\n" for key, value in settings.items()))

    def _run(self, program: str, *args: str) -> None:
        """Run a server program, as the unprivileged owner when we are root."""
        subprocess.run(
            [str(self._bin / program), *args],
            check=True,
            capture_output=True,
            cwd=self.base_dir,
            user=self._owner.pw_uid if self._owner else None,
            group=self._owner.pw_gid if self._owner else None,
        )

    def stop(self) -> None:
        """Stop at once (the data is thrown away) and delete the folder."""
        if self.base_dir is None:
            return
        if (self.data_dir / "postmaster.pid").exists():
            self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")
        shutil.rmtree(self.base_dir, ignore_errors=True)
        self.base_dir = None

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database, with the driver the service uses."""
        return f"postgresql+psycopg://{ROLE}@127.0.0.1:{self.port}/{database}"

    def _admin(self) -> psycopg.Connection:
        """CREATE/DROP DATABASE cannot run inside a transaction: autocommit."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=ROLE, dbname="postgres", autocommit=True
        )

    def create_database(self) -> str:
        """A new empty database (a copy of template1); returns its name."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template1')
        return name

    def drop_database(self, name: str) -> None:
        """Drop it even if a killed service left connections behind."""
        if not re.fullmatch(r"\w+", name):
            raise ValueError(name)
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextmanager
    def database(self) -> Iterator[str]:
        """A fresh empty database for one use: its URL, dropped afterwards."""
        name = self.create_database()
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real server for the whole session; skipped with the reason if none can run."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database on the session's server, dropped after the test."""
    with postgres_server.database() as url:
        yield url


BACKENDS = ("sqlite", "postgresql")


@contextmanager
def backend_url(request: pytest.FixtureRequest, backend: str) -> Iterator[str | None]:
    """The database of a service of its own on `backend`: None for the default SQLite file in
    its data folder, or a fresh database on the session's PostgreSQL server."""
    if backend == "sqlite":
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    with server.database() as url:
        yield url


def lrs_settings(data_dir: Path, database_url: str | None = None) -> Settings:
    """Settings for a service of its own: free ports, its folder, the given database.
    Speech models are not warmed up: the LRS never uses them and they cost seconds of CPU."""
    settings = replace(isolated_settings(data_dir), speech_warmup=False)
    return replace(settings, database_url=database_url) if database_url else settings


def create_lrs_client(settings: Settings, scopes: list[str]) -> tuple[str, str]:
    """Migrate the database and create an LRS client on it, as the admin CLI would."""
    database = Database(settings)
    try:
        migrate(database.engine)
        with database.sessions() as db:
            credentials = create_client(db, f"test-{uuid.uuid4().hex[:8]}", scopes)
            db.commit()
        return credentials
    finally:
        database.engine.dispose()


class LrsService:
    """The real service in its own uvicorn process group (no Rasa), on `settings`' database."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stack = Stack(settings, only=("service",))
        (self.process,) = self.stack.processes

    @property
    def url(self) -> str:
        return self.settings.service_url

    def start(self, timeout_s: float = 120.0) -> None:
        """Start it and wait for /health. Not `Stack.start`: its environment would have the
        service warm the speech models up, seconds of CPU the LRS never uses."""
        self.stack.log_dir.mkdir(parents=True, exist_ok=True)
        env = child_environment(self.settings) | {"REBOND_SPEECH_WARMUP": "0"}
        self.stack.start_one(self.process, env)
        self.stack.wait_healthy(self.process, time.monotonic() + timeout_s)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown code runs."""
        popen = self.process.popen
        assert popen is not None
        os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()

    def stop(self) -> None:
        self.stack.stop()

    def __enter__(self) -> LrsService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
