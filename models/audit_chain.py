"""The audit log as a hash chain: each row carries a SHA-256 over its own content and the
previous row's hash, so a row changed, removed or slipped in afterwards (by someone who got
past the append-only triggers) breaks the chain at that point, and ``giaoban audit verify``
names the first broken link.

The link itself (:func:`models.audit_hash.row_hash`, and :func:`models.audit_hash.next_hash`
for a row about to be added) lives in :mod:`models.audit_hash`, which the schema's insert hook
uses too; this module walks the chain.

Writers must not fork the chain: two rows that read the same head would both link to it.
On SQLite every write transaction already holds the database's write lock (``BEGIN
IMMEDIATE``); on PostgreSQL :func:`models.audit_hash.lock` takes a transaction-level advisory
lock, which :func:`models.uow.write_session` takes when the transaction starts (as SQLite
does), so a writer never waits for it while holding other row locks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from models.audit_hash import GENESIS, row_hash
from models.schema import AuditEntry

_CHUNK = 5000

_LOG = AuditEntry.__table__


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


__all__ = ["BrokenLink", "ChainCheck", "verify"]
