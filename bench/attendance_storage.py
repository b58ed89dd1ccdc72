"""How much room a year of cell meetings and dues books takes for the whole Party.

    python -m bench.attendance_storage [--fraction 1.0] [--postgres URL --pg-fraction 0.05]

Builds the four tables of migration 0011 (the real migration, on a fresh database) and fills
them for a year of 5.6 million members in 270,000 cells (DOMAIN.md, section 8): one meeting and
one dues book per cell and month, the absences and the arrears at the rates below, and measures
what each table and its indexes take (SQLite: ``dbstat``; PostgreSQL:
``pg_total_relation_size``). For comparison it also measures a design that keeps one row per
member and month (a presence or a payment), on a sample, scaled up.

The rates are assumptions, not data: unexcused absence in 1.5 % of member-months, excused in
4 %, dues unpaid at the month's close in 1 %. A cell's secretary reports most members present
and paid every month; the removals the Charter ground causes (0.1-0.3 % of members a year,
DOMAIN.md section 7) need a few times that many members missing a month here and there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MEMBERS = 5_600_000
CELLS = 270_000
MONTHS = 12
UNEXCUSED, EXCUSED, UNPAID = 0.015, 0.04, 0.01
YEAR = 2025


def _migrated(url: str) -> None:
    from models.db import make_engine
    from models.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def _rows(fraction: float, seed: int = 17) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    """Batches of (table, rows) for a year, cell by cell."""
    rng = random.Random(seed)
    cells = int(CELLS * fraction)
    per_cell = MEMBERS // CELLS
    meeting_id = book_id = 0
    meetings: list[tuple[object, ...]] = []
    absences: list[tuple[object, ...]] = []
    books: list[tuple[object, ...]] = []
    arrears: list[tuple[object, ...]] = []
    now = "2026-01-05 08:00:00.000000"
    for cell in range(1, cells + 1):
        first_member = (cell - 1) * per_cell + 1
        for month in range(1, MONTHS + 1):
            day = dt.date(YEAR, month, 5).isoformat()
            first = dt.date(YEAR, month, 1).isoformat()
            meeting_id += 1
            book_id += 1
            meetings.append((meeting_id, cell, day, None, now, None))
            books.append((book_id, cell, first, now, None))
            for member in range(first_member, first_member + per_cell):
                r = rng.random()
                if r < UNEXCUSED + EXCUSED:
                    absences.append((meeting_id, member, cell, day, int(r >= UNEXCUSED)))
                if rng.random() < UNPAID:
                    arrears.append((book_id, member, cell, first))
        if len(meetings) >= 50_000 or cell == cells:
            yield "cell_meetings", meetings
            yield "meeting_absences", absences
            yield "dues_books", books
            yield "dues_arrears", arrears
            meetings, absences, books, arrears = [], [], [], []


INSERTS = {
    "cell_meetings": "INSERT INTO cell_meetings (id, org_id, meeting_date, note, recorded_at, recorded_by) VALUES ({})",
    "meeting_absences": "INSERT INTO meeting_absences (meeting_id, member_id, org_id, meeting_date, excused) VALUES ({})",
    "dues_books": "INSERT INTO dues_books (id, org_id, month, recorded_at, recorded_by) VALUES ({})",
    "dues_arrears": "INSERT INTO dues_arrears (book_id, member_id, org_id, month) VALUES ({})",
}
INDEXES = {
    "cell_meetings": ("uq_cell_meetings_org_id",),
    "meeting_absences": ("ix_meeting_absences_org_date", "ix_meeting_absences_member_date"),
    "dues_books": ("uq_dues_books_org_id",),
    "dues_arrears": ("ix_dues_arrears_org_month", "ix_dues_arrears_member_month"),
}


def sqlite_sizes(fraction: float) -> dict[str, tuple[int, int]]:
    """{table: (rows, bytes with its indexes)} at ``fraction`` of the Party, on SQLite."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "attendance.sqlite"
        _migrated(f"sqlite:///{path}")
        conn = sqlite3.connect(path)  # no foreign keys: the members and cells are not built
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        counts = dict.fromkeys(INSERTS, 0)
        for table, rows in _rows(fraction):
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(INSERTS[table].format(marks), rows)
                counts[table] += len(rows)
        conn.commit()
        conn.execute("VACUUM")
        out = {}
        for table in INSERTS:
            names = (table, *INDEXES[table], f"sqlite_autoindex_{table}_1", f"sqlite_autoindex_{table}_2")
            size = conn.execute(
                f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({', '.join('?' * len(names))})", names
            ).fetchone()[0]
            out[table] = (counts[table], int(size))
        conn.close()
        return out


def naive_sqlite_bytes_per_row(sample: int = 1_000_000) -> float:
    """Bytes a row of "member M was present (paid) in month X at cell C" takes, with a primary
    key on (member, month) and an index on (cell, month), as the exception tables have."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "naive.sqlite")
        conn.execute("CREATE TABLE presence (member_id INTEGER NOT NULL, month TEXT NOT NULL, org_id INTEGER NOT NULL,"
                     " present INTEGER NOT NULL, PRIMARY KEY (member_id, month)) STRICT, WITHOUT ROWID")
        conn.execute("CREATE INDEX ix_presence_org ON presence (org_id, month)")
        rng = random.Random(3)
        conn.executemany("INSERT INTO presence VALUES (?, ?, ?, ?)",
                         ((m // 12 + 1, f"{YEAR}-{m % 12 + 1:02d}-01", m // 240 + 1, int(rng.random() > 0.05))
                          for m in range(sample)))
        conn.commit()
        conn.execute("VACUUM")
        size = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN ('presence', 'ix_presence_org')").fetchone()[0]
        conn.close()
        return size / sample


def postgres_sizes(url: str, fraction: float) -> dict[str, tuple[int, int]]:
    """The same on PostgreSQL, in a schema of its own dropped afterwards."""
    import uuid

    from sqlalchemy import text

    from models.db import make_engine

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    scoped = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    try:
        _migrated(scoped)
        engine = make_engine(scoped)
        counts = dict.fromkeys(INSERTS, 0)
        with engine.begin() as conn:
            conn.exec_driver_sql("SET session_replication_role = replica")  # no foreign keys: nothing else is built
            raw = conn.connection.dbapi_connection
            cur = raw.cursor()
            for table, rows in _rows(fraction):
                if rows:
                    with cur.copy(f"COPY {table} ({_columns(table)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    counts[table] += len(rows)
        with engine.begin() as conn:
            out = {t: (counts[t], int(conn.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar()))
                   for t in INSERTS}
        engine.dispose()
        return out
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def _columns(table: str) -> str:
    return INSERTS[table].split("(", 1)[1].split(")", 1)[0]


def _report(label: str, sizes: dict[str, tuple[int, int]], fraction: float) -> int:
    total = 0
    print(f"{label} (measured at {fraction:g} of the Party, scaled to 5.6 M members x 12 months):")
    for table, (rows, size) in sizes.items():
        rows_all, size_all = rows / fraction, size / fraction
        total += int(size_all)
        print(f"  {table:<18} {rows_all:>13,.0f} rows  {size_all / 2**20:>9,.0f} MiB  ({size / max(rows, 1):.0f} B/row)")
    print(f"  {'total':<18} {'':>13}       {total / 2**20:>9,.0f} MiB")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fraction", type=float, default=1.0, help="Share of the Party built on SQLite.")
    parser.add_argument("--postgres", default=None, help="A PostgreSQL URL to measure there too.")
    parser.add_argument("--pg-fraction", type=float, default=0.05)
    args = parser.parse_args()
    started = time.perf_counter()
    _report("SQLite", sqlite_sizes(args.fraction), args.fraction)
    per_row = naive_sqlite_bytes_per_row()
    naive = per_row * MEMBERS * MONTHS * 2
    print(f"SQLite, one row per member and month for meetings and dues alike: {MEMBERS * MONTHS * 2:,} rows,"
          f" {naive / 2**20:,.0f} MiB ({per_row:.0f} B/row, measured on 1,000,000 rows)")
    if args.postgres:
        _report("PostgreSQL", postgres_sizes(args.postgres, args.pg_fraction), args.pg_fraction)
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
