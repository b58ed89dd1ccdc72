"""The statistical report of members on screen (section 8, issue 18): a row for the
organisation and each child with the office's columns, and under it, for the row under the
cursor, the books by status, transfers, discipline, badges and ratings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.access import SYSTEM
from models.discipline import discipline
from models.ratings import member_rating, org_rating
from models.schema import MemberEvent, Organisation
from models.uow import read_session, write_session
from tests.builders import build
from tests.tui.helpers import settle, table_rows
from tui.periods import Span
from tui.screens.statistics import StatisticsScreen

HEAD = ["Tổ chức", "Đầu kỳ", "Kết nạp", "Công nhận", "Chuyển đến", "Chuyển đi", "Xóa tên", "Xin ra", "Khai trừ",
        "Từ trần", "Cuối kỳ", "Dự bị", "Chính thức"]


def _moves(engine, tree):
    """In 2022: a member of X1-A moves to X2-A (out of X1, into X2, nothing at the district),
    one of X1-B is removed and one of X2-A dies; a reprimand at X1-A; ratings of 2022."""
    with build(engine) as b:
        cell = b.s.get(Organisation, tree.cell)
        x2_cell = b.s.scalar(select(Organisation).where(Organisation.code == "X2-A"))
        x1_b = b.s.scalar(select(Organisation).where(Organisation.code == "X1-B"))
        ids = sorted(b.s.scalars(select(MemberEvent.member_id).where(MemberEvent.org_id == cell.id,
                                                                      MemberEvent.event_date < dt.date(2011, 1, 1))))
        mover, punished = ids[0], ids[1]
        from models.schema import Member

        b.transfer(b.s.get(Member, mover), cell, x2_cell, dt.date(2022, 6, 1))
        gone = b.s.scalar(select(MemberEvent.member_id).where(MemberEvent.org_id == x1_b.id))
        b.remove(b.s.get(Member, gone), x1_b, dt.date(2022, 8, 1))
        died = b.s.scalar(select(MemberEvent.member_id).where(MemberEvent.org_id == x2_cell.id,
                                                              MemberEvent.event_date < dt.date(2011, 1, 1)))
        from models.enums import EventKind

        b.event(b.s.get(Member, died), x2_cell, EventKind.DEATH, dt.date(2022, 10, 2))
    with write_session(engine) as s:
        discipline(s, SYSTEM, member_id=punished, kind="reprimand", date=dt.date(2022, 11, 3), decision_no="12-QĐ/ĐU")
        member_rating(s, SYSTEM, member_id=punished, year=2022, rating="completed")
        org_rating(s, SYSTEM, org="X1-A", year=2022, rating="good")


async def test_section_8_shows_the_office_columns_for_the_district_and_each_commune(engine, tree, make_app):
    _moves(engine, tree)
    app = make_app(span=Span.year(2022))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen)
        table = app.screen.query_one("#statistics")
        assert [str(c.label.plain) for c in table.columns.values()] == HEAD
        rows = {r[0]: r[1:] for r in table_rows(pilot)}
        # start, admitted, recognised, in, out, removed, left, expelled, died, end, probationary, official
        assert rows["Huyện ủy Cần Giờ"] == ["12", "4", "0", "0", "0", "1", "0", "0", "1", "14", "4", "10"]
        assert rows["Đảng bộ xã Bình Khánh"] == ["7", "1", "0", "0", "1", "1", "0", "0", "0", "6", "1", "5"]
        assert rows["Đảng bộ xã Thạnh An"] == ["5", "3", "0", "1", "0", "0", "0", "0", "1", "8", "3", "5"]
        assert "từ 01/01/2022 đến 31/12/2022" in str(app.screen.query_one("#count").render())
        await pilot.press("down")
        await settle(pilot)
        detail = str(app.screen.query_one("#detail").render())
        assert "khiển trách 1" in detail
        assert "đi 1 trong đảng bộ" in detail
        assert "Xếp loại năm 2022: đảng viên xuất sắc 0, tốt 0, hoàn thành 1" in detail
        assert "tổ chức đảng xuất sắc 0, tốt 1" in detail


async def test_c_shows_the_members_makeup_of_the_row_and_back(engine, tree, make_app):
    _moves(engine, tree)
    app = make_app(span=Span.year(2022))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8", "c")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen)
        detail = str(app.screen.query_one("#detail").render())
        # The district's 14 members at the end of 2022 (the table's "Cuối kỳ"), none recorded yet.
        assert "Cơ cấu đảng viên ngày 31/12/2022: 14 đảng viên" in detail
        assert "Tôn giáo: chưa cập nhật 14 (100,00%)" in detail
        await pilot.press("c")
        await settle(pilot)
        assert "Xếp loại năm 2022" in str(app.screen.query_one("#detail").render())


async def test_a_year_in_progress_is_compared_with_the_same_days_last_year(engine, tree, make_app):
    with read_session(engine) as s:
        assert s.get(Organisation, tree.district) is not None
    app = make_app(span=Span.year(2023))  # the app's day is 31/03/2023
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert "từ 01/01/2023 đến 31/03/2023" in str(app.screen.query_one("#count").render())
        detail = str(app.screen.query_one("#detail").render())
        # 31/03/2022: the district had 12 members and had admitted Lan (26/3) and one at X2-A (3/2).
        assert "Cùng kỳ năm trước (01/01/2022–31/03/2022): đầu kỳ 12, kết nạp 2, ra khỏi danh sách 0, cuối kỳ 14." in detail


async def test_choosing_a_quarter_shows_the_figures_of_its_days(engine, tree, make_app):
    """``y`` offers last quarter; section 8 then counts that quarter's days only (the death of
    2 October, not the removal of 1 August), ``[`` steps back a quarter, and the year screens
    say whose year their figures are. A card issued in the quarter is counted there."""
    from models.cards import issue_card
    from tui.widgets.titlebar import TitleBar

    _moves(engine, tree)
    with write_session(engine) as s:
        x2_cell = s.scalar(select(Organisation.id).where(Organisation.code == "X2-A"))
        official = s.scalars(select(MemberEvent.member_id).where(
            MemberEvent.org_id == x2_cell, MemberEvent.event_date < dt.date(2011, 1, 1))).all()[-1]
        issue_card(s, SYSTEM, member_id=official, number="79000042", date=dt.date(2022, 11, 15))
    app = make_app(span=Span.year(2022))  # the app's day is 31/03/2023: last quarter is 2022-Q4
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("y", "home", "down", "enter")
        await settle(pilot)
        assert app.span == Span.quarter(2022, 4)
        assert "2022-Q4 (số liệu năm 2022)" in app.screen.query_one(TitleBar)._period
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen)
        assert "từ 01/10/2022 đến 31/12/2022" in str(app.screen.query_one("#count").render())
        rows = {r[0]: r[1:] for r in table_rows(pilot)}
        # start, admitted, recognised, in, out, removed, left, expelled, died, end, probationary, official
        assert rows["Huyện ủy Cần Giờ"] == ["15", "0", "0", "0", "0", "0", "0", "0", "1", "14", "4", "10"]
        detail = str(app.screen.query_one("#detail").render())
        assert "Thẻ đảng viên: cấp trong kỳ 1;" in detail
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.span == Span.quarter(2022, 3)
        assert "từ 01/07/2022 đến 30/09/2022" in str(app.screen.query_one("#count").render())
        rows = {r[0]: r[1:] for r in table_rows(pilot)}
        assert rows["Huyện ủy Cần Giờ"] == ["15", "1", "0", "0", "0", "1", "0", "0", "0", "15", "4", "11"]
