"""How fast the early warnings and the conclusions read, on a large data set.

    python -m bench.followup_reads [--scale city] [--runs 5]

Copies the synthetic data set of ``--scale`` (built by ``bench.datasets`` when missing), adds a
year of cell meetings and dues books up to :data:`AS_OF` for every cell at the rates of
``bench.attendance_storage`` (absences and arrears only), and a briefing's conclusions (each
condition at a district, a grassroots organisation and a cell), then times, per organisation of
each level: :func:`models.removal_warnings.removal_warnings` (the warnings screen's read, and the
per-child counts of the overview) and :func:`models.conclusions.conclusions_for` (the conclusions
screen's read). The first read in a fresh session and the median of the next ``--runs``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.attendance_storage import EXCUSED, UNEXCUSED, UNPAID

AS_OF = dt.date(2026, 10, 31)
MONTHS = 12


def _add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    return dt.date(day.year + y, m + 1, 1)


def fill(path: Path, seed: int = 5) -> dict[str, int]:
    """A year of meetings and dues books for every cell of the data set at ``path``."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    members: dict[int, list[int]] = {}
    for member_id, org_id in conn.execute("SELECT member_id, org_id FROM member_states WHERE org_id IS NOT NULL"):
        members.setdefault(org_id, []).append(member_id)
    counts = {"meetings": 0, "absences": 0, "books": 0, "arrears": 0}
    meeting_id = book_id = 0
    first = _add_months(AS_OF.replace(day=1), 1 - MONTHS)
    meetings, absences, books, arrears = [], [], [], []
    for org, ids in sorted(members.items()):
        for k in range(MONTHS):
            month = _add_months(first, k)
            day = month.replace(day=5)
            meeting_id += 1
            book_id += 1
            meetings.append((meeting_id, org, day.isoformat(), "2026-01-01 00:00:00.000000"))
            books.append((book_id, org, month.isoformat(), "2026-01-01 00:00:00.000000"))
            for m in ids:
                r = rng.random()
                if r < UNEXCUSED + EXCUSED:
                    absences.append((meeting_id, m, org, day.isoformat(), int(r >= UNEXCUSED)))
                if rng.random() < UNPAID:
                    arrears.append((book_id, m, org, month.isoformat()))
    conn.executemany("INSERT INTO cell_meetings (id, org_id, meeting_date, recorded_at) VALUES (?, ?, ?, ?)", meetings)
    conn.executemany("INSERT INTO meeting_absences VALUES (?, ?, ?, ?, ?)", absences)
    conn.executemany("INSERT INTO dues_books (id, org_id, month, recorded_at) VALUES (?, ?, ?, ?)", books)
    conn.executemany("INSERT INTO dues_arrears VALUES (?, ?, ?, ?)", arrears)
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    counts.update(meetings=len(meetings), absences=len(absences), books=len(books), arrears=len(arrears))
    return counts


def _orgs(url: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from models.db import make_engine
    from models.enums import OrgKind
    from models.schema import ORG_CLOSURE, Organisation, OrgEdge
    from models.uow import read_session

    engine = make_engine(url)
    out: dict[str, int] = {}
    with read_session(engine) as s:
        has_parent = select(OrgEdge.child_id)
        out["root"] = s.scalar(select(Organisation.id).where(Organisation.id.not_in(has_parent)).order_by(Organisation.id).limit(1))
        # The largest district, grassroots organisation and cell (by organisations below them).
        size = select(ORG_CLOSURE.c.ancestor_id, func.count().label("n")).group_by(ORG_CLOSURE.c.ancestor_id).subquery()
        for label, kind in (("district", OrgKind.DISTRICT_COMMITTEE), ("grassroots", OrgKind.GRASSROOTS_COMMITTEE),
                            ("cell", OrgKind.SUBORDINATE_CELL)):
            out[label] = s.scalar(select(Organisation.id).join(size, size.c.ancestor_id == Organisation.id)
                                  .where(Organisation.kind == kind).order_by(size.c.n.desc(), Organisation.id).limit(1))
    engine.dispose()
    return out


def add_conclusions(url: str, orgs: dict[str, int]) -> int:
    from models.access import SYSTEM
    from models.db import make_engine
    from models.record import add_conclusion
    from models.tree import get_org_by_id
    from models.uow import write_session

    engine = make_engine(url)
    n = 0
    with write_session(engine) as s:
        for label in ("district", "grassroots", "cell"):
            code = get_org_by_id(s, orgs[label]).code
            chair = None if label != "district" else get_org_by_id(s, orgs["root"]).code
            for text, cond in (("Kết nạp đủ chỉ tiêu", {"condition": "admitted_at_least", "count": 5, "period": "2026"}),
                               ("Không còn đảng viên bỏ sinh hoạt", {"condition": "no_member_at_risk"}),
                               ("Nhận xét Quy định 213 đủ", {"condition": "r213_comments_complete", "period": "2026"}),
                               ("Rà soát đảng viên đi làm ăn xa", {})):
                add_conclusion(s, SYSTEM, org=code, text=text, due=dt.date(2026, 12, 31), briefing=dt.date(2026, 9, 30),
                               briefing_org=chair, **cond)
                n += 1
    engine.dispose()
    return n


def time_reads(url: str, orgs: dict[str, int], runs: int) -> list[tuple[str, str, float, float, float, int]]:
    """(what, level, first ms, median ms, median CPU ms, rows) per read and organisation. The
    CPU time of this process (SQLite runs in it) says what a quiet machine would take when
    the machine is shared."""
    from models.conclusions import conclusions_for
    from models.db import make_engine
    from models.removal_warnings import at_risk_by_child, removal_warnings
    from models.uow import read_session

    engine = make_engine(url)
    out = []
    reads = (
        ("warnings", lambda s, o: removal_warnings(s, o, AS_OF)),
        ("warnings + per child", lambda s, o: at_risk_by_child(s, o, AS_OF, removal_warnings(s, o, AS_OF))),
        ("conclusions", lambda s, o: conclusions_for(s, o, AS_OF)),
    )
    for what, read in reads:
        for level in ("root", "district", "grassroots", "cell"):
            org = orgs[level]
            timings, cpu = [], []
            rows = 0
            for _ in range(runs + 1):
                with read_session(engine) as s:
                    started, used = time.perf_counter(), time.process_time()
                    found = read(s, org)
                    timings.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - used) * 1000)
                    rows = len(found)
            out.append((what, level, timings[0], statistics.median(timings[1:]), statistics.median(cpu[1:]), rows))
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="city")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", type=Path, default=None,
                        help="A copy filled by an earlier run, to time again without filling it anew.")
    args = parser.parse_args()
    if args.reuse is not None:
        url = f"sqlite:///{args.reuse}"
        for what, level, first, median, cpu, rows in time_reads(url, _orgs(url), args.runs):
            print(f"  {what:<22} {level:<11} first {first:7.1f} ms   then {median:7.1f} ms   CPU {cpu:7.1f} ms   ({rows} rows)")
        return
    from bench.datasets import dataset

    source, _ = dataset(args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "followup.sqlite"
        shutil.copy(source.removeprefix("sqlite:///"), path)
        url = f"sqlite:///{path}"
        from bench.datasets import _upgrade

        _upgrade(url)
        started = time.perf_counter()
        counts = fill(path)
        orgs = _orgs(url)
        counts["conclusions"] = add_conclusions(url, orgs)
        print(f"{args.scale}: added {counts} in {time.perf_counter() - started:.0f} s; as of {AS_OF}")
        for what, level, first, median, cpu, rows in time_reads(url, orgs, args.runs):
            print(f"  {what:<22} {level:<11} first {first:7.1f} ms   then {median:7.1f} ms   CPU {cpu:7.1f} ms   ({rows} rows)")


if __name__ == "__main__":
    main()
