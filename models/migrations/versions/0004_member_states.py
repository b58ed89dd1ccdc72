"""each member's state (roll organisation, latest admission, recognition, far away), kept by a trigger

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Frozen: the statements this migration ran when it was written, per database (no live module).
_UP = {
    'sqlite': (
        "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, org_id, joined, recognised, away_since, last_contact) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = 'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, last_contact = excluded.last_contact; END",
    ),
    'postgresql': (
        "CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO member_states (member_id, org_id, joined, recognised, away_since, last_contact) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = 'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, last_contact = excluded.last_contact; END IF; RETURN NULL; END $$",
        'CREATE TRIGGER member_events_states AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION giaoban_member_events_states()',
    ),
}
_DOWN = {
    'sqlite': (
        'DROP TRIGGER IF EXISTS member_events_states',
        'DROP TRIGGER IF EXISTS candidate_events_states',
        'DROP TRIGGER IF EXISTS residence_events_states',
    ),
    'postgresql': (
        'DROP TRIGGER IF EXISTS member_events_states ON member_events',
        'DROP TRIGGER IF EXISTS candidate_events_states ON candidate_events',
        'DROP TRIGGER IF EXISTS residence_events_states ON residence_events',
        'DROP FUNCTION IF EXISTS giaoban_member_events_states()',
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


def upgrade() -> None:
    op.create_table(
        "member_states",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_states_member_id_members"),
                  nullable=False),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id",
                  name="fk_member_states_org_id_organisations"), nullable=True),
        sa.Column("joined", sa.Date(), nullable=True),
        sa.Column("recognised", sa.Date(), nullable=True),
        sa.Column("away_since", sa.Date(), nullable=True),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("member_id", name="pk_member_states"),
        sqlite_strict=True,
    )
    op.create_index("ix_member_states_org", "member_states", ["org_id"])
    op.create_index("ix_member_states_joined", "member_states", ["joined"])
    op.create_index("ix_member_states_recognised", "member_states", ["recognised"])
    op.create_index("ix_member_states_away", "member_states", ["away_since"])
    _run(_UP)
    _rebuild_kept_tables()


def downgrade() -> None:
    _run(_DOWN)
    for name in ("ix_member_states_away", "ix_member_states_recognised", "ix_member_states_joined", "ix_member_states_org"):
        op.drop_index(name, table_name="member_states")
    op.drop_table("member_states")
