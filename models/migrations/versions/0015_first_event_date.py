"""the first event date of each kind kept beside the latest; an index on the targets' year

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07

``models.figures.service.first_data_year`` asked the event log for the first date of six kinds
(a scan of the member events each since migration 0006 dropped the (kind, date) index: 2.5 s
of a city root's first read) and for the first target year (a scan of the targets). The first
date of each kind is now kept in ``member_event_latest`` by the trigger that keeps the latest
(events are append-only, so the ``MIN`` upsert is exact), and the targets get an index on their
year, so both are index probes.

The new column is filled here with one ``GROUP BY`` over the event log rather than by asking
for a rebuild of every kept table (minutes at country scale for ten values): the first date of
a kind is the same fact whatever code reads it.
"""

from __future__ import annotations

from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# Frozen: the statements this migration runs, per database (no live module).
_UP = {
    'sqlite': (
        'ALTER TABLE member_event_latest ADD COLUMN first_date TEXT',
        'UPDATE member_event_latest SET first_date = f.first_date FROM (SELECT kind, MIN(event_date) AS first_date'
        ' FROM member_events GROUP BY kind) f WHERE f.kind = member_event_latest.kind',
        'DROP TRIGGER IF EXISTS member_events_latest',
        'CREATE TRIGGER member_events_latest AFTER INSERT ON member_events BEGIN INSERT INTO member_event_latest'
        ' (kind, last_date, first_date) SELECT NEW.kind, NEW.event_date, NEW.event_date WHERE true'
        ' ON CONFLICT (kind) DO UPDATE SET last_date = MAX(member_event_latest.last_date, excluded.last_date),'
        ' first_date = MIN(COALESCE(member_event_latest.first_date, excluded.first_date), excluded.first_date); END',
        'CREATE INDEX ix_admission_targets_year ON admission_targets (year)',
    ),
    'postgresql': (
        'ALTER TABLE member_event_latest ADD COLUMN first_date DATE',
        'UPDATE member_event_latest SET first_date = f.first_date FROM (SELECT kind, MIN(event_date) AS first_date'
        ' FROM member_events GROUP BY kind) f WHERE f.kind = member_event_latest.kind',
        'CREATE OR REPLACE FUNCTION giaoban_event_latest() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN'
        ' INSERT INTO member_event_latest (kind, last_date, first_date) VALUES (NEW.kind, NEW.event_date, NEW.event_date)'
        ' ON CONFLICT (kind) DO UPDATE SET last_date = GREATEST(member_event_latest.last_date, excluded.last_date),'
        ' first_date = LEAST(member_event_latest.first_date, excluded.first_date); RETURN NULL; END $$',
        'CREATE INDEX ix_admission_targets_year ON admission_targets (year)',
    ),
}
_DOWN = {
    'sqlite': (
        'DROP INDEX IF EXISTS ix_admission_targets_year',
        'DROP TRIGGER IF EXISTS member_events_latest',
        'CREATE TRIGGER member_events_latest AFTER INSERT ON member_events BEGIN INSERT INTO member_event_latest'
        ' (kind, last_date) SELECT NEW.kind, NEW.event_date WHERE true ON CONFLICT (kind) DO UPDATE'
        ' SET last_date = MAX(member_event_latest.last_date, excluded.last_date); END',
        'ALTER TABLE member_event_latest DROP COLUMN first_date',
    ),
    'postgresql': (
        'DROP INDEX IF EXISTS ix_admission_targets_year',
        'CREATE OR REPLACE FUNCTION giaoban_event_latest() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN'
        ' INSERT INTO member_event_latest (kind, last_date) VALUES (NEW.kind, NEW.event_date) ON CONFLICT (kind)'
        ' DO UPDATE SET last_date = GREATEST(member_event_latest.last_date, excluded.last_date); RETURN NULL; END $$',
        'ALTER TABLE member_event_latest DROP COLUMN first_date',
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
