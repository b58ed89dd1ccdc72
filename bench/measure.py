"""Timings on the data sets: the reads of one organisation's screens (from the per-year rollups
when they answer, and from the event log alone for reference), single-writer throughput with the rollups kept current, peak
memory. Run as ``python -m bench.measure memory URL`` for the memory child."""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

AS_OF = dt.date(2026, 10, 31)


def screens(url: str) -> dict[str, int]:
    """One organisation of each level: the biggest province, a district, a grassroots
    organisation, a cell."""
    from sqlalchemy import func, select

    from models.db import make_engine
    from models.enums import OrgKind
    from models.schema import OrgEdge, Organisation
    from models.uow import read_session

    engine = make_engine(url)
    out: dict[str, int] = {}
    with read_session(engine) as s:
        for label, kind in (("province", OrgKind.CITY_COMMITTEE), ("district", OrgKind.DISTRICT_COMMITTEE),
                            ("grassroots", OrgKind.GRASSROOTS_COMMITTEE), ("cell", OrgKind.SUBORDINATE_CELL)):
            out[label] = s.scalar(select(Organisation.id).where(Organisation.kind == kind).order_by(Organisation.id).limit(1))
        # The root with most children stands for the biggest screen.
        out["province"] = s.execute(
            select(OrgEdge.parent_id).where(OrgEdge.parent_id.in_(
                select(Organisation.id).where(Organisation.kind == OrgKind.CITY_COMMITTEE)))
            .group_by(OrgEdge.parent_id).order_by(func.count().desc()).limit(1)
        ).scalar_one()
    engine.dispose()
    return out


@dataclass(frozen=True)
class ScreenTimes:
    """Median seconds of one screen's reads (see :func:`figures_times`)."""

    first: float  # a dashboard's first read of the screen (nothing kept yet)
    after_write: float  # a running dashboard's read after one admission below the screen
    unchanged: float  # a running dashboard's read with nothing written since
    problems: float  # the problems screen's first read, opened from the overview
    reference: float  # the overview from the event log alone


def overview(session, org: int, period, as_of: dt.date, rules=None, memo=None):  # type: ignore[no-untyped-def]
    """What the dashboard calls for a screen: the figures engine's entry point."""
    from models.access import SYSTEM
    from models.figures.service import briefing

    return briefing(session, SYSTEM, org, period, today=as_of, rules=rules, memo=memo).overview


def find_problems(session, org: int, period, as_of: dt.date, memo=None):  # type: ignore[no-untyped-def]
    """What the dashboard calls for the problems screen."""
    from models.access import SYSTEM
    from models.figures.service import Part, briefing

    return briefing(session, SYSTEM, org, period, today=as_of, memo=memo, parts=frozenset({Part.PROBLEMS})).problems


def overview_from_events(session, org: int, period, as_of: dt.date):  # type: ignore[no-untyped-def]
    """The overview from the event log (the path the kept tables are tested against)."""
    from models.figures import events

    return events.overview_of_scope(session, events.compute_scope(session, org, period, as_of))


def figures_times(url: str, runs: int = 5) -> dict[str, ScreenTimes]:
    """Per screen, what the dashboard calls for it (``models.figures.service.briefing`` with the
    dashboard's :class:`models.figures.memo.FiguresMemo`): the first read, the read after one
    admission in a cell below the screen (written and read in one transaction that is then
    rolled back, so the data set stays as built), the read with nothing changed; the problems
    screen (the problems part of ``models.figures.service.briefing``) opened from the overview; the overview from the event log
    alone, the reference the rollups are tested against. The dashboard's case: today's tree,
    the current year."""
    from models.db import make_engine
    from models.figures.data import Period
    from models.figures.memo import FiguresMemo
    from models.uow import read_session

    engine = make_engine(url)
    period = Period.year(AS_OF.year)

    def timed(fn, org: int, **kw) -> float:  # type: ignore[no-untyped-def]
        with read_session(engine) as s:
            t0 = time.perf_counter()
            fn(s, org, period, AS_OF, **kw)
            return time.perf_counter() - t0

    out = {}
    for label, org in screens(url).items():
        # Once untimed: the data set's pages in the operating system's cache, as on a machine
        # that serves the dashboards (a first read of the country's file from disk is seconds
        # more, and says more about the disk than about giaoban).
        timed(overview, org)
        first, after, unchanged, problems, reference = [], [], [], [], []
        for n in range(runs):
            # Seconds-long reads are timed once: their spread is small against the goal.
            if n == 0 or reference[0] < 1.0:
                reference.append(timed(overview_from_events, org))
            if n == 0 or first[0] < 1.0:
                memo = FiguresMemo()
                first.append(timed(overview, org, memo=memo))
                # The problems screen opened from the overview just read.
                problems.append(timed(find_problems, org, memo=memo))
        unchanged = [timed(overview, org, memo=memo) for _ in range(runs)]
        after = [_after_write(engine, org, memo, period) for _ in range(runs)]
        out[label] = ScreenTimes(*(statistics.median(x) for x in (first, after, unchanged, problems, reference)))
    engine.dispose()
    return out


def _after_write(engine, org: int, memo, period) -> float:  # type: ignore[no-untyped-def]
    """Seconds of ``memo``'s read of ``org``'s screen after one admission in a cell below it, in
    one transaction rolled back after (on a copy of the memo: the rollback takes the change
    number back, which a dashboard never sees)."""
    import copy

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from models.access import SYSTEM
    from models.enums import OrgKind
    from models.figures.memo import FiguresMemo
    from models.record import admission
    from models.rules import default_rules
    from models.schema import ORG_CLOSURE, Organisation

    rules = default_rules()
    copied = FiguresMemo()
    copied._generations = copy.deepcopy(memo._generations, {id(rules): rules})
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
                cell = s.scalar(
                    select(Organisation.code).join(ORG_CLOSURE, ORG_CLOSURE.c.descendant_id == Organisation.id)
                    .where(ORG_CLOSURE.c.ancestor_id == org, Organisation.kind == OrgKind.SUBORDINATE_CELL,
                           Organisation.valid_to.is_(None)).order_by(Organisation.id).limit(1))
                admission(s, SYSTEM, org=cell, date=AS_OF, ethnicity="Kinh", full_name="Nguyễn Văn Đo", sex="male",
                          birth_date=dt.date(1999, 1, 1))
                s.flush()
                t0 = time.perf_counter()
                overview(s, org, period, AS_OF, rules, memo=copied)
                return time.perf_counter() - t0
        finally:
            outer.rollback()


def peak_memory_mb(url: str) -> float:
    out = subprocess.run([sys.executable, "-m", "bench.measure", "memory", url], check=True, capture_output=True,
                         text=True, timeout=1800)
    return float(out.stdout.strip().splitlines()[-1])


def _memory_child(url: str) -> None:
    from models.db import make_engine
    from models.figures.data import Period
    from models.figures.memo import FiguresMemo
    from models.uow import read_session

    engine = make_engine(url)
    # As a dashboard holds them: the memo keeps what it read of the province's catchment.
    memo = FiguresMemo()
    for org in screens(url).values():
        with read_session(engine) as s:
            overview(s, org, Period.year(AS_OF.year), AS_OF, memo=memo)
            find_problems(s, org, Period.year(AS_OF.year), AS_OF, memo=memo)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def writes_per_second(sqlite_path: str, events: int = 400) -> float:
    """Admissions recorded one transaction each through models.record.perform (rights, rules,
    event, audit row, per-year figures of the cell and its ancestors) on a copy of a data set."""
    from sqlalchemy import select

    from models.db import make_engine
    from models.enums import OrgKind
    from models.record import admission, perform
    from models.schema import Organisation
    from models.uow import read_session

    tmp = Path(tempfile.mkdtemp(prefix="giaoban-bench-"))
    copy = tmp / "writes.sqlite"
    shutil.copy(sqlite_path, copy)
    engine = make_engine(f"sqlite:///{copy}")
    with read_session(engine) as s:
        cells = list(s.scalars(select(Organisation.code).where(Organisation.kind == OrgKind.SUBORDINATE_CELL).limit(20)))
    t0 = time.perf_counter()
    for i in range(events):
        perform(engine, "admin", None, admission, org=cells[i % len(cells)], date=dt.date(2026, 5, 19),
                full_name=f"Trần Thị Bình {i}", sex="female", birth_date=dt.date(1998, 1, 1) + dt.timedelta(days=i))
    seconds = time.perf_counter() - t0
    engine.dispose()
    shutil.rmtree(tmp)
    return events / seconds


def import_seconds(sqlite_path: str) -> float:
    """100,000 rows (50,000 members and their admissions) through the bulk path, on a copy."""
    tmp = Path(tempfile.mkdtemp(prefix="giaoban-bench-"))
    copy = tmp / "import.sqlite"
    shutil.copy(sqlite_path, copy)
    out = subprocess.run([sys.executable, "-m", "bench.import_rows", f"sqlite:///{copy}", "bench"], check=True,
                         capture_output=True, text=True, timeout=600)
    shutil.rmtree(tmp)
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if sys.argv[1] == "memory":
        _memory_child(sys.argv[2])
