"""Members away from their cell's activities: exemption (elderly or sick, with no time limit;
or temporary while working far away, under the months in the rules) and work far away (started, reported back, ended). None of these changes the rolls."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models.access import Actor
from models import i18n
from models.enums import EventKind, ExemptionKind
from models.errors import DomainError
from models.membership import MemberState
from models.record.common import Recorded, rules_or_default
from models.record.members import member_event
from models.rules import Rules, add_months


def exemption_start(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    ends_on: dt.date | None = None,
    kind: ExemptionKind | str | None = None,
    decision_no: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Exemption from activities, of one of two kinds: elderly or sick (Charter, Article 7),
    with no time limit (an end date is optional); or a temporary exemption while working far
    away, shorter than the months in the rules (exactly that many is too long)."""
    rules = rules_or_default(rules)
    ex = rules.on(date).exemption
    try:
        which = ExemptionKind(kind) if kind is not None and str(kind).strip() else None
    except ValueError:
        which = None
    if which is None:
        raise DomainError(
            "record.exemption_kind_required", field="exemption_kind", regulation=ex.charter_regulation,
            allowed=", ".join(i18n.label(k) for k in ExemptionKind),
        )
    regulation = ex.charter_regulation if which == ExemptionKind.ELDERLY_OR_SICK else ex.far_away_regulation
    if which == ExemptionKind.FAR_AWAY and ends_on is None:
        raise DomainError("record.ends_on_required", field="ends_on", regulation=regulation)
    if ends_on is not None and ends_on <= date:
        raise DomainError("record.ends_before_start", field="ends_on", ends_on=ends_on.isoformat(), day=date.isoformat())
    if which == ExemptionKind.FAR_AWAY and ends_on is not None and ends_on >= add_months(date, ex.far_away_below_months):
        raise DomainError(
            "record.exemption_length", field="ends_on", regulation=regulation, below=ex.far_away_below_months,
            day=date.isoformat(), ends_on=ends_on.isoformat(),
        )

    def check(state: MemberState) -> None:
        if state.exempt:
            raise DomainError(
                "record.already_exempt", field="member", member_id=member_id,
                until=state.exempt_until.isoformat() if state.exempt_until else "?",
            )

    return member_event(
        session, actor, member_id=member_id, date=date, kind=EventKind.EXEMPTION_START, rules=rules, check=check,
        ends_on=ends_on, exemption_kind=which.value, decision_no=decision_no, note=note,
    )


def exemption_end(
    session: Session, actor: Actor, *, member_id: int, date: dt.date, note: str | None = None, rules: Rules | None = None
) -> Recorded:
    rules = rules_or_default(rules)

    def check(state: MemberState) -> None:
        if not state.exempt:
            raise DomainError("record.not_exempt", field="member", member_id=member_id, day=date.isoformat())

    return member_event(
        session, actor, member_id=member_id, date=date, kind=EventKind.EXEMPTION_END, rules=rules, check=check, note=note
    )


def far_away_start(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    ends_on: dt.date | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """A member went to work far away (the note says where)."""
    rules = rules_or_default(rules)
    if ends_on is not None and ends_on <= date:
        raise DomainError("record.ends_before_start", field="ends_on", ends_on=ends_on.isoformat(), day=date.isoformat())

    def check(state: MemberState) -> None:
        if state.far_away:
            raise DomainError(
                "record.already_far_away", field="member", member_id=member_id,
                since=state.far_away_since.isoformat() if state.far_away_since else "?",
            )

    return member_event(
        session, actor, member_id=member_id, date=date, kind=EventKind.FAR_AWAY_START, rules=rules, check=check,
        ends_on=ends_on, note=note,
    )


def _while_away(kind: EventKind, doc: str):  # type: ignore[no-untyped-def]
    def op(
        session: Session,
        actor: Actor,
        *,
        member_id: int,
        date: dt.date,
        note: str | None = None,
        rules: Rules | None = None,
    ) -> Recorded:
        def check(state: MemberState) -> None:
            if not state.far_away:
                raise DomainError("record.not_far_away", field="member", member_id=member_id, day=date.isoformat())

        return member_event(
            session, actor, member_id=member_id, date=date, kind=kind, rules=rules_or_default(rules), check=check, note=note
        )

    op.__name__ = op.__qualname__ = kind.value
    op.__doc__ = doc
    return op


far_away_end = _while_away(EventKind.FAR_AWAY_END, "A member working far away came back.")
far_away_contact = _while_away(EventKind.FAR_AWAY_CONTACT, "A member working far away reported back to the cell.")
