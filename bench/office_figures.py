"""How fast the organisation office's figures (issue 18) read, on the Cần Giờ fixture and a
synthetic data set.

    python -m bench.office_figures [--scale city|cangio] [--root CODE] [--runs 3]

Times, for the root and for its largest child, each period of :data:`PERIODS`:
``briefing(..., parts={Part.OFFICE})`` (what ``report --format json``, the statistics sheet and
the statistics screen ask: statistics, discipline, badges, ratings of the organisation and each
child), and, for comparison, the plain definition (every member of the area replayed, as the
branch did before it moved into the engine). Also the report without and with the office's
figures (``build_report(..., office=False/True)``), which is what the Markdown/DOCX report and
the JSON report now cost. Wall and process CPU time, first read and median of ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

PERIODS = ("2026", "2026-Q3", "2025-H2")
CAN_GIO_DAY = dt.date(2026, 11, 28)


def _timed(fn: Any) -> tuple[float, float, Any]:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def _url(scale: str) -> str:
    if scale == "cangio":
        from fixtures.can_gio import load
        from models.db import make_engine
        from models.migrate import upgrade

        from bench.datasets import DATA

        DATA.mkdir(exist_ok=True)
        path = DATA / "cangio-office.sqlite"  # kept: the fixture takes a while to generate
        url = f"sqlite:///{path}"
        if path.exists():
            upgrade(make_engine(url))
            return url
        engine = make_engine(url)
        upgrade(engine)
        load(engine, CAN_GIO_DAY)
        engine.dispose()
        return url
    from bench.datasets import dataset

    return dataset(scale)[0]


def run(scale: str, root_code: str | None, runs: int) -> None:
    from sqlalchemy import func, select

    from models.access import SYSTEM
    from models.db import make_engine
    from models.figures.periods import parse_period
    from models.figures.service import Part, briefing
    from models.figures.statistics import events_by_member, member_statistics, report_groups
    from models.report import build_report
    from models.schema import MemberEvent, Organisation
    from models.tree import children_at, get_org
    from models.uow import read_session

    engine = make_engine(_url(scale))
    today = CAN_GIO_DAY if scale == "cangio" else dt.date.today()
    with read_session(engine) as s:
        if root_code is None:  # the first organisation: the city (P01) or the fixture's HCM
            root_code = s.scalar(select(Organisation.code).order_by(Organisation.id).limit(1))
        root = get_org(s, root_code or "HCM")
        members = s.scalar(select(func.count(func.distinct(MemberEvent.member_id))))
        events = s.scalar(select(func.count()).select_from(MemberEvent))
        kids = children_at(s, root.id, today)
        sizes = {c.id: len(report_groups(s, c.id, today)[c.id]) for c in kids}
        largest = max(kids, key=lambda c: sizes[c.id]) if kids else None
    print(f"{scale}: {members:,} members, {events:,} events; root {root.code}, largest child "
          f"{largest.code if largest else '-'}; runs {runs}")
    for org in [root, *([largest] if largest else [])]:
        for text in PERIODS:
            days = parse_period(text)
            times = []
            for _ in range(1 + runs):
                with read_session(engine) as s:
                    times.append(_timed(lambda s=s, org=org, days=days: briefing(
                        s, SYSTEM, org.id, days.years, today=today, tree_day=min(today, days.end),
                        parts=frozenset({Part.OFFICE}), days=days)))
            first, rest = times[0], times[1:]
            print(f"  office {org.code} {text}: first {first[0]:.2f} s (cpu {first[1]:.2f}), median "
                  f"{statistics.median(t[0] for t in rest):.2f} s (cpu {statistics.median(t[1] for t in rest):.2f})")
            got = times[-1][2]
            with read_session(engine) as s:
                as_of, exact = got.as_of, got.office.period

                def plain(s: Any = s, org: Any = org, as_of: dt.date = as_of, exact: Any = exact) -> Any:
                    groups = report_groups(s, org.id, as_of)
                    every = events_by_member(s, groups[org.id], exact.end)
                    return member_statistics(s, org.id, exact, as_of, None, groups, every)

                w, c, slow = _timed(plain)
                fast = got.office.statistics
                same = "same figures" if slow == dict(fast) else "DIFFERENT FIGURES"
                print(f"  plain replay of every member {org.code} {text}: {w:.2f} s (cpu {c:.2f}), {same}")
    period = parse_period("2026").years
    for office in (False, True):
        with read_session(engine) as s:
            w, c, _ = _timed(lambda s=s, office=office: build_report(s, SYSTEM, root.id, period, today, today=today,
                                                                     office=office))
        print(f"  build_report {root.code} 2026 office={office}: {w:.2f} s (cpu {c:.2f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="city", help="cangio (the fixture), district, city or country")
    ap.add_argument("--root", default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    run(args.scale, args.root, args.runs)


if __name__ == "__main__":
    main()
