"""Alembic environment: runs on the connection given by `assistant.db.engine.migrate`,
or on REBOND_DATABASE_URL when called from the alembic command line."""

from alembic import context
from sqlalchemy import create_engine

from assistant.db.models import Base
from assistant.settings import get_settings

config = context.config


def run_migrations() -> None:
    """Run online migrations; SQLite needs batch mode to alter tables."""
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(get_settings().database_url)
        with engine.begin() as own_connection:
            _run(own_connection)
    else:
        _run(connection)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
