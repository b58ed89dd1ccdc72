"""organisation names with validity intervals; a founding day that may be unknown

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

An organisation is renamed when it moves (a hamlet cell of An Thới Đông moved into the new
commune of Bình Khánh on 1 July 2025 is named for its new commune): ``org_names`` holds each
name with the days it was borne, ``organisations.name`` keeps the latest for cheap reads.
Every existing name is carried as valid from the organisation's start, with no end.

``organisations.valid_from_known`` says whether ``valid_from`` is the real founding day or only
the first day the data count the organisation from (shown as "không rõ"); existing rows keep
``true``, what they claimed until now.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_ADD_FLAG = {
    'sqlite': 'ALTER TABLE organisations ADD COLUMN valid_from_known INTEGER NOT NULL DEFAULT 1'
              ' CONSTRAINT ck_organisations_valid_from_known_bool CHECK (valid_from_known IN (0, 1))',
    'postgresql': 'ALTER TABLE organisations ADD COLUMN valid_from_known BOOLEAN NOT NULL DEFAULT true',
}


def upgrade() -> None:
    op.create_table('org_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_to > valid_from', name=op.f('ck_org_names_valid_interval')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_org_names_name_not_blank')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_org_names_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_names')),
    sa.UniqueConstraint('org_id', 'valid_from', name=op.f('uq_org_names_org_id')),
    sqlite_strict=True
    )
    bind = op.get_bind()
    bind.exec_driver_sql('INSERT INTO org_names (org_id, name, valid_from, valid_to)'
                         ' SELECT id, name, valid_from, NULL FROM organisations ORDER BY id')
    bind.exec_driver_sql(_ADD_FLAG[bind.dialect.name])


def downgrade() -> None:
    op.drop_table('org_names')
    bind = op.get_bind()
    bind.exec_driver_sql('ALTER TABLE organisations DROP COLUMN valid_from_known')
