"""The text and value rules of the importer, without a database: Vietnamese syllables,
legacy encodings and mojibake, dates, choices."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from io_helpers import to_cp1258
from models.io import normalise as norm
from models.io.normalise import CellError
from models.io.vietnamese import Encoding, check_text, decode_legacy_bytes, is_syllable

NAMES = [
    "Nguyễn Thị Thu Hương", "Trần Văn Đặng", "Phạm Quốc Khánh", "Huỳnh Thị Ngọc Oanh", "Lý Nhơn", "Thiềng Liềng",
    "Nguyễn Thị Khuê", "Đoàn Thị Xuyến", "Võ Thuỷ Tiên", "Võ Thủy Tiên", "Lê Hoà", "Lê Hòa", "Dương Quang Huy",
    "Khuất Duy Tiến", "Ngô Thị Ngoãn", "Quách Thị Yến", "Giang Thị Gấm", "Hồ Uyên", "Đinh Thị Nguyệt",
]


@pytest.mark.parametrize("name", NAMES)
def test_real_names_are_valid_vietnamese(name):
    assert check_text(name).ok and check_text(name).repaired_from is None


def test_nfd_text_is_stored_in_nfc():
    result = check_text(unicodedata.normalize("NFD", "Nguyễn Thị Hằng"))
    assert result.ok and result.text == "Nguyễn Thị Hằng"


def test_two_tone_marks_are_not_a_syllable():
    assert not is_syllable("hoàá")
    assert is_syllable("hoà") and is_syllable("hòa")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("NguyÔn V¨n Hïng", Encoding.TCVN3),  # TCVN3 (ABC) bytes shown as Windows-1252
        ("Lª ThÞ Hång", Encoding.TCVN3),
        ("Nguyeãn Vaên Huøng", Encoding.VNI),
        ("Ñaëng Thò Lan", Encoding.VNI),
        ("Nguyá»…n Thá»‹ Ngá»", Encoding.UTF8_AS_CP1252),  # lossy: cannot be undone
    ],
)
def test_legacy_encodings_and_mojibake_are_refused_and_named(text, encoding):
    result = check_text(text)
    assert not result.ok and result.suspect == encoding and result.bad_word


@given(st.sampled_from(NAMES))
def test_exact_utf8_mojibake_is_repaired(name):
    broken = name.encode("utf-8").decode("cp1252", errors="strict") if _cp1252_ok(name) else None
    if broken is None:
        return
    result = check_text(broken)
    assert result.ok and result.text == name and result.repaired_from == Encoding.UTF8_AS_CP1252


def _cp1252_ok(name: str) -> bool:
    try:
        name.encode("utf-8").decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


@given(st.sampled_from(NAMES))
def test_windows_1258_bytes_decode_only_when_unambiguous(name):
    text, encoding = decode_legacy_bytes(to_cp1258(name))
    assert unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", name) and encoding == Encoding.CP1258


def test_windows_1258_misread_as_1252_is_repaired():
    misread = to_cp1258("Nguyễn Văn Tuấn").decode("cp1252")
    result = check_text(misread)
    assert result.ok and result.text == "Nguyễn Văn Tuấn" and result.repaired_from == Encoding.CP1258


def test_abbreviations_in_capitals_pass():
    assert check_text("123-QĐ/ĐU").ok and check_text("HĐND xã").ok


EPOCH = dt.date(1899, 12, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2021", dt.date(2021, 4, 3)),  # day first by convention
        ("3/4/2021", dt.date(2021, 4, 3)),
        ("25-12-2020", dt.date(2020, 12, 25)),
        ("01.12.2022", dt.date(2022, 12, 1)),
        ("2021-04-03", dt.date(2021, 4, 3)),  # ISO: year first, cannot be misread
        ("2021-04-03 00:00:00", dt.date(2021, 4, 3)),
        (44197, dt.date(2021, 1, 1)),  # Excel serial
        (44197.0, dt.date(2021, 1, 1)),
        ("44197", dt.date(2021, 1, 1)),
        (dt.datetime(2021, 3, 26), dt.date(2021, 3, 26)),
        (dt.date(2021, 3, 26), dt.date(2021, 3, 26)),
        (" 19/05/2021 ", dt.date(2021, 5, 19)),
    ],
)
def test_dates_accepted(value, expected):
    assert norm.date(value, EPOCH) == expected


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("04/23/2021", "io.date_month_first"),
        ("4/3/21", "io.date_two_digit_year"),
        ("03/04/21", "io.date_two_digit_year"),
        ("31/02/2021", "io.date_invalid"),
        ("2021/04/03", "io.date_invalid"),
        ("3 tháng 4 năm 2021", "io.date_invalid"),
        ("19/05/1850", "io.date_out_of_range"),
        (44197.5, "io.serial_invalid"),
        (dt.datetime(2021, 3, 26, 14, 30), "io.date_with_time"),
        (True, "io.date_invalid"),
    ],
)
def test_dates_refused(value, key):
    with pytest.raises(CellError) as err:
        norm.date(value, EPOCH)
    assert err.value.key == key


def test_choices_ignore_case_spacing_and_diacritics():
    sexes = {"Nam": "m", "Nữ": "f"}
    assert norm.choice(" NỮ ", sexes) == "f" and norm.choice("nu", sexes) == "f" and norm.choice("nam", sexes) == "m"
    with pytest.raises(CellError):
        norm.choice("x", sexes)


def test_formula_escape_is_undone_on_import():
    assert norm.raw_text("'=SUM(A1)") == "=SUM(A1)" and norm.raw_text("'abc") == "'abc"
