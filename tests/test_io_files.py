"""CSV variants and hostile files: the reader takes real CSV exports in its stride and
refuses files that would hurt, with nothing written."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import select

from io_helpers import ADMISSION_HEADER, csv_file, dump, to_cp1258, workbook
from models.access import SYSTEM
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.io.read import Limits
from models.schema import Member
from models.uow import read_session
from record_helpers import build_tree

ROWS = [
    ["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "26/03/2021", "Có", "", "", "01-QĐ/ĐU", "Kinh"],
    ["AP2", "Trần Thị Bình", "Nữ", "24/07/1998", "19/05/2021", "Không", "Hội Liên hiệp Phụ nữ", "", "", "Kinh"],
]


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def _names(engine):
    with read_session(engine) as s:
        return sorted(s.scalars(select(Member.full_name)))


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t")],
)
def test_csv_in_unicode_with_any_usual_delimiter_imports(engine, tree, tmp_path, encoding, delimiter):
    path = csv_file(tmp_path / "Kết nạp.csv", [["Danh sách kết nạp"], ADMISSION_HEADER, *ROWS], encoding, delimiter)
    result = import_file(engine, SYSTEM, path)
    assert result.added == 2
    assert _names(engine) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_csv_sheet_named_by_option_or_file_name(engine, tree, tmp_path):
    path = csv_file(tmp_path / "danh_sach.csv", [ADMISSION_HEADER, *ROWS])
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    assert err.value.problems[0].key == "io.unknown_sheet"
    assert import_file(engine, SYSTEM, path, sheet="Kết nạp").added == 2
    other = csv_file(tmp_path / "ket_nap.csv", [ADMISSION_HEADER, *ROWS])
    assert import_file(engine, SYSTEM, other).present == 2


def test_windows_1258_csv_is_converted_and_reported(engine, tree, tmp_path):
    path = tmp_path / "Kết nạp.csv"
    text = "\r\n".join(",".join(r) for r in [ADMISSION_HEADER, *ROWS]) + "\r\n"
    path.write_bytes(to_cp1258(text))
    result = import_file(engine, SYSTEM, path)
    assert result.added == 2 and any(n.key == "io.csv_converted" for n in result.notices)
    assert _names(engine) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_tcvn3_csv_is_refused_with_its_row(engine, tree, tmp_path):
    path = tmp_path / "Kết nạp.csv"
    good = ",".join(ADMISSION_HEADER).encode("utf-8")
    # "Nguyễn Văn Hùng" in TCVN3 (ABC): bytes that are not UTF-8 and not valid Windows-1258 Vietnamese.
    bad = "AP1,NguyÔn V¨n Hïng,Nam,01/01/1990,19/05/2021,Có,,,".encode("cp1252")
    path.write_bytes(good + b"\r\n" + bad + b"\r\n")
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.key) == ("Kết nạp", 2, "io.csv_encoding") and p.column == "B"
    assert dump(engine) == before


def test_too_many_rows_is_refused(engine, tree, tmp_path):
    path = workbook(tmp_path / "big.xlsx", {"Kết nạp": [ADMISSION_HEADER] + [ROWS[0]] * 30})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path, limits=Limits(max_rows=20))
    assert err.value.problems[0].key == "io.too_many_rows"


def test_too_many_columns_and_too_long_cells_are_refused(engine, tree, tmp_path):
    wide = workbook(tmp_path / "wide.xlsx", {"Kết nạp": [ADMISSION_HEADER, ROWS[0] + [None] * 5 + ["x"]]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, wide, limits=Limits(max_columns=12))
    assert err.value.problems[0].key == "io.too_many_columns" and err.value.problems[0].row == 2
    long = workbook(tmp_path / "long.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["AP1", "A" * 3000] + ROWS[0][2:]]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, long)
    p = err.value.problems[0]
    assert (p.key, p.row, p.column) == ("io.cell_too_long", 2, "B")


def test_file_size_limit(engine, tree, tmp_path):
    path = csv_file(tmp_path / "Kết nạp.csv", [ADMISSION_HEADER, *ROWS])
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path, limits=Limits(max_file_bytes=100))
    assert err.value.problems[0].key == "io.file_too_large"


def test_zip_bomb_like_workbook_is_refused_before_parsing(engine, tree, tmp_path):
    path = workbook(tmp_path / "bomb.xlsx", {"Kết nạp": [ADMISSION_HEADER, ROWS[0]]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/padding.xml", b" " * (8 * 1024 * 1024))
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    assert err.value.problems[0].key == "io.zip_bomb"
    assert dump(engine) == before


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("junk.xlsx", b"PK\x03\x04 not really a zip", "io.not_xlsx"),
        ("junk.xlsx", b"", "io.not_xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "io.unsupported_type"),
        ("Kết nạp.csv", b"a,b\x00c\n", "io.csv_unreadable"),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(engine, tree, tmp_path, name, data, key):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    assert err.value.problems[0].key == key


def test_sheet_option_picks_one_sheet_of_a_workbook(engine, tree, tmp_path):
    path = workbook(
        tmp_path / "two.xlsx",
        {"Kết nạp": [ADMISSION_HEADER, *ROWS], "Chỉ tiêu": [["Mã tổ chức", "Năm", "Chỉ tiêu"], ["AP1", 2021, 2]]},
    )
    result = import_file(engine, SYSTEM, path, sheet="chi tieu")
    assert [(s.sheet, s.added) for s in result.sheets] == [("Chỉ tiêu", 1)]
    assert _names(engine) == []
