"""admission steps apart from the ceremony, transfer reasons, exemption kinds; names' sort keys
with the middle names kept apart from the family name

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Plain ALTER TABLE on both databases (a batch would copy SQLite's table and lose its
# append-only triggers). The values are checked by the write operations; the CHECKs below
# keep the columns to the events they belong to.
_COLUMNS = (
    ("resolution_date", "DATE"),
    ("decision_date", "DATE"),
    ("over_age_decision", "VARCHAR(120)"),
    ("transfer_reason", ("VARCHAR(30) CHECK (transfer_reason IS NULL OR transfer_reason IN"
                        " ('residence_or_work', 'full_time_training'))")),
    ("exemption_kind", ("VARCHAR(30) CHECK (exemption_kind IS NULL OR exemption_kind IN"
                       " ('elderly_or_sick', 'far_away'))")),
)


def _sql(sql_type: str) -> str:
    # SQLite's STRICT tables know only INTEGER, REAL, TEXT, BLOB and ANY (dates as ISO text).
    if op.get_bind().dialect.name == "sqlite":
        return sql_type.replace("DATE", "TEXT").replace("VARCHAR(120)", "TEXT").replace("VARCHAR(30)", "TEXT")
    return sql_type


# The name key of models.collation as of this revision (a migration keeps its own copy: the
# live module may change after it). Given name, middle names together, family name.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "fjwz"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _word_key(word: str) -> tuple[str, str]:
    primary, tones = [], []
    for ch in unicodedata.normalize("NFC", word):
        decomposed = unicodedata.normalize("NFD", ch.lower())
        tone, marks = 0, ""
        for mark in decomposed[1:]:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                marks += mark
        letter = unicodedata.normalize("NFC", decomposed[0] + marks)
        if letter in _ORDER:
            primary.append(chr(0x41 + _ORDER[letter]))
        elif letter.isalnum():
            primary.append(chr(0x41 + len(_ORDER)) + letter)
        else:
            continue
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def _name_key(full_name: str) -> str:
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    middles, family = words[1:-1], words[:1] if len(words) > 1 else []
    keys = [_word_key(w) for w in (words[-1], *middles, *family)]
    primary = " ".join(
        (keys[0][0], "!".join(k[0] for k in keys[1 : 1 + len(middles)]), *(k[0] for k in keys[1 + len(middles) :]))
    )
    return f"{primary}~{''.join(k[1] for k in keys)}"


def _rekey(table: str) -> None:
    t = sa.table(table, sa.column("id", sa.Integer), sa.column("full_name", sa.String), sa.column("sort_key", sa.String))
    conn = op.get_bind()
    rows = [{"row_id": r.id, "key": _name_key(r.full_name)} for r in conn.execute(sa.select(t.c.id, t.c.full_name))]
    if rows:
        conn.execute(t.update().where(t.c.id == sa.bindparam("row_id")).values(sort_key=sa.bindparam("key")), rows)


def upgrade() -> None:
    for name, sql_type in _COLUMNS:
        op.execute(f"ALTER TABLE member_events ADD COLUMN {name} {_sql(sql_type)}")
    _rekey("members")
    _rekey("candidates")


def downgrade() -> None:
    for name, _ in reversed(_COLUMNS):
        op.execute(f"ALTER TABLE member_events DROP COLUMN {name}")
