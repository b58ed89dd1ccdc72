"""Importing a spreadsheet: all of it, or nothing.

:func:`import_file` reads the file (within :class:`~models.io.read.Limits`), parses every
sheet, and refuses the whole file when any cell or row is wrong, listing every problem by
sheet, row, column and rule. Rows that pass are applied in one :func:`write_session` through
the write operations of :mod:`models.record`, each in a savepoint so that every refusal of
every row is collected; one refusal rolls the whole transaction back. Rows already in the
database are reported as present and skipped, so importing a file twice changes nothing the
second time; when nothing would change, or on a dry run, the transaction is rolled back and
nothing at all is written (not even an audit row).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from models import i18n
from models.access import Actor, request_day, require_org_code
from models.audit import audit
from models.enums import AuditOutcome, CandidateStage
from models.errors import AccessDenied, DomainError
from models.io.apply import ADDED, APPLY, CHANGED, ORDER, PRESENT
from models.io.parse import Row, parse_sheets
from models.io.problems import MAX_PROBLEMS, ImportRefused, Problem
from models.io.read import DEFAULT_LIMITS, Limits, read_file
from models.uow import write_session

#: The database phase stops collecting after this many refused rows.


@dataclass(frozen=True)
class SheetCount:
    sheet: str
    added: int = 0
    changed: int = 0
    present: int = 0


@dataclass(frozen=True)
class RowOutcome:
    sheet: str
    row: int
    status: str  # present | added | changed


@dataclass(frozen=True)
class ImportResult:
    file: str
    dry_run: bool
    written: bool  # False on a dry run and when every row was already present
    sheets: tuple[SheetCount, ...]
    rows: tuple[RowOutcome, ...]
    notices: tuple[Problem, ...] = field(default=())

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sheets)

    @property
    def changed(self) -> int:
        return sum(s.changed for s in self.sheets)

    @property
    def present(self) -> int:
        return sum(s.present for s in self.sheets)

    def summary(self, lang: str | None = None) -> str:
        lines = [n.message(lang) for n in self.notices]
        for s in self.sheets:
            if s.added:
                lines.append(i18n.t("io.result.added", lang, sheet=s.sheet, count=s.added))
            if s.changed:
                lines.append(i18n.t("io.result.changed", lang, sheet=s.sheet, count=s.changed))
            if s.present:
                lines.append(i18n.t("io.result.present", lang, sheet=s.sheet, count=s.present))
        if self.dry_run:
            lines.append(i18n.t("io.result.dry_run", lang))
        elif not self.rows:
            lines.append(i18n.t("io.result.empty", lang))
        elif not self.written:
            lines.append(i18n.t("io.result.nothing", lang))
        else:
            lines.append(i18n.t("io.result.written", lang))
        return "\n".join(lines)


class _RollBack(Exception):
    """Leaves a write session without committing (dry run, or nothing to write)."""


def _order_key(row: Row) -> tuple[int, ...] | tuple[object, ...]:
    """Rows in sheet order; candidates' stages by person, date and pipeline order, so a
    file may list them in any order."""
    sheet = ORDER.index(row.spec.key)
    if row.spec.key == "candidate":
        stage = list(CandidateStage).index(row["Bước"])
        return (sheet, row["Mã tổ chức"], row["Họ và tên"].casefold(), row["Ngày sinh"], row["Ngày"], stage, row.number)
    if row.spec.key in ("removal", "leave", "r213", "admission", "transfer_in", "discipline", "card"):
        date_col = {"removal": "Ngày xóa tên", "leave": "Ngày ra khỏi Đảng", "r213": "Ngày", "admission": "Ngày kết nạp",
                    "transfer_in": "Ngày chuyển đến", "discipline": "Ngày kỷ luật", "card": "Ngày cấp thẻ"}[row.spec.key]
        return (sheet, row[date_col], row.number)
    return (sheet, row.number)


def import_file(
    engine: Engine,
    actor: Actor,
    path: str | Path,
    sheet: str | None = None,
    dry_run: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Import ``path`` (XLSX or CSV) for ``actor``; raises :class:`ImportRefused` when any
    problem is found, with nothing written."""
    path = Path(path)
    if not actor.can_write:
        # Refused before the file is even read: one audit row, not one per row.
        exc = AccessDenied("access.read_only", role=i18n.label(actor.role))
        with write_session(engine) as session:
            audit(session, actor, "io.import", AuditOutcome.REFUSED, after={"file": path.name}, message=exc.message("en"))
        raise exc
    raw = read_file(path, sheet, limits)
    is_csv = path.suffix.lower() in (".csv", ".txt")
    parsed = parse_sheets(raw, csv=is_csv)
    if parsed.problems:
        raise ImportRefused(path.name, [_with_file(p, path) for p in parsed.problems])
    rows = sorted(parsed.rows, key=_order_key)
    outcomes: list[RowOutcome] = []
    problems: list[Problem] = []
    denied: list[tuple[Row, AccessDenied]] = []
    try:
        with write_session(engine) as session:
            for row in rows:
                if len(problems) >= MAX_PROBLEMS:
                    break
                savepoint = session.begin_nested()
                try:
                    # Access first: a row about an organisation outside the actor's scope is
                    # refused before any member is looked up, so the refusal names no one.
                    require_org_code(session, actor, row["Mã tổ chức"], _row_day(row))
                    status = APPLY[row.spec.key](session, actor, row)
                    savepoint.commit()
                except DomainError as exc:
                    savepoint.rollback()
                    problems.append(_located(row, exc))
                    if isinstance(exc, AccessDenied):
                        denied.append((row, exc))
                    continue
                except SQLAlchemyError as exc:
                    savepoint.rollback()
                    problems.append(Problem("io.row_failed", sheet=row.sheet, row=row.number, params={"detail": _first_line(exc)}))
                    continue
                outcomes.append(RowOutcome(row.sheet, row.number, status))
            if problems:
                raise ImportRefused(path.name, problems)
            result = _result(path, dry_run, outcomes, parsed.notices, rows)
            if dry_run or not result.written:
                raise _RollBack(result)
            audit(
                session, actor, "io.import", AuditOutcome.OK,
                after={"file": path.name, "sha256": _digest(path), "added": result.added, "changed": result.changed, "present": result.present},
            )
            return result
    except _RollBack as stop:
        return stop.args[0]
    except ImportRefused:
        if denied:
            _audit_denied(engine, actor, path, denied)
        raise


def _row_day(row: Row) -> dt.date:
    """The day a row is about (for the scope as it stood then): the date of its event, or the
    first day of its year, else today."""
    for column in ("Ngày kết nạp", "Ngày xóa tên", "Ngày ra khỏi Đảng", "Ngày kỷ luật", "Ngày"):
        value = row[column]
        if isinstance(value, dt.date):
            return value
    return request_day({"year": row["Năm"]})


def _result(path: Path, dry_run: bool, outcomes: list[RowOutcome], notices: list[Problem], rows: list[Row]) -> ImportResult:
    names = list(dict.fromkeys(r.sheet for r in rows))
    counts: dict[str, Counter[str]] = {n: Counter() for n in names}
    for o in outcomes:
        counts[o.sheet][o.status] += 1
    sheets = tuple(SheetCount(n, counts[n][ADDED], counts[n][CHANGED], counts[n][PRESENT]) for n in names)
    changes = sum(c[ADDED] + c[CHANGED] for c in counts.values())
    ordered = tuple(sorted(outcomes, key=lambda o: (names.index(o.sheet), o.row)))
    return ImportResult(path.name, dry_run, changes > 0 and not dry_run, sheets, ordered, tuple(notices))


def _located(row: Row, exc: DomainError) -> Problem:
    column = row.spec.field_columns.get(exc.field or "", None)
    return Problem(exc.key, sheet=row.sheet, row=row.number, column=column, regulation=exc.regulation, params=dict(exc.params))


def _with_file(p: Problem, path: Path) -> Problem:
    return p if p.file else Problem(p.key, p.sheet, p.row, p.column, p.regulation, p.params, path.name)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _audit_denied(engine: Engine, actor: Actor, path: Path, denied: list[tuple[Row, AccessDenied]]) -> None:
    """Refusals for lack of rights are kept, in a transaction of their own, although the
    import itself wrote nothing."""
    with write_session(engine) as session:
        for row, exc in denied:
            audit(
                session, actor, f"io.import.{row.spec.key}", AuditOutcome.REFUSED,
                after={"file": path.name, "sheet": row.sheet, "row": row.number, "org": row["Mã tổ chức"]},
                message=exc.message("en"),
            )
