"""The tables of the organisation office's records (issue 18, migration 0013): disciplinary
measures short of expulsion (``member_discipline``, append-only) and the yearly quality ratings
of members and organisations (``member_ratings``, ``org_ratings``), with their kinds.

Apart from :mod:`models.discipline` and :mod:`models.ratings` (which record them, through
:mod:`models.record`) so that the figures engine (:mod:`models.figures.office`) can read them
without importing the record operations.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.schema import Base, _enum, _table_args, utcnow


class DisciplineKind(StrEnum):
    REPRIMAND = "reprimand"  # khiển trách
    WARNING = "warning"  # cảnh cáo
    DISMISSAL = "dismissal"  # cách chức


#: The keys of the ``discipline`` object of the report's JSON: the measures, then expulsion.
DISCIPLINE_KEYS = (*(k.value for k in DisciplineKind), "expulsion")


class MemberDiscipline(Base):
    """A disciplinary measure, at the organisation whose rolls the member was on that day.

    Append-only: a trigger refuses UPDATE and DELETE."""

    __tablename__ = "member_discipline"
    __table_args__ = _table_args(
        UniqueConstraint("member_id", "kind", "event_date"),
        CheckConstraint("length(trim(decision_no)) > 0", name="decision_not_blank"),
        Index("ix_member_discipline_org_date", "org_id", "event_date"),
        Index("ix_member_discipline_member_date", "member_id", "event_date", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[DisciplineKind] = mapped_column(_enum(DisciplineKind, "discipline_kind"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    decision_no: Mapped[str] = mapped_column(String(60))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))



class QualityRating(StrEnum):
    EXCELLENT = "excellent"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "good"  # hoàn thành tốt nhiệm vụ
    COMPLETED = "completed"  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "not_completed"  # không hoàn thành nhiệm vụ



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


class PartyCard(Base):
    """A Party card issued to a member (thẻ đảng viên, migration 0019): its number, the day it
    was issued, the decision when the office records one, and the organisation whose rolls the
    member was on that day. A card issued again (lost, damaged) is a new row.

    Numbers known before 0019 (``members.card_no``) were copied with no day and no
    organisation: the card exists, when it was issued is not recorded.

    Append-only: a trigger refuses UPDATE and DELETE."""

    __tablename__ = "party_cards"
    __table_args__ = _table_args(
        UniqueConstraint("member_id", "issued_on"),
        CheckConstraint("length(trim(card_no)) > 0", name="card_no_not_blank"),
        Index("ix_party_cards_org_issued", "org_id", "issued_on"),
        Index("ix_party_cards_member", "member_id", "issued_on"),
        Index("ix_party_cards_card_no", "card_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    card_no: Mapped[str] = mapped_column(String(20))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_no: Mapped[str | None] = mapped_column(String(60))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


__all__ = ["DISCIPLINE_KEYS", "DisciplineKind", "MemberDiscipline", "MemberRating", "OrgRating", "PartyCard",
           "QualityRating"]
