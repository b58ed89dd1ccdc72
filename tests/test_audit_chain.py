"""The tamper-evident audit log (issue 14, finding 7): a hash chain that names the first
broken link, kept unforked by concurrent writers, filled by migration 0009 for old rows, and
protective triggers that ``giaoban init`` restores."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import Engine, text

from bench.concurrent_writers import run
from models.access import Actor
from models.append_only import expected, restore
from models.audit import audit
from models.audit_chain import verify
from models.db import make_engine
from models.enums import AuditOutcome, Role
from models.migrate import alembic_config, upgrade
from models.uow import write_session
from tui.cli import main

ADMIN = Actor(None, "thu", Role.ADMIN, None, os_login="thu")


def _write(engine: Engine, n: int) -> None:
    for i in range(n):
        with write_session(engine) as session:
            audit(session, ADMIN, "test.write", AuditOutcome.OK, after={"i": i, "tên": "Nguyễn Thị Lan", "day": dt.date(2023, 3, 31)})


def _ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT id FROM audit_log ORDER BY id")).scalars())


def _unguarded(engine: Engine, sql: str, **params: object) -> None:
    """Run ``sql`` on the audit log past its append-only triggers, as the owning role can."""
    pg = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if pg:
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text(sql), params)
        if pg:
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            for name, create in expected("sqlite").items():
                if name.startswith("audit_log_"):
                    conn.execute(text(create))


def _check(engine: Engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return verify(conn)


def test_an_untouched_log_verifies(engine: Engine) -> None:
    _write(engine, 5)
    check = _check(engine)
    assert check.broken is None and check.rows == 5 and check.head is not None and len(check.head) == 64


def test_a_changed_row_is_named(engine: Engine) -> None:
    _write(engine, 5)
    ids = _ids(engine)
    _unguarded(engine, "UPDATE audit_log SET login = 'someone' WHERE id = :id", id=ids[2])
    broken = _check(engine).broken
    assert broken is not None and broken.id == ids[2] and broken.previous_id == ids[1] and broken.reason == "changed"


def test_a_removed_row_breaks_the_link_after_it(engine: Engine) -> None:
    _write(engine, 5)
    ids = _ids(engine)
    _unguarded(engine, "DELETE FROM audit_log WHERE id = :id", id=ids[1])
    broken = _check(engine).broken
    assert broken is not None and broken.id == ids[2] and broken.previous_id == ids[0]


def test_a_row_slipped_in_without_giaoban_is_named(engine: Engine) -> None:
    _write(engine, 2)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, login, action, outcome) VALUES (:at, 'x', 'forged', 'ok')"),
                     {"at": dt.datetime(2026, 1, 1)})
    broken = _check(engine).broken
    assert broken is not None and broken.reason == "missing" and broken.id == _ids(engine)[-1]


def test_two_writers_never_fork_the_chain(engine: Engine) -> None:
    """Writers that ran at once each linked to the row written before theirs."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: _write(engine, 15), range(4)))
    check = _check(engine)
    assert check.rows == 60 and check.broken is None


def test_four_writer_processes_keep_one_chain_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    assert run(url, writers=4, seconds=2).errors == []
    check = _check(make_engine(url))
    assert check.rows > 0 and check.broken is None


def test_four_writer_processes_keep_one_chain_on_postgresql(pg_schema_url) -> None:  # type: ignore[no-untyped-def]
    base, schema = pg_schema_url
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    assert run(url, writers=4, seconds=2).errors == []
    check = _check(make_engine(url))
    assert check.rows > 0 and check.broken is None


def test_migration_0009_links_the_rows_already_there(bare_engine: Engine) -> None:
    cfg = alembic_config()
    with bare_engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008")
    with bare_engine.begin() as conn:
        for i, detail in enumerate(({"after": {"tên": "Lê Văn Hùng", "n": 1.5}}, None, {"message": "x\ny"})):
            conn.execute(
                text("INSERT INTO audit_log (at, login, action, outcome, detail, target_id) "
                     "VALUES (:at, 'thu', 'old.row', 'ok', :detail, :i)"),
                {"at": dt.datetime(2023, 3, 31, 14, 5, i, 120 * i), "detail": json.dumps(detail) if detail else None, "i": i},
            )
    upgrade(bare_engine)
    _write(bare_engine, 1)
    check = _check(bare_engine)
    assert check.rows == 4 and check.broken is None


def test_restore_recreates_dropped_or_disabled_triggers(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(text("DROP TRIGGER member_events_no_truncate ON member_events"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER member_events_no_delete"))
            # A trigger of the right name that does nothing is not protection either.
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN SELECT 1; END"))
    with engine.begin() as conn:
        restored = restore(conn)
    wanted = (
        {"audit_log_append_only", "member_events_no_truncate"}
        if engine.dialect.name == "postgresql"
        else {"audit_log_no_update", "member_events_no_delete", "audit_log_no_delete"}
    )
    assert set(restored) == wanted
    _write(engine, 1)
    for sql in ("UPDATE audit_log SET login = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    with engine.begin() as conn:
        assert restore(conn) == []


def test_init_restores_the_triggers_and_audit_verify_names_the_break(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     login_as) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "g.sqlite"
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{db}")
    login_as("thu")
    runner = CliRunner()
    assert runner.invoke(main, ["init", "--admin", "thu"]).exit_code == 0
    ok = runner.invoke(main, ["audit", "verify"])
    assert ok.exit_code == 0 and "nguyên vẹn: 1 dòng" in ok.output
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET login = 'ke_gian'")
    again = runner.invoke(main, ["init"])
    assert again.exit_code == 0 and "audit_log_no_update" in again.stderr
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET login = 'thu'")
    broken = runner.invoke(main, ["audit", "verify"])
    assert broken.exit_code == 1 and "dòng #1" in broken.stderr
    en = runner.invoke(main, ["--lang", "en", "audit", "verify"])
    assert en.exit_code == 1 and "broken at row #1" in en.stderr
