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
from models.comparisons import (
    first_data_year,
    has_data,
    same_span_last_year,
    year_closing,
)
from models.errors import DomainError, NotFound
from models.figures import Scope, _targets, child_row, compute_scope
from models.figures_data import ChildRow, Composition, OrgFigures, Period, Problem
from models.pipeline_flow import PipelineFlow, pipeline_flow
from models.problems import evaluate_org, problems_in_scope
from models.report_followup import at_risk_json
from models.rules import Rules
from models.safe_text import shown_value
from models.tree import OrgInfo, children_at, get_org_by_id, parent_at

i18n.register(
    {
        "field.period": ("Kỳ", "period"),
        "report.ended_before_period": (
            "Tổ chức «{code}» đã kết thúc hoạt động từ ngày {day}, trước kỳ {period}; hãy chọn kỳ sớm hơn"
            " hoặc tổ chức kế tục.",
            "The organisation '{code}' ended on {day}, before the period {period}; choose an earlier period"
            " or its successor.",
        ),
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
    problems: tuple[Problem, ...]  # worst first (models.problems.problem_order)
    far_away_months: int
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

    @property
    def org(self) -> OrgInfo:
        return self.figures.org


def default_as_of(org: OrgInfo, period: Period, today: dt.date | None = None) -> dt.date:
    """The end of the period, or today if earlier, or the day before ``org`` ended if earlier
    still, so a past period is computed under the tree as it was. An organisation formed after
    the period shows it under today's tree, with the organisations merged into it counted in."""
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
            )
    return day


def build_report(session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules | None = None) -> Report:
    scope = compute_scope(session, org_id, period, as_of, rules)
    problems = problems_in_scope(scope)
    hits = {p.org.id: p.hits for p in problems}
    children = tuple(
        ChildReport(
            row=child_row(scope, c.id, hits.get(c.id) or tuple(evaluate_org(scope, c.id))),
            composition=scope.composition(c.id, period),
        )
        for c in children_at(session, org_id, as_of)
        if c.id in scope.totals
    )
    months = int(scope.rules.problems["far_away_no_contact"].param("max_months_without_contact"))
    figures = scope.figures(org_id)
    first = first_data_year(session)
    closing = year_closing(period, as_of, scope.rules)
    flow_end = min(period.end, as_of)
    parent = parent_at(session, org_id, as_of)
    from models.conclusions import conclusions_for
    from models.removal_warnings import at_risk_by_cell, members_at_risk, removal_warnings

    warnings = removal_warnings(session, org_id, as_of, scope.rules)
    flagged = members_at_risk(w for w in warnings if w.level.value == "flag")
    return Report(
        figures,
        children,
        tuple(problems),
        months,
        at_risk=tuple(at_risk_by_cell(warnings)),
        at_risk_members=members_at_risk(warnings),
        at_risk_flagged=flagged,
        conclusions=tuple(conclusions_for(session, org_id, as_of, scope.rules)),
        first_data_year=first,
        comparison=_comparison(session, scope, org_id, first),
        pipeline_flow=pipeline_flow(session, scope.ids, period.start, flow_end),
        next_target=_next_target(session, scope, org_id, as_of.year + 1) if closing else None,
        parent_name=get_org_by_id(session, parent).name if parent is not None else None,
    )


def _comparison(session: Session, scope: Scope, org_id: int, first: int | None) -> Comparison | None:
    """A year in progress against the same days of the year before; a past period against the
    period before it. None when the earlier span is not wholly recorded, or when the
    organisation did not exist then (its figures under that day's tree have no row for it)."""
    period, as_of = scope.period, scope.as_of
    if period.is_open(as_of):
        start, end = same_span_last_year(as_of)
        if not has_data(Period.year(start.year), first):
            return None
        try:
            earlier = compute_scope(session, org_id, Period.year(start.year), end, scope.rules)
        except NotFound:
            return None
        return Comparison(start, end, earlier.composition(org_id, Period.year(start.year)),
                          scope.composition(org_id, Period.year(as_of.year)), same_span=True)
    before = period.previous()
    if not has_data(before, first):
        return None
    return Comparison(before.start, before.end, scope.composition(org_id, before),
                      scope.composition(org_id, period), same_span=False)


def _next_target(session: Session, scope: Scope, org_id: int, year: int) -> NextTarget:
    scope.own_targets.update(
        {oid: {**scope.own_targets.get(oid, {}), **by_year} for oid, by_year in _targets(session, scope.ids, [year]).items()}
    )
    return NextTarget(year, scope.target(org_id, year))


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
        "previous": {"from": f.period.previous().start_year, "to": f.period.previous().end_year,
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
            }
            for c in report.children
        ],
        "problems": problems_json(report.problems, lang),
        # What the text compares with (null: no earlier span wholly recorded) and since when the
        # log is complete; next year's target once the year is over.
        "first_data_year": report.first_data_year,
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
    "default_as_of",
    "problems_json",
    "to_json",
]


def authorise_export(engine: Any, org: OrgInfo, on: dt.date, detail: dict[str, Any], as_user: str | None = None) -> None:
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
        audit_refusal(engine, None, as_user, "report.export", unknown, {**detail, "org": org.code})
        raise unknown
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
