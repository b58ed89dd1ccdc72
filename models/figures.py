"""The briefing's figures: admissions against target, who the admitted are, the books of each
year, the candidate pipeline, Regulation 213 and members working far away.

Everything is derived from the event logs in a handful of set-based queries per call, never a
query per organisation: :func:`compute_scope` loads the tree once (all organisations and
edges, two queries), aggregates the events of every organisation in the queried catchment by
organisation (a GROUP BY per kind of figure), then adds the organisations up the *catchment
forest* in Python. The catchment forest is the tree as of ``as_of`` in which an organisation
that had ended hangs under its successor (when merged) or else under the parent it last had,
exactly as :func:`models.tree.catchment` places it; so an organisation's figures count every
event at any organisation of its catchment, and a current commune shows the past periods of
the communes merged into it.

:func:`org_figures` and :func:`overview` are the entry points for screens and reports;
:mod:`models.problems` reads the same :class:`Scope` to flag problem cells.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Integer, and_, case, extract, func, or_, select, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from models.enums import (
    CANDIDATE_STAGE_ORDER,
    CandidateStage,
    EventKind,
    MassOrg,
    RemovalGround,
    ResidenceEventKind,
    Sex,
    TransferScope,
)
from models.figures_data import (
    Attainment,
    ChildRow,
    Composition,
    FarAway,
    OrgFigures,
    Overview,
    Period,
    Pipeline,
    Regulation213,
    Status,
    YearFlows,
)
from models.rules import Rules, add_months, default_rules
from models.schema import (
    FAR_AWAY_PREDICATE,
    ORG_CLOSURE,
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    Member,
    MemberEvent,
    Organisation,
    OrgEdge,
    ResidenceEvent,
    ResidenceLink,
)
from models.tree import OrgInfo, children_at

if TYPE_CHECKING:
    from models.figures_memo import FiguresMemo

#: The upper end of the "aged 18–30" band of the composition (the Youth Union age the briefing
#: reports on, DOMAIN.md §6); the lower end is the admission age in rules.toml.
YOUTH_MAX_AGE_YEARS = 30

#: Above this many organisations an ``IN (...)`` filter costs more than it saves: aggregate
#: every organisation and keep the catchment's in Python.
_IN_LIST_LIMIT = 2000

_ROLL_IN = (EventKind.ADMISSION, EventKind.TRANSFER_IN)
_EXITS = (EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH)
# Stages at which a candidate holds a certificate and is still on the way to admission.
_CERTIFIED_STAGES = (
    CandidateStage.CLASS_ATTENDED,
    CandidateStage.DOSSIER,
    CandidateStage.CELL_RESOLUTION,
    CandidateStage.COMMITTEE_DECISION,
)


# --- portable "completed years between two dates" -------------------------------------------
class age_years(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """Whole years from ``earlier`` to ``later`` (age at a date), on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True
    name = "age_years"


@compiles(age_years, "sqlite")
def _age_years_sqlite(element, compiler, **kw):  # type: ignore[no-untyped-def]
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(strftime('%Y', {later}) AS INTEGER) - CAST(strftime('%Y', {earlier}) AS INTEGER)"
        f" - (strftime('%m-%d', {later}) < strftime('%m-%d', {earlier})))"
    )


@compiles(age_years, "postgresql")
def _age_years_pg(element, compiler, **kw):  # type: ignore[no-untyped-def]
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(date_part('year', age({later}, {earlier})) AS INTEGER)"


# --- the tree, loaded once --------------------------------------------------------------------
@dataclass
class TreeSnapshot:
    """All organisations and edges, with the catchment forest as of ``as_of``."""

    as_of: dt.date
    orgs: dict[int, OrgInfo]
    edges_by_child: dict[int, list[tuple[dt.date, dt.date | None, int]]]
    parent: dict[int, int] = field(default_factory=dict)  # catchment forest
    children: dict[int, list[int]] = field(default_factory=dict)
    # When loaded for one catchment: the closure select naming its organisations.
    closure_subquery: object = None

    @classmethod
    def load(cls, session: Session, as_of: dt.date, within: int | None = None) -> TreeSnapshot:
        """The whole tree or, with ``within``, only that organisation's catchment when the
        tree has not changed since ``as_of`` (the closure of the current forest then names
        the catchment exactly, see :mod:`models.stats`): a cell's screen need not load the
        country's 300,000 organisations."""
        restricted = None
        org_q = select(Organisation)
        edge_q = select(OrgEdge.child_id, OrgEdge.parent_id, OrgEdge.valid_from, OrgEdge.valid_to)
        if within is not None:
            from models import stats

            version = stats.tree_version(session)
            if version is not None and version <= as_of:
                inside = select(ORG_CLOSURE.c.descendant_id).where(ORG_CLOSURE.c.ancestor_id == within)
                org_q = org_q.where(Organisation.id.in_(inside))
                edge_q = edge_q.where(OrgEdge.child_id.in_(inside))
                restricted = inside
        orgs = {
            o.id: OrgInfo(o.id, o.code, o.name, o.kind, o.sector, o.valid_from, o.valid_to, o.successor_id)
            for o in session.scalars(org_q)
        }
        edges: dict[int, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
        for child, parent, vf, vt in session.execute(edge_q):
            edges[child].append((vf, vt, parent))
        snap = cls(as_of, orgs, dict(edges))
        snap.closure_subquery = restricted
        snap._build_forest()
        return snap

    def parent_on(self, org_id: int, day: dt.date) -> int | None:
        for vf, vt, parent in self.edges_by_child.get(org_id, ()):
            if vf <= day and (vt is None or day < vt):
                return parent
        return None

    def _build_forest(self) -> None:
        for oid, info in self.orgs.items():
            parent = self.parent_on(oid, self.as_of)
            if parent is None and info.valid_to is not None and info.valid_to <= self.as_of:
                parent = info.successor_id or self.parent_on(oid, info.valid_to - dt.timedelta(days=1))
            if parent is not None and parent != oid:
                self.parent[oid] = parent
        children: dict[int, list[int]] = defaultdict(list)
        for child, parent in self.parent.items():
            children[parent].append(child)
        self.children = dict(children)

    def catchment(self, org_id: int) -> list[int]:
        """``org_id`` and everything hanging below it in the catchment forest (pre-order)."""
        out, seen, stack = [], set(), [org_id]
        while stack:
            oid = stack.pop()
            if oid in seen:  # a cycle would be a data error; never loop on it
                continue
            seen.add(oid)
            out.append(oid)
            stack.extend(self.children.get(oid, ()))
        return out

    def live_children(self, org_id: int) -> list[int]:
        """Children in the tree as it stands at ``as_of`` (what a screen drills into)."""
        return [
            c
            for c in self.children.get(org_id, ())
            if self.orgs[c].valid_at(self.as_of) and self.parent_on(c, self.as_of) == org_id
        ]

    def chain(self, org_id: int) -> list[int]:
        """``org_id`` and its ancestors in the catchment forest, nearest first."""
        out, seen, current = [org_id], {org_id}, org_id
        while (p := self.parent.get(current)) is not None and p not in seen:
            out.append(p)
            seen.add(p)
            current = p
        return out

    def common_ancestor(self, a: int, b: int) -> int | None:
        """The lowest organisation whose catchment holds both ``a`` and ``b``."""
        if a not in self.orgs or b not in self.orgs:
            return None
        above_a = set(self.chain(a))
        return next((x for x in self.chain(b) if x in above_a), None)

    def path(self, from_id: int, to_id: int) -> tuple[int, ...]:
        """Forest path ``from_id`` .. ``to_id`` (inclusive); ``(to_id,)`` if not below."""
        chain = [to_id]
        seen = {to_id}
        current = to_id
        while current != from_id and (p := self.parent.get(current)) is not None and p not in seen:
            chain.append(p)
            seen.add(p)
            current = p
        return tuple(reversed(chain)) if current == from_id else (to_id,)


# --- per-organisation raw figures --------------------------------------------------------------
class CatchmentIds(list):  # type: ignore[type-arg]
    """A catchment's organisation ids that also know the closure query naming them, so a large
    catchment is filtered in SQL by a subquery instead of not at all."""

    def __init__(self, ids: list[int], subquery, of_all: int | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ids)
        self.subquery = subquery
        # Members who touched the catchment are worth narrowing to only when the catchment is
        # a small part of everything (a province of the country, not the city that is all of it).
        self.narrows_members = of_all is not None and 4 * len(ids) < of_all

    @classmethod
    def of(cls, session: Session, ids: list[int], subquery) -> CatchmentIds:  # type: ignore[no-untyped-def]
        of_all = session.scalar(select(func.count()).select_from(Organisation)) if len(ids) > _IN_LIST_LIMIT else None
        return cls(ids, subquery, of_all)


def _org_filter(column, ids: list[int]):  # type: ignore[no-untyped-def]
    if len(ids) <= _IN_LIST_LIMIT:
        return column.in_(ids)
    sub = getattr(ids, "subquery", None)
    return column.in_(sub) if sub is not None else True


def _filtered(ids: list[int]) -> bool:
    """Whether narrowing a query to ``ids`` pays: a short list, or a closure subquery naming a
    small part of all organisations."""
    return len(ids) <= _IN_LIST_LIMIT or getattr(ids, "narrows_members", False)


def _touching(ids: list[int]):  # type: ignore[no-untyped-def]
    """The members with any event at one of ``ids`` (a select), or None for a catchment so
    large that narrowing costs more than it saves. Windows over a member's events need all of
    them, but only for the members who ever touched the catchment."""
    if len(ids) > _IN_LIST_LIMIT:
        if not getattr(ids, "narrows_members", False):
            return None
        return select(MemberEvent.member_id).where(MemberEvent.org_id.in_(ids.subquery))  # type: ignore[attr-defined]
    return select(MemberEvent.member_id).where(MemberEvent.org_id.in_(ids))


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _roll_condition():  # type: ignore[no-untyped-def]
    """Events that move a member onto or off an organisation's rolls (temporary transfers don't)."""
    return or_(
        MemberEvent.kind.in_((EventKind.ADMISSION, *_EXITS)),
        and_(
            MemberEvent.kind.in_((EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT)),
            MemberEvent.transfer_scope == TransferScope.PERMANENT,
        ),
    )


def on_rolls_subquery(day: dt.date, members=None):  # type: ignore[no-untyped-def]
    """(member_id, org_id) of every member on some organisation's rolls at ``day``.

    The latest roll event at or before ``day`` decides; on one day a transfer out comes before
    a transfer in or admission, and an exit comes last. ``members`` (a select of member ids)
    narrows the window to the members concerned, when they are few.
    """
    rank = case(
        (MemberEvent.kind == EventKind.TRANSFER_OUT, 0),
        (MemberEvent.kind.in_(_EXITS), 2),
        else_=1,
    )
    rn = func.row_number().over(
        partition_by=MemberEvent.member_id,
        order_by=(MemberEvent.event_date.desc(), rank.desc(), MemberEvent.id.desc()),
    )
    latest = (
        select(MemberEvent.member_id, MemberEvent.org_id, MemberEvent.kind, rn.label("rn"))
        .where(_roll_condition(), MemberEvent.event_date <= day)
        .subquery("latest_roll")
    )
    if members is not None:
        latest = (
            select(MemberEvent.member_id, MemberEvent.org_id, MemberEvent.kind, rn.label("rn"))
            .where(_roll_condition(), MemberEvent.event_date <= day, MemberEvent.member_id.in_(members))
            .subquery("latest_roll")
        )
    return (
        select(latest.c.member_id, latest.c.org_id)
        .where(latest.c.rn == 1, latest.c.kind.in_(_ROLL_IN))
        .subquery("on_rolls")
    )


def _members_at(session: Session, ids: list[int], days: list[dt.date]) -> dict[tuple[int, dt.date], int]:
    """Members on each organisation's rolls at each of ``days``, in one pass over the events.

    Each roll event holds from its date until the member's next roll event (LEAD over the same
    order as :func:`on_rolls_subquery`): a member is on ``X``'s rolls at ``D`` when an
    admission or transfer in at ``X`` is dated at or before ``D`` and the next one after it
    is dated after ``D`` (or there is none). Same-day events before the last one of the day
    hold for no day at all, exactly as "the latest event at or before ``D``" reads them.
    """
    if not days:
        return {}
    rank = case(
        (MemberEvent.kind == EventKind.TRANSFER_OUT, 0),
        (MemberEvent.kind.in_(_EXITS), 2),
        else_=1,
    )
    nxt = func.lead(MemberEvent.event_date).over(
        partition_by=MemberEvent.member_id,
        order_by=(MemberEvent.event_date, rank, MemberEvent.id),
    )
    narrow = _touching(ids)
    spans = (
        select(MemberEvent.org_id, MemberEvent.kind, MemberEvent.event_date, nxt.label("next_date"))
        .where(
            _roll_condition(),
            MemberEvent.event_date <= max(days),
            True if narrow is None else MemberEvent.member_id.in_(narrow),
        )
        .subquery("roll_spans")
    )
    counts = [
        func.sum(case((and_(spans.c.event_date <= d, or_(spans.c.next_date.is_(None), spans.c.next_date > d)), 1), else_=0))
        for d in days
    ]
    q = (
        select(spans.c.org_id, *counts)
        .where(spans.c.kind.in_(_ROLL_IN), _org_filter(spans.c.org_id, ids))
        .group_by(spans.c.org_id)
    )
    out: dict[tuple[int, dt.date], int] = {}
    for org, *values in session.execute(q):
        for d, n in zip(days, values, strict=True):
            if n:
                out[(org, d)] = int(n)
    return out


def _collect(session: Session, snap: TreeSnapshot, ids: list[int], period: Period, as_of: dt.date, rules: Rules) -> dict[int, Counter]:
    """One Counter per organisation of ``ids`` with its own figures, keyed by tuples."""
    raw: dict[int, Counter] = defaultdict(Counter)
    wanted = set(ids)
    prev = period.previous()
    last_day = min(period.end, as_of)
    year_now = as_of.year

    # Admissions and their composition, by organisation and year (current and previous period,
    # and the year of as_of for the pipeline's remaining target).
    adm_years = set(prev.years) | set(period.years) | {year_now}
    lo = dt.date(min(adm_years), 1, 1)
    year_col = extract("year", MemberEvent.event_date)
    age = age_years(MemberEvent.event_date, Member.birth_date)
    q = (
        select(
            MemberEvent.org_id,
            year_col.label("y"),
            MemberEvent.recommended_by,
            func.count(),
            func.sum(case((Member.sex == Sex.FEMALE, 1), else_=0)),
            func.sum(case((MemberEvent.youth_union.is_(True), 1), else_=0)),
            func.sum(case((MemberEvent.occasion.is_not(None), 1), else_=0)),
            func.sum(case((and_(age >= rules.admission.min_age_years, age <= YOUTH_MAX_AGE_YEARS), 1), else_=0)),
        )
        .join(Member, Member.id == MemberEvent.member_id)
        .where(
            MemberEvent.kind == EventKind.ADMISSION,
            MemberEvent.event_date >= lo,
            MemberEvent.event_date <= as_of,
            _org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, year_col, MemberEvent.recommended_by)
    )
    for org, y, rec_by, n, women, youth, occ, aged in session.execute(q):
        if org not in wanted:
            continue
        y = int(y)
        c = raw[org]
        c[("adm", y)] += n
        c[("women", y)] += int(women or 0)
        c[("youth", y)] += int(youth or 0)
        c[("occ", y)] += int(occ or 0)
        c[("aged", y)] += int(aged or 0)
        if rec_by is not None:
            c[("rec", y)] += n
            c[("rec_by", y, MassOrg(rec_by))] += n

    # The other flows of the period's books, by organisation, year, kind and ground.
    q = (
        select(
            MemberEvent.org_id,
            year_col.label("y"),
            MemberEvent.kind,
            MemberEvent.removal_ground,
            func.count(),
        )
        .where(
            _roll_condition(),
            MemberEvent.kind != EventKind.ADMISSION,
            MemberEvent.event_date >= period.start,
            MemberEvent.event_date <= last_day,
            _org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, year_col, MemberEvent.kind, MemberEvent.removal_ground)
    )
    for org, y, kind, ground, n in session.execute(q):
        if org not in wanted:
            continue
        y = int(y)
        raw[org][("flow", y, EventKind(kind))] += n
        if ground is not None:
            raw[org][("ground", y, RemovalGround(ground))] += n

    # A permanent move between two organisations of one catchment is no transfer of the
    # catchment's: net each pair out at the lowest organisation holding both sides, so the
    # district shows only the moves across its boundary (its books balance all the same).
    q = (
        select(MemberEvent.org_id, MemberEvent.counterpart_org_id, year_col.label("y"), func.count())
        .where(
            MemberEvent.kind == EventKind.TRANSFER_IN,
            MemberEvent.transfer_scope == TransferScope.PERMANENT,
            MemberEvent.counterpart_org_id.is_not(None),
            MemberEvent.event_date >= period.start,
            MemberEvent.event_date <= last_day,
            _org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, MemberEvent.counterpart_org_id, year_col)
    )
    for org, other, y, n in session.execute(q):
        if org not in wanted:
            continue
        common = snap.common_ancestor(org, other)
        if common is not None and common in wanted:
            raw[common][("flow", int(y), EventKind.TRANSFER_IN)] -= n
            raw[common][("flow", int(y), EventKind.TRANSFER_OUT)] -= n

    # Members on the rolls at the start and end of each year, and at as_of.
    for (org, day), n in _members_at_from_stats(session, ids, _roll_dates(period, as_of)).items():
        if org in wanted:
            raw[org][("members", day)] += n

    _collect_probation(session, ids, wanted, as_of, rules, raw)
    _collect_pipeline(session, ids, wanted, as_of, raw)
    _collect_r213(session, ids, wanted, as_of, raw)
    _collect_far_away(session, ids, wanted, as_of, rules, raw)
    return raw


def _members_at_from_stats(session: Session, ids: list[int], days: list[dt.date]) -> dict[tuple[int, dt.date], int]:
    """Members on each organisation's rolls at each of ``days``, as the net flows of its own
    events up to the day: whole years from ``org_year_stats`` (kept with every write, see
    :mod:`models.stats`), the rest of a year from that year's events. The same numbers as
    :func:`_members_at` (the books balance: tests/test_books_property.py) at a fraction of
    the cost, since no window runs over every member's history."""
    from models.schema import ORG_YEAR_STATS as S
    from models.stats_columns import EXIT_COLUMNS

    if not days:
        return {}
    net = S.c.admitted + S.c.transfer_in - S.c.transfer_out
    for column in EXIT_COLUMNS:
        net = net - S.c[column]
    closed = sorted({d.year if d == _year_end(d.year) else d.year - 1 for d in days})
    q = (
        select(S.c.org_id, *(func.sum(case((S.c.year <= y, net), else_=0)) for y in closed))
        .where(S.c.year <= max(closed), _org_filter(S.c.org_id, ids))
        .group_by(S.c.org_id)
    )
    by_year: dict[int, dict[int, int]] = defaultdict(dict)
    for org, *values in session.execute(q):
        for y, n in zip(closed, values, strict=True):
            by_year[y][org] = int(n or 0)
    out: dict[tuple[int, dt.date], int] = {}
    for d in days:
        if d == _year_end(d.year):
            base = by_year.get(d.year, {})
            for org, n in base.items():
                if n:
                    out[(org, d)] = n
            continue
        counts = Counter(by_year.get(d.year - 1, {}))
        q = (
            select(MemberEvent.org_id, MemberEvent.kind, func.count())
            .where(
                _roll_condition(),
                MemberEvent.event_date >= dt.date(d.year, 1, 1),
                MemberEvent.event_date <= d,
                _org_filter(MemberEvent.org_id, ids),
            )
            .group_by(MemberEvent.org_id, MemberEvent.kind)
        )
        for org, kind, n in session.execute(q):
            counts[org] += n if EventKind(kind) in _ROLL_IN else -n
        for org, n in counts.items():
            if n:
                out[(org, d)] = n
    return out


def _roll_dates(period: Period, as_of: dt.date) -> list[dt.date]:
    days = {as_of}
    for y in period.years:
        days.add(min(_year_end(y - 1), as_of))
        days.add(min(_year_end(y), as_of))
    return sorted(days)


def _collect_probation(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules, raw: dict[int, Counter]) -> None:
    """Probationary members at as_of, and those whose recognition is overdue.

    A member is official at a date once the probation after their latest admission has ended
    by then and a recognition of it was recorded, whenever the decision came (Charter,
    Article 5: official from the end of the 12 months even if the decision is late); so
    before the decision they count as probationary. Overdue is judged on what had been
    recorded by as_of. Members who joined elsewhere and came in by transfer are official.
    """
    # Anyone recognised by as_of and admitted before ``since`` is official and never overdue.
    _, _, since = probation_window(as_of, rules)
    narrow = _touching(ids)
    adm = (
        select(MemberEvent.member_id, func.max(MemberEvent.event_date).label("joined"))
        .where(
            MemberEvent.kind == EventKind.ADMISSION,
            MemberEvent.event_date <= as_of,
            True if narrow is None else MemberEvent.member_id.in_(narrow),
        )
        .group_by(MemberEvent.member_id)
        .subquery("adm")
    )
    # Per-member index probes rather than a join of two aggregates: on freshly loaded tables
    # PostgreSQL estimates one row for each and re-runs one aggregate per row of the other.
    rec = aliased(MemberEvent, name="rec")
    recognised = (
        select(func.min(rec.event_date))
        .where(rec.member_id == adm.c.member_id, rec.kind == EventKind.RECOGNITION, rec.event_date >= adm.c.joined)
        .scalar_subquery()
    )
    recognised_by_then = (
        select(rec.id)
        .where(
            rec.member_id == adm.c.member_id,
            rec.kind == EventKind.RECOGNITION,
            rec.event_date >= adm.c.joined,
            rec.event_date <= as_of,
        )
        .exists()
    )
    pending_q = select(adm.c.member_id, adm.c.joined, recognised).where(
        or_(adm.c.joined >= since, ~recognised_by_then)
    )
    # Two plain queries joined here: nesting the first in the second makes SQLite evaluate it
    # over and over.
    pending = {mid: (joined, recognised) for mid, joined, recognised in session.execute(pending_q)}
    count_probation(((org, *pending[mid]) for org, mid in _roll_orgs(session, list(pending), as_of)),
                    wanted, as_of, rules, raw)


def probation_window(as_of: dt.date, rules: Rules) -> tuple[int, int, dt.date]:
    """(probation months, grace days, the day before which a member recognised by ``as_of``
    was admitted long enough ago to be official and never overdue)."""
    from models.workdays import latest_start_overdue

    months = rules.probation.months
    # Overdue once more working days than the regulation allows (on Vietnam's calendar) have
    # passed since the probation ended: a probation that ended on or before this day.
    last_overdue_end = latest_start_overdue(as_of, rules.on(as_of).probation.recognition_working_days)
    grace = (as_of - last_overdue_end).days - 1
    return months, grace, add_months(as_of - dt.timedelta(days=grace + 31), -months)


def count_probation(rows: Iterable[tuple[int, dt.date, dt.date | None]], wanted: set[int], as_of: dt.date,
                    rules: Rules, raw: dict[int, Counter]) -> None:
    """Count (org on the rolls at as_of, latest admission, first recognition after it) rows."""
    months, grace, _ = probation_window(as_of, rules)
    for org, joined, recognised in rows:
        if org not in wanted:
            continue
        ends = add_months(joined, months)
        if not (as_of >= ends and recognised is not None):
            raw[org]["probationary"] += 1
        if (recognised is None or recognised > as_of) and as_of > ends + dt.timedelta(days=grace):
            raw[org]["recognition_overdue"] += 1


def _roll_orgs(session: Session, member_ids: list[int], day: dt.date) -> list[tuple[int, int]]:
    """(org_id, member_id) of those of ``member_ids`` on some organisation's rolls at ``day``."""
    out: list[tuple[int, int]] = []
    for i in range(0, len(member_ids), 5000):
        chunk = member_ids[i : i + 5000]
        rolls = on_rolls_subquery(day, members=chunk)
        out.extend((org, mid) for mid, org in session.execute(select(rolls.c.member_id, rolls.c.org_id)))
    return out


def stage_subquery(as_of: dt.date, candidates=None):  # type: ignore[no-untyped-def]
    """(candidate_id, stage) of every candidate's latest stage event at or before ``as_of``
    (of ``candidates``, a select of ids, when given)."""
    order = case({s.value: i for i, s in enumerate(CANDIDATE_STAGE_ORDER)}, value=CandidateEvent.stage)
    rn = func.row_number().over(
        partition_by=CandidateEvent.candidate_id,
        order_by=(CandidateEvent.event_date.desc(), order.desc(), CandidateEvent.id.desc()),
    )
    latest = (
        select(CandidateEvent.candidate_id, CandidateEvent.stage, rn.label("rn"))
        .where(
            CandidateEvent.event_date <= as_of,
            True if candidates is None else CandidateEvent.candidate_id.in_(candidates),
        )
        .subquery("latest_stage")
    )
    return select(latest.c.candidate_id, latest.c.stage).where(latest.c.rn == 1).subquery("stage_now")


def _collect_pipeline(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, raw: dict[int, Counter]) -> None:
    mine = select(Candidate.id).where(_org_filter(Candidate.org_id, ids)) if _filtered(ids) else None
    stage = stage_subquery(as_of, mine)
    cert = (
        select(CandidateEvent.candidate_id, func.max(CandidateEvent.certificate_expiry).label("expiry"))
        .where(
            CandidateEvent.stage == CandidateStage.CLASS_ATTENDED,
            CandidateEvent.event_date <= as_of,
            True if mine is None else CandidateEvent.candidate_id.in_(mine),
        )
        .group_by(CandidateEvent.candidate_id)
        .subquery("cert")
    )
    count_pipeline(session, stage, cert, ids, wanted, as_of, raw)


def count_pipeline(session: Session, stage, cert, ids: list[int], wanted: set[int], as_of: dt.date,  # type: ignore[no-untyped-def]
                   raw: dict[int, Counter]) -> None:
    """Candidates by stage, valid and expiring certificates, per organisation, from ``stage``
    (candidate_id, stage at as_of) and ``cert`` (candidate_id, latest expiry by as_of)."""
    q = pipeline_query(stage, cert, _org_filter(Candidate.org_id, ids), as_of, _year_end(as_of.year))
    add_pipeline(session.execute(q), wanted, raw)  # type: ignore[arg-type]


def pipeline_query(stage, cert, org_filter, as_of, year_end, source=None):  # type: ignore[no-untyped-def]
    """The statement of :func:`count_pipeline`; ``as_of`` and ``year_end`` (the last day of
    as_of's year) are days or bound parameters. ``source``: the candidates already joined to
    whatever ``stage.c`` and ``cert.c`` name (then neither need be a subquery)."""
    valid = and_(stage.c.stage.in_(_CERTIFIED_STAGES), cert.c.expiry > as_of)
    if source is None:
        source = Candidate.__table__.join(stage, stage.c.candidate_id == Candidate.id).outerjoin(
            cert, cert.c.candidate_id == Candidate.id)
    return (
        select(
            Candidate.org_id,
            stage.c.stage,
            func.count(),
            func.sum(case((valid, 1), else_=0)),
            func.sum(case((and_(valid, cert.c.expiry <= year_end), 1), else_=0)),
        )
        .select_from(source)
        .where(org_filter)
        .group_by(Candidate.org_id, stage.c.stage)
    )


def add_pipeline(rows: Iterable[tuple[int, str, int, int | None, int | None]], wanted: set[int],
                 raw: dict[int, Counter]) -> None:
    """Count the rows of :func:`pipeline_query`."""
    for org, st, n, ok, expiring in rows:
        if org not in wanted:
            continue
        raw[org][("stage", CandidateStage(st))] += n
        raw[org]["valid_cert"] += int(ok or 0)
        raw[org]["expiring"] += int(expiring or 0)


def _collect_r213(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, raw: dict[int, Counter]) -> None:
    """Regulation 213 links counted at the residence organisation, for the year of as_of.

    A link counts while it is open at as_of and no ``ended`` event came; it is exempt when its
    latest exemption event is ``exempted`` (an exemption ended on the same day as it began is
    over). Of the links that must keep contact: registered, comments requested and returned
    for the year (a comment returned unasked counts as requested too).
    """
    year = as_of.year
    E = ResidenceEvent
    K = ResidenceEventKind

    def flag(cond):  # type: ignore[no-untyped-def]
        return func.max(case((cond, 1), else_=0))

    ev = (
        select(
            E.link_id,
            func.max(case((E.kind == K.EXEMPTED, E.event_date))).label("ex_on"),
            func.max(case((E.kind == K.EXEMPTION_ENDED, E.event_date))).label("ex_off"),
            flag(E.kind == K.ENDED).label("ended"),
            flag(E.kind == K.REGISTERED).label("registered"),
            flag(and_(E.kind == K.COMMENT_REQUESTED, E.year == year)).label("requested"),
            flag(and_(E.kind == K.COMMENT_RETURNED, E.year == year)).label("returned"),
        )
        .where(
            E.event_date <= as_of,
            E.link_id.in_(select(ResidenceLink.id).where(_org_filter(ResidenceLink.residence_org_id, ids)))
            if _filtered(ids)
            else True,
        )
        .group_by(E.link_id)
        .subquery("link_state")
    )
    count_r213(session, ev, ids, wanted, as_of, raw)


def count_r213(session: Session, ev, ids: list[int], wanted: set[int], as_of: dt.date,  # type: ignore[no-untyped-def]
               raw: dict[int, Counter]) -> None:
    """Regulation 213 counts per residence organisation from ``ev``: per link with events by
    as_of, (link_id, ex_on, ex_off, ended, registered, requested, returned) as there."""
    q = r213_query(ev, _org_filter(ResidenceLink.residence_org_id, ids), as_of)
    add_r213(session.execute(q), wanted, raw)  # type: ignore[arg-type]


def r213_query(ev, org_filter, as_of, source=None):  # type: ignore[no-untyped-def]
    """The statement of :func:`count_r213`; ``as_of`` is a day or a bound parameter. ``source``:
    the links already joined to whatever ``ev.c`` names (then ``ev`` need not be a subquery)."""
    exempt = and_(ev.c.ex_on.is_not(None), or_(ev.c.ex_off.is_(None), ev.c.ex_off < ev.c.ex_on))
    owes = and_(or_(ev.c.ex_on.is_(None), ~exempt))  # a link with no events owes contact too

    def count(cond):  # type: ignore[no-untyped-def]
        return func.sum(case((cond, 1), else_=0))

    q = (
        select(
            ResidenceLink.residence_org_id,
            count(exempt),
            count(owes),
            count(and_(owes, ev.c.registered == 1)),
            count(and_(owes, or_(ev.c.requested == 1, ev.c.returned == 1))),
            count(and_(owes, ev.c.returned == 1)),
        )
        .select_from(source if source is not None else ResidenceLink.__table__.outerjoin(ev, ev.c.link_id == ResidenceLink.id))
        .where(
            ResidenceLink.started_on <= as_of,
            or_(ResidenceLink.ended_on.is_(None), ResidenceLink.ended_on > as_of),
            func.coalesce(ev.c.ended, 0) == 0,
            org_filter,
        )
        .group_by(ResidenceLink.residence_org_id)
    )
    return q


def add_r213(rows: Iterable[tuple[int, int, int, int, int, int]], wanted: set[int], raw: dict[int, Counter]) -> None:
    """Count the rows of :func:`r213_query`."""
    for org, n_exempt, n_links, n_registered, n_requested, n_returned in rows:
        if org not in wanted:
            continue
        c = raw[org]
        c["r213_exempt"] += int(n_exempt or 0)
        c["r213_links"] += int(n_links or 0)
        c["r213_registered"] += int(n_registered or 0)
        c["r213_requested"] += int(n_requested or 0)
        c["r213_returned"] += int(n_returned or 0)


def _collect_far_away(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules, raw: dict[int, Counter]) -> None:
    """Members on the rolls at as_of who are working far away, and those not heard from."""
    rn = func.row_number().over(
        partition_by=MemberEvent.member_id,
        order_by=(MemberEvent.event_date.desc(), MemberEvent.id.desc()),
    )
    latest = (
        select(MemberEvent.member_id, MemberEvent.kind, MemberEvent.event_date, rn.label("rn"))
        .where(
            text(FAR_AWAY_PREDICATE),  # verbatim, for the partial index (models.schema)
            MemberEvent.kind.in_((EventKind.FAR_AWAY_START, EventKind.FAR_AWAY_END)),
            MemberEvent.event_date <= as_of,
            True if (narrow := _touching(ids)) is None else MemberEvent.member_id.in_(narrow),
        )
        .subquery("away_state")
    )
    away = select(latest.c.member_id).where(latest.c.rn == 1, latest.c.kind == EventKind.FAR_AWAY_START)
    rolls = on_rolls_subquery(as_of, members=away)
    contact = (
        select(MemberEvent.member_id, func.max(MemberEvent.event_date).label("last_contact"))
        .where(text(FAR_AWAY_PREDICATE), MemberEvent.kind == EventKind.FAR_AWAY_CONTACT, MemberEvent.event_date <= as_of)
        .group_by(MemberEvent.member_id)
        .subquery("contact")
    )
    q = (
        select(rolls.c.org_id, latest.c.event_date, contact.c.last_contact)
        .join(latest, latest.c.member_id == rolls.c.member_id)
        .outerjoin(contact, contact.c.member_id == rolls.c.member_id)
        .where(latest.c.rn == 1, latest.c.kind == EventKind.FAR_AWAY_START, _org_filter(rolls.c.org_id, ids))
    )
    count_far_away(session.execute(q), wanted, as_of, rules, raw)  # type: ignore[arg-type]


def count_far_away(rows: Iterable[tuple[int, dt.date, dt.date | None]], wanted: set[int], as_of: dt.date,
                   rules: Rules, raw: dict[int, Counter]) -> None:
    """Count (org on the rolls at as_of, start of the far-away work, last report back) rows."""
    months = int(rules.problems["far_away_no_contact"].param("max_months_without_contact"))
    cutoff = add_months(as_of, -months)
    for org, started, last_contact in rows:
        if org not in wanted:
            continue
        raw[org]["away"] += 1
        touched = max(started, last_contact) if last_contact else started
        if touched < cutoff:
            raw[org]["away_no_contact"] += 1


def _targets(session: Session, ids: list[int], years: Iterable[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(dict)
    wanted = set(ids)
    q = select(AdmissionTarget.org_id, AdmissionTarget.year, AdmissionTarget.target).where(
        AdmissionTarget.year.in_(sorted(set(years))), _org_filter(AdmissionTarget.org_id, ids)
    )
    for org, year, target in session.execute(q):
        if org in wanted:
            out[org][year] = target
    return dict(out)


# --- the scope: every organisation of a catchment, added up ------------------------------------
#: What an organisation with no counts reads (only read: a Counter's missing key is 0 and is
#: not stored); a fresh Counter on every look-up was a tenth of a large screen's rules.
_NO_COUNTS: Counter = Counter()


@dataclass
class Scope:
    """Figures for every organisation of ``root_id``'s catchment, for one period and date."""

    snap: TreeSnapshot
    root_id: int
    period: Period
    as_of: dt.date
    rules: Rules
    ids: list[int]
    totals: dict[int, Counter]
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
        """The organisation's own target for ``year``, else the targets registered below it.

        "Below" is read under the tree of that year: of the organisations in the catchment with
        a target for the year, those with no ancestor in the catchment that also has one. In a
        tree that has not changed this is the sum of the children's (recursively); for a commune
        formed later it is the sum of the communes merged into it, and a cell whose commune
        registered a target is never counted twice.
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
                if t is None or self._has_target_ancestor(x, year, inside):
                    continue
                result = (result or 0) + t
        self._target_cache[key] = result
        return result

    def _has_target_ancestor(self, org_id: int, year: int, inside: frozenset[int]) -> bool:
        seen = {org_id}
        current = org_id
        while True:
            info = self.snap.orgs[current]
            day = min(_year_end(year), self.as_of)
            if info.valid_to is not None and info.valid_to <= day:
                day = info.valid_to - dt.timedelta(days=1)
            parent = self.snap.parent_on(current, day)
            if parent is None or parent in seen or parent not in inside:
                return False
            if self.own_targets.get(parent, {}).get(year) is not None:
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
            c = self.totals.get(org_id, _NO_COUNTS)
            admitted = sum(c[("adm", y)] for y in self.period.years)
            target = self.period_target(org_id)
            self._attainment_cache[org_id] = attainment_of(admitted, target, self.period, self.as_of)
        return self._attainment_cache[org_id]

    def composition(self, org_id: int, period: Period) -> Composition:
        c = self.totals.get(org_id, _NO_COUNTS)
        ys = period.years
        return Composition(
            admitted=sum(c[("adm", y)] for y in ys),
            women=sum(c[("women", y)] for y in ys),
            youth_union=sum(c[("youth", y)] for y in ys),
            recommended=sum(c[("rec", y)] for y in ys),
            recommended_by={m: sum(c[("rec_by", y, m)] for y in ys) for m in MassOrg if any(c[("rec_by", y, m)] for y in ys)},
            on_occasion=sum(c[("occ", y)] for y in ys),
            aged_18_30=sum(c[("aged", y)] for y in ys),
        )

    def year_flows(self, org_id: int, year: int) -> YearFlows:
        key = (org_id, year)
        if key not in self._flows_cache:
            self._flows_cache[key] = self._year_flows(org_id, year)
        return self._flows_cache[key]

    def _year_flows(self, org_id: int, year: int) -> YearFlows:
        c = self.totals.get(org_id, _NO_COUNTS)

        def flow(kind: EventKind) -> int:
            return c[("flow", year, kind)]

        return YearFlows(
            year=year,
            members_start=c[("members", min(_year_end(year - 1), self.as_of))],
            admitted=self.admitted_in(org_id, year),
            transfers_in=flow(EventKind.TRANSFER_IN),
            removed=flow(EventKind.REMOVAL),
            left=flow(EventKind.LEAVE),
            expelled=flow(EventKind.EXPULSION),
            died=flow(EventKind.DEATH),
            transfers_out=flow(EventKind.TRANSFER_OUT),
            members_end=c[("members", min(_year_end(year), self.as_of))],
            removed_by_ground={g: c[("ground", year, g)] for g in RemovalGround if c[("ground", year, g)]},
            target=self.target(org_id, year),
        )

    def admitted_in(self, org_id: int, year: int) -> int:
        """Admissions in ``year`` (none before the year has begun at as_of)."""
        return self.totals.get(org_id, _NO_COUNTS)[("adm", year)] if dt.date(year, 1, 1) <= self.as_of else 0

    def members(self, org_id: int, day: dt.date | None = None) -> int:
        return self.totals.get(org_id, _NO_COUNTS)[("members", day or min(self.period.end, self.as_of))]

    def official_members(self, org_id: int) -> int:
        c = self.totals.get(org_id, _NO_COUNTS)
        return c[("members", self.as_of)] - c["probationary"]

    def count(self, org_id: int, key: object) -> int:
        return self.totals.get(org_id, _NO_COUNTS)[key]

    def pipeline(self, org_id: int) -> Pipeline:
        c = self.totals.get(org_id, _NO_COUNTS)
        year = self.as_of.year
        target = self.target(org_id, year)
        remaining = None if target is None else max(0, target - c[("adm", year)])
        return Pipeline(
            by_stage={s: c[("stage", s)] for s in CandidateStage},
            valid_certificates=c["valid_cert"],
            expiring_this_year=c["expiring"],
            remaining_target=remaining,
        )

    def r213(self, org_id: int) -> Regulation213:
        c = self.totals.get(org_id, _NO_COUNTS)
        return Regulation213(
            year=self.as_of.year,
            links=c["r213_links"],
            exempt=c["r213_exempt"],
            registered=c["r213_registered"],
            comments_requested=c["r213_requested"],
            comments_returned=c["r213_returned"],
        )

    def far_away(self, org_id: int) -> FarAway:
        c = self.totals.get(org_id, _NO_COUNTS)
        return FarAway(members_away=c["away"], without_contact=c["away_no_contact"])

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


def compute_scope(session: Session, root_id: int, period: Period, as_of: dt.date, rules: Rules | None = None) -> Scope:
    """Load the tree and the figures of every organisation in ``root_id``'s catchment."""
    rules = rules or default_rules()
    snap = TreeSnapshot.load(session, as_of, within=root_id)
    if root_id not in snap.orgs:
        from models.errors import NotFound

        raise NotFound("org.not_found", field="org", code=str(root_id))
    ids = snap.catchment(root_id)
    if snap.closure_subquery is not None:
        ids = CatchmentIds.of(session, ids, snap.closure_subquery)
    raw = _collect(session, snap, ids, period, as_of, rules)
    totals: dict[int, Counter] = {}
    # Post-order: every organisation's total is its own figures plus its children's totals.
    for oid in reversed(ids):
        total = Counter(raw.get(oid, Counter()))
        for child in snap.children.get(oid, ()):
            if child in totals:
                total.update(totals[child])
        totals[oid] = total
    years = set(period.years) | set(period.previous().years) | {as_of.year}
    return Scope(snap, root_id, period, as_of, rules, ids, totals, _targets(session, ids, years))


# --- entry points ----------------------------------------------------------------------------
def org_figures(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules | None = None) -> OrgFigures:
    """Everything the briefing shows for one organisation (its whole catchment) and period:
    from the per-year rollups when they answer it exactly (:mod:`models.figures_rollup`),
    else from the event log."""
    from models import figures_rollup

    rules = rules or default_rules()
    if figures_rollup.eligible(session, period, as_of):
        return figures_rollup.org_figures(session, org_id, period, as_of, rules)
    return org_figures_from_events(session, org_id, period, as_of, rules)


def year_books(session: Session, org_id: int, period: Period, as_of: dt.date,
               rules: Rules | None = None) -> tuple[YearFlows, ...]:
    """The books of each year of ``period`` (``org_figures(...).years``) without the states
    at the day, which a trend over years does not show: from the rollups, a few rows, when
    they answer it exactly; else from the event log."""
    from models import figures_rollup

    rules = rules or default_rules()
    if figures_rollup.eligible(session, period, as_of):
        return figures_rollup.year_books(session, org_id, period, as_of, rules)
    return org_figures_from_events(session, org_id, period, as_of, rules).years


def org_figures_from_events(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules | None = None) -> OrgFigures:
    """:func:`org_figures` from the event log, for any tree and date (the reference)."""
    return compute_scope(session, org_id, period, as_of, rules).figures(org_id)


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
        candidates_ready=scope.count(org_id, "valid_cert"),
        problems=tuple(hits),
    )


def overview(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules | None = None,
             memo: FiguresMemo | None = None) -> Overview:
    """One screen: the organisation, its breadcrumb, its figures and a row per child; from
    the per-year rollups when they answer it exactly (:mod:`models.figures_rollup`), else
    from the event log. ``memo``: a dashboard's :class:`models.figures_memo.FiguresMemo`,
    which keeps what it read of large catchments and reads again only what changed."""
    from models import figures_rollup

    rules = rules or default_rules()
    if figures_rollup.eligible(session, period, as_of):
        if memo is not None:
            return memo.overview(session, org_id, period, as_of, rules)
        return figures_rollup.overview(session, org_id, period, as_of, rules)
    return overview_from_events(session, org_id, period, as_of, rules)


def overview_from_events(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules | None = None) -> Overview:
    """:func:`overview` from the event log, for any tree and date (the reference)."""
    from models.problems import problems_in_scope
    from models.tree import ancestors_at

    scope = compute_scope(session, org_id, period, as_of, rules)
    problems = problems_in_scope(scope)
    hits_by_org = {p.org.id: p.hits for p in problems}
    # Children that are not grassroots organisations or cells still show their own hits.
    from models.problems import evaluate_org

    children = []
    for child in children_at(session, org_id, as_of):
        if child.id not in scope.totals:
            continue
        hits = hits_by_org.get(child.id)
        if hits is None:
            hits = tuple(evaluate_org(scope, child.id))
        children.append(child_row(scope, child.id, hits))
    return Overview(
        org=scope.snap.orgs[org_id],
        path=tuple(ancestors_at(session, org_id, as_of)),
        figures=scope.figures(org_id),
        children=tuple(children),
        problem_count=len(problems),
    )


__all__ = [
    "Scope",
    "TreeSnapshot",
    "age_years",
    "attainment_of",
    "child_row",
    "compute_scope",
    "on_rolls_subquery",
    "org_figures",
    "org_figures_from_events",
    "overview",
    "overview_from_events",
    "year_books",
    "stage_subquery",
]
