"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Frozen here on purpose: a migration must not change when models change.
APPEND_ONLY_TABLES = ("member_events", "candidate_events", "residence_events", "audit_log")

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_counter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_change_counter_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_counter')),
    sqlite_strict=True
    )
    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('sort_key', sa.String(length=480), nullable=False),
    sa.Column('sex', sa.Enum('male', 'female', name='member_sex', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('ethnicity', sa.String(length=40), nullable=False),
    sa.Column('residence', sa.String(length=200), nullable=True),
    sa.Column('card_no', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(full_name)) > 0', name=op.f('ck_members_name_not_blank')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('card_no', name=op.f('uq_members_card_no')),
    sqlite_strict=True
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index('ix_members_sort_key', ['sort_key'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('city_committee', 'district_committee', 'commune_committee', 'grassroots_committee', 'grassroots_cell', 'sub_committee', 'subordinate_cell', 'party_group', name='org_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sector', sa.Enum('city', 'district', 'commune', 'township', 'ward', 'agency', 'school', 'health', 'enterprise', 'military', 'police', 'border_guard', 'hamlet', 'neighbourhood', 'mass_organisation', 'other', name='org_sector', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('successor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('length(trim(code)) > 0', name=op.f('ck_organisations_code_not_blank')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_organisations_name_not_blank')),
    sa.CheckConstraint('successor_id IS NULL OR successor_id <> id', name=op.f('ck_organisations_successor_not_self')),
    sa.CheckConstraint('successor_id IS NULL OR valid_to IS NOT NULL', name=op.f('ck_organisations_successor_when_ended')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to > valid_from', name=op.f('ck_organisations_valid_interval')),
    sa.ForeignKeyConstraint(['successor_id'], ['organisations.id'], name=op.f('fk_organisations_successor_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('code', name=op.f('uq_organisations_code')),
    sqlite_strict=True
    )
    op.create_table('org_edges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.CheckConstraint('child_id <> parent_id', name=op.f('ck_org_edges_not_own_parent')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to > valid_from', name=op.f('ck_org_edges_valid_interval')),
    sa.ForeignKeyConstraint(['child_id'], ['organisations.id'], name=op.f('fk_org_edges_child_id_organisations')),
    sa.ForeignKeyConstraint(['parent_id'], ['organisations.id'], name=op.f('fk_org_edges_parent_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_edges')),
    sa.UniqueConstraint('child_id', 'valid_from', name=op.f('uq_org_edges_child_id_valid_from')),
    sqlite_strict=True
    )
    with op.batch_alter_table('org_edges', schema=None) as batch_op:
        batch_op.create_index('ix_org_edges_parent', ['parent_id', 'valid_from'], unique=False)

    op.create_table('residence_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('workplace_org_id', sa.Integer(), nullable=False),
    sa.Column('residence_org_id', sa.Integer(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ended_on IS NULL OR ended_on > started_on', name=op.f('ck_residence_links_valid_interval')),
    sa.CheckConstraint('workplace_org_id <> residence_org_id', name=op.f('ck_residence_links_two_places')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_residence_links_member_id_members')),
    sa.ForeignKeyConstraint(['residence_org_id'], ['organisations.id'], name=op.f('fk_residence_links_residence_org_id_organisations')),
    sa.ForeignKeyConstraint(['workplace_org_id'], ['organisations.id'], name=op.f('fk_residence_links_workplace_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residence_links')),
    sa.UniqueConstraint('member_id', 'started_on', name=op.f('uq_residence_links_member_id_started_on')),
    sqlite_strict=True
    )
    with op.batch_alter_table('residence_links', schema=None) as batch_op:
        batch_op.create_index('ix_residence_links_residence', ['residence_org_id'], unique=False)
        batch_op.create_index('ix_residence_links_workplace', ['workplace_org_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'district_staff', 'cell_secretary', 'viewer', name='user_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('scope_org_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(create_constraint=True, name='active_bool'), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role = 'admin' OR scope_org_id IS NOT NULL", name=op.f('ck_users_scope_unless_admin')),
    sa.CheckConstraint('length(trim(login)) > 0', name=op.f('ck_users_login_not_blank')),
    sa.ForeignKeyConstraint(['scope_org_id'], ['organisations.id'], name=op.f('fk_users_scope_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('login', name=op.f('uq_users_login')),
    sqlite_strict=True
    )
    op.create_table('admission_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('target >= 0', name=op.f('ck_admission_targets_target_not_negative')),
    sa.CheckConstraint('year BETWEEN 1930 AND 2200', name=op.f('ck_admission_targets_year_range')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_admission_targets_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_admission_targets_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admission_targets')),
    sa.UniqueConstraint('org_id', 'year', name=op.f('uq_admission_targets_org_id_year')),
    sqlite_strict=True
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('acting_as', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('outcome', sa.Enum('ok', 'refused', 'read', name='audit_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('target_table', sa.String(length=60), nullable=True),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('org_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_audit_log_org_id_organisations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sqlite_strict=True
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_at', ['at'], unique=False)

    op.create_table('candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('sort_key', sa.String(length=480), nullable=False),
    sa.Column('sex', sa.Enum('male', 'female', name='candidate_sex', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('source', sa.Enum('cell', 'youth_union', 'women_union', 'trade_union', 'farmers_union', 'veterans_union', 'fatherland_front', name='candidate_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('helper_member_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(trim(full_name)) > 0', name=op.f('ck_candidates_name_not_blank')),
    sa.ForeignKeyConstraint(['helper_member_id'], ['members.id'], name=op.f('fk_candidates_helper_member_id_members')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_candidates_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_candidates_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_candidates_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('member_id', name=op.f('uq_candidates_member_id')),
    sqlite_strict=True
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_org', ['org_id'], unique=False)

    op.create_table('member_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('admission', 'recognition', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'exemption_start', 'exemption_end', 'far_away_start', 'far_away_end', 'far_away_contact', name='event_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('decision_no', sa.String(length=60), nullable=True),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.Column('occasion', sa.String(length=120), nullable=True),
    sa.Column('youth_union', sa.Boolean(create_constraint=True, name='youth_union_bool'), nullable=True),
    sa.Column('recommended_by', sa.Enum('youth_union', 'women_union', 'trade_union', 'farmers_union', 'veterans_union', 'fatherland_front', name='mass_org', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('removal_ground', sa.Enum('abandoned_activities', 'card_returned', 'no_progress', 'failed_standards', 'political_standard', 'probation_failed', name='removal_ground', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('transfer_scope', sa.Enum('permanent', 'temporary', name='transfer_scope', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('counterpart_org_id', sa.Integer(), nullable=True),
    sa.Column('counterpart_text', sa.String(length=200), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("(kind = 'admission' AND youth_union IS NOT NULL) OR (kind <> 'admission' AND youth_union IS NULL AND recommended_by IS NULL AND occasion IS NULL)", name=op.f('ck_member_events_admission_fields')),
    sa.CheckConstraint("(kind = 'removal') = (removal_ground IS NOT NULL)", name=op.f('ck_member_events_removal_has_ground')),
    sa.CheckConstraint("(kind IN ('transfer_in', 'transfer_out')) = (transfer_scope IS NOT NULL)", name=op.f('ck_member_events_transfer_has_scope')),
    sa.CheckConstraint("counterpart_org_id IS NULL OR kind IN ('transfer_in', 'transfer_out')", name=op.f('ck_member_events_counterpart_only_for_transfers')),
    sa.CheckConstraint("ends_on IS NULL OR (ends_on > event_date AND kind IN ('transfer_in', 'transfer_out', 'exemption_start', 'far_away_start'))", name=op.f('ck_member_events_ends_on_valid')),
    sa.CheckConstraint('counterpart_org_id IS NULL OR counterpart_org_id <> org_id', name=op.f('ck_member_events_counterpart_other')),
    sa.ForeignKeyConstraint(['counterpart_org_id'], ['organisations.id'], name=op.f('fk_member_events_counterpart_org_id_organisations')),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_member_events_member_id_members')),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'], name=op.f('fk_member_events_org_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_member_events_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_events')),
    sa.UniqueConstraint('member_id', 'kind', 'event_date', name=op.f('uq_member_events_member_id_kind_event_date')),
    sqlite_strict=True
    )
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.create_index('ix_member_events_kind_date', ['kind', 'event_date'], unique=False)
        batch_op.create_index('ix_member_events_member_date', ['member_id', 'event_date', 'id'], unique=False)
        batch_op.create_index('ix_member_events_org_kind_date', ['org_id', 'kind', 'event_date'], unique=False)

    op.create_table('residence_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('letter_sent', 'registered', 'exempted', 'exemption_ended', 'comment_requested', 'comment_returned', 'ended', name='residence_event_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("(kind IN ('comment_requested', 'comment_returned')) = (year IS NOT NULL)", name=op.f('ck_residence_events_year_for_comments')),
    sa.ForeignKeyConstraint(['link_id'], ['residence_links.id'], name=op.f('fk_residence_events_link_id_residence_links')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_residence_events_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_residence_events')),
    sa.UniqueConstraint('link_id', 'kind', 'event_date', name=op.f('uq_residence_events_link_id_kind_event_date')),
    sqlite_strict=True
    )
    with op.batch_alter_table('residence_events', schema=None) as batch_op:
        batch_op.create_index('ix_residence_events_link', ['link_id', 'kind', 'year'], unique=False)

    op.create_table('candidate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('identified', 'class_attended', 'dossier', 'cell_resolution', 'committee_decision', 'admitted', 'dropped', name='candidate_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('certificate_expiry', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("(stage = 'class_attended') = (certificate_expiry IS NOT NULL)", name=op.f('ck_candidate_events_certificate_with_class')),
    sa.CheckConstraint('certificate_expiry IS NULL OR certificate_expiry > event_date', name=op.f('ck_candidate_events_certificate_after_class')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_candidate_events_candidate_id_candidates')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_candidate_events_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate_events')),
    sa.UniqueConstraint('candidate_id', 'stage', 'event_date', name=op.f('uq_candidate_events_candidate_id_stage_event_date')),
    sqlite_strict=True
    )
    with op.batch_alter_table('candidate_events', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_events_candidate_date', ['candidate_id', 'event_date', 'id'], unique=False)

    _create_append_only_triggers()
    op.execute("INSERT INTO change_counter (id, revision, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP)")


def _create_append_only_triggers() -> None:
    """The event logs and the audit log only grow: refuse UPDATE and DELETE in the database."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION giaoban_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()"
            )
            # TRUNCATE bypasses row triggers.
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION giaoban_append_only()"
            )


def _drop_append_only_triggers() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    elif dialect == "postgresql":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS giaoban_append_only()")


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table('candidate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_events_candidate_date')

    op.drop_table('candidate_events')
    with op.batch_alter_table('residence_events', schema=None) as batch_op:
        batch_op.drop_index('ix_residence_events_link')

    op.drop_table('residence_events')
    with op.batch_alter_table('member_events', schema=None) as batch_op:
        batch_op.drop_index('ix_member_events_org_kind_date')
        batch_op.drop_index('ix_member_events_member_date')
        batch_op.drop_index('ix_member_events_kind_date')

    op.drop_table('member_events')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_org')

    op.drop_table('candidates')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_at')

    op.drop_table('audit_log')
    op.drop_table('admission_targets')
    op.drop_table('users')
    with op.batch_alter_table('residence_links', schema=None) as batch_op:
        batch_op.drop_index('ix_residence_links_workplace')
        batch_op.drop_index('ix_residence_links_residence')

    op.drop_table('residence_links')
    with op.batch_alter_table('org_edges', schema=None) as batch_op:
        batch_op.drop_index('ix_org_edges_parent')

    op.drop_table('org_edges')
    op.drop_table('organisations')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index('ix_members_sort_key')

    op.drop_table('members')
    op.drop_table('change_counter')
