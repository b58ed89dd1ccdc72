"""the audit log as a hash chain: each row's SHA-256 over its content and the previous row's hash,
filled for the rows already there, oldest first

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

The hash is written out here as it stood when this migration was made (models.audit_chain
computes the same for new rows; tests/test_audit_chain.py checks that a log filled here
verifies there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_CHUNK = 5000
_GENESIS = "0" * 64


def _refuse_updates(on: bool) -> None:
    """The audit log's UPDATE guard (migration 0001), lifted while the new column is filled."""
    if op.get_bind().dialect.name == "postgresql":
        if on:
            op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                       "FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()")
        else:
            op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
    elif on:
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")


def _hash(prev: str, r: Any) -> str:
    detail = r.detail
    content = {
        "at": r.at.isoformat(sep=" ") if isinstance(r.at, dt.datetime) else str(r.at),
        "user_id": r.user_id,
        "login": r.login,
        "acting_as": r.acting_as,
        "action": r.action,
        "outcome": getattr(r.outcome, "value", r.outcome),
        "target_table": r.target_table,
        "target_id": r.target_id,
        "org_id": r.org_id,
        "detail": json.loads(json.dumps(detail)) if detail is not None else None,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{canonical}".encode()).hexdigest()


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (a batch would copy SQLite's table and lose its triggers).
    op.add_column("audit_log", sa.Column("chain_hash", sa.String(64), nullable=True))
    bind = op.get_bind()
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                   sa.column("user_id", sa.Integer), sa.column("login", sa.String), sa.column("acting_as", sa.String),
                   sa.column("action", sa.String), sa.column("outcome", sa.String), sa.column("target_table", sa.String),
                   sa.column("target_id", sa.Integer), sa.column("org_id", sa.Integer), sa.column("detail", sa.JSON),
                   sa.column("chain_hash", sa.String))
    _refuse_updates(False)
    last, prev = 0, _GENESIS
    while True:
        rows = bind.execute(sa.select(log).where(log.c.id > last).order_by(log.c.id).limit(_CHUNK)).all()
        if not rows:
            break
        hashes = []
        for r in rows:
            prev = _hash(prev, r)
            hashes.append({"row_id": r.id, "h": prev})
        bind.execute(log.update().where(log.c.id == sa.bindparam("row_id")).values(chain_hash=sa.bindparam("h")), hashes)
        last = rows[-1].id
    _refuse_updates(True)


def downgrade() -> None:
    _refuse_updates(False)
    op.drop_column("audit_log", "chain_hash")
    _refuse_updates(True)
