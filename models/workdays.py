"""Working days on Vietnam's calendar: Monday to Friday, less the public holidays (lunar Tết
included) as the ``holidays`` package lists them for VN, observed days and decreed days off
included. The regulation's deadlines (a decision within 60 working days of the cell's
resolution, a ceremony within 30 of the decision, recognition within 30 after probation) are
counted on it.
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache
from typing import Any

#: The ``holidays`` package's module of Vietnam's calendar.
VIETNAM = "holidays.countries.vietnam"


def _vietnam() -> Any:
    """The ``holidays`` package's calendar of Vietnam (the class ``country_holidays("VN")``
    builds). Loaded alone, from its file: through the package, importing it first runs
    ``holidays.countries``, which imports the modules of all 250 countries to use one (0.1 to
    0.2 s of CPU, on the way of a dashboard's first figures, issue 19). The module imports only
    the package's base (calendars, groups, ``HolidayBase``); if ``holidays.countries`` is
    imported later, it finds this module loaded."""
    module = sys.modules.get(VIETNAM)
    if module is None:
        import importlib.util
        from pathlib import Path

        import holidays

        path = Path(holidays.__file__).parent / "countries" / "vietnam.py"
        spec = importlib.util.spec_from_file_location(VIETNAM, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"no calendar of Vietnam in {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[VIETNAM] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[VIETNAM]
            raise
    return module.Vietnam


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(_vietnam()(years=year))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` (``day`` itself not counted); ``n`` >= 0."""
    if n < 0:
        raise ValueError("n must not be negative")
    out = day
    while n:
        out += dt.timedelta(days=1)
        if is_working_day(out):
            n -= 1
    return out


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def latest_start_overdue(as_of: dt.date, n: int) -> dt.date:
    """The latest ``start`` for which more than ``n`` working days have passed by ``as_of``:
    a deadline of ``n`` working days from any start on or before it has been missed."""
    day, count = as_of, 0
    # Walk back over the n + 1 working days that end at as_of; the day before the earliest of
    # them still has n + 1 working days after it.
    while count < n + 1:
        if is_working_day(day):
            count += 1
        day -= dt.timedelta(days=1)
    return day
