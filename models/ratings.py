"""Quality ratings (đánh giá, xếp loại chất lượng) of members and of Party organisations, one
per year each: recorded (:func:`member_rating`, :func:`org_rating`) and counted per
organisation of a report for the period's last rated year (:func:`rating_counts`).

A member is rated at the organisation whose rolls they are on at the end of the year (or
today, for the year in progress); an organisation is rated by its superior, so recording it
needs the right to write at the parent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import AuditOutcome
from models.errors import DomainError
from models.membership import member_events, replay
from models.periods import DayPeriod
from models.record.common import Recorded, lock_member, org_at, org_by_id_at, require_on_rolls, today, writable_org
from models.schema import Base, _enum, _table_args, utcnow
from models.tree import parent_at


class QualityRating(StrEnum):
    EXCELLENT = "excellent"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # hoàn thành tốt nhiệm vụ
    COMPLETED = "completed"  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "not_completed"  # không hoàn thành nhiệm vụ


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


class MemberRating(Base):
    __tablename__ = "member_ratings"
    __table_args__ = _table_args(UniqueConstraint("member_id", "year"), Index("ix_member_ratings_org_year", "org_id", "year"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[QualityRating] = mapped_column(_enum(QualityRating, "quality_rating"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class OrgRating(Base):
    __tablename__ = "org_ratings"
    __table_args__ = _table_args(UniqueConstraint("org_id", "year"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[QualityRating] = mapped_column(_enum(QualityRating, "quality_rating"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def label(rating: QualityRating, lang: str | None = None) -> str:
    return i18n.t(f"rating.{rating.value}", lang)


def _rating(value: QualityRating | str) -> QualityRating:
    try:
        return QualityRating(value)
    except ValueError:
        raise DomainError("rating.unknown", field="rating", rating=value,
                          allowed=", ".join(r.value for r in QualityRating)) from None


def _year_day(year: int) -> dt.date:
    """The day a year's rating is taken at: its last day, or today in the year in progress."""
    now = today()
    if year > now.year:
        raise DomainError("rating.future_year", field="year", year=year)
    return min(dt.date(year, 12, 31), now)


def member_rating(session: Session, actor: Actor, *, member_id: int, year: int, rating: QualityRating | str) -> Recorded:
    """The rating of a member for ``year``, at the organisation whose rolls they are on."""
    rating = _rating(rating)
    day = _year_day(year)
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
    day = _year_day(year)
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


def rating_counts(session: Session, groups: Mapping[int, set[int]], period: DayPeriod) -> dict[int, dict[str, Any]]:
    """For each organisation of ``groups`` (id -> catchment): the last year up to the period's
    end with a rating in its catchment, and how many members and organisations (those below
    it) got each rating that year."""
    members: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    orgs: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    ids = sorted(set().union(*groups.values())) if groups else []
    for i in range(0, len(ids), 5000):
        chunk = ids[i:i + 5000]
        for table, into in ((MemberRating, members), (OrgRating, orgs)):
            rows = session.execute(
                select(table.org_id, table.year, table.rating, func.count())
                .where(table.org_id.in_(chunk), table.year <= period.end.year)
                .group_by(table.org_id, table.year, table.rating)
            )
            for org_id, year, rating, n in rows:
                into[org_id][year][str(getattr(rating, "value", rating))] += n
    out: dict[int, dict[str, Any]] = {}
    for oid, catchment in groups.items():
        mine_m = [(y, r, n) for o in catchment for y, by in members.get(o, {}).items() for r, n in by.items()]
        mine_o = [(y, r, n) for o in catchment if o != oid for y, by in orgs.get(o, {}).items() for r, n in by.items()]
        years = {y for y, _, _ in mine_m} | {y for y, _, _ in mine_o}
        last = max(years) if years else None
        out[oid] = {
            "year": last,
            "members": {r.value: sum(n for y, k, n in mine_m if y == last and k == r.value) for r in QualityRating},
            "organisations": {r.value: sum(n for y, k, n in mine_o if y == last and k == r.value) for r in QualityRating},
        }
    return out


__all__ = ["MemberRating", "OrgRating", "QualityRating", "label", "member_rating", "org_rating", "rating_counts"]
