"""The statistical report of Party members for a period (báo cáo thống kê đảng viên), per
organisation: members at the start and end, by status, and every flow between, from the log.

One definition: each member's state is replayed with :func:`models.membership.replay` (the
roll-event rules live there) at the day before the period and at every day inside it on which
their state can change (an event, or the end of a probation, when the Charter makes a recognised
member official). Each change between two such days is booked once, as the flow that explains
it, against every organisation whose catchment the member enters, leaves or stays in. The
books therefore balance by construction, for every organisation and status:

    start + admitted + transfer_in − transfer_out − removed − left − expelled − died = end

with recognition moving members from probationary to official. A transfer between two
children of the report's root is a transfer out of one and into the other, and no flow at the
root; it is "within the area" (counterpart inside the root's catchment), every other transfer
"outside". Temporary transfers move no one's count; they are counted on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from models.enums import EventKind, TransferScope
from models.membership import MemberState, replay
from models.rolls import (
    EXITS,
    on_rolls_subquery,
    probation_cutoff,
    probation_start_expr,
    probation_start_of,
    probation_starts,
)
from models.figures.periods import DayPeriod
from models.figures.sql import in_ids
from models.rules import Rules, add_months, default_rules
from models.schema import MEMBER_STATES, MemberEvent, table_of
from models.tree import catchments, children_at

#: The keys of the ``statistics`` object of the report's JSON, in the office's order.
STATISTICS_KEYS = (
    "start", "end", "probationary_end", "official_end", "admitted", "recognised",
    "transfer_in", "transfer_out", "removed", "left", "expelled", "died",
)

_EXIT_FLOW = {
    EventKind.REMOVAL: "removed",
    EventKind.LEAVE: "left",
    EventKind.EXPULSION: "expelled",
    EventKind.DEATH: "died",
}
#: Flows that bring members onto the rolls, and those that take them off.
IN_FLOWS = ("admitted", "transfer_in")
OUT_FLOWS = ("transfer_out", "removed", "left", "expelled", "died")
STATUSES = ("probationary", "official")


@dataclass
class _Books:
    # (flow, status) -> members; flows include "start" and "end".
    counts: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    recognised: int = 0
    # (direction, scope, area) -> transfers; direction "in"/"out", area "within"/"outside".
    transfers: dict[tuple[str, str, str], int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class MemberStatistics:
    """One organisation's figures for a period (its catchment: itself and everything below)."""

    org_id: int
    period: DayPeriod
    # (flow, status) -> members, flow one of "start", "end", IN_FLOWS, OUT_FLOWS.
    by_status: Mapping[tuple[str, str], int]
    recognised: int  # moved from probationary to official in the period
    # (direction, scope, area) -> transfers in the period ("in"/"out", "permanent"/"temporary",
    # "within"/"outside" the report's root).
    transfers: Mapping[tuple[str, str, str], int]

    def total(self, flow: str) -> int:
        return sum(self.by_status.get((flow, s), 0) for s in STATUSES)

    def status(self, flow: str, status: str) -> int:
        return self.by_status.get((flow, status), 0)

    def as_json(self) -> dict[str, int]:
        """The ``statistics`` object: exactly :data:`STATISTICS_KEYS`, members for the period."""
        return {
            "start": self.total("start"),
            "end": self.total("end"),
            "probationary_end": self.status("end", "probationary"),
            "official_end": self.status("end", "official"),
            "admitted": self.total("admitted"),
            "recognised": self.recognised,
            "transfer_in": self.total("transfer_in"),
            "transfer_out": self.total("transfer_out"),
            "removed": self.total("removed"),
            "left": self.total("left"),
            "expelled": self.total("expelled"),
            "died": self.total("died"),
        }

    def detail_json(self) -> dict[str, object]:
        """What the ``statistics`` object sums: every flow by status, transfers by scope and area."""
        return {
            "by_status": {
                s: {flow: self.status(flow, s) for flow in ("start", *IN_FLOWS, *OUT_FLOWS, "end")} for s in STATUSES
            },
            "transfers": {
                direction: {
                    scope.value: {area: self.transfers.get((direction, scope.value, area), 0) for area in ("within", "outside")}
                    for scope in TransferScope
                }
                for direction in ("in", "out")
            },
        }


def _checkpoints(events: Sequence[MemberEvent], period: DayPeriod, rules: Rules) -> list[dt.date]:
    """The days inside ``period`` on which the member's state may change, in order."""
    days = {ev.event_date for ev in events if period.start <= ev.event_date <= period.end}
    for ev in events:
        began = probation_start_of(ev.kind, ev.event_date, ev.probation_since)
        if began is not None:
            ends = add_months(began, rules.probation.months)
            if period.start <= ends <= period.end:
                days.add(ends)
    return sorted(days)


def _status(state: MemberState) -> str:
    return "official" if state.official else "probationary"


def _event_on(events: Sequence[MemberEvent], day: dt.date, kinds: Iterable[EventKind],
              scope: TransferScope | None = None) -> MemberEvent | None:
    wanted = set(kinds)
    found = None
    for ev in events:
        if ev.event_date == day and ev.kind in wanted and (scope is None or ev.transfer_scope == scope):
            found = ev  # the last recorded of the day, as replay ends with it
    return found


class _Ledger:
    """Books for the organisations of one report: the root and its children."""

    def __init__(self, groups: Mapping[int, set[int]], area: set[int]) -> None:
        self.groups = groups  # report org id -> its catchment
        self.area = area  # the root's catchment
        self.books = {oid: _Books() for oid in groups}
        self.where: dict[int, list[int]] = defaultdict(list)  # catchment org -> report orgs
        for oid, members in groups.items():
            for o in members:
                self.where[o].append(oid)

    def holders(self, state: MemberState) -> list[int]:
        if not state.on_rolls or state.org_id is None:
            return []
        return self.where.get(state.org_id, [])

    def member(self, events: Sequence[MemberEvent], period: DayPeriod, rules: Rules) -> None:
        member_id = events[0].member_id
        prev = replay(member_id, events, period.day_before, rules)
        for oid in self.holders(prev):
            self.books[oid].counts[("start", _status(prev))] += 1
        # A member with no event and no end of probation in the period ends it as they began.
        for day in _checkpoints(events, period, rules):
            state = replay(member_id, events, day, rules)
            self._change(prev, state, events, day)
            prev = state
        for oid in self.holders(prev):
            self.books[oid].counts[("end", _status(prev))] += 1
        self._temporary(events, period)

    def _change(self, prev: MemberState, new: MemberState, events: Sequence[MemberEvent], day: dt.date) -> None:
        before, after = set(self.holders(prev)), set(self.holders(new))
        new_spell = new.admissions > prev.admissions
        for oid in before | after:
            book = self.books[oid]
            stays = oid in before and oid in after and not new_spell
            if stays:
                if _status(prev) == "probationary" and _status(new) == "official":
                    book.recognised += 1
                continue
            if oid in before:
                flow = self._out_flow(prev, new, events, day, oid)
                book.counts[(flow, _status(prev))] += 1
            if oid in after:
                flow = "admitted" if new_spell else "transfer_in"
                book.counts[(flow, _status(new))] += 1
                if flow == "transfer_in":
                    self._transfer(book, "in", events, day, oid, EventKind.TRANSFER_IN)

    def _out_flow(self, prev: MemberState, new: MemberState, events: Sequence[MemberEvent], day: dt.date, oid: int) -> str:
        if new.exits > prev.exits and new.exit_kind is not None:
            return _EXIT_FLOW[new.exit_kind]
        self._transfer(self.books[oid], "out", events, day, oid, EventKind.TRANSFER_OUT)
        return "transfer_out"

    def _transfer(self, book: _Books, direction: str, events: Sequence[MemberEvent], day: dt.date, oid: int,
                  kind: EventKind) -> None:
        ev = _event_on(events, day, [kind], TransferScope.PERMANENT)
        counterpart = None if ev is None else ev.counterpart_org_id
        book.transfers[(direction, TransferScope.PERMANENT.value, self._area(counterpart))] += 1

    def _area(self, counterpart: int | None) -> str:
        return "within" if counterpart is not None and counterpart in self.area else "outside"

    def _temporary(self, events: Sequence[MemberEvent], period: DayPeriod) -> None:
        for ev in events:
            if (ev.transfer_scope != TransferScope.TEMPORARY or not period.start <= ev.event_date <= period.end):
                continue
            direction = "in" if ev.kind == EventKind.TRANSFER_IN else "out"
            counterpart_side = set(self.where.get(ev.counterpart_org_id, [])) if ev.counterpart_org_id else set()
            for oid in self.where.get(ev.org_id, []):
                if oid in counterpart_side:
                    continue  # a stay inside the organisation's own catchment crosses no boundary
                self.books[oid].transfers[(direction, TransferScope.TEMPORARY.value, self._area(ev.counterpart_org_id))] += 1


#: Up to this many organisations in a report's area, the members are looked for among those
#: with an event there; beyond it the whole log is read once.
_NARROW_AREA = 2000


def _with_event_in(members: Any, org_ids: set[int], last_day: dt.date) -> Any:
    """Those of ``members`` (a select of member ids) with an event at one of ``org_ids`` up to
    ``last_day``: a probe of the (member, date) index per member instead of reading every
    event of a part of the database."""
    chosen = members.subquery("chosen")
    there = aliased(MemberEvent, name="there")
    return select(chosen.c.member_id).where(exists(select(there.id).where(
        there.member_id == chosen.c.member_id, in_ids(there.org_id, sorted(org_ids)), there.event_date <= last_day)))


def events_by_member(session: Session, org_ids: set[int], last_day: dt.date, only: Any = None) -> dict[int, list[Any]]:
    """Every event (as a plain row with the columns of ``member_events``) of each member with
    any event at one of ``org_ids`` up to ``last_day``, in date then recording order; events
    after ``last_day`` included, since :func:`models.membership.replay` looks ahead for a
    recognition. ``only``: a select of member ids to keep (:func:`touched_in`): those are read
    once, then their events by chunks of ids."""
    columns = table_of(MemberEvent).c
    out: dict[int, list[Any]] = {}
    if only is not None:
        if len(org_ids) <= _NARROW_AREA:
            # A part of the database: only those with an event in the area up to the day
            # (probes of the (member, date) index per member chosen).
            chosen = set(session.scalars(_with_event_in(only, org_ids, last_day)))
        else:
            chosen = set(session.scalars(only))
        wanted = sorted(chosen)
        for i in range(0, len(wanted), 5000):
            rows = session.execute(
                select(*columns).where(in_ids(columns.member_id, wanted[i:i + 5000]))
                .order_by(columns.member_id, columns.event_date, columns.id)
            )
            for ev in rows:
                out.setdefault(ev.member_id, []).append(ev)
        # Only those with an event in the area up to the day.
        return {m: evs for m, evs in out.items()
                if any(e.org_id in org_ids and e.event_date <= last_day for e in evs)}
    ids = sorted(org_ids)
    inside = aliased(MemberEvent, name="inside")
    for i in range(0, len(ids), 5000):
        # Core rows, not ORM objects: replay reads attributes only, and a city has millions.
        # One streamed query per chunk of organisations; a member met in an earlier chunk
        # already has every event.
        touched = select(inside.member_id).where(in_ids(inside.org_id, ids[i:i + 5000]), inside.event_date <= last_day)
        rows = session.execute(
            select(*columns).where(columns.member_id.in_(touched))
            .order_by(columns.member_id, columns.event_date, columns.id),
            execution_options={"yield_per": 20000},
        )
        seen = set(out) if i else set()
        for ev in rows:
            if ev.member_id not in seen:
                out.setdefault(ev.member_id, []).append(ev)
    return out


def touched_in(period: DayPeriod, rules: Rules) -> Any:
    """A select of the members whose state may change inside ``period``: those with an event
    dated in it, and those admitted about the probation's length before it (their probation
    may end inside it; a few days' slack either side, since replaying more is exact too)."""
    months = rules.probation.months
    slack = dt.timedelta(days=3)
    dated = select(MemberEvent.member_id).where(MemberEvent.event_date.between(period.start, period.end))
    window = (add_months(period.start, -months) - slack, add_months(period.end, -months) + slack)
    probation = select(MemberEvent.member_id).where(
        MemberEvent.kind == EventKind.ADMISSION, MemberEvent.event_date.between(*window),
    )
    # Probations begun elsewhere (a transfer in's probation_since, through its partial index).
    elsewhere = select(MemberEvent.member_id).where(
        MemberEvent.probation_since.is_not(None), MemberEvent.probation_since.between(*window),
    )
    return union(dated, probation, elsewhere)


def untouched_counts(session: Session, area: set[int], period: DayPeriod, rules: Rules) -> dict[tuple[int, str], int]:
    """(organisation, status) -> members on its rolls the day before ``period`` who are not
    :func:`touched_in` it: they begin and end it where and as they are, so they are counted
    here rather than replayed. Their status is :func:`models.rolls.is_official` at that day,
    as :func:`models.membership.replay` finds it: official when joined elsewhere (no probation
    start in the log), or when the probation of the latest probation start has ended and a recognition of
    it is recorded (before any later admission or exit, even after the day).

    Members with no event after that day are read from ``member_states`` (their state now is
    their state then); those with events only after the period, from the log."""
    day = period.day_before
    cutoff = probation_cutoff(day, rules.probation.months)
    touched = touched_in(period, rules)
    out: dict[tuple[int, str], int] = defaultdict(int)
    # 1. No event after the day: the kept state (models.states) is the state on the day.
    ms = MEMBER_STATES.c
    later = select(MemberEvent.member_id).where(MemberEvent.event_date > day)
    official = case(
        (ms.joined.is_(None), 1), (and_(ms.joined <= cutoff, ms.recognised.is_not(None)), 1), else_=0,
    ).label("official")
    kept = (select(ms.org_id, official, func.count())
            .where(ms.org_id.is_not(None), ms.member_id.not_in(later), ms.member_id.not_in(touched))
            .group_by(ms.org_id, official))
    if len(area) <= _NARROW_AREA:
        kept = kept.where(in_ids(ms.org_id, sorted(area)))
    for org_id, is_official, n in session.execute(kept):
        if org_id in area:
            out[(org_id, "official" if is_official else "probationary")] += n
    # 2. Events after the period only: their roll event up to the day, from the log.
    after = select(MemberEvent.member_id).where(MemberEvent.event_date > period.end).except_(
        select(MemberEvent.member_id).where(MemberEvent.event_date.between(period.start, period.end)))
    if len(area) <= _NARROW_AREA:
        after = _with_event_in(after, area, day)
    rolls = on_rolls_subquery(day, after)
    ev = aliased(MemberEvent, name="ev")
    # Per member on the rolls (through the (member, date) index): the latest admission up to
    # the day, and the first admission or exit after it.
    admitted = (select(func.max(probation_start_expr(ev))).where(ev.member_id == rolls.c.member_id, probation_starts(ev),
                                                                 ev.event_date <= day).scalar_subquery())
    ended = (select(func.min(ev.event_date)).where(ev.member_id == rolls.c.member_id,
                                                   or_(ev.kind.in_(EXITS), probation_starts(ev)), ev.event_date > day)
             .scalar_subquery())
    base = (
        select(rolls.c.member_id, rolls.c.org_id, admitted.label("admitted"), ended.label("ended"))
        .where(rolls.c.member_id.not_in(touched))
        .subquery("untouched")
    )
    rec = aliased(MemberEvent, name="rec")
    recognised = exists(select(rec.id).where(
        rec.member_id == base.c.member_id, rec.kind == EventKind.RECOGNITION, rec.event_date >= base.c.admitted,
        or_(base.c.ended.is_(None), rec.event_date < base.c.ended),
    ))
    status = case(
        (base.c.admitted.is_(None), 1),
        (and_(base.c.admitted <= cutoff, recognised), 1),
        else_=0,
    ).label("official")
    for org_id, is_official, n in session.execute(
        select(base.c.org_id, status, func.count()).group_by(base.c.org_id, status)
    ):
        if org_id in area:
            out[(org_id, "official" if is_official else "probationary")] += n
    return dict(out)


def report_groups(session: Session, root_id: int, as_of: dt.date) -> dict[int, set[int]]:
    """The organisations a report counts, the root first then its children (under the tree as
    of ``as_of``), each with its catchment (:func:`models.tree.catchment`)."""
    return catchments(session, root_id, [child.id for child in children_at(session, root_id, as_of)], as_of)


def member_statistics(
    session: Session, root_id: int, period: DayPeriod, as_of: dt.date, rules: Rules | None = None,
    groups: Mapping[int, set[int]] | None = None, events: Mapping[int, Sequence[Any]] | None = None,
) -> dict[int, MemberStatistics]:
    """The figures of ``root_id`` and of each of its children (under the tree as of ``as_of``)
    for ``period``, keyed by organisation id; the root's first. ``groups``: :func:`report_groups`
    when the caller has it. ``events``: every member's events to replay (the slow, plain
    definition, for the tests); by default only the members :func:`touched_in` the period are
    replayed and the rest counted by :func:`untouched_counts`."""
    rules = rules or default_rules()
    groups = groups or report_groups(session, root_id, as_of)
    area = groups[root_id]
    ledger = _Ledger(groups, area)
    if events is None:
        # Only the members whose state may change in the period are replayed; the others are
        # counted on the rolls of the day before it, at the start and at the end alike.
        events = events_by_member(session, area, period.end, only=touched_in(period, rules))
        for (org_id, status), n in untouched_counts(session, area, period, rules).items():
            for oid in ledger.where.get(org_id, []):
                ledger.books[oid].counts[("start", status)] += n
                ledger.books[oid].counts[("end", status)] += n
    for member_log in events.values():
        ledger.member(member_log, period, rules)
    return {
        oid: MemberStatistics(oid, period, dict(book.counts), book.recognised, dict(book.transfers))
        for oid, book in ledger.books.items()
    }


__all__ = ["IN_FLOWS", "OUT_FLOWS", "STATISTICS_KEYS", "STATUSES", "MemberStatistics", "events_by_member", "member_statistics", "report_groups"]
