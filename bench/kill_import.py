"""``kill -9`` of an import of 100,000 rows at random moments: afterwards the database passes
``PRAGMA integrity_check`` and ``foreign_key_check``, each import is wholly present or wholly
absent, and the books balance for every organisation and year.

    python -m bench.kill_import SQLITE_FILE [--times 20]

The file is changed (imports are added); pass a copy.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

from bench.import_rows import MEMBERS, imported


@dataclass
class KillResult:
    runs: int = 0
    killed: int = 0
    present: int = 0
    absent: int = 0
    partial: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    books: list[str] = field(default_factory=list)
    full_import_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.partial or self.integrity or self.books)


def _checks(path: str) -> list[str]:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        out = [r[0] for r in con.execute("PRAGMA integrity_check")]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    problems = [] if out == ["ok"] else out[:5]
    problems += [f"foreign key: {row}" for row in fk[:5]]
    return problems


def run(path: str, times: int = 20, seed: int = 7) -> KillResult:
    from models.db import make_engine

    url = f"sqlite:///{path}"
    result = KillResult()
    rng = random.Random(seed)
    # One import to the end: how long it takes, so kills land anywhere inside it.
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.import_rows", url, "full"], check=True, capture_output=True)
    result.full_import_s = time.perf_counter() - t0
    for n in range(times):
        tag = f"k{n}"
        proc = subprocess.Popen([sys.executable, "-m", "bench.import_rows", url, tag],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Up to half again the full import's time: most kills land inside it, some after it.
        time.sleep(rng.uniform(0.1, result.full_import_s * 1.5))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            result.killed += 1
        proc.wait()
        result.runs += 1
        result.integrity += _checks(path)
        engine = make_engine(url)
        count = imported(engine, tag)
        engine.dispose()
        if count == MEMBERS:
            result.present += 1
        elif count == 0:
            result.absent += 1
        else:
            result.partial.append(f"{tag}: {count} of {MEMBERS}")
    from bench import books

    engine = make_engine(url)
    result.books = books.check(engine)
    engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--times", type=int, default=20)
    args = parser.parse_args(argv)
    r = run(args.path, args.times)
    print(r)
    return 0 if r.ok else 1


if __name__ == "__main__":
    sys.exit(main())
