"""Cell meetings and dues books (the write side) and the early warning of removal they feed."""

from __future__ import annotations

import pytest
from record_helpers import D, add_user, admit, build_tree, run
from sqlalchemy import func, select

from models.enums import RemovalGround, Role, WarningLevel, WarningReason
from models.errors import AccessDenied, DomainError
from models.record import close_dues, record_meeting, removal, transfer
from models.removal_warnings import removal_warnings, warning_history
from models.rules import default_rules
from models.schema import AuditEntry, CellMeeting, DuesArrear, DuesBook, MeetingAbsence
from models.uow import read_session

RULES = default_rules().removal_warning


@pytest.fixture
def cell(engine):
    ids = build_tree(engine)
    members = [admit(engine, date=D(2020, 3, 26), born=D(1990, 1, 1 + i)) for i in range(3)]
    return ids, members


def _warnings(engine, ids, code, day):
    with read_session(engine) as s:
        return removal_warnings(s, ids[code], day)


def _count(engine, table):
    with read_session(engine) as s:
        return s.scalar(select(func.count()).select_from(table))


def _meetings(engine, member, months, year=2022, absent=True, excused=False):
    for m in months:
        run(engine, record_meeting, org="AP1", date=D(year, m, 5),
            absent=[member] if absent and not excused else [], excused=[member] if excused else [])


def test_a_meeting_keeps_only_its_absences(engine, cell):
    _ids, (a, b, _c) = cell
    run(engine, record_meeting, org="AP1", date=D(2022, 1, 5), absent=[a], excused=[b])
    with read_session(engine) as s:
        rows = s.execute(select(MeetingAbsence.member_id, MeetingAbsence.excused)).all()
        assert sorted(rows) == [(a, False), (b, True)]
        assert s.scalar(select(func.count()).select_from(CellMeeting)) == 1
        assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)) == "record.meeting"


def test_a_member_not_on_the_cells_rolls_that_day_is_refused(engine, cell):
    _ids, (a, _b, _c) = cell
    before = (_count(engine, CellMeeting), _count(engine, AuditEntry))
    other = admit(engine, org="AP2", date=D(2020, 3, 26))
    with pytest.raises(DomainError) as err:
        run(engine, record_meeting, org="AP1", date=D(2022, 1, 5), absent=[a, other])
    assert err.value.key == "record.absent_not_on_rolls" and err.value.field == "absent"
    message = err.value.message("vi")
    assert "Vắng mặt" in message and str(other) in message and "AP1" in message and "05/01/2022" in message
    assert _count(engine, CellMeeting) == before[0]
    # Before the member's admission the cell's rolls did not have them either.
    with pytest.raises(DomainError):
        run(engine, record_meeting, org="AP1", date=D(2020, 1, 5), absent=[a])


def test_a_meeting_twice_a_future_date_and_a_double_listing_are_refused(engine, cell):
    _ids, (a, _b, _c) = cell
    run(engine, record_meeting, org="AP1", date=D(2022, 1, 5))
    with pytest.raises(DomainError) as err:
        run(engine, record_meeting, org="AP1", date=D(2022, 1, 5), absent=[a])
    assert err.value.key == "record.meeting_twice"
    with pytest.raises(DomainError) as err:
        run(engine, record_meeting, org="AP1", date=D(2099, 1, 5))
    assert err.value.key == "record.date_in_future" and err.value.field == "date"
    with pytest.raises(DomainError) as err:
        run(engine, record_meeting, org="AP1", date=D(2022, 2, 5), absent=[a], excused=[a])
    assert err.value.key == "record.member_listed_twice" and err.value.field == "excused"
    with pytest.raises(DomainError) as err:
        run(engine, record_meeting, org="XA", date=D(2022, 2, 5))
    assert err.value.key == "record.not_a_cell"


def test_a_dues_book_is_closed_once_naming_the_unpaid(engine, cell):
    _ids, (_a, b, _c) = cell
    run(engine, close_dues, org="AP1", month="2022-03", unpaid=[b])
    with read_session(engine) as s:
        assert s.execute(select(DuesArrear.member_id, DuesArrear.month)).all() == [(b, D(2022, 3, 1))]
    with pytest.raises(DomainError) as err:
        run(engine, close_dues, org="AP1", month="2022-03", unpaid=[])
    assert err.value.key == "record.dues_closed_twice" and "03/2022" not in err.value.message("en")
    assert "2022-03" in err.value.message("vi")
    with pytest.raises(DomainError) as err:
        run(engine, close_dues, org="AP1", month="2099-01")
    assert err.value.key == "record.dues_month_future"
    with pytest.raises(DomainError) as err:
        run(engine, close_dues, org="AP1", month="2022-13")
    assert err.value.key == "record.month_invalid"
    assert _count(engine, DuesBook) == 1


def test_only_writers_in_scope_record(engine, cell):
    _ids, (_a, _b, _c) = cell
    viewer = add_user(engine, "xem", Role.VIEWER, "XA")
    outsider = add_user(engine, "khac", Role.CELL_SECRETARY, "OTHER")
    with pytest.raises(AccessDenied):
        run(engine, record_meeting, viewer, org="AP1", date=D(2022, 1, 5))
    with pytest.raises(AccessDenied):
        run(engine, close_dues, outsider, org="AP1", month="2022-01")
    # Rights come first: an outsider learns nothing about the dates it would refuse.
    with pytest.raises(AccessDenied):
        run(engine, record_meeting, outsider, org="AP1", date=D(2099, 1, 5))


def test_warning_at_two_months_flag_at_three(engine, cell):
    ids, (a, b, _c) = cell
    _meetings(engine, a, [1])
    assert _warnings(engine, ids, "DIST", D(2022, 1, 31)) == []
    # Two meetings in one month are one month.
    run(engine, record_meeting, org="AP1", date=D(2022, 1, 20), absent=[a])
    assert _warnings(engine, ids, "DIST", D(2022, 1, 31)) == []
    _meetings(engine, a, [2])
    [w] = _warnings(engine, ids, "DIST", D(2022, 2, 28))
    assert (w.member_id, w.reason, w.level, w.threshold) == (a, WarningReason.MISSED_MEETINGS, WarningLevel.WARNING, RULES.warn_months)
    assert w.month_labels == ("2022-01", "2022-02") and w.org_code == "AP1"
    assert "cấp ủy tự đặt" in w.explanation("vi")
    _meetings(engine, a, [3])
    [w] = _warnings(engine, ids, "XA", D(2022, 3, 31))
    assert (w.level, w.threshold, w.month_labels) == (WarningLevel.FLAG, RULES.flag_months, ("2022-01", "2022-02", "2022-03"))
    assert "Điều 8" in w.explanation("vi") and w.as_json()["reason"] == "missed_meetings"
    # Another commune's root does not see it; excused absences never count.
    assert _warnings(engine, ids, "OTHER", D(2022, 3, 31)) == []
    _meetings(engine, b, [1, 2, 3], year=2023, excused=True)
    assert {w.member_id for w in _warnings(engine, ids, "DIST", D(2023, 3, 31))} == set()


def test_a_warning_ends_with_attendance_and_history_shows_it(engine, cell):
    ids, (a, b, _c) = cell
    _meetings(engine, a, [1, 2])
    assert len(_warnings(engine, ids, "DIST", D(2022, 2, 28))) == 1
    run(engine, record_meeting, org="AP1", date=D(2022, 3, 5), absent=[b])  # a attended
    assert _warnings(engine, ids, "DIST", D(2022, 3, 31)) == []
    # As of before the meeting the warning still stood.
    assert len(_warnings(engine, ids, "DIST", D(2022, 3, 4))) == 1
    with read_session(engine) as s:
        history = warning_history(s, a, D(2022, 12, 31))
    assert [(h.day, h.kind) for h in history] == [(D(2022, 2, 5), "started"), (D(2022, 3, 5), "attended")]
    assert "05/03/2022" in history[-1].text(12, "vi")


def test_unpaid_dues_warn_and_end_when_a_later_month_is_paid(engine, cell):
    ids, (_a, _b, c) = cell
    for month in ("2022-04", "2022-05", "2022-06"):
        run(engine, close_dues, org="AP1", month=month, unpaid=[c])
    [w] = _warnings(engine, ids, "DIST", D(2022, 6, 30))
    assert (w.member_id, w.reason, w.level) == (c, WarningReason.UNPAID_DUES, WarningLevel.FLAG)
    assert w.as_json() == {"member_id": c, "name": w.name, "org": "AP1", "reason": "unpaid_dues",
                           "months": ["2022-04", "2022-05", "2022-06"], "threshold": 3, "level": "flag"}
    run(engine, close_dues, org="AP1", month="2022-07", unpaid=[])
    assert _warnings(engine, ids, "DIST", D(2022, 7, 31)) == []
    # Months older than the window no longer count.
    assert _warnings(engine, ids, "DIST", D(2023, 5, 31)) == []


def test_a_warning_becomes_a_removal(engine, cell):
    ids, (a, _b, _c) = cell
    _meetings(engine, a, [1, 2, 3])
    run(engine, removal, member_id=a, date=D(2022, 4, 20), ground=RemovalGround.ABANDONED_ACTIVITIES)
    assert _warnings(engine, ids, "DIST", D(2022, 4, 30)) == []
    with read_session(engine) as s:
        kinds = [h.kind for h in warning_history(s, a, D(2022, 12, 31))]
    assert kinds == ["started", "flagged", "removed"]


def test_the_warning_follows_a_member_who_moves(engine, cell):
    ids, (a, _b, _c) = cell
    _meetings(engine, a, [1, 2])
    run(engine, transfer, member_id=a, date=D(2022, 2, 20), to="C3")
    [w] = _warnings(engine, ids, "DIST", D(2022, 2, 28))
    assert w.org_code == "C3"
    assert _warnings(engine, ids, "XA", D(2022, 2, 28)) == []
