"""each candidate's stage and certificate, each Regulation 213 link's state, kept by triggers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Frozen: the statements this migration ran when it was written, per database (no live module).
_UP = {
    'sqlite': (
        'DROP TRIGGER IF EXISTS member_events_states',
        'DROP TRIGGER IF EXISTS candidate_events_states',
        'DROP TRIGGER IF EXISTS residence_events_states',
        "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, org_id, joined, recognised, away_since, last_contact) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = 'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, last_contact = excluded.last_contact; END",
        "CREATE TRIGGER candidate_events_states AFTER INSERT ON candidate_events WHEN TRUE BEGIN INSERT INTO candidate_states (candidate_id, stage, expiry) SELECT NEW.candidate_id, (SELECT e.stage FROM candidate_events e WHERE e.candidate_id = NEW.candidate_id ORDER BY e.event_date DESC, CASE e.stage WHEN 'identified' THEN 0 WHEN 'class_attended' THEN 1 WHEN 'dossier' THEN 2 WHEN 'cell_resolution' THEN 3 WHEN 'committee_decision' THEN 4 WHEN 'admitted' THEN 5 WHEN 'dropped' THEN 6 END DESC, e.id DESC LIMIT 1), (SELECT MAX(e.certificate_expiry) FROM candidate_events e WHERE e.candidate_id = NEW.candidate_id AND e.stage = 'class_attended') WHERE TRUE ON CONFLICT (candidate_id) DO UPDATE SET stage = excluded.stage, expiry = excluded.expiry; END",
        "CREATE TRIGGER residence_events_states AFTER INSERT ON residence_events WHEN TRUE BEGIN INSERT INTO link_states (link_id, ex_on, ex_off, ended_on, registered_on) SELECT link_id, MAX(CASE WHEN kind = 'exempted' THEN event_date END), MAX(CASE WHEN kind = 'exemption_ended' THEN event_date END), MIN(CASE WHEN kind = 'ended' THEN event_date END), MIN(CASE WHEN kind = 'registered' THEN event_date END) FROM residence_events WHERE link_id = NEW.link_id GROUP BY link_id ON CONFLICT (link_id) DO UPDATE SET ex_on = excluded.ex_on, ex_off = excluded.ex_off, ended_on = excluded.ended_on, registered_on = excluded.registered_on; INSERT INTO link_year_comments (link_id, year, requested_on, returned_on) SELECT link_id, year, MIN(CASE WHEN kind = 'comment_requested' THEN event_date END), MIN(CASE WHEN kind = 'comment_returned' THEN event_date END) FROM residence_events WHERE link_id = NEW.link_id AND year = NEW.year AND kind IN ('comment_requested', 'comment_returned') GROUP BY link_id, year ON CONFLICT (link_id, year) DO UPDATE SET requested_on = excluded.requested_on, returned_on = excluded.returned_on; END",
    ),
    'postgresql': (
        'DROP TRIGGER IF EXISTS member_events_states ON member_events',
        'DROP TRIGGER IF EXISTS candidate_events_states ON candidate_events',
        'DROP TRIGGER IF EXISTS residence_events_states ON residence_events',
        "CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO member_states (member_id, org_id, joined, recognised, away_since, last_contact) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = 'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, last_contact = excluded.last_contact; END IF; RETURN NULL; END $$",
        'CREATE TRIGGER member_events_states AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION giaoban_member_events_states()',
        "CREATE OR REPLACE FUNCTION giaoban_candidate_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TRUE THEN INSERT INTO candidate_states (candidate_id, stage, expiry) SELECT NEW.candidate_id, (SELECT e.stage FROM candidate_events e WHERE e.candidate_id = NEW.candidate_id ORDER BY e.event_date DESC, CASE e.stage WHEN 'identified' THEN 0 WHEN 'class_attended' THEN 1 WHEN 'dossier' THEN 2 WHEN 'cell_resolution' THEN 3 WHEN 'committee_decision' THEN 4 WHEN 'admitted' THEN 5 WHEN 'dropped' THEN 6 END DESC, e.id DESC LIMIT 1), (SELECT MAX(e.certificate_expiry) FROM candidate_events e WHERE e.candidate_id = NEW.candidate_id AND e.stage = 'class_attended') WHERE TRUE ON CONFLICT (candidate_id) DO UPDATE SET stage = excluded.stage, expiry = excluded.expiry; END IF; RETURN NULL; END $$",
        'CREATE TRIGGER candidate_events_states AFTER INSERT ON candidate_events FOR EACH ROW EXECUTE FUNCTION giaoban_candidate_events_states()',
        "CREATE OR REPLACE FUNCTION giaoban_residence_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TRUE THEN INSERT INTO link_states (link_id, ex_on, ex_off, ended_on, registered_on) SELECT link_id, MAX(CASE WHEN kind = 'exempted' THEN event_date END), MAX(CASE WHEN kind = 'exemption_ended' THEN event_date END), MIN(CASE WHEN kind = 'ended' THEN event_date END), MIN(CASE WHEN kind = 'registered' THEN event_date END) FROM residence_events WHERE link_id = NEW.link_id GROUP BY link_id ON CONFLICT (link_id) DO UPDATE SET ex_on = excluded.ex_on, ex_off = excluded.ex_off, ended_on = excluded.ended_on, registered_on = excluded.registered_on; INSERT INTO link_year_comments (link_id, year, requested_on, returned_on) SELECT link_id, year, MIN(CASE WHEN kind = 'comment_requested' THEN event_date END), MIN(CASE WHEN kind = 'comment_returned' THEN event_date END) FROM residence_events WHERE link_id = NEW.link_id AND year = NEW.year AND kind IN ('comment_requested', 'comment_returned') GROUP BY link_id, year ON CONFLICT (link_id, year) DO UPDATE SET requested_on = excluded.requested_on, returned_on = excluded.returned_on; END IF; RETURN NULL; END $$",
        'CREATE TRIGGER residence_events_states AFTER INSERT ON residence_events FOR EACH ROW EXECUTE FUNCTION giaoban_residence_events_states()',
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
        "candidate_states",
        sa.Column("candidate_id", sa.Integer(), sa.ForeignKey("candidates.id",
                  name="fk_candidate_states_candidate_id_candidates"), nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("candidate_id", name="pk_candidate_states"),
        sqlite_strict=True,
    )
    op.create_table(
        "link_states",
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("residence_links.id",
                  name="fk_link_states_link_id_residence_links"), nullable=False),
        sa.Column("ex_on", sa.Date(), nullable=True),
        sa.Column("ex_off", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("link_id", name="pk_link_states"),
        sqlite_strict=True,
    )
    op.create_table(
        "link_year_comments",
        sa.Column("link_id", sa.Integer(), sa.ForeignKey("residence_links.id",
                  name="fk_link_year_comments_link_id_residence_links"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("link_id", "year", name="pk_link_year_comments"),
        sqlite_strict=True,
    )
    # "Is any event (of a kind) dated after the day asked?" in one index probe each.
    op.create_index("ix_candidate_events_date", "candidate_events", ["event_date"])
    op.create_index("ix_residence_events_kind_date", "residence_events", ["kind", "event_date"])
    _run(_UP)
    _rebuild_kept_tables()


def downgrade() -> None:
    bind = op.get_bind()
    for table, trigger in (("candidate_events", "candidate_events_states"), ("residence_events", "residence_events_states")):
        if bind.dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS giaoban_{trigger}()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_index("ix_residence_events_kind_date", table_name="residence_events")
    op.drop_index("ix_candidate_events_date", table_name="candidate_events")
    op.drop_table("link_year_comments")
    op.drop_table("link_states")
    op.drop_table("candidate_states")
