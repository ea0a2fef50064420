"""The Alembic migrations build exactly the schema the models describe, on a real SQLite."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from assistant.db.engine import Database, migrate
from assistant.db.models import Base
from assistant.seed import seed_demo


def test_migrations_match_the_models(settings):
    database = Database(settings)
    migrate(database.engine)
    migrate(database.engine)  # idempotent
    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert set(inspect(database.engine).get_table_names()) >= set(Base.metadata.tables)


def test_demo_seed_runs_once(settings):
    database = Database(settings)
    migrate(database.engine)
    with database.sessions() as db:
        assert seed_demo(db, settings.pseudonym_secret) is True
        assert seed_demo(db, settings.pseudonym_secret) is False
