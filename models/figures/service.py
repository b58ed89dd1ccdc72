"""The one entry point of the figures: :func:`briefing`.

Every consumer (the dashboard's store, its slides, ``giaoban report``, ``giaoban problems``,
the export) asks here, with the acting user, the organisation, the period and the day of the
tree; nothing else chooses a source or touches a kept table. :func:`briefing`

1. reads the tree under ``tree_day`` (default: today; an organisation that had ended by
   then is read on its last day) and checks there that the user may read the organisation;
2. computes every section at the **day of the figures**, ``min(period end, tree day)``: the
   admissions, composition and books of the period, and the states at that day (members, the
   pipeline against that year's target, Regulation 213 for that rating year, far away, the
   problem rules), so a past period never shows today's states;
3. answers from the kept tables (:mod:`models.figures.kept`, through a dashboard's
   :class:`~models.figures.memo.FiguresMemo` when given) when they give exactly the log's
   figures, else from the log (:mod:`models.figures.events`);
4. never reaches before the first year with data (:func:`first_data_year`): the comparison
   with the previous period is None when that period starts earlier, and the trend starts no
   earlier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.access import Actor, require_read
from models.enums import EventKind
from models.figures import events, kept
from models.figures.data import Composition, ConditionFigures, OrgFigures, Overview, Period, Problem, YearFlows
from models.figures.memo import FiguresMemo  # a dashboard makes one through here
from models.figures.makeup import AGE_BANDS as AGE_BANDS  # for consumers, from here
from models.figures.makeup import NOT_RECORDED as NOT_RECORDED
from models.figures.makeup import Makeup as Makeup
from models.figures.makeup import makeup_figures
from models.figures.periods import DayPeriod
from models.figures.problems import problems_in_scope
from models.successors import successors
from models.org_info import OrgInfo
from models.org_names import names_on, renamed
from models.rules import Rules, default_rules
from models.schema import MEMBER_EVENT_LATEST, AdmissionTarget
from models.errors import NotFound
from models.tree import children_at, get_org_by_id, orgs_by_id

if TYPE_CHECKING:
    from models.figures.office import OfficeFigures as OfficeFigures  # for consumers, from here


def __getattr__(name: str) -> Any:
    """``OfficeFigures`` for consumers, from here. The office's figures (their module, its
    tables, the badges) are loaded when first asked for: a dashboard's first screen, the
    overview, does without them (issue 19)."""
    if name == "OfficeFigures":
        from models.figures.office import OfficeFigures

        return OfficeFigures
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: Years on a trend (the slides' removals and leaves).
TREND_YEARS = 5

#: Events a roster of the members on the rolls cannot carry: their first year is the first
#: year of the books (see :func:`first_data_year`).
BOOK_EVENTS: tuple[EventKind, ...] = (
    EventKind.TRANSFER_IN,
    EventKind.TRANSFER_OUT,
    EventKind.REMOVAL,
    EventKind.LEAVE,
    EventKind.EXPULSION,
    EventKind.DEATH,
)


class Part(StrEnum):
    """What a consumer asks of :func:`briefing` (each costs its own reads)."""

    OVERVIEW = "overview"  # the organisation's sections, its breadcrumb, a row per child
    PROBLEMS = "problems"  # the problem cells of its catchment, with the reasons
    TREND = "trend"  # the books of the last TREND_YEARS years with data up to the period's end
    CHILDREN_COMPOSITION = "children_composition"  # who the admitted are, per child row
    # The organisation office's figures (issue 18) for the organisation and each child: the
    # statistical report of members, discipline, badges, ratings (models.figures.office). Asked
    # only by what shows them: ``report --format json``, the statistics sheet and screen.
    OFFICE = "office"
    # The organisation's own figures only (``Briefing.figures``): the overview's ``figures``
    # without its breadcrumb, child rows or problem rules. Asked by what needs one figure of an
    # organisation (a listing of conclusions' conditions reads theirs together:
    # :func:`condition_figures`).
    FIGURES = "figures"
    # The members' make-up alone (``Briefing.makeup``, models.figures.makeup), the same objects
    # as ``office.makeup``: one grouped read of the rolls and no replay of the period's events,
    # so the report's text can show it without paying for the statistical report.
    MAKEUP = "makeup"


@dataclass(frozen=True)
class Briefing:
    """The figures of one organisation for one period: what was asked, the rest None."""

    org: OrgInfo
    period: Period
    tree_day: dt.date  # the tree the catchments and rows are read under
    as_of: dt.date  # the day of the figures: min(period end, tree day)
    first_data_year: int | None
    overview: Overview | None
    problems: tuple[Problem, ...] | None
    trend: tuple[YearFlows, ...] | None
    children_composition: Mapping[int, Composition] | None  # by child organisation id
    office: OfficeFigures | None = None  # Part.OFFICE, for ``days`` (default the period's years)
    # Part.OFFICE of a period in progress: the same days of the year before, to compare with
    # (under the same tree, so the rows match); None for a closed period or before the data.
    office_previous: OfficeFigures | None = None
    # Part.FIGURES: the organisation's figures, equal to ``overview.figures`` (read alone).
    figures: OrgFigures | None = None
    # Part.MAKEUP (or Part.OFFICE): the make-up of the organisation and each child, by id.
    makeup: Mapping[int, Makeup] | None = None


def tree_day_for(org: OrgInfo, today: dt.date, day: dt.date | None = None) -> dt.date:
    """The day whose tree ``org``'s figures are read under: ``day`` (never after ``today``)
    or today; for an organisation that had ended by then (a district dissolved in 2025), its
    last day."""
    base = min(day, today) if day else today
    if org.valid_to is not None and org.valid_to <= base:
        return org.valid_to - dt.timedelta(days=1)
    return base


def figures_day(period: Period, tree_day: dt.date) -> dt.date:
    """The day every section is computed at: the period's end, or the tree's day if earlier."""
    return min(period.end, tree_day)


def first_data_year(session: Session) -> int | None:
    """The first year whose figures are data: that of the first admission target or event a
    roster cannot carry (a transfer, removal, leave, expulsion or death), whichever is
    earlier. A roster loaded into giaoban holds the admissions of the members then on the
    rolls, back to the 1970s, and none of the years' other movements, so figures of earlier
    years would be artefacts (all removals zero, the composition of a seeded roster). Without
    any such row, the year of the first admission; None in an empty database."""
    # Index probes only: the first target year by the targets' year index, each kind's first
    # event date from member_event_latest (kept by the trigger that keeps the latest).
    first = MEMBER_EVENT_LATEST.c
    probes = [
        select(func.min(AdmissionTarget.year)).scalar_subquery(),
        select(func.min(first.first_date)).where(first.kind.in_([k.value for k in BOOK_EVENTS])).scalar_subquery(),
        select(first.first_date).where(first.kind == EventKind.ADMISSION.value).scalar_subquery(),
    ]
    target, book, admission = session.execute(select(*probes)).one()
    years = [int(target)] if target is not None else []
    if book is not None:
        years.append(_year_of(book))
    if years:
        return min(years)
    return None if admission is None else _year_of(admission)


def _year_of(day: object) -> int:
    # SQLite returns an aggregate over a date column as text.
    return day.year if isinstance(day, dt.date) else int(str(day)[:4])


def within_data(fig: OrgFigures, first: int | None) -> OrgFigures:
    """``fig`` with the first year of data, and without a comparison that reaches before it."""
    previous = fig.previous_composition
    if first is None or fig.period.previous().start_year < first:
        previous = None
    return replace(fig, previous_composition=previous, first_data_year=first)


def trend_period(period: Period, first: int | None) -> Period | None:
    """The years of a trend ending with ``period``: the last :data:`TREND_YEARS`, none before
    the first year with data; None when there is none."""
    if first is None or first > period.end_year:
        return None
    return Period(max(period.end_year - TREND_YEARS + 1, first), period.end_year)


def briefing(
    session: Session,
    actor: Actor,
    org_id: int,
    period: Period,
    *,
    tree_day: dt.date | None = None,
    today: dt.date | None = None,
    parts: frozenset[Part] = frozenset({Part.OVERVIEW}),
    rules: Rules | None = None,
    memo: FiguresMemo | None = None,
    days: DayPeriod | None = None,
) -> Briefing:
    """The figures of ``org_id`` for ``period`` that ``parts`` names, for ``actor``, under the
    tree of ``tree_day`` (see :func:`tree_day_for`; ``today`` is the day the caller lives in).

    ``days``: the exact days of :attr:`Part.OFFICE` (a quarter, a half-year) inside ``period``;
    default the whole years of ``period``.

    Raises :class:`~models.errors.AccessDenied` when ``actor`` may not read the organisation
    under the tree of ``tree_day``, :class:`~models.errors.NotFound` for an unknown one.
    """
    rules = rules or default_rules()
    org = get_org_by_id(session, org_id)
    day = tree_day_for(org, today or dt.date.today(), tree_day)
    require_read(session, actor, org.id, org.code, day)
    as_of = figures_day(period, day)
    first = first_data_year(session)
    overview = problems = trend = compositions = None
    own: OrgFigures | None = None
    if kept.eligible(session, period, as_of):
        # The tree has not changed since as_of: its forest is the tree day's.
        if Part.OVERVIEW in parts:
            overview = (memo.overview(session, org_id, period, as_of, rules) if memo is not None
                        else kept.overview(session, org_id, period, as_of, rules))
        if Part.PROBLEMS in parts:
            problems = tuple(memo.problems(session, org_id, period, as_of, rules) if memo is not None
                             else kept.problems(session, org_id, period, as_of, rules))
        if Part.FIGURES in parts:
            own = overview.figures if overview is not None else kept.org_figures(session, org_id, period, as_of, rules)
        if Part.CHILDREN_COMPOSITION in parts:
            ids = [c.id for c in children_at(session, org_id, day)]
            shown = kept.rollup_scope(session, org_id, ids, period, as_of, rules)
            compositions = {c: shown.composition(c, period) for c in ids}
    elif parts & {Part.OVERVIEW, Part.PROBLEMS, Part.CHILDREN_COMPOSITION, Part.FIGURES}:
        scope = events.compute_scope(session, org_id, period, as_of, rules, tree_day=day)
        if Part.OVERVIEW in parts:
            overview = events.overview_of_scope(session, scope)
        if Part.FIGURES in parts:
            own = scope.figures(org_id)
        if Part.PROBLEMS in parts:
            problems = tuple(problems_in_scope(scope))
        if Part.CHILDREN_COMPOSITION in parts:
            compositions = {c.id: scope.composition(c.id, period) for c in children_at(session, org_id, day)
                            if c.id in scope.totals}
    if Part.TREND in parts:
        trend = _trend(session, org_id, period, first, day, rules)
    if overview is not None:
        overview = replace(overview, figures=within_data(overview.figures, first), tree_day=day)
        if overview.ended_before_period:
            # Nothing of the period happened here: say where its work went instead.
            overview = replace(overview, successors=tuple(successors(session, org)))
    if own is not None:
        own = overview.figures if overview is not None else within_data(own, first)
    org, overview, problems, own = _named_on(session, as_of, org, overview, problems, own)
    office = previous = None
    if Part.OFFICE in parts:
        from models.figures.office import office_figures

        exact = days or DayPeriod.of_years(period)
        # The tree of the day of the figures; a period still running is counted up to that day
        # and compared with the same days of the year before.
        counted = exact.until(as_of)
        office = office_figures(session, org_id, counted, as_of, rules)
        if counted.end < exact.end:
            before = counted.same_span_last_year()
            if first is not None and before.start.year >= first:
                previous = office_figures(session, org_id, before, as_of, rules)
    makeup = office.makeup if office is not None else None
    if Part.MAKEUP in parts and makeup is None:
        counted = (days or DayPeriod.of_years(period)).until(as_of)
        makeup = makeup_figures(session, None, org_id, counted, counted.end, rules)
    return Briefing(org, period, day, as_of, first, overview, problems, trend, compositions, office, previous, own,
                    makeup)


def condition_figures(
    session: Session,
    actor: Actor,
    asks: Iterable[tuple[int, Period]],
    *,
    tree_day: dt.date | None = None,
    today: dt.date | None = None,
    rules: Rules | None = None,
) -> dict[tuple[int, Period], ConditionFigures]:
    """What briefing conclusions' conditions read (admitted in the period, Regulation 213 at
    the day) of each (organisation, period) of ``asks``, for ``actor``: the numbers of
    ``briefing(session, actor, org_id, period, tree_day=…, today=…, parts={Part.FIGURES}).figures``,
    with the same tree day and access check per organisation, but read for all of them at once:
    when the rollups answer (:func:`kept.eligible`), one statement per figure for every
    organisation of a period; otherwise each organisation's figures from the log.

    Raises :class:`~models.errors.AccessDenied` when ``actor`` may not read one of the
    organisations, :class:`~models.errors.NotFound` for an unknown one."""
    rules = rules or default_rules()
    wanted = list(dict.fromkeys(asks))
    orgs = orgs_by_id(session, {org_id for org_id, _ in wanted})
    groups: dict[tuple[Period, dt.date], list[int]] = defaultdict(list)
    for org_id, period in wanted:
        org = orgs.get(org_id)
        if org is None:
            raise NotFound("org.not_found", field="org", code=str(org_id))
        day = tree_day_for(org, today or dt.date.today(), tree_day)
        require_read(session, actor, org.id, org.code, day)
        groups[(period, day)].append(org_id)
    out: dict[tuple[int, Period], ConditionFigures] = {}
    for (period, day), ids in groups.items():
        as_of = figures_day(period, day)
        found = kept.condition_figures(session, ids, period, as_of) if kept.eligible(session, period, as_of) else None
        if found is None:
            # The log: the scope of each organisation (the tree or the states have moved since).
            found = {}
            for org_id in ids:
                scope = events.compute_scope(session, org_id, period, as_of, rules, tree_day=day)
                own = scope.figures(org_id)
                found[org_id] = ConditionFigures(admitted=own.attainment.admitted, r213=own.r213)
        out.update(((org_id, period), found[org_id]) for org_id in ids)
    return out


def _named_on(session: Session, day: dt.date, org: OrgInfo, overview: Overview | None,
              problems: tuple[Problem, ...] | None, own: OrgFigures | None,
              ) -> tuple[OrgInfo, Overview | None, tuple[Problem, ...] | None, OrgFigures | None]:
    """Every organisation shown named as on ``day`` (the day of the figures: a past period's
    breadcrumb, rows and problem paths bear the names of that period), from one batched read
    of the names that differ from the latest (models.org_names)."""
    ids = {org.id}
    if overview is not None:
        ids.update(o.id for o in overview.path)
        ids.update(c.org.id for c in overview.children)
        ids.update(o.id for o in overview.successors)
    for p in problems or ():
        ids.update(p.path_ids or (p.org.id,))
    names = names_on(session, ids, day)
    if not names:
        return org, overview, problems, own
    org = renamed(org, names)
    if own is not None:
        own = replace(own, org=renamed(own.org, names))
    if overview is not None:
        overview = replace(
            overview,
            org=renamed(overview.org, names),
            path=tuple(renamed(o, names) for o in overview.path),
            figures=replace(overview.figures, org=renamed(overview.figures.org, names)),
            children=tuple(c if c.org.id not in names else replace(c, org=renamed(c.org, names))
                           for c in overview.children),
            successors=tuple(renamed(o, names) for o in overview.successors),
        )
        if own is not None:
            own = overview.figures
    if problems is not None:
        problems = tuple(
            p if not names.keys() & {p.org.id, *p.path_ids}
            else replace(p, org=renamed(p.org, names),
                         path=tuple(names.get(i, n) for i, n in zip(p.path_ids, p.path, strict=True)) if p.path_ids else p.path)
            for p in problems
        )
    return org, overview, problems, own


def _trend(session: Session, org_id: int, period: Period, first: int | None, tree_day: dt.date,
           rules: Rules) -> tuple[YearFlows, ...]:
    wide = trend_period(period, first)
    if wide is None:
        return ()
    as_of = figures_day(wide, tree_day)
    if kept.eligible(session, wide, as_of):
        return tuple(kept.year_books(session, org_id, wide, as_of, rules))
    scope = events.compute_scope(session, org_id, wide, as_of, rules, tree_day=tree_day)
    return tuple(scope.year_flows(org_id, y) for y in wide.years)


__all__ = [
    "AGE_BANDS",
    "BOOK_EVENTS",
    "Makeup",
    "NOT_RECORDED",
    "FiguresMemo",
    "TREND_YEARS",
    "Briefing",
    "Part",
    "briefing",
    "condition_figures",
    "figures_day",
    "first_data_year",
    "tree_day_for",
    "trend_period",
    "within_data",
]
