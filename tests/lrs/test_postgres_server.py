"""The PostgreSQL fixture is a real server, and Rebond's whole schema migrates onto it.

Every PostgreSQL result of the LRS suite rests on these: if `postgres_url` quietly handed out
something other than a fresh database on a real server, or if a migration only worked on
SQLite (batch mode, JSON and enum types, index names), the PostgreSQL half of the suite would
prove nothing.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from assistant.db.engine import MIGRATIONS_DIR, migrate
from assistant.db.models import Base
from tests.lrs.postgres import PostgresServer


def test_the_fixture_is_a_fresh_database_on_a_real_loopback_server(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as connection:
            assert connection.dialect.name == "postgresql"
            assert int(connection.execute(text("SHOW server_version_num")).scalar_one()) >= 130000
            # Reached over TCP on loopback, like the service reaches a deployed server.
            assert connection.execute(text("SELECT host(inet_server_addr())")).scalar() == (
                "127.0.0.1"
            )
            assert inspect(connection).get_table_names() == []
    finally:
        engine.dispose()


def test_each_database_is_isolated_and_dropped(postgres_server: PostgresServer) -> None:
    first, second = postgres_server.create_database(), postgres_server.create_database()
    engines = [create_engine(postgres_server.url(name)) for name in (first, second)]
    try:
        with engines[0].begin() as connection:
            connection.execute(text("CREATE TABLE marker (id int)"))
        with engines[1].connect() as connection:
            assert inspect(connection).get_table_names() == []
    finally:
        for engine in engines:
            engine.dispose()
        postgres_server.drop_database(first)
        postgres_server.drop_database(second)
    admin = create_engine(postgres_server.url())
    try:
        with admin.connect() as connection:
            names = connection.execute(text("SELECT datname FROM pg_database")).scalars().all()
        assert first not in names and second not in names
    finally:
        admin.dispose()


def test_every_migration_runs_and_the_schema_matches_the_models(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        migrate(engine)  # from an empty database: 0001, then every later revision in order
        migrate(engine)  # start-up runs it every time: the second run must be a no-op
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert context.get_current_revision() == head
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], f"the migrations and the ORM models disagree: {differences}"
    finally:
        engine.dispose()
