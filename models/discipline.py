"""Disciplinary measures short of expulsion (kỷ luật: khiển trách, cảnh cáo, cách chức), each
dated with its decision, in the append-only table ``member_discipline`` (migration 0013, table in models/office_schema.py).

Expulsion (khai trừ) ends membership, so it stays a member event (:mod:`models.membership`);
:func:`models.figures.office.discipline_counts` counts it next to the others, from the event log.
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
from models.record.common import Recorded, check_past, lock_member, org_by_id_at, require_on_rolls, writable_org
from models.rules import Rules, default_rules
from models.office_schema import DISCIPLINE_KEYS, DisciplineKind, MemberDiscipline
from models.text_rules import check_values


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


__all__ = ["DISCIPLINE_KEYS", "DisciplineKind", "MemberDiscipline", "discipline", "label",
           "member_discipline"]
