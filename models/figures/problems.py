"""The problem-cell rules of ``rules.toml`` ``[problems.*]``.

Each rule is a small named function that reads the figures of one organisation from a
:class:`models.figures.scope.Scope` (computed once, set-based, for the whole subtree) and returns a
:class:`RuleHit` or None. Thresholds and severities come from the rules file, never from
literals here; the hit's ``params`` fill a sentence in Vietnamese and English that says why,
with the numbers and the regulation the rule rests on.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable

from models import i18n
from models.enums import OrgKind
from models.figures.data import Period, Problem, RuleHit
from models.figures.scope import Scope
from models.rules import ProblemRule, problem_basis

i18n.register(
    {
        "problem.below_target.title": ("Chưa đạt chỉ tiêu kết nạp", "Below the admission target"),
        "problem.below_target.reason": (
            "Kết nạp {admitted}/{target} chỉ tiêu năm {period} ({percent}%), thấp hơn mức {needed:g}"
            " cần đạt đến ngày {day} (theo {regulation}).",
            "Admitted {admitted} of a target of {target} for {period} ({percent}%), below the {needed:g}"
            " needed by {day} (under {regulation}).",
        ),
        "problem.no_admission.title": ("Không kết nạp được đảng viên", "No admission"),
        "problem.no_admission.reason": (
            "Không kết nạp được đảng viên nào trong năm {years} dù đã đăng ký chỉ tiêu {target}"
            " (theo {regulation}).",
            "No member admitted in {years} against a registered target of {target} (under {regulation}).",
        ),
        "problem.removals_or_leaves.title": ("Có đảng viên bị xóa tên hoặc xin ra khỏi Đảng", "Removals or leaves"),
        "problem.removals_or_leaves.reason": (
            "Năm {period} có {what} (ngưỡng cảnh báo: {min_count}) (theo {regulation}).",
            "In {period}: {what} (warning threshold: {min_count}) (under {regulation}).",
        ),
        # The clauses of that sentence: only those with a count, the count as the office
        # writes it (two digits: "01").
        "problem.removals_or_leaves.removed": ("{n} đảng viên bị xóa tên", "removed from the rolls {n}"),
        "problem.removals_or_leaves.left": ("{n} đảng viên xin ra khỏi Đảng", "left on request {n}"),
        "problem.and": (" và ", ", "),
        "problem.r213_comments_missing.title": (
            "Thiếu nhận xét của nơi cư trú (Quy định 213)",
            "Residence comments missing (Regulation 213)",
        ),
        "problem.r213_comments_missing.reason": (
            "{missing}/{requested} phiếu xin ý kiến năm {year} về đảng viên đang công tác chưa được"
            " chi bộ nơi cư trú nhận xét ({percent}%) (theo {regulation}).",
            "{missing} of {requested} comment requests for {year} on working members have no comments"
            " back from the residence cell ({percent}%) (under {regulation}).",
        ),
        "problem.pipeline_short.title": ("Thiếu nguồn phát triển đảng viên", "Candidate pipeline short"),
        "problem.pipeline_short.reason": (
            "Chỉ có {valid} quần chúng có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng còn hiệu lực"
            " cho {remaining} chỉ tiêu kết nạp năm {year} còn lại (đáp ứng {percent}%) (theo {regulation}).",
            "Candidates with a valid Party awareness class certificate: {valid}, against {remaining} still"
            " to admit in {year} ({percent}% covered) (under {regulation}).",
        ),
        "problem.far_away_no_contact.title": (
            "Đảng viên đi làm ăn xa không liên hệ",
            "Members working far away out of contact",
        ),
        "problem.far_away_no_contact.reason": (
            "{count}/{away} đảng viên đi làm ăn xa không báo cáo với chi bộ quá {months} tháng tính đến"
            " ngày {day} (theo {regulation}).",
            "Members working far away: {away}; of them not heard from for over {months} months as of {day}:"
            " {count} (under {regulation}).",
        ),
        "problem.recognition_overdue.title": ("Chậm xét công nhận đảng viên chính thức", "Official recognition overdue"),
        "problem.recognition_overdue.reason": (
            "{count} đảng viên dự bị đã hết {months} tháng dự bị quá {grace_days} ngày làm việc mà chưa được xét"
            " công nhận chính thức (theo {regulation}).",
            "Probationary members whose {months} months of probation ended more than {grace_days} working days ago"
            " with no official recognition: {count} (under {regulation}).",
        ),
        "problem.too_few_official.title": ("Không đủ 3 đảng viên chính thức", "Too few official members"),
        "problem.too_few_official.reason": (
            "Chỉ có {official} đảng viên chính thức vào ngày {day}, ít hơn mức tối thiểu {minimum}"
            " (theo {regulation}).",
            "Official members on {day}: {official}, fewer than the minimum of {minimum} (under {regulation}).",
        ),
        "problem.admission_overdue.title": ("Quá hạn quyết định hoặc lễ kết nạp đảng viên", "Admission steps overdue"),
        "problem.admission_overdue.reason": (
            "{count} trường hợp kết nạp quá hạn tính đến ngày {day}: {cases} (theo {regulation}).",
            "Admission steps past their deadlines as of {day}: {count}: {cases} (under {regulation}).",
        ),
        # One clause a case: its step (the decision, the ceremony), pending or done late.
        "problem.admission_overdue.decision_pending": (
            "{name}: chi bộ có nghị quyết đề nghị kết nạp ngày {began}, chưa có quyết định kết nạp"
            " (hạn {due}, đã {days} ngày làm việc)",
            "{name}: the cell resolved on {began}, no admission decision yet (due {due}, {days} working days)",
        ),
        "problem.admission_overdue.ceremony_pending": (
            "{name}: có quyết định kết nạp ngày {began}, chưa tổ chức lễ kết nạp (hạn {due}, đã {days} ngày làm việc)",
            "{name}: admission decided on {began}, no ceremony yet (due {due}, {days} working days)",
        ),
        "problem.admission_overdue.decision_late": (
            "{name}: nghị quyết của chi bộ ngày {began}, quyết định kết nạp ngày {done} (hạn {due}, {days} ngày làm việc)",
            "{name}: the cell resolved on {began}, decided on {done} (due {due}, {days} working days)",
        ),
        "problem.admission_overdue.ceremony_late": (
            "{name}: quyết định kết nạp ngày {began}, lễ kết nạp ngày {done} (hạn {due}, {days} ngày làm việc)",
            "{name}: decided on {began}, ceremony on {done} (due {due}, {days} working days)",
        ),
    }
)

#: Organisations the rules flag: grassroots organisations, communes (grassroots since 2025)
#: and cells. Party groups (tổ đảng) are part of a cell, not organisations of their own.
FLAGGED_KINDS = frozenset(
    {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL, OrgKind.COMMUNE_COMMITTEE, OrgKind.SUBORDINATE_CELL}
)


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _percent(part: float, whole: float) -> int:
    return round(100 * part / whole) if whole else 0


def _hit(scope: Scope, rule: ProblemRule, **params: object) -> RuleHit:
    # The regulation in force at the end of the period (or at the date, in an open one).
    regulation = problem_basis(scope.rules, rule, min(scope.period.end, scope.as_of))
    return RuleHit(rule=rule.name, severity=rule.severity, regulation=regulation, params={**params, "regulation": regulation})


# --- the rules --------------------------------------------------------------------------------
def below_target(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    """Admissions below the period's target, or below the pace expected at the date."""
    att = scope.attainment(org_id)
    if att.target is None or att.target == 0:
        return None
    if att.expected_by_now is not None:
        needed, day = att.expected_by_now, scope.as_of
    else:
        needed, day = float(att.target), min(scope.period.end, scope.as_of)
    if needed <= 0 or att.admitted >= float(rule.param("min_attainment")) * needed:
        return None
    return _hit(
        scope, rule,
        admitted=att.admitted,
        target=att.target,
        period=scope.period.label(),
        percent=_percent(att.admitted, att.target),
        # The pace is fractional (8 x 332/365 = 7.3); rounding it could print "16 below 16".
        needed=round(needed, 1),
        day=_day(day),
    )


def no_admission(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    """A year with a target and not one admission. A year still open counts once the even
    pace, rounded to whole admissions, expects at least one (so a target of 1 from July)."""
    years, target = [], 0
    for y in scope.period.years:
        # What the year's books (Scope.year_flows) say, without building them for every
        # organisation a problem list looks at.
        year_target = scope.target(org_id, y)
        if not year_target or scope.admitted_in(org_id, y) or not _admission_due(scope.as_of, year_target, Period.year(y)):
            continue
        years.append(str(y))
        target += year_target
    if not years:
        return None
    return _hit(scope, rule, years=", ".join(years), target=target)


def _admission_due(as_of: dt.date, target: int, year: Period) -> bool:
    if as_of >= year.end:
        return True
    if as_of < year.start:
        return False
    share = ((as_of - year.start).days + 1) / ((year.end - year.start).days + 1)
    return math.floor(target * share + 0.5) >= 1


def removals_or_leaves(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    removed, left = scope.removed_and_left(org_id)
    minimum = int(rule.param("min_count"))
    if removed + left < minimum:
        return None
    return _hit(scope, rule, removed=removed, left=left, period=scope.period.label(), min_count=minimum,
                clauses="removed,left")


def r213_comments_missing(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    r = scope.r213(org_id)
    if r.comments_requested <= 0:
        return None
    missing = r.comments_missing
    if missing / r.comments_requested <= float(rule.param("max_missing_share")):
        return None
    return _hit(
        scope, rule,
        missing=missing,
        requested=r.comments_requested,
        year=r.year,
        percent=_percent(missing, r.comments_requested),
    )


def pipeline_short(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    p = scope.pipeline(org_id)
    if not p.remaining_target:
        return None
    if p.valid_certificates >= float(rule.param("min_coverage")) * p.remaining_target:
        return None
    return _hit(
        scope, rule,
        valid=p.valid_certificates,
        remaining=p.remaining_target,
        year=scope.as_of.year,
        percent=_percent(p.valid_certificates, p.remaining_target),
    )


def far_away_no_contact(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    f = scope.far_away(org_id)
    if f.without_contact <= 0:
        return None
    return _hit(
        scope, rule,
        count=f.without_contact,
        away=f.members_away,
        months=int(rule.param("max_months_without_contact")),
        day=_day(scope.as_of),
    )


def recognition_overdue(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    count = scope.counts(org_id).recognition_overdue
    if count <= 0:
        return None
    return _hit(scope, rule, count=count, months=scope.rules.probation.months, grace_days=scope.rules.on(min(scope.period.end, scope.as_of)).probation.recognition_working_days)


def too_few_official(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    minimum = scope.rules.organisation.min_official_members
    official = scope.official_members(org_id)
    if official >= minimum:
        return None
    return _hit(scope, rule, official=official, minimum=minimum, day=_day(scope.as_of))


def admission_overdue(scope: Scope, org_id: int, rule: ProblemRule) -> RuleHit | None:
    """Admissions whose decision or ceremony is still pending past its deadline at the day
    (working days on Vietnam's calendar, each deadline as the rules stood when its step began),
    and those done late in the period (:mod:`models.figures.admission_deadlines`). The
    regulation is that of each step present, as it stood at the day."""
    cases = scope.counts(org_id).admission_deadlines
    if len(cases) < int(rule.param("min_count")):
        return None
    day = min(scope.period.end, scope.as_of)
    steps = [s for s in ("decision", "ceremony") if any(c[0] == s for c in cases)]
    regulation = "; ".join(dict.fromkeys(scope.rules.citation(f"admission.{s}_regulation", day) for s in steps))
    return RuleHit(rule=rule.name, severity=rule.severity, regulation=regulation,
                   params={"count": len(cases), "day": _day(scope.as_of),
                           # A plain value (the start snapshot writes parameters as JSON scalars).
                           "cases": json.dumps(cases, ensure_ascii=False), "regulation": regulation})


#: Each rule of rules.toml by its name there.
RULES: dict[str, Callable[[Scope, int, ProblemRule], RuleHit | None]] = {
    "below_target": below_target,
    "no_admission": no_admission,
    "removals_or_leaves": removals_or_leaves,
    "r213_comments_missing": r213_comments_missing,
    "pipeline_short": pipeline_short,
    "far_away_no_contact": far_away_no_contact,
    "recognition_overdue": recognition_overdue,
    "too_few_official": too_few_official,
    "admission_overdue": admission_overdue,
}


def evaluate_org(scope: Scope, org_id: int) -> list[RuleHit]:
    """Every enabled rule that fires for ``org_id`` (its whole catchment), worst first."""
    hits = []
    for name, check in RULES.items():
        rule = scope.rules.problems.get(name)
        if rule is None or not rule.enabled:
            continue
        hit = check(scope, org_id, rule)
        if hit is not None:
            hits.append(hit)
    hits.sort(key=lambda h: -h.severity)
    return hits


#: The rules in the order :func:`has_problem` tries them: those reading a count or two first,
#: those building a year's books last.
_CHEAP_FIRST = ("too_few_official", "admission_overdue", "recognition_overdue", "far_away_no_contact", "r213_comments_missing",
                "removals_or_leaves", "pipeline_short", "below_target", "no_admission")


def has_problem(scope: Scope, org_id: int) -> bool:
    """Whether any enabled rule fires for ``org_id`` (what :func:`evaluate_org` would list)."""
    for name in (*_CHEAP_FIRST, *(n for n in RULES if n not in _CHEAP_FIRST)):
        rule = scope.rules.problems.get(name)
        if rule is not None and rule.enabled and RULES[name](scope, org_id, rule) is not None:
            return True
    return False


def problem_order(p: Problem) -> tuple:  # type: ignore[type-arg]
    """The worst first, then by path; two organisations of one name under one parent by code."""
    return (-p.score, p.path, p.org.code)


def problems_in_scope(scope: Scope) -> list[Problem]:
    """Grassroots organisations and cells of the scope (as they stand at its date) that some
    rule flags, the worst first."""
    out = []
    for oid in scope.ids:
        info = scope.snap.orgs[oid]
        if info.kind not in FLAGGED_KINDS or not info.valid_at(scope.as_of):
            continue
        hits = evaluate_org(scope, oid)
        if hits:
            ids = scope.snap.path(scope.root_id, oid)
            out.append(Problem(org=info, path=tuple(scope.snap.orgs[p].name for p in ids), hits=tuple(hits), path_ids=ids))
    out.sort(key=problem_order)
    return out


__all__ = ["FLAGGED_KINDS", "RULES", "evaluate_org", "has_problem", "problem_order", "problems_in_scope", *RULES]
