"""How fast the members' make-up (issue 18, ``models.figures.makeup``) reads.

    python -m bench.makeup [--scale city|district|country] [--root CODE] [--runs 3]

Times ``briefing(..., parts={Part.MAKEUP})`` (what the report's text now asks on every report,
and what ``Part.OFFICE`` adds to the statistics screen, the JSON report and the export) for the
root and its largest child at today's tree: wall and process CPU time, first read and median
of ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any


def _timed(fn: Any) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def run(scale: str, root_code: str | None, runs: int) -> None:
    from sqlalchemy import func, select

    from bench.datasets import dataset
    from models.access import SYSTEM
    from models.db import make_engine
    from models.figures.data import Period
    from models.figures.service import Part, briefing
    from models.schema import Member, Organisation
    from models.tree import catchment, children_at, get_org
    from models.uow import read_session

    engine = make_engine(dataset(scale)[0])
    today = dt.date.today()
    with read_session(engine) as s:
        if root_code is None:
            root_code = s.scalar(select(Organisation.code).order_by(Organisation.id).limit(1))
        root = get_org(s, root_code or "")
        members = s.scalar(select(func.count()).select_from(Member))
        kids = children_at(s, root.id, today)
        largest = max(kids, key=lambda c: len(catchment(s, c.id, today))) if kids else None
    print(f"{scale}: {members:,} members; root {root.code}, largest child {largest.code if largest else '-'}; runs {runs}")
    period = Period.year(today.year)
    for org in [root, *([largest] if largest else [])]:
        times = []
        for _ in range(1 + runs):
            with read_session(engine) as s:
                times.append(_timed(lambda s=s, org=org: briefing(s, SYSTEM, org.id, period, today=today,
                                                                  parts=frozenset({Part.MAKEUP}))))
        first, rest = times[0], times[1:]
        mk = times[-1][2].makeup[org.id]
        print(f"  makeup {org.code}: {mk.members:,} members on the rolls; first {first[0] * 1000:.0f} ms "
              f"(cpu {first[1] * 1000:.0f}), median {statistics.median(t[0] for t in rest) * 1000:.0f} ms "
              f"(cpu {statistics.median(t[1] for t in rest) * 1000:.0f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city", help="district, city or country")
    ap.add_argument("--root", default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    run(args.scale, args.root, args.runs)


if __name__ == "__main__":
    main()
