"""indexes on the tree's dates: the last change of the tree in four index probes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_organisations_valid_from", "organisations", ["valid_from"])
    op.create_index("ix_organisations_valid_to", "organisations", ["valid_to"])
    op.create_index("ix_org_edges_valid_from", "org_edges", ["valid_from"])
    op.create_index("ix_org_edges_valid_to", "org_edges", ["valid_to"])


def downgrade() -> None:
    op.drop_index("ix_org_edges_valid_to", table_name="org_edges")
    op.drop_index("ix_org_edges_valid_from", table_name="org_edges")
    op.drop_index("ix_organisations_valid_to", table_name="organisations")
    op.drop_index("ix_organisations_valid_from", table_name="organisations")
