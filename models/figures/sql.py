"""The SQL pieces the figures share: a catchment's filters, age at a date, the pipeline's and
Regulation 213's statements (read from the event log or from the kept states alike), the
window of probation. Which roll event counts on a day is :mod:`models.rolls`'.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import datetime as dt

from sqlalchemy import Integer, and_, case, func, literal_column, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from models.enums import CANDIDATE_STAGE_ORDER, CandidateStage
from models.rules import Rules, add_months
from models.rolls import recognition_grace
from models.schema import Candidate, CandidateEvent, MemberEvent, Organisation, ResidenceLink


#: The upper end of the "aged 18–30" band of the composition (the Youth Union age the briefing
#: reports on, DOMAIN.md §6); the lower end is the admission age in rules.toml.
YOUTH_MAX_AGE_YEARS = 30

#: Above this many organisations an ``IN (...)`` filter costs more than it saves: aggregate
#: every organisation and keep the catchment's in Python.
IN_LIST_LIMIT = 2000

# Stages at which a candidate holds a certificate and is still on the way to admission.
CERTIFIED_STAGES = (
    CandidateStage.CLASS_ATTENDED,
    CandidateStage.DOSSIER,
    CandidateStage.CELL_RESOLUTION,
    CandidateStage.COMMITTEE_DECISION,
)


# --- portable "completed years between two dates" -------------------------------------------
class age_years(FunctionElement[int]):  # noqa: N801 - reads like the SQL function it stands for
    """Whole years from ``earlier`` to ``later`` (age at a date), on SQLite and PostgreSQL."""

    type = Integer()
    inherit_cache = True
    name = "age_years"


@compiles(age_years, "sqlite")
def _age_years_sqlite(element: Any, compiler: Any, **kw: Any) -> Any:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(strftime('%Y', {later}) AS INTEGER) - CAST(strftime('%Y', {earlier}) AS INTEGER)"
        f" - (strftime('%m-%d', {later}) < strftime('%m-%d', {earlier})))"
    )


@compiles(age_years, "postgresql")
def _age_years_pg(element: Any, compiler: Any, **kw: Any) -> Any:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(date_part('year', age({later}, {earlier})) AS INTEGER)"



# --- narrowing a query to a catchment ---------------------------------------------------------
class CatchmentIds(list):  # type: ignore[type-arg]
    """A catchment's organisation ids that also know the closure query naming them, so a large
    catchment is filtered in SQL by a subquery instead of not at all."""

    def __init__(self, ids: list[int], subquery: Any, of_all: int | None = None) -> None:
        super().__init__(ids)
        self.subquery = subquery
        # Members who touched the catchment are worth narrowing to only when the catchment is
        # a small part of everything (a province of the country, not the city that is all of it).
        self.narrows_members = of_all is not None and 4 * len(ids) < of_all

    @classmethod
    def of(cls, session: Session, ids: list[int], subquery: Any) -> CatchmentIds:
        of_all = session.scalar(select(func.count()).select_from(Organisation)) if len(ids) > IN_LIST_LIMIT else None
        return cls(ids, subquery, of_all)


def org_filter(column: Any, ids: list[int]) -> Any:
    if len(ids) <= IN_LIST_LIMIT:
        return column.in_(ids)
    sub = getattr(ids, "subquery", None)
    return column.in_(sub) if sub is not None else true()


def in_ids(column: Any, ids: Iterable[int]) -> Any:
    """``column IN (1, 2, …)`` with the integer ids written into the statement. SQLAlchemy
    binds an expanding list value by value, which for thousands of ids costs more than the
    query (0.1 s for a city district's organisations); ints written as text cannot inject
    anything."""
    listed = ", ".join(str(int(i)) for i in ids)
    return column.op("IN")(literal_column(f"({listed or 'NULL'})"))


def narrowed(ids: list[int]) -> bool:
    """Whether narrowing a query to ``ids`` pays: a short list, or a closure subquery naming a
    small part of all organisations."""
    return len(ids) <= IN_LIST_LIMIT or getattr(ids, "narrows_members", False)


def touching(ids: list[int]) -> Any:
    """The members with any event at one of ``ids`` (a select), or None for a catchment so
    large that narrowing costs more than it saves. Windows over a member's events need all of
    them, but only for the members who ever touched the catchment."""
    if len(ids) > IN_LIST_LIMIT:
        if not getattr(ids, "narrows_members", False):
            return None
        return select(MemberEvent.member_id).where(MemberEvent.org_id.in_(ids.subquery))  # type: ignore[attr-defined]
    return select(MemberEvent.member_id).where(MemberEvent.org_id.in_(ids))


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def probation_window(as_of: dt.date, rules: Rules) -> tuple[int, int, dt.date]:
    """(probation months, grace days, the day before which a member recognised by ``as_of``
    was admitted long enough ago to be official and never overdue)."""
    months = rules.probation.months
    grace = recognition_grace(as_of, rules)
    return months, grace, add_months(as_of - dt.timedelta(days=grace + 31), -months)



def stage_subquery(as_of: dt.date, candidates: Any = None) -> Any:
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
            true() if candidates is None else CandidateEvent.candidate_id.in_(candidates),
        )
        .subquery("latest_stage")
    )
    return select(latest.c.candidate_id, latest.c.stage).where(latest.c.rn == 1).subquery("stage_now")



def pipeline_query(stage: Any, cert: Any, org_filter: Any, as_of: Any, year_end: Any, source: Any = None) -> Any:
    """The statement of :func:`count_pipeline`; ``as_of`` and ``year_end`` (the last day of
    as_of's year) are days or bound parameters. ``source``: the candidates already joined to
    whatever ``stage.c`` and ``cert.c`` name (then neither need be a subquery)."""
    valid = and_(stage.c.stage.in_(CERTIFIED_STAGES), cert.c.expiry > as_of)
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



def r213_query(ev: Any, org_filter: Any, as_of: Any, source: Any = None, by: Any = None) -> Any:
    """The statement of :func:`count_r213`; ``as_of`` is a day or a bound parameter. ``source``:
    the links already joined to whatever ``ev.c`` names (then ``ev`` need not be a subquery).
    ``by``: what the counts are grouped by (default the link's residence organisation; an
    ancestor from the closure joined in ``source`` counts each organisation's catchment)."""
    by = ResidenceLink.residence_org_id if by is None else by
    exempt = and_(ev.c.ex_on.is_not(None), or_(ev.c.ex_off.is_(None), ev.c.ex_off < ev.c.ex_on))
    owes = and_(or_(ev.c.ex_on.is_(None), ~exempt))  # a link with no events owes contact too

    def count(cond: Any) -> Any:
        return func.sum(case((cond, 1), else_=0))

    q = (
        select(
            by,
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
        .group_by(by)
    )
    return q

