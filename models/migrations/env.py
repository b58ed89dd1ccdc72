"""Alembic environment: runs on the connection handed over by :mod:`models.migrate`."""

from __future__ import annotations

from alembic import context

from models.schema import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # pragma: no cover - only when someone runs the alembic CLI
        from models.db import make_engine

        engine = make_engine(context.config.get_main_option("sqlalchemy.url") or None)
        with engine.connect() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
