"""the audit log's folded search text (no diacritics, no case), filled for the rows already there

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_CHUNK = 5000

# Frozen copies of the search text as it was defined when this migration was written
# (models.audit_text and models.collation.fold of that day): later changes there do not change
# what this migration wrote.
_SHOWN_TIME = "%d/%m/%Y %H:%M:%S"
_ORG_NAMES = sa.text("SELECT code, name FROM organisations WHERE id = :org_id")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _words(value: Any) -> Iterable[str]:
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from _words(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _words(v)
    elif value is not None:
        shown = str(value)
        yield shown
        if len(shown) == 10 and shown[4] == "-" and shown[7] == "-":
            try:
                day = dt.date.fromisoformat(shown)
            except ValueError:
                return
            yield day.strftime("%d/%m/%Y")


def _search_text(conn: sa.Connection, at: dt.datetime, login: str, acting_as: str | None, action: str,
                 org_id: int | None, detail: Mapping[str, Any] | None) -> str:
    parts = [login, acting_as or "", action, at.strftime(_SHOWN_TIME)]
    if org_id is not None:
        row = conn.execute(_ORG_NAMES, {"org_id": org_id}).first()
        if row is not None:
            parts += [row[0], row[1]]
    parts += _words(detail or {})
    return _fold("\n".join(parts))


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


def upgrade() -> None:
    # Plain ALTER TABLE on both databases (a batch would copy SQLite's table and lose its triggers).
    op.add_column("audit_log", sa.Column("search_text", sa.Text(), nullable=True))
    session = Session(bind=op.get_bind())
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                   sa.column("login", sa.String), sa.column("acting_as", sa.String), sa.column("action", sa.String),
                   sa.column("org_id", sa.Integer), sa.column("detail", sa.JSON), sa.column("search_text", sa.Text))
    _refuse_updates(False)
    last = 0
    while True:
        rows = session.execute(sa.select(log.c.id, log.c.at, log.c.login, log.c.acting_as, log.c.action, log.c.org_id,
                                         log.c.detail).where(log.c.id > last).order_by(log.c.id).limit(_CHUNK)).all()
        if not rows:
            break
        conn = session.connection()
        texts = [{"row_id": r.id, "text": _search_text(conn, r.at, r.login, r.acting_as, r.action, r.org_id, r.detail)}
                 for r in rows]
        session.execute(log.update().where(log.c.id == sa.bindparam("row_id")).values(search_text=sa.bindparam("text")),
                        texts)
        last = rows[-1].id
    _refuse_updates(True)


def downgrade() -> None:
    _refuse_updates(False)
    op.drop_column("audit_log", "search_text")
    _refuse_updates(True)
