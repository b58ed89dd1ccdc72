"""The briefing's figures answered from the per-year rollups, for the organisations a screen shows.

:func:`models.figures.compute_scope` reads the event log of a whole catchment and adds every
organisation up the catchment forest: exact for any tree and date, but it touches every
member of a province. When the tree has not changed since the day asked (the closure of the
current forest, ``org_closure``, then *is* the catchment forest) and no roll event is dated
after it, the same numbers are in ``org_year_rollup`` (see :mod:`models.stats`): one row per
organisation and year over its catchment, with moves between two organisations of the
catchment already taken out exactly where the event log nets them. :func:`rollup_scope`
builds a :class:`RollupScope` that holds, for the organisations a screen shows (its own and
its children's, in full) and the ones the problem rules look at (only what the rules read),
the same keys :func:`models.figures._collect` and the forest sum would have given them:

* attainment, composition and the books of each year from ``org_year_rollup``;
* the targets of each year in one query over ``admission_targets`` and the closure (an
  organisation's own target, else the targets in its catchment with no target above them in
  the catchment), under the tree of that year, which is the current tree when it has not
  changed since;
* probation and far away at the date from ``member_states`` (:mod:`models.states`, kept by a
  trigger like the rollups): each member's roll organisation, latest admission and the
  recognition after it, far-away start and last report back; the rows whose probation may
  still be open at the date are a few percent of all and come through two indexes. Far away
  falls back to the event log's query when a far-away event is dated after the day asked;
* the candidate pipeline and Regulation 213 from ``candidate_states`` and ``link_states``
  joined to the candidates and links of the catchment, counted by the event log's own
  statements (falling back to the event log as far away does). The states' sum up the
  closure's rows, the members at the day of 20,000 flagged organisations and the problem
  rules over them in Python cost most of a large screen's time (see bench/NOTES.md).

A small screen's statements are built once with bound parameters and kept (building and
compiling them cost more than the database's work on them).

:func:`eligible` says when all of this holds; otherwise the callers keep the event-log path,
which stays the reference (tests/test_figures_rollup.py compares both on every organisation
and period of the fixtures and after random operations).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Date, Integer, and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from models.enums import EventKind, MassOrg, RemovalGround, ResidenceEventKind
from models.figures.counts import Counts
from models.figures.data import ConditionFigures, OrgFigures, Overview, Period, Problem, YearFlows
from models.figures.events import (
    add_pipeline,
    add_r213,
    collect_far_away,
    collect_pipeline,
    collect_r213,
    count_far_away,
    count_probation,
    roll_dates,
)
from models.figures.admission_deadlines import collect_admission_deadlines
from models.figures.problems import FLAGGED_KINDS, evaluate_org, has_problem, problem_order
from models.figures.scope import Scope, child_row, r213_of
from models.figures.sql import (
    IN_LIST_LIMIT,
    CatchmentIds,
    org_filter,
    pipeline_query,
    probation_window,
    r213_query,
    year_end,
)
from models.rules import Rules
from models.schema import (
    CANDIDATE_STATES,
    LINK_STATES,
    LINK_YEAR_COMMENTS,
    MEMBER_EVENT_LATEST,
    MEMBER_STATES,
    ORG_CLOSURE,
    ORG_YEAR_ROLLUP,
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    Organisation,
    OrgEdge,
    ResidenceEvent,
    ResidenceLink,
)
from models.stats_columns import EXIT_COLUMNS, REMOVAL_COLUMNS
from models.tree import OrgInfo, ancestors_at, children_at

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


#: Statements built once with bound parameters (``ids`` and ``years`` expanding): a small
#: screen's read is twenty statements of a fraction of a millisecond each in the database, and
#: building and compiling them again each time cost more than running them.
_STATEMENTS: dict[str, Any] = {}


def statement(name: str, build: Any) -> Any:
    stmt = _STATEMENTS.get(name)
    if stmt is None:
        stmt = _STATEMENTS[name] = build()
    return stmt


def ids_param(name: str = "ids") -> Any:
    return bindparam(name, expanding=True)


def _day_param(name: str = "as_of") -> Any:
    return bindparam(name, type_=Date)


def _tree_day(year: int, as_of: dt.date) -> dt.date:
    """The day whose tree a year's target is read under (as :meth:`Scope._has_target_ancestor`)."""
    return min(year_end(year), as_of)


def target_years(period: Period, as_of: dt.date) -> set[int]:
    return set(period.years) | {as_of.year}


def eligible(session: Session, period: Period, as_of: dt.date) -> bool:
    """Whether the rollups answer ``period`` at ``as_of`` exactly as the event log does:

    * the tree has not changed since the day of any year whose target is read (so the closure
      is the catchment forest at ``as_of`` and the tree of each of those years);
    * no organisation holding a target for one of those years had ended by then (the target
      walk climbs an ended organisation's last parent, the forest its successor);
    * no roll event is dated after ``as_of`` (the rollups count whole years).
    """
    years = sorted(target_years(period, as_of))
    # Driven from the few ended organisations (their valid_to index), each probed for a target
    # of those years by the (org_id, year) key: joined the other way round, SQLite reads every
    # target of the years through their year index (half a second at country scale).
    ended_with_target = (
        select(Organisation.id)
        .where(Organisation.valid_to.is_not(None), Organisation.valid_to <= as_of,
               exists(select(1).where(AdmissionTarget.org_id == Organisation.id, AdmissionTarget.year.in_(years))))
        .limit(1)
        .scalar_subquery()
    )
    # One round trip of index probes: the tree's last change (as models.stats.tree_version),
    # an ended organisation holding a target, the last roll event (member_event_latest keeps
    # each kind's latest date).
    probes: list[Any] = [
        select(func.max(Organisation.valid_from)).scalar_subquery(),
        select(func.max(Organisation.valid_to)).scalar_subquery(),
        select(func.max(OrgEdge.valid_from)).scalar_subquery(),
        select(func.max(OrgEdge.valid_to)).scalar_subquery(),
        ended_with_target,
        select(func.max(MEMBER_EVENT_LATEST.c.last_date))
        .where(MEMBER_EVENT_LATEST.c.kind.in_([k.value for k in _ROLL_KINDS])).scalar_subquery(),
    ]
    row = session.execute(select(*probes)).one()
    tree_days = [d for d in row[:4] if d is not None]
    version = max(tree_days) if tree_days else None
    if version is not None and any(version > _tree_day(y, as_of) for y in years):
        return False
    if row[4] is not None:
        return False
    return row[5] is None or row[5] <= as_of


# --- the organisations a scope holds --------------------------------------------------------
@dataclass
class SmallTree:
    """Just enough of a :class:`TreeSnapshot` for the organisations a :class:`RollupScope`
    holds: their details, whether each has children today, the path to each from the root."""

    as_of: dt.date
    orgs: dict[int, OrgInfo]
    with_children: set[int] = field(default_factory=set)
    paths: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def live_children(self, org_id: int) -> list[int]:
        # Only "has any" is asked of a child row; the ids themselves are not needed.
        return [org_id] if org_id in self.with_children else []

    def path(self, from_id: int, to_id: int) -> tuple[int, ...]:
        return self.paths.get(to_id, (to_id,))


class RollupScope(Scope):
    """A :class:`Scope` whose totals and targets were read from the rollups, for ``ids`` only."""

    targets: dict[tuple[int, int], int | None]
    flagged: list[int]

    def target(self, org_id: int, year: int) -> int | None:
        return self.targets.get((org_id, year))


_ORG_COLUMNS = (Organisation.id, Organisation.code, Organisation.name, Organisation.kind, Organisation.sector,
                Organisation.valid_from, Organisation.valid_to, Organisation.successor_id)


def chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _org_infos(session: Session, where: Any) -> dict[int, OrgInfo]:
    return {row[0]: OrgInfo(*row) for row in session.execute(select(*_ORG_COLUMNS).where(where))}


def load_orgs(session: Session, ids: list[int], as_of: dt.date) -> SmallTree:
    orgs: dict[int, OrgInfo] = {}
    with_children: set[int] = set()

    def build_children() -> Any:
        # Children valid at as_of, by the edges valid at as_of (the parent's index): the tree
        # has not changed since (eligible), so these are the closure's direct rows, which
        # would be found only by scanning the parent's whole catchment.
        child = aliased(Organisation)
        as_of_p = _day_param()
        return (
            select(OrgEdge.parent_id)
            .join(child, child.id == OrgEdge.child_id)
            .where(OrgEdge.parent_id.in_(ids_param()), OrgEdge.valid_from <= as_of_p,
                   (OrgEdge.valid_to.is_(None)) | (OrgEdge.valid_to > as_of_p),
                   child.valid_from <= as_of_p, (child.valid_to.is_(None)) | (child.valid_to > as_of_p))
            .distinct()
        )

    infos = statement("org_infos", lambda: select(*_ORG_COLUMNS).where(Organisation.id.in_(ids_param())))
    children = statement("with_children", build_children)
    for part in chunks(ids):
        orgs.update((row[0], OrgInfo(*row)) for row in session.execute(infos, {"ids": part}))
        with_children.update(session.scalars(children, {"ids": part, "as_of": as_of}))
    return SmallTree(as_of, orgs, with_children)


# --- figures from the rollups ---------------------------------------------------------------
def _net_expr() -> Any:
    net = _R.admitted + _R.transfer_in - _R.transfer_out
    for column in EXIT_COLUMNS:
        net = net - _R[column]
    return net


def _members_at(session: Session, within: Any, days: list[dt.date], raw: dict[int, Counts]) -> None:
    """Members on the rolls at each of ``days``: no roll event is dated after as_of (see
    :func:`eligible`), so the net flows of every year up to the day's year."""
    years = sorted({d.year for d in days})
    net = _net_expr()
    q = (
        select(_R.org_id, *(func.sum(case((_R.year <= y, net), else_=0)) for y in years))
        .where(within, _R.year <= max(years))
        .group_by(_R.org_id)
    )
    _count_members_at(session.execute(q), years, days, raw)


def _members_at_ids(session: Session, ids: list[int], days: list[dt.date], raw: dict[int, Counts]) -> None:
    """:func:`_members_at` for a list of organisations, by a statement built once per number of years."""
    years = sorted({d.year for d in days})

    def build() -> Any:
        net = _net_expr()
        ys = [bindparam(f"y{i}", type_=Integer) for i in range(len(years))]
        return (
            select(_R.org_id, *(func.sum(case((_R.year <= y, net), else_=0)) for y in ys))
            .where(_R.org_id.in_(ids_param()), _R.year <= ys[-1])
            .group_by(_R.org_id)
        )

    q = statement(f"members_at_{len(years)}", build)
    params: dict[str, Any] = {f"y{i}": y for i, y in enumerate(years)}
    _count_members_at(session.execute(q, {"ids": ids, **params}), years, days, raw)


def _count_members_at(rows: Any, years: list[int], days: list[dt.date], raw: dict[int, Counts]) -> None:
    for org, *values in rows:
        by_year = dict(zip(years, values, strict=True))
        c = raw[org]
        for d in days:
            n = int(by_year[d.year] or 0)
            if n:
                c.members_on[d] = c.members_on.get(d, 0) + n


def screen_counts(session: Session, ids: list[int], period: Period, as_of: dt.date, raw: dict[int, Counts]) -> None:
    """Composition, flows and members on the rolls, with the keys of :func:`models.figures._collect`."""
    adm_years = {y for y in set(period.previous().years) | set(period.years) | {as_of.year} if y <= as_of.year}
    flow_years = {y for y in period.years if y <= as_of.year}
    year_rows = statement("year_rows", lambda: select(ORG_YEAR_ROLLUP).where(
        _R.org_id.in_(ids_param()), _R.year.in_(ids_param("years"))))
    for part in chunks(ids):
        _members_at_ids(session, part, roll_dates(period, as_of), raw)
        rows = session.execute(year_rows, {"ids": part, "years": sorted(adm_years | flow_years)})
        for row in rows:
            y = row.year
            c = raw[row.org_id].year(y)
            if y in adm_years and row.admitted:
                c.admitted += row.admitted
                c.women += row.women
                c.youth_union += row.youth_union
                c.on_occasion += row.on_occasion
                c.aged_18_30 += row.aged_upto_30
                for m in MassOrg:
                    n = getattr(row, f"rec_{m.value}")
                    if n:
                        c.recommended += n
                        c.recommended_by[m] = c.recommended_by.get(m, 0) + n
            if y in flow_years:
                for kind, cols in _FLOW_COLUMNS:
                    n = sum(getattr(row, col) for col in cols)
                    if n:
                        c.flows[kind] = c.flows.get(kind, 0) + n
                for g in RemovalGround:
                    n = getattr(row, f"removed_{g.value}")
                    if n:
                        c.removed_by_ground[g] = c.removed_by_ground.get(g, 0) + n


def flagged_counts(session: Session, flagged: Any, period: Period, as_of: dt.date, raw: dict[int, Counts],
                    members: bool = True) -> None:
    """Only what the problem rules read (admissions, removals and leaves of the period's years,
    members at as_of unless ``members`` is false), for the organisations of the ``flagged``
    select (or list)."""
    years = sorted(y for y in set(period.years) | {as_of.year} if y <= as_of.year)
    if isinstance(flagged, list):
        q = statement("problem_rows", lambda: _problem_rows(ids_param(), ids_param("years")))
        for part in chunks(flagged):
            _count_problem_rows(session.execute(q, {"ids": part, "years": years}), period, raw)
            if members:
                _members_at_ids(session, part, [as_of], raw)
        return
    _count_problem_rows(session.execute(_problem_rows(flagged, years)), period, raw)
    if members:
        _members_at(session, _R.org_id.in_(flagged), [as_of], raw)


def _problem_rows(ids: Any, years: Any) -> Any:
    removed = sum((_R[c] for c in REMOVAL_COLUMNS[1:]), _R[REMOVAL_COLUMNS[0]])
    return select(_R.org_id, _R.year, _R.admitted, removed, _R.left_party).where(_R.org_id.in_(ids), _R.year.in_(years))


def _count_problem_rows(rows: Any, period: Period, raw: dict[int, Counts]) -> None:
    for org, y, admitted, n_removed, n_left in rows:
        c = raw[org].year(y)
        if admitted:
            c.admitted += admitted
        if y in period.years:
            if n_removed:
                c.flows[EventKind.REMOVAL] = c.flows.get(EventKind.REMOVAL, 0) + n_removed
            if n_left:
                c.flows[EventKind.LEAVE] = c.flows.get(EventKind.LEAVE, 0) + n_left


def read_targets(session: Session, ids: Any, years: Iterable[int]) -> dict[tuple[int, int], int | None]:
    """Each organisation's target for each year: its own, else the sum of the targets in its
    catchment that have no target above them inside the catchment. ``ids``: a list, or a
    select of organisation ids."""
    years = sorted(set(years))
    out: dict[tuple[int, int], int | None] = {}
    # Own targets first (one probe each); the sum below only for those with none of their own
    # and something below them.
    if isinstance(ids, list):
        own = statement("own_targets", lambda: _own_targets_query(ids_param(), ids_param("years")))
        below = statement("targets_below", lambda: _targets_below_query(ids_param(), ids_param("years")))
        statements = [(own, below, {"ids": part, "years": years}) for part in chunks(ids)]
    else:
        statements = [(_own_targets_query(ids, years), _targets_below_query(ids, years), {})]
    for own, below, params in statements:
        for org, year, target in session.execute(own, params):
            out[(int(org), int(year))] = int(target)
        for org, year, total in session.execute(below, params):
            out.setdefault((int(org), int(year)), int(total))
    return out


def _own_targets_query(ids: Any, years: Any) -> Any:
    return (select(AdmissionTarget.org_id, AdmissionTarget.year, AdmissionTarget.target)
            .where(AdmissionTarget.org_id.in_(ids), AdmissionTarget.year.in_(years)))


def _targets_below_query(ids: Any, years: Any) -> Any:
    """The sum of the targets below each of ``ids`` with no target above them inside its catchment."""
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
    has_below = select(_C.ancestor_id).where(_C.ancestor_id.in_(ids), _C.depth == 1)
    return (
        select(_C.ancestor_id, t.year, func.sum(t.target))
        .join(t, t.org_id == _C.descendant_id)
        .where(_C.ancestor_id.in_(has_below), t.year.in_(years), ~covered)
        .group_by(_C.ancestor_id, t.year)
    )


def _catchment(session: Session, root_id: int) -> CatchmentIds:
    """The organisations of the root's catchment, knowing their root."""
    catchment = select(_C.descendant_id).where(_C.ancestor_id == root_id)
    scoped = CatchmentIds.of(session, list(session.scalars(catchment)), catchment)
    scoped.root_id = root_id  # type: ignore[attr-defined]
    return scoped


def _on_rolls(session: Session, scoped: CatchmentIds, edges: list[tuple[int, int]]) -> dict[int, int]:
    """The members on the rolls of each organisation of a catchment over its own catchment,
    from ``member_states`` (each member's roll organisation after all their events, which is
    the one at as_of when no roll event is dated after it: :func:`eligible`), added up the
    catchment's ``edges`` (the deepest first): one count per organisation instead of the net
    flows of every year of every rollup row."""
    q = select(_S.org_id, func.count()).where(_state_filter(scoped)).group_by(_S.org_id)
    wanted = set(scoped)
    totals = {org: n for org, n in session.execute(q) if org in wanted}
    for org, parent in edges:
        if n := totals.get(org):
            totals[parent] = totals.get(parent, 0) + n
    return totals


def _orgs_in(column: Any, ids: list[int]) -> Any:
    """How a statement built once narrows ``column`` to ``ids`` (a short list): (a name for
    the statement, its filter, its parameters). A whole catchment is named by its root through
    the closure, one parameter, rather than by every organisation of it (binding hundreds of
    values cost more than the query)."""
    root = getattr(ids, "root_id", None)
    if root is not None:
        within = select(_C.descendant_id).where(_C.ancestor_id == bindparam("root_id", type_=Integer))
        return "root", column.in_(within), {"root_id": root}
    return "ids", column.in_(ids_param()), {"ids": list(ids)}


def states_of(session: Session, ids: list[int], as_of: dt.date, rules: Rules,
              since: dt.date | None = None) -> dict[int, Counts]:
    """Probation, pipeline, Regulation 213, far away and admission deadlines at ``as_of`` of
    each of ``ids`` alone (not their catchments): a list, or the :class:`CatchmentIds` of a
    catchment; ``since``: the period's start (admissions done late from then on)."""
    if not isinstance(ids, CatchmentIds) and len(ids) > IN_LIST_LIMIT:
        own: dict[int, Counts] = {}
        for part in chunks(ids, IN_LIST_LIMIT):
            own.update(states_of(session, part, as_of, rules, since))
        return own
    own = defaultdict(Counts)
    wanted = set(ids)
    away_after, candidates_after, links_after = _events_after(session, as_of)
    if not away_after and len(ids) <= IN_LIST_LIMIT:
        # A short list of organisations: probation and far away in one read of their states.
        _member_states_short(session, ids, wanted, as_of, rules, own)
    else:
        _probation_from_states(session, ids, wanted, as_of, rules, own)
    if candidates_after:
        collect_pipeline(session, ids, wanted, as_of, own)
    else:
        _pipeline_from_states(session, ids, wanted, as_of, own)
    if links_after:
        collect_r213(session, ids, wanted, as_of, own)
    else:
        _r213_from_states(session, ids, wanted, as_of, own)
    if away_after:
        collect_far_away(session, ids, wanted, as_of, rules, own)
    elif len(ids) > IN_LIST_LIMIT:
        _far_away_from_states(session, ids, wanted, as_of, rules, own)
    collect_admission_deadlines(session, ids, wanted, as_of, since, rules, own)
    return own


_S = MEMBER_STATES.c


def _state_filter(ids: list[int]) -> Any:
    """Narrow a read of ``member_states`` to a short list of organisations, or to a large
    catchment that is a small part of everything (a province of the country: through the
    closure, in the database, rather than every probationer of the country through Python);
    a catchment that is most of everything is filtered in Python (the indexes on the states
    themselves pick the few rows)."""
    if len(ids) <= IN_LIST_LIMIT:
        return _S.org_id.in_(ids)
    if getattr(ids, "narrows_members", False):
        return _S.org_id.in_(ids.subquery)  # type: ignore[attr-defined]
    return _S.org_id.is_not(None)


def _probation_from_states(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules,
                           raw: dict[int, Counts]) -> None:
    """:func:`models.figures._collect_probation` from ``member_states``: no admission is dated
    after as_of (:func:`eligible`), so a member's latest admission and roll organisation are
    those at as_of, and the recognition after it is read whenever it came, as there."""
    _, _, since = probation_window(as_of, rules)
    q = select(_S.org_id, _S.joined, _S.recognised).where(
        _state_filter(ids), _S.joined.is_not(None),
        or_(_S.joined >= since, _S.recognised.is_(None), _S.recognised > as_of),
    )
    count_probation(session.execute(q), wanted, as_of, rules, raw)


def _member_states_short(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules,
                         raw: dict[int, Counts]) -> None:
    """:func:`_probation_from_states` and :func:`_far_away_from_states` in one read, for a
    short list of organisations (their rows come through the organisation index either way)."""
    _, _, since = probation_window(as_of, rules)

    name, within, params = _orgs_in(_S.org_id, ids)

    def build() -> Any:
        on_probation = and_(_S.joined.is_not(None),
                            or_(_S.joined >= _day_param("since"), _S.recognised.is_(None), _S.recognised > _day_param()))
        return select(_S.org_id, _S.joined, _S.recognised, _S.away_since, _S.last_contact, on_probation).where(
            within, or_(on_probation, _S.away_since.is_not(None)),
        )

    q = statement(f"member_states_{name}", build)
    rows = session.execute(q, {**params, "since": since, "as_of": as_of}).all()
    count_probation(((org, joined, rec) for org, joined, rec, _, _, probe in rows if probe), wanted, as_of, rules, raw)
    count_far_away(((org, since_, last) for org, _, _, since_, last, _ in rows if since_ is not None),
                   wanted, as_of, rules, raw)


def _events_after(session: Session, as_of: dt.date) -> tuple[bool, bool, bool]:
    """Whether a far-away event, a candidate event, a Regulation 213 exemption event is dated
    after as_of (then the state tables are not the states at as_of and the event log
    answers); one round trip of index probes."""
    def last(column: Any, *where: Any) -> Any:
        return select(func.max(column)).where(*where).scalar_subquery()

    def build() -> Any:
        probes = [last(MEMBER_EVENT_LATEST.c.last_date, MEMBER_EVENT_LATEST.c.kind == k.value)
                  for k in (EventKind.FAR_AWAY_START, EventKind.FAR_AWAY_END, EventKind.FAR_AWAY_CONTACT)]
        probes.append(last(CandidateEvent.event_date))
        # Registration, the end of a link and comments are kept by their first day (exact at any
        # day); only the last exemption and its end need nothing later.
        probes += [last(ResidenceEvent.event_date, ResidenceEvent.kind == k)
                   for k in (ResidenceEventKind.EXEMPTED, ResidenceEventKind.EXEMPTION_ENDED)]
        return select(*probes)

    after = [d is not None and d > as_of for d in session.execute(statement("events_after", build)).one()]
    return any(after[:3]), after[3], any(after[4:])


def _pipeline_from_states(session: Session, ids: list[int], wanted: set[int], as_of: dt.date,
                          raw: dict[int, Counts]) -> None:
    """:func:`models.figures.collect_pipeline` from ``candidate_states`` (no candidate event
    is dated after as_of): the candidates joined straight to their state row (its stage and
    its certificates' expiry), no subquery."""
    cs = CANDIDATE_STATES.c

    def query(within: Any, as_of_: Any, last_day: Any) -> Any:
        state = SimpleNamespace(c=cs)
        source = Candidate.__table__.join(CANDIDATE_STATES, cs.candidate_id == Candidate.id)
        return pipeline_query(state, state, within, as_of_, last_day, source)

    last_day = year_end(as_of.year)
    if len(ids) <= IN_LIST_LIMIT:
        name, within, params = _orgs_in(Candidate.org_id, ids)
        q = statement(f"pipeline_{name}", lambda: query(within, _day_param(), _day_param("year_end")))
        rows = session.execute(q, {**params, "as_of": as_of, "year_end": last_day})
    else:
        rows = session.execute(query(org_filter(Candidate.org_id, ids), as_of, last_day))
    add_pipeline(rows, wanted, raw)


def _r213_from_states(session: Session, ids: list[int], wanted: set[int], as_of: dt.date,
                      raw: dict[int, Counts]) -> None:
    """:func:`models.figures.collect_r213` from ``link_states`` and ``link_year_comments``
    (no exemption event is dated after as_of; the other flags are read by their first day):
    the links joined straight to their states (SQLite materialises a joined subquery on the
    right of a LEFT JOIN: three times slower). A link without a state row reads as one with no
    events, as there."""
    if len(ids) <= IN_LIST_LIMIT:
        name, within, params = _orgs_in(ResidenceLink.residence_org_id, ids)
        q = statement(f"r213_{name}", lambda: _r213_states_query(within, _day_param(), bindparam("year", type_=Integer)))
        rows = session.execute(q, {**params, "as_of": as_of, "year": as_of.year})
    else:
        rows = session.execute(_r213_states_query(org_filter(ResidenceLink.residence_org_id, ids), as_of, as_of.year))
    add_r213(rows, wanted, raw)


def _r213_states_query(within: Any, as_of: Any, year: Any, by_ancestor: Any = None) -> Any:
    """:func:`models.figures.sql.r213_query` over the links joined to their states;
    ``by_ancestor``: a closure alias joined to the links' residence organisation, the counts
    then grouped by its ancestor (each ancestor's catchment)."""
    ls, yc = LINK_STATES.c, LINK_YEAR_COMMENTS.c

    def by(day: Any) -> Any:
        return case((day <= as_of, 1), else_=0)

    ev = SimpleNamespace(c=SimpleNamespace(
        ex_on=ls.ex_on, ex_off=ls.ex_off, ended=by(ls.ended_on), registered=by(ls.registered_on),
        requested=by(yc.requested_on), returned=by(yc.returned_on)))
    links: Any = ResidenceLink.__table__
    if by_ancestor is not None:
        links = by_ancestor.join(links, links.c.residence_org_id == by_ancestor.c.descendant_id)
    source = links.outerjoin(LINK_STATES, ls.link_id == ResidenceLink.__table__.c.id).outerjoin(
        LINK_YEAR_COMMENTS, and_(yc.link_id == ResidenceLink.__table__.c.id, yc.year == year))
    return r213_query(ev, within, as_of, source, by=None if by_ancestor is None else by_ancestor.c.ancestor_id)


def condition_figures(session: Session, ids: list[int], period: Period, as_of: dt.date) -> dict[int, ConditionFigures] | None:
    """What conclusions' conditions read (:class:`ConditionFigures`) of each of ``ids`` over its
    catchment for ``period`` at ``as_of`` (only when :func:`eligible` says so), one statement
    per figure for all of them: the admissions from their rollup rows, Regulation 213 from the
    link states of their catchments through the closure (the states of one organisation alone
    added up its catchment, as :func:`rollup_scope` does). None when an exemption event is
    dated after ``as_of`` (the link states are not the day's: the caller reads the log)."""
    if _events_after(session, as_of)[2]:
        return None
    years = [y for y in period.years if y <= as_of.year]
    admitted = statement("condition_admitted", lambda: select(_R.org_id, func.sum(_R.admitted)).where(
        _R.org_id.in_(ids_param()), _R.year.in_(ids_param("years"))).group_by(_R.org_id))

    def build_r213() -> Any:
        up = ORG_CLOSURE.alias("up")
        return _r213_states_query(up.c.ancestor_id.in_(ids_param()), _day_param(), bindparam("year", type_=Integer),
                                  by_ancestor=up)

    r213 = statement("condition_r213", build_r213)
    in_period: dict[int, int] = {}
    raw: dict[int, Counts] = defaultdict(Counts)
    for part in chunks(sorted(set(ids))):
        in_period.update((org, int(n or 0)) for org, n in session.execute(admitted, {"ids": part, "years": years}))
        add_r213(session.execute(r213, {"ids": part, "as_of": as_of, "year": as_of.year}), set(part), raw)
    return {oid: ConditionFigures(admitted=in_period.get(oid, 0), r213=r213_of(raw[oid], as_of)) for oid in ids}


def _far_away_from_states(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules,
                          raw: dict[int, Counts]) -> None:
    """:func:`models.figures.collect_far_away` from ``member_states``."""
    q = select(_S.org_id, _S.away_since, _S.last_contact).where(_state_filter(ids), _S.away_since.is_not(None))
    count_far_away(session.execute(q), wanted, as_of, rules, raw)


def _add_up(session: Session, root_id: int, own: dict[int, Counts], ids: set[int],
            raw: dict[int, Counts]) -> tuple[dict[int, Counts], list[tuple[int, int]]]:
    """Each of ``ids`` gets the states of every organisation of its catchment (``own`` holds
    those of ``root_id``'s catchment): added bottom-up over the forest's edges inside the
    catchment, one merge per organisation instead of one per closure row. Returns every
    organisation's total and the edges (child, parent), the deepest first."""
    def build() -> Any:
        below, edge = ORG_CLOSURE.alias("below"), ORG_CLOSURE.alias("edge")
        return (
            select(below.c.descendant_id, edge.c.ancestor_id, below.c.depth)
            .join(edge, and_(edge.c.descendant_id == below.c.descendant_id, edge.c.depth == 1))
            .where(below.c.ancestor_id == bindparam("root_id", type_=Integer), below.c.depth > 0)
        )

    edges = list(session.execute(statement("catchment_edges", build), {"root_id": root_id}).all())
    edges.sort(key=lambda row: -row[2])  # the deepest first: a total is whole before it goes up
    totals = dict(own)
    for org, parent, _ in edges:
        t = totals.get(org)
        if t:
            acc = totals.get(parent)
            if acc is None or acc is own.get(parent):
                totals[parent] = acc = acc.copy() if acc is not None else Counts()
            acc.add_states(t)
    for oid in ids:
        if t := totals.get(oid):
            raw[oid].add_states(t)
    return totals, [(org, parent) for org, parent, _ in edges]


def make_scope(tree: SmallTree, root_id: int, ids: list[int], period: Period, as_of: dt.date, rules: Rules,
           raw: dict[int, Counts], targets: dict[tuple[int, int], int | None]) -> RollupScope:
    totals = {oid: raw.get(oid) or Counts() for oid in ids}
    scope = RollupScope(tree, root_id, period, as_of, rules, ids, totals, {})  # type: ignore[arg-type]
    scope.targets = targets
    return scope


@dataclass
class CatchmentStates:
    """What :func:`rollup_scope` added up on the way: the states of every organisation of the
    catchment over its own catchment, and the catchment's edges (child, parent), the deepest first."""

    totals: dict[int, Counts] = field(default_factory=dict)
    edges: list[tuple[int, int]] = field(default_factory=list)


def rollup_scope(
    session: Session, root_id: int, ids: list[int], period: Period, as_of: dt.date, rules: Rules,
    *, with_flagged: bool = False, keep: CatchmentStates | None = None,
) -> RollupScope:
    """Every figure of ``ids`` (organisations of ``root_id``'s catchment, each over its own
    catchment) for ``period`` at ``as_of``; only when :func:`eligible` says so.

    ``with_flagged``: also what the problem rules read (and only that) for the organisations
    they look at in the catchment (:func:`flagged_select`), listed in ``scope.flagged``.
    ``keep``: filled with the states of every organisation of the catchment."""
    ids = list(dict.fromkeys([root_id, *ids]))
    tree = load_orgs(session, ids, as_of)
    if root_id not in tree.orgs:
        from models.errors import NotFound

        raise NotFound("org.not_found", field="org", code=str(root_id))
    raw: dict[int, Counts] = defaultdict(Counts)
    screen_counts(session, ids, period, as_of, raw)
    years = target_years(period, as_of)
    targets = read_targets(session, ids, years)
    flagged: list[int] = []
    if with_flagged:
        q = statement("flagged_infos", lambda: select(*_ORG_COLUMNS).where(
            Organisation.id.in_(flagged_select(bindparam("root_id", type_=Integer), _day_param()))))
        infos = {row[0]: OrgInfo(*row) for row in session.execute(q, {"root_id": root_id, "as_of": as_of})}
        flagged = list(infos)
        on_screen = set(ids)
        lean_ids = [oid for oid in flagged if oid not in on_screen]
        # The rest of the flagged organisations (none on a cell's or a grassroots screen): by
        # the list just read when short, else by the select.
        lean = (lean_ids if len(lean_ids) <= IN_LIST_LIMIT
                else flagged_select(root_id, as_of).where(Organisation.id.not_in(ids)))
        if lean_ids:
            # Their members at the day are counted from the members' states below, not from
            # every year's rollup row of each.
            flagged_counts(session, lean, period, as_of, raw, members=False)
            for key, value in read_targets(session, lean, years).items():
                targets.setdefault(key, value)
        for oid, info in infos.items():
            tree.orgs.setdefault(oid, info)
    everyone = list(dict.fromkeys([*ids, *flagged]))
    scoped = _catchment(session, root_id)
    totals, edges = _add_up(session, root_id, states_of(session, scoped, as_of, rules, period.start), set(everyone), raw)
    if with_flagged and lean_ids:
        on_rolls = _on_rolls(session, scoped, edges)
        for oid in lean_ids:
            if n := on_rolls.get(oid):
                on = raw[oid].members_on
                on[as_of] = on.get(as_of, 0) + n
    if keep is not None:
        keep.totals, keep.edges = totals, edges
    scope = make_scope(tree, root_id, everyone, period, as_of, rules, raw, targets)
    scope.flagged = flagged
    return scope


# --- what the screens call -----------------------------------------------------------------------
def flagged_select(root_id: Any, as_of: Any) -> Any:
    """The organisations of the root's catchment the problem rules look at (as they stand at ``as_of``)."""

    return (
        select(Organisation.id)
        .join(ORG_CLOSURE, _C.descendant_id == Organisation.id)
        .where(_C.ancestor_id == root_id, Organisation.kind.in_(sorted(FLAGGED_KINDS)),
               Organisation.valid_from <= as_of, (Organisation.valid_to.is_(None)) | (Organisation.valid_to > as_of))
    )


def problem_paths(session: Session, scope: RollupScope, ids: list[int]) -> None:
    """The forest path from the scope's root down to each of ``ids`` (their problem rows)."""
    chains: dict[int, dict[int, int]] = defaultdict(dict)
    for part in chunks(ids):
        for desc, anc, depth in session.execute(
            select(_C.descendant_id, _C.ancestor_id, _C.depth).where(_C.descendant_id.in_(part))
        ):
            chains[desc][depth] = anc
    for oid, chain in chains.items():
        top = next(d for d, anc in chain.items() if anc == scope.root_id)
        scope.snap.paths[oid] = tuple(chain[d] for d in range(top, -1, -1))  # type: ignore[attr-defined]
    missing = sorted({a for path in scope.snap.paths.values() for a in path} - set(scope.snap.orgs))  # type: ignore[attr-defined]
    for part in chunks(missing):
        scope.snap.orgs.update(_org_infos(session, Organisation.id.in_(part)))


def _problems(session: Session, scope: RollupScope) -> list[Problem]:
    """What :func:`models.figures.problems.problems_in_scope` gives, from a scope ``with_flagged``."""
    hits = {oid: h for oid in scope.flagged if (h := evaluate_org(scope, oid))}
    problem_paths(session, scope, list(hits))
    out = [
        Problem(org=scope.snap.orgs[oid], path=tuple(scope.snap.orgs[p].name for p in ids), hits=tuple(h), path_ids=ids)
        for oid, h in hits.items()
        for ids in (scope.snap.path(scope.root_id, oid),)
    ]
    out.sort(key=problem_order)
    return out


def problems(session: Session, root_id: int, period: Period, as_of: dt.date, rules: Rules) -> list[Problem]:
    """:func:`models.figures.service.briefing`'s problems from the rollups (when :func:`eligible`)."""
    return _problems(session, rollup_scope(session, root_id, [], period, as_of, rules, with_flagged=True))


def breadcrumb(session: Session, org_id: int, as_of: dt.date) -> list | None:  # type: ignore[type-arg]
    """:func:`models.tree.ancestors_at` in one read of the closure: the tree has not changed
    since ``as_of`` (:func:`eligible`), so its edges at ``as_of`` are the closure's, as long as
    every organisation on the way is valid at ``as_of`` (the closure hangs an ended one under
    its successor; None then, and the caller walks the edges)."""
    q = statement("breadcrumb", lambda: select(*_ORG_COLUMNS).join(ORG_CLOSURE, _C.ancestor_id == Organisation.id)
                   .where(_C.descendant_id == bindparam("org_id", type_=Integer)).order_by(_C.depth.desc()))
    rows = session.execute(q, {"org_id": org_id}).all()
    path = [OrgInfo(*row) for row in rows]
    if not path or path[-1].id != org_id or not all(o.valid_at(as_of) for o in path):
        return None
    return path


def overview(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules) -> Overview:
    """:func:`models.figures.overview` from the rollups (when :func:`eligible`)."""

    children = children_at(session, org_id, as_of)
    scope = rollup_scope(session, org_id, [c.id for c in children], period, as_of, rules, with_flagged=True)
    rows = tuple(child_row(scope, c.id, tuple(evaluate_org(scope, c.id))) for c in children)
    path = breadcrumb(session, org_id, as_of)
    return Overview(
        org=scope.snap.orgs[org_id],
        path=tuple(path if path is not None else ancestors_at(session, org_id, as_of)),
        figures=scope.figures(org_id),
        children=rows,
        problem_count=sum(1 for oid in scope.flagged if has_problem(scope, oid)),
    )


def org_figures(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules) -> OrgFigures:
    return rollup_scope(session, org_id, [], period, as_of, rules).figures(org_id)


def year_books(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules) -> tuple[YearFlows, ...]:
    """:func:`models.figures.year_books` from the rollups (when :func:`eligible`): the
    organisation's rollup rows, members at each year's ends and targets, no states."""
    tree = load_orgs(session, [org_id], as_of)
    if org_id not in tree.orgs:
        from models.errors import NotFound

        raise NotFound("org.not_found", field="org", code=str(org_id))
    raw: dict[int, Counts] = defaultdict(Counts)
    screen_counts(session, [org_id], period, as_of, raw)
    targets = read_targets(session, [org_id], target_years(period, as_of))
    scope = make_scope(tree, org_id, [org_id], period, as_of, rules, raw, targets)
    return tuple(scope.year_flows(org_id, y) for y in period.years)


__all__ = ["RollupScope", "SmallTree", "eligible", "flagged_select", "org_figures", "overview", "problems",
           "rollup_scope", "year_books"]
