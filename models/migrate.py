"""Create or upgrade the schema to the newest migration (``giaoban init``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.db import write_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


#: Set by a migration that created or changed a kept table (figures, states, the latest events).
REBUILD_KEPT = "rebuild_kept"


def upgrade(engine: Engine) -> None:
    """Bring the database to the head revision; a no-op when it is there already.

    Migrations carry their own SQL and import no live module, so they never change when the
    code does. The kept tables are the one exception to filling data there: they are derived
    from the event log by today's code, so a migration that touches them only asks for a
    rebuild, done here once the schema is at the head, in the same transaction."""
    cfg = alembic_config()
    with write_engine(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if cfg.attributes.get(REBUILD_KEPT):
            from models import stats

            with Session(bind=conn) as session:
                stats.rebuild(session)


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
