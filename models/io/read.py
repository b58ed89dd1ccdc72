"""Reading a spreadsheet file into raw rows, within limits that keep hostile files harmless.

XLSX is read with openpyxl in read-only mode (rows stream; XML goes through defusedxml),
after the zip directory has been checked: every part's declared unpacked size within its
cap (zipfile never reads past the declared size), so whatever is accepted is parsed in
bounded memory (docs/benchmarks.md has the peak of a workbook at the limits). A formula cell
is refused rather than imported from its cached value (which may be stale, or chosen to
differ from what the formula shows), and a hidden sheet with an import sheet's name is
refused rather than imported unseen. A CSV holds one sheet, named by the file name or by the caller; it may
be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or Windows-1258
when that is unambiguous (see :func:`models.io.vietnamese.decode_legacy_bytes`). The
delimiter is a comma, a semicolon or a tab, whichever the first lines use.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.io.normalise import fold_loose, is_blank
from models.io.problems import ImportRefused, Problem
from models.io.vietnamese import decode_legacy_bytes


@dataclass(frozen=True)
class Limits:
    """Bounds on what an imported file may hold."""

    max_file_bytes: int = 20 * 1024 * 1024
    max_unpacked_bytes: int = 96 * 1024 * 1024  # XLSX: sum of the unpacked zip members
    max_ratio: int = 100  # XLSX: unpacked / packed size of one large member
    # XLSX, unpacked size of one part. openpyxl holds the whole shared-strings table in memory
    # (several times its XML size as Python strings), and a sheet's rows are kept until the
    # import ends; 20,000 rows x 40 columns of real data stay well below these.
    max_shared_strings_bytes: int = 16 * 1024 * 1024
    max_sheet_bytes: int = 32 * 1024 * 1024
    max_other_part_bytes: int = 8 * 1024 * 1024  # workbook, styles, relationships, ... (XML)
    max_parts: int = 1000
    max_sheets: int = 30
    max_rows: int = 20_000  # rows read per sheet, blank ones included
    max_columns: int = 40
    max_cell_chars: int = 2_000


DEFAULT_LIMITS = Limits()
#: A member this small cannot be a bomb, however well it compresses (empty sheets do).
_RATIO_FLOOR = 1024 * 1024


@dataclass
class RawSheet:
    name: str
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number in the file, cell values)
    epoch: dt.date = dt.date(1899, 12, 30)  # for Excel serial numbers
    notices: list[Problem] = field(default_factory=list)
    hidden: bool = False  # hidden or "very hidden" in the workbook


def _refuse(path: Path, key: str, sheet: str | None = None, row: int | None = None, column: str | None = None, **params: Any) -> ImportRefused:
    return ImportRefused(path.name, [Problem(key, sheet=sheet, row=row, column=column, params=params, file=path.name)])


def check_size(path: Path, limits: Limits) -> None:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _refuse(path, "io.file_missing", file=str(path)) from None
    except OSError as exc:
        raise _refuse(path, "io.file_unreadable", file=str(path), detail=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        # /dev/zero, a FIFO, a directory: reading would never end, or means nothing.
        raise _refuse(path, "io.not_regular_file", file=str(path))
    size = st.st_size
    if size > limits.max_file_bytes:
        raise _refuse(path, "io.file_too_large", size=size, limit=limits.max_file_bytes)


def read_file(path: Path, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[RawSheet]:
    """Every sheet of ``path`` as raw rows (a CSV gives one, named ``sheet`` or its stem)."""
    check_size(path, limits)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, limits, only=sheet)
    if suffix in (".csv", ".txt"):
        return [read_csv(path, sheet or path.stem, limits)]
    raise _refuse(path, "io.unsupported_type")


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "io.not_xlsx", detail=str(exc)) from None
    if len(infos) > limits.max_parts:
        raise _refuse(path, "io.too_many_parts", count=len(infos), limit=limits.max_parts)
    total = sum(i.file_size for i in infos)
    worst = max(
        (i.file_size // max(i.compress_size, 1) for i in infos if i.file_size > _RATIO_FLOOR),
        default=0,
    )
    if total > limits.max_unpacked_bytes or worst > limits.max_ratio:
        raise _refuse(
            path, "io.zip_bomb", size=total, limit=limits.max_unpacked_bytes, ratio=worst, max_ratio=limits.max_ratio
        )
    for info in infos:
        cap = _part_cap(info.filename, limits)
        if cap is not None and info.file_size > cap:
            raise _refuse(path, "io.part_too_large", part=info.filename, size=info.file_size, limit=cap)


def _part_cap(name: str, limits: Limits) -> int | None:
    """The most a part may unpack to; None for parts openpyxl does not parse (media), which
    count in the total only."""
    lower = name.lower()
    if lower.endswith("sharedstrings.xml"):
        return limits.max_shared_strings_bytes
    if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
        return limits.max_sheet_bytes
    if lower.endswith((".xml", ".rels", ".vml")):
        return limits.max_other_part_bytes
    return None


def read_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS, only: str | None = None) -> list[RawSheet]:
    _check_zip(path, limits)
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    try:
        # data_only=False: a formula cell says so (data type "f") instead of passing for its value.
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on broken files; all mean "not a workbook"
        raise _refuse(path, "io.not_xlsx", detail=f"{type(exc).__name__}: {exc}") from None
    try:
        worksheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        if len(wb.sheetnames) > limits.max_sheets:
            raise _refuse(path, "io.too_many_sheets", count=len(wb.sheetnames), limit=limits.max_sheets)
        epoch = CALENDAR_MAC_1904.date() if wb.epoch == CALENDAR_MAC_1904 else dt.date(1899, 12, 30)
        sheets = []
        for ws in worksheets:
            if only is not None and ws.title != only and fold_loose(ws.title) != fold_loose(only):
                continue
            hidden = ws.sheet_state != "visible"
            sheets.append(RawSheet(ws.title, list(_xlsx_rows(path, ws, limits)), epoch, hidden=hidden))
        return sheets
    except ImportRefused:
        raise
    except Exception as exc:  # a corrupt part surfaces while streaming rows
        raise _refuse(path, "io.not_xlsx", detail=f"{type(exc).__name__}: {exc}") from None
    finally:
        wb.close()


def _xlsx_rows(path: Path, ws: Any, limits: Limits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # The declared dimension may lie (too small, or huge to make every row huge): forget it,
    # so each row is as long as its last cell and data beyond the column limit is seen.
    ws.reset_dimensions()
    for number, cells in enumerate(ws.iter_rows(), start=1):
        if number > limits.max_rows:
            raise _refuse(path, "io.too_many_rows", sheet=ws.title, limit=limits.max_rows)
        values = []
        for index, cell in enumerate(cells):
            if cell.data_type == "f":
                raise _refuse(path, "io.formula_cell", sheet=ws.title, row=number, column=_column_letter(index),
                              formula=str(cell.value)[:60])
            values.append(cell.value)
        yield number, _checked_row(path, ws.title, number, values, limits)


def _checked_row(path: Path, sheet: str, number: int, values: Any, limits: Limits) -> tuple[Any, ...]:
    values = list(values)
    if len(values) > limits.max_columns and any(not is_blank(v) for v in values[limits.max_columns :]):
        raise _refuse(path, "io.too_many_columns", sheet=sheet, row=number, limit=limits.max_columns)
    values = values[: limits.max_columns]
    while values and is_blank(values[-1]):
        values.pop()
    for index, value in enumerate(values):
        if isinstance(value, str) and len(value) > limits.max_cell_chars:
            raise _refuse(
                path, "io.cell_too_long", sheet=sheet, row=number, column=_column_letter(index),
                length=len(value), limit=limits.max_cell_chars,
            )
    return tuple(values)


def _decode(path: Path, sheet: str, data: bytes) -> tuple[str, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise _refuse(path, "io.csv_unreadable", sheet=sheet, detail=str(exc)) from None
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        legacy = decode_legacy_bytes(data)
        if legacy is not None:
            return legacy[0], [Problem("io.csv_converted", sheet=sheet, file=path.name)]
        row = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        prefix = data[line_start : exc.start].decode("utf-8", "replace")
        column = _column_letter(max(prefix.count(","), prefix.count(";"), prefix.count("\t")))
        raise _refuse(path, "io.csv_encoding", sheet=sheet, row=row, column=column) from None


def _delimiter(text: str) -> str:
    """The candidate that the busiest of the first lines uses most (a title line above the
    header has none); a comma when nothing tells."""
    lines = text.splitlines()[:HEADER_LINES]
    best = max((max((line.count(d) for line in lines), default=0), -i, d) for i, d in enumerate(",;\t"))
    return best[2] if best[0] > 0 else ","


HEADER_LINES = 20


def read_csv(path: Path, sheet: str, limits: Limits = DEFAULT_LIMITS) -> RawSheet:
    check_size(path, limits)
    text, notices = _decode(path, sheet, path.read_bytes())
    if "\x00" in text:
        raise _refuse(path, "io.csv_unreadable", sheet=sheet, detail="NUL")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, tuple[Any, ...]]] = []
    start = 1
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(limits.max_cell_chars * 4, 1024))
    try:
        for values in reader:
            if len(rows) >= limits.max_rows:
                raise _refuse(path, "io.too_many_rows", sheet=sheet, limit=limits.max_rows)
            rows.append((start, _checked_row(path, sheet, start, values, limits)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(path, "io.csv_unreadable", sheet=sheet, row=start, detail=str(exc)) from None
    finally:
        csv.field_size_limit(old_limit)
    return RawSheet(sheet, rows, notices=notices)
