"""each candidate's stage and certificate, each Regulation 213 link's state, kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_states",
        sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("candidates.id",
                  name="fk_candidate_states_candidate_id_candidates"), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("candidate_id", name="pk_candidate_states"),
        sqlite_strict=True,
    )
    op.create_table(
        "link_states",
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("residence_links.id",
                  name="fk_link_states_link_id_residence_links"), nullable=False),
        sa.Column("ex_on", sa.Date(), nullable=True),
        sa.Column("ex_off", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("link_id", name="pk_link_states"),
        sqlite_strict=True,
    )
    op.create_table(
        "link_year_comments",
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("residence_links.id",
                  name="fk_link_year_comments_link_id_residence_links"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("link_id", "year", name="pk_link_year_comments"),
        sqlite_strict=True,
    )
    # "Is any event (of a kind) dated after the day asked?" in one index probe each.
    op.create_index("ix_candidate_events_date", "candidate_events", ["event_date"])
    op.create_index("ix_residence_events_kind_date", "residence_events", ["kind", "event_date"])
    from models import states  # the triggers' SQL is the rebuild's

    session = Session(bind=op.get_bind())
    states.drop_trigger(session)
    states.create_trigger(session)
    states.rebuild(session, only=("candidate_states", "link_states"))


def downgrade() -> None:
    bind = op.get_bind()
    for table, trigger in (("candidate_events", "candidate_events_states"), ("residence_events", "residence_events_states")):
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS giaoban_{trigger}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index("ix_residence_events_kind_date", table_name="residence_events")
    op.drop_index("ix_candidate_events_date", table_name="candidate_events")
    op.drop_table("link_year_comments")
    op.drop_table("link_states")
    op.drop_table("candidate_states")
