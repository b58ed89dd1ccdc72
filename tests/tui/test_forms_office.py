"""The dashboard's forms for the organisation office's records (issue 18): a member's yearly
quality rating, a disciplinary measure and an organisation's rating, through the same record
operations as the CLI and the import workbook."""

from __future__ import annotations

from sqlalchemy import func, select
from textual.widgets import Select

from models.office_schema import DisciplineKind, MemberDiscipline, MemberRating, OrgRating, QualityRating
from models.uow import read_session
from tests.tui.helpers import screen_text, settle
from tests.tui.test_forms import choose, error_at, open_cell, submit
from tui.screens.forms import ConfirmScreen, FormScreen


def _count(engine, table) -> int:  # type: ignore[no-untyped-def]
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


async def test_a_member_is_rated_for_last_year_from_the_cell_screen(engine, users, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        form = await choose(pilot, "Xếp loại chất lượng đảng viên")
        member_id = form.ctx.member_id
        # In March, the year to rate is the one before.
        assert form.query_one("#field-year").value == "2022"
        # The rating is asked for, and a year that has not begun is refused next to its field.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and error_at(pilot, "rating")
        app.screen.query_one("#field-rating", Select).value = "good"
        await submit(pilot, "ctrl+s", year="2099")
        assert isinstance(app.screen, FormScreen)
        assert "2099" in error_at(pilot, "year") and "chưa bắt đầu" in error_at(pilot, "year")
        assert _count(engine, MemberRating) == 0
        await submit(pilot, "ctrl+s", year="2022")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        assert "Hoàn thành tốt nhiệm vụ" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        assert [(r.member_id, r.year, r.rating) for r in s.scalars(select(MemberRating))] == [
            (member_id, 2022, QualityRating.GOOD)]


async def test_a_reprimand_needs_its_decision_and_is_recorded(engine, users, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        form = await choose(pilot, "Kỷ luật đảng viên")
        member_id = form.ctx.member_id
        assert form.query_one("#field-date").value == "31/03/2023"
        form.query_one("#field-kind", Select).value = "reprimand"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "số quyết định" in error_at(pilot, "decision_no")
        assert _count(engine, MemberDiscipline) == 0
        await submit(pilot, "ctrl+s", date="15/03/2023", decision_no="7-QĐ/ĐU", decided_by="Đảng ủy xã")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        assert "Khiển trách" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        [row] = s.scalars(select(MemberDiscipline))
        assert (row.member_id, row.kind, row.event_date.isoformat(), row.decision_no, row.decided_by) == (
            member_id, DisciplineKind.REPRIMAND, "2023-03-15", "7-QĐ/ĐU", "Đảng ủy xã")


async def test_a_cell_is_rated_by_its_superior_not_by_its_own_secretary(engine, users, make_app):
    app = make_app(login="sec")
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        form = await choose(pilot, "Xếp loại chất lượng tổ chức đảng")
        assert form.query_one("#field-org").value == "X1-A"
        form.query_one("#field-rating", Select).value = "excellent"
        await submit(pilot, "ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "không có quyền" in error_at(pilot, "org")
    assert _count(engine, OrgRating) == 0
    app = make_app(login="chair")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        form = await choose(pilot, "Xếp loại chất lượng tổ chức đảng")
        form.query_one("#field-rating", Select).value = "excellent"
        await submit(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        assert [(r.org_id, r.year, r.rating) for r in s.scalars(select(OrgRating))] == [
            (users.cell, 2022, QualityRating.EXCELLENT)]


async def test_a_members_makeup_is_recorded_from_the_cell_screen(engine, users, make_app):
    # Issue 18: religion, education, professional and theory levels; nothing given is refused
    # next to the first field, and what is chosen is stored (the rest stays not recorded).
    from models.enums import Religion, TheoryLevel
    from models.schema import Member

    app = make_app(login="chair")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        form = await choose(pilot, "Cơ cấu: tôn giáo, trình độ")
        member_id = form.ctx.member_id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "Chưa ghi thông tin nào" in error_at(pilot, "religion")
        app.screen.query_one("#field-religion", Select).value = "catholicism"
        app.screen.query_one("#field-theory_level", Select).value = "intermediate"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        text = screen_text(pilot)
        assert "Công giáo" in text and "trung cấp" in text
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        m = s.get(Member, member_id)
        assert m is not None
        assert (m.religion, m.theory_level, m.education_level, m.professional_level) == (
            Religion.CATHOLICISM, TheoryLevel.INTERMEDIATE, None, None)


async def test_a_party_card_is_recorded_for_an_official_member_and_refused_for_a_probationary_one(engine, users, make_app):
    from models.office_schema import PartyCard

    app = make_app(login="chair")
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        table = app.screen.query_one("KeyedTable")
        # Trần Thị Lan, admitted on 26/03/2022, is probationary: a card is refused, naming the rule.
        assert table.select_key(str(users.member))
        await settle(pilot)
        form = await choose(pilot, "Cấp thẻ đảng viên")
        assert form.ctx.member_id == users.member
        await submit(pilot, "ctrl+s", number="79000077", date="15/03/2023")
        assert isinstance(app.screen, FormScreen)
        assert "chỉ cấp cho đảng viên chính thức" in screen_text(pilot)
        assert _count(engine, PartyCard) == 0
        await pilot.press("escape")
        await settle(pilot)
        # A member of the cell since 2010 is official.
        other = next(r.key for r in table.state().rows if r.key != str(users.member))
        assert table.select_key(other)
        await settle(pilot)
        form = await choose(pilot, "Cấp thẻ đảng viên")
        assert form.query_one("#field-date").value == "31/03/2023"
        await submit(pilot, "ctrl+s", number="79000077", date="15/03/2023", decision_no="5-QĐ/HU")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        assert "79000077" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
    with read_session(engine) as s:
        [row] = s.scalars(select(PartyCard))
        assert (str(row.member_id), row.card_no, row.issued_on.isoformat(), row.decision_no) == (
            other, "79000077", "2023-03-15", "5-QĐ/HU")
