"""The briefing's figures answered from the per-year rollups, for the organisations a screen shows.

:func:`models.figures.compute_scope` reads the event log of a whole catchment and adds every
organisation up the catchment forest: exact for any tree and date, but it touches every
member of a province. When the tree has not changed since the day asked (the closure of the
current forest, ``org_closure``, then *is* the catchment forest) and no roll event is dated
after it, the same numbers are in ``org_year_rollup`` (see :mod:`models.stats`): one row per
organisation and year over its catchment, with moves between two organisations of the
catchment already taken out exactly where the event log nets them. :func:`rollup_scope`
builds a :class:`RollupScope` that holds, for a chosen handful of organisations (a screen's
organisation and its children, or the organisations the problem rules flag), the same keys
:func:`models.figures._collect` and the forest sum would have given them:

* attainment, composition and the books of each year from ``org_year_rollup``;
* the targets of each year in one query over ``admission_targets`` and the closure (an
  organisation's own target, else the targets in its catchment with no target above them in
  the catchment), under the tree of that year, which is the current tree when it has not
  changed since;
* the states at the date (probation, the candidate pipeline, Regulation 213, far away) by the
  event log's own queries, counted by organisation and added up the closure in SQL, for the
  chosen organisations only.

:func:`eligible` says when all of this holds; otherwise the callers keep the event-log path,
which stays the reference (tests/test_figures_rollup.py compares both on every organisation
and period of the fixtures and after random operations).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from models.enums import EventKind, MassOrg, RemovalGround
from models.figures import (
    Scope,
    TreeSnapshot,
    _collect_far_away,
    _collect_pipeline,
    _collect_probation,
    _collect_r213,
    _roll_dates,
    _year_end,
    CatchmentIds,
)
from models.figures_data import Period
from models.rules import Rules
from models.schema import ORG_CLOSURE, ORG_YEAR_ROLLUP, AdmissionTarget, MemberEvent, Organisation
from models.stats_columns import EXIT_COLUMNS, REMOVAL_COLUMNS
from models.tree import OrgInfo

_C = ORG_CLOSURE.c
_R = ORG_YEAR_ROLLUP.c
#: Roll events by the rollup column that counts them (the flows of a year's books).
_FLOW_COLUMNS: tuple[tuple[EventKind, tuple[str, ...]], ...] = (
    (EventKind.TRANSFER_IN, ("transfer_in",)),
    (EventKind.TRANSFER_OUT, ("transfer_out",)),
    (EventKind.REMOVAL, REMOVAL_COLUMNS),
    (EventKind.LEAVE, ("left_party",)),
    (EventKind.EXPULSION, ("expelled",)),
    (EventKind.DEATH, ("died",)),
)
_ROLL_KINDS = (
    EventKind.ADMISSION,
    EventKind.TRANSFER_IN,
    EventKind.TRANSFER_OUT,
    EventKind.REMOVAL,
    EventKind.LEAVE,
    EventKind.EXPULSION,
    EventKind.DEATH,
)


def _tree_day(year: int, as_of: dt.date) -> dt.date:
    """The day whose tree a year's target is read under (as :meth:`Scope._has_target_ancestor`)."""
    return min(_year_end(year), as_of)


def _target_years(period: Period, as_of: dt.date) -> set[int]:
    return set(period.years) | {as_of.year}


def eligible(session: Session, period: Period, as_of: dt.date) -> bool:
    """Whether the rollups answer ``period`` at ``as_of`` exactly as the event log does:

    * the tree has not changed since the day of any year whose target is read (so the closure
      is the catchment forest at ``as_of`` and the tree of each of those years);
    * no organisation holding a target for one of those years had ended by then (the target
      walk climbs an ended organisation's last parent, the forest its successor);
    * no roll event is dated after ``as_of`` (the rollups count whole years).
    """
    from models import stats

    version = stats.tree_version(session)
    years = _target_years(period, as_of)
    if version is not None and any(version > _tree_day(y, as_of) for y in years):
        return False
    ended_with_target = (
        select(AdmissionTarget.id)
        .join(Organisation, Organisation.id == AdmissionTarget.org_id)
        .where(AdmissionTarget.year.in_(sorted(years)), Organisation.valid_to.is_not(None),
               Organisation.valid_to <= as_of)
        .limit(1)
    )
    if session.scalar(ended_with_target) is not None:
        return False
    for kind in _ROLL_KINDS:  # one index probe each on (kind, event_date)
        last = session.scalar(select(func.max(MemberEvent.event_date)).where(MemberEvent.kind == kind))
        if last is not None and last > as_of:
            return False
    return True


# --- the organisations a scope holds --------------------------------------------------------
@dataclass
class SmallTree:
    """Just enough of a :class:`TreeSnapshot` for the organisations a :class:`RollupScope`
    holds: their details, whether each has children today, the path to each from the root."""

    as_of: dt.date
    orgs: dict[int, OrgInfo]
    with_children: set[int]
    paths: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def live_children(self, org_id: int) -> list[int]:
        # Only "has any" is asked of a child row; the ids themselves are not needed.
        return [org_id] if org_id in self.with_children else []

    def path(self, from_id: int, to_id: int) -> tuple[int, ...]:
        return self.paths.get(to_id, (to_id,))


class RollupScope(Scope):
    """A :class:`Scope` whose totals and targets were read from the rollups, for ``ids`` only."""

    targets: dict[tuple[int, int], int | None]

    def target(self, org_id: int, year: int) -> int | None:
        return self.targets.get((org_id, year))


def _org_info(o: Organisation) -> OrgInfo:
    return OrgInfo(o.id, o.code, o.name, o.kind, o.sector, o.valid_from, o.valid_to, o.successor_id)


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _load_orgs(session: Session, ids: list[int], as_of: dt.date) -> SmallTree:
    orgs: dict[int, OrgInfo] = {}
    with_children: set[int] = set()
    child = aliased(Organisation)
    for part in _chunks(ids):
        for o in session.scalars(select(Organisation).where(Organisation.id.in_(part))):
            orgs[o.id] = _org_info(o)
        # Children valid at as_of; the closure's direct rows are the current tree's edges.
        q = (
            select(_C.ancestor_id)
            .join(child, child.id == _C.descendant_id)
            .where(_C.ancestor_id.in_(part), _C.depth == 1, child.valid_from <= as_of,
                   (child.valid_to.is_(None)) | (child.valid_to > as_of))
            .distinct()
        )
        with_children.update(session.scalars(q))
    return SmallTree(as_of, orgs, with_children)


# --- figures from the rollups ---------------------------------------------------------------
def _net(row) -> int:  # type: ignore[no-untyped-def]
    return row.admitted + row.transfer_in - row.transfer_out - sum(getattr(row, c) for c in EXIT_COLUMNS)


def _rollup_counts(session: Session, ids: list[int], period: Period, as_of: dt.date, raw: dict[int, Counter]) -> None:
    """Composition, flows and members on the rolls, with the keys of :func:`models.figures._collect`."""
    adm_years = set(period.previous().years) | set(period.years) | {as_of.year}
    flow_years = {y for y in period.years if y <= as_of.year}
    days = _roll_dates(period, as_of)
    # No roll event after as_of (see eligible): the members at a day are the net flows of
    # every year up to the day's year.
    day_years = {d: d.year for d in days}
    last = max(max(adm_years), max(day_years.values()))
    for part in _chunks(ids):
        rows = session.execute(
            select(ORG_YEAR_ROLLUP).where(_R.org_id.in_(part), _R.year <= min(last, as_of.year))
        )
        for row in rows:
            c = raw[row.org_id]
            y = row.year
            net = _net(row)
            for d, dy in day_years.items():
                if y <= dy and net:
                    c[("members", d)] += net
            if y in adm_years and row.admitted:
                c[("adm", y)] += row.admitted
                c[("women", y)] += row.women
                c[("youth", y)] += row.youth_union
                c[("occ", y)] += row.on_occasion
                c[("aged", y)] += row.aged_upto_30
                for m in MassOrg:
                    n = getattr(row, f"rec_{m.value}")
                    if n:
                        c[("rec", y)] += n
                        c[("rec_by", y, m)] += n
            if y in flow_years:
                for kind, cols in _FLOW_COLUMNS:
                    n = sum(getattr(row, col) for col in cols)
                    if n:
                        c[("flow", y, kind)] += n
                for g in RemovalGround:
                    n = getattr(row, f"removed_{g.value}")
                    if n:
                        c[("ground", y, g)] += n


def _targets(session: Session, ids: list[int], years: Iterable[int]) -> dict[tuple[int, int], int | None]:
    """Each organisation's target for each year: its own, else the sum of the targets in its
    catchment that have no target above them inside the catchment."""
    t = aliased(AdmissionTarget, name="t")
    t2 = aliased(AdmissionTarget, name="t2")
    up = ORG_CLOSURE.alias("up")
    inside = ORG_CLOSURE.alias("inside")
    covered = exists(
        select(1)
        .select_from(up.join(inside, inside.c.descendant_id == up.c.ancestor_id))
        .join(t2, and_(t2.org_id == up.c.ancestor_id, t2.year == t.year))
        .where(up.c.descendant_id == t.org_id, up.c.depth > 0, inside.c.ancestor_id == _C.ancestor_id)
    )
    out: dict[tuple[int, int], int | None] = {}
    for part in _chunks(ids):
        q = (
            select(_C.ancestor_id, t.year, func.sum(t.target))
            .join(t, t.org_id == _C.descendant_id)
            .where(_C.ancestor_id.in_(part), t.year.in_(sorted(set(years))), ~covered)
            .group_by(_C.ancestor_id, t.year)
        )
        for org, year, total in session.execute(q):
            out[(int(org), int(year))] = int(total)
    return out


def _state_counts(session: Session, root_id: int, ids: list[int], as_of: dt.date, rules: Rules, raw: dict[int, Counter]) -> None:
    """Probation, pipeline, Regulation 213 and far away at ``as_of``: the event log's queries
    per organisation of the root's catchment, added up to each of ``ids`` through the closure."""
    catchment = select(_C.descendant_id).where(_C.ancestor_id == root_id)
    members = list(session.scalars(catchment))
    scoped = CatchmentIds(members, catchment)
    own: dict[int, Counter] = defaultdict(Counter)
    wanted = set(members)
    _collect_probation(session, scoped, wanted, as_of, rules, own)
    _collect_pipeline(session, scoped, wanted, as_of, own)
    _collect_r213(session, scoped, wanted, as_of, own)
    _collect_far_away(session, scoped, wanted, as_of, rules, own)
    if not own:
        return
    holders = set(own)
    for part in _chunks(ids):
        for desc, anc in session.execute(select(_C.descendant_id, _C.ancestor_id).where(_C.ancestor_id.in_(part))):
            if desc in holders:
                raw[anc].update(own[desc])


def rollup_scope(
    session: Session, root_id: int, ids: list[int], period: Period, as_of: dt.date, rules: Rules
) -> RollupScope:
    """The figures of ``ids`` (organisations of ``root_id``'s catchment, each over its own
    catchment) for ``period`` at ``as_of``; only when :func:`eligible` says so."""
    ids = list(dict.fromkeys([root_id, *ids]))
    tree = _load_orgs(session, ids, as_of)
    if root_id not in tree.orgs:
        from models.errors import NotFound

        raise NotFound("org.not_found", field="org", code=str(root_id))
    raw: dict[int, Counter] = defaultdict(Counter)
    _rollup_counts(session, ids, period, as_of, raw)
    _state_counts(session, root_id, ids, as_of, rules, raw)
    totals = {oid: raw.get(oid, Counter()) for oid in ids}
    scope = RollupScope(tree, root_id, period, as_of, rules, ids, totals, {})  # type: ignore[arg-type]
    scope.targets = _targets(session, ids, _target_years(period, as_of))
    return scope


# --- what the screens call -----------------------------------------------------------------------
def flagged_ids(session: Session, root_id: int, as_of: dt.date) -> list[int]:
    """The organisations of the root's catchment the problem rules look at, as they stand at ``as_of``."""
    from models.problems import FLAGGED_KINDS

    q = (
        select(Organisation.id)
        .join(ORG_CLOSURE, _C.descendant_id == Organisation.id)
        .where(_C.ancestor_id == root_id, Organisation.kind.in_(sorted(FLAGGED_KINDS)),
               Organisation.valid_from <= as_of, (Organisation.valid_to.is_(None)) | (Organisation.valid_to > as_of))
    )
    return list(session.scalars(q))


def _paths(session: Session, scope: RollupScope, ids: list[int]) -> None:
    """The forest path from the scope's root down to each of ``ids`` (their problem rows)."""
    inside = select(_C.descendant_id).where(_C.ancestor_id == scope.root_id)
    chains: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for part in _chunks(ids):
        q = select(_C.descendant_id, _C.ancestor_id, _C.depth).where(_C.descendant_id.in_(part), _C.ancestor_id.in_(inside))
        for desc, anc, depth in session.execute(q):
            chains[desc].append((depth, anc))
    missing = sorted({anc for chain in chains.values() for _, anc in chain} - set(scope.snap.orgs))
    for part in _chunks(missing):
        for o in session.scalars(select(Organisation).where(Organisation.id.in_(part))):
            scope.snap.orgs[o.id] = _org_info(o)
    for oid, chain in chains.items():
        scope.snap.paths[oid] = tuple(anc for _, anc in sorted(chain, reverse=True))  # type: ignore[attr-defined]


def _problems(session: Session, scope: RollupScope, flagged: list[int]):  # type: ignore[no-untyped-def]
    """What :func:`models.problems.problems_in_scope` gives, over the flagged organisations."""
    from models.figures_data import Problem
    from models.problems import evaluate_org, problem_order

    hits = {oid: h for oid in flagged if (h := evaluate_org(scope, oid))}
    _paths(session, scope, list(hits))
    out = [
        Problem(org=scope.snap.orgs[oid], path=tuple(scope.snap.orgs[p].name for p in scope.snap.path(scope.root_id, oid)),
                hits=tuple(h))
        for oid, h in hits.items()
    ]
    out.sort(key=problem_order)
    return out


def problems(session: Session, root_id: int, period: Period, as_of: dt.date, rules: Rules):  # type: ignore[no-untyped-def]
    """:func:`models.problems.find_problems` from the rollups (when :func:`eligible`)."""
    flagged = flagged_ids(session, root_id, as_of)
    return _problems(session, rollup_scope(session, root_id, flagged, period, as_of, rules), flagged)


def overview(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules):  # type: ignore[no-untyped-def]
    """:func:`models.figures.overview` from the rollups (when :func:`eligible`)."""
    from models.figures import child_row
    from models.figures_data import Overview
    from models.problems import evaluate_org
    from models.tree import ancestors_at, children_at

    children = children_at(session, org_id, as_of)
    flagged = flagged_ids(session, org_id, as_of)
    scope = rollup_scope(session, org_id, [*(c.id for c in children), *flagged], period, as_of, rules)
    rows = tuple(child_row(scope, c.id, tuple(evaluate_org(scope, c.id))) for c in children)
    return Overview(
        org=scope.snap.orgs[org_id],
        path=tuple(ancestors_at(session, org_id, as_of)),
        figures=scope.figures(org_id),
        children=rows,
        problem_count=len(_problems(session, scope, flagged)),
    )


def org_figures(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules):  # type: ignore[no-untyped-def]
    return rollup_scope(session, org_id, [], period, as_of, rules).figures(org_id)


__all__ = ["RollupScope", "SmallTree", "eligible", "flagged_ids", "org_figures", "overview", "problems", "rollup_scope"]
