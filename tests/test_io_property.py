"""Property: whatever bad file is thrown at the importer, it either imports every row or
refuses with located problems and writes nothing; it never fails any other way."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from io_helpers import ADMISSION_HEADER, dump, workbook
from models.access import SYSTEM
from models.io.importer import import_file
from models.io.problems import ImportRefused
from record_helpers import build_tree

GOOD_ROWS = [
    ["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "26/03/2021", "Có", None, None, "1-QĐ/ĐU", "Kinh"],
    ["AP2", "Trần Thị Bình", "Nữ", dt.datetime(1998, 7, 24), 44335, "Không", "Công đoàn", None, None, "Hoa"],
    ["AP1", "Lê Văn Cường", "Nam", "1990-02-03", "2/9/2020", "Có", None, "Quốc khánh", None, "Kinh"],
]
BAD_CELLS = st.one_of(
    st.sampled_from(
        ["NguyÔn V¨n", "Nguyeãn Vaên", "Nguyá»…n Thá»", "04/23/2021", "4/3/21", "31/02/2020", "ZZ", "XA", "Khác",
         "20/05/2010", "=1+1", "", "  ", "2999-01-01", "Ñaëng", "\u0000", "\ufeff", "👍"]
    ),
    st.text(max_size=30),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_counter = itertools.count()


@st.composite
def bad_sheets(draw):
    rows = [list(r) for r in GOOD_ROWS]
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(ADMISSION_HEADER) - 1))
        rows[r][c] = draw(BAD_CELLS)
    if draw(st.booleans()):
        rows.append(list(rows[0]))  # a duplicate
    header = list(ADMISSION_HEADER)
    if draw(st.booleans()):
        header[draw(st.integers(0, len(header) - 1))] = draw(st.sampled_from(["", "Cột lạ", "HỌ VÀ TÊN", "Ngày  sinh"]))
    return [header, *rows]


def _clean(value):
    # openpyxl refuses control characters in cells; a file from an office cannot hold them either.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return value


@pytest.fixture
def tree(engine):
    return build_tree(engine)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=bad_sheets(), as_csv=st.booleans())
def test_bad_files_import_whole_or_not_at_all(engine, tree, tmp_path, rows, as_csv):
    n = next(_counter)
    if as_csv:
        path = tmp_path / f"Kết nạp {n}.csv"
        path.write_text(
            "\n".join(",".join('"' + str(_clean(v)).replace('"', '""') + '"' if v is not None else "" for v in r) for r in rows),
            encoding="utf-8",
        )
        kwargs = {"sheet": "Kết nạp"}
    else:
        path = workbook(tmp_path / f"bad{n}.xlsx", {"Kết nạp": [[_clean(v) for v in r] for r in rows]})
        kwargs = {}
    before = dump(engine)
    try:
        result = import_file(engine, SYSTEM, path, **kwargs)
    except ImportRefused as exc:
        event("refused")
        assert exc.problems and all(p.sheet or p.file for p in exc.problems)
        assert dump(engine) == before
        return
    event("accepted")
    # Accepted: every data row is now in the database, so a second import writes nothing.
    again = import_file(engine, SYSTEM, path, **kwargs)
    assert not again.written and again.present == result.added + result.changed + result.present


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".xlsx", ".csv"]))
def test_random_bytes_are_refused_cleanly(engine, tree, tmp_path, data, suffix):
    path = tmp_path / f"Kết nạp{suffix}"
    path.write_bytes(data)
    before = dump(engine)
    try:
        import_file(engine, SYSTEM, path)
    except ImportRefused as exc:
        assert exc.problems
    assert dump(engine) == before


REMOVAL_HEADER = ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Ngày xóa tên", "Lý do xóa tên", "Số quyết định"]
R213_HEADER = ["Mã tổ chức", "Họ và tên", "Ngày sinh", "Mã tổ chức nơi cư trú", "Việc", "Ngày", "Năm đánh giá"]
REMOVALS = [["AP1", "Lê Văn Cường", "1990-02-03", "15/06/2022", "Trả thẻ", None]]
R213_ROWS = [
    ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã gửi giấy giới thiệu", "01/02/2022", None],
    ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã gửi phiếu xin ý kiến", "01/11/2022", 2022],
    ["AP1", "Nguyễn Văn An", "03/04/1995", "C3", "Đã nhận xét", "15/12/2022", 2022],
]
PLAUSIBLE = st.sampled_from(
    ["AP2", "C3", "XA", "Nguyễn Văn An", "Lê Văn Cường", "Ai Đó", "01/01/2030", "15/06/2019", "Đã nhận xét",
     "Kết thúc theo dõi", "Dự bị không đủ tư cách", 2021, 2030, None, "Trả thẻ"]
)


@st.composite
def bad_workbooks(draw):
    sheets = {"Kết nạp": [ADMISSION_HEADER, *[list(r) for r in GOOD_ROWS]], "Xóa tên": [REMOVAL_HEADER, *[list(r) for r in REMOVALS]],
              "Quy định 213": [R213_HEADER, *[list(r) for r in R213_ROWS]]}
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(sorted(sheets)))
        rows = sheets[name]
        r = draw(st.integers(1, len(rows) - 1))
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows[r][c] = draw(st.one_of(PLAUSIBLE, PLAUSIBLE, BAD_CELLS))
    return sheets


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets=bad_workbooks())
def test_bad_rows_on_any_sheet_import_whole_or_not_at_all(engine, tree, tmp_path, sheets):
    path = workbook(tmp_path / f"multi{next(_counter)}.xlsx", {k: [[_clean(v) for v in r] for r in rows] for k, rows in sheets.items()})
    before = dump(engine)
    try:
        result = import_file(engine, SYSTEM, path)
    except ImportRefused as exc:
        event("refused in the database phase" if any("." in p.key and not p.key.startswith("io.") for p in exc.problems) else "refused")
        assert exc.problems and all(p.sheet for p in exc.problems)
        assert dump(engine) == before
        return
    event("accepted")
    again = import_file(engine, SYSTEM, path)
    assert not again.written and again.present == result.added + result.changed + result.present
