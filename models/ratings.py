"""Quality ratings (đánh giá, xếp loại chất lượng) of members and of Party organisations, one
per year each: recorded (:func:`member_rating`, :func:`org_rating`) and counted per
organisation of a report for the period's last rated year (:func:`models.figures.office.rating_counts`).

A member is rated at the organisation whose rolls they are on at the end of the year (or
today, for the year in progress); an organisation is rated by its superior, so recording it
needs the right to write at the parent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import AuditOutcome
from models.errors import DomainError
from models.membership import member_events, replay
from models.record.common import Recorded, lock_member, org_at, org_by_id_at, require_on_rolls, today, writable_org
from models.office_schema import MemberRating, OrgRating, QualityRating
from models.tree import parent_at


i18n.register(
    {
        "rating.excellent": ("Hoàn thành xuất sắc nhiệm vụ", "Excellent"),
        "rating.good": ("Hoàn thành tốt nhiệm vụ", "Good"),
        "rating.completed": ("Hoàn thành nhiệm vụ", "Completed"),
        "rating.not_completed": ("Không hoàn thành nhiệm vụ", "Not completed"),
        "rating.unknown": (
            "Mức xếp loại «{rating}» không có; hãy chọn một trong: {allowed}.",
            "There is no rating '{rating}'; choose one of: {allowed}.",
        ),
        "rating.future_year": (
            "Chưa thể xếp loại năm {year}: năm đó chưa bắt đầu.",
            "The year {year} cannot be rated yet: it has not begun.",
        ),
        "rating.member_duplicate": (
            "Đảng viên {member_id} đã được xếp loại năm {year} («{rating}»).",
            "Member {member_id} already has a rating for {year} ('{rating}').",
        ),
        "rating.org_duplicate": (
            "Tổ chức «{code}» đã được xếp loại năm {year} («{rating}»).",
            "The organisation '{code}' already has a rating for {year} ('{rating}').",
        ),
        "rating.done.member": (
            "Đã ghi xếp loại năm {year} của đảng viên {member_id} tại «{org}»: {rating}.",
            "Recorded the {year} rating of member {member_id} at '{org}': {rating}.",
        ),
        "rating.done.org": (
            "Đã ghi xếp loại năm {year} của «{org}»: {rating}.",
            "Recorded the {year} rating of '{org}': {rating}.",
        ),
    }
)


def label(rating: QualityRating, lang: str | None = None) -> str:
    return i18n.t(f"rating.{rating.value}", lang)


def _rating(value: QualityRating | str) -> QualityRating:
    try:
        return QualityRating(value)
    except ValueError:
        raise DomainError("rating.unknown", field="rating", rating=value,
                          allowed=", ".join(r.value for r in QualityRating)) from None


def year_day(year: int) -> dt.date:
    """The day a year's rating is taken at: its last day, or today in the year in progress."""
    now = today()
    if year > now.year:
        raise DomainError("rating.future_year", field="year", year=year)
    return min(dt.date(year, 12, 31), now)


def member_rating(session: Session, actor: Actor, *, member_id: int, year: int, rating: QualityRating | str) -> Recorded:
    """The rating of a member for ``year``, at the organisation whose rolls they are on."""
    rating = _rating(rating)
    day = year_day(year)
    lock_member(session, member_id)
    state = replay(member_id, member_events(session, member_id), day)
    require_on_rolls(state, day)
    assert state.org_id is not None
    org = org_by_id_at(session, state.org_id, day)
    writable_org(session, actor, org, day)
    found = session.scalar(select(MemberRating.rating).where(MemberRating.member_id == member_id, MemberRating.year == year))
    if found is not None:
        raise DomainError("rating.member_duplicate", field="year", member_id=member_id, year=year,
                          rating=label(QualityRating(found)))
    row = MemberRating(member_id=member_id, org_id=org.id, year=year, rating=rating, recorded_by=actor.user_id)
    session.add(row)
    session.flush()
    audit(session, actor, "record.member_rating", AuditOutcome.OK, "member_ratings", row.id, org.id,
          after={"member_id": member_id, "year": year, "rating": rating.value})
    return Recorded("record.member_rating", "member_ratings", row.id, "rating.done.member",
                    {"year": year, "member_id": member_id, "org": org.code, "rating": label(rating)})


def org_rating(session: Session, actor: Actor, *, org: str, year: int, rating: QualityRating | str) -> Recorded:
    """The rating of the organisation ``org`` for ``year``, recorded at its superior."""
    rating = _rating(rating)
    day = year_day(year)
    rated = org_at(session, org, day)
    parent = parent_at(session, rated.id, day)
    writable_org(session, actor, org_by_id_at(session, parent, day) if parent is not None else rated, day)
    found = session.scalar(select(OrgRating.rating).where(OrgRating.org_id == rated.id, OrgRating.year == year))
    if found is not None:
        raise DomainError("rating.org_duplicate", field="year", code=rated.code, year=year, rating=label(QualityRating(found)))
    row = OrgRating(org_id=rated.id, year=year, rating=rating, recorded_by=actor.user_id)
    session.add(row)
    session.flush()
    audit(session, actor, "record.org_rating", AuditOutcome.OK, "org_ratings", row.id, rated.id,
          after={"org": rated.code, "year": year, "rating": rating.value})
    return Recorded("record.org_rating", "org_ratings", row.id, "rating.done.org",
                    {"year": year, "org": rated.code, "rating": label(rating)})


__all__ = ["MemberRating", "OrgRating", "QualityRating", "label", "member_rating", "org_rating", "year_day"]
