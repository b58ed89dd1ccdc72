"""The workbook template: every sheet with its header, drop-down lists, instructions; it
imports as it is (nothing to write), and filled in it imports its rows."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from io_helpers import dump
from models.access import SYSTEM
from models.io.importer import import_file
from models.io.sheets import ADMISSION, SHEETS, Kind
from models.io.template import INSTRUCTIONS, LISTS, write_template
from record_helpers import build_tree


def test_template_has_every_sheet_header_and_list(tmp_path):
    path = write_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [INSTRUCTIONS, *(s.name for s in SHEETS), LISTS]
    assert wb[LISTS].sheet_state == "hidden"
    lists = {c.value for row in wb[LISTS].iter_rows() for c in row if c.value}
    for spec in SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == spec.header
        validated = {str(r).split(":")[0] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
        for index, col in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            if col.kind in (Kind.CHOICE, Kind.YES_NO, Kind.DATE, Kind.INTEGER):
                assert f"{letter}2" in validated, (spec.name, col.name)
            if col.kind == Kind.CHOICE:
                assert set(col.canonical_labels()) <= lists
    guide = " ".join(str(c.value) for row in wb[INSTRUCTIONS].iter_rows() for c in row if c.value)
    for spec in SHEETS:
        assert spec.name in guide and all(c.name in guide for c in spec.columns)


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_empty_template_imports_without_change_and_filled_template_imports(engine, tree, tmp_path):
    path = write_template(tmp_path / "mau.xlsx")
    before = dump(engine)
    result = import_file(engine, SYSTEM, path)
    assert not result.written and result.added == 0
    assert dump(engine) == before
    wb = openpyxl.load_workbook(path)
    ws = wb[ADMISSION.name]
    values = ["AP1", "Nguyễn Văn An", "Nam", dt.datetime(1995, 4, 3), dt.datetime(2021, 3, 26), "Có", "Công đoàn", None, "5-QĐ/ĐU", "Kinh"]
    for index, value in enumerate(values, start=1):
        ws.cell(2, index, value)
    wb.save(path)
    assert import_file(engine, SYSTEM, path).added == 1


def test_import_format_document_names_every_sheet_and_column():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "import-format.md").read_text(encoding="utf-8")
    for spec in SHEETS:
        assert f"### `{spec.name}`" in doc
        for col in spec.columns:
            assert f"`{col.name}`" in doc
            for label in col.canonical_labels():
                assert label in doc
