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

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from models.enums import EventKind, TransferScope
from models.membership import MemberState, replay
from models.figures.periods import DayPeriod
from models.rules import Rules, add_months, default_rules
from models.schema import MemberEvent, table_of
from models.tree import catchment, children_at

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
        if ev.kind == EventKind.ADMISSION:
            ends = add_months(ev.event_date, rules.probation.months)
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


def events_by_member(session: Session, org_ids: set[int], last_day: dt.date) -> dict[int, list[Any]]:
    """Every event (as a plain row with the columns of ``member_events``) of each member with
    any event at one of ``org_ids`` up to ``last_day``, in date then recording order; events
    after ``last_day`` included, since :func:`models.membership.replay` looks ahead for a
    recognition."""
    ids = sorted(org_ids)
    columns = table_of(MemberEvent).c
    inside = aliased(MemberEvent, name="inside")
    out: dict[int, list[Any]] = {}
    for i in range(0, len(ids), 5000):
        # Core rows, not ORM objects: replay reads attributes only, and a city has millions.
        # One streamed query per chunk of organisations; a member met in an earlier chunk
        # already has every event.
        touched = select(inside.member_id).where(inside.org_id.in_(ids[i:i + 5000]), inside.event_date <= last_day)
        rows = session.execute(
            select(*columns).where(columns.member_id.in_(touched)).order_by(columns.member_id, columns.event_date, columns.id),
            execution_options={"yield_per": 20000},
        )
        seen = set(out) if i else set()
        for ev in rows:
            if ev.member_id not in seen:
                out.setdefault(ev.member_id, []).append(ev)
    return out


def report_groups(session: Session, root_id: int, as_of: dt.date) -> dict[int, set[int]]:
    """The organisations a report counts, the root first then its children (under the tree as
    of ``as_of``), each with its catchment (:func:`models.tree.catchment`)."""
    groups: dict[int, set[int]] = {root_id: catchment(session, root_id, as_of)}
    for child in children_at(session, root_id, as_of):
        groups[child.id] = catchment(session, child.id, as_of)
    return groups


def member_statistics(
    session: Session, root_id: int, period: DayPeriod, as_of: dt.date, rules: Rules | None = None,
    groups: Mapping[int, set[int]] | None = None, events: Mapping[int, Sequence[Any]] | None = None,
) -> dict[int, MemberStatistics]:
    """The figures of ``root_id`` and of each of its children (under the tree as of ``as_of``)
    for ``period``, keyed by organisation id; the root's first. ``groups`` and ``events``:
    :func:`report_groups` and :func:`events_by_member` when the caller has them already."""
    rules = rules or default_rules()
    groups = groups or report_groups(session, root_id, as_of)
    area = groups[root_id]
    ledger = _Ledger(groups, area)
    logs = events if events is not None else events_by_member(session, area, period.end)
    for member_log in logs.values():
        ledger.member(member_log, period, rules)
    return {
        oid: MemberStatistics(oid, period, dict(book.counts), book.recognised, dict(book.transfers))
        for oid, book in ledger.books.items()
    }


__all__ = ["IN_FLOWS", "OUT_FLOWS", "STATISTICS_KEYS", "STATUSES", "MemberStatistics", "events_by_member", "member_statistics", "report_groups"]
