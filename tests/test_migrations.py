"""Migrations are frozen: each carries its own SQL, so an old migration does not change when
today's modules do; the kept tables they create are refilled from the event log by today's code
once the schema is at the head (:func:`models.migrate.upgrade`)."""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import text

from models.db import write_engine
from models.migrate import MIGRATIONS, alembic_config, upgrade
from models.uow import read_session

VERSIONS = sorted((MIGRATIONS / "versions").glob("[0-9]*.py"))
# What a migration may import: the standard library, Alembic and SQLAlchemy.
ALLOWED = {"alembic", "sqlalchemy", "__future__"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_migration_imports_a_live_module() -> None:
    assert len(VERSIONS) >= 8
    for path in VERSIONS:
        foreign = {r for r in _imported_roots(path) if r not in ALLOWED and r not in sys.stdlib_module_names}
        assert not foreign, f"{path.name} imports {sorted(foreign)}: a migration must carry its own SQL"


def test_an_old_database_upgraded_has_its_events_in_the_kept_figures(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # A database written at the first revision, before any kept table existed.
    cfg = alembic_config()
    now = dt.datetime(2021, 1, 1, 8, 0)
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(2000, 1, 1), "now": now})
        conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                          "VALUES (1, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                     {"b": dt.date(1995, 4, 2), "now": now})
        conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                          "VALUES (1, 1, 'admission', :d, true, :now)"),
                     {"d": dt.date(2020, 5, 19), "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        figures = s.execute(text("SELECT admitted, women FROM org_year_stats WHERE org_id = 1 AND year = 2020")).one()
        state = s.execute(text("SELECT org_id, joined FROM member_states WHERE member_id = 1")).one()
        closure = s.execute(text("SELECT count(*) FROM org_closure WHERE descendant_id = 1")).scalar_one()
    assert tuple(figures) == (1, 1)
    assert state[0] == 1 and str(state[1]) == "2020-05-19"
    assert closure == 1
