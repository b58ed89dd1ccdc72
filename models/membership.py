"""Where a member stands at a date, derived from their events (never from a status column).

:func:`member_state` replays one member's events in order (one query); :func:`members_on_rolls`
counts, in one query, the members whose latest roll event at a date puts them on the rolls of
a set of organisations. Events of the same day replay in the order :mod:`models.rolls` defines, so a
permanent transfer (out at the source, then in at the destination) ends at the destination.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from models.enums import EXIT_KINDS, EventKind, RemovalGround, TransferScope
from models import rolls
from models.rolls import probation_cutoff
from models.rules import Rules, default_rules
from models.schema import MemberEvent

#: Events that put a member on or take them off an organisation's rolls (:mod:`models.rolls`).
ROLL_KINDS = frozenset(rolls.ROLL_KINDS)


@dataclass(frozen=True)
class MemberState:
    """A member at the end of ``on``."""

    member_id: int
    on: dt.date
    # The organisation on whose rolls the member is; after an exit or a transfer out of the
    # database, the organisation whose rolls they left. None before any admission.
    org_id: int | None
    on_rolls: bool
    admitted_on: dt.date | None  # the latest admission ceremony
    probation_end: dt.date | None  # admitted_on + the probation months
    # The recognition decision of the latest admission's probation, even when dated after
    # ``on``: the Charter makes the member official from the end of the probation, however
    # late the decision comes.
    recognised_on: dt.date | None
    exit_kind: EventKind | None  # removal, leave, expulsion or death ending the latest spell
    exit_date: dt.date | None
    removal_ground: RemovalGround | None
    transferred_out: bool  # left for an organisation outside the database
    far_away_since: dt.date | None
    last_contact: dt.date | None  # latest report while far away (or the start)
    exempt_until: dt.date | None  # planned end of a running exemption
    exempt_since: dt.date | None
    temporary_host_id: int | None  # host organisation of a running temporary transfer
    temporary_until: dt.date | None
    admissions: int  # admissions so far (more than one after readmission)
    exits: int  # removals, leaves, expulsions and deaths so far
    last_event_date: dt.date | None
    last_roll_event_date: dt.date | None

    @property
    def official(self) -> bool:
        # A member who joined elsewhere and came in by transfer as official has no probation
        # start here; one who came in probationary has the probation begun there
        # (``admitted_on`` is then the ceremony elsewhere) and is recognised here.
        # ``probation_end`` comes from models.rolls.probation_end.
        if not self.on_rolls:
            return False
        if self.admitted_on is None:
            return True
        return self.recognised_on is not None and self.probation_end is not None and self.probation_end <= self.on

    @property
    def probationary(self) -> bool:
        return self.on_rolls and not self.official

    @property
    def far_away(self) -> bool:
        return self.far_away_since is not None

    @property
    def exempt(self) -> bool:
        return self.exempt_since is not None

    @property
    def ever_member(self) -> bool:
        return self.admissions > 0


def replay(
    member_id: int, events: Iterable[MemberEvent], on: dt.date, rules: Rules | None = None
) -> MemberState:
    """Fold ``events`` (in date, then recording order) dated on or before ``on``; later ones
    only tell whether the probation then running ended in recognition."""
    rules = rules or default_rules()
    org_id: int | None = None
    on_rolls = False
    admitted_on = recognised_on = exit_date = None
    exit_kind: EventKind | None = None
    ground: RemovalGround | None = None
    transferred_out = False
    far_since = last_contact = exempt_until = exempt_since = temp_until = None
    temp_host: int | None = None
    admissions = exits = 0
    last_date = last_roll = None
    later: list[MemberEvent] = []
    for ev in events:
        if ev.event_date > on:
            later.append(ev)
            continue
        kind = EventKind(ev.kind)
        last_date = ev.event_date
        if kind in ROLL_KINDS:
            last_roll = ev.event_date
        if kind == EventKind.ADMISSION:
            org_id, on_rolls, admitted_on = ev.org_id, True, ev.event_date
            recognised_on = exit_kind = exit_date = ground = None
            transferred_out = False
            admissions += 1
        elif kind == EventKind.RECOGNITION:
            recognised_on = ev.event_date
        elif kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT):
            scope = TransferScope(ev.transfer_scope or "")
            if scope == TransferScope.PERMANENT:
                if kind == EventKind.TRANSFER_IN:
                    org_id, on_rolls, transferred_out = ev.org_id, True, False
                    if ev.probation_since is not None:
                        # A probationary member from outside: their probation began there.
                        admitted_on, recognised_on = ev.probation_since, None
                        exit_kind = exit_date = ground = None
                else:
                    org_id, on_rolls = ev.org_id, False
                    # An internal transfer is followed by its transfer_in the same day.
                    transferred_out = ev.counterpart_org_id is None
            elif kind == EventKind.TRANSFER_IN:
                temp_host, temp_until = ev.org_id, ev.ends_on
        elif kind in EXIT_KINDS:
            on_rolls, exit_kind, exit_date = False, kind, ev.event_date
            ground = RemovalGround(ev.removal_ground) if ev.removal_ground else None
            exits += 1
            far_since = last_contact = exempt_since = exempt_until = temp_host = temp_until = None
        elif kind == EventKind.FAR_AWAY_START:
            far_since = last_contact = ev.event_date
        elif kind == EventKind.FAR_AWAY_CONTACT:
            last_contact = ev.event_date
        elif kind == EventKind.FAR_AWAY_END:
            far_since = last_contact = None
        elif kind == EventKind.EXEMPTION_START:
            exempt_since, exempt_until = ev.event_date, ev.ends_on
        elif kind == EventKind.EXEMPTION_END:
            exempt_since = exempt_until = None
    if on_rolls and admitted_on is not None and recognised_on is None:
        for ev in later:
            if ev.kind == EventKind.RECOGNITION:
                recognised_on = ev.event_date
                break
            if ev.kind in (EventKind.ADMISSION, *EXIT_KINDS) or rolls.probation_start_of(
                    ev.kind, ev.event_date, ev.probation_since) is not None:
                break
    # Planned ends that have passed end the exemption or the temporary stay by themselves.
    if exempt_until is not None and exempt_until <= on:
        exempt_since = exempt_until = None
    if temp_until is not None and temp_until <= on:
        temp_host = temp_until = None
    return MemberState(
        member_id=member_id,
        on=on,
        org_id=org_id,
        on_rolls=on_rolls,
        admitted_on=admitted_on,
        probation_end=rolls.probation_end(admitted_on, rules) if admitted_on else None,
        recognised_on=recognised_on,
        exit_kind=exit_kind,
        exit_date=exit_date,
        removal_ground=ground,
        transferred_out=transferred_out,
        far_away_since=far_since,
        last_contact=last_contact,
        exempt_until=exempt_until,
        exempt_since=exempt_since,
        temporary_host_id=temp_host,
        temporary_until=temp_until,
        admissions=admissions,
        exits=exits,
        last_event_date=last_date,
        last_roll_event_date=last_roll,
    )


def member_events(session: Session, member_id: int, up_to: dt.date | None = None) -> list[MemberEvent]:
    stmt = select(MemberEvent).where(MemberEvent.member_id == member_id)
    if up_to is not None:
        stmt = stmt.where(MemberEvent.event_date <= up_to)
    # The same-day order of models.rolls: a transfer out before the transfer in, exits last.
    return list(session.scalars(stmt.order_by(MemberEvent.event_date, rolls.rank_expr(MemberEvent.kind), MemberEvent.id)))


def member_state(session: Session, member_id: int, on: dt.date, rules: Rules | None = None) -> MemberState:
    """The member at the end of ``on``: one query over their events."""
    return replay(member_id, member_events(session, member_id), on, rules)


@dataclass(frozen=True)
class OnRolls:
    """Members on the rolls at a date, and how many of them are official."""

    members: int
    official: int

    @property
    def probationary(self) -> int:
        return self.members - self.official


def _roll_filter():  # type: ignore[no-untyped-def]
    return rolls.roll_condition(MemberEvent.kind, MemberEvent.transfer_scope)


def members_on_rolls(session: Session, org_ids: Iterable[int], day: dt.date, rules: Rules | None = None) -> OnRolls:
    """Members whose latest roll event on or before ``day`` puts them on the rolls of one of
    ``org_ids``, and how many of them are official at ``day``: those whose probation (after
    their latest admission) has ended by ``day`` and was followed by a recognition (whenever
    the decision came), and those who joined elsewhere and came in by transfer."""
    ids = list(org_ids)
    if not ids:
        return OnRolls(0, 0)
    rules = rules or default_rules()
    ranked = _ranked_roll_events(day)
    admitted = (
        select(
            MemberEvent.member_id,
            func.max(rolls.probation_start_expr(MemberEvent)).label("admitted_on"),
        )
        .where(rolls.probation_starts(MemberEvent), MemberEvent.event_date <= day)
        .group_by(MemberEvent.member_id)
        .subquery("admitted")
    )
    rec = aliased(MemberEvent, name="rec")
    later_admission = aliased(MemberEvent, name="readm")
    # A recognition of this probation: after the latest admission, before any readmission.
    recognised = (
        select(rec.id)
        .where(
            rec.member_id == ranked.c.member_id,
            rec.kind == EventKind.RECOGNITION,
            rec.event_date >= admitted.c.admitted_on,
            ~select(later_admission.id)
            .where(
                later_admission.member_id == rec.member_id,
                rolls.probation_starts(later_admission),
                rolls.probation_start_expr(later_admission) > admitted.c.admitted_on,
                later_admission.event_date <= rec.event_date,
            )
            # Correlate to the outer query's ``admitted`` too, not only to ``rec``.
            .correlate_except(later_admission)
            .exists(),
        )
        .correlate_except(rec)
        .exists()
    )
    official = or_(
        admitted.c.admitted_on.is_(None),
        and_(admitted.c.admitted_on <= probation_cutoff(day, rules.probation.months), recognised),
    )
    on_rolls = and_(
        ranked.c.rn == 1,
        ranked.c.kind.in_([EventKind.ADMISSION, EventKind.TRANSFER_IN]),
    )
    result = session.execute(
        select(func.count(), func.coalesce(func.sum(case((official, 1), else_=0)), 0))
        .select_from(ranked)
        .outerjoin(admitted, admitted.c.member_id == ranked.c.member_id)
        .where(on_rolls, _in_chunks(ranked.c.org_id, ids))
    ).one()
    return OnRolls(int(result[0]), int(result[1]))


def member_ids_on_rolls(session: Session, org_ids: Iterable[int], day: dt.date) -> list[int]:
    """The ids of the members counted by :func:`members_on_rolls`, in id order."""
    ids = list(org_ids)
    if not ids:
        return []
    ranked = _ranked_roll_events(day)
    return list(
        session.scalars(
            select(ranked.c.member_id)
            .where(
                ranked.c.rn == 1,
                ranked.c.kind.in_([EventKind.ADMISSION, EventKind.TRANSFER_IN]),
                _in_chunks(ranked.c.org_id, ids),
            )
            .order_by(ranked.c.member_id)
        )
    )


def _ranked_roll_events(day: dt.date):  # type: ignore[no-untyped-def]
    """Each member's roll events up to ``day``, the latest ranked 1."""
    return (
        select(
            MemberEvent.member_id,
            MemberEvent.org_id,
            MemberEvent.kind,
            func.row_number()
            .over(
                partition_by=MemberEvent.member_id,
                order_by=(MemberEvent.event_date.desc(), rolls.rank_expr(MemberEvent.kind).desc(), MemberEvent.id.desc()),
            )
            .label("rn"),
        )
        .where(_roll_filter(), MemberEvent.event_date <= day)
        .subquery("ranked")
    )


def _in_chunks(column, ids: list[int]):  # type: ignore[no-untyped-def]
    # SQLite limits bound parameters per statement; whole cities have many organisations.
    if len(ids) <= 5000:
        return column.in_(ids)
    return or_(*(column.in_(ids[i : i + 5000]) for i in range(0, len(ids), 5000)))


__all__ = ["probation_cutoff", "ROLL_KINDS", "MemberState", "OnRolls", "member_events", "member_ids_on_rolls", "member_state", "members_on_rolls", "replay"]
