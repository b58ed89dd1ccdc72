"""Dashboards learn of other connections' commits through models.changes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import Engine, insert

from models.changes import ChangeWatcher, DatabaseUnavailable
from models.enums import OrgKind
from models.schema import Organisation
from models.uow import write_session


def _commit_something(engine: Engine, code: str) -> None:
    with write_session(engine) as s:
        s.execute(
            insert(Organisation).values(
                code=code, name=f"Chi bộ {code}", kind=OrgKind.GRASSROOTS_CELL, valid_from=dt.date(2020, 1, 1)
            )
        )


def test_quiet_when_nothing_changes(engine: Engine) -> None:
    watcher = ChangeWatcher(engine, sqlite_interval=0.05, slow_poll_interval=0.2)
    try:
        start = watcher.current().revision
        assert watcher.wait(0.5) is None
        assert watcher.revision == start
    finally:
        watcher.close()


def test_sees_a_commit_from_another_connection(engine: Engine) -> None:
    watcher = ChangeWatcher(engine)
    try:
        before = watcher.current().revision
        timer = threading.Timer(0.2, _commit_something, args=(engine, "X1"))
        timer.start()
        change = watcher.wait(15.0)  # returns at the notice; the bound only ends a failed wait (a loaded CI machine took over 3 s)
        timer.join()
        assert change is not None, "the commit was not noticed"
        assert change.revision == before + 1
        assert change.changed_at is not None
    finally:
        watcher.close()


def test_changes_made_while_disconnected_are_noticed_on_reconnect(engine: Engine) -> None:
    watcher = ChangeWatcher(engine, slow_poll_interval=10.0)
    try:
        watcher.current()
        watcher._drop()  # as if the connection broke
        _commit_something(engine, "X2")  # NOTIFY is lost: nobody listens
        change = watcher.wait(0.3)
        assert change is not None
    finally:
        watcher.close()


def test_postgresql_outage_is_reported_and_recovers(pg_schema_url: tuple[str, str]) -> None:
    from tests.conftest import pg_engine

    from models.migrate import upgrade

    url, schema = pg_schema_url
    engine = pg_engine(url, schema)
    upgrade(engine)
    watcher = ChangeWatcher(engine, slow_poll_interval=0.2)
    try:
        watcher.current()
        pid = watcher._conn.driver_connection.info.backend_pid
        admin = pg_engine(url, schema)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
        admin.dispose()
        with pytest.raises(DatabaseUnavailable) as err:
            for _ in range(20):
                watcher.wait(0.3)
        assert "postgresql" in err.value.message("en").lower()
        assert "password" not in err.value.message("en").lower()
        _commit_something(engine, "X3")
        # The next wait reconnects and reports what changed meanwhile.
        assert watcher.wait(1.0) is not None
    finally:
        watcher.close()
        engine.dispose()


def test_the_audit_row_of_a_read_wakes_no_dashboard(engine: Engine) -> None:
    """Opening a member list writes its audit row; were that counted as a change, every open
    dashboard would re-read, log its own read, and wake the others, for ever."""
    from sqlalchemy import func, select

    from models.access import SYSTEM
    from models.people import cell_members
    from models.schema import AuditEntry

    _commit_something(engine, "X1")
    with write_session(engine) as s:
        org_id = s.execute(select(Organisation.id).where(Organisation.code == "X1")).scalar_one()
        audited_before = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    watcher = ChangeWatcher(engine, sqlite_interval=0.05, slow_poll_interval=0.2)
    try:
        start = watcher.current().revision
        cell_members(engine, SYSTEM, org_id, dt.date(2023, 1, 1))
        with write_session(engine, changes_figures=False) as s:
            assert s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == audited_before + 1
        assert watcher.wait(0.5) is None
        assert watcher.revision == start
        _commit_something(engine, "X2")  # a real change still wakes it
        assert watcher.wait(3.0) is not None
    finally:
        watcher.close()
