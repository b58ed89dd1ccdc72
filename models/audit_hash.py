"""The link of the audit log's hash chain: the hash one row carries, and the hash of a row
about to be added (see :mod:`models.audit_chain` for the chain and its verification).

Kept apart from :mod:`models.audit_chain` because both writers of audit rows need it:
:mod:`models.audit` (Core inserts) and the ``before_insert`` hook in :mod:`models.schema`
(ORM objects). It therefore imports nothing from ``models``: it names the two columns of
``audit_log`` it reads itself, so the schema can import it without a cycle.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, column, select, table, text

#: The "previous hash" of the first row.
GENESIS = "0" * 64
#: The advisory lock key of the chain on PostgreSQL (any constant unique to giaoban).
PG_LOCK_KEY = 0x67696F62616E  # "gioban"

_LOG = table("audit_log", column("id"), column("chain_hash"))
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


__all__ = ["GENESIS", "PG_LOCK_KEY", "lock", "next_hash", "row_hash"]
