"""What a dashboard's first read loads (issue 19: the first figures on screen wait for it)."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import Engine, text

from models.schema import MemberEvent


def test_the_data_layer_loads_neither_postgresqls_dialect_on_sqlite_nor_every_countrys_holidays() -> None:
    """The modules of a first overview read, and a working day counted: SQLAlchemy's PostgreSQL
    dialect (its drivers, asyncpg, asyncio) and the ``holidays`` package's 250 countries were a
    fifth of a first read's CPU, for nothing on SQLite or outside Vietnam; the office's figures
    and tables (statistics screen, reports) are not the first screen's."""
    code = (
        "import sys, datetime as dt\n"
        "import models.uow, models.figures.service, models.figures.events, models.changes\n"
        "from models.db import make_engine\n"
        "from models.workdays import is_working_day\n"
        "make_engine('sqlite://')\n"
        "assert not is_working_day(dt.date(2025, 9, 2))\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('sqlalchemy.dialects.postgresql', 'holidays.countries',"
        " 'models.office_schema', 'models.figures.office')) and m != 'holidays.countries.vietnam')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_the_far_away_index_is_partial_on_each_backend_when_created_from_the_schema(engine: Engine) -> None:
    """The synthetic loader drops and recreates the index from ``models.schema``: on PostgreSQL
    its predicate is given at creation (not declared with the index, which loaded the
    PostgreSQL dialect everywhere); a whole (kind, date) index was the country load's costliest."""
    index = next(ix for ix in MemberEvent.__table__.indexes if ix.name == "ix_member_events_far_away")
    with engine.begin() as conn:
        index.drop(conn)
        index.create(conn)
        if conn.dialect.name == "postgresql":
            made = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_member_events_far_away'"
                                     " AND schemaname = current_schema()")).scalar_one()
        else:
            made = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'ix_member_events_far_away'")).scalar_one()
    assert "WHERE" in made and "far_away_start" in made and "far_away_contact" in made
