"""SQLite's WAL is copied back into the database file by the service's background thread,
not inside a request's commit (assistant/db/engine.py)."""

from __future__ import annotations

import time

from sqlalchemy import text

from assistant.db.engine import Database, WalCheckpointer
from assistant.launcher import isolated_settings

ROWS = 2_000


def test_the_background_thread_copies_committed_pages_into_the_database_file(tmp_path):
    settings = isolated_settings(tmp_path)
    database = Database(settings)
    database_file = tmp_path / "rebond.db"
    try:
        with database.engine.begin() as connection:
            connection.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"))
            connection.execute(
                text("INSERT INTO filler (body) VALUES (:body)"),
                [{"body": "x" * 1_000} for _ in range(ROWS)],
            )
        # Committed, but below the automatic checkpoint's threshold: still only in the WAL.
        assert database_file.stat().st_size < 100_000
        checkpointer = WalCheckpointer(database.engine, interval_s=0.05)
        checkpointer.start()
        deadline = time.monotonic() + 10
        while database_file.stat().st_size < ROWS * 1_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        checkpointer.stop()
        assert database_file.stat().st_size >= ROWS * 1_000
        with database.engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM filler")).scalar_one()
        assert count == ROWS
    finally:
        database.engine.dispose()


def test_under_steady_writes_the_wal_starts_again_from_its_beginning(tmp_path):
    """A passive copy alone never reaches the end of a log that is being written to, so the
    log would grow until SQLite's backstop checkpoint stalled a commit; the thread's RESTART
    lets the next writer reuse the file from its start, so the file stays a fraction of all
    that was written."""
    settings = isolated_settings(tmp_path)
    database = Database(settings)
    wal_file = tmp_path / "rebond.db-wal"
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"))
    checkpointer = WalCheckpointer(database.engine, interval_s=0.1)
    checkpointer.start()
    written = 0
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            with database.engine.begin() as connection:
                connection.execute(
                    text("INSERT INTO filler (body) VALUES (:body)"),
                    [{"body": "x" * 1_000} for _ in range(50)],
                )
            written += 50 * 1_000
        checkpointer.stop()
        assert written > 20_000_000
        assert wal_file.stat().st_size < written / 4
    finally:
        checkpointer.stop()
        database.engine.dispose()
