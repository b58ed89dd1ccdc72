"""Exporting a scope: its figures (from :mod:`models.figures`) and its event log, to XLSX or
CSV, within the user's rights.

The event log is written in the import format (sheets ``Kết nạp``, ``Chuyển đến`` (transfers in
from outside the database), ``Xóa tên``, ``Xin ra khỏi
Đảng``, ``Chỉ tiêu``, ``Nguồn phát triển``, ``Quy định 213``, the meetings, dues and
conclusions, the ratings and discipline), so importing an export changes
nothing; events that have no import sheet (recognition, other transfers, deaths...) go to the
``Nhật ký`` sheet, which the importer skips. Viewers get the figures only; anyone else needs
the right to members' personal details in the scope, and every export is audited.
Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return) is written with a leading apostrophe; CSV is UTF-8 with a byte-order
mark so that Excel reads Vietnamese.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, require_personal
from models.audit import audit
from models.enums import AuditOutcome, EventKind, Sex, TransferScope
from models.errors import AccessDenied, DomainError
from models.figures.data import Period
from models.io import messages as _messages  # noqa: F401  registers the catalogue
from models.io.normalise import FORMULA_STARTS
from models.io.sheets import (
    ADMISSION,
    CANDIDATE,
    CONCLUSION,
    DISCIPLINE,
    MAKEUP_FIELDS,
    MEMBER_INFO,
    MEMBER_RATING,
    ORG_RATING,
    R213,
    REMOVAL,
    SHEETS,
    SheetSpec,
)
from models.io.statistics_sheet import HEADER as STATISTICS_HEADER
from models.io.statistics_sheet import SHEET as STATISTICS
from models.io.statistics_sheet import statistics_rows
from models.io.makeup_sheet import HEADER as MAKEUP_HEADER
from models.io.makeup_sheet import SHEET as MAKEUP_SHEET
from models.io.makeup_sheet import makeup_rows
from models.figures.periods import DayPeriod
from models.output_file import check_target, write_output
from models.report import default_tree_day
from models.safe_text import shown
from models.schema import (
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    CellMeeting,
    Conclusion,
    DuesArrear,
    DuesBook,
    Member,
    MeetingAbsence,
    MemberEvent,
    Organisation,
    ResidenceEvent,
    ResidenceLink,
)
from models.tree import catchment, get_org
from models.uow import read_session, write_session

FIGURES = "Số liệu"
YEARS = "Theo năm"
COMPOSITION = "Thành phần kết nạp"
LOG = "Nhật ký"
#: Sheets that only an export writes; the importer skips them.
EXPORT_ONLY = (FIGURES, YEARS, COMPOSITION, STATISTICS, MAKEUP_SHEET, LOG)

i18n.register(
    {
        "io.export.done": ("Đã xuất {sheets} trang ra “{file}”.", "Wrote {sheets} sheet(s) to '{file}'."),
    }
)


@dataclass(frozen=True)
class Table:
    name: str
    header: list[str]
    rows: list[list[Any]]


def escape(value: Any) -> Any:
    """Stored text as a cell: control characters shown as escapes (models.safe_text: a
    spreadsheet refuses them, a terminal obeys them), then a leading apostrophe when it would
    start a formula; other values pass."""
    if not isinstance(value, str):
        return value
    value = shown(value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _label(spec: SheetSpec, column: str, value: Any) -> str | None:
    return None if value is None else spec.column(column).label_of(value)


def _sex(value: Any) -> str:
    return i18n.t(f"sex.{Sex(value).value}", "vi")


# --- figures ---------------------------------------------------------------------------------
def statistics_table(session: Session, actor: Actor, org_id: int, period: Period, tree_day: dt.date,
                     days: DayPeriod | None = None) -> Table:
    """The sheet «Thống kê đảng viên»: the statistical report of members of ``org_id`` and each
    child for ``days`` (default the years of ``period``), from the figures engine."""
    return office_tables(session, actor, org_id, period, tree_day, days)[0]


def office_tables(session: Session, actor: Actor, org_id: int, period: Period, tree_day: dt.date,
                  days: DayPeriod | None = None) -> list[Table]:
    """The sheets «Thống kê đảng viên» and «Cơ cấu đảng viên» (the members' make-up at the
    last day of ``days``) of ``org_id`` and each child, from one answer of the figures engine."""
    from models.figures.service import Part, briefing

    office = briefing(session, actor, org_id, period, tree_day=tree_day, parts=frozenset({Part.OFFICE}),
                      days=days).office
    assert office is not None
    return [Table(STATISTICS, STATISTICS_HEADER, statistics_rows(session, office)),
            Table(MAKEUP_SHEET, MAKEUP_HEADER, makeup_rows(session, office))]


def figure_tables(session: Session, actor: Actor, org_id: int, period: Period, tree_day: dt.date) -> list[Table]:
    """The figures sheets, from the figures engine (which checks that ``actor`` may read them)."""
    from models.figures.service import Part, briefing

    ov = briefing(session, actor, org_id, period, tree_day=tree_day,
                  parts=frozenset({Part.OVERVIEW})).overview
    assert ov is not None
    f = ov.figures
    status = lambda s: s.label("vi")  # noqa: E731
    head = ["Mã tổ chức", "Tên tổ chức", "Kỳ", "Đảng viên", "Chỉ tiêu", "Kết nạp", "Tỷ lệ đạt (%)", "Tình trạng",
            "Xóa tên", "Ra khỏi Đảng", "Quần chúng có giấy chứng nhận còn hạn", "Vấn đề"]
    pct = lambda r: None if r is None else round(r * 100, 1)  # noqa: E731
    rows = [[f.org.code, f.org.name, period.label(), f.members, f.attainment.target, f.attainment.admitted,
             pct(f.attainment.ratio), status(f.attainment.status), f.removed, f.left, f.pipeline.valid_certificates,
             ov.problem_count]]
    for c in ov.children:
        rows.append([c.org.code, c.org.name, period.label(), c.members, c.target, c.admitted, pct(c.ratio), status(c.status),
                     c.removed, c.left, c.candidates_ready, "; ".join(h.title("vi") for h in c.problems)])
    years = Table(
        YEARS,
        ["Năm", "Đảng viên đầu năm", "Kết nạp", "Chuyển đến", "Xóa tên", "Ra khỏi Đảng", "Khai trừ", "Từ trần",
         "Chuyển đi", "Đảng viên cuối năm", "Chỉ tiêu"],
        [[y.year, y.members_start, y.admitted, y.transfers_in, y.removed, y.left, y.expelled, y.died, y.transfers_out,
          y.members_end, y.target] for y in f.years],
    )
    comp_head = ["Kỳ", "Kết nạp", "Nữ", "Đoàn viên", "Đoàn thể giới thiệu", "Kết nạp dịp lễ, kỷ niệm", "Tuổi 18–30"]
    # The period before only when it has data (never the admissions of a seeded roster).
    comp = [[label, c.admitted, c.women, c.youth_union, c.recommended, c.on_occasion, c.aged_18_30]
            for label, c in ((period.label(), f.composition), (period.previous().label(), f.previous_composition))
            if c is not None]
    return [Table(FIGURES, head, rows), years, Table(COMPOSITION, comp_head, comp)]


# --- the event log in the import format ------------------------------------------------------
def _in_period(column: Any, period: Period | None) -> list[Any]:
    return [] if period is None else [column >= period.start, column <= period.end]


def _chunked(ids: Sequence[int], size: int = 5000) -> Iterable[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def event_tables(session: Session, ids: set[int], period: Period | None) -> list[Table]:
    codes = {o.id: (o.code, o.name) for o in session.scalars(select(Organisation))}
    tables = {s.key: Table(s.name, s.header, []) for s in SHEETS}
    log = Table(LOG, ["Ngày", "Việc", "Mã tổ chức", "Tên tổ chức", "Họ và tên", "Ngày sinh", "Số quyết định", "Ghi chú"], [])
    for chunk in _chunked(list(ids)):
        stmt = (
            select(MemberEvent, Member)
            .join(Member, Member.id == MemberEvent.member_id)
            .where(MemberEvent.org_id.in_(chunk), *_in_period(MemberEvent.event_date, period))
            .order_by(MemberEvent.event_date, MemberEvent.id)
        )
        for ev, m in session.execute(stmt):
            code = codes[ev.org_id][0]
            kind = EventKind(ev.kind)
            if kind == EventKind.ADMISSION:
                tables["admission"].rows.append([
                    code, m.full_name, _sex(m.sex), m.birth_date, ev.event_date, "Có" if ev.youth_union else "Không",
                    _label(ADMISSION, "Đoàn thể giới thiệu", ev.recommended_by), ev.occasion, ev.decision_no, m.ethnicity,
                    # The member's make-up as recorded now (issue 18).
                    *(_label(ADMISSION, column, getattr(m, name)) for name, column in MAKEUP_FIELDS.items()),
                ])
            elif (kind == EventKind.TRANSFER_IN and ev.transfer_scope == TransferScope.PERMANENT
                  and ev.counterpart_org_id is None and ev.counterpart_text):
                tables["transfer_in"].rows.append([
                    code, m.full_name, _sex(m.sex), m.birth_date, ev.event_date, ev.counterpart_text, ev.decision_no,
                    m.ethnicity, ev.probation_since, ev.admission_decision,
                ])
            elif kind == EventKind.REMOVAL:
                tables["removal"].rows.append([
                    code, m.full_name, m.birth_date, ev.event_date, _label(REMOVAL, "Lý do xóa tên", ev.removal_ground), ev.decision_no,
                ])
            elif kind == EventKind.LEAVE:
                tables["leave"].rows.append([code, m.full_name, m.birth_date, ev.event_date, ev.decision_no])
            else:
                note = " ".join(
                    str(x) for x in (
                        i18n.label(ev.transfer_scope, "vi") if ev.transfer_scope else None,
                        codes[ev.counterpart_org_id][0] if ev.counterpart_org_id else ev.counterpart_text,
                        ev.ends_on.strftime("%d/%m/%Y") if ev.ends_on else None,
                        ev.note,
                    ) if x
                )
                log.rows.append([ev.event_date, i18n.label(kind, "vi"), code, codes[ev.org_id][1], m.full_name, m.birth_date,
                                 ev.decision_no, note or None])
        years = period.years if period else None
        tstmt = select(AdmissionTarget).where(AdmissionTarget.org_id.in_(chunk))
        if years:
            tstmt = tstmt.where(AdmissionTarget.year.in_(years))
        for t in session.scalars(tstmt.order_by(AdmissionTarget.year, AdmissionTarget.org_id)):
            tables["target"].rows.append([codes[t.org_id][0], t.year, t.target, t.decision_no])
        cstmt = (
            select(CandidateEvent, Candidate)
            .join(Candidate, Candidate.id == CandidateEvent.candidate_id)
            .where(Candidate.org_id.in_(chunk), *_in_period(CandidateEvent.event_date, period))
            .order_by(Candidate.id, CandidateEvent.event_date, CandidateEvent.id)
        )
        for cev, c in session.execute(cstmt):
            tables["candidate"].rows.append([
                codes[c.org_id][0], c.full_name, _sex(c.sex), c.birth_date, _label(CANDIDATE, "Nguồn", c.source),
                _label(CANDIDATE, "Bước", cev.stage), cev.event_date,
            ])
        rstmt = (
            select(ResidenceEvent, ResidenceLink, Member)
            .join(ResidenceLink, ResidenceLink.id == ResidenceEvent.link_id)
            .join(Member, Member.id == ResidenceLink.member_id)
            .where(ResidenceLink.workplace_org_id.in_(chunk), *_in_period(ResidenceEvent.event_date, period))
            .order_by(ResidenceEvent.event_date, ResidenceEvent.id)
        )
        for rev, link, m in session.execute(rstmt):
            tables["r213"].rows.append([
                codes[link.workplace_org_id][0], m.full_name, m.birth_date, codes[link.residence_org_id][0],
                _label(R213, "Việc", rev.kind), rev.event_date, rev.year,
            ])
        _followup_rows(session, chunk, period, codes, tables)
        _office_rows(session, chunk, period, codes, tables)
        _member_info_rows(session, chunk, codes, tables)
    # Chunks each come in order; merge them by date (the import sorts again anyway).
    date_col = {"admission": 4, "transfer_in": 4, "removal": 3, "leave": 3, "r213": 5, "meeting": 1, "conclusion": 3,
                "member_rating": 3, "org_rating": 1, "discipline": 4, "card": 4}
    for key, col in date_col.items():
        tables[key].rows.sort(key=lambda r: (r[col], r[1]))
    log.rows.sort(key=lambda r: (r[0], r[4]))
    return [*tables.values(), log]


def _ids(ids: Iterable[int]) -> str | None:
    return ", ".join(str(i) for i in sorted(ids)) or None


def _followup_rows(session: Session, chunk: list[int], period: Period | None,
                   codes: dict[int, tuple[str, str]], tables: dict[str, Table]) -> None:
    """Meetings (with who was absent), dues books (with who did not pay) and briefing
    conclusions of the organisations in ``chunk``, as their import sheets take them."""
    absences: dict[int, tuple[list[int], list[int]]] = {}
    astmt = select(MeetingAbsence).where(MeetingAbsence.org_id.in_(chunk),
                                         *_in_period(MeetingAbsence.meeting_date, period))
    for a in session.scalars(astmt):
        absences.setdefault(a.meeting_id, ([], []))[1 if a.excused else 0].append(a.member_id)
    mstmt = select(CellMeeting).where(CellMeeting.org_id.in_(chunk), *_in_period(CellMeeting.meeting_date, period))
    for meeting in session.scalars(mstmt.order_by(CellMeeting.meeting_date, CellMeeting.org_id)):
        absent, excused = absences.get(meeting.id, ([], []))
        tables["meeting"].rows.append([codes[meeting.org_id][0], meeting.meeting_date, _ids(absent), _ids(excused)])
    unpaid: dict[int, list[int]] = {}
    for arrear in session.scalars(select(DuesArrear).where(DuesArrear.org_id.in_(chunk), *_in_period(DuesArrear.month, period))):
        unpaid.setdefault(arrear.book_id, []).append(arrear.member_id)
    bstmt = select(DuesBook).where(DuesBook.org_id.in_(chunk), *_in_period(DuesBook.month, period))
    for book in session.scalars(bstmt.order_by(DuesBook.month, DuesBook.org_id)):
        tables["dues"].rows.append([codes[book.org_id][0], book.month.strftime("%m/%Y"), _ids(unpaid.get(book.id, []))])
    cstmt = select(Conclusion).where(Conclusion.org_id.in_(chunk), *_in_period(Conclusion.briefing_date, period))
    for c in session.scalars(cstmt.order_by(Conclusion.briefing_date, Conclusion.id)):
        years = None
        if c.cond_from_year is not None:
            years = str(c.cond_from_year) if c.cond_to_year == c.cond_from_year else f"{c.cond_from_year}-{c.cond_to_year}"
        tables["conclusion"].rows.append([
            codes[c.org_id][0], c.text, c.due, c.briefing_date, codes[c.briefing_org_id][0],
            _label(CONCLUSION, "Điều kiện", c.condition), c.cond_count, years,
        ])


def _office_rows(session: Session, chunk: list[int], period: Period | None,
                 codes: dict[int, tuple[str, str]], tables: dict[str, Table]) -> None:
    """The organisation office's records (issue 18) of the organisations in ``chunk``: members'
    and organisations' yearly ratings (the period's years), disciplinary measures and the Party
    cards issued (those with a recorded day: a number known with no day has no row to import)."""
    from models.office_schema import MemberDiscipline, MemberRating, OrgRating, PartyCard

    years = period.years if period else None
    mstmt = (select(MemberRating, Member).join(Member, Member.id == MemberRating.member_id)
             .where(MemberRating.org_id.in_(chunk)).order_by(MemberRating.year, MemberRating.id))
    if years:
        mstmt = mstmt.where(MemberRating.year.in_(years))
    for r, m in session.execute(mstmt):
        tables["member_rating"].rows.append([codes[r.org_id][0], m.full_name, m.birth_date, r.year,
                                             _label(MEMBER_RATING, "Xếp loại", r.rating)])
    ostmt = select(OrgRating).where(OrgRating.org_id.in_(chunk)).order_by(OrgRating.year, OrgRating.id)
    if years:
        ostmt = ostmt.where(OrgRating.year.in_(years))
    for o in session.scalars(ostmt):
        tables["org_rating"].rows.append([codes[o.org_id][0], o.year, _label(ORG_RATING, "Xếp loại", o.rating)])
    dstmt = (select(MemberDiscipline, Member).join(Member, Member.id == MemberDiscipline.member_id)
             .where(MemberDiscipline.org_id.in_(chunk), *_in_period(MemberDiscipline.event_date, period))
             .order_by(MemberDiscipline.event_date, MemberDiscipline.id))
    for d, m in session.execute(dstmt):
        tables["discipline"].rows.append([codes[d.org_id][0], m.full_name, m.birth_date,
                                          _label(DISCIPLINE, "Hình thức", d.kind), d.event_date, d.decision_no,
                                          d.decided_by, d.note])
    cstmt = (select(PartyCard, Member).join(Member, Member.id == PartyCard.member_id)
             .where(PartyCard.org_id.in_(chunk), PartyCard.issued_on.is_not(None), *_in_period(PartyCard.issued_on, period))
             .order_by(PartyCard.issued_on, PartyCard.id))
    for c, m in session.execute(cstmt):
        assert c.org_id is not None
        tables["card"].rows.append([codes[c.org_id][0], m.full_name, m.birth_date, c.card_no, c.issued_on, c.decision_no])


def _member_info_rows(session: Session, chunk: list[int], codes: dict[int, tuple[str, str]],
                      tables: dict[str, Table]) -> None:
    """«Thông tin đảng viên»: the members on the rolls of ``chunk`` today with any make-up field
    recorded (the sheet's rows are matched on today's rolls, whatever the period)."""
    from models.record.common import today
    from models.rolls import on_rolls_subquery

    concerned = select(MemberEvent.member_id).where(MemberEvent.org_id.in_(chunk))
    rolls = on_rolls_subquery(today(), members=concerned)
    recorded = or_(*(getattr(Member, name).is_not(None) for name in MAKEUP_FIELDS))
    stmt = (select(rolls.c.org_id, Member).join(Member, Member.id == rolls.c.member_id)
            .where(rolls.c.org_id.in_(chunk), recorded).order_by(Member.sort_key, Member.id))
    for org_id, m in session.execute(stmt):
        tables["member_info"].rows.append([codes[org_id][0], m.full_name, m.birth_date,
                                           *(_label(MEMBER_INFO, column, getattr(m, name)) for name, column in MAKEUP_FIELDS.items())])


# --- writing ---------------------------------------------------------------------------------
def write_xlsx(path: Path, tables: list[Table], *, force: bool = False) -> None:
    """``tables`` as the sheets of a workbook at ``path`` (models.output_file's rules)."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in tables:
        ws = wb.create_sheet(table.name)
        ws.append(table.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for row in table.rows:
            ws.append([escape(v) for v in row])
        for col_cells in ws.iter_cols(min_row=2):
            for cell in col_cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guessed
        for index, name in enumerate(table.header, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(index)].width = max(12, min(40, len(name) + 4))
    write_output(path, wb.save, force=force)


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return escape(value)


def write_csv(path: Path, table: Table, *, force: bool = False) -> None:
    """``table`` as CSV at ``path`` (models.output_file's rules)."""

    def write(raw: BinaryIO) -> None:
        fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_csv_value(v) for v in row])
        fh.flush()
        fh.detach()

    write_output(path, write, force=force)


def write_table(path: str | Path, table: Table, *, force: bool = False) -> Path:
    """One table (e.g. the one on screen) to ``.xlsx`` or ``.csv``, escaped like every export."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, [table], force=force)
    elif suffix == ".csv":
        write_csv(path, table, force=force)
    else:
        raise DomainError("io.export_type", field="output")
    return path


def export_scope(
    engine: Engine,
    actor: Actor,
    root: str,
    path: str | Path,
    period: Period | None = None,
    sheet: str | None = None,
    as_of: dt.date | None = None,
    *,
    force: bool = False,
    days: DayPeriod | None = None,
) -> list[str]:
    """Write the figures and (for users entitled to personal details) the event log of
    ``root``'s scope to ``path`` (replacing a file there only with ``force``); returns the
    names of the sheets written. ``days``: the exact period of the members' statistics (a
    quarter, a half-year; default the years of ``period``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError("io.export_type", field="output")
    check_target(path, force)
    fig_period = period or Period.year(dt.date.today().year)
    with read_session(engine) as session:
        org = get_org(session, root)
        # The same date as the briefing report: the tree as it stood at the period's end.
        day = as_of or default_tree_day(org, fig_period)
        if as_of is None and days is not None:
            day = min(day, max(days.end, org.valid_from))
        try:
            tables = figure_tables(session, actor, org.id, fig_period, day)
            if sheet is None or _same(STATISTICS, sheet) or _same(MAKEUP_SHEET, sheet):
                # The members' statistics replay the period's events: only when the sheet is written.
                tables += office_tables(session, actor, org.id, fig_period, day, days)
            if actor.sees_personal_details:
                require_personal(session, actor, org.id, org.code, day)
                tables += event_tables(session, catchment(session, org.id, day), period)
        except AccessDenied as exc:
            _audit(engine, actor, org.id, AuditOutcome.REFUSED, path, root, period, [], exc.message("en"))
            raise
    if suffix == ".csv":
        names = [t.name for t in tables]
        chosen = [t for t in tables if sheet is not None and (t.name == sheet or _same(t.name, sheet))]
        if not chosen:
            raise DomainError("io.export_csv_sheet", field="sheet", sheets=", ".join(names))
        write_csv(path, chosen[0], force=force)
        written = [chosen[0].name]
    else:
        if sheet is not None:
            names = [t.name for t in tables]
            tables = [t for t in tables if t.name == sheet or _same(t.name, sheet)]
            if not tables:
                raise DomainError("io.export_csv_sheet", field="sheet", sheets=", ".join(names))
        write_xlsx(path, tables, force=force)
        written = [t.name for t in tables]
    _audit(engine, actor, org.id, AuditOutcome.READ if actor.sees_personal_details else AuditOutcome.OK, path, root, period, written)
    return written


def _same(a: str, b: str) -> bool:
    from models.io.normalise import fold_loose

    return fold_loose(a) == fold_loose(b)


def _audit(engine: Engine, actor: Actor, org_id: int, outcome: AuditOutcome, path: Path, root: str,
           period: Period | None, sheets: list[str], message: str | None = None) -> None:
    from models.db import read_only

    if read_only(engine):
        return  # a read-only copy of the database (handed to a viewer) can hold no log
    with write_session(engine) as session:
        audit(
            session, actor, "io.export", outcome, "organisations", org_id, org_id,
            after={"file": path.name, "root": root, "period": period.label() if period else None, "sheets": sheets},
            message=message,
        )


__all__ = ["EXPORT_ONLY", "Table", "escape", "event_tables", "export_scope", "figure_tables", "write_csv", "write_table", "write_xlsx"]
