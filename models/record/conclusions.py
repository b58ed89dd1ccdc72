"""Briefing conclusions (kết luận giao ban) and their closing notes.

A conclusion says what an organisation must do by when. With a condition on a figure it is
judged done from the figures (:mod:`models.conclusions`); without one, someone closes it by
hand with a note. Nothing is changed or deleted: a closing is a note that closes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import ConclusionCondition
from models.errors import DomainError, NotFound
from models.figures.data import Period
from models.record.common import OK, Recorded, org_at, org_by_id_at, today, writable_org
from models.schema import Conclusion, ConclusionNote
from models.tree import parent_at

i18n.register(
    {
        "record.conclusion_text_blank": ("Nội dung kết luận không được để trống.", "The conclusion's text must not be blank."),
        "record.conclusion_due_before": (
            "Hạn {due} trước ngày giao ban {briefing}; hạn phải từ ngày giao ban trở đi.",
            "The deadline {due} is before the briefing of {briefing}; it must be on or after the briefing.",
        ),
        "record.conclusion_count": (
            "Điều kiện “kết nạp ít nhất N” cần N từ 1 trở lên (đã ghi {count}).",
            "The condition 'admitted at least N' needs N of 1 or more (given {count}).",
        ),
        "record.conclusion_one_year": (
            "Điều kiện “nhận xét Quy định 213 đủ” xét cho một năm; đã ghi {period}.",
            "The condition 'Regulation 213 comments complete' is for one year; given {period}.",
        ),
        "record.conclusion_no_condition_fields": (
            "Trường “{field}” chỉ dùng cho điều kiện “kết nạp ít nhất N” hoặc “nhận xét Quy định 213 đủ”.",
            "The field '{field}' belongs to the conditions 'admitted at least N' or 'Regulation 213 comments complete' only.",
        ),
        "record.conclusion_not_found": ("Không có kết luận mã số {id}.", "No conclusion has the id {id}."),
        "record.conclusion_has_condition": (
            "Kết luận {id} có điều kiện đo được ({condition}); kết quả được tính từ số liệu, không đóng bằng tay.",
            "Conclusion {id} has a measurable condition ({condition}); it is judged from the figures, not closed by hand.",
        ),
        "record.conclusion_closed": (
            "Kết luận {id} đã đóng ngày {day}.",
            "Conclusion {id} was already closed on {day}.",
        ),
        "record.conclusion_note_blank": ("Ghi chú khi đóng kết luận không được để trống.", "The closing note must not be blank."),
        "record.conclusion_note_before": (
            "Ngày đóng {day} trước ngày giao ban {briefing}.",
            "The closing date {day} is before the briefing of {briefing}.",
        ),
        "field.text": ("Nội dung", "text"),
        "field.due": ("Hạn", "deadline"),
        "field.briefing": ("Ngày giao ban", "briefing date"),
        "field.briefing_org": ("Cấp ủy chủ trì giao ban", "briefing committee"),
        "field.condition": ("Điều kiện", "condition"),
        "field.count": ("Số lượng", "count"),
        "field.note": ("Ghi chú", "note"),
        "field.id": ("Mã kết luận", "conclusion id"),
        "record.done.conclusion": (
            "Đã ghi kết luận {id} cho “{code}”, hạn {due}.",
            "Recorded conclusion {id} for '{code}', due {due}.",
        ),
        "record.done.conclusion_closed": (
            "Đã đóng kết luận {id} ngày {day}.",
            "Closed conclusion {id} on {day}.",
        ),
    }
)


def add_conclusion(
    session: Session,
    actor: Actor,
    *,
    org: str,
    text: str,
    due: dt.date,
    briefing: dt.date | None = None,
    briefing_org: str | None = None,
    condition: ConclusionCondition | str | None = None,
    period: str | None = None,
    count: int | None = None,
) -> Recorded:
    """A conclusion of the briefing held on ``briefing`` (default today) by ``briefing_org``
    (default: the committee above ``org``) for ``org`` to meet by ``due``. ``condition`` (with
    ``period`` and, for admissions, ``count``) lets the figures say when it is done."""
    now = today()
    held = briefing or now
    responsible = org_at(session, org, min(held, now))
    writable_org(session, actor, responsible, min(held, now))
    if held > now:
        raise DomainError("record.date_in_future", field="briefing", day=held.isoformat(), today=now.isoformat())
    if briefing_org is not None:
        chair = org_at(session, briefing_org, held, field_name="briefing_org")
    else:
        above = parent_at(session, responsible.id, held)
        chair = org_by_id_at(session, above, held, field_name="briefing_org") if above is not None else responsible
    words = " ".join((text or "").split())
    if not words:
        raise DomainError("record.conclusion_text_blank", field="text")
    if due < held:
        raise DomainError("record.conclusion_due_before", field="due", due=due.isoformat(), briefing=held.isoformat())
    cond = ConclusionCondition(condition) if condition else None
    years: Period | None = None
    if cond in (ConclusionCondition.ADMITTED_AT_LEAST, ConclusionCondition.R213_COMMENTS_COMPLETE):
        years = Period.parse(period) if period else Period(held.year, max(held.year, due.year))
    elif period is not None:
        raise DomainError("record.conclusion_no_condition_fields", field="period")
    if cond == ConclusionCondition.ADMITTED_AT_LEAST:
        if count is None or count < 1:
            raise DomainError("record.conclusion_count", field="count", count=count if count is not None else "—")
    elif count is not None:
        raise DomainError("record.conclusion_no_condition_fields", field="count")
    if cond == ConclusionCondition.R213_COMMENTS_COMPLETE and years is not None and years.length != 1:
        raise DomainError("record.conclusion_one_year", field="period", period=years.label())
    row = Conclusion(
        briefing_org_id=chair.id, briefing_date=held, org_id=responsible.id, text=words, due=due, condition=cond,
        cond_from_year=years.start_year if years else None, cond_to_year=years.end_year if years else None,
        cond_count=count, recorded_by=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit(session, actor, "record.conclusion", OK, "conclusions", row.id, responsible.id,
          after={"briefing_org": chair.code, "briefing_date": held, "org": responsible.code, "text": words,
                 "due": due, "condition": cond, "period": years.label() if years else None, "count": count})
    return Recorded("record.conclusion", "conclusions", row.id, "record.done.conclusion",
                    {"id": row.id, "code": responsible.code, "due": due.isoformat()})


def close_conclusion(
    session: Session,
    actor: Actor,
    *,
    conclusion_id: int,
    note: str,
    date: dt.date | None = None,
) -> Recorded:
    """Close by hand, with a note, a conclusion that has no condition. The note stays."""
    now = today()
    day = date or now
    row = session.scalar(select(Conclusion).where(Conclusion.id == conclusion_id).with_for_update())
    if row is None:
        raise NotFound("record.conclusion_not_found", field="id", id=conclusion_id)
    responsible = org_by_id_at(session, row.org_id, min(max(day, row.briefing_date), now))
    writable_org(session, actor, responsible, min(max(day, row.briefing_date), now))
    if day > now:
        raise DomainError("record.date_in_future", field="date", day=day.isoformat(), today=now.isoformat())
    if row.condition is not None:
        raise DomainError("record.conclusion_has_condition", field="id", id=row.id,
                          condition=i18n.label(ConclusionCondition(row.condition)))
    closed = session.scalar(
        select(ConclusionNote.noted_on).where(ConclusionNote.conclusion_id == row.id, ConclusionNote.closes.is_(True))
    )
    if closed is not None:
        raise DomainError("record.conclusion_closed", field="id", id=row.id, day=closed.isoformat())
    words = " ".join((note or "").split())
    if not words:
        raise DomainError("record.conclusion_note_blank", field="note")
    if day < row.briefing_date:
        raise DomainError("record.conclusion_note_before", field="date", day=day.isoformat(),
                          briefing=row.briefing_date.isoformat())
    entry = ConclusionNote(conclusion_id=row.id, noted_on=day, closes=True, note=words, recorded_by=actor.user_id)
    session.add(entry)
    session.flush()
    audit(session, actor, "record.conclusion_close", OK, "conclusion_notes", entry.id, responsible.id,
          after={"conclusion_id": row.id, "noted_on": day, "note": words})
    return Recorded("record.conclusion_close", "conclusion_notes", entry.id, "record.done.conclusion_closed",
                    {"id": row.id, "day": day.isoformat()})
