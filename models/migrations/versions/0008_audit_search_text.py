"""the audit log's folded search text (no diacritics, no case), filled for the rows already there

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_CHUNK = 5000


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
    from models.audit_text import search_text

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
        texts = [{"row_id": r.id, "text": search_text(conn, r.at, r.login, r.acting_as, r.action, r.org_id, r.detail)}
                 for r in rows]
        session.execute(log.update().where(log.c.id == sa.bindparam("row_id")).values(search_text=sa.bindparam("text")),
                        texts)
        last = rows[-1].id
    _refuse_updates(True)


def downgrade() -> None:
    _refuse_updates(False)
    op.drop_column("audit_log", "search_text")
    _refuse_updates(True)
