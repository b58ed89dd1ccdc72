"""The report's sections on members at risk of removal and on the last briefing's conclusions:
tables of counts per cell (no names: a report is shared) and of each conclusion's status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models import i18n
from models.conclusions import ConclusionRow
from models.removal_warnings import CellRisk

i18n.register(
    {
        "report.section.at_risk": ("Đảng viên có nguy cơ bị xóa tên", "Members at risk of removal"),
        "report.at_risk.sentence": (
            ("{members} đảng viên có nguy cơ bị xóa tên ({flagged} đã đến ngưỡng: bỏ sinh hoạt hoặc không đóng đảng phí"
             " {flag} tháng trong {window} tháng; cảnh báo sớm từ {warn} tháng), ở {cells} chi bộ. Căn cứ: {regulation}."),
            ("{members} member(s) at risk of removal ({flagged} at the threshold: missed meetings or unpaid dues in"
             " {flag} months of {window}; early warning from {warn} months), in {cells} cell(s). Basis: {regulation}."),
        ),
        "report.at_risk.problem_line": ("{count} đảng viên có nguy cơ bị xóa tên.", "{count} member(s) at risk of removal."),
        "report.at_risk.none": ("Không có đảng viên nào có nguy cơ bị xóa tên.", "No member is at risk of removal."),
        "report.at_risk.col.cell": ("Chi bộ", "Cell"),
        "report.at_risk.col.members": ("Có nguy cơ", "At risk"),
        "report.at_risk.col.flagged": ("Đến ngưỡng xóa tên", "At the threshold"),
        "report.at_risk.col.missed": ("Bỏ sinh hoạt", "Missed meetings"),
        "report.at_risk.col.unpaid": ("Không đóng đảng phí", "Unpaid dues"),
        "report.section.conclusions": ("Thực hiện kết luận kỳ trước", "Conclusions of the last briefing"),
        "report.conclusions.none": ("Chưa có kết luận giao ban nào.", "No briefing conclusions yet."),
        "report.conclusions.sentence": (
            "{total} kết luận: {done} đã thực hiện, {open} đang thực hiện, {overdue} quá hạn.",
            "{total} conclusion(s): {done} done, {open} in progress, {overdue} overdue.",
        ),
        "report.conclusions.col.org": ("Tổ chức thực hiện", "Responsible"),
        "report.conclusions.col.text": ("Kết luận", "Conclusion"),
        "report.conclusions.col.due": ("Hạn", "Due"),
        "report.conclusions.col.status": ("Tình trạng", "Status"),
        "report.conclusions.col.progress": ("Kết quả", "Progress"),
    }
)


def at_risk_json(cells: Sequence[CellRisk]) -> list[dict[str, Any]]:
    return [{"org": c.org_code, "members": c.members, "flagged": c.flagged, "missed_meetings": c.missed_meetings,
             "unpaid_dues": c.unpaid_dues} for c in cells]


def at_risk_table(cells: Sequence[CellRisk], lang: str | None) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    t = i18n.t
    headers = tuple(t(f"report.at_risk.col.{k}", lang) for k in ("cell", "members", "flagged", "missed", "unpaid"))
    rows = tuple((c.org_name, str(c.members), str(c.flagged), str(c.missed_meetings), str(c.unpaid_dues)) for c in cells)
    return headers, rows


def conclusions_table(rows: Sequence[ConclusionRow], lang: str | None) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    t = i18n.t
    headers = tuple(t(f"report.conclusions.col.{k}", lang) for k in ("org", "text", "due", "status", "progress"))
    day = "%d/%m/%Y" if (lang or i18n.current_language()) == "vi" else "%Y-%m-%d"
    body = tuple((r.org_name, r.text, r.due.strftime(day), r.status.label(lang), r.progress(lang)) for r in rows)
    return headers, body


def conclusions_sentence(rows: Sequence[ConclusionRow], lang: str | None) -> str:
    n = {s: sum(1 for r in rows if r.status.value == s) for s in ("done", "open", "overdue")}
    return i18n.t("report.conclusions.sentence", lang, total=len(rows), **n)
