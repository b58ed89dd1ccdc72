"""Column widths fitted to a table's text: names over at most four lines, figures unbroken,
and a table that cannot fit a portrait page said so (it goes to the landscape annex)."""

from __future__ import annotations

from models.report_layout import (
    CELL_PADDING_MM,
    LANDSCAPE_TEXT_MM,
    MAX_NAME_LINES,
    PORTRAIT_TEXT_MM,
    column_widths,
    head_columns,
    name_lines,
    text_mm,
)

NAME = "Chi bộ Trường Trung học cơ sở và Trung học phổ thông Thạnh An, xã Thạnh An, huyện Cần Giờ"


def test_a_narrow_table_fits_the_portrait_page_and_spans_it() -> None:
    widths, fits = column_widths(("Giai đoạn", "Số người"), (("Quần chúng ưu tú", "3.119"),), (False, True),
                                 PORTRAIT_TEXT_MM)
    assert fits and abs(sum(widths) - PORTRAIT_TEXT_MM) < 0.01
    assert widths[1] >= text_mm("3.119") + CELL_PADDING_MM


def test_names_wrap_over_at_most_four_lines_and_figures_never_wrap() -> None:
    headers = ("Tổ chức đảng", *(f"Cột {i}" for i in range(9)))
    rows = ((NAME, *("107,73%" for _ in range(9))),)
    widths, fits = column_widths(headers, rows, (False, *([True] * 9)), LANDSCAPE_TEXT_MM)
    assert fits
    assert name_lines(NAME, widths[0]) <= MAX_NAME_LINES
    assert all(w >= text_mm("107,73%") + CELL_PADDING_MM for w in widths[1:])


def test_twelve_columns_do_not_fit_a_portrait_page() -> None:
    headers = ("Tổ chức đảng", "Đảng viên", "Chỉ tiêu", "Kết nạp", "Tỷ lệ đạt", "Đánh giá", "Nữ", "Đoàn viên",
               "Đoàn thể giới thiệu", "Ngày lễ", "Xóa tên", "Xin ra")
    row = (NAME, "3.119", "220", "237", "107,73%", "đạt", "121", "156", "124", "135", "19", "9")
    numeric = (False, True, True, True, True, False, True, True, True, True, True, True)
    assert not column_widths(headers, (row,), numeric, PORTRAIT_TEXT_MM)[1]
    assert column_widths(headers, (row,), numeric, LANDSCAPE_TEXT_MM)[1]


def test_the_heads_left_column_holds_the_superior_on_one_line() -> None:
    superior = "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"
    left, right = head_columns(((superior, 14, False), ("HUYỆN ỦY CẦN GIỜ", 14, True)),
                               (("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True), ("Cần Giờ, ngày 31 tháng 3 năm 2023", 14, False)))
    assert left >= text_mm(superior, 14) and right >= text_mm("ĐẢNG CỘNG SẢN VIỆT NAM", 15, True)
    assert abs(left + right - PORTRAIT_TEXT_MM) < 0.01


def test_spare_width_unwraps_the_header_and_the_name_that_wrap_most() -> None:
    header = "Đoàn thể giới thiệu"
    headers = ("Tổ chức đảng", header, *(f"Cột {i}" for i in range(8)))
    row = (NAME, *("107,73%" for _ in range(9)))
    widths, fits = column_widths(headers, (row,), (False, *([True] * 9)), LANDSCAPE_TEXT_MM)
    # Too narrow for both on one line: the name, over more lines, is served first, and the
    # header of two lines waits.
    assert fits and name_lines(NAME, widths[0]) <= MAX_NAME_LINES
    assert widths[1] == widths[2] and widths[0] > 50
    short = "Chi bộ Ấp 1, xã Thạnh An"
    widths, fits = column_widths(("Tổ chức đảng", header), ((short, "12"),), (False, True), PORTRAIT_TEXT_MM)
    # Room for both: the header is on one line too.
    assert fits and widths[1] >= text_mm(header, bold=True) + CELL_PADDING_MM - 1e-6
    assert name_lines(short, widths[0]) == 1
