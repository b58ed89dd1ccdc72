"""The audit log as a hash chain: each row carries a SHA-256 over its own content and the
previous row's hash, so a row changed, removed or slipped in afterwards (by someone who got
past the append-only triggers) breaks the chain at that point, and ``giaoban audit verify``
names the first broken link.

Writers must not fork the chain: two rows that read the same head would both link to it.
On SQLite every write transaction already holds the database's write lock (``BEGIN
IMMEDIATE``); on PostgreSQL :func:`lock` takes a transaction-level advisory lock, which
:func:`models.uow.write_session` takes when the transaction starts (as SQLite does), so a
writer never waits for it while holding other row locks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, text

from models.schema import AuditEntry

#: The "previous hash" of the first row.
GENESIS = "0" * 64
#: The advisory lock key of the chain on PostgreSQL (any constant unique to giaoban).
PG_LOCK_KEY = 0x67696F62616E  # "gioban"
_CHUNK = 5000

_LOG = AuditEntry.__table__
_HEAD = select(_LOG.c.chain_hash).order_by(_LOG.c.id.desc()).limit(1)
_LOCK = text(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def row_hash(prev: str, values: Mapping[str, Any]) -> str:
    """The hash of one row (its columns by name, as written or as read back) after ``prev``.
    The detail is hashed as JSON reads it back (sorted keys), so both sides agree."""
    at = values["at"]
    detail = values.get("detail")
    content = {
        "at": at.isoformat(sep=" ") if isinstance(at, dt.datetime) else str(at),
        "user_id": values.get("user_id"),
        "login": values["login"],
        "acting_as": values.get("acting_as"),
        "action": values["action"],
        "outcome": _value(values["outcome"]),
        "target_table": values.get("target_table"),
        "target_id": values.get("target_id"),
        "org_id": values.get("org_id"),
        "detail": json.loads(json.dumps(detail)) if detail is not None else None,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()


def lock(conn: Connection) -> None:
    """Serialise the writers of the chain until the transaction ends (PostgreSQL; SQLite's
    write transactions are serialised already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK)


def next_hash(conn: Connection, values: Mapping[str, Any]) -> str:
    """The hash for a row about to be added: linked to the newest row's hash."""
    lock(conn)
    prev = conn.execute(_HEAD).scalar()
    return row_hash(prev or GENESIS, values)


@dataclass(frozen=True)
class BrokenLink:
    """The first row whose hash does not follow from the row before it."""

    id: int
    at: dt.datetime
    previous_id: int | None
    reason: str  # "changed" (content or hash altered, or a row before it removed) or "missing"


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    head: str | None  # the newest row's hash: write it down to detect a rewritten chain later
    broken: BrokenLink | None


def _rows(conn: Connection) -> Iterator[Any]:
    last = 0
    while True:
        chunk = conn.execute(select(_LOG).where(_LOG.c.id > last).order_by(_LOG.c.id).limit(_CHUNK)).all()
        if not chunk:
            return
        yield from chunk
        last = chunk[-1].id


def verify(conn: Connection) -> ChainCheck:
    """Walk the log from its first row and recompute every link."""
    prev, prev_id, count = GENESIS, None, 0
    for row in _rows(conn):
        count += 1
        values = row._mapping
        if row.chain_hash is None:
            return ChainCheck(count, prev, BrokenLink(row.id, row.at, prev_id, "missing"))
        if row.chain_hash != row_hash(prev, values):
            return ChainCheck(count, prev, BrokenLink(row.id, row.at, prev_id, "changed"))
        prev, prev_id = row.chain_hash, row.id
    return ChainCheck(count, prev if count else None, None)


__all__ = ["GENESIS", "BrokenLink", "ChainCheck", "lock", "next_hash", "row_hash", "verify"]
