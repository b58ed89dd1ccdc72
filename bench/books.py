"""Do the books balance? For every organisation and year, the members on its rolls at the end
of the year (from the event log) equal the net flows of its own events up to then (from the
per-year figures), and the per-year figures kept by the write path equal a rebuild from the
event log."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Engine, func, select

from models import stats
from models.rolls import on_rolls_subquery
from models.schema import ORG_CLOSURE, ORG_YEAR_STATS
from models.stats_columns import EXIT_COLUMNS
from models.uow import read_session, write_session


def check(engine: Engine, years: range = range(2020, 2027)) -> list[str]:
    """What does not balance (empty when everything does)."""
    problems: list[str] = []
    with read_session(engine) as s:
        kept = (stats.closure(s), stats.snapshot(s, ORG_YEAR_STATS), stats.snapshot(s))
    with write_session(engine) as s:
        stats.rebuild(s)
    with read_session(engine) as s:
        rebuilt = (stats.closure(s), stats.snapshot(s, ORG_YEAR_STATS), stats.snapshot(s))
        for name, a, b in zip(("closure", "own figures", "rollups"), kept, rebuilt, strict=True):
            if a != b:
                problems.append(f"{name}: kept by the writes and rebuilt from the log differ ({len(set(a) ^ set(b))} rows)")
        net: dict[int, dict[int, int]] = defaultdict(dict)
        for row in s.execute(select(ORG_YEAR_STATS)).mappings():
            flow = row["admitted"] + row["transfer_in"] - row["transfer_out"] - sum(row[c] for c in EXIT_COLUMNS)
            net[row["org_id"]][row["year"]] = flow
        for year in years:
            on = on_rolls_subquery(dt.date(year, 12, 31))
            counted = dict(s.execute(select(on.c.org_id, func.count()).group_by(on.c.org_id)).all())
            for org in set(counted) | set(net):
                expected = sum(v for y, v in net.get(org, {}).items() if y <= year)
                if counted.get(org, 0) != expected:
                    problems.append(f"org {org}, {year}: {counted.get(org, 0)} on the rolls, net flows say {expected}")
        if s.scalar(select(func.count()).select_from(ORG_CLOSURE)) == 0:
            problems.append("closure empty")
    return problems
