"""each member's state (roll organisation, latest admission, recognition, far away), kept by a trigger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_states",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_states_member_id_members"),
                  nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id",
                  name="fk_member_states_org_id_organisations"), nullable=True),
        sa.Column("joined", sa.Date(), nullable=True),
        sa.Column("recognised", sa.Date(), nullable=True),
        sa.Column("away_since", sa.Date(), nullable=True),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name="pk_member_states"),
        sqlite_strict=True,
    )
    op.create_index("ix_member_states_org", "member_states", ["org_id"])
    op.create_index("ix_member_states_joined", "member_states", ["joined"])
    op.create_index("ix_member_states_recognised", "member_states", ["recognised"])
    op.create_index("ix_member_states_away", "member_states", ["away_since"])
    from models import states  # the trigger's SQL is the rebuild's

    session = Session(bind=op.get_bind())
    states.create_trigger(session)
    states.rebuild(session)


def downgrade() -> None:
    from models import states

    states.drop_trigger(Session(bind=op.get_bind()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS giaoban_member_events_states()")
    for name in ("ix_member_states_away", "ix_member_states_recognised", "ix_member_states_joined", "ix_member_states_org"):
        op.drop_index(name, table_name="member_states")
    op.drop_table("member_states")
