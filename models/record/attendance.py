"""Cell meetings and dues books: what the early warning of removal reads.

A meeting is stored with its absences only, a month's dues book with the members who did not
pay only: every other member on the cell's rolls attended or paid. Both are closed once
(append-only); a second meeting of the same cell on the same day or a second book for the same
month is refused, since it could only contradict the first.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.errors import DomainError
from models.membership import member_ids_on_rolls
from models.removal_warnings import refresh_after_book
from models.record.common import OK, Recorded, org_at, today, writable_org
from models.schema import CellMeeting, DuesArrear, DuesBook, MeetingAbsence, table_of
from models.tree import OrgInfo
from models.uow import core, insert_row

i18n.register(
    {
        "record.meeting_twice": (
            "Chi bộ “{code}” đã có cuộc họp ngày {day}; mỗi ngày chỉ ghi một cuộc họp của một chi bộ.",
            "The cell '{code}' already has a meeting on {day}; a cell's meeting is recorded once per day.",
        ),
        "record.member_listed_twice": (
            "Đảng viên {member_id} được ghi hai lần; mỗi đảng viên chỉ vắng mặt (có hoặc không có lý do) một lần trong một cuộc họp.",
            "Member {member_id} is listed twice; a member is absent (excused or not) once per meeting.",
        ),
        "record.absent_not_on_rolls": (
            "Đảng viên {member_id} không có tên trong danh sách chi bộ “{code}” ngày {day}; chỉ ghi vắng mặt đảng viên của chi bộ.",
            "Member {member_id} is not on the rolls of the cell '{code}' on {day}; only the cell's members can be absent.",
        ),
        "record.dues_month_future": (
            "Tháng {month} chưa đến; chỉ khóa sổ đảng phí của tháng đã qua hoặc tháng này (hôm nay là {today}).",
            "The month {month} has not come yet; only a past or the current month's dues book is closed (today is {today}).",
        ),
        "record.dues_closed_twice": (
            "Sổ đảng phí tháng {month} của chi bộ “{code}” đã khóa ngày {closed}; mỗi tháng chỉ khóa sổ một lần.",
            "The dues book of the cell '{code}' for {month} was already closed on {closed}; a month's book is closed once.",
        ),
        "record.unpaid_not_on_rolls": (
            "Đảng viên {member_id} không có tên trong danh sách chi bộ “{code}” ngày {day}; sổ đảng phí chỉ ghi đảng viên của chi bộ.",
            "Member {member_id} is not on the rolls of the cell '{code}' on {day}; the dues book names the cell's members only.",
        ),
        "record.month_invalid": ("Tháng “{text}” không hợp lệ; ghi theo dạng YYYY-MM.", "The month '{text}' is not valid; write YYYY-MM."),
        "record.done.meeting": (
            "Đã ghi cuộc họp chi bộ “{code}” ngày {day}: {absent} vắng mặt ({excused} có lý do).",
            "Recorded the meeting of the cell '{code}' on {day}: {absent} absent ({excused} excused).",
        ),
        "record.done.dues": (
            "Đã khóa sổ đảng phí tháng {month} của chi bộ “{code}”: {unpaid} đảng viên chưa đóng.",
            "Closed the dues book of the cell '{code}' for {month}: {unpaid} member(s) did not pay.",
        ),
        "field.absent": ("Vắng mặt", "absent"),
        "field.excused": ("Vắng có lý do", "excused"),
        "field.unpaid": ("Chưa đóng đảng phí", "unpaid"),
        "field.month": ("Tháng", "month"),
    }
)

_INSERT_ABSENCE = insert(table_of(MeetingAbsence))
_INSERT_ARREAR = insert(table_of(DuesArrear))


def parse_month(text: str) -> dt.date:
    """``YYYY-MM`` as the first day of that month."""
    try:
        year, month = (int(p) for p in text.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError) as exc:
        raise DomainError("record.month_invalid", field="month", text=text) from exc


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _listed_once(ids: Iterable[int], field_name: str, seen: set[int]) -> list[int]:
    out = []
    for member_id in ids:
        if member_id in seen:
            raise DomainError("record.member_listed_twice", field=field_name, member_id=member_id)
        seen.add(member_id)
        out.append(member_id)
    return out


def _require_on_rolls(session: Session, cell: OrgInfo, ids: list[int], day: dt.date, key: str, field_name: str) -> None:
    if not ids:
        return
    on_rolls = set(member_ids_on_rolls(session, [cell.id], day))
    for member_id in ids:
        if member_id not in on_rolls:
            raise DomainError(key, field=field_name, member_id=member_id, code=cell.code, day=day.isoformat())


def record_meeting(
    session: Session,
    actor: Actor,
    *,
    org: str,
    date: dt.date,
    absent: Iterable[int] = (),
    excused: Iterable[int] = (),
    note: str | None = None,
) -> Recorded:
    """A cell's meeting on ``date``: ``absent`` missed it without a reason, ``excused`` with
    one. Everyone else on the cell's rolls that day attended."""
    now = today()
    cell = org_at(session, org, min(date, now), cell=True)
    writable_org(session, actor, cell, min(date, now))
    if date > now:
        raise DomainError("record.date_in_future", field="date", day=date.isoformat(), today=now.isoformat())
    seen: set[int] = set()
    unexcused = _listed_once(absent, "absent", seen)
    with_reason = _listed_once(excused, "excused", seen)
    _require_on_rolls(session, cell, unexcused + with_reason, date, "record.absent_not_on_rolls",
                      "absent")
    held = session.scalar(select(CellMeeting.id).where(CellMeeting.org_id == cell.id, CellMeeting.meeting_date == date))
    if held is not None:
        raise DomainError("record.meeting_twice", field="date", code=cell.code, day=date.isoformat())
    meeting = CellMeeting(org_id=cell.id, meeting_date=date, note=note, recorded_by=actor.user_id)
    session.add(meeting)
    session.flush()
    rows = [{"meeting_id": meeting.id, "member_id": m, "org_id": cell.id, "meeting_date": date, "excused": False}
            for m in unexcused]
    rows += [{"meeting_id": meeting.id, "member_id": m, "org_id": cell.id, "meeting_date": date, "excused": True}
             for m in with_reason]
    if rows:
        core(session).execute(_INSERT_ABSENCE, rows)
    refresh_after_book(session, cell.id, "meeting", date, unexcused)
    audit(session, actor, "record.meeting", OK, "cell_meetings", meeting.id, cell.id,
          after={"org": cell.code, "meeting_date": date, "absent": unexcused, "excused": with_reason, "note": note})
    return Recorded("record.meeting", "cell_meetings", meeting.id, "record.done.meeting",
                    {"code": cell.code, "day": date.isoformat(), "absent": len(rows), "excused": len(with_reason)})


def close_dues(
    session: Session,
    actor: Actor,
    *,
    org: str,
    month: dt.date | str,
    unpaid: Iterable[int] = (),
) -> Recorded:
    """Close the cell's dues book for ``month`` (a date in it, or ``YYYY-MM``), naming the
    members who did not pay. Members are checked on the cell's rolls at the month's end (or
    today, in the current month)."""
    first = parse_month(month) if isinstance(month, str) else month.replace(day=1)
    now = today()
    day = min(month_end(first), now)
    cell = org_at(session, org, day, cell=True)
    writable_org(session, actor, cell, day)
    if first > now:
        raise DomainError("record.dues_month_future", field="month", month=first.strftime("%Y-%m"), today=now.isoformat())
    names = _listed_once(unpaid, "unpaid", set())
    _require_on_rolls(session, cell, names, day, "record.unpaid_not_on_rolls", "unpaid")
    closed = session.execute(
        select(DuesBook.id, DuesBook.recorded_at).where(DuesBook.org_id == cell.id, DuesBook.month == first)
    ).first()
    if closed is not None:
        raise DomainError("record.dues_closed_twice", field="month", code=cell.code, month=first.strftime("%Y-%m"),
                          closed=closed.recorded_at.date().isoformat())
    book_id = insert_row(session, insert(table_of(DuesBook)),
                         {"org_id": cell.id, "month": first, "recorded_by": actor.user_id})
    if names:
        core(session).execute(_INSERT_ARREAR, [{"book_id": book_id, "member_id": m, "org_id": cell.id, "month": first}
                                         for m in names])
    refresh_after_book(session, cell.id, "dues", first, names)
    audit(session, actor, "record.dues", OK, "dues_books", book_id, cell.id,
          after={"org": cell.code, "month": first.strftime("%Y-%m"), "unpaid": names})
    return Recorded("record.dues", "dues_books", book_id, "record.done.dues",
                    {"code": cell.code, "month": first.strftime("%Y-%m"), "unpaid": len(names)})

