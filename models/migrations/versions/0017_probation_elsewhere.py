"""a probation begun elsewhere: a transfer in from outside records the day a probationary
member's probation began (the admission ceremony there) and the admission decision

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

Two nullable columns on ``member_events`` (plain ALTER TABLE: a batch would copy SQLite's table
and lose its append-only triggers), a partial index on the new day (the few such transfers are
found by a probe when a period's probations are replayed), and the trigger that keeps
``member_states`` reading the member's latest probation start (an admission's ceremony or a
transfer in's ``probation_since``) instead of their latest admission. No existing row has the
new column set, so every kept state is unchanged and nothing is rebuilt.
"""

from __future__ import annotations

from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# Frozen: the statements this migration runs, per database (no live module).
_TRIGGER_SQLITE = (
    "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', 'tr"
    "ansfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start"
    "', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, org_id, joined, r"
    'ecognised, away_since, last_contact, first_joined) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN'
    " ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_"
    "id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_i"
    "n', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kin"
    "d = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 EN"
    "D DESC, e.id DESC LIMIT 1), (SELECT MAX(CASE WHEN a.kind = 'admission' THEN a.event_date WHEN a.kind"
    " = 'transfer_in' THEN a.probation_since END) FROM member_events a WHERE a.member_id = NEW.member_id "
    "AND a.kind IN ('admission', 'transfer_in')), (SELECT MIN(r.event_date) FROM member_events r WHERE r."
    "member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(CASE WHEN a.kin"
    "d = 'admission' THEN a.event_date WHEN a.kind = 'transfer_in' THEN a.probation_since END) FROM membe"
    "r_events a WHERE a.member_id = NEW.member_id AND a.kind IN ('admission', 'transfer_in'))), (SELECT C"
    "ASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NE"
    "W.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC L"
    'IMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind'
    " = 'far_away_contact'), (SELECT MIN(a.event_date) FROM member_events a WHERE a.member_id = NEW.membe"
    "r_id AND a.kind = 'admission') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.or"
    'g_id, joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, '
    'last_contact = excluded.last_contact, first_joined = excluded.first_joined; END'
)
_TRIGGER_SQLITE_BEFORE = (
    "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', 'tr"
    "ansfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', 'far_away_start"
    "', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, org_id, joined, r"
    'ecognised, away_since, last_contact, first_joined) SELECT NEW.member_id, (SELECT CASE WHEN e.kind IN'
    " ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = NEW.member_"
    "id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN ('transfer_i"
    "n', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kin"
    "d = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 EN"
    'D DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.m'
    "ember_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id"
    " = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM membe"
    "r_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = "
    "'far_away_start' THEN e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e."
    "kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT M"
    "AX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = 'far_away_conta"
    "ct'), (SELECT MIN(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = "
    "'admission') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, joined = exc"
    'luded.joined, recognised = excluded.recognised, away_since = excluded.away_since, last_contact = exc'
    'luded.last_contact, first_joined = excluded.first_joined; END'
)
_FUNCTION_PG = (
    'CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEG'
    "IN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'dea"
    "th', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO member_st"
    'ates (member_id, org_id, joined, recognised, away_since, last_contact, first_joined) SELECT NEW.memb'
    "er_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events"
    " e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', '"
    "death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY "
    "e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'exp"
    "ulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(CASE WHEN a.kind = 'admiss"
    "ion' THEN a.event_date WHEN a.kind = 'transfer_in' THEN a.probation_since END) FROM member_events a "
    "WHERE a.member_id = NEW.member_id AND a.kind IN ('admission', 'transfer_in')), (SELECT MIN(r.event_d"
    "ate) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_d"
    "ate >= (SELECT MAX(CASE WHEN a.kind = 'admission' THEN a.event_date WHEN a.kind = 'transfer_in' THEN"
    " a.probation_since END) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind IN ('admis"
    "sion', 'transfer_in'))), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM memb"
    "er_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER"
    ' BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.me'
    "mber_id = NEW.member_id AND c.kind = 'far_away_contact'), (SELECT MIN(a.event_date) FROM member_even"
    "ts a WHERE a.member_id = NEW.member_id AND a.kind = 'admission') WHERE TRUE ON CONFLICT (member_id) "
    'DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, '
    'away_since = excluded.away_since, last_contact = excluded.last_contact, first_joined = excluded.firs'
    't_joined; END IF; RETURN NULL; END $$'
)
_FUNCTION_PG_BEFORE = (
    'CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ BEG'
    "IN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'dea"
    "th', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO member_st"
    'ates (member_id, org_id, joined, recognised, away_since, last_contact, first_joined) SELECT NEW.memb'
    "er_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events"
    " e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', '"
    "death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY "
    "e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'exp"
    "ulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_"
    "events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM"
    " member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (S"
    "ELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admissi"
    "on')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE "
    "e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date D"
    'ESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.memb'
    "er_id AND c.kind = 'far_away_contact'), (SELECT MIN(a.event_date) FROM member_events a WHERE a.membe"
    "r_id = NEW.member_id AND a.kind = 'admission') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_"
    'id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = exclu'
    'ded.away_since, last_contact = excluded.last_contact, first_joined = excluded.first_joined; END IF; '
    'RETURN NULL; END $$'
)
_INDEX = ('CREATE INDEX ix_member_events_probation_since ON member_events (probation_since)'
          ' WHERE probation_since IS NOT NULL')
_UP = {
    'sqlite': (
        'ALTER TABLE member_events ADD COLUMN probation_since TEXT',
        'ALTER TABLE member_events ADD COLUMN admission_decision TEXT',
        _INDEX,
        'DROP TRIGGER IF EXISTS member_events_states',
        _TRIGGER_SQLITE,
    ),
    'postgresql': (
        'ALTER TABLE member_events ADD COLUMN probation_since DATE',
        'ALTER TABLE member_events ADD COLUMN admission_decision VARCHAR(120)',
        _INDEX,
        _FUNCTION_PG,
    ),
}
_DOWN = {
    'sqlite': (
        'DROP TRIGGER IF EXISTS member_events_states',
        _TRIGGER_SQLITE_BEFORE,
        'DROP INDEX IF EXISTS ix_member_events_probation_since',
        'ALTER TABLE member_events DROP COLUMN admission_decision',
        'ALTER TABLE member_events DROP COLUMN probation_since',
    ),
    'postgresql': (
        _FUNCTION_PG_BEFORE,
        'DROP INDEX IF EXISTS ix_member_events_probation_since',
        'ALTER TABLE member_events DROP COLUMN admission_decision',
        'ALTER TABLE member_events DROP COLUMN probation_since',
    ),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    bind = op.get_bind()
    for statement in statements[bind.dialect.name]:
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    _run(_UP)


def downgrade() -> None:
    _run(_DOWN)
