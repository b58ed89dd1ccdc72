"""Disciplinary measures short of expulsion (kỷ luật: khiển trách, cảnh cáo, cách chức), each
dated with its decision, in the append-only table ``member_discipline`` (migration 0012).

Expulsion (khai trừ) ends membership, so it stays a member event (:mod:`models.membership`);
:func:`discipline_counts` counts it next to the others, from the event log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, CheckConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import AuditOutcome, EventKind
from models.errors import DomainError
from models.membership import member_events, replay
from models.periods import DayPeriod
from models.record.common import Recorded, check_past, lock_member, org_by_id_at, require_on_rolls, writable_org
from models.rules import Rules, default_rules
from models.schema import Base, MemberEvent, _enum, _table_args, utcnow
from models.text_rules import check_values


class DisciplineKind(StrEnum):
    REPRIMAND = "reprimand"  # khiển trách
    WARNING = "warning"  # cảnh cáo
    DISMISSAL = "dismissal"  # cách chức


#: The keys of the ``discipline`` object of the report's JSON: the measures, then expulsion.
DISCIPLINE_KEYS = (*(k.value for k in DisciplineKind), "expulsion")

i18n.register(
    {
        "discipline.reprimand": ("Khiển trách", "Reprimand"),
        "discipline.warning": ("Cảnh cáo", "Warning"),
        "discipline.dismissal": ("Cách chức", "Dismissal"),
        "discipline.unknown_kind": (
            "Hình thức kỷ luật «{kind}» không có; hãy chọn một trong: {allowed}.",
            "There is no disciplinary measure '{kind}'; choose one of: {allowed}.",
        ),
        "discipline.decision_required": (
            "Kỷ luật đảng viên {member_id} cần số quyết định (--decision).",
            "Disciplining member {member_id} needs the decision's number (--decision).",
        ),
        "discipline.duplicate": (
            "Đảng viên {member_id} đã có hình thức «{kind}» ngày {day}.",
            "Member {member_id} already has a '{kind}' on {day}.",
        ),
        "discipline.done": (
            "Đã ghi kỷ luật «{kind}» (quyết định {decision}) cho đảng viên {member_id} tại «{org}» ngày {day}.",
            "Recorded the measure '{kind}' (decision {decision}) for member {member_id} at '{org}' on {day}.",
        ),
    }
)


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


def label(kind: DisciplineKind, lang: str | None = None) -> str:
    return i18n.t(f"discipline.{kind.value}", lang)


def discipline(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    kind: DisciplineKind | str,
    date: dt.date,
    decision_no: str | None,
    decided_by: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Record a reprimand, warning or dismissal of a member on the rolls at ``date``, by the
    decision ``decision_no``, at the organisation whose rolls they are on."""
    try:
        kind = DisciplineKind(kind)
    except ValueError:
        raise DomainError("discipline.unknown_kind", field="kind", kind=kind,
                          allowed=", ".join(k.value for k in DisciplineKind)) from None
    if decision_no is None or not decision_no.strip():
        raise DomainError("discipline.decision_required", field="decision", member_id=member_id)
    check_past(date)
    lock_member(session, member_id)
    state = replay(member_id, member_events(session, member_id), date, rules or default_rules())
    require_on_rolls(state, date)
    assert state.org_id is not None
    org = org_by_id_at(session, state.org_id, date)
    writable_org(session, actor, org, date)
    if session.scalar(select(MemberDiscipline.id).where(
        MemberDiscipline.member_id == member_id, MemberDiscipline.kind == kind, MemberDiscipline.event_date == date
    )) is not None:
        raise DomainError("discipline.duplicate", field="date", member_id=member_id, kind=label(kind), day=date.isoformat())
    values: dict[str, object] = {"decision_no": decision_no.strip(), "decided_by": decided_by, "note": note}
    check_values(values)
    row = MemberDiscipline(member_id=member_id, org_id=org.id, kind=kind, event_date=date, recorded_by=actor.user_id, **values)
    session.add(row)
    session.flush()
    audit(session, actor, "record.discipline", AuditOutcome.OK, "member_discipline", row.id, org.id,
          after={"member_id": member_id, "kind": kind.value, "event_date": date, **{k: v for k, v in values.items() if v}})
    return Recorded("record.discipline", "member_discipline", row.id, "discipline.done",
                    {"kind": label(kind), "decision": values["decision_no"], "member_id": member_id, "org": org.code,
                     "day": date.isoformat()})


def member_discipline(session: Session, member_id: int, up_to: dt.date | None = None) -> list[MemberDiscipline]:
    """One member's measures, oldest first (for their history)."""
    stmt = select(MemberDiscipline).where(MemberDiscipline.member_id == member_id)
    if up_to is not None:
        stmt = stmt.where(MemberDiscipline.event_date <= up_to)
    return list(session.scalars(stmt.order_by(MemberDiscipline.event_date, MemberDiscipline.id)))


def discipline_counts(session: Session, groups: Mapping[int, set[int]], period: DayPeriod) -> dict[int, dict[str, int]]:
    """For each organisation of ``groups`` (id -> its catchment), the measures dated in
    ``period`` at an organisation of its catchment, by :data:`DISCIPLINE_KEYS`."""
    where: dict[int, list[int]] = defaultdict(list)
    for oid, members in groups.items():
        for o in members:
            where[o].append(oid)
    out = {oid: dict.fromkeys(DISCIPLINE_KEYS, 0) for oid in groups}
    ids = sorted(where)
    for i in range(0, len(ids), 5000):
        chunk = ids[i:i + 5000]
        measures = session.execute(select(MemberDiscipline.org_id, MemberDiscipline.kind).where(
            MemberDiscipline.org_id.in_(chunk), MemberDiscipline.event_date.between(period.start, period.end)))
        expulsions = session.execute(select(MemberEvent.org_id, MemberEvent.kind).where(
            MemberEvent.org_id.in_(chunk), MemberEvent.kind == EventKind.EXPULSION,
            MemberEvent.event_date.between(period.start, period.end)))
        for org_id, kind in [*measures, *expulsions]:
            for oid in where[org_id]:
                out[oid][str(getattr(kind, "value", kind))] += 1
    return out


__all__ = ["DISCIPLINE_KEYS", "DisciplineKind", "MemberDiscipline", "discipline", "discipline_counts", "label",
           "member_discipline"]
