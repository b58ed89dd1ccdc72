"""The Cần Giờ data set's meetings, dues and conclusions: members at risk at the source's
briefing, a warning that ended and one that became a removal, and conclusions met, not met,
closed by hand and overdue; the report carries both."""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from conftest import PG_URL_ENV, _backends, pg_engine
from sqlalchemy import select

from fixtures import can_gio
from models.db import make_engine
from models.migrate import upgrade
from models.access import SYSTEM
from models.conclusions import ConclusionState, conclusions_for
from models.enums import EventKind, RemovalGround, WarningLevel, WarningReason
from models.figures.data import Period
from models.removal_warnings import removal_warnings, warning_history
from models.report import build_report, to_json
from models.report_markdown import to_markdown
from models.schema import CellMeeting, DuesBook, MeetingAbsence, MemberEvent
from models.tree import get_org
from models.uow import read_session

BRIEFING = dt.date(2023, 3, 31)


@pytest.fixture(scope="module", params=_backends())
def seeded(request, tmp_path_factory):
    """The data set as of the end of 2023, loaded once per backend for this module."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('cg') / 'cg.sqlite'}")
        upgrade(eng)
        can_gio.load(eng, dt.date(2023, 12, 31))
        yield eng
        eng.dispose()
        return
    url = os.environ[PG_URL_ENV]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    eng = pg_engine(url, schema)
    try:
        upgrade(eng)
        can_gio.load(eng, dt.date(2023, 12, 31))
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def _root(s, code="CG"):
    return get_org(s, code).id


def test_meetings_and_dues_from_2022_store_only_the_exceptions(seeded):
    with read_session(seeded) as s:
        first = s.scalar(select(CellMeeting.meeting_date).order_by(CellMeeting.meeting_date).limit(1))
        assert first.year == 2022 and first.month == 1
        books = s.scalar(select(DuesBook.id).order_by(DuesBook.id.desc()).limit(1))
        meetings = len(s.scalars(select(CellMeeting.id)).all())
        absences = len(s.scalars(select(MeetingAbsence.member_id)).all())
    assert books and meetings > 170 * 20
    # Far fewer absences than the ~20 members a meeting has.
    assert absences < meetings * 2


def test_members_at_risk_at_the_briefing(seeded):
    with read_session(seeded) as s:
        found = removal_warnings(s, _root(s), BRIEFING)
    levels = {(w.reason, w.level) for w in found}
    assert (WarningReason.MISSED_MEETINGS, WarningLevel.WARNING) in levels
    assert (WarningReason.MISSED_MEETINGS, WarningLevel.FLAG) in levels
    assert (WarningReason.UNPAID_DUES, WarningLevel.WARNING) in levels
    assert (WarningReason.UNPAID_DUES, WarningLevel.FLAG) in levels
    flags = [w for w in found if w.level == WarningLevel.FLAG and w.reason == WarningReason.MISSED_MEETINGS]
    assert any(w.month_labels == ("2023-01", "2023-02", "2023-03") for w in flags)


def test_histories_show_a_warning_that_ended_and_one_that_became_a_removal(seeded):
    with read_session(seeded) as s:
        removed = s.scalars(select(MemberEvent.member_id).where(
            MemberEvent.kind == EventKind.REMOVAL, MemberEvent.removal_ground == RemovalGround.ABANDONED_ACTIVITIES,
            MemberEvent.event_date >= dt.date(2022, 4, 1))).all()
        kinds = [[h.kind for h in warning_history(s, m, dt.date(2023, 12, 31))] for m in removed]
        ended = [w for w in removal_warnings(s, _root(s), dt.date(2023, 2, 28))
                 if w.reason == WarningReason.MISSED_MEETINGS and w.month_labels == ("2023-01", "2023-02")]
        histories = [[h.kind for h in warning_history(s, w.member_id, BRIEFING)] for w in ended]
    assert removed and all("removed" in k for k in kinds)
    assert ["started", "attended"] in histories


def test_conclusions_met_not_met_closed_and_overdue(seeded):
    with read_session(seeded) as s:
        at_briefing = conclusions_for(s, SYSTEM, _root(s), BRIEFING)
        july = {c.id: c for c in conclusions_for(s, SYSTEM, _root(s), dt.date(2023, 7, 1))}
    assert at_briefing and all(c.status == ConclusionState.OPEN for c in at_briefing)
    admitted = sorted((c for c in july.values() if c.condition is not None and c.condition.value == "admitted_at_least"),
                      key=lambda c: c.id)
    assert [c.status for c in admitted] == [ConclusionState.DONE, ConclusionState.OVERDUE]
    closed = next(c for c in july.values() if c.closed_on is not None)
    assert closed.status == ConclusionState.DONE and closed.closed_on == dt.date(2023, 6, 27)
    r213 = next(c for c in july.values() if c.condition is not None and c.condition.value == "r213_comments_complete")
    assert r213.status == ConclusionState.OPEN and r213.goal and r213.figure < r213.goal


def test_the_report_carries_the_at_risk_table_and_the_conclusions(seeded):
    with read_session(seeded) as s:
        report = build_report(s, SYSTEM, _root(s), Period.year(2023), dt.date(2023, 7, 1))
    text = to_markdown(report, "vi")
    assert "Đảng viên có nguy cơ bị xóa tên" in text and "| Chi bộ | Có nguy cơ | Đến ngưỡng xóa tên |" in text
    assert "Thực hiện kết luận kỳ trước" in text and "quá hạn" in text
    data = to_json(report, "en")
    assert {c["status"] for c in data["conclusions"]} >= {"done", "overdue"}
    assert data["at_risk"] and set(data["at_risk"][0]) == {"org", "members", "flagged", "missed_meetings", "unpaid_dues"}
