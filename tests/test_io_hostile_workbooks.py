"""Workbooks that hide what they hold (issue 14, findings 11 and minor): every part's unpacked
size capped before parsing, formula cells and hidden import sheets refused, devices and pipes
named as such, all with nothing written."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest

from io_helpers import ADMISSION_HEADER, dump, workbook
from models.access import SYSTEM
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.read import Limits, read_file
from record_helpers import build_tree

ROW = ["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "26/03/2021", "Có", "", "", "01-QĐ/ĐU", "Kinh"]


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def _refused(engine, path: Path, **kw):  # type: ignore[no-untyped-def]
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path, **kw)
    assert dump(engine) == before
    return err.value.problems[0]


def test_a_formula_cell_is_refused_with_its_place(engine, tree, tmp_path: Path) -> None:
    path = workbook(tmp_path / "f.xlsx", {"Kết nạp": [ADMISSION_HEADER, ROW, [*ROW[:1], "=B2", *ROW[2:]]]})
    p = _refused(engine, path)
    assert (p.key, p.sheet, p.row, p.column) == ("io.formula_cell", "Kết nạp", 3, "B")
    assert "Paste Values" in p.message("vi") and "=B2" in p.message("vi")


def test_a_hidden_import_sheet_is_refused(engine, tree, tmp_path: Path) -> None:
    import openpyxl

    path = workbook(tmp_path / "h.xlsx", {"Ghi chú": [["x"]], "Kết nạp": [ADMISSION_HEADER, ROW]})
    wb = openpyxl.load_workbook(path)
    wb["Kết nạp"].sheet_state = "hidden"
    wb.save(path)
    p = _refused(engine, path)
    assert (p.key, p.sheet) == ("io.hidden_sheet", "Kết nạp") and "ẩn" in p.message("vi")


def test_the_templates_hidden_list_sheet_is_no_obstacle(engine, tree, tmp_path: Path) -> None:
    import openpyxl

    from models.io.template import write_template

    path = write_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Kết nạp"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 2).value == ADMISSION_HEADER[1])
    for c, value in enumerate(ROW, start=1):
        ws.cell(header_row + 1, c, value)
    wb.save(path)
    assert import_file(engine, SYSTEM, path).added == 1


@pytest.mark.parametrize(
    ("part", "limit"),
    [("xl/sharedStrings.xml", "max_shared_strings_bytes"), ("xl/worksheets/sheet1.xml", "max_sheet_bytes"),
     ("xl/theme/theme1.xml", "max_other_part_bytes")],
)
def test_each_part_is_capped_before_it_is_read(engine, tree, tmp_path: Path, part: str, limit: str) -> None:
    path = workbook(tmp_path / "w.xlsx", {"Kết nạp": [ADMISSION_HEADER, ROW]})
    with zipfile.ZipFile(path, "a") as zf:
        if part not in zf.namelist():  # openpyxl writes strings inline; Excel writes this table
            zf.writestr(part, b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
        size = zf.getinfo(part).file_size
    p = _refused(engine, path, limits=Limits(**{limit: size - 1}))
    assert (p.key, p.params["part"], p.params["size"]) == ("io.part_too_large", part, size)


def test_too_many_parts_are_refused(engine, tree, tmp_path: Path) -> None:
    path = workbook(tmp_path / "w.xlsx", {"Kết nạp": [ADMISSION_HEADER, ROW]})
    with zipfile.ZipFile(path, "a") as zf:
        for i in range(20):
            zf.writestr(f"customXml/item{i}.xml", b"<a/>")
    assert _refused(engine, path, limits=Limits(max_parts=20)).key == "io.too_many_parts"


def test_the_default_caps_keep_every_part_small() -> None:
    caps = Limits()
    assert caps.max_shared_strings_bytes <= 32 * 1024 * 1024 and caps.max_sheet_bytes <= 64 * 1024 * 1024
    assert caps.max_unpacked_bytes <= 128 * 1024 * 1024


def test_a_device_is_not_a_file_that_does_not_exist(engine, tree) -> None:
    p = _refused(engine, Path("/dev/zero"))
    assert p.key == "io.not_regular_file" and "không phải tệp thông thường" in p.message("vi")


def test_a_fifo_is_refused_without_waiting_for_a_writer(engine, tree, tmp_path: Path) -> None:
    fifo = tmp_path / "Kết nạp.csv"
    os.mkfifo(fifo)
    done: list[str] = []

    def attempt() -> None:
        try:
            read_file(fifo)
        except ImportRefused as exc:
            done.append(exc.problems[0].key)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # unblock the reader so the test can end, then fail
        with open(fifo, "wb"):
            pass
    assert done == ["io.not_regular_file"]
    assert _refused(engine, tmp_path / "missing.xlsx").key == "io.file_missing"


def test_control_characters_in_an_imported_field_are_refused_at_their_cell(engine, tree, tmp_path: Path) -> None:
    from io_helpers import csv_file

    row = [*ROW[:8], "01-QĐ/ĐU\x1b]52;c;cm0gLXJm\x07", "Kinh"]
    p = _refused(engine, csv_file(tmp_path / "Kết nạp.csv", [ADMISSION_HEADER, row]))
    assert (p.key, p.row) == ("text.control_char", 2) and p.column == ADMISSION_HEADER[8]
    assert "U+001B" in p.message("vi") and "\x1b" not in p.message("vi")
