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
    # Written behind the record operations' back: the kept warnings are rebuilt from the books.
    from models import removal_warnings
    from models.db import make_engine
    from models.uow import write_session

    engine = make_engine(f"sqlite:///{path}")
    started = time.perf_counter()
    with write_session(engine) as s:
        removal_warnings.rebuild(s)
    counts["rebuild_ms"] = int((time.perf_counter() - started) * 1000)
    engine.dispose()
    counts.update(meetings=len(meetings), absences=len(absences), books=len(books), arrears=len(arrears))
    return counts


def kept_size(path: Path) -> str:
    """Rows and bytes (with its indexes) of the kept warnings, and the members on a roll."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT count(*) FROM warning_states").fetchone()[0]
    names = ("warning_states", "ix_warning_states_second", "ix_warning_states_org", "sqlite_autoindex_warning_states_1")
    size = conn.execute(f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({', '.join('?' * len(names))})",
                        names).fetchone()[0]
    members = conn.execute("SELECT count(*) FROM member_states WHERE org_id IS NOT NULL").fetchone()[0]
    conn.close()
    return f"warning_states: {rows:,} rows, {size / 2**20:.1f} MiB with its indexes ({size / max(rows, 1):.0f} B/row), {members:,} members on a roll"


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
        for label, kind in (("province", OrgKind.CITY_COMMITTEE), ("district", OrgKind.DISTRICT_COMMITTEE), ("grassroots", OrgKind.GRASSROOTS_COMMITTEE),
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


def time_reads(url: str, orgs: dict[str, int], runs: int,
               only: set[str] | None = None) -> list[tuple[str, str, float, float, float, int]]:
    """(what, level, first ms, median ms, median CPU ms, rows) per read and organisation. The
    CPU time of this process (SQLite runs in it) says what a quiet machine would take when
    the machine is shared."""
    from models.access import SYSTEM
    from models.conclusions import conclusions_for
    from models.db import make_engine
    from models.removal_warnings import at_risk_by_cell, at_risk_by_child, removal_warnings
    from models.uow import read_session

    engine = make_engine(url)
    out = []
    reads = (
        ("warnings", lambda s, o: removal_warnings(s, o, AS_OF)),
        ("warnings + per child", lambda s, o: at_risk_by_child(s, o, AS_OF, removal_warnings(s, o, AS_OF))),
        ("section 6 (+ per cell)", lambda s, o: _section(s, o)),
        ("conclusions", lambda s, o: conclusions_for(s, SYSTEM, o, AS_OF)),
    )

    def _section(s, o):  # type: ignore[no-untyped-def]
        # What the dashboard's section 6 reads (tui.data.Store.at_risk, less the logged read).
        found = removal_warnings(s, o, AS_OF)
        at_risk_by_child(s, o, AS_OF, found)
        return at_risk_by_cell(found)

    for what, read in reads:
        if only is not None and what.split(" ")[0] not in only:
            continue
        for level in ("root", "province", "district", "grassroots", "cell"):
            org = orgs.get(level)
            if org is None or (level == "province" and org == orgs["root"]):
                continue
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
    parser.add_argument("--source", type=Path, default=None,
                        help="A SQLite data set of the scale built elsewhere (bench.datasets), instead of this one's.")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the filled copy at this path (for --reuse).")
    parser.add_argument("--only", action="append", choices=("warnings", "section", "conclusions"), default=None,
                        help="Time only these reads (repeat; default all).")
    args = parser.parse_args()
    only = set(args.only) if args.only else None
    if args.reuse is not None:
        url = f"sqlite:///{args.reuse}"
        _upgrade(url)  # a copy filled before a newer migration gets it (and its kept tables)
        print(kept_size(args.reuse))
        for what, level, first, median, cpu, rows in time_reads(url, _orgs(url), args.runs, only):
            print(f"  {what:<22} {level:<11} first {first:7.1f} ms   then {median:7.1f} ms   CPU {cpu:7.1f} ms   ({rows} rows)")
        return
    from bench.datasets import dataset

    source = f"sqlite:///{args.source}" if args.source is not None else dataset(args.scale)[0]
    with tempfile.TemporaryDirectory(dir=args.keep.parent if args.keep is not None else None) as tmp:
        path = Path(tmp) / "followup.sqlite"
        src = sqlite3.connect(f"file:{source.removeprefix('sqlite:///')}?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        src.backup(dst)
        dst.close()
        src.close()
        url = f"sqlite:///{path}"
        _upgrade(url)
        started = time.perf_counter()
        counts = fill(path)
        orgs = _orgs(url)
        counts["conclusions"] = add_conclusions(url, orgs)
        print(f"{args.scale}: added {counts} in {time.perf_counter() - started:.0f} s; as of {AS_OF}")
        print(kept_size(path))
        for what, level, first, median, cpu, rows in time_reads(url, orgs, args.runs, only):
            print(f"  {what:<22} {level:<11} first {first:7.1f} ms   then {median:7.1f} ms   CPU {cpu:7.1f} ms   ({rows} rows)")
        if args.keep is not None:
            path.rename(args.keep)


def _upgrade(url: str) -> None:
    from bench.datasets import _upgrade as upgrade

    upgrade(url)


if __name__ == "__main__":
    main()
