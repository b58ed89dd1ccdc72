"""The period the dashboard shows, as the screens hold it before any data has loaded.

:class:`models.figures.data.Period` is the real thing, but importing it pulls in SQLAlchemy,
and the first frame must not wait for that; screens keep a :class:`Span` and :mod:`tui.data`
turns it into a ``Period`` inside the worker.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    start_year: int
    end_year: int

    @classmethod
    def year(cls, year: int) -> Span:
        return cls(year, year)

    @property
    def length(self) -> int:
        return self.end_year - self.start_year + 1

    def shifted(self, by: int) -> Span:
        """Moved by ``by`` spans of its own length, as ``[`` and ``]`` do."""
        step = self.length * by
        return Span(self.start_year + step, self.end_year + step)

    def label(self) -> str:
        return str(self.start_year) if self.length == 1 else f"{self.start_year}–{self.end_year}"

    @classmethod
    def parse(cls, text: str) -> Span:
        """``2023`` or ``2020-2022``; a bad text raises the domain's ``period.invalid`` error."""
        from models.figures.data import Period

        period = Period.parse(text)
        return cls(period.start_year, period.end_year)
