"""Helpers for the spreadsheet tests: workbooks built in the test with openpyxl, a dump of
every table to compare a database before and after, and encoders for legacy text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from models.io.vietnamese import TONE_MARKS
from models.schema import Base
from models.uow import read_session

D = dt.date

ADMISSION_HEADER = [
    "Mã tổ chức", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày kết nạp", "Đoàn viên",
    "Đoàn thể giới thiệu", "Dịp kết nạp", "Số quyết định",
]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An .xlsx file with ``sheets`` (name -> rows), written cell by cell as given."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
    wb.save(path)
    return path


def csv_file(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(encode(text, encoding))
    return path


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


def to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: base letters (with circumflex, breve, horn) precomposed,
    tone marks as separate combining characters after them."""
    out: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in TONE_MARKS:
            tones.append(ch)
        elif unicodedata.combining(ch):
            out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
        else:
            out.extend(tones)
            tones = []
            out.append(ch)
    out.extend(tones)
    return "".join(out).encode("cp1258")


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: the database's content."""
    out = {}
    with read_session(engine) as s:
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*pk))]
    return out


def messages(exc: Any) -> list[str]:
    return [p.message("vi") for p in exc.problems]
