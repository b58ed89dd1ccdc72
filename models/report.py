"""The opening report of a briefing (báo cáo đề dẫn): its figures, and JSON for scripts.

:func:`build_report` computes everything the report shows (the figures, the children's rows,
the problem cells, the earlier span it compares with, the pipeline's flow, next year's
target) into a :class:`Report`. The text is made from it by :mod:`models.report_text` and
rendered by :mod:`models.report_markdown` and :mod:`models.report_docx`, which compute no
figure. :func:`to_json` is for scripts: plain numbers under stable English keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.comparisons import has_data, same_span_last_year, year_closing
from models.errors import AccessDenied, DomainError, NotFound
from models.figures.data import ChildRow, Composition, OrgFigures, Period, Problem
from models.figures.service import OfficeFigures, Part, briefing
from models.figures.periods import DayPeriod
from models.pipeline_flow import PipelineFlow, pipeline_flow
from models.report_followup import at_risk_json
from models.rules import Rules, default_rules
from models.safe_text import shown_value
from models.tree import OrgInfo, catchment, get_org_by_id, parent_at

i18n.register(
    {
        "field.period": ("Kỳ", "period"),
        "report.ended_before_period": (
            "Tổ chức “{code}” đã kết thúc hoạt động từ ngày {day}, trước kỳ {period}; hãy chọn kỳ sớm hơn"
            " hoặc tổ chức kế tục{successors}.",
            "The organisation '{code}' ended on {day}, before the period {period}; choose an earlier period"
            " or its successor{successors}.",
        ),
        "report.successors": (": {names}", ": {names}"),
        "report.problems_count": ("{count} tổ chức đảng bị cảnh báo.", "{count} organisations flagged."),
    }
)


@dataclass(frozen=True)
class ChildReport:
    row: ChildRow
    composition: Composition


@dataclass(frozen=True)
class Comparison:
    """Admissions of the report's span next to those of an earlier span with data."""

    start: dt.date  # the earlier span
    end: dt.date
    previous: Composition
    current: Composition  # the report's own span it is set against
    # True: the same days of the previous year, for a year in progress; False: the period before.
    same_span: bool


@dataclass(frozen=True)
class NextTarget:
    """Next year's admission target, shown once the year is closing (None: not registered)."""

    year: int
    target: int | None


@dataclass(frozen=True)
class Report:
    figures: OrgFigures
    children: tuple[ChildReport, ...]
    problems: tuple[Problem, ...]  # worst first (models.figures.problems.problem_order)
    far_away_months: int
    tree_day: dt.date  # the tree the organisation's catchment and rows are read under
    # The first year the log records completely (models.comparisons.first_data_year).
    first_data_year: int | None = None
    comparison: Comparison | None = None  # None: no earlier span with data
    pipeline_flow: PipelineFlow | None = None
    next_target: NextTarget | None = None  # set once the year is closing
    parent_name: str | None = None  # the superior organisation, for the report's head
    at_risk: tuple[Any, ...] = ()  # models.removal_warnings.CellRisk, per cell
    at_risk_members: int = 0
    at_risk_flagged: int = 0
    conclusions: tuple[Any, ...] = ()  # models.conclusions.ConclusionRow
    office: OfficeFigures | None = None  # the organisation office's figures (Part.OFFICE), when asked
    office_previous: OfficeFigures | None = None  # the same days of the year before, for a year in progress
    makeup: Any = None  # the organisation's members' make-up (models.figures.makeup.Makeup, Part.MAKEUP)

    @property
    def org(self) -> OrgInfo:
        return self.figures.org

    @property
    def children_with_target(self) -> tuple[ChildReport, ...]:
        return tuple(c for c in self.children if c.row.target is not None)


def default_tree_day(
    org: OrgInfo, period: Period, today: dt.date | None = None, successors: Sequence[OrgInfo] = ()
) -> dt.date:
    """The tree a report reads by default: the end of the period, or today if earlier, or the
    day before ``org`` ended if earlier still, so a past period is read under the tree as it
    was. An organisation formed after the period is read under today's tree, with the
    organisations merged into it counted in. (The figures themselves are always those of the
    period: :func:`models.figures.service.figures_day`.) A period that starts after ``org``
    ended is refused, naming its ``successors`` (:mod:`models.successors`)."""
    today = today or dt.date.today()
    day = today if org.valid_from > period.end else min(period.end, today)
    if org.valid_to is not None:
        day = min(day, org.valid_to - dt.timedelta(days=1))
        if day < period.start:
            raise DomainError(
                "report.ended_before_period",
                field="period",
                code=org.code,
                day=org.valid_to.strftime("%d/%m/%Y"),
                period=period.label(),
                # Where its work went (models.successors), so the reader can ask for that instead.
                successors=i18n.t("report.successors", names=", ".join(f"{o.name} ({o.code})" for o in successors))
                if successors else "",
            )
    return day


def build_report(session: Session, actor: Actor, org_id: int, period: Period, tree_day: dt.date,
                 rules: Rules | None = None, today: dt.date | None = None, days: DayPeriod | None = None,
                 office: bool = False) -> Report:
    """The report of ``org_id`` for ``period`` under the tree of ``tree_day``, for ``actor``
    (refused when the actor may not read the organisation). ``office``: add the organisation
    office's figures (issue 18: statistics, discipline, badges, ratings) for ``days`` (default
    the years of ``period``), with the same days of the year before when the period is in
    progress; they cost a replay of the members' events, so only the JSON report asks."""
    got = briefing(session, actor, org_id, period, today=today, tree_day=tree_day,
                   parts=frozenset({Part.OVERVIEW, Part.PROBLEMS, Part.CHILDREN_COMPOSITION, Part.MAKEUP}
                                   | ({Part.OFFICE} if office else set())),
                   rules=rules, days=days)
    assert got.overview is not None and got.problems is not None and got.children_composition is not None
    children = tuple(
        ChildReport(row=row, composition=got.children_composition[row.org.id])
        for row in got.overview.children
    )
    used = rules or default_rules()
    months = int(used.problems["far_away_no_contact"].param("max_months_without_contact"))
    figures = got.overview.figures
    as_of = got.as_of
    first = got.first_data_year
    closing = year_closing(period, as_of, used)
    parent = parent_at(session, org_id, got.tree_day)
    from models.conclusions import conclusions_for
    from models.removal_warnings import at_risk_by_cell, members_at_risk, removal_warnings

    warnings = removal_warnings(session, org_id, as_of, used)
    flagged = members_at_risk(w for w in warnings if w.level.value == "flag")
    return Report(
        figures,
        children,
        got.problems,
        months,
        got.tree_day,
        first_data_year=first,
        comparison=_comparison(session, actor, org_id, figures, first, today),
        pipeline_flow=pipeline_flow(session, sorted(catchment(session, org_id, got.tree_day)), period.start,
                                    min(period.end, as_of)),
        next_target=_next_target(session, actor, org_id, as_of.year + 1, got.tree_day, today) if closing else None,
        parent_name=get_org_by_id(session, parent).name if parent is not None else None,
        at_risk=tuple(at_risk_by_cell(warnings)),
        at_risk_members=members_at_risk(warnings),
        at_risk_flagged=flagged,
        conclusions=tuple(conclusions_for(session, actor, org_id, as_of, used)),
        office=got.office,
        office_previous=got.office_previous,
        makeup=got.makeup.get(org_id) if got.makeup is not None else None,
    )


def _comparison(session: Session, actor: Actor, org_id: int, figures: OrgFigures, first: int | None,
                today: dt.date | None) -> Comparison | None:
    """A year in progress against the same days of the year before; a past period against the
    period before it (the engine's own comparison, None before the first year with data). None
    when the earlier span is not wholly recorded, or the organisation cannot be read then."""
    period, as_of = figures.period, figures.as_of
    if period.is_open(as_of):
        start, end = same_span_last_year(as_of)
        earlier_period = Period.year(start.year)
        if not has_data(earlier_period, first):
            return None
        try:
            earlier = briefing(session, actor, org_id, earlier_period, tree_day=end, today=today)
        except (NotFound, AccessDenied):
            return None
        assert earlier.overview is not None
        return Comparison(start, end, earlier.overview.figures.composition, figures.composition, same_span=True)
    before = period.previous()
    if figures.previous_composition is None or not has_data(before, first):
        return None
    return Comparison(before.start, before.end, figures.previous_composition, figures.composition, same_span=False)


def _next_target(session: Session, actor: Actor, org_id: int, year: int, tree_day: dt.date,
                 today: dt.date | None) -> NextTarget:
    """Next year's target, added up by the engine's target rule under the same tree."""
    got = briefing(session, actor, org_id, Period.year(year), tree_day=tree_day, today=today)
    assert got.overview is not None
    return NextTarget(year, got.overview.figures.attainment.target)


# --- JSON ------------------------------------------------------------------------------------
def _composition_json(c: Composition) -> dict[str, Any]:
    return {
        "admitted": c.admitted,
        "women": c.women,
        "youth_union": c.youth_union,
        "recommended": c.recommended,
        "recommended_by": {m.value: n for m, n in c.recommended_by.items()},
        "on_occasion": c.on_occasion,
        "aged_18_30": c.aged_18_30,
    }


def to_json(report: Report, lang: str | None = None) -> dict[str, Any]:
    """The report as JSON, its stored text made safe to print (models.safe_text)."""
    return shown_value(_to_json(report, lang))  # type: ignore[no-any-return]


def _to_json(report: Report, lang: str | None = None) -> dict[str, Any]:
    f = report.figures
    a = f.attainment
    out: dict[str, Any] = {
        "org": {"code": f.org.code, "name": f.org.name},
        "period": {"from": f.period.start_year, "to": f.period.end_year},
        "as_of": f.as_of.isoformat(),
        "tree_day": report.tree_day.isoformat(),
        "first_data_year": f.first_data_year,
        "admitted": a.admitted,
        "target": a.target,
        "ratio": a.ratio,
        "expected_by_now": a.expected_by_now,
        "status": a.status.value,
        **{k: v for k, v in _composition_json(f.composition).items() if k != "admitted"},
        "removed": f.removed,
        "left": f.left,
        "expelled": f.expelled,
        "died": f.died,
        "members": f.members,
        # None when the previous period reaches before the first year with data.
        "previous": None if f.previous_composition is None else {
            "from": f.period.previous().start_year, "to": f.period.previous().end_year,
            **_composition_json(f.previous_composition)},
        "years": [
            {
                "year": y.year,
                "members_start": y.members_start,
                "admitted": y.admitted,
                "transfers_in": y.transfers_in,
                "removed": y.removed,
                "left": y.left,
                "expelled": y.expelled,
                "died": y.died,
                "transfers_out": y.transfers_out,
                "members_end": y.members_end,
                "removed_by_ground": {g.value: n for g, n in y.removed_by_ground.items()},
                "target": y.target,
            }
            for y in f.years
        ],
        "pipeline": {
            "by_stage": {s.value: n for s, n in f.pipeline.by_stage.items()},
            "valid_certificates": f.pipeline.valid_certificates,
            "expiring_this_year": f.pipeline.expiring_this_year,
            "remaining_target": f.pipeline.remaining_target,
        },
        "r213": {
            "year": f.r213.year,
            "links": f.r213.links,
            "exempt": f.r213.exempt,
            "registered": f.r213.registered,
            "comments_requested": f.r213.comments_requested,
            "comments_returned": f.r213.comments_returned,
            "comments_missing": f.r213.comments_missing,
        },
        "far_away": {"members_away": f.far_away.members_away, "without_contact": f.far_away.without_contact},
        **_office(report, f.org.id),
        "children": [
            {
                "code": c.row.org.code,
                "name": c.row.org.name,
                "admitted": c.row.admitted,
                "target": c.row.target,
                "ratio": c.row.ratio,
                "status": c.row.status.value,
                **{k: v for k, v in _composition_json(c.composition).items() if k != "admitted"},
                "removed": c.row.removed,
                "left": c.row.left,
                "members": c.row.members,
                "candidates_ready": c.row.candidates_ready,
                "problems": [h.rule for h in c.row.problems],
                **_office(report, c.row.org.id),
            }
            for c in report.children
        ],
        "problems": problems_json(report.problems, lang),
        # What the text compares with (null: no earlier span wholly recorded); next year's
        # target once the year is over. (The first year with data is the figures' own.)
        "comparison": None if report.comparison is None else {
            "from": report.comparison.start.isoformat(),
            "to": report.comparison.end.isoformat(),
            "same_days_last_year": report.comparison.same_span,
            "previous": _composition_json(report.comparison.previous),
            "current": _composition_json(report.comparison.current),
        },
        "next_target": None if report.next_target is None else {
            "year": report.next_target.year, "target": report.next_target.target},
        "at_risk": at_risk_json(report.at_risk),
        "conclusions": [c.as_json() for c in report.conclusions],
    }
    if report.pipeline_flow is not None:
        flow = report.pipeline_flow
        out["pipeline"]["flow"] = {"from": flow.start.isoformat(), "to": flow.end.isoformat(),
                                   **{s.value: n for s, n in flow.entered.items()}}
    return out


def _office(report: Report, org_id: int) -> dict[str, Any]:
    if report.office is None:
        return {}
    out = report.office.json_for(org_id)
    if org_id == report.org.id:
        out["statistics_period"] = report.office.period_json()
    if report.office_previous is not None and org_id in report.office_previous.statistics:
        # A period in progress: the same days of the year before, to compare with.
        out["statistics_same_days_last_year"] = report.office_previous.statistics[org_id].as_json()
        if org_id == report.org.id:
            out["statistics_same_days_last_year_period"] = report.office_previous.period_json()
    return out


def problems_json(problems: Sequence[Problem], lang: str | None = None) -> list[dict[str, Any]]:
    return shown_value([  # type: ignore[no-any-return]
        {
            "code": p.org.code,
            "name": p.org.name,
            "path": list(p.path),
            "rules": [h.rule for h in p.hits],
            "severity": p.severity,
            "reasons": [h.reason(lang) for h in p.hits],
        }
        for p in problems
    ])


__all__ = [
    "ChildReport",
    "Comparison",
    "NextTarget",
    "Report",
    "authorise_export",
    "build_report",
    "default_tree_day",
    "problems_json",
    "to_json",
]


def authorise_export(engine: Any, org: OrgInfo, on: dt.date, detail: dict[str, Any], as_user: str | None = None) -> Actor:
    """Check that the acting user may see ``org`` and record the export in the audit log
    (DOMAIN.md §9: exports are restricted and logged); a refusal is logged too, then raised.

    The acting user is the current login (or ``as_user`` for an admin). A login not
    registered in giaoban, or disabled, is refused (and logged) like anyone out of scope.
    """
    from models.access import require_read, resolve_actor
    from models.record.runner import audit_refusal
    from models.enums import AuditOutcome
    from models.errors import AccessDenied
    from models.schema import AuditEntry
    from models.db import read_only
    from models.uow import read_session, write_session

    refusal: AccessDenied | None = None
    unknown: AccessDenied | None
    with read_session(engine) as session:
        try:
            actor = resolve_actor(session, as_user=as_user)
        except AccessDenied as exc:
            unknown = exc
        else:
            unknown = None
            user_id, login, acting_as = actor.user_id, actor.os_login, actor.acting_as
            try:
                require_read(session, actor, org.id, org.code, on)
            except AccessDenied as exc:
                refusal = exc
    if unknown is not None:
        if not read_only(engine):
            audit_refusal(engine, None, as_user, "report.export", unknown, {**detail, "org": org.code})
        raise unknown
    if read_only(engine):
        # A read-only copy of the database (handed to a viewer) can hold no log.
        if refusal is not None:
            raise refusal
        return actor
    with write_session(engine) as session:
        session.add(
            AuditEntry(
                user_id=user_id,
                login=login,
                acting_as=acting_as,
                action="report.export",
                outcome=AuditOutcome.REFUSED if refusal else AuditOutcome.OK,
                target_table="organisations",
                target_id=org.id,
                org_id=org.id,
                detail={**detail, **({"message": refusal.message("en")} if refusal else {})},
            )
        )
    if refusal is not None:
        raise refusal
    return actor
