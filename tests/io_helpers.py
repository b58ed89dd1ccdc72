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
    "Đoàn thể giới thiệu", "Dịp kết nạp", "Số quyết định", "Dân tộc",
]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


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


def messy_workbook(path):
    """Every sheet, as an office would send it: titles above the header, header variants
    (case, spacing, NFD, aliases, an STT column), NFD text, stray spaces, blank rows, real
    date cells, Excel serial numbers, dd/mm/yyyy and ISO text, rows in any order."""
    return workbook(
        path,
        {
            "Chỉ tiêu": [
                ["CHỈ TIÊU KẾT NẠP ĐẢNG VIÊN"],
                [],
                ["STT", "mã tổ chức", " NĂM ", "Chỉ  tiêu", "Số QĐ"],
                [1, "AP1", 2021, 2, "01-QĐ/ĐU"],
                [2, " XA ", "2021", 5.0, None],
            ],
            _nfd("Kết nạp"): [
                ["ĐẢNG BỘ XÃ THẠNH AN"],
                ["Danh sách kết nạp năm 2020-2021", None, None, "(kèm theo báo cáo)"],
                ["STT", _nfd("Mã tổ chức"), "HỌ VÀ TÊN", "giới tính", "Ngày  sinh", _nfd("Ngày kết nạp"), "Đoàn viên",
                 "Đoàn thể giới thiệu", "Dịp kết nạp", "Số quyết định", "Ghi chú", "Dân tộc"],
                [1, "AP1", "  Nguyễn   Văn An ", "Nam", "03/04/1995", dt.datetime(2021, 3, 26), "Có", "Đoàn TNCS Hồ Chí Minh", None, None, "đã nhận thẻ", "Kinh"],
                [],
                [2, "AP2", _nfd("Trần Thị Bình"), "nữ", 36000, "19/05/2021", "không", "Hội LHPN", " ", "15-QĐ/ĐU", None, "Hoa"],
                [None, None, None, None, None, None, None, None, None, None, None],
                [3, "AP1", "Lê Văn Cường", "NAM", "1990-02-03", "2/9/2020", "Khong", "", "Quốc khánh", "12-QĐ/ĐU", None, " Khmer "],
            ],
            "Xóa tên": [
                ["Mã tổ chức", "Họ tên", "Ngày sinh", "Ngày xóa tên", "Lý do", "Số quyết định"],
                ["AP1", "lê văn cường", D(1990, 2, 3), "15/06/2022", "Bỏ sinh hoạt", "30-QĐ/ĐU"],
            ],
            "Xin ra khỏi Đảng": [
                ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Ngày ra khỏi Đảng", "Số quyết định"],
                ["AP2", "Trần Thị Bình", 36000, "01.12.2022", None],
            ],
            "Nguồn phát triển": [
                ["Mã tổ chức", "Họ và tên", "Giới tính", "Ngày sinh", "Nguồn", "Giai đoạn", "Ngày"],
                ["AP1", "Phạm Văn Dũng", "Nam", "20/10/2000", "Chi bộ chọn", "Đã học lớp nhận thức về Đảng", "15/03/2022"],
                ["AP1", "Phạm Văn Dũng", "Nam", "20/10/2000", "Chi bộ chọn", "Quần chúng ưu tú", "10/01/2022"],
            ],
            "Quy định 213": [
                ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Mã tổ chức nơi cư trú", "Việc", "Ngày", "Năm đánh giá"],
                ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã gửi giấy giới thiệu", "01/02/2022", None],
                ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã gửi phiếu xin ý kiến", "01/11/2022", 2022],
                ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã nhận xét", "15/12/2022", 2022],
            ],
            "Ghi chú của văn phòng": [["Không nhập trang này"]],
        },
    )


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
