"""The import workbook's sheet «Chuyển đến»: members transferred in from outside the database,
a probationary one with the day their probation began and the admission decision; all or
nothing with the other sheets, refused where the row stands, exported and imported back
unchanged."""

from __future__ import annotations

import openpyxl
import pytest
from io_helpers import D, dump, workbook
from record_helpers import build_tree
from sqlalchemy import select

from models.access import SYSTEM
from models.figures.data import Period
from models.io.export import export_scope
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.sheets import TRANSFER_IN
from models.io.template import write_template
from models.membership import member_state
from models.schema import Member, MemberEvent
from models.uow import read_session

HEADER = [c.name for c in TRANSFER_IN.columns]
HOA = ["AP2", "Lâm Thị Hoa", "Nữ", "02/04/1998", "01/03/2026", "Đảng bộ phường 1, quận 3", "45-QĐ/QU", "Kinh",
       "02/09/2025", "125-QĐ/QU, Quận ủy quận 3"]
SAU = ["AP2", "Đỗ Văn Sáu", "Nam", "01/01/1980", "01/02/2026", "Đảng bộ xã Long Hòa", None, "Hoa", None, None]


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_transfers_in_import_as_probationary_or_official_and_export_back(engine, tree, tmp_path):
    result = import_file(engine, SYSTEM, workbook(tmp_path / "chuyen-den.xlsx", {"Chuyển đến": [HEADER, HOA, SAU]}))
    assert result.written and result.added == 2
    with read_session(engine) as s:
        ids = {m.full_name: m.id for m in s.scalars(select(Member))}
        hoa = member_state(s, ids["Lâm Thị Hoa"], D(2026, 6, 30))
        sau = member_state(s, ids["Đỗ Văn Sáu"], D(2026, 6, 30))
        kinds = {e.kind.value for e in s.scalars(select(MemberEvent))}
    assert (hoa.probationary, hoa.admitted_on, hoa.admissions) == (True, D(2025, 9, 2), 0)
    assert (sau.official, sau.admitted_on) == (True, None)
    assert kinds == {"transfer_in"}  # never an admission
    out = tmp_path / "export.xlsx"
    export_scope(engine, SYSTEM, "DIST", out, period=Period(2026, 2026))
    rows = [list(r) for r in openpyxl.load_workbook(out)["Chuyển đến"].iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert sorted((r[1], r[8] is not None, r[9]) for r in rows[1:]) == [
        ("Lâm Thị Hoa", True, "125-QĐ/QU, Quận ủy quận 3"), ("Đỗ Văn Sáu", False, None)]
    before = dump(engine)
    again = import_file(engine, SYSTEM, out)
    assert not again.written and again.added == 0 and again.present >= 2
    assert dump(engine) == before


@pytest.mark.parametrize(
    ("change", "column", "key"),
    [
        ({9: None}, "Quyết định kết nạp", "record.field_required"),
        ({8: "01/03/2025"}, "Ngày bắt đầu dự bị", "record.probation_elsewhere_over"),
        ({8: "02/03/2026"}, "Ngày bắt đầu dự bị", "record.probation_after_transfer"),
    ],
)
def test_a_bad_probation_is_refused_at_its_cell_and_nothing_is_written(engine, tree, tmp_path, change, column, key):
    bad = list(HOA)
    for index, value in change.items():
        bad[index] = value
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, workbook(tmp_path / "chuyen-den.xlsx", {"Chuyển đến": [HEADER, SAU, bad]}))
    [p] = err.value.problems
    assert (p.sheet, p.row, p.column, p.key) == ("Chuyển đến", 3, column, key)
    assert dump(engine) == before


def test_the_template_has_the_sheet(tmp_path):
    path = write_template(tmp_path / "mau.xlsx")
    ws = openpyxl.load_workbook(path)["Chuyển đến"]
    assert [c.value for c in ws[1]] == HEADER
