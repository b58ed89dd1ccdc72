"""A catchment's figures from the event log, for any tree and any day.

:func:`compute_scope` loads the tree once (all organisations and edges, two queries),
aggregates the events of every organisation in the queried catchment by organisation (a
GROUP BY per kind of figure), then adds the organisations up the catchment forest
(:mod:`models.forest`) in Python, so a current commune shows the past periods of the communes
merged into it. Members on the rolls at a year's end come from the net flows of
``org_year_stats`` (kept with every write; the books balance by construction, see
tests/test_books_property.py); everything else from the logs. The log-only reference, which
reads no kept table at all, is :mod:`models.figures.reference`.
"""

from __future__ import annotations

from typing import Any

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, case, extract, func, or_, select, text, true
from sqlalchemy.orm import Session, aliased

from models.enums import CandidateStage, EventKind, MassOrg, RemovalGround, ResidenceEventKind, Sex, TransferScope
from models.figures.counts import Counts
from models.figures.data import Overview, Period
from models.figures.admission_deadlines import collect_admission_deadlines
from models.figures.problems import evaluate_org, problems_in_scope
from models.figures.scope import Scope, child_row
from models.figures.sql import (
    YOUTH_MAX_AGE_YEARS,
    CatchmentIds,
    age_years,
    narrowed,
    org_filter,
    pipeline_query,
    probation_window,
    r213_query,
    stage_subquery,
    touching,
    year_end,
)
from models.forest import TreeSnapshot
from models.rolls import (
    ROLL_IN,
    is_official,
    on_rolls_subquery,
    probation_end,
    probation_start_expr,
    probation_starts,
    roll_condition,
)
from models.rules import Rules, add_months, default_rules
from models.schema import (
    FAR_AWAY_PREDICATE,
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    Member,
    MemberEvent,
    ResidenceEvent,
    ResidenceLink,
)
from models.tree import ancestors_at, children_at


def _collect(session: Session, snap: TreeSnapshot, ids: list[int], period: Period, as_of: dt.date,
             rules: Rules) -> dict[int, Counts]:
    """The counts of each organisation of ``ids``, its own only."""
    raw: dict[int, Counts] = defaultdict(Counts)
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
    q: Any = (
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
            org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, year_col, MemberEvent.recommended_by)
    )
    for org, y, rec_by, n, women, youth, occ, aged in session.execute(q):
        if org not in wanted:
            continue
        y = int(y)
        c = raw[org].year(y)
        c.admitted += n
        c.women += int(women or 0)
        c.youth_union += int(youth or 0)
        c.on_occasion += int(occ or 0)
        c.aged_18_30 += int(aged or 0)
        if rec_by is not None:
            c.recommended += n
            m = MassOrg(rec_by)
            c.recommended_by[m] = c.recommended_by.get(m, 0) + n

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
            roll_condition(MemberEvent.kind, MemberEvent.transfer_scope),
            MemberEvent.kind != EventKind.ADMISSION,
            MemberEvent.event_date >= period.start,
            MemberEvent.event_date <= last_day,
            org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, year_col, MemberEvent.kind, MemberEvent.removal_ground)
    )
    for org, y, kind, ground, n in session.execute(q):
        if org not in wanted:
            continue
        y = int(y)
        c = raw[org].year(y)
        k = EventKind(kind)
        c.flows[k] = c.flows.get(k, 0) + n
        if ground is not None:
            g = RemovalGround(ground)
            c.removed_by_ground[g] = c.removed_by_ground.get(g, 0) + n

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
            org_filter(MemberEvent.org_id, ids),
        )
        .group_by(MemberEvent.org_id, MemberEvent.counterpart_org_id, year_col)
    )
    for org, other, y, n in session.execute(q):
        if org not in wanted:
            continue
        common = snap.common_ancestor(org, other)
        if common is not None and common in wanted:
            c = raw[common].year(int(y))
            for k in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT):
                c.flows[k] = c.flows.get(k, 0) - n

    # Members on the rolls at the start and end of each year, and at as_of.
    for (org, day), n in _members_at_from_stats(session, ids, roll_dates(period, as_of)).items():
        if org in wanted:
            on = raw[org].members_on
            on[day] = on.get(day, 0) + n

    _collect_probation(session, ids, wanted, as_of, rules, raw)
    collect_pipeline(session, ids, wanted, as_of, raw)
    collect_r213(session, ids, wanted, as_of, raw)
    collect_far_away(session, ids, wanted, as_of, rules, raw)
    collect_admission_deadlines(session, ids, wanted, as_of, period.start, rules, raw)
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
    closed = sorted({d.year if d == year_end(d.year) else d.year - 1 for d in days})
    q = (
        select(S.c.org_id, *(func.sum(case((S.c.year <= y, net), else_=0)) for y in closed))
        .where(S.c.year <= max(closed), org_filter(S.c.org_id, ids))
        .group_by(S.c.org_id)
    )
    by_year: dict[int, dict[int, int]] = defaultdict(dict)
    for org, *values in session.execute(q):
        for y, n in zip(closed, values, strict=True):
            by_year[y][org] = int(n or 0)
    out: dict[tuple[int, dt.date], int] = {}
    for d in days:
        if d == year_end(d.year):
            base = by_year.get(d.year, {})
            for org, n in base.items():
                if n:
                    out[(org, d)] = n
            continue
        counts: dict[int, int] = defaultdict(int, by_year.get(d.year - 1, {}))
        q = (
            select(MemberEvent.org_id, MemberEvent.kind, func.count())
            .where(
                roll_condition(MemberEvent.kind, MemberEvent.transfer_scope),
                MemberEvent.event_date >= dt.date(d.year, 1, 1),
                MemberEvent.event_date <= d,
                org_filter(MemberEvent.org_id, ids),
            )
            .group_by(MemberEvent.org_id, MemberEvent.kind)
        )
        for org, kind, n in session.execute(q):
            counts[org] += n if EventKind(kind) in ROLL_IN else -n
        for org, n in counts.items():
            if n:
                out[(org, d)] = n
    return out


def roll_dates(period: Period, as_of: dt.date) -> list[dt.date]:
    days = {as_of}
    for y in period.years:
        days.add(min(year_end(y - 1), as_of))
        days.add(min(year_end(y), as_of))
    return sorted(days)


def _collect_probation(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules, raw: dict[int, Counts]) -> None:
    """Probationary members at as_of, and those whose recognition is overdue.

    A member is official at a date once the probation after their latest admission has ended
    by then and a recognition of it was recorded, whenever the decision came (Charter,
    Article 5: official from the end of the 12 months even if the decision is late); so
    before the decision they count as probationary. Overdue is judged on what had been
    recorded by as_of. Members who joined elsewhere and came in by transfer are official, unless
    the transfer recorded a probation begun elsewhere (then it counts from that day).
    """
    # Anyone recognised by as_of and admitted before ``since`` is official and never overdue.
    _, _, since = probation_window(as_of, rules)
    narrow = touching(ids)
    adm = (
        select(MemberEvent.member_id, func.max(probation_start_expr(MemberEvent)).label("joined"))
        .where(
            probation_starts(MemberEvent),
            MemberEvent.event_date <= as_of,
            true() if narrow is None else MemberEvent.member_id.in_(narrow),
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




def count_probation(rows: Iterable[tuple[int, dt.date, dt.date | None]], wanted: set[int], as_of: dt.date,
                    rules: Rules, raw: dict[int, Counts]) -> None:
    """Count (org on the rolls at as_of, latest admission, first recognition after it) rows."""
    months, grace, _ = probation_window(as_of, rules)
    for org, joined, recognised in rows:
        if org not in wanted:
            continue
        ends = probation_end(joined, rules)
        if not is_official(joined, recognised, as_of, rules):
            raw[org].probationary += 1
        if (recognised is None or recognised > as_of) and as_of > ends + dt.timedelta(days=grace):
            raw[org].recognition_overdue += 1


def _roll_orgs(session: Session, member_ids: list[int], day: dt.date) -> list[tuple[int, int]]:
    """(org_id, member_id) of those of ``member_ids`` on some organisation's rolls at ``day``."""
    out: list[tuple[int, int]] = []
    for i in range(0, len(member_ids), 5000):
        chunk = member_ids[i : i + 5000]
        rolls = on_rolls_subquery(day, members=chunk)
        out.extend((org, mid) for mid, org in session.execute(select(rolls.c.member_id, rolls.c.org_id)))
    return out




def collect_pipeline(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, raw: dict[int, Counts]) -> None:
    mine = select(Candidate.id).where(org_filter(Candidate.org_id, ids)) if narrowed(ids) else None
    stage = stage_subquery(as_of, mine)
    cert = (
        select(CandidateEvent.candidate_id, func.max(CandidateEvent.certificate_expiry).label("expiry"))
        .where(
            CandidateEvent.stage == CandidateStage.CLASS_ATTENDED,
            CandidateEvent.event_date <= as_of,
            true() if mine is None else CandidateEvent.candidate_id.in_(mine),
        )
        .group_by(CandidateEvent.candidate_id)
        .subquery("cert")
    )
    count_pipeline(session, stage, cert, ids, wanted, as_of, raw)


def count_pipeline(session: Session, stage: Any, cert: Any, ids: list[int], wanted: set[int], as_of: dt.date,
                   raw: dict[int, Counts]) -> None:
    """Candidates by stage, valid and expiring certificates, per organisation, from ``stage``
    (candidate_id, stage at as_of) and ``cert`` (candidate_id, latest expiry by as_of)."""
    q = pipeline_query(stage, cert, org_filter(Candidate.org_id, ids), as_of, year_end(as_of.year))
    add_pipeline(session.execute(q), wanted, raw)




def add_pipeline(rows: Iterable[tuple[int, str, int, int | None, int | None]], wanted: set[int],
                 raw: dict[int, Counts]) -> None:
    """Count the rows of :func:`pipeline_query`."""
    for org, st, n, ok, expiring in rows:
        if org not in wanted:
            continue
        c = raw[org]
        stage = CandidateStage(st)
        c.by_stage[stage] = c.by_stage.get(stage, 0) + n
        c.valid_certificates += int(ok or 0)
        c.expiring_this_year += int(expiring or 0)


def collect_r213(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, raw: dict[int, Counts]) -> None:
    """Regulation 213 links counted at the residence organisation, for the year of as_of.

    A link counts while it is open at as_of and no ``ended`` event came; it is exempt when its
    latest exemption event is ``exempted`` (an exemption ended on the same day as it began is
    over). Of the links that must keep contact: registered, comments requested and returned
    for the year (a comment returned unasked counts as requested too).
    """
    year = as_of.year
    E = ResidenceEvent
    K = ResidenceEventKind

    def flag(cond: Any) -> Any:
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
            E.link_id.in_(select(ResidenceLink.id).where(org_filter(ResidenceLink.residence_org_id, ids)))
            if narrowed(ids)
            else true(),
        )
        .group_by(E.link_id)
        .subquery("link_state")
    )
    count_r213(session, ev, ids, wanted, as_of, raw)


def count_r213(session: Session, ev: Any, ids: list[int], wanted: set[int], as_of: dt.date,
               raw: dict[int, Counts]) -> None:
    """Regulation 213 counts per residence organisation from ``ev``: per link with events by
    as_of, (link_id, ex_on, ex_off, ended, registered, requested, returned) as there."""
    q = r213_query(ev, org_filter(ResidenceLink.residence_org_id, ids), as_of)
    add_r213(session.execute(q), wanted, raw)




def add_r213(rows: Iterable[tuple[int, int, int, int, int, int]], wanted: set[int], raw: dict[int, Counts]) -> None:
    """Count the rows of :func:`r213_query`."""
    for org, n_exempt, n_links, n_registered, n_requested, n_returned in rows:
        if org not in wanted:
            continue
        c = raw[org]
        c.r213_exempt += int(n_exempt or 0)
        c.r213_links += int(n_links or 0)
        c.r213_registered += int(n_registered or 0)
        c.r213_requested += int(n_requested or 0)
        c.r213_returned += int(n_returned or 0)


def collect_far_away(session: Session, ids: list[int], wanted: set[int], as_of: dt.date, rules: Rules, raw: dict[int, Counts]) -> None:
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
            true() if (narrow := touching(ids)) is None else MemberEvent.member_id.in_(narrow),
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
        .where(latest.c.rn == 1, latest.c.kind == EventKind.FAR_AWAY_START, org_filter(rolls.c.org_id, ids))
    )
    count_far_away(session.execute(q), wanted, as_of, rules, raw)


def count_far_away(rows: Iterable[tuple[int, dt.date, dt.date | None]], wanted: set[int], as_of: dt.date,
                   rules: Rules, raw: dict[int, Counts]) -> None:
    """Count (org on the rolls at as_of, start of the far-away work, last report back) rows."""
    months = int(rules.problems["far_away_no_contact"].param("max_months_without_contact"))
    cutoff = add_months(as_of, -months)
    for org, started, last_contact in rows:
        if org not in wanted:
            continue
        raw[org].away += 1
        touched = max(started, last_contact) if last_contact else started
        if touched < cutoff:
            raw[org].away_without_contact += 1


def own_targets(session: Session, ids: list[int], years: Iterable[int]) -> dict[int, dict[int, int]]:
    out: dict[int, dict[int, int]] = defaultdict(dict)
    wanted = set(ids)
    q = select(AdmissionTarget.org_id, AdmissionTarget.year, AdmissionTarget.target).where(
        AdmissionTarget.year.in_(sorted(set(years))), org_filter(AdmissionTarget.org_id, ids)
    )
    for org, year, target in session.execute(q):
        if org in wanted:
            out[org][year] = target
    return dict(out)




def compute_scope(session: Session, root_id: int, period: Period, as_of: dt.date, rules: Rules | None = None,
                  tree_day: dt.date | None = None) -> Scope:
    """Every organisation of ``root_id``'s catchment in the forest of ``tree_day`` (default:
    ``as_of``), with its figures for ``period`` at ``as_of``."""
    rules = rules or default_rules()
    snap = TreeSnapshot.load(session, tree_day or as_of, within=root_id)
    if root_id not in snap.orgs:
        from models.errors import NotFound

        raise NotFound("org.not_found", field="org", code=str(root_id))
    ids = snap.catchment(root_id)
    if snap.closure_subquery is not None:
        ids = CatchmentIds.of(session, ids, snap.closure_subquery)
    raw = _collect(session, snap, ids, period, as_of, rules)
    totals: dict[int, Counts] = {}
    # Post-order: every organisation's total is its own figures plus its children's totals.
    for oid in reversed(ids):
        total = raw[oid].copy() if oid in raw else Counts()
        for child in snap.children.get(oid, ()):
            if child in totals:
                total.add(totals[child])
        totals[oid] = total
    years = set(period.years) | set(period.previous().years) | {as_of.year}
    return Scope(snap, root_id, period, as_of, rules, ids, totals, own_targets(session, ids, years))


def overview_of_scope(session: Session, scope: Scope) -> Overview:
    """The overview of the scope's root: its figures, breadcrumb and a row per child in the
    tree of the scope's tree day."""
    org_id, tree_day = scope.root_id, scope.snap.as_of
    problems = problems_in_scope(scope)
    hits_by_org = {p.org.id: p.hits for p in problems}
    children = []
    for child in children_at(session, org_id, tree_day):
        if child.id not in scope.totals:
            continue
        hits = hits_by_org.get(child.id)
        if hits is None:
            # Children that are not grassroots organisations or cells still show their own hits.
            hits = tuple(evaluate_org(scope, child.id))
        children.append(child_row(scope, child.id, hits))
    return Overview(
        org=scope.snap.orgs[org_id],
        path=tuple(ancestors_at(session, org_id, tree_day)),
        figures=scope.figures(org_id),
        children=tuple(children),
        problem_count=len(problems),
    )


__all__ = ["Scope", "compute_scope", "count_far_away", "count_probation", "add_pipeline", "add_r213", "collect_far_away",
           "collect_pipeline", "collect_r213", "overview_of_scope", "own_targets", "roll_dates"]
