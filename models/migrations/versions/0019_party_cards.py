"""party_cards: the Party cards issued to members (number, day of issue, decision, the
organisation whose rolls the member was on), append-only; numbers known before are kept

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

``members.card_no`` held a card's number with no day, so "cards issued in the period" and
"official members awaiting a card" (issue 18) could not be counted. A table rather than a
column on ``members``: a card issued again (lost, damaged) is a new fact with its own day.
``members.card_no`` stays, as the number of the member's latest card.

The numbers already in ``members.card_no`` are copied with no day and no organisation: those
members hold a card, when it was issued is not recorded, so they are neither counted as issued
in any period nor as awaiting one.
"""

from __future__ import annotations

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

TABLE = "party_cards"

# Frozen: the statements this migration runs, per database (no live module).
_UP: dict[str, tuple[str, ...]] = {
    'sqlite': (
        'CREATE TABLE party_cards (id INTEGER NOT NULL, member_id INTEGER NOT NULL, org_id INTEGER,'
        ' card_no TEXT NOT NULL, issued_on TEXT, decision_no TEXT, recorded_at TEXT NOT NULL, recorded_by INTEGER,'
        ' CONSTRAINT pk_party_cards PRIMARY KEY (id),'
        ' CONSTRAINT uq_party_cards_member_id UNIQUE (member_id, issued_on),'
        ' CONSTRAINT ck_party_cards_card_no_not_blank CHECK (length(trim(card_no)) > 0),'
        ' CONSTRAINT fk_party_cards_member_id_members FOREIGN KEY(member_id) REFERENCES members (id),'
        ' CONSTRAINT fk_party_cards_org_id_organisations FOREIGN KEY(org_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_party_cards_recorded_by_users FOREIGN KEY(recorded_by) REFERENCES users (id)) STRICT',
        'CREATE INDEX ix_party_cards_org_issued ON party_cards (org_id, issued_on)',
        'CREATE INDEX ix_party_cards_member ON party_cards (member_id, issued_on)',
        'CREATE INDEX ix_party_cards_card_no ON party_cards (card_no)',
        'INSERT INTO party_cards (member_id, card_no, recorded_at) SELECT id, card_no, created_at FROM members'
        ' WHERE card_no IS NOT NULL AND length(trim(card_no)) > 0 ORDER BY id',
        "CREATE TRIGGER party_cards_no_update BEFORE UPDATE ON party_cards"
        " BEGIN SELECT RAISE(ABORT, 'party_cards is append-only'); END",
        "CREATE TRIGGER party_cards_no_delete BEFORE DELETE ON party_cards"
        " BEGIN SELECT RAISE(ABORT, 'party_cards is append-only'); END",
    ),
    'postgresql': (
        'CREATE TABLE party_cards (id SERIAL NOT NULL, member_id INTEGER NOT NULL, org_id INTEGER,'
        ' card_no VARCHAR(20) NOT NULL, issued_on DATE, decision_no VARCHAR(60), recorded_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,'
        ' recorded_by INTEGER,'
        ' CONSTRAINT pk_party_cards PRIMARY KEY (id),'
        ' CONSTRAINT uq_party_cards_member_id UNIQUE (member_id, issued_on),'
        ' CONSTRAINT ck_party_cards_card_no_not_blank CHECK (length(trim(card_no)) > 0),'
        ' CONSTRAINT fk_party_cards_member_id_members FOREIGN KEY(member_id) REFERENCES members (id),'
        ' CONSTRAINT fk_party_cards_org_id_organisations FOREIGN KEY(org_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_party_cards_recorded_by_users FOREIGN KEY(recorded_by) REFERENCES users (id))',
        'CREATE INDEX ix_party_cards_org_issued ON party_cards (org_id, issued_on)',
        'CREATE INDEX ix_party_cards_member ON party_cards (member_id, issued_on)',
        'CREATE INDEX ix_party_cards_card_no ON party_cards (card_no)',
        'INSERT INTO party_cards (member_id, card_no, recorded_at) SELECT id, card_no, created_at FROM members'
        ' WHERE card_no IS NOT NULL AND length(trim(card_no)) > 0 ORDER BY id',
        'CREATE TRIGGER party_cards_append_only BEFORE UPDATE OR DELETE ON party_cards'
        ' FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()',
        'CREATE TRIGGER party_cards_no_truncate BEFORE TRUNCATE ON party_cards'
        ' FOR EACH STATEMENT EXECUTE FUNCTION giaoban_append_only()',
    ),
}
_DOWN: dict[str, tuple[str, ...]] = {
    'sqlite': (
        'DROP TRIGGER IF EXISTS party_cards_no_update',
        'DROP TRIGGER IF EXISTS party_cards_no_delete',
        'DROP TABLE party_cards',
    ),
    'postgresql': (
        'DROP TRIGGER IF EXISTS party_cards_append_only ON party_cards',
        'DROP TRIGGER IF EXISTS party_cards_no_truncate ON party_cards',
        'DROP TABLE party_cards',
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
