"""Cells of the meetings, dues and conclusions sheets: a month, and a list of member ids."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from models import i18n
from models.io.normalise import CellError, is_blank, raw_text, squash

i18n.register(
    {
        "io.month_invalid": ("“{value}” không phải một tháng; ghi mm/yyyy (ví dụ 03/2023).",
                             "'{value}' is not a month; write mm/yyyy (e.g. 03/2023)."),
        "io.ids_invalid": ("“{value}” không phải mã đảng viên; ghi các mã số, cách nhau bằng dấu phẩy.",
                           "'{value}' is not a member id; write the ids separated by commas."),
    }
)

_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-01)?")


def month(value: Any) -> dt.date | None:
    """The first day of a month: from a date cell (its month), ``mm/yyyy`` or ``yyyy-mm``."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    shown = squash(str(value))
    found = _MONTH.fullmatch(shown)
    if found:
        m, y = int(found.group(1)), int(found.group(2))
    elif found := _ISO_MONTH.fullmatch(shown):
        y, m = int(found.group(1)), int(found.group(2))
    else:
        raise CellError("io.month_invalid", value=shown)
    if not 1 <= m <= 12 or not 1930 <= y <= 2200:
        raise CellError("io.month_invalid", value=shown)
    return dt.date(y, m, 1)


def member_ids(value: Any) -> list[int]:
    """Member ids in one cell: a number, or numbers separated by commas, semicolons or spaces."""
    if is_blank(value):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = raw_text(value) or ""
    out = []
    for word in (w for w in re.split(r"[\s,;]+", shown) if w):
        if not re.fullmatch(r"\d{1,9}", word):
            raise CellError("io.ids_invalid", value=word)
        out.append(int(word))
    return out
