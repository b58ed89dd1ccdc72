"""Run as a real OS user by ``tests/test_access_matrix.py``: each command of a plan through the
giaoban command line, in this process (whose real uid is that user's), with what changed.

Usage: ``python -m tests.matrix_driver PLAN.json DB_FILE`` with the plan a list of
``[label, [arguments...]]``; prints one JSON object per command: its exit code, output,
whether any table but the audit log changed, and the refusals the audit log gained for this
login. Nothing here decides what should happen: the test does.
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import sqlite3
import sys
from pathlib import Path

#: The tables a command may change; the audit log is looked at separately.
DATA_TABLES = ("organisations", "org_edges", "members", "member_events", "admission_targets", "users",
               "candidates", "candidate_events", "residence_links", "residence_events")


def _digest(db: Path) -> str:
    h = hashlib.sha256()
    with sqlite3.connect(db) as conn:
        for table in DATA_TABLES:
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
                h.update(repr(row).encode())
    return h.hexdigest()


def _refusals(db: Path, login: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log WHERE outcome = 'refused' AND login = ?", (login,)).fetchone()[0])


def main() -> None:
    os.umask(0o007)  # the database's WAL files stay writable by the group that shares it
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    db = Path(sys.argv[2])
    me = pwd.getpwuid(os.getuid()).pw_name
    from click.testing import CliRunner

    from tui.cli import main as giaoban

    for label, args in plan:
        before, refused = _digest(db), _refusals(db, me)
        result = CliRunner().invoke(giaoban, ["--db", f"sqlite:///{db}", *args])
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        print(json.dumps({
            "label": label,
            "login": me,
            "code": 99 if crashed else result.exit_code,
            "output": result.output[-600:] + (repr(result.exception) if crashed else ""),
            "changed": _digest(db) != before,
            "refusals_logged": _refusals(db, me) - refused,
        }, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
