"""the change number of each organisation's own rows and of the tree, kept by triggers, so that a
dashboard reads again only the figures a write changed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Frozen: the statements this migration ran when it was written, per database (no live module).
_UP = {
    'sqlite': (
        'CREATE TRIGGER _changes_member_events_insert AFTER INSERT ON member_events BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.counterpart_org_id, seq FROM change_seq WHERE id = 1 AND NEW.counterpart_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_candidate_events_insert AFTER INSERT ON candidate_events BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT (SELECT org_id FROM candidates WHERE id = NEW.candidate_id), seq FROM change_seq WHERE id = 1 AND (SELECT org_id FROM candidates WHERE id = NEW.candidate_id) IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_residence_events_insert AFTER INSERT ON residence_events BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT (SELECT residence_org_id FROM residence_links WHERE id = NEW.link_id), seq FROM change_seq WHERE id = 1 AND (SELECT residence_org_id FROM residence_links WHERE id = NEW.link_id) IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_candidates_insert AFTER INSERT ON candidates BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_candidates_update AFTER UPDATE ON candidates BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.org_id, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_candidates_delete AFTER DELETE ON candidates BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.org_id, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_residence_links_insert AFTER INSERT ON residence_links BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.residence_org_id, seq FROM change_seq WHERE id = 1 AND NEW.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_residence_links_update AFTER UPDATE ON residence_links BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.residence_org_id, seq FROM change_seq WHERE id = 1 AND OLD.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.residence_org_id, seq FROM change_seq WHERE id = 1 AND NEW.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_residence_links_delete AFTER DELETE ON residence_links BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.residence_org_id, seq FROM change_seq WHERE id = 1 AND OLD.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; END',
        'CREATE TRIGGER _changes_admission_targets_insert AFTER INSERT ON admission_targets BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT NEW.org_id, seq, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; END',
        'CREATE TRIGGER _changes_admission_targets_update AFTER UPDATE ON admission_targets BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT OLD.org_id, seq, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; INSERT INTO org_changes (org_id, seq, target_seq) SELECT NEW.org_id, seq, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; END',
        'CREATE TRIGGER _changes_admission_targets_delete AFTER DELETE ON admission_targets BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT OLD.org_id, seq, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; END',
        'CREATE TRIGGER _changes_organisations_insert AFTER INSERT ON organisations BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
        'CREATE TRIGGER _changes_organisations_update AFTER UPDATE ON organisations BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
        'CREATE TRIGGER _changes_organisations_delete AFTER DELETE ON organisations BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
        'CREATE TRIGGER _changes_org_edges_insert AFTER INSERT ON org_edges BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
        'CREATE TRIGGER _changes_org_edges_update AFTER UPDATE ON org_edges BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
        'CREATE TRIGGER _changes_org_edges_delete AFTER DELETE ON org_edges BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; END',
    ),
    'postgresql': (
        'CREATE OR REPLACE FUNCTION giaoban__changes_member_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.counterpart_org_id, seq FROM change_seq WHERE id = 1 AND NEW.counterpart_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_member_events_insert AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION giaoban__changes_member_events_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_candidate_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT (SELECT org_id FROM candidates WHERE id = NEW.candidate_id), seq FROM change_seq WHERE id = 1 AND (SELECT org_id FROM candidates WHERE id = NEW.candidate_id) IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_candidate_events_insert AFTER INSERT ON candidate_events FOR EACH ROW EXECUTE FUNCTION giaoban__changes_candidate_events_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_residence_events_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT (SELECT residence_org_id FROM residence_links WHERE id = NEW.link_id), seq FROM change_seq WHERE id = 1 AND (SELECT residence_org_id FROM residence_links WHERE id = NEW.link_id) IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_residence_events_insert AFTER INSERT ON residence_events FOR EACH ROW EXECUTE FUNCTION giaoban__changes_residence_events_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_candidates_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_candidates_insert AFTER INSERT ON candidates FOR EACH ROW EXECUTE FUNCTION giaoban__changes_candidates_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_candidates_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.org_id, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.org_id, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_candidates_update AFTER UPDATE ON candidates FOR EACH ROW EXECUTE FUNCTION giaoban__changes_candidates_update()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_candidates_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.org_id, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_candidates_delete AFTER DELETE ON candidates FOR EACH ROW EXECUTE FUNCTION giaoban__changes_candidates_delete()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_residence_links_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT NEW.residence_org_id, seq FROM change_seq WHERE id = 1 AND NEW.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_residence_links_insert AFTER INSERT ON residence_links FOR EACH ROW EXECUTE FUNCTION giaoban__changes_residence_links_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_residence_links_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.residence_org_id, seq FROM change_seq WHERE id = 1 AND OLD.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; INSERT INTO org_changes (org_id, seq) SELECT NEW.residence_org_id, seq FROM change_seq WHERE id = 1 AND NEW.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_residence_links_update AFTER UPDATE ON residence_links FOR EACH ROW EXECUTE FUNCTION giaoban__changes_residence_links_update()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_residence_links_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq) SELECT OLD.residence_org_id, seq FROM change_seq WHERE id = 1 AND OLD.residence_org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_residence_links_delete AFTER DELETE ON residence_links FOR EACH ROW EXECUTE FUNCTION giaoban__changes_residence_links_delete()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_admission_targets_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT NEW.org_id, seq, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_admission_targets_insert AFTER INSERT ON admission_targets FOR EACH ROW EXECUTE FUNCTION giaoban__changes_admission_targets_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_admission_targets_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT OLD.org_id, seq, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; INSERT INTO org_changes (org_id, seq, target_seq) SELECT NEW.org_id, seq, seq FROM change_seq WHERE id = 1 AND NEW.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_admission_targets_update AFTER UPDATE ON admission_targets FOR EACH ROW EXECUTE FUNCTION giaoban__changes_admission_targets_update()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_admission_targets_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1 WHERE id = 1; INSERT INTO org_changes (org_id, seq, target_seq) SELECT OLD.org_id, seq, seq FROM change_seq WHERE id = 1 AND OLD.org_id IS NOT NULL ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_admission_targets_delete AFTER DELETE ON admission_targets FOR EACH ROW EXECUTE FUNCTION giaoban__changes_admission_targets_delete()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_organisations_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_organisations_insert AFTER INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION giaoban__changes_organisations_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_organisations_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_organisations_update AFTER UPDATE ON organisations FOR EACH ROW EXECUTE FUNCTION giaoban__changes_organisations_update()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_organisations_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_organisations_delete AFTER DELETE ON organisations FOR EACH ROW EXECUTE FUNCTION giaoban__changes_organisations_delete()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_org_edges_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_org_edges_insert AFTER INSERT ON org_edges FOR EACH ROW EXECUTE FUNCTION giaoban__changes_org_edges_insert()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_org_edges_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_org_edges_update AFTER UPDATE ON org_edges FOR EACH ROW EXECUTE FUNCTION giaoban__changes_org_edges_update()',
        'CREATE OR REPLACE FUNCTION giaoban__changes_org_edges_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1; RETURN NULL; END $$',
        'CREATE TRIGGER _changes_org_edges_delete AFTER DELETE ON org_edges FOR EACH ROW EXECUTE FUNCTION giaoban__changes_org_edges_delete()',
    ),
}
_DOWN = {
    'sqlite': (
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
    ),
    'postgresql': (
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
        'DROP FUNCTION IF EXISTS giaoban__changes_member_events_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_candidate_events_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_residence_events_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_candidates_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_candidates_update()',
        'DROP FUNCTION IF EXISTS giaoban__changes_candidates_delete()',
        'DROP FUNCTION IF EXISTS giaoban__changes_residence_links_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_residence_links_update()',
        'DROP FUNCTION IF EXISTS giaoban__changes_residence_links_delete()',
        'DROP FUNCTION IF EXISTS giaoban__changes_admission_targets_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_admission_targets_update()',
        'DROP FUNCTION IF EXISTS giaoban__changes_admission_targets_delete()',
        'DROP FUNCTION IF EXISTS giaoban__changes_organisations_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_organisations_update()',
        'DROP FUNCTION IF EXISTS giaoban__changes_organisations_delete()',
        'DROP FUNCTION IF EXISTS giaoban__changes_org_edges_insert()',
        'DROP FUNCTION IF EXISTS giaoban__changes_org_edges_update()',
        'DROP FUNCTION IF EXISTS giaoban__changes_org_edges_delete()',
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    bind = op.get_bind()
    for statement in statements[bind.dialect.name]:
        bind.exec_driver_sql(statement)



def upgrade() -> None:
    op.create_table(
        "change_seq",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("tree_seq", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_change_seq_single_row"),
        sa.PrimaryKeyConstraint("id", name="pk_change_seq"),
        sqlite_strict=True,
    )
    op.create_table(
        "org_changes",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("target_seq", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("org_id", name="pk_org_changes"),
        sqlite_strict=True,
    )
    op.create_index("ix_org_changes_seq", "org_changes", ["seq"])
    op.execute("INSERT INTO change_seq (id, seq, tree_seq) VALUES (1, 0, 0)")
    _run(_UP)


def downgrade() -> None:
    _run(_DOWN)
    op.drop_index("ix_org_changes_seq", table_name="org_changes")
    op.drop_table("org_changes")
    op.drop_table("change_seq")
