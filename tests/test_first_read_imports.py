"""What a dashboard's first read loads (issue 19: the first figures on screen wait for it)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import Engine, Table, text

from models.schema import MEMBER_STATES, MemberEvent


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


@pytest.mark.parametrize(("table", "name", "words"), [
    (MemberEvent.__table__, "ix_member_events_far_away", ("far_away_start", "far_away_contact")),
    (MemberEvent.__table__, "ix_member_events_probation_since", ("probation_since", "NOT NULL")),
    (MEMBER_STATES, "ix_member_states_readmitted", ("first_joined", "joined")),
])
def test_each_partial_index_is_partial_on_each_backend_when_created_from_the_schema(
        engine: Engine, table: Table, name: str, words: tuple[str, ...]) -> None:
    """The synthetic loader drops and recreates the indexes from ``models.schema``: on PostgreSQL
    a predicate is given at creation (not declared with the index, which loaded the PostgreSQL
    dialect everywhere); a whole (kind, date) index was the country load's costliest."""
    index = next(ix for ix in table.indexes if ix.name == name)
    with engine.begin() as conn:
        index.drop(conn)
        index.create(conn)
        if conn.dialect.name == "postgresql":
            made = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"
                                     " AND schemaname = current_schema()"), {"n": name}).scalar_one()
        else:
            made = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}).scalar_one()
    assert "WHERE" in made and all(word in made for word in words)
