"""Day-exact periods: a year, a range of years, a quarter or a half-year.

The organisation office reports every quarter, half-year and year (issue 18). The year figures
(:class:`models.figures.data.Period`) stay whole years; a :class:`DayPeriod` carries the exact
first and last day for the figures counted by day (:mod:`models.figures.statistics`), and
:attr:`DayPeriod.years` is the year period that covers it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from models import i18n
from models.errors import DomainError
from models.figures.data import Period

i18n.register(
    {
        "period.day.invalid": (
            "Kỳ “{text}” không hợp lệ; hãy viết một năm (2026), một khoảng năm (2020-2022),"
            " một quý (2026-Q3) hoặc sáu tháng (2026-H1).",
            "The period '{text}' is not valid; write a year (2026), a range of years (2020-2022),"
            " a quarter (2026-Q3) or a half-year (2026-H1).",
        ),
        "period.day.both": (
            "Hãy chọn kỳ bằng --period hoặc bằng năm (--from/--to, --year), không dùng cả hai.",
            "Give the period with --period or with years (--from/--to, --year), not both.",
        ),
    }
)

_PATTERN = re.compile(r"\s*(\d{4})\s*(?:[-–]\s*(?:(\d{4})|[Qq]([1-4])|[Hh]([12])))?\s*")


@dataclass(frozen=True, order=True)
class DayPeriod:
    """The days ``start``..``end`` inclusive, with the label the office writes for them."""

    start: dt.date
    end: dt.date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    @classmethod
    def of_years(cls, period: Period) -> DayPeriod:
        return cls(period.start, period.end, period.label())

    @classmethod
    def quarter(cls, year: int, quarter: int) -> DayPeriod:
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 2), f"{year}-Q{quarter}")

    @classmethod
    def half(cls, year: int, half: int) -> DayPeriod:
        first = 6 * (half - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 5), f"{year}-H{half}")

    @property
    def years(self) -> Period:
        """The whole years that cover the period (what the year figures are computed over)."""
        return Period(self.start.year, self.end.year)

    def until(self, day: dt.date) -> DayPeriod:
        """The period up to ``day`` when it ends after it (a period in progress is counted up
        to the day of the figures), else itself."""
        if self.start <= day < self.end:
            return DayPeriod(self.start, day, self.label)
        return self

    def same_span_last_year(self) -> DayPeriod:
        """The same days one year earlier (29 February becomes the 28th)."""

        def back(d: dt.date) -> dt.date:
            return d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else dt.date(d.year - 1, 2, 28)

        return DayPeriod(back(self.start), back(self.end), _previous_label(self.label))

    @property
    def day_before(self) -> dt.date:
        """The day whose end the period's opening figures are taken at."""
        return self.start - dt.timedelta(days=1)


def _previous_label(label: str) -> str:
    m = re.fullmatch(r"(\d{4})(?:([-–])(\d{4}))?(.*)", label)
    if m is None:
        return label
    last = f"{m.group(2)}{int(m.group(3)) - 1}" if m.group(3) else ""
    return f"{int(m.group(1)) - 1}{last}{m.group(4)}"


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def parse_period(text: str) -> DayPeriod:
    """``2026``, ``2020-2022``, ``2026-Q3`` or ``2026-H1`` (an en dash works too)."""
    m = _PATTERN.fullmatch(text)
    if not m:
        raise DomainError("period.day.invalid", field="period", text=text)
    year = int(m.group(1))
    if m.group(3):
        return DayPeriod.quarter(year, int(m.group(3)))
    if m.group(4):
        return DayPeriod.half(year, int(m.group(4)))
    last = int(m.group(2) or year)
    if last < year:
        raise DomainError("period.day.invalid", field="period", text=text)
    return DayPeriod.of_years(Period(year, last))


def period_from_options(period: str | None, year_from: int | None, year_to: int | None) -> DayPeriod | None:
    """The period a command was given: ``--period``, or the older ``--from``/``--to`` years
    (``--to`` alone is that one year); None when neither was given."""
    if period is not None:
        if year_from is not None or year_to is not None:
            raise DomainError("period.day.both", field="period")
        return parse_period(period)
    if year_from is None and year_to is None:
        return None
    first = year_from if year_from is not None else year_to
    last = year_to if year_to is not None else year_from
    assert first is not None and last is not None
    return parse_period(f"{first}-{last}")


__all__ = ["DayPeriod", "parse_period", "period_from_options"]
