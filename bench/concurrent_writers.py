"""Several processes recording into one database at once: nothing lost, no error.

    python -m bench.concurrent_writers [--url URL] [--writers 4] [--seconds 30]

Each writer process records admissions into a cell of its own and into a cell shared by all,
and moves every other member it admitted to the shared cell by a permanent transfer, each
operation in its own transaction (through :func:`models.record.perform`, as the command line
does). At the end the events in the database are compared with the events the writers say
they wrote. Without ``--url`` a fresh SQLite file in a temporary directory is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field

from sqlalchemy import func, select

LOGIN = "bench"
SHARED = "BENCH-SHARED"
ADMITTED_ON = dt.date(2024, 3, 26)
MOVED_ON = dt.date(2024, 5, 19)


@dataclass
class WriterResult:
    writer: int
    operations: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    slowest_s: float = 0.0


def prepare(url: str, writers: int) -> None:
    """Migrate, and create the bench user and cells (idempotent, so a run can repeat)."""
    from models.access import SYSTEM
    from models.db import make_engine
    from models.enums import OrgKind, Role
    from models.migrate import upgrade
    from models.record import create_org
    from models.schema import Organisation, User
    from models.uow import write_session

    engine = make_engine(url)
    upgrade(engine)
    start = dt.date(2000, 1, 1)
    with write_session(engine) as s:
        if s.scalar(select(User.id).where(User.login == LOGIN)) is None:
            s.add(User(login=LOGIN, display_name="bench", role=Role.ADMIN))
        if s.scalar(select(Organisation.id).where(Organisation.code == "BENCH")) is None:
            create_org(s, SYSTEM, code="BENCH", name="Đảng bộ thử tải", kind=OrgKind.COMMUNE_COMMITTEE, valid_from=start)
            create_org(s, SYSTEM, code=SHARED, name="Chi bộ chung", kind=OrgKind.SUBORDINATE_CELL, valid_from=start, parent="BENCH")
        for i in range(writers):
            code = f"BENCH-W{i}"
            if s.scalar(select(Organisation.id).where(Organisation.code == code)) is None:
                create_org(s, SYSTEM, code=code, name=f"Chi bộ {i}", kind=OrgKind.SUBORDINATE_CELL, valid_from=start, parent="BENCH")
    engine.dispose()


def writer(url: str, index: int, seconds: float, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """One writer process: record until the time is up, then report what it wrote."""
    from models.db import make_engine
    from models.record import admission, perform, transfer

    result = WriterResult(index)
    engine = make_engine(url)
    own = f"BENCH-W{index}"
    deadline = time.monotonic() + seconds
    n = 0
    try:
        while time.monotonic() < deadline:
            n += 1
            org = SHARED if n % 3 == 0 else own
            t0 = time.perf_counter()
            try:
                rec = perform(
                    engine, LOGIN, None, admission, org=org, date=ADMITTED_ON,
                    full_name=f"Người thử {index} {n}", sex="female" if n % 2 else "male",
                    birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=n % 3000), ethnicity="Kinh",
                )
                result.operations += 1
                result.events += 1
                if org == own and n % 2 == 0:
                    perform(engine, LOGIN, None, transfer, member_id=rec.params["member_id"], to=SHARED, date=MOVED_ON)
                    result.operations += 1
                    result.events += 2
            except Exception as exc:  # every error is reported, never swallowed
                result.errors.append(f"{type(exc).__name__}: {exc}")
            result.slowest_s = max(result.slowest_s, time.perf_counter() - t0)
    except BaseException:
        result.errors.append(traceback.format_exc())
    finally:
        engine.dispose()
        queue.put(result)


@dataclass
class Summary:
    url: str
    writers: int
    seconds: float
    operations: int
    events_written: int
    events_in_db: int
    errors: list[str]
    slowest_s: float
    books: list[str] = field(default_factory=list)  # what does not balance afterwards

    @property
    def ok(self) -> bool:
        return not self.errors and self.events_written == self.events_in_db and not self.books

    def lines(self) -> list[str]:
        return [
            f"database         {self.url}",
            f"writers          {self.writers} processes, {self.seconds:g} s",
            f"operations       {self.operations} ({self.operations / self.seconds:.0f}/s)",
            f"events written   {self.events_written}",
            f"events in db     {self.events_in_db}",
            f"errors           {len(self.errors)}",
            f"slowest op       {self.slowest_s * 1000:.0f} ms",
            f"books            {'balance for every organisation and year' if not self.books else self.books[:3]}",
            f"result           {'OK: nothing lost, no error' if self.ok else 'FAILED'}",
        ]


def run(url: str, writers: int = 4, seconds: float = 30.0) -> Summary:
    from models.db import make_engine, redacted
    from models.schema import MemberEvent

    prepare(url, writers)
    engine = make_engine(url)
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(MemberEvent)).scalar_one()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=writer, args=(url, i, seconds, queue)) for i in range(writers)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    with engine.connect() as conn:
        after = conn.execute(select(func.count()).select_from(MemberEvent)).scalar_one()
    from bench import books

    unbalanced = books.check(engine, range(ADMITTED_ON.year, ADMITTED_ON.year + 1))
    engine.dispose()
    errors = [e for r in results for e in r.errors]
    errors += [f"writer process exited with {p.exitcode}" for p in procs if p.exitcode not in (0, None)]
    return Summary(
        url=redacted(url),
        writers=writers,
        seconds=seconds,
        operations=sum(r.operations for r in results),
        events_written=sum(r.events for r in results),
        events_in_db=after - before,
        errors=errors,
        slowest_s=max((r.slowest_s for r in results), default=0.0),
        books=unbalanced,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--url", default=None, help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    url = args.url or f"sqlite:///{os.path.join(tempfile.mkdtemp(prefix='giaoban-bench-'), 'bench.sqlite')}"
    summary = run(url, args.writers, args.seconds)
    print("\n".join(summary.lines()))
    for e in summary.errors[:10]:
        print("error:", e, file=sys.stderr)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
