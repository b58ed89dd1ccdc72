"""an index on the member events' date; each member's first admission kept with their state

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

The organisation office's figures (issue 18) read the events dated in a period: the members
whose state may change in it (to replay them), those with an event after the day before it
(whose kept state is not their state then), the expulsions of the period, the admissions a
Party-badge milestone before it. Since migration 0006 dropped the (kind, date) index each of
these read the whole event log (a million rows at city scale, seven times per read of a city's
figures); ``ix_member_events_date`` makes them range reads.

The badges also need every member admitted more than once (a readmitted member's milestone
moves earlier by the earlier spells): a group over every admission of the log at each read.
``member_states.first_joined`` keeps each member's first admission beside the latest
(``joined``), kept by the states' trigger (replaced here by the same statement with the new
column) and filled here with one ``GROUP BY`` over the admissions (the first admission of a
member is the same fact whatever code reads it); the partial index
``ix_member_states_readmitted`` lists the members whose first admission is before their latest.
"""

from __future__ import annotations

from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_FILL = (
    'UPDATE member_states SET first_joined = f.first_joined FROM (SELECT member_id, MIN(event_date) AS first_joined'
    ' FROM member_events WHERE kind = \'admission\' GROUP BY member_id) f WHERE f.member_id = member_states.member_id'
)
_INDEXES = (
    'CREATE INDEX ix_member_events_date ON member_events (event_date, kind, member_id)',
    'CREATE INDEX ix_member_states_readmitted ON member_states (member_id) WHERE first_joined < joined',
)
_DROP_INDEXES = ('DROP INDEX IF EXISTS ix_member_states_readmitted', 'DROP INDEX IF EXISTS ix_member_events_date')

# Frozen: the statements this migration runs, per database (no live module).
_UP = {
    'sqlite': (
        'ALTER TABLE member_states ADD COLUMN first_joined TEXT',
        _FILL,
        *_INDEXES,
        'DROP TRIGGER IF EXISTS member_events_states',
        "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', "
        "'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', "
        "'far_away_start', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, "
        'org_id, joined, recognised, away_since, last_contact, first_joined) SELECT NEW.member_id, (SELECT '
        "CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE "
        "e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') "
        "OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY "
        "e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', "
        "'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM "
        "member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT "
        "MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' "
        'AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id '
        "AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM "
        "member_events e WHERE e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') "
        'ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE '
        "c.member_id = NEW.member_id AND c.kind = 'far_away_contact'), (SELECT MIN(a.event_date) FROM "
        "member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission') WHERE TRUE ON CONFLICT "
        '(member_id) DO UPDATE SET org_id = excluded.org_id, joined = excluded.joined, recognised = '
        'excluded.recognised, away_since = excluded.away_since, last_contact = excluded.last_contact, '
        'first_joined = excluded.first_joined; END',
    ),
    'postgresql': (
        'ALTER TABLE member_states ADD COLUMN first_joined DATE',
        _FILL,
        *_INDEXES,
        'CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ '
        "BEGIN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', "
        "'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO "
        'member_states (member_id, org_id, joined, recognised, away_since, last_contact, first_joined) SELECT '
        "NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM "
        "member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', "
        "'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = "
        "'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN "
        "('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT "
        "MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), "
        '(SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = '
        "'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = "
        "NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN "
        'e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN '
        "('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT "
        'MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = '
        "'far_away_contact'), (SELECT MIN(a.event_date) FROM member_events a WHERE a.member_id = "
        "NEW.member_id AND a.kind = 'admission') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = "
        'excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = '
        'excluded.away_since, last_contact = excluded.last_contact, first_joined = excluded.first_joined; END '
        'IF; RETURN NULL; END $$',
    ),
}
_DOWN = {
    'sqlite': (
        *_DROP_INDEXES,
        'DROP TRIGGER IF EXISTS member_events_states',
        "CREATE TRIGGER member_events_states AFTER INSERT ON member_events WHEN NEW.kind IN ('admission', "
        "'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', 'death', 'recognition', "
        "'far_away_start', 'far_away_end', 'far_away_contact') BEGIN INSERT INTO member_states (member_id, "
        'org_id, joined, recognised, away_since, last_contact) SELECT NEW.member_id, (SELECT CASE WHEN e.kind '
        "IN ('admission', 'transfer_in') THEN e.org_id END FROM member_events e WHERE e.member_id = "
        "NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', 'expulsion', 'death') OR (e.kind IN "
        "('transfer_in', 'transfer_out') AND e.transfer_scope = 'permanent')) ORDER BY e.event_date DESC, "
        "CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN ('removal', 'leave', 'expulsion', 'death') "
        'THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT MAX(a.event_date) FROM member_events a WHERE '
        "a.member_id = NEW.member_id AND a.kind = 'admission'), (SELECT MIN(r.event_date) FROM member_events "
        "r WHERE r.member_id = NEW.member_id AND r.kind = 'recognition' AND r.event_date >= (SELECT "
        "MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission')), "
        "(SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e WHERE "
        "e.member_id = NEW.member_id AND e.kind IN ('far_away_start', 'far_away_end') ORDER BY e.event_date "
        'DESC, e.id DESC LIMIT 1), (SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = '
        "NEW.member_id AND c.kind = 'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET "
        'org_id = excluded.org_id, joined = excluded.joined, recognised = excluded.recognised, away_since = '
        'excluded.away_since, last_contact = excluded.last_contact; END',
        'ALTER TABLE member_states DROP COLUMN first_joined',
    ),
    'postgresql': (
        *_DROP_INDEXES,
        'CREATE OR REPLACE FUNCTION giaoban_member_events_states() RETURNS trigger LANGUAGE plpgsql AS $$ '
        "BEGIN IF NEW.kind IN ('admission', 'transfer_in', 'transfer_out', 'removal', 'leave', 'expulsion', "
        "'death', 'recognition', 'far_away_start', 'far_away_end', 'far_away_contact') THEN INSERT INTO "
        'member_states (member_id, org_id, joined, recognised, away_since, last_contact) SELECT '
        "NEW.member_id, (SELECT CASE WHEN e.kind IN ('admission', 'transfer_in') THEN e.org_id END FROM "
        "member_events e WHERE e.member_id = NEW.member_id AND (e.kind IN ('admission', 'removal', 'leave', "
        "'expulsion', 'death') OR (e.kind IN ('transfer_in', 'transfer_out') AND e.transfer_scope = "
        "'permanent')) ORDER BY e.event_date DESC, CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN "
        "('removal', 'leave', 'expulsion', 'death') THEN 2 ELSE 1 END DESC, e.id DESC LIMIT 1), (SELECT "
        "MAX(a.event_date) FROM member_events a WHERE a.member_id = NEW.member_id AND a.kind = 'admission'), "
        '(SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = NEW.member_id AND r.kind = '
        "'recognition' AND r.event_date >= (SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = "
        "NEW.member_id AND a.kind = 'admission')), (SELECT CASE WHEN e.kind = 'far_away_start' THEN "
        'e.event_date END FROM member_events e WHERE e.member_id = NEW.member_id AND e.kind IN '
        "('far_away_start', 'far_away_end') ORDER BY e.event_date DESC, e.id DESC LIMIT 1), (SELECT "
        'MAX(c.event_date) FROM member_events c WHERE c.member_id = NEW.member_id AND c.kind = '
        "'far_away_contact') WHERE TRUE ON CONFLICT (member_id) DO UPDATE SET org_id = excluded.org_id, "
        'joined = excluded.joined, recognised = excluded.recognised, away_since = excluded.away_since, '
        'last_contact = excluded.last_contact; END IF; RETURN NULL; END $$',
        'ALTER TABLE member_states DROP COLUMN first_joined',
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
