"""The period the dashboard shows, as the screens hold it before any data has loaded.

:class:`models.figures.data.Period` is the real thing, but importing it pulls in SQLAlchemy,
and the first frame must not wait for that; screens keep a :class:`Span` and :mod:`tui.data`
turns it into a ``Period`` inside the worker.

A span is whole years, or a quarter or a half of one year (``part`` ``Q1``..``Q4``,
``H1``/``H2``), as the organisation office reports (issue 18). The figures kept by year
(admissions against targets, problems, trends) are those of the year that holds the part, as
``giaoban report --period 2026-Q3`` computes them; the figures counted by day (the statistical
report of section 8) are those of the part's days (:meth:`Span.days`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_PART = re.compile(r"([QH])([1-4])")


class Span(NamedTuple):
    start_year: int
    end_year: int
    part: str = ""  # "", or "Q1".."Q4", "H1", "H2" of the one year

    @classmethod
    def year(cls, year: int) -> Span:
        return cls(year, year)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Span:
        return cls(year, year, f"Q{quarter}")

    @classmethod
    def half(cls, year: int, half: int) -> Span:
        return cls(year, year, f"H{half}")

    @property
    def length(self) -> int:
        return self.end_year - self.start_year + 1

    def _part(self) -> tuple[str, int] | None:
        m = _PART.fullmatch(self.part)
        return (m.group(1), int(m.group(2))) if m else None

    def shifted(self, by: int) -> Span:
        """Moved by ``by`` spans of its own length, as ``[`` and ``]`` do (a quarter to the
        next quarter, across the year's end)."""
        part = self._part()
        if part is not None:
            kind, n = part
            per_year = 4 if kind == "Q" else 2
            index = self.start_year * per_year + (n - 1) + by
            return Span(index // per_year, index // per_year, f"{kind}{index % per_year + 1}")
        step = self.length * by
        return Span(self.start_year + step, self.end_year + step)

    def label(self) -> str:
        if self.part:
            return f"{self.start_year}-{self.part}"
        return str(self.start_year) if self.length == 1 else f"{self.start_year}–{self.end_year}"

    def years_label(self) -> str:
        """The whole years the figures kept by year are of."""
        return Span(self.start_year, self.end_year).label()

    @classmethod
    def parse(cls, text: str) -> Span:
        """``2023``, ``2020-2022``, ``2026-Q3`` or ``2026-H1``; a bad text raises the domain's
        ``period.day.invalid`` error."""
        from models.figures.periods import parse_period

        days = parse_period(text)
        m = re.search(r"-([QH][1-4])$", days.label)
        return cls(days.start.year, days.end.year, m.group(1) if m else "")

    def days(self) -> Any:
        """The exact days (:class:`models.figures.periods.DayPeriod`) of a part, None for whole
        years (the engine's default)."""
        part = self._part()
        if part is None:
            return None
        from models.figures.periods import DayPeriod

        kind, n = part
        return DayPeriod.quarter(self.start_year, n) if kind == "Q" else DayPeriod.half(self.start_year, n)
