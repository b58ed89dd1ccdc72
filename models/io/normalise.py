"""Turning what real offices type into clean values, or a refusal that says why.

Every function takes one raw cell value (what openpyxl or the CSV reader gave) and returns a
clean Python value, or raises :class:`CellError` with a message key; the importer adds the
sheet, row and column. Decisions (documented in ``docs/import-format.md``):

* Text is NFC with single spaces; legacy encodings and mojibake are refused, except the two
  repairs that cannot be wrong (see :mod:`models.io.vietnamese`).
* Dates: real date cells; Excel serial numbers (integers, in the workbook's epoch); text
  ``dd/mm/yyyy`` (also with ``-`` or ``.``), day first by Vietnamese convention, so
  ``03/04/2021`` is 3 April; ISO ``yyyy-mm-dd``, which starts with the year and cannot be
  misread. Refused: two-digit years (``4/3/21``: which century?), values that only make sense
  month first (``04/23/2021``: someone typed US style, so the other rows may be swapped too),
  a time of day, anything else.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from models.io import messages as _messages  # noqa: F401  registers the catalogue
from models.io.vietnamese import check_text

#: Dates outside this range are typing errors, not Party history.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


class CellError(Exception):
    """A cell that cannot be taken: a message key and its parameters."""

    def __init__(self, key: str, regulation: str | None = None, **params: Any) -> None:
        self.key = key
        self.regulation = regulation
        self.params = params
        super().__init__(key)


_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def squash(text: str) -> str:
    """NFC, every run of white space (also no-break and zero-width) one space, no edges."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """For comparing headers and names: squashed and case-folded (NFD input gives NFC)."""
    return squash(text).casefold()


def fold_loose(text: str) -> str:
    """For matching choices: folded, without diacritics, đ as d, only letters and digits."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", bare).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not squash(value))


def raw_text(value: Any) -> str | None:
    """A cell as text: numbers without a trailing ``.0``; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = squash(str(value))
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        # Our export escapes cells that a spreadsheet would run as formulas; undo it.
        text = text[1:]
    return text or None


#: Cell starts that make a spreadsheet read text as a formula (escaped on export).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(value: Any) -> tuple[str | None, tuple[str, str, str] | None]:
    """Clean Vietnamese text, and ``(encoding, before, after)`` when it was repaired."""
    cleaned = raw_text(value)
    if cleaned is None:
        return None, None
    result = check_text(cleaned)
    if not result.ok:
        raise CellError("io.legacy_text", word=result.bad_word or cleaned, encoding_key=f"io.encoding.{result.suspect}")
    repaired = (result.repaired_from, cleaned, result.text) if result.repaired_from else None
    return squash(result.text), repaired


_NAME_CHARS = re.compile(r"[^\w\s'\-’.]|[\d_]", re.UNICODE)


def person_name(value: Any) -> tuple[str | None, tuple[str, str, str] | None]:
    """A full name: text with letters, spaces, hyphens and apostrophes only."""
    name, repaired = text(value)
    if name is not None:
        bad = _NAME_CHARS.search(name)
        if bad:
            raise CellError("io.name_chars", char=bad.group(0))
    return name, repaired


_DMY = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})")
_DMY_SHORT = re.compile(r"(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_SERIAL_TEXT = re.compile(r"\d{4,6}(?:\.0+)?")
_EPOCH_1900 = dt.date(1899, 12, 30)


def _in_range(day: dt.date, shown: str) -> dt.date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise CellError("io.date_out_of_range", value=shown, low=MIN_DATE.year, high=MAX_DATE.year)
    return day


def _from_serial(number: float, shown: str, epoch: dt.date) -> dt.date:
    if not float(number).is_integer() or number < 1:
        raise CellError("io.serial_invalid", value=shown)
    n = int(number)
    if epoch == _EPOCH_1900 or epoch == dt.date(1900, 1, 1):
        # Excel counts a 29 February 1900 that never was: serials from 61 on are one day
        # ahead of a plain count from 1899-12-30; below 61 they are from 1899-12-31.
        if n == 60:
            raise CellError("io.serial_invalid", value=shown)
        base = _EPOCH_1900 if n > 60 else dt.date(1899, 12, 31)
    else:
        base = epoch
    try:
        day = base + dt.timedelta(days=n)
    except OverflowError:
        raise CellError("io.serial_invalid", value=shown) from None
    return _in_range(day, shown)


def date(value: Any, epoch: dt.date = _EPOCH_1900) -> dt.date | None:
    """A date from a date cell, an Excel serial or text (see the module's decisions)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellError("io.date_with_time", value=value.isoformat(sep=" "))
        return _in_range(value.date(), value.date().isoformat())
    if isinstance(value, dt.date):
        return _in_range(value, value.isoformat())
    if isinstance(value, bool):
        raise CellError("io.date_invalid", value=str(value))
    if isinstance(value, (int, float)):
        return _from_serial(value, raw_text(value) or str(value), epoch)
    shown = squash(str(value))
    if m := _DMY.fullmatch(shown):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if second > 12 and first <= 12:
            raise CellError("io.date_month_first", value=shown)
        return _checked(year, second, first, shown)
    if _DMY_SHORT.fullmatch(shown):
        raise CellError("io.date_two_digit_year", value=shown)
    if m := _ISO.fullmatch(shown):
        return _checked(int(m.group(1)), int(m.group(2)), int(m.group(3)), shown)
    if _SERIAL_TEXT.fullmatch(shown):
        return _from_serial(float(shown), shown, epoch)
    raise CellError("io.date_invalid", value=shown)


def _checked(year: int, month: int, day: int, shown: str) -> dt.date:
    try:
        return _in_range(dt.date(year, month, day), shown)
    except ValueError:
        raise CellError("io.date_invalid", value=shown) from None


def choice(value: Any, choices: Mapping[str, Any]) -> Any:
    """One of ``choices`` (label -> value), matched without regard to case, spacing or
    diacritics; None when blank."""
    shown = raw_text(value)
    if shown is None:
        return None
    wanted = fold_loose(shown)
    for label, result in choices.items():
        if fold_loose(label) == wanted:
            return result
    raise CellError("io.choice", value=shown, allowed=", ".join(_canonical_labels(choices)))


def _canonical_labels(choices: Mapping[str, Any]) -> list[str]:
    seen: dict[Any, str] = {}
    for label, result in choices.items():
        seen.setdefault(result, label)
    return list(seen.values())


YES_NO: dict[str, bool] = {"Có": True, "Không": False, "TRUE": True, "FALSE": False}


def yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return choice(value, YES_NO)


def integer(value: Any, low: int, high: int) -> int | None:
    shown = raw_text(value)
    if shown is None:
        return None
    if isinstance(value, float) and not value.is_integer():
        raise CellError("io.integer", value=shown)
    if not re.fullmatch(r"-?\d+", shown):
        raise CellError("io.integer", value=shown)
    number = int(shown)
    if not low <= number <= high:
        raise CellError("io.integer_range", value=number, low=low, high=high)
    return number
