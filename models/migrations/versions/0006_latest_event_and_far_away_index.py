"""the latest event date of each kind, kept by a trigger; a partial far-away index instead of
the (kind, date) index over every member event

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_FAR_AWAY = "kind IN ('far_away_start', 'far_away_end', 'far_away_contact')"


def upgrade() -> None:
    op.create_table(
        "member_event_latest",
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_member_event_latest"),
        sqlite_strict=True,
    )
    from models import stats

    session = Session(bind=op.get_bind())
    stats.rebuild_latest(session)  # while the (kind, date) index still answers it
    op.create_index("ix_member_events_far_away", "member_events", ["kind", "event_date"],
                    sqlite_where=sa.text(_FAR_AWAY), postgresql_where=sa.text(_FAR_AWAY))
    op.drop_index("ix_member_events_kind_date", table_name="member_events")
    stats.drop_trigger(session)
    stats.create_trigger(session)


def downgrade() -> None:
    from models import stats

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {stats.LATEST_TRIGGER} ON member_events")
        op.execute("DROP FUNCTION IF EXISTS giaoban_event_latest()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {stats.LATEST_TRIGGER}")
    op.create_index("ix_member_events_kind_date", "member_events", ["kind", "event_date"])
    op.drop_index("ix_member_events_far_away", table_name="member_events")
    op.drop_table("member_event_latest")
