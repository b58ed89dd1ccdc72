"""member_discipline: disciplinary measures short of expulsion (reprimand, warning, dismissal),
dated, with their decision; append-only like the event logs; member_ratings and org_ratings:
the yearly quality ratings of members and of Party organisations

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-07

A table of its own rather than new kinds of member_events: the measures do not touch the rolls,
and widening member_events' kind constraint would mean rebuilding that table on SQLite.
Expulsion stays a member event (it ends membership).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

TABLE = "member_discipline"
_RATING = sa.Enum('excellent', 'good', 'completed', 'not_completed', name='quality_rating', native_enum=False,
                  create_constraint=True)


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('reprimand', 'warning', 'dismissal', name='discipline_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(trim(decision_no)) > 0', name=op.f('ck_member_discipline_decision_not_blank')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_discipline_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_member_discipline_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_member_discipline_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_discipline')),
    sa.UniqueConstraint('member_id', 'kind', 'event_date', name=op.f('uq_member_discipline_member_id')),
    sqlite_strict=True
    )
    op.create_index('ix_member_discipline_org_date', TABLE, ['org_id', 'event_date'], unique=False)
    op.create_index('ix_member_discipline_member_date', TABLE, ['member_id', 'event_date', 'id'], unique=False)
    op.create_table('member_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rating', _RATING, nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_ratings_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_member_ratings_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_member_ratings_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_ratings')),
    sa.UniqueConstraint('member_id', 'year', name=op.f('uq_member_ratings_member_id')),
    sqlite_strict=True
    )
    op.create_index('ix_member_ratings_org_year', 'member_ratings', ['org_id', 'year'], unique=False)
    op.create_table('org_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('rating', _RATING, nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_org_ratings_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_org_ratings_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_ratings')),
    sa.UniqueConstraint('org_id', 'year', name=op.f('uq_org_ratings_org_id')),
    sqlite_strict=True
    )
    # Append-only, as migration 0001 guards the event logs (the function is 0001's).
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
                   "FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()")
        op.execute(f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION giaoban_append_only()")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} "
                       f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
    op.drop_index('ix_member_discipline_member_date', table_name=TABLE)
    op.drop_index('ix_member_discipline_org_date', table_name=TABLE)
    op.drop_table(TABLE)
    op.drop_table('org_ratings')
    op.drop_index('ix_member_ratings_org_year', table_name='member_ratings')
    op.drop_table('member_ratings')
