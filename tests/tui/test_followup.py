"""The dashboard's early warnings of removal and briefing conclusions: the overview's column,
the problem list's entry, the two screens (6 and 7), and their forms."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.access import SYSTEM
from models.record import add_conclusion, record_meeting
from models.schema import Member, MemberEvent
from models.uow import read_session, write_session
from tests.tui.helpers import screen_text, settle, table_rows
from tui.screens.conclusions import ConclusionsScreen
from tui.screens.member import MemberScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.warnings import WarningsScreen


def _cell_members(engine, cell_id):
    with read_session(engine) as s:
        return sorted(s.scalars(select(MemberEvent.member_id).where(MemberEvent.org_id == cell_id).distinct()))


def _meetings(engine, code, absent, days):
    for day in days:
        with write_session(engine) as s:
            record_meeting(s, SYSTEM, org=code, date=day, absent=absent)


def _at_risk(engine, tree):
    """Two members of X1-A miss meetings: one January to March 2023 (a flag), the other
    February and March (a warning)."""
    a, b, *_ = _cell_members(engine, tree.cell)
    _meetings(engine, "X1-A", [a], [dt.date(2023, 1, 6)])
    _meetings(engine, "X1-A", [a, b], [dt.date(2023, 2, 6), dt.date(2023, 3, 6)])
    with read_session(engine) as s:
        return {m.id: m.full_name for m in s.scalars(select(Member).where(Member.id.in_([a, b])))}, a, b


async def test_warnings_screen_lists_the_flag_first_and_opens_the_member(engine, tree, make_app):
    names, a, b = _at_risk(engine, tree)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, WarningsScreen)
        rows = table_rows(pilot)
        assert [r[1] for r in rows] == [names[a], names[b]]
        assert "đến ngưỡng xóa tên" in rows[0][0] and rows[0][4] == "01/2023, 02/2023, 03/2023"
        assert "cảnh báo" in rows[1][0] and rows[1][4] == "02/2023, 03/2023"
        assert "2 đảng viên có nguy cơ bị xóa tên (1 đến ngưỡng xóa tên)" in str(app.screen.query_one("#count").render())
        assert "Điều 8" in str(app.screen.query_one("#detail").render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        # The member's history shows when the warning began and reached the threshold.
        warned = [r for r in table_rows(pilot) if r[1] == "⚠ Cảnh báo xóa tên"]
        assert [r[0] for r in warned] == ["06/02/2023", "06/03/2023"]
        assert warned[0][4].startswith("Bắt đầu cảnh báo") and warned[1][4].startswith("Đến ngưỡng xóa tên")


async def test_a_viewer_sees_the_count_not_the_names(engine, tree, make_app):
    _at_risk(engine, tree)
    app = make_app(login="watcher")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert isinstance(app.screen, WarningsScreen)
        assert not app.screen.query_one("#warnings").display
        assert "thông tin cá nhân" in str(app.screen.query_one("#refusal").render())


async def test_overview_column_and_problem_list_entry(engine, tree, make_app):
    _at_risk(engine, tree)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = {r[0].strip("▸ "): r for r in table_rows(pilot)}
        assert rows["Đảng bộ xã Bình Khánh"][-1] == "⚠ 2" and rows["Đảng bộ xã Thạnh An"][-1] == "0"
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert str(app.screen.query_one("#at-risk").render()).startswith("⚠ 02 đảng viên có nguy cơ bị xóa tên")


async def test_conclusions_screen_and_closing_form(engine, tree, make_app):
    with write_session(engine) as s:
        add_conclusion(s, SYSTEM, org="X1", text="Đảng ủy xã Bình Khánh kết nạp 2 đảng viên trong năm 2023",
                       due=dt.date(2023, 6, 30), briefing=dt.date(2023, 1, 5), condition="admitted_at_least", count=2)
        add_conclusion(s, SYSTEM, org="X2", text="Rà soát đảng viên đi làm ăn xa", due=dt.date(2023, 3, 1),
                       briefing=dt.date(2023, 1, 5))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        assert isinstance(app.screen, ConclusionsScreen)
        rows = table_rows(pilot)
        assert [r[0] for r in rows] == ["✗ quá hạn", "… đang thực hiện"]
        assert rows[1][4] == "đã kết nạp 0/2 (2023)"
        await pilot.press("n")
        await settle(pilot)
        labels = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
        assert any(label.startswith("Đóng kết luận") for label in labels)


async def test_slides_at_risk_counts_and_conclusions(engine, tree, make_app):
    _at_risk(engine, tree)
    with write_session(engine) as s:
        add_conclusion(s, SYSTEM, org="X2", text="Rà soát đảng viên đi làm ăn xa", due=dt.date(2023, 3, 1),
                       briefing=dt.date(2023, 1, 5))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Đảng viên có nguy cơ bị xóa tên" in text and "⚠⚠ Chi bộ ấp Bình An" in text
        assert "Trần" not in text  # names stay off the projector
        await pilot.press("8")
        await settle(pilot)
        text = screen_text(pilot)
        assert "Thực hiện kết luận kỳ trước" in text and "✗ quá hạn" in text and "Rà soát đảng viên đi làm ăn xa" in text
