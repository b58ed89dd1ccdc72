"""per-organisation, per-year figures: own, rolled up, and the closure of the tree

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Frozen here on purpose: a migration must not change when models change.
COLUMN_NAMES = (
    "admitted", "women", "youth_union", "on_occasion", "aged_upto_30",
    "rec_youth_union", "rec_women_union", "rec_trade_union", "rec_farmers_union", "rec_veterans_union",
    "rec_fatherland_front", "transfer_in", "transfer_out",
    "removed_abandoned_activities", "removed_card_returned", "removed_no_progress", "removed_failed_standards",
    "removed_political_standard", "removed_probation_failed", "left_party", "expelled", "died",
)


def _figures_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id", name=f"fk_{name}_org_id_organisations"),
                  nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False, server_default="0") for c in COLUMN_NAMES),
        sa.PrimaryKeyConstraint("org_id", "year", name=f"pk_{name}"),
        sqlite_strict=True,
    )


def upgrade() -> None:
    _figures_table("org_year_stats")
    _figures_table("org_year_rollup")
    op.create_table(
        "org_closure",
        sa.Column("descendant_id", sa.Integer(), sa.ForeignKey("organisations.id",
                  name="fk_org_closure_descendant_id_organisations"), nullable=False),
        sa.Column("ancestor_id", sa.Integer(), sa.ForeignKey("organisations.id",
                  name="fk_org_closure_ancestor_id_organisations"), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("descendant_id", "ancestor_id", name="pk_org_closure"),
        sqlite_strict=True,
    )
    op.create_index("ix_org_closure_ancestor", "org_closure", ["ancestor_id", "descendant_id"])
    # Transfers are looked up by their other side when a catchment nets moves out.
    op.create_index("ix_member_events_counterpart", "member_events", ["counterpart_org_id"])
    from models import stats  # the trigger's SQL is built from the column conditions

    session = Session(bind=op.get_bind())
    stats.create_trigger(session)
    stats.rebuild(session)


def downgrade() -> None:
    from models import stats

    stats.drop_trigger(Session(bind=op.get_bind()))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS giaoban_event_stats()")
    op.drop_index("ix_member_events_counterpart", table_name="member_events")
    op.drop_index("ix_org_closure_ancestor", table_name="org_closure")
    op.drop_table("org_closure")
    op.drop_table("org_year_rollup")
    op.drop_table("org_year_stats")
