"""The dashboard's schema check (without Alembic) agrees with Alembic at every revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from models import migrate, schema_version
from models.db import make_engine, write_engine


def test_the_newest_revision_is_alembics_head() -> None:
    assert schema_version.head_revision() == migrate.head_revision()


def test_a_database_is_current_only_at_the_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'steps.sqlite'}")
    assert schema_version.recorded_revision(engine) is None
    assert not schema_version.is_current(engine)
    cfg = migrate.alembic_config()
    for step in ("0001", "head"):
        with write_engine(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, step)
        assert schema_version.recorded_revision(engine) == migrate.current_revision(engine)
        assert schema_version.is_current(engine) == migrate.is_current(engine) == (step == "head")
    engine.dispose()


def test_the_migrated_test_database_is_current(engine) -> None:  # type: ignore[no-untyped-def]
    """On each backend the tests run on (the ``engine`` fixture is migrated to the head)."""
    assert schema_version.is_current(engine)
    assert schema_version.recorded_revision(engine) == migrate.current_revision(engine)
