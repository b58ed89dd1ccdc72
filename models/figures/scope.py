"""A catchment's figures, added up: :class:`Scope` holds every organisation's counts over its
own catchment for one period and day, and answers the sections from them (attainment, who
the admitted are, the books of each year, pipeline, Regulation 213, far away), with the rule
by which targets add up over a changing tree (:meth:`Scope.target`). Both sources fill it:
:mod:`models.figures.events` from the event log, :mod:`models.figures.kept` from the kept tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.enums import CandidateStage, EventKind, MassOrg, RemovalGround
from models.figures.counts import NO_COUNTS, Counts, YearCounts
from models.figures.data import (
    Attainment,
    ChildRow,
    Composition,
    FarAway,
    OrgFigures,
    Period,
    Pipeline,
    Regulation213,
    Status,
    YearFlows,
)
from models.figures.sql import year_end
from models.forest import TreeSnapshot
from models.rules import Rules


# --- the scope: every organisation of a catchment, added up ------------------------------------


@dataclass
class Scope:
    """Figures for every organisation of ``root_id``'s catchment, for one period and date."""

    snap: TreeSnapshot
    root_id: int
    period: Period
    as_of: dt.date
    rules: Rules
    ids: list[int]
    totals: dict[int, Counts]
    own_targets: dict[int, dict[int, int]]
    _target_cache: dict[tuple[int, int], int | None] = field(default_factory=dict)
    _catchment_cache: dict[int, frozenset[int]] = field(default_factory=dict)
    _flows_cache: dict[tuple[int, int], YearFlows] = field(default_factory=dict)
    _attainment_cache: dict[int, Attainment] = field(default_factory=dict)

    # -- targets --
    def catchment(self, org_id: int) -> frozenset[int]:
        if org_id not in self._catchment_cache:
            self._catchment_cache[org_id] = frozenset(self.snap.catchment(org_id))
        return self._catchment_cache[org_id]

    def target(self, org_id: int, year: int) -> int | None:
        """The organisation's target for ``year``: the target rule, defined here only.

        * An organisation's own target for a year is its target; the targets below it are never
          added on top of it.
        * Without one, its target is the sum of the targets registered in its catchment that no
          other target covers. A target is covered when an organisation above it in the
          catchment has a target for the year: above it in the catchment forest (its parent
          today or, once it ended, its successor: **a successor's target for a year supersedes
          its predecessors' targets for that year**), or above it in the tree of that year (a
          cell that moved keeps no target under a commune that registered one for it).

        So a parent without a target of its own shows the sum of its rows' targets, however
        the tree changed during the year, and no target is ever counted twice.
        """
        key = (org_id, year)
        if key in self._target_cache:
            return self._target_cache[key]
        own = self.own_targets.get(org_id, {}).get(year)
        if own is not None:
            result: int | None = own
        else:
            inside = self.catchment(org_id)
            result = None
            for x in inside:
                t = self.own_targets.get(x, {}).get(year)
                if t is None or self._covered(x, year, inside):
                    continue
                result = (result or 0) + t
        self._target_cache[key] = result
        return result

    def _has_target(self, org_id: int, year: int) -> bool:
        return self.own_targets.get(org_id, {}).get(year) is not None

    def _covered(self, org_id: int, year: int, inside: frozenset[int]) -> bool:
        """Whether an organisation above ``org_id`` inside ``inside`` has a target for ``year``,
        in the catchment forest or in the tree of that year."""
        return any(self._has_target(a, year) for a in self.snap.chain(org_id)[1:] if a in inside) or \
            self._has_year_tree_ancestor_target(org_id, year, inside)

    def _has_year_tree_ancestor_target(self, org_id: int, year: int, inside: frozenset[int]) -> bool:
        seen = {org_id}
        current = org_id
        while True:
            info = self.snap.orgs[current]
            day = min(year_end(year), self.as_of)
            if info.valid_to is not None and info.valid_to <= day:
                day = info.valid_to - dt.timedelta(days=1)
            parent = self.snap.parent_on(current, day)
            if parent is None or parent in seen or parent not in inside:
                return False
            if self._has_target(parent, year):
                return True
            seen.add(parent)
            current = parent

    def period_target(self, org_id: int, period: Period | None = None) -> int | None:
        values = [self.target(org_id, y) for y in (period or self.period).years]
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    # -- figures --
    def attainment(self, org_id: int) -> Attainment:
        if org_id not in self._attainment_cache:
            c = self.totals.get(org_id, NO_COUNTS)
            admitted = sum(c.year_of(y).admitted for y in self.period.years)
            target = self.period_target(org_id)
            self._attainment_cache[org_id] = attainment_of(admitted, target, self.period, self.as_of)
        return self._attainment_cache[org_id]

    def composition(self, org_id: int, period: Period) -> Composition:
        c = self.totals.get(org_id, NO_COUNTS)
        total = YearCounts()
        for y in period.years:
            total.add(c.year_of(y))
        return Composition(
            admitted=total.admitted,
            women=total.women,
            youth_union=total.youth_union,
            recommended=total.recommended,
            recommended_by={m: n for m in MassOrg if (n := total.recommended_by.get(m, 0))},
            on_occasion=total.on_occasion,
            aged_18_30=total.aged_18_30,
        )

    def year_flows(self, org_id: int, year: int) -> YearFlows:
        key = (org_id, year)
        if key not in self._flows_cache:
            self._flows_cache[key] = self._year_flows(org_id, year)
        return self._flows_cache[key]

    def _year_flows(self, org_id: int, year: int) -> YearFlows:
        c = self.totals.get(org_id, NO_COUNTS)
        y = c.year_of(year)

        def flow(kind: EventKind) -> int:
            return y.flow(kind)

        return YearFlows(
            year=year,
            members_start=c.members(min(year_end(year - 1), self.as_of)),
            admitted=self.admitted_in(org_id, year),
            transfers_in=flow(EventKind.TRANSFER_IN),
            removed=flow(EventKind.REMOVAL),
            left=flow(EventKind.LEAVE),
            expelled=flow(EventKind.EXPULSION),
            died=flow(EventKind.DEATH),
            transfers_out=flow(EventKind.TRANSFER_OUT),
            members_end=c.members(min(year_end(year), self.as_of)),
            removed_by_ground={g: n for g in RemovalGround if (n := y.removed_by_ground.get(g, 0))},
            target=self.target(org_id, year),
        )

    def admitted_in(self, org_id: int, year: int) -> int:
        """Admissions in ``year`` (none before the year has begun at as_of)."""
        return self.totals.get(org_id, NO_COUNTS).year_of(year).admitted if dt.date(year, 1, 1) <= self.as_of else 0

    def members(self, org_id: int, day: dt.date | None = None) -> int:
        return self.totals.get(org_id, NO_COUNTS).members(day or min(self.period.end, self.as_of))

    def official_members(self, org_id: int) -> int:
        c = self.totals.get(org_id, NO_COUNTS)
        return c.members(self.as_of) - c.probationary

    def counts(self, org_id: int) -> Counts:
        """The organisation's counts over its catchment (read only)."""
        return self.totals.get(org_id, NO_COUNTS)

    def removed_and_left(self, org_id: int) -> tuple[int, int]:
        """Removals and leaves over the period's years (what the problem rules read)."""
        c = self.totals.get(org_id, NO_COUNTS)
        years = [c.year_of(y) for y in self.period.years]
        return sum(y.flow(EventKind.REMOVAL) for y in years), sum(y.flow(EventKind.LEAVE) for y in years)

    def pipeline(self, org_id: int) -> Pipeline:
        c = self.totals.get(org_id, NO_COUNTS)
        year = self.as_of.year
        target = self.target(org_id, year)
        remaining = None if target is None else max(0, target - c.year_of(year).admitted)
        return Pipeline(
            by_stage={s: c.by_stage.get(s, 0) for s in CandidateStage},
            valid_certificates=c.valid_certificates,
            expiring_this_year=c.expiring_this_year,
            remaining_target=remaining,
        )

    def r213(self, org_id: int) -> Regulation213:
        return r213_of(self.totals.get(org_id, NO_COUNTS), self.as_of)

    def far_away(self, org_id: int) -> FarAway:
        c = self.totals.get(org_id, NO_COUNTS)
        return FarAway(members_away=c.away, without_contact=c.away_without_contact)

    def figures(self, org_id: int) -> OrgFigures:
        years = tuple(self.year_flows(org_id, y) for y in self.period.years)
        return OrgFigures(
            org=self.snap.orgs[org_id],
            period=self.period,
            as_of=self.as_of,
            attainment=self.attainment(org_id),
            composition=self.composition(org_id, self.period),
            previous_composition=self.composition(org_id, self.period.previous()),
            years=years,
            members=self.members(org_id),
            removed=sum(y.removed for y in years),
            left=sum(y.left for y in years),
            expelled=sum(y.expelled for y in years),
            died=sum(y.died for y in years),
            pipeline=self.pipeline(org_id),
            r213=self.r213(org_id),
            far_away=self.far_away(org_id),
        )


def r213_of(c: Counts, as_of: dt.date) -> Regulation213:
    """Regulation 213 at ``as_of`` from an organisation's counts over its catchment."""
    return Regulation213(
        year=as_of.year,
        links=c.r213_links,
        exempt=c.r213_exempt,
        registered=c.r213_registered,
        comments_requested=c.r213_requested,
        comments_returned=c.r213_returned,
    )


def attainment_of(admitted: int, target: int | None, period: Period, as_of: dt.date) -> Attainment:
    """Admitted against target; in an open period, against the pace expected at ``as_of``."""
    if target is None:
        return Attainment(admitted, None, None, None, Status.NO_TARGET)
    ratio = admitted / target if target else None
    if as_of < period.start:
        return Attainment(admitted, target, ratio, 0.0, Status.ON_PACE)
    if period.is_open(as_of):
        elapsed = (as_of - period.start).days + 1
        share = elapsed / ((period.end - period.start).days + 1)
        expected = target * share
        if admitted >= target:
            status = Status.MET
        else:
            status = Status.ON_PACE if admitted >= expected else Status.BEHIND
        return Attainment(admitted, target, ratio, expected, status)
    return Attainment(admitted, target, ratio, None, Status.MET if admitted >= target else Status.BEHIND)




def child_row(scope: Scope, org_id: int, hits: tuple = ()) -> ChildRow:  # type: ignore[type-arg]
    att = scope.attainment(org_id)
    fig_years = [scope.year_flows(org_id, y) for y in scope.period.years]
    return ChildRow(
        org=scope.snap.orgs[org_id],
        has_children=bool(scope.snap.live_children(org_id)),
        members=scope.members(org_id),
        target=att.target,
        admitted=att.admitted,
        ratio=att.ratio,
        expected_by_now=att.expected_by_now,
        status=att.status,
        removed=sum(y.removed for y in fig_years),
        left=sum(y.left for y in fig_years),
        candidates_ready=scope.counts(org_id).valid_certificates,
        problems=tuple(hits),
    )


