"""The import workbook's sheets of the organisation office's records (issue 18): members'
and organisations' yearly quality ratings and disciplinary measures, all or nothing with the
other sheets, each bad row refused where it stands."""

from __future__ import annotations

import openpyxl
import pytest
from io_helpers import ADMISSION_HEADER, D, dump, workbook
from record_helpers import add_user, admit, build_tree
from sqlalchemy import select

from models.access import SYSTEM
from models.enums import Role
from models.figures.data import Period
from models.io.export import export_scope
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.template import write_template
from models.office_schema import DisciplineKind, MemberDiscipline, MemberRating, OrgRating, QualityRating
from models.uow import read_session

MEMBER_RATING = ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Năm", "Xếp loại"]
ORG_RATING = ["Mã tổ chức", "Năm", "Xếp loại"]
DISCIPLINE = ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Hình thức", "Ngày kỷ luật", "Số quyết định", "Cấp quyết định",
              "Ghi chú kỷ luật"]
LAN, BINH = ("Nguyễn Thị Lan", D(1990, 1, 1)), ("Trần Văn Bình", D(1991, 1, 1))


@pytest.fixture
def members(engine):
    build_tree(engine)
    a = admit(engine, date=D(2020, 3, 26), born=LAN[1], full_name=LAN[0])
    b = admit(engine, date=D(2020, 3, 26), born=BINH[1], full_name=BINH[0], sex="male")
    return a, b


def _office_book(tmp_path, name="xep-loai.xlsx", **changes):
    sheets = {
        "Xếp loại đảng viên": [MEMBER_RATING, ["AP1", LAN[0], "01/01/1990", 2022, "Hoàn thành xuất sắc nhiệm vụ"],
                               ["AP1", BINH[0], BINH[1], 2022, "HTNV"], ["AP1", LAN[0], LAN[1], 2023, "Tốt"]],
        "Xếp loại tổ chức đảng": [ORG_RATING, ["AP1", 2022, "Hoàn thành tốt nhiệm vụ"], ["XA", 2022, "xuất sắc"]],
        "Kỷ luật": [DISCIPLINE, ["AP1", BINH[0], BINH[1], "Khiển trách", "15/06/2023", "12-QĐ/ĐU", "Đảng ủy xã Thạnh An",
                                 "Vắng sinh hoạt"]],
    }
    sheets.update(changes)
    return workbook(tmp_path / name, sheets)


def _stored(engine):
    with read_session(engine) as s:
        return (
            sorted((r.member_id, r.year, r.rating) for r in s.scalars(select(MemberRating))),
            sorted((r.org_id, r.year, r.rating) for r in s.scalars(select(OrgRating))),
            sorted((d.member_id, d.kind, d.event_date, d.decision_no, d.decided_by, d.note)
                   for d in s.scalars(select(MemberDiscipline))),
        )


def test_ratings_and_discipline_import_export_and_import_back_unchanged(engine, members, tmp_path):
    a, b = members
    result = import_file(engine, SYSTEM, _office_book(tmp_path))
    assert result.written and result.added == 6
    member_ratings, org_ratings, measures = _stored(engine)
    assert [(m, y, r) for m, y, r in member_ratings] == [
        (a, 2022, QualityRating.EXCELLENT), (a, 2023, QualityRating.GOOD), (b, 2022, QualityRating.COMPLETED)]
    assert sorted((y, r.value) for _o, y, r in org_ratings) == [(2022, "excellent"), (2022, "good")]
    assert measures == [(b, DisciplineKind.REPRIMAND, D(2023, 6, 15), "12-QĐ/ĐU", "Đảng ủy xã Thạnh An", "Vắng sinh hoạt")]
    # The export writes them in the import format, with the canonical labels...
    out = tmp_path / "export.xlsx"
    export_scope(engine, SYSTEM, "DIST", out, period=Period(2022, 2023))
    wb = openpyxl.load_workbook(out)
    rated = [list(r) for r in wb["Xếp loại đảng viên"].iter_rows(values_only=True)]
    assert rated[0] == MEMBER_RATING
    assert sorted((r[1], r[3], r[4]) for r in rated[1:]) == [
        (LAN[0], 2022, "Hoàn thành xuất sắc nhiệm vụ"), (LAN[0], 2023, "Hoàn thành tốt nhiệm vụ"), (BINH[0], 2022, "Hoàn thành nhiệm vụ")]
    measures_sheet = [list(r) for r in wb["Kỷ luật"].iter_rows(values_only=True)]
    assert measures_sheet[1][:4] == ["AP1", BINH[0], measures_sheet[1][2], "Khiển trách"]
    # ...and the export, or the same file, imported again changes nothing.
    before = dump(engine)
    again = import_file(engine, SYSTEM, out)
    assert not again.written and again.present >= 6 and again.added == 0
    assert import_file(engine, SYSTEM, _office_book(tmp_path)).present == 6
    assert dump(engine) == before


def _refused(engine, path, actor=SYSTEM):
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, actor, path)
    after = dump(engine)
    keep = lambda d: {k: v for k, v in d.items() if k not in ("audit_log", "change_counter")}  # noqa: E731
    assert keep(after) == keep(before)
    return err.value.problems


def test_a_bad_rating_value_is_refused_with_the_whole_file(engine, members, tmp_path):
    path = _office_book(tmp_path, **{
        "Kết nạp": [ADMISSION_HEADER, ["AP2", "Lê Văn Cường", "Nam", "02/02/1992", "19/05/2023", "Có", None, None, None, "Kinh"]],
        "Xếp loại đảng viên": [MEMBER_RATING, ["AP1", LAN[0], LAN[1], 2022, "Loại A"]],
    })
    [p] = _refused(engine, path)
    assert (p.sheet, p.row, p.column) == ("Xếp loại đảng viên", 2, "Xếp loại")
    text = p.message("vi")
    assert "Loại A" in text and "Xếp loại đảng viên" in text and "dòng 2" in text
    assert _stored(engine) == ([], [], [])


def test_an_unknown_member_is_refused_at_its_row(engine, members, tmp_path):
    path = _office_book(tmp_path, **{
        "Kỷ luật": [DISCIPLINE, ["AP1", "Không Có Ai", "01/01/1980", "Cảnh cáo", "15/06/2023", "3-QĐ/ĐU", None, None]],
    })
    [p] = _refused(engine, path)
    assert (p.sheet, p.row, p.column, p.key) == ("Kỷ luật", 2, "Họ và tên", "io.member_not_found")
    assert "Không Có Ai" in p.message("vi")
    assert _stored(engine) == ([], [], [])


def test_a_member_rated_at_a_cell_they_are_not_on_is_refused(engine, members, tmp_path):
    path = _office_book(tmp_path, **{"Xếp loại đảng viên": [MEMBER_RATING, ["AP2", LAN[0], LAN[1], 2022, "Tốt"]]})
    [p] = _refused(engine, path)
    assert (p.sheet, p.column, p.key) == ("Xếp loại đảng viên", "Họ và tên", "io.member_not_found")


def test_a_future_year_and_a_second_rating_are_refused(engine, members, tmp_path):
    import_file(engine, SYSTEM, _office_book(tmp_path))
    path = workbook(tmp_path / "sai.xlsx", {
        "Xếp loại đảng viên": [MEMBER_RATING, ["AP1", LAN[0], LAN[1], 2022, "Không hoàn thành nhiệm vụ"]],
        "Xếp loại tổ chức đảng": [ORG_RATING, ["AP2", 2199, "Tốt"]],
    })
    problems = _refused(engine, path)
    found = {(p.sheet, p.column, p.key) for p in problems}
    assert found == {("Xếp loại đảng viên", "Xếp loại", "io.conflict"), ("Xếp loại tổ chức đảng", "Năm", "rating.future_year")}


def test_out_of_scope_organisations_are_refused_per_row_and_nothing_is_written(engine, members, tmp_path):
    secretary = add_user(engine, "bithu_ap1", Role.CELL_SECRETARY, scope="AP1")
    admit(engine, org="C3", date=D(2020, 3, 26), born=D(1992, 2, 2), full_name="Lê Văn Cường", sex="male")
    path = _office_book(tmp_path, **{
        "Xếp loại đảng viên": [MEMBER_RATING, ["AP1", LAN[0], LAN[1], 2022, "Tốt"],
                               ["C3", "Lê Văn Cường", "02/02/1992", 2022, "Tốt"]],
        "Xếp loại tổ chức đảng": [ORG_RATING, ["C3", 2022, "Tốt"]],
        "Kỷ luật": [DISCIPLINE, ["C3", "Lê Văn Cường", "02/02/1992", "Cảnh cáo", "15/06/2023", "3-QĐ/ĐU", None, None]],
    })
    problems = _refused(engine, path, secretary)
    assert {(p.sheet, p.row, p.column, p.key) for p in problems} == {
        ("Xếp loại đảng viên", 3, "Mã tổ chức", "access.out_of_scope"),
        ("Xếp loại tổ chức đảng", 2, "Mã tổ chức", "access.out_of_scope"),
        ("Kỷ luật", 2, "Mã tổ chức", "access.out_of_scope"),
    }
    # Nothing about the member of another cell is said.
    assert not any("Lê Văn Cường" in p.message("vi") for p in problems)
    assert _stored(engine) == ([], [], [])


def test_a_cell_secretary_cannot_rate_their_own_cell(engine, members, tmp_path):
    """An organisation is rated by its superior: the cell's own secretary is refused."""
    secretary = add_user(engine, "bithu_ap1", Role.CELL_SECRETARY, scope="AP1")
    path = workbook(tmp_path / "tu-xep-loai.xlsx", {"Xếp loại tổ chức đảng": [ORG_RATING, ["AP1", 2022, "Tốt"]]})
    [p] = _refused(engine, path, secretary)
    assert (p.sheet, p.row, p.column) == ("Xếp loại tổ chức đảng", 2, "Mã tổ chức")


def test_the_template_documents_the_three_sheets(tmp_path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx"))
    for name, header in (("Xếp loại đảng viên", MEMBER_RATING), ("Xếp loại tổ chức đảng", ORG_RATING), ("Kỷ luật", DISCIPLINE)):
        assert [c.value for c in wb[name][1]] == header
    guide = [r[0] for r in wb["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Trang “Kỷ luật”" in guide and "Trang “Xếp loại đảng viên”" in guide and "Hình thức" in guide


CARD = ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Số thẻ", "Ngày cấp thẻ", "Số quyết định"]


def test_party_cards_import_refuse_bad_rows_export_and_import_back_unchanged(engine, members, tmp_path):
    """The sheet «Thẻ đảng viên»: a card for an official member is written through the record
    operation; a probationary member's, or a number already another's, is refused naming the
    row and the rule, and nothing of the file is written."""
    from io_helpers import messages
    from record_helpers import run

    from models.office_schema import PartyCard
    from models.record import recognition

    a, _b = members
    run(engine, recognition, member_id=a, date=D(2021, 3, 26))  # Lan official; Bình still probationary
    bad = workbook(tmp_path / "the-xau.xlsx", {"Thẻ đảng viên": [
        CARD, ["AP1", LAN[0], LAN[1], "79000001", "01/06/2021", "3-QĐ/HU"],
        ["AP1", BINH[0], BINH[1], "79000002", "01/06/2021", None],
        ["AP1", BINH[0], BINH[1], "79000001", "02/06/2021", None]]})
    before = dump(engine)
    with pytest.raises(ImportRefused) as refused:
        import_file(engine, SYSTEM, bad)
    said = "\n".join(messages(refused.value))
    assert "chỉ cấp cho đảng viên chính thức" in said and "dòng 3" in said.lower()
    assert dump(engine) == before
    good = workbook(tmp_path / "the.xlsx", {"Thẻ đảng viên": [
        CARD, ["AP1", LAN[0], LAN[1], "79000001", "01/06/2021", "3-QĐ/HU"]]})
    assert import_file(engine, SYSTEM, good).added == 1
    with read_session(engine) as s:
        assert [(c.member_id, c.card_no, c.issued_on) for c in s.scalars(select(PartyCard))] == [(a, "79000001", D(2021, 6, 1))]
    out = tmp_path / "export.xlsx"
    export_scope(engine, SYSTEM, "DIST", out, period=Period(2021, 2021))
    rows = [list(r) for r in openpyxl.load_workbook(out)["Thẻ đảng viên"].iter_rows(values_only=True)]
    assert rows[0] == CARD and [r[3] for r in rows[1:]] == ["79000001"]
    before = dump(engine)
    again = import_file(engine, SYSTEM, out)
    assert not again.written and again.added == 0
    assert dump(engine) == before
