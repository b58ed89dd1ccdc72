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


def figures_times(url: str, runs: int = 5) -> dict[str, tuple[float, float, float]]:
    """Per screen, median seconds of what the dashboard calls for it: (``models.figures.overview``,
    the overview screen's read; the same overview from the event log alone, the reference the
    rollups are tested against; ``models.problems.find_problems``, the problems screen's read).
    The dashboard's case: today's tree, the current year."""
    from models.db import make_engine
    from models.figures import overview, overview_from_events
    from models.figures_data import Period
    from models.problems import find_problems
    from models.uow import read_session

    engine = make_engine(url)
    period = Period.year(AS_OF.year)

    def timed(fn, org: int) -> float:  # type: ignore[no-untyped-def]
        with read_session(engine) as s:
            t0 = time.perf_counter()
            fn(s, org, period, AS_OF)
            return time.perf_counter() - t0

    out = {}
    for label, org in screens(url).items():
        fast, reference, problems = [], [], []
        for n in range(runs):
            # Seconds-long reads are timed once: their spread is small against the goal.
            if n == 0 or reference[0] < 1.0:
                reference.append(timed(overview_from_events, org))
            if n == 0 or fast[0] < 1.0:
                fast.append(timed(overview, org))
            if n == 0 or problems[0] < 1.0:
                problems.append(timed(find_problems, org))
        out[label] = (statistics.median(fast), statistics.median(reference), statistics.median(problems))
    engine.dispose()
    return out


def peak_memory_mb(url: str) -> float:
    out = subprocess.run([sys.executable, "-m", "bench.measure", "memory", url], check=True, capture_output=True,
                         text=True, timeout=1800)
    return float(out.stdout.strip().splitlines()[-1])


def _memory_child(url: str) -> None:
    from models.db import make_engine
    from models.figures import overview
    from models.figures_data import Period
    from models.uow import read_session

    engine = make_engine(url)
    for org in screens(url).values():
        with read_session(engine) as s:
            overview(s, org, Period.year(AS_OF.year), AS_OF)
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
