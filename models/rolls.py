"""Two rules every figure rests on, defined once: which roll event counts on a day, and when
probation ends.

**Roll events** move a member onto or off an organisation's rolls: an admission, a permanent
transfer in or out, a removal, a leave, an expulsion, a death (a temporary transfer moves
nobody's count). A member is on ``X``'s rolls at ``D`` when their *latest* roll event at or
before ``D`` is an admission or a permanent transfer in at ``X``.

**Same-day order.** Several roll events of one member on one day are read in this order: a
transfer out first, then an admission or a transfer in, an exit last; events of equal rank in
the order they were recorded. So a permanent move (out at the source, in at the destination,
same date) ends at the destination however the two rows were typed in, and a member admitted
and removed on one day is off the rolls at its end.

**Probation** lasts the months of ``rules.toml`` (Charter, Article 5) from the ceremony of the
member's latest admission, or, for a probationary member who came in from outside the database,
from the ceremony elsewhere that their transfer in records (``probation_since``): the latest
*probation start* (:func:`probation_start_sql` and its siblings) decides; the member is official from the day it ends, provided a recognition
of that probation is recorded, however late the decision came. The cell considers
recognition within the working days of ``rules.toml`` (``probation.recognition_working_days``,
on Vietnam's calendar, :mod:`models.workdays`) after probation ends; after that it is overdue.

The SQL of the kept tables (:mod:`models.states`), the replay of one member
(:mod:`models.membership`) and the figures (:mod:`models.figures`) all take these from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, or_, select, true

from models.enums import EventKind, TransferScope
from models.rules import Rules, add_months
from models.schema import MemberEvent
from models.workdays import latest_start_overdue

#: Events that put a member on an organisation's rolls.
ROLL_IN: tuple[EventKind, ...] = (EventKind.ADMISSION, EventKind.TRANSFER_IN)
#: Events that end a membership.
EXITS: tuple[EventKind, ...] = (EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH)
#: Every roll event kind (transfers count only when permanent).
ROLL_KINDS: tuple[EventKind, ...] = (*ROLL_IN, EventKind.TRANSFER_OUT, *EXITS)

#: The rank of a roll event among the same member's events of one day (higher: later).
SAME_DAY_RANK: dict[EventKind, int] = {
    EventKind.TRANSFER_OUT: 0,
    EventKind.ADMISSION: 1,
    EventKind.TRANSFER_IN: 1,
    **{k: 2 for k in EXITS},
}


def same_day_rank(kind: EventKind | str) -> int:
    """:data:`SAME_DAY_RANK` of ``kind``; events that are no roll events rank with admissions."""
    return SAME_DAY_RANK.get(EventKind(kind), 1)


def rank_expr(kind_column: Any) -> Any:
    """:func:`same_day_rank` as an SQLAlchemy expression over an event kind column."""
    return case(
        (kind_column == EventKind.TRANSFER_OUT, 0),
        (kind_column.in_(EXITS), 2),
        else_=1,
    )


def _sql_list(kinds: tuple[EventKind, ...]) -> str:
    return "(" + ", ".join(f"'{k.value}'" for k in kinds) + ")"


def rank_sql(kind_column: str) -> str:
    """:func:`same_day_rank` as SQL text over ``kind_column`` (for triggers and rebuilds)."""
    return f"CASE WHEN {kind_column} = 'transfer_out' THEN 0 WHEN {kind_column} IN {_sql_list(EXITS)} THEN 2 ELSE 1 END"


def roll_condition(kind_column: Any, scope_column: Any) -> Any:
    """Events that move a member onto or off the rolls, as an SQLAlchemy condition."""
    return or_(
        kind_column.in_((EventKind.ADMISSION, *EXITS)),
        and_(
            kind_column.in_((EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT)),
            scope_column == TransferScope.PERMANENT,
        ),
    )


def roll_sql(alias: str) -> str:
    """:func:`roll_condition` as SQL text over the event row ``alias``."""
    return (
        f"({alias}.kind IN {_sql_list((EventKind.ADMISSION, *EXITS))} OR ({alias}.kind IN ('transfer_in', 'transfer_out')"
        f" AND {alias}.transfer_scope = 'permanent'))"
    )


def is_roll_event(kind: EventKind | str, transfer_scope: TransferScope | str | None) -> bool:
    """:func:`roll_condition` for one event row."""
    kind = EventKind(kind)
    if kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT):
        return transfer_scope is not None and TransferScope(transfer_scope) == TransferScope.PERMANENT
    return kind in ROLL_KINDS


def on_rolls_subquery(day: dt.date, members: Any = None) -> Any:
    """(member_id, org_id) of every member on some organisation's rolls at ``day``: the latest
    roll event at or before ``day`` in the same-day order above decides. ``members`` (a select
    of member ids) narrows the window to the members concerned, when they are few."""
    rn = func.row_number().over(
        partition_by=MemberEvent.member_id,
        order_by=(MemberEvent.event_date.desc(), rank_expr(MemberEvent.kind).desc(), MemberEvent.id.desc()),
    )
    latest = (
        select(MemberEvent.member_id, MemberEvent.org_id, MemberEvent.kind, rn.label("rn"))
        .where(
            roll_condition(MemberEvent.kind, MemberEvent.transfer_scope),
            MemberEvent.event_date <= day,
            true() if members is None else MemberEvent.member_id.in_(members),
        )
        .subquery("latest_roll")
    )
    return (
        select(latest.c.member_id, latest.c.org_id)
        .where(latest.c.rn == 1, latest.c.kind.in_(ROLL_IN))
        .subquery("on_rolls")
    )


#: Events that may start a probation: an admission here, or a transfer in from outside that
#: records a probation begun elsewhere (its ``probation_since``, the ceremony's day there).
PROBATION_STARTS: tuple[EventKind, ...] = (EventKind.ADMISSION, EventKind.TRANSFER_IN)


def probation_start_of(kind: EventKind | str, event_date: dt.date, probation_since: dt.date | None) -> dt.date | None:
    """The day the probation an event starts begins: an admission's ceremony, a transfer in's
    ``probation_since`` (None for every other event, and for a transfer in of an official member)."""
    kind = EventKind(kind)
    if kind == EventKind.ADMISSION:
        return event_date
    if kind == EventKind.TRANSFER_IN:
        return probation_since
    return None


def probation_start_expr(event: Any) -> Any:
    """:func:`probation_start_of` as an SQLAlchemy expression over an event entity or alias
    (NULL for events that start no probation)."""
    return case(
        (event.kind == EventKind.ADMISSION, event.event_date),
        (event.kind == EventKind.TRANSFER_IN, event.probation_since),
        else_=None,
    )


def probation_starts(event: Any) -> Any:
    """The condition that an event starts a probation, as an SQLAlchemy condition."""
    return or_(
        event.kind == EventKind.ADMISSION,
        and_(event.kind == EventKind.TRANSFER_IN, event.probation_since.is_not(None)),
    )


def probation_start_sql(alias: str) -> str:
    """:func:`probation_start_of` as SQL text over the event row ``alias`` (for triggers and
    rebuilds)."""
    return (f"CASE WHEN {alias}.kind = 'admission' THEN {alias}.event_date"
            f" WHEN {alias}.kind = 'transfer_in' THEN {alias}.probation_since END")


def probation_end(admitted_on: dt.date, rules: Rules) -> dt.date:
    """The day the probation after the ceremony of ``admitted_on`` ends (the member is
    official from it, once a recognition is recorded)."""
    return add_months(admitted_on, rules.probation.months)


def probation_cutoff(day: dt.date, months: int) -> dt.date:
    """The latest ceremony whose probation has ended by ``day``: ``probation_end(a) <= day``
    exactly when ``a <= probation_cutoff(day, months)``, for queries that compare admission dates.

    :func:`add_months` clamps to the end of shorter months, so on the last day of a month
    every admission up to the end of the month ``months`` before has served its probation."""
    cutoff = add_months(day, -months)
    if day.month != (day + dt.timedelta(days=1)).month:
        cutoff = add_months(cutoff.replace(day=1), 1) - dt.timedelta(days=1)
    return cutoff


def is_official(admitted_on: dt.date | None, recognised_on: dt.date | None, day: dt.date, rules: Rules) -> bool:
    """Whether a member on the rolls at ``day`` is official then: joined elsewhere and came in
    by transfer as an official member (no probation start), or their probation has ended by ``day`` and a
    recognition of it is recorded (``recognised_on``: the first after the admission, even when
    dated after ``day``)."""
    if admitted_on is None:
        return True
    return recognised_on is not None and day >= probation_end(admitted_on, rules)


__all__ = [
    "EXITS",
    "ROLL_IN",
    "ROLL_KINDS",
    "PROBATION_STARTS",
    "SAME_DAY_RANK",
    "is_official",
    "is_roll_event",
    "on_rolls_subquery",
    "probation_cutoff",
    "probation_end",
    "probation_start_expr",
    "probation_start_of",
    "probation_start_sql",
    "probation_starts",
    "rank_expr",
    "rank_sql",
    "roll_condition",
    "roll_sql",
    "same_day_rank",
]


def recognition_grace(day: dt.date, rules: Rules) -> int:
    """Calendar days after the end of a probation within which, judged at ``day``, recognition
    is not yet overdue: a probation that ended on ``E`` is overdue at ``day`` exactly when
    ``day > E + recognition_grace(day)``, that is when more than the working days the
    regulation in force at ``day`` allows (Vietnam's calendar, Tết included) have passed since
    ``E``."""
    last_overdue_end = latest_start_overdue(day, rules.on(day).probation.recognition_working_days)
    return (day - last_overdue_end).days - 1


def recognition_overdue(probation_ended: dt.date, day: dt.date, rules: Rules) -> bool:
    """Whether, at ``day``, recognition of a probation that ended on ``probation_ended`` is overdue."""
    return day > probation_ended + dt.timedelta(days=recognition_grace(day, rules))
