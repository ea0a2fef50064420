"""Engine and sessions, the migration to the latest schema at start-up, and SQLite's WAL
checkpoints off the request path."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assistant.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
log = logging.getLogger("rebond.db")
# SQLite's own checkpoint runs inside the commit that fills the WAL past its threshold: on the
# LRS ingest benchmark (batches of 100 statements) a quarter of the request time went there.
# The service checkpoints from a background thread instead (`WalCheckpointer`, every second:
# pages written again and again between two checkpoints, such as index roots, are copied once);
# the automatic one stays as a backstop, at 100,000 pages (about 400 MB of WAL: a second of
# the fastest ingest measured takes about 160 MB), for processes that run without that thread
# (the admin CLI, the benchmark's filling). When the WAL is cut back after a checkpoint, it is
# to WAL_KEEP_BYTES: the thread restarts it before it grows past that under a steady ingest.
WAL_BACKSTOP_PAGES = 100_000
WAL_KEEP_BYTES = 256 * 1024 * 1024
# How long the thread's RESTART may wait for the writer in progress and for readers (ms).
# While it waits for readers it holds the write lock, so a reader that kept a snapshot open
# would stall writers this long once a round; the service's reads are short (the export reads
# page by page).
RESTART_WAIT_MS = 200
# Passive copies are repeated (at most PASSES times) until fewer than TAIL_PAGES pages were
# written during the last one: what is left for the RESTART, which writers wait for.
PASSES = 6
TAIL_PAGES = 1_500
CACHE_KIB = 65_536  # 64 MiB page cache per connection (SQLite's default is 2 MiB)


def make_engine(settings: Settings) -> Engine:
    """Create the engine; SQLite gets WAL and foreign keys so concurrent writes stay safe."""
    if not settings.is_sqlite:
        return create_engine(settings.database_url, pool_pre_ping=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        settings.database_url, connect_args={"check_same_thread": False, "timeout": 30}
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")
        cursor.close()

    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """The engine and a session factory, created once per process."""

    def __init__(self, settings: Settings) -> None:
        self.engine = make_engine(settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Iterator[Session]:
        """A session per request; the caller commits."""
        with self.sessions() as session:
            yield session


class WalCheckpointer:
    """Copy SQLite's write-ahead log back into the database file from a background thread.

    Commits then only append to the WAL, so a statement batch does not pay for the copy.
    Each round copies PASSIVE (it never waits for or blocks readers and writers), then asks
    for a RESTART. Under steady writes a passive copy never reaches the end of the log, so
    the log would never start again from its beginning: it would grow to the backstop, where
    a commit pays for a whole checkpoint and the next one for cutting the file back (two
    requests of 100-200 ms every 13,500 statements on the ingest benchmark). The passive copy
    is repeated until little was written meanwhile; the RESTART then copies that little while
    writers wait (readers do not), and the next writer starts the log again. If it cannot
    get its turn within RESTART_WAIT_MS it gives up until the next round. Durability is
    unchanged: a committed transaction is in the WAL either way, and SQLite replays the WAL
    when the process restarts. Nothing to do on PostgreSQL.
    """

    def __init__(self, engine: Engine, interval_s: float = 1.0) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> None:
        if self.engine.dialect.name == "sqlite":
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        # A connection of its own for the thread's life, out of the pool: requests keep
        # theirs, with their page caches.
        connection = self.engine.raw_connection()
        try:
            connection.execute(f"PRAGMA busy_timeout={RESTART_WAIT_MS}")
            while not self._stop.wait(self.interval_s):
                try:
                    self._checkpoint(connection)
                except Exception:  # retried next time; committed data is safe in the WAL
                    log.exception("WAL checkpoint failed")
        finally:
            connection.close()

    @staticmethod
    def _checkpoint(connection: Any) -> None:
        """Passive copies until the last one saw fewer than TAIL_PAGES new pages, then RESTART."""
        previous = None
        for _ in range(PASSES):
            _, pages, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if previous is not None and pages - previous < TAIL_PAGES:
                break
            previous = pages
        connection.execute("PRAGMA wal_checkpoint(RESTART)")
