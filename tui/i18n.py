"""The dashboard's catalogue: every string a screen shows, in Vietnamese and English.

Domain words (statuses, kinds of events, stages, roles, reasons) come from
:mod:`models.i18n`; this catalogue holds the screen's own words. The language is one
process-wide setting, switched by the app (``--lang`` or ``L``); screens re-render on change.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")

_lang = "vi"

CATALOGUE: dict[str, tuple[str, str]] = {
    # The app and its chrome
    "app.loading": ("Đang tải số liệu…", "Loading figures…"),
    "app.updated_at": ("cập nhật lúc {time}", "updated at {time}"),
    "app.period": ("Kỳ {label}", "Period {label}"),
    "app.tree_day": ("theo tổ chức ngày {day}", "tree of {day}"),
    "app.demo_notice": (
        "Cơ sở dữ liệu mẫu: «{login}» chưa được đăng ký nên đang xem với quyền quản trị demo.",
        "Demo database: '{login}' is not registered, so you are looking around as a demo admin.",
    ),
    "app.refused_title": ("Không mở được bảng số liệu", "The dashboard cannot open"),
    "app.refused_hint": ("Nhấn q để thoát.", "Press q to quit."),
    "app.error": ("Lỗi: {message}", "Error: {message}"),
    "app.unexpected_error": (
        "Lỗi không lường trước ({kind}): {message}. Số liệu đang hiện giữ nguyên.",
        "Unexpected error ({kind}): {message}. The figures on screen are unchanged.",
    ),
    "app.language": ("Tiếng Việt", "English"),
    "app.theme": ("Giao diện: {name}", "Theme: {name}"),
    "app.filter_placeholder": ("gõ tên hoặc mã, Enter để giữ, Esc để bỏ", "type a name or code, Enter keeps, Esc clears"),
    "app.reason_banner": ("Vì sao ở đây: {reasons}", "Why it is here: {reasons}"),
    "app.breadcrumb_sep": (" › ", " › "),
    # Bindings: descriptions (help, footer, palette)
    "key.quit": ("Thoát", "Quit"),
    "key.help": ("Phím tắt", "Keys"),
    "key.palette": ("Lệnh", "Commands"),
    "key.back": ("Quay lại", "Back"),
    "key.open": ("Mở", "Open"),
    "key.filter": ("Lọc", "Filter"),
    "key.filter_clear": ("Bỏ lọc", "Clear the filter"),
    "key.sort": ("Sắp xếp", "Sort"),
    "key.down": ("Xuống", "Down"),
    "key.up": ("Lên", "Up"),
    "key.prev_period": ("Kỳ trước", "Previous period"),
    "key.next_period": ("Kỳ sau", "Next period"),
    "key.pick_period": ("Chọn kỳ", "Choose period"),
    "key.theme": ("Đổi giao diện", "Next theme"),
    "key.language": ("Đổi ngôn ngữ (English)", "Switch language (Tiếng Việt)"),
    "key.refresh": ("Tải lại", "Refresh"),
    "key.section": ("Mục {n}: {name}", "Section {n}: {name}"),
    "palette.goto": ("Đến: {name} ({code})", "Go to: {name} ({code})"),
    "palette.goto_help": ("Mở tổng quan của tổ chức này", "Open this organisation's overview"),
    # Headline figures
    "kpi.admitted": ("Kết nạp", "Admitted"),
    "kpi.target": ("Chỉ tiêu", "Target"),
    "kpi.attainment": ("Đạt", "Attainment"),
    "kpi.members": ("Đảng viên", "Members"),
    "kpi.removed": ("Xóa tên", "Removed"),
    "kpi.left": ("Xin ra", "Left"),
    "kpi.problems": ("Cơ sở có vấn đề", "Problem cells"),
    "kpi.women": ("Nữ", "Women"),
    "kpi.youth": ("Đoàn viên", "Youth Union"),
    "kpi.recommended": ("Đoàn thể giới thiệu", "Recommended"),
    "kpi.occasion": ("Kết nạp dịp lễ", "On occasions"),
    "kpi.aged_18_30": ("Tuổi 18–30", "Aged 18–30"),
    "kpi.composition": ("Thành phần", "Composition"),
    # Children table
    "col.org": ("Tổ chức", "Organisation"),
    "col.members": ("ĐV", "Memb."),
    "col.target": ("C.tiêu", "Target"),
    "col.admitted": ("K.nạp", "Admit."),
    "col.attainment": ("Đạt %", "Att. %"),
    "col.pace": ("Tiến độ", "Pace"),
    "col.removed": ("Xóa", "Rem."),
    "col.left": ("Ra", "Left"),
    "col.ready": ("Nguồn", "Ready"),
    "col.status": ("Tình trạng", "Status"),
    "col.problems": ("Vấn đề", "Issues"),
    "col.name": ("Họ tên", "Name"),
    "col.sex": ("Giới", "Sex"),
    "col.born": ("Sinh", "Born"),
    "col.joined": ("Kết nạp", "Joined"),
    "col.member_status": ("Trạng thái", "Status"),
    "col.flags": ("Ghi chú", "Flags"),
    "col.date": ("Ngày", "Date"),
    "col.event": ("Sự kiện", "Event"),
    "col.where": ("Nơi", "Where"),
    "col.decision": ("Quyết định", "Decision"),
    "col.detail": ("Chi tiết", "Detail"),
    "col.severity": ("Mức", "Level"),
    "col.path": ("Thuộc", "Under"),
    "col.reasons": ("Lý do", "Reasons"),
    "col.year": ("Năm", "Year"),
    "col.figure": ("Chỉ số", "Figure"),
    "col.value": ("Giá trị", "Value"),
    "col.now": ("Kỳ này", "This period"),
    "col.before": ("Kỳ trước", "Previous"),
    "col.start": ("Đầu năm", "Start"),
    "col.end": ("Cuối năm", "End"),
    "col.transfers_in": ("Chuyển đến", "In"),
    "col.transfers_out": ("Chuyển đi", "Out"),
    "col.expelled": ("Khai trừ", "Expelled"),
    "col.died": ("Từ trần", "Died"),
    "status.symbol.met": ("✓", "✓"),
    "status.symbol.on_pace": ("●", "●"),
    "status.symbol.behind": ("▼", "▼"),
    "status.symbol.no_target": ("–", "–"),
    "pace.ahead": ("▲ vượt {n}", "▲ +{n}"),
    "pace.behind": ("▼ thiếu {n}", "▼ −{n}"),
    "pace.even": ("= đúng", "= even"),
    "pace.closed": ("", ""),
    "flag.far_away": ("làm ăn xa", "far away"),
    "flag.exempt": ("tạm miễn", "exempt"),
    "flag.r213_ok": ("QĐ213 đủ", "R213 ok"),
    "flag.r213_not_registered": ("QĐ213 chưa đăng ký", "R213 not registered"),
    "flag.r213_comments_missing": ("QĐ213 thiếu nhận xét", "R213 comments missing"),
    "severity.1": ("thấp", "low"),
    "severity.2": ("vừa", "medium"),
    "severity.3": ("cao", "high"),
    # Screens
    "screen.problems": ("Cơ sở có vấn đề", "Problem cells"),
    "screen.help": ("Phím tắt của màn hình này", "Keys of this screen"),
    "screen.period": ("Chọn kỳ báo cáo", "Choose a period"),
    "help.close": ("Esc hoặc ? để đóng", "Esc or ? closes"),
    "help.key": ("Phím", "Key"),
    "help.action": ("Việc", "Action"),
    "member.header": (
        "{name} · {sex} · sinh {born} · kết nạp {joined} · {status}",
        "{name} · {sex} · born {born} · joined {joined} · {status}",
    ),
    "member.no_events": ("Chưa có sự kiện nào.", "No events yet."),
    "cell.no_members": ("Chi bộ chưa có đảng viên nào.", "The cell has no members."),
    "problems.none": ("Không có cơ sở nào có vấn đề trong kỳ này.", "No problem cells in this period."),
    "problems.count": ("{n} tổ chức có vấn đề", "{n} organisations flagged"),
    # Sections
    "section.1": ("Kết nạp", "Admissions"),
    "section.2": ("Xóa tên, xin ra", "Removals and leaves"),
    "section.3": ("Nguồn phát triển", "Pipeline"),
    "section.4": ("QĐ 213, làm ăn xa", "Reg. 213, far away"),
    "section.5": ("Có vấn đề", "Problems"),
    "sec.pipeline.valid": ("Giấy chứng nhận còn hạn", "Valid certificates"),
    "sec.pipeline.expiring": ("Hết hạn trong năm", "Expiring this year"),
    "sec.pipeline.remaining": ("Chỉ tiêu còn lại trong năm", "Rest of the year's target"),
    "sec.pipeline.coverage": ("Nguồn / chỉ tiêu còn lại", "Candidates / rest of target"),
    "sec.r213.year": ("Năm đánh giá", "Rating year"),
    "sec.r213.links": ("Đảng viên phải giữ liên hệ", "Members who must keep contact"),
    "sec.r213.exempt": ("Được miễn", "Exempt"),
    "sec.r213.registered": ("Đã đăng ký nơi cư trú", "Registered at residence"),
    "sec.r213.requested": ("Đã gửi phiếu xin ý kiến", "Comments requested"),
    "sec.r213.returned": ("Đã có nhận xét", "Comments returned"),
    "sec.r213.missing": ("Còn thiếu nhận xét", "Comments missing"),
    "sec.far.away": ("Đang đi làm ăn xa", "Working far away"),
    "sec.far.no_contact": ("Không liên lạc", "Without contact"),
    "sec.removal_ground": ("Xóa tên theo lý do", "Removals by ground"),
    # Charts
    "chart.admissions_by_child": ("Kết nạp so với chỉ tiêu", "Admitted against target"),
    "chart.trend": ("Kết nạp và chỉ tiêu theo năm", "Admissions and targets by year"),
    "chart.flows": ("Xóa tên và xin ra theo năm", "Removals and leaves by year"),
    "chart.composition": ("Thành phần so với kỳ trước", "Composition against the previous period"),
    "chart.pipeline": ("Nguồn theo giai đoạn", "Candidates by stage"),
    "chart.r213": ("Quy định 213", "Regulation 213"),
    "chart.problem_rules": ("Số tổ chức theo từng vấn đề", "Organisations flagged by each rule"),
    "chart.no_data": ("Chưa có số liệu để vẽ", "No data to draw"),
    "chart.all_zero": ("Tất cả đều bằng 0", "All values are zero"),
    "chart.series.admitted": ("Kết nạp", "Admitted"),
    "chart.series.target": ("Chỉ tiêu", "Target"),
    "chart.series.removed": ("Xóa tên", "Removed"),
    "chart.series.left": ("Xin ra", "Left"),
    "chart.series.now": ("Kỳ này", "This period"),
    "chart.series.before": ("Kỳ trước", "Previous"),
    "chart.series.count": ("Số", "Count"),
    # Period picker
    "period.prompt": ("Gõ một năm (2023) hoặc khoảng năm (2020-2022):", "Type a year (2023) or a range (2020-2022):"),
    "period.this_year": ("Năm nay ({label})", "This year ({label})"),
    "period.last_year": ("Năm trước ({label})", "Last year ({label})"),
    "period.year": ("Năm {label}", "Year {label}"),
    "period.term": ("Nhiệm kỳ {label}", "Term {label}"),
    "period.current": ("(đang xem)", "(current)"),
}


def set_language(lang: str) -> None:
    global _lang
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _lang = lang


def language() -> str:
    return _lang


def tr(key: str, /, lang: str | None = None, **params: Any) -> str:
    """The screen string ``key`` in ``lang`` (the current language by default)."""
    vi, en = CATALOGUE[key]
    text = vi if (lang or _lang) == "vi" else en
    return text.format(**params) if params else text


def domain(key: str, /, **params: Any) -> str:
    """A message of the domain catalogue (statuses, reasons, labels) in the current language."""
    from models import i18n

    return i18n.t(key, _lang, **params)


def label(enum_value: Any) -> str:
    """The domain label of an enum member in the current language."""
    from models import i18n

    return i18n.label(enum_value, _lang)


def number(value: int | float | None, digits: int = 0) -> str:
    """A number written the local way: 1.234,5 in Vietnamese, 1,234.5 in English."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}"
    if _lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(ratio: float | None) -> str:
    if ratio is None:
        return "–"
    return number(ratio * 100, 0) + "%"


def day(value: Any) -> str:
    """A date as people write it: 31/03/2023 in Vietnamese, 2023-03-31 in English."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y") if _lang == "vi" else value.isoformat()
