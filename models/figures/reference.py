"""One organisation's figures from the event log alone: the reference the tests hold the
engine to.

:func:`reference_books` reads the organisations, their edges and the member events, nothing
else (no closure, rollup or state table kept by triggers), and replays each member's roll
events in Python in the order :mod:`models.rolls` defines. It is slow and simple on purpose:
property tests compare it with :func:`models.figures.service.briefing` on random histories
with merges, splits and moves (tests/test_figures_reference.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.enums import EventKind, MassOrg, RemovalGround, Sex
from models.figures.data import Period
from models.forest import TreeSnapshot
from models.rolls import ROLL_IN, is_official, is_roll_event, same_day_rank
from models.rules import Rules
from models.schema import Member, MemberEvent

#: The upper end of the composition's "aged 18-30" (models.figures.sql.YOUTH_MAX_AGE_YEARS,
#: restated: the reference shares no code with the engine but the rules of models.rolls).
_YOUTH_MAX_AGE = 30


@dataclass(frozen=True)
class ReferenceYear:
    """One year of an organisation's books, from the log alone."""

    year: int
    members_start: int
    admitted: int
    transfers_in: int
    removed: int
    left: int
    expelled: int
    died: int
    transfers_out: int
    members_end: int
    removed_by_ground: dict[RemovalGround, int]


@dataclass(frozen=True)
class ReferenceBooks:
    """What :func:`reference_books` computes of one organisation (its whole catchment)."""

    admitted: int
    women: int
    youth_union: int
    recommended: int
    recommended_by: dict[MassOrg, int]
    on_occasion: int
    aged_18_30: int
    years: tuple[ReferenceYear, ...]
    members: int  # on the rolls at the period's end, or at as_of if earlier
    official: int  # of those at as_of: official (models.rolls.is_official)


def _probation_start(e: MemberEvent) -> dt.date | None:
    """The day ``e`` starts a probation, written out here rather than taken from models.rolls
    (the reference recomputes the engine's rules independently)."""
    if EventKind(e.kind) == EventKind.ADMISSION:
        return e.event_date
    if EventKind(e.kind) == EventKind.TRANSFER_IN:
        return e.probation_since
    return None


def _age(on: dt.date, born: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def reference_books(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules,
                    tree_day: dt.date | None = None) -> ReferenceBooks:
    """The books of ``org_id``'s catchment in the forest of ``tree_day`` (default ``as_of``)
    for ``period``, counting events up to ``as_of``."""
    snap = TreeSnapshot.load(session, tree_day or as_of)  # the whole tree: no closure read
    inside = set(snap.catchment(org_id))
    members = {m.id: m for m in session.scalars(select(Member))}
    by_member: dict[int, list[MemberEvent]] = defaultdict(list)
    for ev in session.scalars(select(MemberEvent).where(MemberEvent.event_date <= as_of)):
        by_member[ev.member_id].append(ev)
    for evs in by_member.values():
        evs.sort(key=lambda e: (e.event_date, same_day_rank(e.kind), e.id))

    def on_rolls_at(day: dt.date) -> dict[int, int]:
        """member -> organisation whose rolls they are on at the end of ``day``."""
        out = {}
        for mid, evs in by_member.items():
            latest = None
            for e in evs:
                if e.event_date > day:
                    break
                if is_roll_event(e.kind, e.transfer_scope):
                    latest = e
            if latest is not None and EventKind(latest.kind) in ROLL_IN:
                out[mid] = latest.org_id
        return out

    def count_on(day: dt.date) -> int:
        return sum(1 for org in on_rolls_at(day).values() if org in inside)

    years = []
    for y in period.years:
        start, end = min(dt.date(y - 1, 12, 31), as_of), min(dt.date(y, 12, 31), as_of)
        flows: dict[EventKind, int] = defaultdict(int)
        grounds: dict[RemovalGround, int] = defaultdict(int)
        for evs in by_member.values():
            for e in evs:
                if e.event_date.year != y or e.org_id not in inside or not is_roll_event(e.kind, e.transfer_scope):
                    continue
                kind = EventKind(e.kind)
                # A permanent move between two organisations of the catchment is no transfer of it.
                if kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT) and e.counterpart_org_id in inside:
                    continue
                flows[kind] += 1
                if e.removal_ground is not None:
                    grounds[RemovalGround(e.removal_ground)] += 1
        admitted = flows[EventKind.ADMISSION] if dt.date(y, 1, 1) <= as_of else 0
        years.append(ReferenceYear(
            y, count_on(start), admitted, flows[EventKind.TRANSFER_IN], flows[EventKind.REMOVAL],
            flows[EventKind.LEAVE], flows[EventKind.EXPULSION], flows[EventKind.DEATH],
            flows[EventKind.TRANSFER_OUT], count_on(end), dict(grounds)))

    adm = [e for evs in by_member.values() for e in evs
           if EventKind(e.kind) == EventKind.ADMISSION and e.org_id in inside and e.event_date.year in period.years]
    by_org: dict[MassOrg, int] = defaultdict(int)
    for e in adm:
        if e.recommended_by is not None:
            by_org[MassOrg(e.recommended_by)] += 1
    at_as_of = on_rolls_at(as_of)
    official = 0
    for mid, org in at_as_of.items():
        if org not in inside:
            continue
        evs = by_member[mid]
        # The latest probation start: an admission, or a probation begun elsewhere that a
        # transfer in records (its own day, not the transfer's).
        joined = max((d for e in evs if (d := _probation_start(e)) is not None), default=None)
        # The first recognition after the latest admission, whenever the decision came.
        recognised = min((e.event_date for e in session.scalars(select(MemberEvent).where(
            MemberEvent.member_id == mid, MemberEvent.kind == EventKind.RECOGNITION))
            if joined is not None and e.event_date >= joined), default=None)
        official += is_official(joined, recognised, as_of, rules)
    return ReferenceBooks(
        admitted=len(adm),
        women=sum(1 for e in adm if Sex(members[e.member_id].sex) == Sex.FEMALE),
        youth_union=sum(1 for e in adm if e.youth_union),
        recommended=sum(by_org.values()),
        recommended_by=dict(by_org),
        on_occasion=sum(1 for e in adm if e.occasion is not None),
        aged_18_30=sum(1 for e in adm
                       if rules.admission.min_age_years <= _age(e.event_date, members[e.member_id].birth_date) <= _YOUTH_MAX_AGE),
        years=tuple(years),
        members=count_on(min(period.end, as_of)),
        official=official,
    )


__all__ = ["ReferenceBooks", "ReferenceYear", "reference_books"]
