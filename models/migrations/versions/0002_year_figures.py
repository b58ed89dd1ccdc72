"""per-organisation, per-year figures: own, rolled up, and the closure of the tree

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# Frozen: the statements this migration ran when it was written, per database (no live module).
_UP = {
    'sqlite': (
        "CREATE TRIGGER member_events_stats AFTER INSERT ON member_events WHEN (NEW.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (NEW.kind IN ('transfer_in', 'transfer_out') AND NEW.transfer_scope = 'permanent')) BEGIN INSERT INTO org_year_stats (org_id, year, admitted, women, youth_union, on_occasion, aged_upto_30, rec_youth_union, rec_women_union, rec_trade_union, rec_farmers_union, rec_veterans_union, rec_fatherland_front, transfer_in, transfer_out, removed_abandoned_activities, removed_card_returned, removed_no_progress, removed_failed_standards, removed_political_standard, removed_probation_failed, left_party, expelled, died) SELECT NEW.org_id, CAST(strftime('%Y', NEW.event_date) AS INTEGER), CASE WHEN NEW.kind = 'admission' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND m.sex = 'female' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.youth_union = TRUE THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.occasion IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND (CAST(strftime('%Y', NEW.event_date) AS INTEGER) - CAST(strftime('%Y', m.birth_date) AS INTEGER) - (strftime('%m-%d', NEW.event_date) < strftime('%m-%d', m.birth_date))) <= 30 THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'youth_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'women_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'trade_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'farmers_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'veterans_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'fatherland_front' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_in' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_out' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'abandoned_activities' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'card_returned' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'no_progress' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'failed_standards' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'political_standard' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'probation_failed' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'leave' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'expulsion' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'death' THEN 1 ELSE 0 END FROM members m WHERE m.id = NEW.member_id ON CONFLICT (org_id, year) DO UPDATE SET admitted = org_year_stats.admitted + excluded.admitted, women = org_year_stats.women + excluded.women, youth_union = org_year_stats.youth_union + excluded.youth_union, on_occasion = org_year_stats.on_occasion + excluded.on_occasion, aged_upto_30 = org_year_stats.aged_upto_30 + excluded.aged_upto_30, rec_youth_union = org_year_stats.rec_youth_union + excluded.rec_youth_union, rec_women_union = org_year_stats.rec_women_union + excluded.rec_women_union, rec_trade_union = org_year_stats.rec_trade_union + excluded.rec_trade_union, rec_farmers_union = org_year_stats.rec_farmers_union + excluded.rec_farmers_union, rec_veterans_union = org_year_stats.rec_veterans_union + excluded.rec_veterans_union, rec_fatherland_front = org_year_stats.rec_fatherland_front + excluded.rec_fatherland_front, transfer_in = org_year_stats.transfer_in + excluded.transfer_in, transfer_out = org_year_stats.transfer_out + excluded.transfer_out, removed_abandoned_activities = org_year_stats.removed_abandoned_activities + excluded.removed_abandoned_activities, removed_card_returned = org_year_stats.removed_card_returned + excluded.removed_card_returned, removed_no_progress = org_year_stats.removed_no_progress + excluded.removed_no_progress, removed_failed_standards = org_year_stats.removed_failed_standards + excluded.removed_failed_standards, removed_political_standard = org_year_stats.removed_political_standard + excluded.removed_political_standard, removed_probation_failed = org_year_stats.removed_probation_failed + excluded.removed_probation_failed, left_party = org_year_stats.left_party + excluded.left_party, expelled = org_year_stats.expelled + excluded.expelled, died = org_year_stats.died + excluded.died; INSERT INTO org_year_rollup (org_id, year, admitted, women, youth_union, on_occasion, aged_upto_30, rec_youth_union, rec_women_union, rec_trade_union, rec_farmers_union, rec_veterans_union, rec_fatherland_front, transfer_in, transfer_out, removed_abandoned_activities, removed_card_returned, removed_no_progress, removed_failed_standards, removed_political_standard, removed_probation_failed, left_party, expelled, died) SELECT c.ancestor_id, CAST(strftime('%Y', NEW.event_date) AS INTEGER), CASE WHEN NEW.kind = 'admission' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND m.sex = 'female' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.youth_union = TRUE THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.occasion IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND (CAST(strftime('%Y', NEW.event_date) AS INTEGER) - CAST(strftime('%Y', m.birth_date) AS INTEGER) - (strftime('%m-%d', NEW.event_date) < strftime('%m-%d', m.birth_date))) <= 30 THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'youth_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'women_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'trade_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'farmers_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'veterans_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'fatherland_front' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_in' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_out' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'abandoned_activities' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'card_returned' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'no_progress' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'failed_standards' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'political_standard' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'probation_failed' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'leave' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'expulsion' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'death' THEN 1 ELSE 0 END FROM org_closure c JOIN members m ON m.id = NEW.member_id WHERE c.descendant_id = NEW.org_id AND (NEW.counterpart_org_id IS NULL OR NOT EXISTS (SELECT 1 FROM org_closure c2 WHERE c2.descendant_id = NEW.counterpart_org_id AND c2.ancestor_id = c.ancestor_id)) ORDER BY c.ancestor_id ON CONFLICT (org_id, year) DO UPDATE SET admitted = org_year_rollup.admitted + excluded.admitted, women = org_year_rollup.women + excluded.women, youth_union = org_year_rollup.youth_union + excluded.youth_union, on_occasion = org_year_rollup.on_occasion + excluded.on_occasion, aged_upto_30 = org_year_rollup.aged_upto_30 + excluded.aged_upto_30, rec_youth_union = org_year_rollup.rec_youth_union + excluded.rec_youth_union, rec_women_union = org_year_rollup.rec_women_union + excluded.rec_women_union, rec_trade_union = org_year_rollup.rec_trade_union + excluded.rec_trade_union, rec_farmers_union = org_year_rollup.rec_farmers_union + excluded.rec_farmers_union, rec_veterans_union = org_year_rollup.rec_veterans_union + excluded.rec_veterans_union, rec_fatherland_front = org_year_rollup.rec_fatherland_front + excluded.rec_fatherland_front, transfer_in = org_year_rollup.transfer_in + excluded.transfer_in, transfer_out = org_year_rollup.transfer_out + excluded.transfer_out, removed_abandoned_activities = org_year_rollup.removed_abandoned_activities + excluded.removed_abandoned_activities, removed_card_returned = org_year_rollup.removed_card_returned + excluded.removed_card_returned, removed_no_progress = org_year_rollup.removed_no_progress + excluded.removed_no_progress, removed_failed_standards = org_year_rollup.removed_failed_standards + excluded.removed_failed_standards, removed_political_standard = org_year_rollup.removed_political_standard + excluded.removed_political_standard, removed_probation_failed = org_year_rollup.removed_probation_failed + excluded.removed_probation_failed, left_party = org_year_rollup.left_party + excluded.left_party, expelled = org_year_rollup.expelled + excluded.expelled, died = org_year_rollup.died + excluded.died; END",
    ),
    'postgresql': (
        "CREATE OR REPLACE FUNCTION giaoban_event_stats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF (NEW.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (NEW.kind IN ('transfer_in', 'transfer_out') AND NEW.transfer_scope = 'permanent')) THEN INSERT INTO org_year_stats (org_id, year, admitted, women, youth_union, on_occasion, aged_upto_30, rec_youth_union, rec_women_union, rec_trade_union, rec_farmers_union, rec_veterans_union, rec_fatherland_front, transfer_in, transfer_out, removed_abandoned_activities, removed_card_returned, removed_no_progress, removed_failed_standards, removed_political_standard, removed_probation_failed, left_party, expelled, died) SELECT NEW.org_id, CAST(EXTRACT(YEAR FROM NEW.event_date) AS INTEGER), CASE WHEN NEW.kind = 'admission' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND m.sex = 'female' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.youth_union = TRUE THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.occasion IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND CAST(date_part('year', age(NEW.event_date, m.birth_date)) AS INTEGER) <= 30 THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'youth_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'women_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'trade_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'farmers_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'veterans_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'fatherland_front' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_in' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_out' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'abandoned_activities' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'card_returned' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'no_progress' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'failed_standards' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'political_standard' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'probation_failed' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'leave' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'expulsion' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'death' THEN 1 ELSE 0 END FROM members m WHERE m.id = NEW.member_id ON CONFLICT (org_id, year) DO UPDATE SET admitted = org_year_stats.admitted + excluded.admitted, women = org_year_stats.women + excluded.women, youth_union = org_year_stats.youth_union + excluded.youth_union, on_occasion = org_year_stats.on_occasion + excluded.on_occasion, aged_upto_30 = org_year_stats.aged_upto_30 + excluded.aged_upto_30, rec_youth_union = org_year_stats.rec_youth_union + excluded.rec_youth_union, rec_women_union = org_year_stats.rec_women_union + excluded.rec_women_union, rec_trade_union = org_year_stats.rec_trade_union + excluded.rec_trade_union, rec_farmers_union = org_year_stats.rec_farmers_union + excluded.rec_farmers_union, rec_veterans_union = org_year_stats.rec_veterans_union + excluded.rec_veterans_union, rec_fatherland_front = org_year_stats.rec_fatherland_front + excluded.rec_fatherland_front, transfer_in = org_year_stats.transfer_in + excluded.transfer_in, transfer_out = org_year_stats.transfer_out + excluded.transfer_out, removed_abandoned_activities = org_year_stats.removed_abandoned_activities + excluded.removed_abandoned_activities, removed_card_returned = org_year_stats.removed_card_returned + excluded.removed_card_returned, removed_no_progress = org_year_stats.removed_no_progress + excluded.removed_no_progress, removed_failed_standards = org_year_stats.removed_failed_standards + excluded.removed_failed_standards, removed_political_standard = org_year_stats.removed_political_standard + excluded.removed_political_standard, removed_probation_failed = org_year_stats.removed_probation_failed + excluded.removed_probation_failed, left_party = org_year_stats.left_party + excluded.left_party, expelled = org_year_stats.expelled + excluded.expelled, died = org_year_stats.died + excluded.died; INSERT INTO org_year_rollup (org_id, year, admitted, women, youth_union, on_occasion, aged_upto_30, rec_youth_union, rec_women_union, rec_trade_union, rec_farmers_union, rec_veterans_union, rec_fatherland_front, transfer_in, transfer_out, removed_abandoned_activities, removed_card_returned, removed_no_progress, removed_failed_standards, removed_political_standard, removed_probation_failed, left_party, expelled, died) SELECT c.ancestor_id, CAST(EXTRACT(YEAR FROM NEW.event_date) AS INTEGER), CASE WHEN NEW.kind = 'admission' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND m.sex = 'female' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.youth_union = TRUE THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.occasion IS NOT NULL THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND CAST(date_part('year', age(NEW.event_date, m.birth_date)) AS INTEGER) <= 30 THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'youth_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'women_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'trade_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'farmers_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'veterans_union' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'admission' AND NEW.recommended_by = 'fatherland_front' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_in' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'transfer_out' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'abandoned_activities' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'card_returned' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'no_progress' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'failed_standards' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'political_standard' THEN 1 ELSE 0 END, CASE WHEN NEW.removal_ground = 'probation_failed' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'leave' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'expulsion' THEN 1 ELSE 0 END, CASE WHEN NEW.kind = 'death' THEN 1 ELSE 0 END FROM org_closure c JOIN members m ON m.id = NEW.member_id WHERE c.descendant_id = NEW.org_id AND (NEW.counterpart_org_id IS NULL OR NOT EXISTS (SELECT 1 FROM org_closure c2 WHERE c2.descendant_id = NEW.counterpart_org_id AND c2.ancestor_id = c.ancestor_id)) ORDER BY c.ancestor_id ON CONFLICT (org_id, year) DO UPDATE SET admitted = org_year_rollup.admitted + excluded.admitted, women = org_year_rollup.women + excluded.women, youth_union = org_year_rollup.youth_union + excluded.youth_union, on_occasion = org_year_rollup.on_occasion + excluded.on_occasion, aged_upto_30 = org_year_rollup.aged_upto_30 + excluded.aged_upto_30, rec_youth_union = org_year_rollup.rec_youth_union + excluded.rec_youth_union, rec_women_union = org_year_rollup.rec_women_union + excluded.rec_women_union, rec_trade_union = org_year_rollup.rec_trade_union + excluded.rec_trade_union, rec_farmers_union = org_year_rollup.rec_farmers_union + excluded.rec_farmers_union, rec_veterans_union = org_year_rollup.rec_veterans_union + excluded.rec_veterans_union, rec_fatherland_front = org_year_rollup.rec_fatherland_front + excluded.rec_fatherland_front, transfer_in = org_year_rollup.transfer_in + excluded.transfer_in, transfer_out = org_year_rollup.transfer_out + excluded.transfer_out, removed_abandoned_activities = org_year_rollup.removed_abandoned_activities + excluded.removed_abandoned_activities, removed_card_returned = org_year_rollup.removed_card_returned + excluded.removed_card_returned, removed_no_progress = org_year_rollup.removed_no_progress + excluded.removed_no_progress, removed_failed_standards = org_year_rollup.removed_failed_standards + excluded.removed_failed_standards, removed_political_standard = org_year_rollup.removed_political_standard + excluded.removed_political_standard, removed_probation_failed = org_year_rollup.removed_probation_failed + excluded.removed_probation_failed, left_party = org_year_rollup.left_party + excluded.left_party, expelled = org_year_rollup.expelled + excluded.expelled, died = org_year_rollup.died + excluded.died; END IF; RETURN NULL; END $$",
        'CREATE TRIGGER member_events_stats AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION giaoban_event_stats()',
    ),
}
_DOWN = {
    'sqlite': (
        'DROP TRIGGER IF EXISTS member_events_states',
        'DROP TRIGGER IF EXISTS candidate_events_states',
        'DROP TRIGGER IF EXISTS residence_events_states',
        'DROP TRIGGER IF EXISTS _changes_member_events_insert',
        'DROP TRIGGER IF EXISTS _changes_candidate_events_insert',
        'DROP TRIGGER IF EXISTS _changes_residence_events_insert',
        'DROP TRIGGER IF EXISTS _changes_candidates_insert',
        'DROP TRIGGER IF EXISTS _changes_candidates_update',
        'DROP TRIGGER IF EXISTS _changes_candidates_delete',
        'DROP TRIGGER IF EXISTS _changes_residence_links_insert',
        'DROP TRIGGER IF EXISTS _changes_residence_links_update',
        'DROP TRIGGER IF EXISTS _changes_residence_links_delete',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_insert',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_update',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_delete',
        'DROP TRIGGER IF EXISTS _changes_organisations_insert',
        'DROP TRIGGER IF EXISTS _changes_organisations_update',
        'DROP TRIGGER IF EXISTS _changes_organisations_delete',
        'DROP TRIGGER IF EXISTS _changes_org_edges_insert',
        'DROP TRIGGER IF EXISTS _changes_org_edges_update',
        'DROP TRIGGER IF EXISTS _changes_org_edges_delete',
        'DROP TRIGGER IF EXISTS member_events_stats',
        'DROP TRIGGER IF EXISTS member_events_latest',
    ),
    'postgresql': (
        'DROP TRIGGER IF EXISTS member_events_states ON member_events',
        'DROP TRIGGER IF EXISTS candidate_events_states ON candidate_events',
        'DROP TRIGGER IF EXISTS residence_events_states ON residence_events',
        'DROP TRIGGER IF EXISTS _changes_member_events_insert ON member_events',
        'DROP TRIGGER IF EXISTS _changes_candidate_events_insert ON candidate_events',
        'DROP TRIGGER IF EXISTS _changes_residence_events_insert ON residence_events',
        'DROP TRIGGER IF EXISTS _changes_candidates_insert ON candidates',
        'DROP TRIGGER IF EXISTS _changes_candidates_update ON candidates',
        'DROP TRIGGER IF EXISTS _changes_candidates_delete ON candidates',
        'DROP TRIGGER IF EXISTS _changes_residence_links_insert ON residence_links',
        'DROP TRIGGER IF EXISTS _changes_residence_links_update ON residence_links',
        'DROP TRIGGER IF EXISTS _changes_residence_links_delete ON residence_links',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_insert ON admission_targets',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_update ON admission_targets',
        'DROP TRIGGER IF EXISTS _changes_admission_targets_delete ON admission_targets',
        'DROP TRIGGER IF EXISTS _changes_organisations_insert ON organisations',
        'DROP TRIGGER IF EXISTS _changes_organisations_update ON organisations',
        'DROP TRIGGER IF EXISTS _changes_organisations_delete ON organisations',
        'DROP TRIGGER IF EXISTS _changes_org_edges_insert ON org_edges',
        'DROP TRIGGER IF EXISTS _changes_org_edges_update ON org_edges',
        'DROP TRIGGER IF EXISTS _changes_org_edges_delete ON org_edges',
        'DROP TRIGGER IF EXISTS member_events_stats ON member_events',
        'DROP TRIGGER IF EXISTS member_events_latest ON member_events',
        'DROP FUNCTION IF EXISTS giaoban_event_stats()',
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    bind = op.get_bind()
    for statement in statements[bind.dialect.name]:
        bind.exec_driver_sql(statement)


def _rebuild_kept_tables() -> None:
    """The kept tables are derived from the event log: :func:`models.migrate.upgrade` refills
    them all, with the code of the day, once the schema has reached the newest revision (a fill
    written here would be today's code frozen, and would disagree with later triggers)."""
    context.config.attributes["rebuild_kept"] = True

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
    _run(_UP)
    _rebuild_kept_tables()


def downgrade() -> None:
    _run(_DOWN)
    op.drop_index("ix_member_events_counterpart", table_name="member_events")
    op.drop_index("ix_org_closure_ancestor", table_name="org_closure")
    op.drop_table("org_closure")
    op.drop_table("org_year_rollup")
    op.drop_table("org_year_stats")
