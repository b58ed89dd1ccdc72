"""Exporting a scope: its figures (from :mod:`models.figures`) and its event log, to XLSX or
CSV, within the user's rights.

The event log is written in the import format (sheets ``Kết nạp``, ``Xóa tên``, ``Xin ra khỏi
Đảng``, ``Chỉ tiêu``, ``Nguồn phát triển``, ``Quy định 213``), so importing an export changes
nothing; events that have no import sheet (recognition, transfers, deaths...) go to the
``Nhật ký`` sheet, which the importer skips. Viewers get the figures only; anyone else needs
the right to members' personal details in the scope, and every export is audited.
Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return) is written with a leading apostrophe; CSV is UTF-8 with a byte-order
mark so that Excel reads Vietnamese.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, require_personal, require_read
from models.audit import audit
from models.enums import AuditOutcome, EventKind, Sex
from models.errors import AccessDenied, DomainError
from models.figures_data import Period
from models.io import messages as _messages  # noqa: F401  registers the catalogue
from models.io.normalise import FORMULA_STARTS
from models.io.sheets import ADMISSION, CANDIDATE, R213, REMOVAL, SHEETS, SheetSpec
from models.report import default_as_of
from models.schema import (
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    Member,
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
EXPORT_ONLY = (FIGURES, YEARS, COMPOSITION, LOG)

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
    """Text that would start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _label(spec: SheetSpec, column: str, value: Any) -> str | None:
    return None if value is None else spec.column(column).label_of(value)


def _sex(value: Any) -> str:
    return i18n.t(f"sex.{Sex(value).value}", "vi")


# --- figures ---------------------------------------------------------------------------------
def figure_tables(session: Session, org_id: int, period: Period, as_of: dt.date) -> list[Table]:
    from models.figures import overview

    ov = overview(session, org_id, period, as_of)
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
    comp = [[label, c.admitted, c.women, c.youth_union, c.recommended, c.on_occasion, c.aged_18_30]
            for label, c in ((period.label(), f.composition), (period.previous().label(), f.previous_composition))]
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
        for ev, c in session.execute(cstmt):
            tables["candidate"].rows.append([
                codes[c.org_id][0], c.full_name, _sex(c.sex), c.birth_date, _label(CANDIDATE, "Nguồn", c.source),
                _label(CANDIDATE, "Bước", ev.stage), ev.event_date,
            ])
        rstmt = (
            select(ResidenceEvent, ResidenceLink, Member)
            .join(ResidenceLink, ResidenceLink.id == ResidenceEvent.link_id)
            .join(Member, Member.id == ResidenceLink.member_id)
            .where(ResidenceLink.workplace_org_id.in_(chunk), *_in_period(ResidenceEvent.event_date, period))
            .order_by(ResidenceEvent.event_date, ResidenceEvent.id)
        )
        for ev, link, m in session.execute(rstmt):
            tables["r213"].rows.append([
                codes[link.workplace_org_id][0], m.full_name, m.birth_date, codes[link.residence_org_id][0],
                _label(R213, "Việc", ev.kind), ev.event_date, ev.year,
            ])
    # Chunks each come in order; merge them by date (the import sorts again anyway).
    date_col = {"admission": 4, "removal": 3, "leave": 3, "r213": 5}
    for key, col in date_col.items():
        tables[key].rows.sort(key=lambda r: (r[col], r[1]))
    log.rows.sort(key=lambda r: (r[0], r[4]))
    return [*tables.values(), log]


# --- writing ---------------------------------------------------------------------------------
def write_xlsx(path: Path, tables: list[Table]) -> None:
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
    wb.save(path)


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return escape(value)


def write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_csv_value(v) for v in row])


def write_table(path: str | Path, table: Table) -> Path:
    """One table (e.g. the one on screen) to ``.xlsx`` or ``.csv``, escaped like every export."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, [table])
    elif suffix == ".csv":
        write_csv(path, table)
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
) -> list[str]:
    """Write the figures and (for users entitled to personal details) the event log of
    ``root``'s scope to ``path``; returns the names of the sheets written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError("io.export_type", field="output")
    fig_period = period or Period.year(dt.date.today().year)
    with read_session(engine) as session:
        org = get_org(session, root)
        # The same date as the briefing report: the tree as it stood at the period's end.
        day = as_of or default_as_of(org, fig_period)
        try:
            require_read(session, actor, org.id, org.code, day)
            tables = figure_tables(session, org.id, fig_period, day)
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
        write_csv(path, chosen[0])
        written = [chosen[0].name]
    else:
        if sheet is not None:
            names = [t.name for t in tables]
            tables = [t for t in tables if t.name == sheet or _same(t.name, sheet)]
            if not tables:
                raise DomainError("io.export_csv_sheet", field="sheet", sheets=", ".join(names))
        write_xlsx(path, tables)
        written = [t.name for t in tables]
    _audit(engine, actor, org.id, AuditOutcome.READ if actor.sees_personal_details else AuditOutcome.OK, path, root, period, written)
    return written


def _same(a: str, b: str) -> bool:
    from models.io.normalise import fold_loose

    return fold_loose(a) == fold_loose(b)


def _audit(engine: Engine, actor: Actor, org_id: int, outcome: AuditOutcome, path: Path, root: str,
           period: Period | None, sheets: list[str], message: str | None = None) -> None:
    with write_session(engine) as session:
        audit(
            session, actor, "io.export", outcome, "organisations", org_id, org_id,
            after={"file": path.name, "root": root, "period": period.label() if period else None, "sheets": sheets},
            message=message,
        )


__all__ = ["EXPORT_ONLY", "Table", "escape", "event_tables", "export_scope", "figure_tables", "write_csv", "write_table", "write_xlsx"]
