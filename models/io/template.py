"""The import workbook template: an instructions sheet, then one sheet per import sheet with
its header row, drop-down lists for the choice columns and date formats, and a hidden sheet
holding the lists (Excel limits a list typed into the validation itself to 255 characters)."""

from __future__ import annotations

from pathlib import Path

from models import i18n
from models.errors import DomainError
from models.output_file import check_target, write_output
from models.io import messages as _messages  # noqa: F401  registers the catalogue
from models.io.sheets import IGNORED_COLUMNS, SHEETS, Column, Kind
from models.rules import Rules, default_rules

INSTRUCTIONS = "Hướng dẫn"
LISTS = "Danh mục"
DATE_FORMAT = "DD/MM/YYYY"

i18n.register(
    {
        "io.template.title": ("Mẫu nhập số liệu giaoban", "giaoban import template"),
        "io.template.rules": (
            "Quy tắc chung: giữ nguyên tên trang và tên cột; có thể thêm dòng tiêu đề phía trên dòng tên cột và cột “STT” hoặc “Ghi chú”; "
            "ngày ghi dd/mm/yyyy (ngày trước, tháng sau, năm đủ 4 chữ số) hoặc dùng ô ngày của Excel; chữ tiếng Việt phải ở bảng mã Unicode; "
            "cả tệp được nhập trọn vẹn hoặc không nhập gì: chỉ cần một dòng sai là không ghi dòng nào; nhập lại cùng một tệp không thay đổi gì.",
            "General rules: keep the sheet and column names; a title may sit above the header row, and 'STT' or 'Ghi chú' columns may be added; "
            "dates as dd/mm/yyyy (day first, four-digit year) or Excel date cells; Vietnamese text in Unicode; "
            "a file is imported whole or not at all; importing the same file again changes nothing.",
        ),
        "io.template.command": (
            "Nhập bằng lệnh: giaoban import TỆP.xlsx (thêm --dry-run để xem trước mà không ghi).",
            "Import with: giaoban import FILE.xlsx (add --dry-run to preview without writing).",
        ),
        "io.template_type": (
            "Mẫu nhập là tệp Excel nhiều trang có danh sách chọn; hãy đặt tên tệp đuôi .xlsx (không phải “{file}”).",
            "The import template is a multi-sheet Excel workbook with drop-down lists; name the file .xlsx (not '{file}').",
        ),
        "io.template.occasions": ("Các dịp kết nạp theo quy định:", "Occasions in the rules:"),
    }
)


def write_template(path: str | Path, rules: Rules | None = None, *, force: bool = False) -> Path:
    """The template at ``path``, which must end in ``.xlsx`` (its drop-down lists, hidden list
    sheet and several sheets have no CSV form); models.output_file's rules."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise DomainError("io.template_type", field="output", file=str(path))
    check_target(path, force)
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    rules = rules or default_rules()
    path = Path(path)
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = INSTRUCTIONS
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    bold = Font(bold=True)

    guide.append([i18n.t("io.template.title", "vi")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([i18n.t("io.template.rules", "vi")])
    guide.append([i18n.t("io.template.command", "vi")])
    guide.append([f"Cột không nhập (được bỏ qua): {', '.join(IGNORED_COLUMNS)}."])
    for spec in SHEETS:
        guide.append([])
        guide.append([f"Trang “{spec.name}”", spec.help_vi])
        guide.cell(guide.max_row, 1).font = bold
        guide.append(["Cột", "Bắt buộc", "Giá trị", "Ghi chú"])
        for c in range(1, 5):
            guide.cell(guide.max_row, c).font = bold
        for col in spec.columns:
            guide.append([col.name, "có" if col.required else "không", _accepted(col), col.help_vi])
    guide.append([])
    guide.append([i18n.t("io.template.occasions", "vi")])
    for o in rules.admission.occasions:
        guide.append(["", "", o.name])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 60
    guide.column_dimensions["D"].width = 70
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    list_col = 0
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        ws.append(spec.header)
        ws.freeze_panes = "A2"
        for index, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(index)
            ws.cell(1, index).font = bold
            ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
            cells = f"{letter}2:{letter}2000"
            if col.kind == Kind.DATE:
                for r in range(2, 202):
                    ws.cell(r, index).number_format = DATE_FORMAT
                dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=not col.required)
                dv.error = "Ngày ghi dd/mm/yyyy."
            elif col.kind in (Kind.CHOICE, Kind.YES_NO):
                list_col += 1
                list_letter = get_column_letter(list_col)
                labels = col.canonical_labels() if col.kind == Kind.CHOICE else ["Có", "Không"]
                lists.cell(1, list_col, f"{spec.name} / {col.name}")
                for r, label in enumerate(labels, start=2):
                    lists.cell(r, list_col, label)
                ref = f"{quote_sheetname(LISTS)}!${list_letter}$2:${list_letter}${len(labels) + 1}"
                dv = DataValidation(type="list", formula1=ref, allow_blank=not col.required)
                dv.error = "Chọn một giá trị trong danh sách."
            elif col.kind == Kind.INTEGER:
                dv = DataValidation(type="whole", operator="between", formula1=str(col.low), formula2=str(col.high))
                dv.error = f"Số nguyên từ {col.low} đến {col.high}."
            elif col.kind in (Kind.MONTH, Kind.IDS):
                for r in range(2, 202):
                    ws.cell(r, index).number_format = "@"  # text: 03/2023 and 12, 15 stay as typed
                continue
            else:
                continue
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(cells)
    # The instructions first, the lists last (hidden).
    wb.move_sheet(LISTS, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS))
    return write_output(path, wb.save, force=force)


def _accepted(col: Column) -> str:
    if col.kind == Kind.CHOICE:
        return "; ".join(col.canonical_labels())
    if col.kind == Kind.YES_NO:
        return "Có; Không"
    if col.kind == Kind.DATE:
        return "dd/mm/yyyy"
    if col.kind == Kind.INTEGER:
        return f"{col.low}–{col.high}"
    if col.kind == Kind.ORG:
        return "mã tổ chức"
    if col.kind == Kind.MONTH:
        return "mm/yyyy"
    if col.kind == Kind.IDS:
        return "mã đảng viên, cách nhau bằng dấu phẩy"
    return "chữ"
