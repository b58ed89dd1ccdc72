"""the change number of each organisation's own rows and of the tree, kept by triggers, so that a
dashboard reads again only the figures a write changed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_seq",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("tree_seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_change_seq_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_change_seq"),
        sqlite_strict=True,
    )
    op.create_table(
        "org_changes",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("target_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("org_id", name="pk_org_changes"),
        sqlite_strict=True,
    )
    op.create_index("ix_org_changes_seq", "org_changes", ["seq"])
    op.execute("INSERT INTO change_seq (id, seq, tree_seq) VALUES (1, 0, 0)")
    from models import org_changes

    org_changes.create_trigger(Session(bind=op.get_bind()))


def downgrade() -> None:
    from models import org_changes

    session = Session(bind=op.get_bind())
    org_changes.drop_trigger(session)
    if op.get_bind().dialect.name == "postgresql":
        for watch in org_changes._WATCHES:
            op.execute(f"DROP FUNCTION IF EXISTS giaoban_{watch.name}()")
    op.drop_index("ix_org_changes_seq", table_name="org_changes")
    op.drop_table("org_changes")
    op.drop_table("change_seq")
