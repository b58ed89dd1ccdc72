"""The import workbook's sheets of cell meetings, dues books and briefing conclusions."""

from __future__ import annotations

import pytest
from io_helpers import D, workbook
from record_helpers import admit, build_tree
from sqlalchemy import func, select

from models.access import SYSTEM
from models.conclusions import conclusions_for
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.template import write_template
from models.removal_warnings import removal_warnings
from models.schema import CellMeeting, Conclusion, DuesBook
from models.uow import read_session

MEETING = ["Mã tổ chức", "Ngày họp", "Vắng không lý do", "Vắng có lý do"]
DUES = ["Mã tổ chức", "Tháng", "Chưa đóng"]
CONCLUSION = ["Mã tổ chức", "Nội dung", "Hạn", "Ngày giao ban", "Mã cấp ủy chủ trì", "Điều kiện", "Số lượng", "Năm"]


@pytest.fixture
def setup(engine):
    ids = build_tree(engine)
    a = admit(engine, date=D(2020, 3, 26), born=D(1990, 1, 1))
    b = admit(engine, date=D(2020, 3, 26), born=D(1991, 1, 1), full_name="Trần Văn Bình", sex="male")
    return ids, a, b


def _book(tmp_path, a, b):
    return workbook(tmp_path / "sinh-hoat.xlsx", {
        "Sinh hoạt chi bộ": [MEETING, ["AP1", D(2023, 1, 5), None, None], ["AP1", "05/02/2023", str(a), None],
                             ["AP1", D(2023, 3, 5), a, f"{b}"]],
        "Đảng phí": [DUES, ["AP1", "01/2023", b], ["AP1", "02/2023", b], ["AP1", D(2023, 3, 1), b]],
        "Kết luận giao ban": [CONCLUSION, ["AP1", "Chi bộ kết nạp 1 đảng viên trước 30/6", D(2023, 6, 30),
                                           D(2023, 3, 31), None, "kết nạp ít nhất N đảng viên", 1, "2023"]],
    })


def test_meetings_dues_and_conclusions_import_and_feed_the_warnings(engine, setup, tmp_path):
    ids, a, b = setup
    path = _book(tmp_path, a, b)
    result = import_file(engine, SYSTEM, path)
    assert result.added == 7
    with read_session(engine) as s:
        found = {(w.member_id, w.reason.value, w.level.value) for w in removal_warnings(s, ids["DIST"], D(2023, 3, 31))}
        assert found == {(a, "missed_meetings", "warning"), (b, "unpaid_dues", "flag")}
        [c] = conclusions_for(s, SYSTEM, ids["DIST"], D(2023, 7, 1))
        assert c.status.value == "overdue" and c.goal == 1
    again = import_file(engine, SYSTEM, path)
    assert again.added == 0 and again.present == 7


def test_a_bad_id_is_refused_naming_sheet_row_and_column(engine, setup, tmp_path):
    _ids, a, _b = setup
    path = workbook(tmp_path / "sai.xlsx", {"Sinh hoạt chi bộ": [MEETING, ["AP1", D(2023, 1, 5), f"{a}, x7", None]],
                                            "Đảng phí": [DUES, ["AP1", "13/2023", None]]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    text = " ".join(p.message("vi") if hasattr(p, "message") else str(p) for p in err.value.problems)
    assert "Sinh hoạt chi bộ" in text and "Vắng không lý do" in text and "x7" in text
    assert "Tháng" in text and "13/2023" in text
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(CellMeeting)) == 0
        assert s.scalar(select(func.count()).select_from(DuesBook)) == 0


def test_a_member_not_on_the_rolls_is_refused_at_its_row(engine, setup, tmp_path):
    _ids, _a, _b = setup
    stranger = admit(engine, org="AP2", date=D(2020, 3, 26), born=D(1992, 1, 1), full_name="Lê Văn Cường", sex="male")
    path = workbook(tmp_path / "sai.xlsx", {"Sinh hoạt chi bộ": [MEETING, ["AP1", D(2023, 1, 5), str(stranger), None]]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    [problem] = err.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Sinh hoạt chi bộ", 2, "Vắng không lý do")
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Conclusion)) == 0


def test_the_template_has_the_three_sheets(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx"))
    for name, header in (("Sinh hoạt chi bộ", MEETING), ("Đảng phí", DUES), ("Kết luận giao ban", CONCLUSION)):
        assert [c.value for c in wb[name][1]] == header
