"""The members' make-up in the import workbook (issue 18): the admission sheet's optional
columns and the sheet «Thông tin đảng viên»; exported in the import format (and as the
figures sheet «Cơ cấu đảng viên») and imported back unchanged; a bad value refused at its row,
column and rule, with the whole file."""

from __future__ import annotations

import openpyxl
import pytest
from io_helpers import ADMISSION_HEADER, D, dump, workbook
from record_helpers import admit, build_tree
from sqlalchemy import select

from models.access import SYSTEM
from models.enums import EducationLevel, ProfessionalLevel, Religion, TheoryLevel
from models.figures.data import Period
from models.io.export import export_scope
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.template import write_template
from models.schema import Member
from models.uow import read_session

MAKEUP = ["Tôn giáo", "Giáo dục phổ thông", "Chuyên môn", "Lý luận chính trị"]
INFO = ["Mã tổ chức", "Họ và tên", "Ngày sinh", *MAKEUP]


def _stored(engine):
    with read_session(engine) as s:
        return sorted((m.full_name, m.religion, m.education_level, m.professional_level, m.theory_level)
                      for m in s.scalars(select(Member)))


def test_admissions_and_member_details_import_export_and_import_back_unchanged(engine, tmp_path):
    build_tree(engine)
    admit(engine, date=D(2020, 3, 26), born=D(1990, 1, 1), full_name="Nguyễn Thị Lan")
    path = workbook(tmp_path / "co-cau.xlsx", {
        "Kết nạp": [[*ADMISSION_HEADER, *MAKEUP],
                    ["AP2", "Lê Văn Cường", "Nam", "02/02/1992", "19/05/2023", "Có", None, None, None, "Khmer",
                     "Phật giáo", "12/12", "Đại học", "Sơ cấp"],
                    ["AP2", "Trần Thị Mai", "Nữ", "03/03/1993", "19/05/2023", "Có", None, None, None, "Kinh",
                     "Không", None, None, None]],
        "Thông tin đảng viên": [INFO, ["AP1", "Nguyễn Thị Lan", "01/01/1990", "cong giao", "THCS", "Trung cấp", "Trung cấp"]],
    })
    result = import_file(engine, SYSTEM, path)
    assert result.written and result.added == 2 and result.changed == 1
    assert _stored(engine) == [
        ("Lê Văn Cường", Religion.BUDDHISM, EducationLevel.UPPER_SECONDARY, ProfessionalLevel.UNIVERSITY, TheoryLevel.ELEMENTARY),
        ("Nguyễn Thị Lan", Religion.CATHOLICISM, EducationLevel.LOWER_SECONDARY, ProfessionalLevel.INTERMEDIATE,
         TheoryLevel.INTERMEDIATE),
        ("Trần Thị Mai", Religion.NONE, None, None, None),
    ]
    out = tmp_path / "export.xlsx"
    export_scope(engine, SYSTEM, "DIST", out, period=Period(2020, 2023))
    wb = openpyxl.load_workbook(out)
    admitted = [list(r) for r in wb["Kết nạp"].iter_rows(values_only=True)]
    assert admitted[0][-4:] == MAKEUP
    assert sorted((r[1], *r[-4:]) for r in admitted[1:]) == [
        ("Lê Văn Cường", "Phật giáo", "trung học phổ thông", "đại học", "sơ cấp"),
        ("Nguyễn Thị Lan", "Công giáo", "trung học cơ sở", "trung cấp", "trung cấp"),
        ("Trần Thị Mai", "không", None, None, None),
    ]
    figures = [list(r) for r in wb["Cơ cấu đảng viên"].iter_rows(values_only=True)]
    root = {(r[3], r[4]): (r[5], r[6]) for r in figures[1:] if r[0] == "DIST"}
    assert root[("Đảng viên", "Tổng số")] == (3, None)
    assert root[("Đảng viên", "Nữ")] == (2, 66.67)
    assert root[("Đảng viên", "Dân tộc thiểu số")][0] == 1 and root[("Đảng viên", "Theo tôn giáo")][0] == 2
    assert root[("Lý luận chính trị", "chưa cập nhật")][0] == 1
    before = dump(engine)
    again = import_file(engine, SYSTEM, out)
    assert not again.written and again.added == 0 and again.changed == 0
    assert import_file(engine, SYSTEM, path).present == 3
    assert dump(engine) == before


def test_a_bad_level_is_refused_at_its_row_and_nothing_is_written(engine, tmp_path):
    build_tree(engine)
    admit(engine, date=D(2020, 3, 26), born=D(1990, 1, 1), full_name="Nguyễn Thị Lan")
    path = workbook(tmp_path / "sai.xlsx", {
        "Kết nạp": [[*ADMISSION_HEADER, *MAKEUP],
                    ["AP2", "Lê Văn Cường", "Nam", "02/02/1992", "19/05/2023", "Có", None, None, None, "Kinh",
                     None, None, None, None]],
        "Thông tin đảng viên": [INFO, ["AP1", "Nguyễn Thị Lan", "01/01/1990", None, None, None, "Cao cấp lý luận"]],
    })
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    [p] = err.value.problems
    assert (p.sheet, p.row, p.column) == ("Thông tin đảng viên", 2, "Lý luận chính trị")
    text = p.message("vi")
    assert "Cao cấp lý luận" in text and "dòng 2" in text and "cử nhân" in text
    keep = lambda d: {k: v for k, v in d.items() if k not in ("audit_log", "change_counter")}  # noqa: E731
    assert keep(dump(engine)) == keep(before)


def test_a_stored_level_that_the_admission_row_contradicts_is_a_conflict(engine, tmp_path):
    build_tree(engine)
    admit(engine, org="AP1", date=D(2020, 3, 26), born=D(1990, 1, 1), full_name="Nguyễn Thị Lan", religion="buddhism")
    path = workbook(tmp_path / "khac.xlsx", {
        "Kết nạp": [[*ADMISSION_HEADER, *MAKEUP],
                    ["AP1", "Nguyễn Thị Lan", "Nữ", "01/01/1990", "26/03/2020", "Không", None, None, None, "Kinh",
                     "Công giáo", None, None, None]],
    })
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    [p] = err.value.problems
    assert (p.sheet, p.column, p.key) == ("Kết nạp", "Tôn giáo", "io.conflict")


def test_the_template_offers_the_makeup_columns_and_sheet(tmp_path):
    path = write_template(tmp_path / "mau.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["Kết nạp"][1]][-4:] == MAKEUP
    assert [c.value for c in wb["Thông tin đảng viên"][1]] == INFO
