"""The report as a Party document (Hướng dẫn 36-HD/VPTW, 2018), in neutral blocks.

:func:`report_document` turns a :class:`models.report.Report` into a :class:`Document`: the
head (issuing body, "ĐẢNG CỘNG SẢN VIỆT NAM", the place and date, "BÁO CÁO" and the subject),
the body in parts numbered I., II., then 1., 2., then a), b), every table numbered and
captioned ("Biểu 1: ...") with its unit, the signature and "Nơi nhận:", and the annex (phụ
lục) with the tables too wide for a portrait page and the problem cells beyond the ten worst.
:mod:`models.report_markdown` and :mod:`models.report_docx` render the same document, so
both carry the same numbering, sentences and figures. Nothing here computes a figure: every
number comes from the Report; this module writes it the reader's way (3.119; 18,7; 107,73%).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from models import i18n
from models.figures.data import Composition, OrgFigures, Period, Status
from models.makeup_text import makeup_lines
from models.numbers import number, share
from models.pipeline_flow import FLOW_STAGES, IN_PIPELINE
from models.report import Report
from models.report_layout import (
    ANNEX_TABLE_PTS,
    LANDSCAPE_TEXT_MM,
    PORTRAIT_TEXT_MM,
    TABLE_PT,
    column_widths,
)
from models.safe_text import shown_fields
from models.settings import Settings

#: The problem cells listed in the text; the rest go to the annex. The order is
#: models.figures.problems.problem_order: the most severe rule fired first, then the sum of the
#: severities of every rule fired (more rules, worse), then the path and the code.
TOP_PROBLEMS = 10

DOTS = "……"  # what an office leaves blank to fill in by hand

i18n.register(
    {
        "report.party": ("ĐẢNG CỘNG SẢN VIỆT NAM", "COMMUNIST PARTY OF VIETNAM"),
        "report.star": ("*", "*"),
        "report.number": ("Số {number}-{symbol}", "No. {number}-{symbol}"),
        "report.place_date": ("{place}, ngày {d} tháng {m} năm {y}", "{place}, {y}-{m}-{d}"),
        "report.kind": ("BÁO CÁO", "REPORT"),
        "report.subject": (
            "đề dẫn hội nghị giao ban công tác phát triển đảng viên {span}",
            "opening the briefing on Party member development, {span}",
        ),
        "report.span_label.one": ("năm {year}", "{year}"),
        "report.span_label.many": ("giai đoạn {start}–{end}", "{start}–{end}"),
        "report.scope": (
            "Số liệu của {org} (gồm các tổ chức đảng trực thuộc), tính đến ngày {day}.",
            "Figures of {org} (with its subordinate organisations), as of {day}.",
        ),
        "report.part.development": ("KẾT QUẢ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN", "PARTY MEMBER DEVELOPMENT"),
        "report.part.management": ("CÔNG TÁC QUẢN LÝ ĐẢNG VIÊN", "MANAGING THE MEMBERSHIP"),
        "report.part.attention": ("CÁC TỔ CHỨC ĐẢNG CẦN LƯU Ý", "ORGANISATIONS NEEDING ATTENTION"),
        "report.section.admissions": ("Kết quả kết nạp đảng viên", "Admissions"),
        "report.section.composition": ("Cơ cấu đảng viên mới kết nạp", "Who was admitted"),
        "report.section.children": ("Kết quả theo tổ chức đảng trực thuộc", "By subordinate organisation"),
        "report.section.pipeline": ("Nguồn phát triển đảng viên", "Candidate pipeline"),
        "report.section.makeup": ("Cơ cấu đảng viên", "The members' make-up"),
        "report.section.stock": ("Nguồn hiện có", "Candidates in the pipeline"),
        "report.section.flow": ("Biến động nguồn trong kỳ", "The period's flow"),
        "report.section.exits": ("Xóa tên, xin ra khỏi Đảng", "Removals and leaves"),
        "report.section.r213": (
            "Quản lý đảng viên đang công tác giữ mối liên hệ với nơi cư trú (Quy định 213-QĐ/TW)",
            "Working members' contact with their place of residence (Regulation 213-QĐ/TW)",
        ),
        "report.section.far_away": ("Đảng viên đi làm ăn xa", "Members working far away"),
        "report.span.one": ("Trong năm {start}", "In {start}"),
        "report.span.many": ("Trong {n} năm ({start}–{end})", "In the {n} years {start}–{end}"),
        "report.span.open": ("Từ đầu năm {year} đến ngày {day}", "From the start of {year} to {day}"),
        "report.headline.target": (
            "{span}, đã kết nạp được {admitted} đảng viên trong tổng số {target} chỉ tiêu kết nạp, {verdict}.",
            "{span}, admissions: {admitted} against a total admission target of {target}, {verdict}.",
        ),
        "report.headline.no_target": (
            "{span}, đã kết nạp được {admitted} đảng viên; chưa có chỉ tiêu kết nạp được đăng ký.",
            "{span}, admissions: {admitted}; no admission target was registered.",
        ),
        "report.verdict.exceeded": ("vượt chỉ tiêu (đạt {percent})", "exceeding the target ({percent})"),
        "report.verdict.met": ("đạt chỉ tiêu ({percent})", "meeting the target ({percent})"),
        "report.verdict.behind": (
            "chưa đạt chỉ tiêu (đạt {percent}, còn thiếu {short})",
            "short of the target ({percent}, {short} to go)",
        ),
        "report.verdict.open": (
            "đạt {percent} chỉ tiêu năm (còn {short} đảng viên)",
            "{percent} of the year's target ({short} still to admit)",
        ),
        "report.none_admitted": ("{span}, chưa kết nạp được đảng viên nào.", "{span}, no member was admitted."),
        "report.compare.same_span": (
            "cùng kỳ năm {year} (từ {start} đến {end})", "the same days of {year} ({start} to {end})"),
        "report.compare.period": ("kỳ trước ({label})", "the period before ({label})"),
        "report.compare.more": (
            "So với {other}, kết nạp {previous} đảng viên, nay tăng {diff} đảng viên ({change}).",
            "Against {other}, when {previous} were admitted: {diff} more ({change}).",
        ),
        "report.compare.fewer": (
            "So với {other}, kết nạp {previous} đảng viên, nay giảm {diff} đảng viên ({change}).",
            "Against {other}, when {previous} were admitted: {diff} fewer ({change}).",
        ),
        "report.compare.same": (
            "So với {other}, số kết nạp bằng nhau ({previous} đảng viên).",
            "Against {other}: as many admitted ({previous}).",
        ),
        "report.compare.none": (
            "Chưa so sánh với kỳ trước vì dữ liệu chỉ có từ năm {year}.",
            "No comparison with an earlier period: the records begin in {year}.",
        ),
        "report.composition": (
            "Trong tổng số {admitted} đảng viên kết nạp có: nữ {women}; đoàn viên Đoàn TNCS Hồ Chí Minh {youth_union};"
            " được xem xét kết nạp từ danh sách đoàn viên, hội viên ưu tú do các đoàn thể giới thiệu {recommended};"
            " kết nạp nhân các ngày lễ, kỷ niệm {on_occasion}; từ 18 đến 30 tuổi {aged}.",
            "Of the {admitted} admitted: women {women}; Ho Chi Minh Communist Youth Union members {youth_union};"
            " considered from the lists of outstanding members recommended by the mass organisations"
            " {recommended}; admitted on holidays and anniversaries {on_occasion}; aged 18 to 30 {aged}.",
        ),
        "report.with_share": ("{n} ({share})", "{n} ({share})"),
        "report.by_mass_org": ("Theo đoàn thể giới thiệu: {items}.", "By recommending mass organisation: {items}."),
        "report.behind": (
            "Có {count}/{total} tổ chức đảng trực thuộc chưa đạt chỉ tiêu kết nạp: {items}.",
            "Subordinate organisations that missed their admission target: {count} of {total}: {items}.",
        ),
        "report.see_annex": (
            "Chi tiết tại Biểu {number} (phần phụ lục).", "Details in Table {number} (annex)."),
        "report.pipeline.stock": (
            "Đến ngày {day}, có {total} quần chúng ưu tú trong danh sách nguồn, trong đó {valid} người có giấy"
            " chứng nhận học lớp bồi dưỡng nhận thức về Đảng còn hiệu lực ({expiring} giấy hết hạn trước cuối"
            " năm {year}).",
            "As of {day}, candidates in the pipeline: {total}; of them holding a valid Party awareness class"
            " certificate: {valid} (expiring before the end of {year}: {expiring}).",
        ),
        "report.pipeline.flow": (
            "Từ ngày {start} đến ngày {end}: bổ sung {identified} quần chúng ưu tú vào danh sách nguồn; {classed}"
            " người học lớp bồi dưỡng nhận thức về Đảng; {admitted} người được kết nạp; {dropped} người ra khỏi"
            " danh sách nguồn.",
            "From {start} to {end}: {identified} candidates added to the pipeline; {classed} attended the Party"
            " awareness class; {admitted} admitted; {dropped} left the pipeline.",
        ),
        "report.pipeline.remaining": (
            "Chỉ tiêu kết nạp năm {year} còn lại {remaining} đảng viên.",
            "Still to admit to meet the {year} target: {remaining}.",
        ),
        "report.pipeline.no_target": ("Năm {year} chưa có chỉ tiêu kết nạp.", "No target is registered for {year}."),
        "report.pipeline.next": (
            "Năm {year} đã khép lại; chỉ tiêu kết nạp năm {next} là {target} đảng viên.",
            "{year} is over; the admission target for {next} is {target}.",
        ),
        "report.pipeline.next_none": (
            "Năm {year} đã khép lại; năm {next} chưa đăng ký chỉ tiêu kết nạp.",
            "{year} is over; no admission target is registered for {next} yet.",
        ),
        "report.exits.sentence": (
            "{span}, có {removed} đảng viên bị xóa tên và {left} đảng viên xin ra khỏi Đảng; số xóa tên {trend}"
            " ({series}).",
            "{span}: removed from the rolls {removed}, left on request {left}; removals {trend} ({series}).",
        ),
        "report.exits.one_year": (
            "{span}, có {removed} đảng viên bị xóa tên và {left} đảng viên xin ra khỏi Đảng.",
            "{span}: removed from the rolls {removed}, left on request {left}.",
        ),
        "report.trend.down": ("giảm", "fell"),
        "report.trend.up": ("tăng", "rose"),
        "report.trend.flat": ("không đổi", "held steady"),
        "report.grounds": ("Lý do xóa tên: {items}.", "Grounds for removal: {items}."),
        "report.r213.sentence": (
            "Năm {year}, có {total} đảng viên đang công tác thuộc diện thực hiện Quy định 213-QĐ/TW, trong đó"
            " {exempt} đồng chí được miễn và {links} đồng chí phải giữ mối liên hệ với chi bộ nơi cư trú. Trong số"
            " {links} đồng chí này: {registered} đã đăng ký với chi bộ nơi cư trú; {requested} phiếu xin ý kiến"
            " đã gửi, {returned} đã có nhận xét, còn thiếu {missing}.",
            "{year}: working members under Regulation 213-QĐ/TW {total}, of whom {exempt} exempt and {links}"
            " who must keep contact with the residence cell. Of these {links}: registered with the residence"
            " cell {registered}; comment requests sent {requested}, returned {returned}, missing {missing}.",
        ),
        "report.far_away.sentence": (
            "Đến ngày {day}, có {away} đảng viên đi làm ăn xa, trong đó {without} đảng viên không liên hệ với chi bộ"
            " quá {months} tháng.",
            "As of {day}, members working far away: {away}; of them out of contact for over {months} months:"
            " {without}.",
        ),
        "report.problems.none": ("Không có tổ chức đảng nào bị cảnh báo.", "No organisation is flagged."),
        "report.problems.all": (
            "Có {count} tổ chức đảng bị cảnh báo, xếp từ nặng đến nhẹ (theo mức cảnh báo cao nhất, rồi theo"
            " tổng mức các cảnh báo):",
            "{count} organisations are flagged, the worst first (by their most severe warning, then by the sum"
            " of their warnings):",
        ),
        "report.problems.top": (
            "Có {count} tổ chức đảng bị cảnh báo; dưới đây là {top} tổ chức cần lưu ý nhất (xếp theo mức cảnh"
            " báo cao nhất, rồi theo tổng mức các cảnh báo); {rest} tổ chức còn lại tại Biểu {number} (phần phụ"
            " lục).",
            "{count} organisations are flagged; below are the {top} needing most attention (by their most"
            " severe warning, then by the sum of their warnings); the other {rest} are in Table {number}"
            " (annex).",
        ),
        "report.caption": ("Biểu {number}: {title}", "Table {number}: {title}"),
        "report.unit": ("Đơn vị tính: {unit}", "Unit: {unit}"),
        "report.unit.people": ("người", "persons"),
        "report.unit.people_percent": ("người, %", "persons, %"),
        "report.unit.orgs": ("tổ chức đảng", "organisations"),
        "report.table.children": (
            "Kết quả kết nạp đảng viên theo tổ chức đảng trực thuộc, {span}",
            "Admissions by subordinate organisation, {span}",
        ),
        "report.table.composition": ("Cơ cấu đảng viên mới kết nạp, {span}", "Who was admitted, {span}"),
        "report.table.books": ("Biến động đảng viên theo năm", "The membership's books by year"),
        "report.table.stock": ("Nguồn phát triển đảng viên đến ngày {day}", "Candidates in the pipeline as of {day}"),
        "report.table.problems_rest": (
            "Các tổ chức đảng bị cảnh báo khác (từ thứ {first} trở đi)",
            "The other flagged organisations (from number {first} on)",
        ),
        "report.col.no": ("STT", "No."),
        "report.col.org": ("Tổ chức đảng", "Organisation"),
        "report.col.members": ("Đảng viên", "Members"),
        "report.col.target": ("Chỉ tiêu", "Target"),
        "report.col.admitted": ("Kết nạp", "Admitted"),
        "report.col.percent": ("Tỷ lệ đạt", "Rate"),
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
        "report.col.item": ("Nội dung", "Item"),
        "report.col.number": ("Số lượng", "Number"),
        "report.col.share": ("Tỷ lệ", "Share"),
        "report.col.same_span": ("Cùng kỳ năm {year}", "Same days of {year}"),
        "report.col.previous": ("Kỳ trước ({label})", "Period before ({label})"),
        "report.col.reasons": ("Cảnh báo", "Warnings"),
        "report.row.admitted": ("Tổng số kết nạp", "Admitted"),
        "report.row.women": ("Nữ", "Women"),
        "report.row.youth_union": ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "Youth Union members"),
        "report.row.recommended": ("Do các đoàn thể giới thiệu", "Recommended by mass organisations"),
        "report.row.on_occasion": ("Kết nạp nhân ngày lễ, kỷ niệm", "Admitted on holidays and anniversaries"),
        "report.row.aged": ("Từ 18 đến 30 tuổi", "Aged 18 to 30"),
        "report.total": ("Tổng cộng", "Total"),
        "report.recipients": ("Nơi nhận:", "Recipients:"),
        "report.recipient.archive": ("Lưu văn phòng.", "Office archive."),
        "report.annex": ("PHỤ LỤC", "ANNEX"),
        "report.annex.of": (
            "(Kèm theo Báo cáo số {number}-{symbol}, ngày {date} của {issuer})",
            "(Attached to Report No. {number}-{symbol} of {date} by {issuer})",
        ),
    }
)

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_LETTERS = "abcdeghiklmnopqrstuvxy"  # the Vietnamese alphabet has no f, j, w, z


# --- blocks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    superior: str  # "ĐẢNG BỘ ..."
    issuer: str  # the committee's name, in capitals
    star: str
    number: str  # "Số …-BC/…"
    party: str  # "ĐẢNG CỘNG SẢN VIỆT NAM"
    place_date: str
    kind: str  # "BÁO CÁO"
    subject: str


@dataclass(frozen=True)
class Heading:
    level: int  # 1: "I.", 2: "1.", 3: "a)"
    label: str
    text: str

    @property
    def full(self) -> str:
        return f"{self.label} {self.text}"


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    """A list; ``numbered`` lists carry their own numbers in the text."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    unit: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    total_row: bool  # the last row is a total (bold)
    widths_mm: tuple[float, ...]
    landscape: bool  # in the annex, on a landscape page
    font_pt: float = TABLE_PT

    def caption(self, lang: str | None) -> str:
        return i18n.t("report.caption", lang, number=self.number, title=self.title)

    def unit_line(self, lang: str | None) -> str:
        return i18n.t("report.unit", lang, unit=self.unit)


@dataclass(frozen=True)
class Signature:
    on_behalf: str
    position: str
    name: str


Block = Heading | Para | Items | Table


@dataclass(frozen=True)
class Document:
    lang: str
    head: Head
    body: tuple[Block, ...]
    signature: Signature
    recipients_title: str
    recipients: tuple[str, ...]
    annex_title: str
    annex_of: str
    annex: tuple[Block, ...] = ()

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(sorted((b for b in (*self.body, *self.annex) if isinstance(b, Table)), key=lambda t: t.number))


@dataclass(frozen=True)
class Office:
    """What the office fills in once (models.settings.Settings.report_*)."""

    superior: str = ""
    issuer: str = ""
    place: str = ""
    number_symbol: str = ""
    signer_on_behalf: str = Settings.report_signer_on_behalf
    signer_position: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, s: Settings) -> Office:
        return cls(s.report_superior, s.report_issuer, s.report_place, s.report_number_symbol,
                   s.report_signer_on_behalf, s.report_signer_position, s.report_signer_name, s.report_recipients)


# --- numbers and dates the reader's way -------------------------------------------------------
def _lang(lang: str | None) -> str:
    return lang or i18n.current_language()


def _n(value: int, lang: str) -> str:
    return number(value, 0, lang)


def _with_share(part: int, whole: int, lang: str) -> str:
    return i18n.t("report.with_share", lang, n=_n(part, lang), share=share(part, whole, 2, lang))


def _day(d: dt.date, lang: str) -> str:
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def place_date(place: str, day: dt.date, lang: str) -> str:
    """"Cần Giờ, ngày 07 tháng 02 năm 2026": days below 10 and the months 1 and 2 take a
    leading zero (Hướng dẫn 36-HD/VPTW)."""
    d = f"{day.day:02d}"
    m = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    if lang != "vi":
        m = f"{day.month:02d}"
    return i18n.t("report.place_date", lang, place=place or DOTS, d=d, m=m, y=day.year)


def _span(period: Period, lang: str) -> str:
    if period.length == 1:
        return i18n.t("report.span.one", lang, start=period.start_year)
    return i18n.t("report.span.many", lang, n=period.length, start=period.start_year, end=period.end_year)


def _span_label(period: Period, lang: str) -> str:
    if period.length == 1:
        return i18n.t("report.span_label.one", lang, year=period.start_year)
    return i18n.t("report.span_label.many", lang, start=period.start_year, end=period.end_year)


# --- the outline: I., 1., a) ------------------------------------------------------------------
@dataclass
class _Outline:
    parts: int = 0
    sections: int = 0
    items: int = 0

    def part(self, text: str) -> Heading:
        self.parts += 1
        self.sections = self.items = 0
        return Heading(1, f"{_ROMAN[self.parts - 1]}.", text)

    def section(self, text: str) -> Heading:
        self.sections += 1
        self.items = 0
        return Heading(2, f"{self.sections}.", text)

    def item(self, text: str) -> Heading:
        self.items += 1
        return Heading(3, f"{_LETTERS[self.items - 1]})", text)


@dataclass
class _Tables:
    """Numbers the tables in the order the text names them and sends the wide ones (and those
    that belong there) to the annex, leaving a pointer in the text."""

    lang: str
    count: int = 0
    annex: list[Block] = field(default_factory=list)

    def place(self, title: str, unit: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
              numeric: Sequence[bool], total_row: bool = False, annex: bool = False, name_col: int = 0,
              point: bool = True) -> list[Block]:
        self.count += 1
        rows_t = tuple(tuple(r) for r in rows)
        widths, fits = column_widths(headers, rows_t, numeric, PORTRAIT_TEXT_MM, name_col)
        if fits and not annex:
            return [Table(self.count, title, unit, tuple(headers), rows_t, tuple(numeric), total_row, widths, False)]
        for pt in ANNEX_TABLE_PTS:
            widths, fits = column_widths(headers, rows_t, numeric, LANDSCAPE_TEXT_MM, name_col, pt)
            if fits:
                break
        self.annex.append(Table(self.count, title, unit, tuple(headers), rows_t, tuple(numeric), total_row, widths, True,
                                pt))
        return [Para(i18n.t("report.see_annex", self.lang, number=self.count))] if point else []


# --- the document ------------------------------------------------------------------------------
def report_document(report: Report, office: Office | None = None, issued: dt.date | None = None,
                    lang: str | None = None, number_text: str | None = None) -> Document:
    """The report as a Party document; ``issued``: the date of the place and date line (today
    by default); ``number_text``: the document's number when it is known (else a blank)."""
    lang = _lang(lang)
    office = office or Office()
    issued = issued or dt.date.today()
    f = report.figures
    t = i18n.t
    symbol = office.number_symbol or f"BC/{DOTS}"
    num = number_text or DOTS
    issuer = office.issuer or f.org.name.upper()
    head = Head(
        superior=office.superior or (report.parent_name.upper() if report.parent_name else f"ĐẢNG BỘ {DOTS}"),
        issuer=issuer,
        star=t("report.star", lang),
        number=t("report.number", lang, number=num, symbol=symbol),
        party=t("report.party", lang),
        place_date=place_date(office.place, issued, lang),
        kind=t("report.kind", lang),
        subject=t("report.subject", lang, span=_span_label(f.period, lang)),
    )
    out = _Outline()
    tables = _Tables(lang)
    body: list[Block] = [Para(t("report.scope", lang, org=f.org.name, day=_day(f.as_of, lang)))]

    body.append(out.part(t("report.part.development", lang)))
    body.append(out.section(t("report.section.admissions", lang)))
    body.extend(Para(p) for p in headline(report, lang))
    body.append(out.section(t("report.section.composition", lang)))
    body.extend(_composition(report, tables, lang))
    if report.children:
        body.append(out.section(t("report.section.children", lang)))
        body.extend(_children(report, tables, lang))
    body.append(out.section(t("report.section.pipeline", lang)))
    body.extend(_pipeline(report, out, tables, lang))
    if report.makeup is not None:
        body.append(out.section(t("report.section.makeup", lang)))
        body.extend(Para(p) for p in makeup_lines(report.makeup, lang, day=_day(report.makeup.day, lang)))

    body.append(out.part(t("report.part.management", lang)))
    body.append(out.section(t("report.section.exits", lang)))
    body.extend(_exits(report, tables, lang))
    body.append(out.section(t("report.section.r213", lang)))
    body.append(Para(_r213(f, lang)))
    body.append(out.section(t("report.section.far_away", lang)))
    body.append(Para(t("report.far_away.sentence", lang, day=_day(f.as_of, lang), away=_n(f.far_away.members_away, lang),
                       without=_n(f.far_away.without_contact, lang), months=report.far_away_months)))

    body.append(out.part(t("report.part.attention", lang)))
    body.extend(_problems(report, tables, lang))
    body.append(out.section(t("report.section.at_risk", lang)))
    body.extend(_at_risk(report, tables, lang))
    body.append(out.section(t("report.section.conclusions", lang)))
    body.extend(_conclusions(report, tables, lang))

    # Left blank, the list shows where the office writes its recipients, then its own archive.
    recipients = office.recipients or (f"{DOTS},", t("report.recipient.archive", lang))
    # Stored text (names, codes) made safe to print and to write (models.safe_text).
    return shown_fields(Document(  # type: ignore[no-any-return]
        lang=lang,
        head=head,
        body=tuple(body),
        signature=Signature(office.signer_on_behalf, office.signer_position or DOTS,
                            office.signer_name or DOTS),
        recipients_title=t("report.recipients", lang),
        recipients=tuple(f"- {r}" for r in recipients),
        annex_title=t("report.annex", lang),
        annex_of=t("report.annex.of", lang, number=num, symbol=symbol, date=_day(issued, lang), issuer=issuer),
        annex=tuple(tables.annex),
    ))


def headline(report: Report, lang: str | None = None) -> list[str]:
    """The opening paragraphs: admissions against the target, then against the earlier span
    with data (the same days of last year for a year in progress)."""
    lang = _lang(lang)
    f = report.figures
    a, period = f.attainment, f.period
    t = i18n.t
    open_year = period.is_open(f.as_of)  # the comparison then is with the same days of last year
    span = (t("report.span.open", lang, year=f.as_of.year, day=_day(f.as_of, lang)) if open_year and period.length == 1
            else _span(period, lang))
    admitted = _n(a.admitted, lang)
    if a.target is None:
        first = t("report.headline.no_target", lang, span=span, admitted=admitted)
    else:
        percent = share(a.admitted, a.target, 2, lang) if a.target else share(1, 1, 2, lang)
        if a.admitted > a.target:
            verdict = t("report.verdict.exceeded", lang, percent=percent)
        elif a.admitted == a.target:
            verdict = t("report.verdict.met", lang, percent=percent)
        elif open_year:
            verdict = t("report.verdict.open", lang, percent=percent, short=_n(a.target - a.admitted, lang))
        else:
            verdict = t("report.verdict.behind", lang, percent=percent, short=_n(a.target - a.admitted, lang))
        first = t("report.headline.target", lang, span=span, admitted=admitted, target=_n(a.target, lang), verdict=verdict)
        if not a.admitted:
            first = t("report.none_admitted", lang, span=span) + " " + first
    paras = [first]
    c = report.comparison
    if c is not None:
        other = (
            t("report.compare.same_span", lang, year=c.start.year, start=_day(c.start, lang), end=_day(c.end, lang))
            if c.same_span
            else t("report.compare.period", lang, label=Period(c.start.year, c.end.year).label())
        )
        cur, prev = c.current.admitted, c.previous.admitted
        if cur == prev:
            paras.append(t("report.compare.same", lang, other=other, previous=_n(prev, lang)))
        else:
            key = "report.compare.more" if cur > prev else "report.compare.fewer"
            change = share(abs(cur - prev), prev, 2, lang) if prev else "–"
            paras.append(t(key, lang, other=other, previous=_n(prev, lang), diff=_n(abs(cur - prev), lang), change=change))
    else:
        earlier = f.as_of.year - 1 if open_year else period.previous().start_year
        if report.first_data_year is not None and report.first_data_year > earlier:
            paras.append(t("report.compare.none", lang, year=report.first_data_year))
    return paras


def _composition(report: Report, tables: _Tables, lang: str) -> list[Block]:
    f = report.figures
    c = f.composition
    t = i18n.t
    blocks: list[Block] = []
    if c.admitted:
        blocks.append(Para(t(
            "report.composition", lang, admitted=_n(c.admitted, lang),
            women=_with_share(c.women, c.admitted, lang), youth_union=_with_share(c.youth_union, c.admitted, lang),
            recommended=_with_share(c.recommended, c.admitted, lang),
            on_occasion=_with_share(c.on_occasion, c.admitted, lang), aged=_with_share(c.aged_18_30, c.admitted, lang),
        )))
    if c.recommended_by:
        items = "; ".join(
            f"{i18n.label(m, lang)} {_with_share(n, c.recommended, lang)}"
            for m, n in sorted(c.recommended_by.items(), key=lambda kv: (-kv[1], kv[0].value))
        )
        blocks.append(Para(t("report.by_mass_org", lang, items=items)))
    rows = _composition_rows(c, report.comparison.previous if report.comparison else None, lang)
    headers = [t("report.col.item", lang), t("report.col.number", lang), t("report.col.share", lang)]
    numeric = [False, True, True]
    if report.comparison is not None:
        cmp = report.comparison
        headers.append(t("report.col.same_span", lang, year=cmp.start.year) if cmp.same_span
                       else t("report.col.previous", lang, label=Period(cmp.start.year, cmp.end.year).label()))
        numeric.append(True)
    blocks.extend(tables.place(t("report.table.composition", lang, span=_span_label(f.period, lang)),
                               t("report.unit.people_percent", lang), headers, rows, numeric))
    return blocks


def _composition_rows(c: Composition, prev: Composition | None, lang: str) -> list[list[str]]:
    t = i18n.t
    rows = []
    for key, value, pv in (
        ("admitted", c.admitted, prev.admitted if prev else 0),
        ("women", c.women, prev.women if prev else 0),
        ("youth_union", c.youth_union, prev.youth_union if prev else 0),
        ("recommended", c.recommended, prev.recommended if prev else 0),
        ("on_occasion", c.on_occasion, prev.on_occasion if prev else 0),
        ("aged", c.aged_18_30, prev.aged_18_30 if prev else 0),
    ):
        row = [t(f"report.row.{key}", lang), _n(value, lang),
               share(value, c.admitted, 2, lang) if key != "admitted" else share(1, 1, 2, lang) if c.admitted else "–"]
        if prev is not None:
            row.append(_n(pv, lang))
        rows.append(row)
    return rows


def _children(report: Report, tables: _Tables, lang: str) -> list[Block]:
    t = i18n.t
    f = report.figures
    # In a year in progress a verdict would rest on an even pace, which the occasions belie:
    # the rate column says how far each has come.
    closed = not f.period.is_open(f.as_of)
    cols = ("org", "members", "target", "admitted", "percent", *(("status",) if closed else ()), "women",
            "youth_union", "recommended", "on_occasion", "removed", "left")
    headers = [t(f"report.col.{c}", lang) for c in cols]
    numeric = [c not in ("org", "status") for c in cols]

    def line(name: str, members: int, target: int | None, admitted: int, status: Status, comp: Composition,
             removed: int, left: int) -> list[str]:
        return [
            name, _n(members, lang), "–" if target is None else _n(target, lang), _n(admitted, lang),
            share(admitted, target, 2, lang), *((status.label(lang),) if closed else ()), _n(comp.women, lang),
            _n(comp.youth_union, lang), _n(comp.recommended, lang), _n(comp.on_occasion, lang), _n(removed, lang),
            _n(left, lang),
        ]

    rows = [line(ch.row.org.name, ch.row.members, ch.row.target, ch.row.admitted, ch.row.status, ch.composition,
                 ch.row.removed, ch.row.left) for ch in report.children]
    a = f.attainment
    rows.append(line(t("report.total", lang), f.members, a.target, a.admitted, a.status, f.composition, f.removed,
                     f.left))
    blocks = tables.place(t("report.table.children", lang, span=_span_label(f.period, lang)),
                          t("report.unit.people_percent", lang), headers, rows, numeric, total_row=True)
    # Who missed a target can be said only of a period that is over, and only of those that
    # had one: an organisation without a target is neither behind nor counted.
    if closed:
        with_target = report.children_with_target
        behind = [c.row for c in with_target if c.row.status is Status.BEHIND]
        if behind:
            items = ", ".join(f"{r.org.name} ({_n(r.admitted, lang)}/{_n(r.target or 0, lang)})" for r in behind)
            blocks.append(Para(t("report.behind", lang, count=len(behind), total=len(with_target), items=items)))
    return blocks


def _pipeline(report: Report, out: _Outline, tables: _Tables, lang: str) -> list[Block]:
    t = i18n.t
    f = report.figures
    p = f.pipeline
    year = f.as_of.year
    in_pipeline = [(s, p.by_stage.get(s, 0)) for s in IN_PIPELINE]
    total = sum(n for _, n in in_pipeline)
    blocks: list[Block] = [out.item(t("report.section.stock", lang))]
    blocks.append(Para(t("report.pipeline.stock", lang, day=_day(f.as_of, lang), total=_n(total, lang),
                         valid=_n(p.valid_certificates, lang), expiring=_n(p.expiring_this_year, lang), year=year)))
    if total:
        rows = [[i18n.label(s, lang), _n(n, lang)] for s, n in in_pipeline if n]
        rows.append([t("report.total", lang), _n(total, lang)])
        blocks.extend(tables.place(t("report.table.stock", lang, day=_day(f.as_of, lang)), t("report.unit.people", lang),
                                   [t("report.col.stage", lang), t("report.col.count", lang)], rows, [False, True],
                                   total_row=True))
    nt = report.next_target
    if nt is not None:
        blocks.append(Para(
            t("report.pipeline.next", lang, year=nt.year - 1, next=nt.year, target=_n(nt.target, lang))
            if nt.target is not None
            else t("report.pipeline.next_none", lang, year=nt.year - 1, next=nt.year)
        ))
    elif p.remaining_target is None:
        blocks.append(Para(t("report.pipeline.no_target", lang, year=year)))
    else:
        blocks.append(Para(t("report.pipeline.remaining", lang, year=year, remaining=_n(p.remaining_target, lang))))
    flow = report.pipeline_flow
    if flow is not None:
        e = flow.entered
        s = FLOW_STAGES
        blocks.append(out.item(t("report.section.flow", lang)))
        blocks.append(Para(t("report.pipeline.flow", lang, start=_day(flow.start, lang), end=_day(flow.end, lang),
                             identified=_n(e[s[0]], lang), classed=_n(e[s[1]], lang), admitted=_n(e[s[2]], lang),
                             dropped=_n(e[s[3]], lang))))
    return blocks


def _exits(report: Report, tables: _Tables, lang: str) -> list[Block]:
    t = i18n.t
    f = report.figures
    first = report.first_data_year
    # Years before the log begins have no recorded exits: they would read as a fall.
    years = [y for y in f.years if first is None or y.year >= first] or list(f.years)
    removed = sum(y.removed for y in years)
    left = sum(y.left for y in years)
    span = _span(Period(years[0].year, years[-1].year), lang)
    if len(years) > 1:
        a, b = years[0].removed, years[-1].removed
        trend = "report.trend.down" if b < a else "report.trend.up" if b > a else "report.trend.flat"
        series = ", ".join(f"{y.year}: {_n(y.removed, lang)}" for y in years)
        sentence = t("report.exits.sentence", lang, span=span, removed=_n(removed, lang), left=_n(left, lang),
                     trend=t(trend, lang), series=series)
    else:
        sentence = t("report.exits.one_year", lang, span=span, removed=_n(removed, lang), left=_n(left, lang))
    blocks: list[Block] = [Para(sentence)]
    grounds: dict = {}
    for y in years:
        for g, n in y.removed_by_ground.items():
            grounds[g] = grounds.get(g, 0) + n
    if grounds:
        items = "; ".join(f"{i18n.label(g, lang)}: {_n(n, lang)}"
                          for g, n in sorted(grounds.items(), key=lambda kv: (-kv[1], kv[0].value)))
        blocks.append(Para(t("report.grounds", lang, items=items)))
    cols = ("year", "start", "admitted", "transfers_in", "removed", "left", "expelled", "died", "transfers_out", "end")
    rows = [
        [str(y.year), *(_n(v, lang) for v in (y.members_start, y.admitted, y.transfers_in, y.removed, y.left,
                                               y.expelled, y.died, y.transfers_out, y.members_end))]
        for y in years
    ]
    blocks.extend(tables.place(t("report.table.books", lang), t("report.unit.people", lang),
                               [t(f"report.col.{c}", lang) for c in cols], rows, [True] * len(cols)))
    return blocks


def _r213(f: OrgFigures, lang: str) -> str:
    r = f.r213
    return i18n.t("report.r213.sentence", lang, year=r.year, total=_n(r.links + r.exempt, lang),
                  exempt=_n(r.exempt, lang), links=_n(r.links, lang), registered=_n(r.registered, lang),
                  requested=_n(r.comments_requested, lang), returned=_n(r.comments_returned, lang),
                  missing=_n(r.comments_missing, lang))


def _problems(report: Report, tables: _Tables, lang: str) -> list[Block]:
    t = i18n.t
    problems = report.problems
    if not problems:
        return [Para(t("report.problems.none", lang))]

    def where(p) -> str:  # type: ignore[no-untyped-def]
        # The path below the report's own organisation, which every line would repeat.
        return " › ".join(p.path[1:] if len(p.path) > 1 else p.path)

    top, rest = problems[:TOP_PROBLEMS], problems[TOP_PROBLEMS:]
    blocks: list[Block] = []
    if rest:
        blocks.append(Para(t("report.problems.top", lang, count=_n(len(problems), lang), top=len(top),
                             rest=_n(len(rest), lang), number=tables.count + 1)))
    else:
        blocks.append(Para(t("report.problems.all", lang, count=_n(len(problems), lang))))
    for i, p in enumerate(top, 1):
        blocks.append(Para(f"{i}. {where(p)}:"))
        blocks.append(Items(tuple(f"{h.title(lang)}: {h.reason(lang)}" for h in p.hits)))
    if rest:
        rows = [[str(i), where(p), "; ".join(h.title(lang) for h in p.hits)]
                for i, p in enumerate(rest, TOP_PROBLEMS + 1)]
        blocks.extend(tables.place(t("report.table.problems_rest", lang, first=TOP_PROBLEMS + 1),
                                   t("report.unit.orgs", lang),
                                   [t("report.col.no", lang), t("report.col.org", lang), t("report.col.reasons", lang)],
                                   rows, [True, False, False], annex=True, name_col=1, point=False))
    return blocks


def _at_risk(report: Report, tables: _Tables, lang: str) -> list[Block]:
    """Members heading for removal (missed meetings, unpaid dues), per cell (models.removal_warnings)."""
    from models.report_followup import at_risk_table
    from models.rules import default_rules

    if not report.at_risk:
        return [Para(i18n.t("report.at_risk.none", lang))]
    rw = default_rules().on(report.figures.as_of).removal_warning  # the rules of the figures' day
    headers, rows = at_risk_table(report.at_risk, lang)
    return [Para(i18n.t("report.at_risk.sentence", lang, members=report.at_risk_members, flagged=report.at_risk_flagged,
                        flag=rw.flag_months, window=rw.window_months, warn=rw.warn_months, cells=len(report.at_risk),
                        regulation=rw.regulation)),
            *tables.place(i18n.t("report.section.at_risk", lang), i18n.t("report.unit.people", lang), headers, rows,
                          [False, True, True, True, True])]


def _conclusions(report: Report, tables: _Tables, lang: str) -> list[Block]:
    """The last briefing's conclusions, each done, open or overdue (models.conclusions)."""
    from models.report_followup import conclusions_sentence, conclusions_table

    if not report.conclusions:
        return [Para(i18n.t("report.conclusions.none", lang))]
    headers, rows = conclusions_table(report.conclusions, lang)
    return [Para(conclusions_sentence(report.conclusions, lang)),
            *tables.place(i18n.t("report.section.conclusions", lang), i18n.t("report.unit.orgs", lang), headers, rows,
                          [False, False, False, False, False], name_col=1)]


__all__ = ["DOTS", "TOP_PROBLEMS", "Block", "Document", "Head", "Heading", "Items", "Office", "Para", "Signature",
           "Table", "headline", "place_date", "report_document"]
