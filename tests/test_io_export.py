"""Export: the figures and the event log of a scope, within the user's rights; formulas
escaped; CSV readable by Excel; and an export imported back changes nothing."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import select

from io_helpers import D, dump, messy_workbook
from models.access import SYSTEM
from models.enums import AuditOutcome, Role
from models.errors import AccessDenied, DomainError
from models.figures.data import Period
from models.io.export import EXPORT_ONLY, export_scope
from models.io.importer import import_file
from models.io.sheets import SHEETS
from models.cards import issue_card
from models.discipline import discipline
from models.ratings import member_rating, org_rating
from models.record import (add_conclusion, admission, close_dues, member_makeup, recognition, record_meeting,
                           transfer_in_from_outside)
from models.schema import AuditEntry
from models.uow import read_session, write_session
from record_helpers import add_user, build_tree


@pytest.fixture
def filled(engine, tmp_path):
    tree = build_tree(engine)
    import_file(engine, SYSTEM, messy_workbook(tmp_path / "messy.xlsx"))
    with write_session(engine) as s:
        rec = admission(
            s, SYSTEM, org="C3", date=D(2020, 3, 26), ethnicity="Kinh", full_name="Võ Thị Én", sex="female", birth_date=D(1999, 1, 2),
            decision_no="=HYPERLINK(\"http://x\")", occasion="+cmd",
        )
        recognition(s, SYSTEM, member_id=rec.params["member_id"], date=D(2021, 3, 26))
        # One row for each follow-up sheet (meetings, dues, conclusions), so that every
        # import sheet has something to export and read back.
        record_meeting(s, SYSTEM, org="C3", date=D(2021, 4, 10), absent=[rec.params["member_id"]])
        close_dues(s, SYSTEM, org="C3", month=D(2021, 5, 1), unpaid=[rec.params["member_id"]])
        add_conclusion(s, SYSTEM, org="C3", text="Kết nạp thêm đảng viên trẻ", due=D(2021, 12, 31),
                       briefing=D(2021, 6, 1), condition="admitted_at_least", period="2021", count=1)
        # A probationary member transferred in from outside (the sheet «Chuyển đến»).
        transfer_in_from_outside(s, SYSTEM, org="C3", date=D(2021, 2, 1), from_outside="Đảng bộ phường 1, quận 3",
                                 full_name="Lâm Thị Hoa", sex="female", birth_date=D(1998, 4, 2), ethnicity="Kinh",
                                 probation_since=D(2020, 11, 20), admission_decision="125-QĐ/QU")
        # And one for each of the organisation office's sheets (ratings, discipline, make-up).
        member_makeup(s, SYSTEM, member_id=rec.params["member_id"], theory_level="elementary", religion="none")
        member_rating(s, SYSTEM, member_id=rec.params["member_id"], year=2021, rating="good")
        org_rating(s, SYSTEM, org="C3", year=2021, rating="excellent")
        discipline(s, SYSTEM, member_id=rec.params["member_id"], kind="reprimand", date=D(2021, 7, 1),
                   decision_no="=5-QĐ/ĐU", decided_by="Đảng ủy xã Lý Nhơn")
        issue_card(s, SYSTEM, member_id=rec.params["member_id"], number="79001234", date=D(2021, 6, 1),
                   decision_no="=7-QĐ/HU")
    return tree


def _sheet_rows(path, name):
    wb = openpyxl.load_workbook(path)
    return [list(r) for r in wb[name].iter_rows(values_only=True)]


def test_export_then_import_changes_nothing(engine, filled, tmp_path):
    out = tmp_path / "export.xlsx"
    written = export_scope(engine, SYSTEM, "DIST", out)
    assert set(written) == {*EXPORT_ONLY, *(s.name for s in SHEETS)}
    before = dump(engine)
    result = import_file(engine, SYSTEM, out)
    assert not result.written and result.added == 0 and result.changed == 0
    # 12 rows of the messy workbook, one admission, a transfer in, a meeting, a dues month, a
    # conclusion, a member's and an organisation's rating, a reprimand, the member's make-up and
    # a Party card
    assert result.present == 22
    assert dump(engine) == before


def test_csv_export_of_each_import_sheet_imports_back_unchanged(engine, filled, tmp_path):
    for spec in SHEETS:
        out = tmp_path / f"{spec.key}.csv"
        export_scope(engine, SYSTEM, "DIST", out, period=Period(2020, 2022), sheet=spec.name)
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
        assert raw[3:].decode("utf-8").splitlines()[0] == ",".join(spec.header)
        before = dump(engine)
        result = import_file(engine, SYSTEM, out, sheet=spec.name)
        assert not result.written and result.present > 0
        assert dump(engine) == before


def test_cells_that_would_be_formulas_are_escaped(engine, filled, tmp_path):
    out = tmp_path / "e.xlsx"
    export_scope(engine, SYSTEM, "C3", out)
    rows = _sheet_rows(out, "Kết nạp")
    (row,) = [r for r in rows[1:] if r[1] == "Võ Thị Én"]
    assert row[7] == "'+cmd" and row[8] == "'=HYPERLINK(\"http://x\")"
    wb = openpyxl.load_workbook(out)
    assert all(c.data_type != "f" for r in wb["Kết nạp"].iter_rows() for c in r)
    csv_out = tmp_path / "e.csv"
    export_scope(engine, SYSTEM, "C3", csv_out, sheet="Kết nạp")
    text = csv_out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text


def test_figures_sheet_has_the_scope_and_its_children(engine, filled, tmp_path):
    out = tmp_path / "f.xlsx"
    export_scope(engine, SYSTEM, "XA", out, period=Period(2021, 2021))
    rows = _sheet_rows(out, "Số liệu")
    header, root, *children = rows
    assert header[:6] == ["Mã tổ chức", "Tên tổ chức", "Kỳ", "Đảng viên", "Chỉ tiêu", "Kết nạp"]
    assert root[0] == "XA" and root[5] == 2 and root[4] == 5  # An and Bình admitted in 2021; XA's own target
    assert [c[0] for c in children] == ["AP1", "AP2"]
    years = _sheet_rows(out, "Theo năm")
    assert years[1][0] == 2021 and years[1][2] == 2


def test_scope_limits_the_event_log(engine, filled, tmp_path):
    out = tmp_path / "c3.xlsx"
    export_scope(engine, SYSTEM, "OTHER", out)
    names = [r[1] for r in _sheet_rows(out, "Kết nạp")[1:]]
    assert names == ["Võ Thị Én"]
    log = _sheet_rows(out, "Nhật ký")
    assert [r[1] for r in log[1:]] == ["Công nhận chính thức"]


def test_viewer_gets_figures_only_and_secretary_only_their_cell(engine, filled, tmp_path):
    viewer = add_user(engine, "xem", Role.VIEWER, scope="DIST")
    written = export_scope(engine, viewer, "DIST", tmp_path / "v.xlsx")
    assert set(written) == {"Số liệu", "Theo năm", "Thành phần kết nạp", "Thống kê đảng viên", "Cơ cấu đảng viên"}  # counts, no names
    secretary = add_user(engine, "bithu", Role.CELL_SECRETARY, scope="AP1")
    assert "Kết nạp" in export_scope(engine, secretary, "AP1", tmp_path / "s.xlsx")
    with pytest.raises(AccessDenied):
        export_scope(engine, secretary, "C3", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    with read_session(engine) as s:
        rows = list(s.scalars(select(AuditEntry).where(AuditEntry.action == "io.export").order_by(AuditEntry.id)))
    assert [(r.login, r.outcome) for r in rows] == [
        ("xem", AuditOutcome.OK), ("bithu", AuditOutcome.READ), ("bithu", AuditOutcome.REFUSED)
    ]


def test_csv_export_needs_a_sheet(engine, filled, tmp_path):
    with pytest.raises(DomainError) as err:
        export_scope(engine, SYSTEM, "DIST", tmp_path / "a.csv")
    assert "Kết nạp" in err.value.message("vi")


def test_a_table_on_screen_is_written_escaped(tmp_path):
    from models.io.export import Table, write_table

    table = Table("Bảng", ["Mã", "Ghi chú", "Ngày"], [["A1", "=cmd|' /C calc'!A0", D(2021, 3, 26)], ["A2", "@SUM(1)", None]])
    csv_path = write_table(tmp_path / "t.csv", table)
    lines = csv_path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines == ["Mã,Ghi chú,Ngày", "A1,'=cmd|' /C calc'!A0,26/03/2021", "A2,'@SUM(1),"]
    xlsx_path = write_table(tmp_path / "t.xlsx", table)
    ws = openpyxl.load_workbook(xlsx_path)["Bảng"]
    assert [c.value for c in ws[2]][:2] == ["A1", "'=cmd|' /C calc'!A0"] and ws["C2"].number_format == "DD/MM/YYYY"
    with pytest.raises(DomainError):
        write_table(tmp_path / "t.ods", table)
