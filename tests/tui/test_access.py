"""Who may open what: refusals in words, the demo fallback, personal details kept from viewers,
and errors as notifications rather than tracebacks."""

from __future__ import annotations

import subprocess
import sys

from tests.tui.helpers import notifications, screen_words, settle, table_rows, until_start_up_error
from tui.app import RefusalScreen
from tui.screens.cell import CellScreen
from tui.screens.overview import OverviewScreen
from tui.widgets.titlebar import Breadcrumb


async def test_an_unregistered_login_sees_the_refusal(engine, tree, make_app):
    app = make_app(login="stranger")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, failures=[])  # the first read is refused: that is what is shown
        assert isinstance(app.screen, RefusalScreen)
        assert "“stranger” chưa được đăng ký" in app.screen.message
        await pilot.press("q")
    assert app.return_code == 1
    # The refusal is in the audit log, under the login that was refused.
    from sqlalchemy import select

    from models.enums import AuditOutcome
    from models.schema import AuditEntry
    from models.uow import read_session

    with read_session(engine) as s:
        found = s.execute(select(AuditEntry.login, AuditEntry.action, AuditEntry.outcome)).all()
    assert ("stranger", "dashboard.open", AuditOutcome.REFUSED) in found


async def test_the_demo_database_lets_an_unregistered_login_look_around(tree, make_app):
    app = make_app(login="stranger", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert len(table_rows(pilot)) == 2
        assert any("“stranger” chưa được đăng ký nên chỉ được xem, không ghi (quy tắc riêng của dữ liệu mẫu)" in m for m in notifications(pilot))


async def test_a_viewer_sees_their_scope_and_no_personal_details(tree, make_app):
    app = make_app(login="watcher")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(Breadcrumb).names[-1] == "Đảng bộ xã Thạnh An"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen)
        refusal = str(app.screen.query_one("#refusal").render())
        assert "chỉ được xem số liệu tổng hợp" in refusal
        assert not app.screen.query_one("KeyedTable").display


async def test_an_unknown_root_is_said_on_a_screen_not_a_traceback(tree, make_app):
    app = make_app(root="NOPE")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_start_up_error(pilot)
        assert "“NOPE”" in screen_words(pilot)
        assert app.is_running


async def test_an_unreachable_database_is_said_in_words_without_the_password():
    import datetime as dt

    from models.db import make_engine
    from tui.app import GiaobanApp
    from tui.data import Store

    engine = make_engine("postgresql://giaoban:s3cret@127.0.0.1:1/nowhere", connect_args={"connect_timeout": 2})
    app = GiaobanApp(Store(lambda: engine, as_of=dt.date(2023, 3, 31), login="chair"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until_start_up_error(pilot)
        shown = screen_words(pilot)
        assert "Không kết nối được cơ sở dữ liệu postgresql+psycopg://giaoban:***@" in shown
        assert "s3cret" not in shown
        assert app.is_running


def test_the_first_frame_does_not_wait_for_sqlalchemy():
    code = (
        "import sys; import tui.app, tui.screens.overview, tui.screens.cell, tui.screens.problems, "
        "tui.screens.sections, tui.screens.member, tui.screens.help, tui.screens.period, tui.screens.forms, "
        "tui.screens.audit; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'models')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # The exceptions, the standard library alone: the text folding of the `/` filter, shared
    # with the audit log's search so that both fold alike, and the sanitiser every stored text
    # passes through on its way to the screen.
    assert out.strip() == "['models', 'models.collation', 'models.safe_text']"


async def test_a_database_behind_the_newest_migration_says_to_run_init(tmp_path):
    """A shared database is upgraded by its administrator: the dashboard names the command."""
    import datetime as dt

    from alembic import command

    from models.db import make_engine, write_engine
    from models.migrate import alembic_config
    from tui.app import GiaobanApp
    from tui.data import Store

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    cfg = alembic_config()
    with write_engine(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    app = GiaobanApp(Store(lambda: engine, as_of=dt.date(2023, 3, 31), login="chair"))
    async with app.run_test(size=(100, 30)) as pilot:
        await until_start_up_error(pilot)
        assert "giaoban init" in screen_words(pilot)


async def test_the_demo_database_is_upgraded_in_place(tmp_path):
    import datetime as dt

    from alembic import command

    from models.db import make_engine, write_engine
    from models.migrate import alembic_config, is_current
    from tui.data import Store

    engine = make_engine(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    cfg = alembic_config()
    with write_engine(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    store = Store(lambda: engine, as_of=dt.date(2023, 3, 31), demo_fallback=True)
    store.engine()
    assert is_current(engine)
