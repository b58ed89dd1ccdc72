"""A digest of every table of an SQLite data set, to check that a change to the generator or
the loader writes the same rows for the same seed: ``python -m bench.dataset_digest A [B]``
prints one line per table (rows, SHA-256 of its rows in primary-key order) and, given two
files, marks the tables that differ (exit status 1 if any does). Two tables always differ between
builds: ``users`` and ``change_counter`` hold the time of the build."""

from __future__ import annotations

import hashlib
import sqlite3
import sys


def digest(path: str) -> dict[str, tuple[int, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out: dict[str, tuple[int, str]] = {}
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in tables:
        key = [r[1] for r in sorted(con.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]) if r[5]]
        h = hashlib.sha256()
        n = 0
        for row in con.execute(f"SELECT * FROM {table} ORDER BY {', '.join(key) if key else 'rowid'}"):
            h.update(repr(row).encode())
            n += 1
        out[table] = (n, h.hexdigest()[:16])
    # The schema too: tables, indexes and triggers by name and definition.
    schema = "\n".join(f"{t} {n} {s}" for t, n, s in con.execute(
        "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"))
    out["(schema)"] = (0, hashlib.sha256(schema.encode()).hexdigest()[:16])
    con.close()
    return out


def main(argv: list[str]) -> int:
    digests = [digest(p) for p in argv]
    differ = 0
    for table in sorted(set().union(*digests)):
        values = [d.get(table) for d in digests]
        same = all(v == values[0] for v in values)
        differ += not same
        print(f"{table:24} " + "  ".join(f"{v[0]:>10,} {v[1]}" if v else "missing" for v in values)
              + ("" if same else "  DIFFERENT"))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
