"""The opening report of a briefing (báo cáo đề dẫn), as Markdown, DOCX or JSON.

:func:`build_report` computes everything from one :class:`models.figures.Scope` (the figures,
the children's rows, the problem cells). :func:`report_blocks` turns it into a neutral list
of headings, paragraphs and tables in the reader's language, which :func:`to_markdown` and
:func:`to_docx` render, so both carry the same sentences and figures. :func:`to_json` is for
scripts: plain numbers under stable English keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from models import i18n
from models.enums import CandidateStage, RemovalGround
from models.figures import child_row, compute_scope
from models.errors import DomainError
from models.figures_data import ChildRow, Composition, OrgFigures, Period, Problem, Status
from models.problems import evaluate_org, problems_in_scope
from models.rules import Rules
from models.tree import OrgInfo, children_at

i18n.register(
    {
        "report.title": ("BÁO CÁO ĐỀ DẪN", "OPENING REPORT"),
        "report.subtitle": (
            "Hội nghị giao ban công tác phát triển đảng viên — {org}, {period}; số liệu tính đến ngày {day}.",
            "Briefing on Party member development — {org}, {period}; figures as of {day}.",
        ),
        "field.period": ("Kỳ", "period"),
        "report.ended_before_period": (
            "Tổ chức “{code}” đã kết thúc hoạt động từ ngày {day}, trước kỳ {period}; hãy chọn kỳ sớm hơn"
            " hoặc tổ chức kế tục{successors}.",
            "The organisation '{code}' ended on {day}, before the period {period}; choose an earlier period"
            " or its successor{successors}.",
        ),
        "report.successors": (": {names}", ": {names}"),
        "report.span.one": ("Trong năm {start}", "In {start}"),
        "report.span.many": ("Trong {n} năm ({start}-{end})", "In the {n} years {start}-{end}"),
        "report.headline.target": (
            "{span}, đã kết nạp được {admitted} đảng viên trong tổng số {target} chỉ tiêu kết nạp, {verdict}.",
            "{span}, admissions: {admitted} against a total admission target of {target}, {verdict}.",
        ),
        "report.headline.no_target": (
            "{span}, đã kết nạp được {admitted} đảng viên; chưa có chỉ tiêu kết nạp được đăng ký.",
            "{span}, admissions: {admitted}; no admission target was registered.",
        ),
        "report.verdict.exceeded": ("vượt chỉ tiêu (đạt {percent}%)", "exceeding the target ({percent}%)"),
        "report.verdict.met": ("đạt chỉ tiêu ({percent}%)", "meeting the target ({percent}%)"),
        "report.verdict.behind": (
            "chưa đạt chỉ tiêu (đạt {percent}%, còn thiếu {short})",
            "short of the target ({percent}%, {short} to go)",
        ),
        "report.verdict.on_pace": (
            "đạt {percent}% chỉ tiêu, đúng tiến độ dự kiến ({expected:g} đến ngày {day})",
            "{percent}% of the target, on the expected pace ({expected:g} by {day})",
        ),
        "report.verdict.behind_pace": (
            "đạt {percent}% chỉ tiêu, chậm so với tiến độ dự kiến ({expected:g} đến ngày {day})",
            "{percent}% of the target, behind the expected pace ({expected:g} by {day})",
        ),
        "report.composition": (
            "Trong tổng số {admitted} đảng viên kết nạp, có {women} nữ, {youth_union} đảng viên là đoàn viên"
            " thanh niên Cộng sản Hồ Chí Minh; {recommended} đồng chí được xem xét kết nạp từ danh sách đoàn viên,"
            " hội viên ưu tú do các đoàn thể giới thiệu; {on_occasion} trường hợp kết nạp đảng viên nhân các"
            " ngày lễ, kỷ niệm; {aged} đảng viên từ 18 đến 30 tuổi.",
            "Of the {admitted} admitted: women {women}; members of the Ho Chi Minh Communist Youth Union"
            " {youth_union}; considered from the lists of outstanding members recommended by the mass"
            " organisations {recommended}; admitted on holidays and anniversaries {on_occasion}; aged 18 to 30"
            " {aged}.",
        ),
        "report.by_mass_org": ("Theo đoàn thể giới thiệu: {items}.", "By recommending mass organisation: {items}."),
        "report.previous": (
            "Cùng kỳ trước ({period}): kết nạp {admitted} đảng viên, trong đó {women} nữ, {youth_union} đoàn viên,"
            " {recommended} do đoàn thể giới thiệu, {on_occasion} nhân ngày lễ, kỷ niệm.",
            "The period before ({period}): {admitted} admitted, of whom {women} women, {youth_union} Youth Union"
            " members, {recommended} recommended by mass organisations, {on_occasion} on holidays and anniversaries.",
        ),
        "report.none_admitted": ("{span}, chưa kết nạp được đảng viên nào.", "{span}, no member was admitted."),
        "report.section.admissions": ("1. Kết quả kết nạp đảng viên", "1. Admissions"),
        "report.section.children": ("Kết quả theo tổ chức đảng trực thuộc", "By subordinate organisation"),
        "report.section.problems": ("2. Các tổ chức đảng cần lưu ý", "2. Organisations needing attention"),
        "report.section.exits": ("3. Xóa tên, xin ra khỏi Đảng", "3. Removals and leaves"),
        "report.section.pipeline": ("4. Nguồn phát triển đảng viên", "4. Candidate pipeline"),
        "report.section.r213": (
            "5. Quản lý đảng viên đang công tác giữ mối liên hệ với nơi cư trú (Quy định 213-QĐ/TW)",
            "5. Working members' contact with their place of residence (Regulation 213-QĐ/TW)",
        ),
        "report.section.far_away": ("6. Đảng viên đi làm ăn xa", "6. Members working far away"),
        "report.problems_count": ("{count} tổ chức đảng bị cảnh báo.", "{count} organisations flagged."),
        "report.no_problems": ("Không có tổ chức đảng nào bị cảnh báo.", "No organisation is flagged."),
        "report.problem_line": ("{path}:", "{path}:"),
        "report.behind": (
            "Có {count}/{total} tổ chức đảng trực thuộc chưa đạt chỉ tiêu kết nạp: {items}.",
            "Subordinate organisations that missed their admission target: {count} of {total}: {items}.",
        ),
        "report.exits.sentence": (
            "{span}, có {removed} đảng viên bị xóa tên và {left} đảng viên xin ra khỏi Đảng; số xóa tên {trend}"
            " ({series}).",
            "{span}: removed from the rolls {removed}, left on request {left}; removals {trend} ({series}).",
        ),
        "report.trend.down": ("giảm", "fell"),
        "report.trend.up": ("tăng", "rose"),
        "report.trend.flat": ("không đổi", "held steady"),
        "report.grounds": ("Lý do xóa tên: {items}.", "Grounds for removal: {items}."),
        "report.pipeline.sentence": (
            "Đến ngày {day}, có {valid} quần chúng ưu tú có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng"
            " còn hiệu lực ({expiring} giấy hết hạn trước cuối năm {year}); {remaining_text}",
            "As of {day}, candidates holding a valid Party awareness class certificate: {valid} (expiring"
            " before the end of {year}: {expiring}); {remaining_text}",
        ),
        "report.pipeline.remaining": (
            "chỉ tiêu kết nạp năm {year} còn lại {remaining}.",
            "still to admit to meet the {year} target: {remaining}.",
        ),
        "report.pipeline.no_target": ("năm {year} chưa có chỉ tiêu kết nạp.", "no target is registered for {year}."),
        "report.r213.sentence": (
            "Năm {year}: {links} đảng viên đang công tác phải giữ mối liên hệ với nơi cư trú ({exempt} được miễn);"
            " {registered} đã đăng ký với chi bộ nơi cư trú; {requested} phiếu xin ý kiến đã gửi, {returned} đã"
            " có nhận xét, còn thiếu {missing}.",
            "{year}: working members who must keep contact with their place of residence {links} (exempt"
            " {exempt}); registered with the residence cell {registered}; comment requests sent {requested},"
            " returned {returned}, missing {missing}.",
        ),
        "report.far_away.sentence": (
            "Đến ngày {day}, có {away} đảng viên đi làm ăn xa, trong đó {without} đảng viên không liên hệ với chi bộ"
            " quá {months} tháng.",
            "As of {day}, members working far away: {away}; of them out of contact for over {months} months:"
            " {without}.",
        ),
        "report.col.org": ("Tổ chức đảng", "Organisation"),
        "report.col.members": ("Đảng viên", "Members"),
        "report.col.target": ("Chỉ tiêu", "Target"),
        "report.col.admitted": ("Kết nạp", "Admitted"),
        "report.col.percent": ("Tỷ lệ", "Rate"),
        "report.col.status": ("Đánh giá", "Status"),
        "report.col.women": ("Nữ", "Women"),
        "report.col.youth_union": ("Đoàn viên", "Youth Union"),
        "report.col.recommended": ("Đoàn thể giới thiệu", "Recommended"),
        "report.col.on_occasion": ("Ngày lễ", "On occasions"),
        "report.col.removed": ("Xóa tên", "Removed"),
        "report.col.left": ("Xin ra", "Left"),
        "report.col.year": ("Năm", "Year"),
        "report.col.expelled": ("Khai trừ", "Expelled"),
        "report.col.died": ("Từ trần", "Died"),
        "report.col.start": ("Đầu năm", "At start"),
        "report.col.end": ("Cuối năm", "At end"),
        "report.col.transfers_in": ("Chuyển đến", "Transfers in"),
        "report.col.transfers_out": ("Chuyển đi", "Transfers out"),
        "report.col.stage": ("Giai đoạn", "Stage"),
        "report.col.count": ("Số người", "Candidates"),
        "report.total": ("Tổng cộng", "Total"),
    }
)


@dataclass(frozen=True)
class ChildReport:
    row: ChildRow
    composition: Composition


@dataclass(frozen=True)
class Report:
    figures: OrgFigures
    children: tuple[ChildReport, ...]
    problems: tuple[Problem, ...]
    far_away_months: int

    @property
    def org(self) -> OrgInfo:
        return self.figures.org


def default_as_of(
    org: OrgInfo, period: Period, today: dt.date | None = None, successors: Sequence[OrgInfo] = ()
) -> dt.date:
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
                # Where its work went (models.successors), so the reader can ask for that instead.
                successors=i18n.t("report.successors", names=", ".join(f"{o.name} ({o.code})" for o in successors))
                if successors else "",
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
    return Report(scope.figures(org_id), children, tuple(problems), months)


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
    }
    return out


def problems_json(problems: Sequence[Problem], lang: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "code": p.org.code,
            "name": p.org.name,
            "path": list(p.path),
            "rules": [h.rule for h in p.hits],
            "severity": p.severity,
            "reasons": [h.reason(lang) for h in p.hits],
        }
        for p in problems
    ]


# --- the text, as blocks ---------------------------------------------------------------------
@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Para | Items | Table


def _day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def _pct(part: int, whole: int | None) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _span(period: Period, lang: str | None) -> str:
    if period.length == 1:
        return i18n.t("report.span.one", lang, start=period.start_year)
    return i18n.t("report.span.many", lang, n=period.length, start=period.start_year, end=period.end_year)


def headline(figures: OrgFigures, lang: str | None = None) -> list[str]:
    """The opening paragraphs, in the manner of the source's report."""
    a, c, period = figures.attainment, figures.composition, figures.period
    span = _span(period, lang)
    t = i18n.t
    if a.target is None:
        first = t("report.headline.no_target", lang, span=span, admitted=a.admitted)
    else:
        percent = round(100 * a.admitted / a.target) if a.target else 100
        if a.expected_by_now is not None and a.admitted < a.target:
            key = "report.verdict.on_pace" if a.status is Status.ON_PACE else "report.verdict.behind_pace"
            verdict = t(key, lang, percent=percent, expected=round(a.expected_by_now, 1), day=_day(figures.as_of))
        elif a.admitted > a.target:
            verdict = t("report.verdict.exceeded", lang, percent=percent)
        elif a.admitted == a.target:
            verdict = t("report.verdict.met", lang, percent=percent)
        else:
            verdict = t("report.verdict.behind", lang, percent=percent, short=a.target - a.admitted)
        first = t("report.headline.target", lang, span=span, admitted=a.admitted, target=a.target, verdict=verdict)
    paras = [first]
    if c.admitted:
        paras.append(
            t(
                "report.composition",
                lang,
                admitted=c.admitted,
                women=c.women,
                youth_union=c.youth_union,
                recommended=c.recommended,
                on_occasion=c.on_occasion,
                aged=c.aged_18_30,
            )
        )
    elif a.target is not None:
        paras[0] = t("report.none_admitted", lang, span=span) + " " + first
    return paras


def report_blocks(report: Report, lang: str | None = None) -> list[Block]:
    f = report.figures
    t = i18n.t
    blocks: list[Block] = [
        Heading(0, t("report.title", lang)),
        Para(t("report.subtitle", lang, org=f.org.name, period=f"{f.period.start_year}-{f.period.end_year}"
               if f.period.length > 1 else str(f.period.start_year), day=_day(f.as_of))),
        Heading(1, t("report.section.admissions", lang)),
        *(Para(p) for p in headline(f, lang)),
    ]
    if f.composition.recommended_by:
        items = "; ".join(f"{i18n.label(m, lang)} {n}" for m, n in sorted(f.composition.recommended_by.items(), key=lambda kv: -kv[1]))
        blocks.append(Para(t("report.by_mass_org", lang, items=items)))
    prev = f.previous_composition
    pp = f.period.previous()
    blocks.append(
        Para(
            t(
                "report.previous",
                lang,
                period=f"{pp.start_year}-{pp.end_year}" if pp.length > 1 else str(pp.start_year),
                admitted=prev.admitted,
                women=prev.women,
                youth_union=prev.youth_union,
                recommended=prev.recommended,
                on_occasion=prev.on_occasion,
            )
        )
    )
    if report.children:
        blocks.append(Heading(2, t("report.section.children", lang)))
        blocks.append(_children_table(report, lang))
        behind = [c.row for c in report.children if c.row.status is Status.BEHIND]
        if behind:
            items = ", ".join(f"{r.org.name} ({r.admitted}/{r.target})" for r in behind)
            blocks.append(Para(t("report.behind", lang, count=len(behind), total=len(report.children), items=items)))

    blocks.append(Heading(1, t("report.section.problems", lang)))
    if report.problems:
        for p in report.problems:
            # The path below the report's own organisation, which every line would repeat.
            path = p.path[1:] if len(p.path) > 1 else p.path
            blocks.append(Para(t("report.problem_line", lang, path=" › ".join(path))))
            blocks.append(Items(tuple(f"{h.title(lang)}: {h.reason(lang)}" for h in p.hits)))
    else:
        blocks.append(Para(t("report.no_problems", lang)))

    blocks.extend(_exits(f, lang))
    blocks.extend(_pipeline(f, lang))
    r = f.r213
    blocks.append(Heading(1, t("report.section.r213", lang)))
    blocks.append(
        Para(
            t(
                "report.r213.sentence",
                lang,
                year=r.year,
                links=r.links,
                exempt=r.exempt,
                registered=r.registered,
                requested=r.comments_requested,
                returned=r.comments_returned,
                missing=r.comments_missing,
            )
        )
    )
    blocks.append(Heading(1, t("report.section.far_away", lang)))
    blocks.append(
        Para(
            t(
                "report.far_away.sentence",
                lang,
                day=_day(f.as_of),
                away=f.far_away.members_away,
                without=f.far_away.without_contact,
                months=report.far_away_months,
            )
        )
    )
    return blocks


def _children_table(report: Report, lang: str | None) -> Table:
    cols = ("org", "members", "target", "admitted", "percent", "status", "women", "youth_union", "recommended",
            "on_occasion", "removed", "left")
    headers = tuple(i18n.t(f"report.col.{c}", lang) for c in cols)
    rows = []
    for c in report.children:
        r, comp = c.row, c.composition
        rows.append(
            (
                r.org.name,
                str(r.members),
                "—" if r.target is None else str(r.target),
                str(r.admitted),
                _pct(r.admitted, r.target),
                r.status.label(lang),
                str(comp.women),
                str(comp.youth_union),
                str(comp.recommended),
                str(comp.on_occasion),
                str(r.removed),
                str(r.left),
            )
        )
    f = report.figures
    a, comp = f.attainment, f.composition
    rows.append(
        (
            i18n.t("report.total", lang),
            str(f.members),
            "—" if a.target is None else str(a.target),
            str(a.admitted),
            _pct(a.admitted, a.target),
            a.status.label(lang),
            str(comp.women),
            str(comp.youth_union),
            str(comp.recommended),
            str(comp.on_occasion),
            str(f.removed),
            str(f.left),
        )
    )
    return Table(headers, tuple(rows))


def _exits(f: OrgFigures, lang: str | None) -> list[Block]:
    t = i18n.t
    years = f.years
    first, last = years[0].removed, years[-1].removed
    trend = "report.trend.down" if last < first else "report.trend.up" if last > first else "report.trend.flat"
    series = ", ".join(f"{y.year}: {y.removed}" for y in years)
    blocks: list[Block] = [
        Heading(1, t("report.section.exits", lang)),
        Para(t("report.exits.sentence", lang, span=_span(f.period, lang), removed=f.removed, left=f.left,
               trend=t(trend, lang), series=series)),
    ]
    grounds: dict[RemovalGround, int] = {}
    for y in years:
        for g, n in y.removed_by_ground.items():
            grounds[g] = grounds.get(g, 0) + n
    if grounds:
        items = "; ".join(f"{i18n.label(g, lang)}: {n}" for g, n in sorted(grounds.items(), key=lambda kv: -kv[1]))
        blocks.append(Para(t("report.grounds", lang, items=items)))
    cols = ("year", "start", "admitted", "transfers_in", "removed", "left", "expelled", "died", "transfers_out", "end")
    rows = tuple(
        (
            str(y.year), str(y.members_start), str(y.admitted), str(y.transfers_in), str(y.removed), str(y.left),
            str(y.expelled), str(y.died), str(y.transfers_out), str(y.members_end),
        )
        for y in years
    )
    blocks.append(Table(tuple(t(f"report.col.{c}", lang) for c in cols), rows))
    return blocks


def _pipeline(f: OrgFigures, lang: str | None) -> list[Block]:
    t = i18n.t
    p = f.pipeline
    year = f.as_of.year
    remaining = (
        t("report.pipeline.no_target", lang, year=year)
        if p.remaining_target is None
        else t("report.pipeline.remaining", lang, year=year, remaining=p.remaining_target)
    )
    rows = tuple((i18n.label(s, lang), str(p.by_stage.get(s, 0))) for s in CandidateStage if p.by_stage.get(s, 0))
    blocks: list[Block] = [
        Heading(1, t("report.section.pipeline", lang)),
        Para(t("report.pipeline.sentence", lang, day=_day(f.as_of), valid=p.valid_certificates,
               expiring=p.expiring_this_year, year=year, remaining_text=remaining)),
    ]
    if rows:
        blocks.append(Table((t("report.col.stage", lang), t("report.col.count", lang)), rows))
    return blocks


# --- renderers -------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(report: Report, lang: str | None = None) -> str:
    lines: list[str] = []
    for b in report_blocks(report, lang):
        if isinstance(b, Heading):
            lines.append(f"{'#' * (b.level + 1)} {b.text}")
        elif isinstance(b, Para):
            lines.append(b.text)
        elif isinstance(b, Items):
            lines.extend(f"- {item}" for item in b.items)
        else:
            lines.append("| " + " | ".join(_md_cell(h) for h in b.headers) + " |")
            lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(b.headers))) + "|")
            lines.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows)
        lines.append("")
    return "\n".join(lines)


def to_docx(report: Report, path: Path, lang: str | None = None) -> None:
    """Write the report as a Word document with real headings and tables."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = Document()
    # A4 landscape: the table of subordinate organisations has twelve columns.
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    for b in report_blocks(report, lang):
        if isinstance(b, Heading):
            doc.add_heading(b.text, level=b.level)
        elif isinstance(b, Para):
            doc.add_paragraph(b.text)
        elif isinstance(b, Items):
            for item in b.items:
                doc.add_paragraph(item, style="List Bullet")
        else:
            table = doc.add_table(rows=1, cols=len(b.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, b.headers, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.size = Pt(9)
            for row in b.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
                    for run in cell.paragraphs[0].runs:
                        run.font.size = Pt(9)
    doc.save(str(path))


__all__ = [
    "Block",
    "ChildReport",
    "Heading",
    "Items",
    "Para",
    "Report",
    "Table",
    "authorise_export",
    "build_report",
    "default_as_of",
    "headline",
    "problems_json",
    "report_blocks",
    "to_docx",
    "to_json",
    "to_markdown",
]


def authorise_export(engine: Any, org: OrgInfo, on: dt.date, detail: dict[str, Any], as_user: str | None = None) -> None:
    """Check that the acting user may see ``org`` and record the export in the audit log
    (DOMAIN.md §9: exports are restricted and logged); a refusal is logged too, then raised.

    The acting user is the OS login (or ``as_user`` for an admin). A login not registered in
    giaoban is logged by name and not refused, since reports hold aggregates only.
    """
    from models.access import os_login, require_read, resolve_actor
    from models.enums import AuditOutcome
    from models.errors import AccessDenied
    from models.schema import AuditEntry
    from models.uow import read_session, write_session

    refusal: AccessDenied | None = None
    with read_session(engine) as session:
        try:
            actor = resolve_actor(session, as_user=as_user)
        except AccessDenied:
            if as_user:
                raise
            user_id, login, acting_as = None, os_login(), None
        else:
            user_id, login, acting_as = actor.user_id, actor.os_login, actor.acting_as
            try:
                require_read(session, actor, org.id, org.code, on)
            except AccessDenied as exc:
                refusal = exc
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
