"""cell meetings with their absences, dues books with their arrears, briefing conclusions and
their closing notes

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-07

Only the exceptions are stored: a meeting keeps the members who were absent (and whether
excused), a month's dues book the members who did not pay. Every presence and every payment
follows from the meeting or the closed book and the rolls. Each absence and arrear repeats its
cell and date (month), so the early warning reads them for a catchment through an index without
touching the far more numerous meetings and books. All six tables only grow.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None

# Frozen here on purpose: a migration must not change when models change.
APPEND_ONLY = ("cell_meetings", "meeting_absences", "dues_books", "dues_arrears", "conclusions", "conclusion_notes")
CONDITIONS = ("admitted_at_least", "no_member_at_risk", "r213_comments_complete")


def upgrade() -> None:
    op.create_table(
        "cell_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_cell_meetings_org_id_organisations"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_cell_meetings_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_cell_meetings"),
        sa.UniqueConstraint("org_id", "meeting_date", name="uq_cell_meetings_org_id"),
        sqlite_strict=True,
    )
    op.create_table(
        "meeting_absences",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("excused", sa.Boolean(create_constraint=True, name="excused_bool"), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["cell_meetings.id"], name="fk_meeting_absences_meeting_id_cell_meetings"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_meeting_absences_member_id_members"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_meeting_absences_org_id_organisations"),
        sa.PrimaryKeyConstraint("meeting_id", "member_id", name="pk_meeting_absences"),
        sqlite_strict=True,
    )
    op.create_index("ix_meeting_absences_org_date", "meeting_absences", ["org_id", "meeting_date"])
    op.create_index("ix_meeting_absences_member_date", "meeting_absences", ["member_id", "meeting_date"])
    op.create_table(
        "dues_books",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_dues_books_org_id_organisations"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_dues_books_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_dues_books"),
        sa.UniqueConstraint("org_id", "month", name="uq_dues_books_org_id"),
        sqlite_strict=True,
    )
    op.create_table(
        "dues_arrears",
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["dues_books.id"], name="fk_dues_arrears_book_id_dues_books"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_dues_arrears_member_id_members"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_dues_arrears_org_id_organisations"),
        sa.PrimaryKeyConstraint("book_id", "member_id", name="pk_dues_arrears"),
        sqlite_strict=True,
    )
    op.create_index("ix_dues_arrears_org_month", "dues_arrears", ["org_id", "month"])
    op.create_index("ix_dues_arrears_member_month", "dues_arrears", ["member_id", "month"])
    op.create_table(
        "conclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("briefing_org_id", sa.Integer(), nullable=False),
        sa.Column("briefing_date", sa.Date(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("condition", sa.Enum(*CONDITIONS, name="conclusion_condition", native_enum=False,
                                       create_constraint=True, length=24), nullable=True),
        sa.Column("cond_from_year", sa.Integer(), nullable=True),
        sa.Column("cond_to_year", sa.Integer(), nullable=True),
        sa.Column("cond_count", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(text)) > 0", name="ck_conclusions_text_not_blank"),
        sa.CheckConstraint("due >= briefing_date", name="ck_conclusions_due_after_briefing"),
        sa.CheckConstraint(
            "(condition = 'admitted_at_least' AND cond_count >= 1 AND cond_from_year IS NOT NULL"
            " AND cond_to_year >= cond_from_year)"
            " OR (condition = 'r213_comments_complete' AND cond_from_year IS NOT NULL"
            " AND cond_to_year = cond_from_year AND cond_count IS NULL)"
            " OR ((condition = 'no_member_at_risk' OR condition IS NULL) AND cond_from_year IS NULL"
            " AND cond_to_year IS NULL AND cond_count IS NULL)",
            name="ck_conclusions_condition_fields",
        ),
        sa.ForeignKeyConstraint(["briefing_org_id"], ["organisations.id"], name="fk_conclusions_briefing_org_id_organisations"),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], name="fk_conclusions_org_id_organisations"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_conclusions_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_conclusions"),
        sqlite_strict=True,
    )
    op.create_index("ix_conclusions_org", "conclusions", ["org_id", "due"])
    op.create_index("ix_conclusions_briefing_org", "conclusions", ["briefing_org_id", "briefing_date"])
    op.create_table(
        "conclusion_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conclusion_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("closes", sa.Boolean(create_constraint=True, name="closes_bool"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(note)) > 0", name="ck_conclusion_notes_note_not_blank"),
        sa.ForeignKeyConstraint(["conclusion_id"], ["conclusions.id"], name="fk_conclusion_notes_conclusion_id_conclusions"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], name="fk_conclusion_notes_recorded_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_conclusion_notes"),
        sqlite_strict=True,
    )
    op.create_index("ix_conclusion_notes_conclusion", "conclusion_notes", ["conclusion_id", "noted_on"])
    _append_only(True)


def _append_only(on: bool) -> None:
    """These tables only grow; the function giaoban_append_only() is migration 0001's."""
    dialect = op.get_bind().dialect.name
    for table in APPEND_ONLY:
        if dialect == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                name = f"{table}_no_{verb.lower()}"
                op.execute(
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    if on else f"DROP TRIGGER IF EXISTS {name}"
                )
        elif dialect == "postgresql":
            if on:
                op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                           "FOR EACH ROW EXECUTE FUNCTION giaoban_append_only()")
                op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                           "FOR EACH STATEMENT EXECUTE FUNCTION giaoban_append_only()")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


def downgrade() -> None:
    _append_only(False)
    for table in reversed(APPEND_ONLY):
        op.drop_table(table)
