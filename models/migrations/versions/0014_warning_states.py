"""each member's open early warning of removal, kept per reason; the latest meeting day and
dues month recorded

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-07

A row per member and reason only while the warning is open (the member is on a roll and has
not attended a meeting of their cell, or paid a month, since their last miss): a few percent of
the members, so the warnings screen reads the members at risk of a catchment through the closure
instead of counting every absence of the year.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def _rebuild_kept_warnings() -> None:
    """The kept warnings are derived from the books and the rolls: :func:`models.migrate.upgrade`
    refills them with the code of the day once the schema has reached the newest revision (the
    other kept tables do not change here)."""
    context.config.attributes["rebuild_warnings"] = True


def upgrade() -> None:
    op.create_table(
        "warning_states",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("last_miss", sa.Date(), nullable=False),
        sa.Column("second", sa.Date(), nullable=True),
        sa.Column("months", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_warning_states_member_id_members"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_warning_states_org_id_organisations"),
        sa.PrimaryKeyConstraint("member_id", "reason", name="pk_warning_states"),
        sqlite_strict=True,
    )
    op.create_index("ix_warning_states_second", "warning_states", ["second"])
    op.create_index("ix_warning_states_org", "warning_states", ["org_id"])
    op.create_table(
        "warning_latest",
        sa.Column("book", sa.String(16), nullable=False),
        sa.Column("last_date", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("book", name="pk_warning_latest"),
        sqlite_strict=True,
    )
    _rebuild_kept_warnings()


def downgrade() -> None:
    op.drop_table("warning_latest")
    op.drop_index("ix_warning_states_org", table_name="warning_states")
    op.drop_index("ix_warning_states_second", table_name="warning_states")
    op.drop_table("warning_states")
