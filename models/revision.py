"""The database's change counter read without SQLAlchemy (SQLite only).

Every write transaction bumps ``change_counter`` (:func:`models.uow.bump_revision`) and stamps
the time of the change; the pair says "nothing has been written since" more reliably than
either alone (a database rebuilt from scratch starts its counter again, not its clock). The
dashboard reads it at start with the standard library's ``sqlite3`` (a millisecond) to decide
whether the figures it kept from its last run are still exactly current, long before
SQLAlchemy is loaded. This module must not import SQLAlchemy (``tests/tui/test_first_frame.py``).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from urllib.parse import quote

#: The counter and the time of the last change, as stored (SQLite keeps the time as text).
STAMP_SQL = "SELECT revision, changed_at FROM change_counter WHERE id = 1"

Stamp = tuple[int, str]

log = logging.getLogger(__name__)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (``sqlite:///relative``, ``sqlite:////absolute``); None for any
    other database, an in-memory one or a URI filename."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0] != "sqlite" or not rest.startswith("/"):
        return None
    database = rest[1:].split("?", 1)[0]
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def sqlite_stamp(url: str) -> Stamp | None:
    """The change counter of the SQLite database at ``url``, read-only; None when ``url`` is not
    a SQLite file, the file or its counter does not exist, or it cannot be read now."""
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error as exc:
        log.info("change counter of %s not read: %s", path, exc)
        return None
    try:
        row = conn.execute(STAMP_SQL).fetchone()
    except sqlite3.Error as exc:  # no counter yet (an empty file), or busy
        log.info("change counter of %s not read: %s", path, exc)
        return None
    finally:
        conn.close()
    if row is None or row[1] is None:
        return None
    return int(row[0]), str(row[1])
