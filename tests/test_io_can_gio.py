"""The Cần Giờ fixture through a spreadsheet: the export of the district for 2020–2022 holds
the acceptance figures of the source, and importing it back changes nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl

from fixtures import can_gio
from io_helpers import dump
from models.access import SYSTEM
from models.figures.data import Period
from models.io.export import export_scope
from models.io.importer import import_file

BRIEFING = dt.date(2023, 3, 31)


def test_can_gio_export_holds_the_source_figures_and_imports_back_unchanged(engine, tmp_path):
    can_gio.load(engine, BRIEFING)
    out = tmp_path / "cg.xlsx"
    export_scope(engine, SYSTEM, "CG", out, period=Period(2020, 2022))
    wb = openpyxl.load_workbook(out, read_only=True)
    head, root, *_ = list(wb["Số liệu"].iter_rows(values_only=True))
    row = dict(zip(head, root, strict=True))
    assert (row["Mã tổ chức"], row["Kết nạp"], row["Chỉ tiêu"]) == ("CG", 237, 220)
    # No row for 2017-2019: the years before the data are no comparison (the seeded roster).
    comp_head, comp = list(wb["Thành phần kết nạp"].iter_rows(values_only=True))
    comp = dict(zip(comp_head, comp, strict=True))
    assert (comp["Nữ"], comp["Đoàn viên"], comp["Đoàn thể giới thiệu"], comp["Kết nạp dịp lễ, kỷ niệm"]) == (121, 156, 124, 135)
    admissions = sum(1 for _ in wb["Kết nạp"].iter_rows(min_row=2))
    wb.close()
    assert admissions == 237
    before = dump(engine)
    result = import_file(engine, SYSTEM, out)
    assert not result.written and result.added == result.changed == 0 and result.present > admissions
    assert dump(engine) == before
