"""Live updates: a commit made elsewhere reaches the screen with no key pressed, in place,
marked; a lost database shows the stale marker and the screen recovers by itself.

The app's watcher thread runs against the real database of each backend. Waiting is by
polling the screen until what a person would see appears (never a timing assertion: the
deadline only stops a broken test from hanging).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, text

from models.db import make_engine
from models.enums import Role, Sex
from models.login import system_login
from models.migrate import upgrade
from tests.builders import build, db_url
from tests.tui.conftest import build_tree, new_app
from tests.tui.helpers import cursor_key, settle, table_rows
from tui.data import OverviewQuery
from tui.widgets.kpis import Kpi
from tui.widgets.tables import KeyedTable

#: Only a guard against hanging when the feature is broken.
PATIENCE = 30.0
ROOT = Path(__file__).resolve().parents[2]


async def until(pilot, check: Callable[[], bool]) -> bool:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while loop.time() < deadline:
        if check():
            return True
        await asyncio.sleep(0.05)
        await pilot.pause()
    return check()


def row_of(pilot, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return next(r for r in table_rows(pilot) if r[0].lstrip("▸ ") == name)


def admitted_kpi(pilot) -> str:  # type: ignore[no-untyped-def]
    return pilot.app.screen.query_one("#kpi-admitted", Kpi).value or ""


def meta(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one("#meta").render())


def admit_elsewhere(engine: Engine, cell_id: int) -> None:
    """Another connection (another engine on the same database) commits an admission."""
    from models.schema import Organisation

    other = make_engine(db_url(engine))
    try:
        with build(other) as b:
            b.admit(b.s.get(Organisation, cell_id), dt.date(2022, 6, 1), sex=Sex.FEMALE)
    finally:
        other.dispose()


async def test_a_commit_on_another_connection_changes_the_screen_with_no_key(engine, tree):
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        assert admitted_kpi(pilot) == "4"
        assert row_of(pilot, "Đảng bộ xã Bình Khánh")[3] == "1"
        admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: admitted_kpi(pilot) == "5")
        await settle(pilot)
        assert row_of(pilot, "Đảng bộ xã Bình Khánh")[3] == "2"
        # The changed figures are marked for a moment: the headline figure and the cell.
        assert app.screen.query_one("#kpi-admitted", Kpi).has_class("-changed")
        table = app.screen.query_one(KeyedTable)
        assert (str(tree.behind), "admitted") in table.changed
        assert (str(tree.ahead), "admitted") not in table.changed
        assert "cập nhật lúc 14:05:12" in meta(pilot)


async def test_a_commit_by_another_process_reaches_the_screen(engine, tree):
    """``giaoban record admission`` in a subprocess, as a second terminal would."""
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        assert admitted_kpi(pilot) == "4"
        # The subprocess is whoever runs the tests (its identity is the real uid's login).
        with build(engine) as b:
            b.user(system_login(), Role.ADMIN)
        env = {**os.environ, "GIAOBAN_LANG": "en"}
        done = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-c", "from tui.cli import main; main()", "--db", db_url(engine), "record", "admission", "--org", "X1-B",
             "--name", "Lê Văn Tư", "--sex", "nam", "--born", "1998-04-02", "--date", "2022-07-15", "--ethnicity", "Kinh"],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        assert await until(pilot, lambda: admitted_kpi(pilot) == "5")


async def test_the_cursor_stays_on_its_row_across_an_update(engine, tree):
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        await pilot.press("s")  # by status: the lagging commune first
        await pilot.press("j")
        before = cursor_key(pilot)
        assert before == str(tree.ahead)
        # Enough admissions that the lagging commune overtakes: the rows change order.
        for _ in range(4):
            admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: row_of(pilot, "Đảng bộ xã Bình Khánh")[3] == "5")
        await settle(pilot)
        assert cursor_key(pilot) == before
        assert table_rows(pilot)[app.screen.query_one(KeyedTable).cursor_row][0].lstrip("▸ ") == "Đảng bộ xã Thạnh An"


async def test_a_drilled_screen_stays_and_the_one_below_updates_when_shown(engine, tree):
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        await pilot.press("enter")  # the first commune (Bình Khánh)
        await settle(pilot)
        drilled = app.screen
        assert admitted_kpi(pilot) == "1"
        admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: admitted_kpi(pilot) == "2")
        assert app.screen is drilled
        await pilot.press("escape")
        await settle(pilot)
        assert admitted_kpi(pilot) == "5"


async def test_a_lost_sqlite_database_is_marked_stale_and_recovers(tmp_path):
    """The database file's folder goes away (an unmounted share) and comes back."""
    folder = tmp_path / "share"
    folder.mkdir()
    engine = make_engine(f"sqlite:///{folder / 'giaoban.sqlite'}")
    upgrade(engine)
    tree = build_tree(engine)
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        away = tmp_path / "unmounted"
        folder.rename(away)
        # The watcher's open handle would still read the moved file: close it, as a dropped
        # share does, so the watcher must reconnect, and cannot.
        app.watcher._conn.driver_connection.close()  # noqa: SLF001
        assert await until(pilot, lambda: "mất kết nối — số liệu lúc 14:05:12" in meta(pilot))
        assert admitted_kpi(pilot) == "4"  # the last figures stay
        away.rename(folder)
        admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: admitted_kpi(pilot) == "5")
        assert "mất kết nối" not in meta(pilot) and "cập nhật lúc" in meta(pilot)
        # The slides say it too, on their caption line.
        await pilot.press("p")
        await settle(pilot)
        caption = lambda: str(app.screen.query_one("#caption").render())  # noqa: E731
        folder.rename(away)
        app.watcher._conn.driver_connection.close()  # noqa: SLF001
        assert await until(pilot, lambda: "mất kết nối — số liệu lúc 14:05:12" in caption())
        away.rename(folder)
        assert await until(pilot, lambda: "mất kết nối" not in caption())
        assert "cập nhật lúc 14:05:12" in caption()
    engine.dispose()


async def test_a_lost_postgresql_connection_is_marked_stale_and_recovers(engine, tree):
    if engine.dialect.name != "postgresql":
        return  # the SQLite case is the test above
    app = new_app(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        pid = app.watcher._conn.driver_connection.info.backend_pid  # noqa: SLF001
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        # The watcher notices on its next wait and waits a second before reconnecting.
        assert await until(pilot, lambda: "mất kết nối — số liệu lúc 14:05:12" in meta(pilot))
        assert admitted_kpi(pilot) == "4"
        admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: admitted_kpi(pilot) == "5")
        assert "mất kết nối" not in meta(pilot)


async def test_a_child_read_ahead_opens_at_once_and_a_change_is_not_hidden_by_it(engine, tree):
    app = new_app(engine)
    reads: list[object] = []
    read = app.store.read

    def counted(query):  # type: ignore[no-untyped-def]
        # The figures' reads; the at-risk column is read after them, in its own worker.
        if isinstance(query, OverviewQuery):
            reads.append(query)
        return read(query)

    app.store.read = counted  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert admitted_kpi(pilot) == "4"
        # The cursor rests on the first commune (Bình Khánh): its figures are read ahead.
        assert await until(pilot, lambda: any(getattr(q, "org_id", None) == tree.behind for q in reads))
        await pilot.pause(0.3)
        await settle(pilot)
        before = len(reads)
        await pilot.press("enter")
        await pilot.pause()
        # Shown from what was read ahead: no query of its own, and the figures are there.
        assert len(reads) == before and admitted_kpi(pilot) == "1"
        await pilot.press("escape")
        await settle(pilot)
        # A change, then ``r``: what was read ahead (and what Esc left) is dropped.
        admit_elsewhere(engine, tree.cell)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert admitted_kpi(pilot) == "2"


async def test_a_commit_made_before_the_live_updates_start_reaches_the_screen(engine, tree):
    """The live updates start once the first figures are painted (their thread would share the
    interpreter with that): a commit made after the figures were read and before the watcher
    takes its baseline is noticed all the same."""
    app = new_app(engine)

    def commit_then_watch():  # type: ignore[no-untyped-def]
        # In the watcher's thread, before its baseline: the figures on screen were read before.
        admit_elsewhere(engine, tree.cell)
        return app.store.watcher(app.watch_interval)

    app.watcher_factory = commit_then_watch
    async with app.run_test(size=(120, 40)) as pilot:
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        assert await until(pilot, lambda: admitted_kpi(pilot) == "5")
        assert row_of(pilot, "Đảng bộ xã Bình Khánh")[3] == "2"
