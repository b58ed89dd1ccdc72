"""The dashboard's forms for a cell meeting, a dues book and a briefing conclusion."""

from __future__ import annotations

from sqlalchemy import select

from models.schema import CellMeeting, Conclusion, DuesBook, MeetingAbsence, MemberEvent
from models.uow import read_session
from tests.tui.helpers import screen_text, settle
from tests.tui.test_forms import choose, error_at, submit
from tui.screens.forms import ConfirmScreen, FormScreen


def _members(engine, cell_id):
    with read_session(engine) as s:
        return sorted(s.scalars(select(MemberEvent.member_id).where(MemberEvent.org_id == cell_id).distinct()))


async def test_a_secretary_records_a_meeting_with_its_absences(engine, users, make_app):
    a, b, *_ = _members(engine, users.cell)
    app = make_app(login="sec")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        form = await choose(pilot, "Họp chi bộ")
        assert form.query_one("#field-date").value == "31/03/2023"
        # A member of another cell is refused next to the field, and nothing is written.
        await submit(pilot, absent="999")
        assert isinstance(app.screen, FormScreen)
        assert "999" in error_at(pilot, "absent")
        await submit(pilot, absent=f"{a}", excused=f"{b}")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        assert s.scalar(select(CellMeeting.meeting_date)).isoformat() == "2023-03-31"
        assert sorted(s.execute(select(MeetingAbsence.member_id, MeetingAbsence.excused)).all()) == [(a, False), (b, True)]


async def test_a_dues_book_month_is_read_as_mm_yyyy(engine, users, make_app):
    a, *_ = _members(engine, users.cell)
    app = make_app(login="sec")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        form = await choose(pilot, "Khóa sổ đảng phí")
        assert form.query_one("#field-month").value == "02/2023"  # the month before today's
        await submit(pilot, month="13/2023")
        assert "13/2023" in error_at(pilot, "month")
        await submit(pilot, month="02/2023", unpaid=f"{a}")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        assert s.scalar(select(DuesBook.month)).isoformat() == "2023-02-01"


async def test_staff_record_a_conclusion_from_the_overview(engine, users, make_app):
    app = make_app(login="staff")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        await choose(pilot, "Kết luận giao ban")
        await submit(pilot, org="X1", text="Kết nạp 2 đảng viên trước 30/6", due="30/06/2023")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        assert s.scalar(select(Conclusion.text)) == "Kết nạp 2 đảng viên trước 30/6"
