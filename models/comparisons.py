"""Which earlier figures a report may compare with, and when a year counts as closed.

- The log's first year is the figures engine's (:func:`models.figures.service.first_data_year`):
  a comparison with a year before it misleads, and the report makes none (:func:`has_data`).
- A year in progress is compared with the same days of the previous year
  (:func:`same_span_last_year`), not with an even pace: admissions cluster on the occasions
  (3/2, 26/3, 19/5, 2/9...), so a linear pace calls every first quarter late.
- A year is closing (:func:`year_closing`) once its period is past, or in December after the
  year's last occasion: no ceremony is expected any more, so the report speaks of next year's
  target rather than of "0 still to admit".
"""

from __future__ import annotations

import datetime as dt

from models.figures.data import Period
from models.rules import Rules




def has_data(period: Period, first_year: int | None) -> bool:
    """Whether every year of ``period`` lies within the recorded log."""
    return first_year is not None and period.start_year >= first_year


def same_span_last_year(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """1 January to the same day of the year before ``as_of`` (29 February becomes the 28th)."""
    year = as_of.year - 1
    day = min(as_of.day, 28) if (as_of.month, as_of.day) == (2, 29) else as_of.day
    return dt.date(year, 1, 1), dt.date(year, as_of.month, day)


def year_closing(period: Period, as_of: dt.date, rules: Rules) -> bool:
    """Whether the year of ``as_of`` is over for admissions: the period is past, or it is
    December and the year's last occasion has gone by."""
    if as_of >= period.end:
        return True
    if as_of.month != 12:
        return False
    last = max((dt.date(as_of.year, o.month, o.day) for o in rules.admission.occasions), default=None)
    return last is not None and as_of > last
