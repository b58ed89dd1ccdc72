"""the members' make-up: religion, education, professional and theory levels of a member; an
enterprise's ownership; the residential areas (hamlets, neighbourhoods) of a commune and the
cell that serves each

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Issue 18 asks for the office's make-up figures (``models.figures.makeup``). The member fields
are nullable: a member recorded before this revision is "not recorded yet", never given a
default. ``residential_areas`` lists a commune's hamlets and neighbourhoods with their validity
so that those without a cell (``cell_id`` NULL) can be named: the tree alone cannot show an
area that has no organisation.
"""

from __future__ import annotations

from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

_RELIGION = "'none', 'buddhism', 'catholicism', 'protestantism', 'cao_dai', 'hoa_hao', 'islam', 'other'"
_EDUCATION = "'primary', 'lower_secondary', 'upper_secondary'"
_PROFESSIONAL = "'none', 'elementary', 'intermediate', 'college', 'university', 'master', 'doctor'"
_THEORY = "'none', 'elementary', 'intermediate', 'advanced', 'bachelor'"
_OWNERSHIP = "'state', 'private', 'foreign_invested'"


def _columns(text: str) -> tuple[str, ...]:
    # (table, column, type, constraint name, values)
    spec = (
        ('members', 'religion', 13, 'ck_members_member_religion', _RELIGION),
        ('members', 'education_level', 15, 'ck_members_member_education', _EDUCATION),
        ('members', 'professional_level', 12, 'ck_members_member_professional', _PROFESSIONAL),
        ('members', 'theory_level', 12, 'ck_members_member_theory', _THEORY),
        ('organisations', 'ownership', 16, 'ck_organisations_org_ownership', _OWNERSHIP),
    )
    return tuple(
        f'ALTER TABLE {table} ADD COLUMN {column} {text if text else f"VARCHAR({n})"}'
        f' CONSTRAINT {name} CHECK ({column} IN ({values}))'
        for table, column, n, name, values in spec
    )


_AREAS = {
    'sqlite': (
        'CREATE TABLE residential_areas (id INTEGER NOT NULL, commune_id INTEGER NOT NULL, name TEXT NOT NULL,'
        ' kind TEXT NOT NULL, cell_id INTEGER, valid_from TEXT NOT NULL, valid_to TEXT, recorded_at TEXT NOT NULL,'
        ' recorded_by INTEGER,'
        ' CONSTRAINT pk_residential_areas PRIMARY KEY (id),'
        ' CONSTRAINT uq_residential_areas_commune_id_name_valid_from UNIQUE (commune_id, name, valid_from),'
        " CONSTRAINT ck_residential_areas_name_not_blank CHECK (length(trim(name)) > 0),"
        ' CONSTRAINT ck_residential_areas_valid_interval CHECK (valid_to IS NULL OR valid_to > valid_from),'
        " CONSTRAINT ck_residential_areas_area_kind CHECK (kind IN ('hamlet', 'neighbourhood')),"
        ' CONSTRAINT fk_residential_areas_commune_id_organisations FOREIGN KEY(commune_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_residential_areas_cell_id_organisations FOREIGN KEY(cell_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_residential_areas_recorded_by_users FOREIGN KEY(recorded_by) REFERENCES users (id)'
        ') STRICT',
    ),
    'postgresql': (
        'CREATE TABLE residential_areas (id SERIAL NOT NULL, commune_id INTEGER NOT NULL, name VARCHAR(200) NOT NULL,'
        ' kind VARCHAR(13) NOT NULL, cell_id INTEGER, valid_from DATE NOT NULL, valid_to DATE,'
        ' recorded_at TIMESTAMP WITHOUT TIME ZONE NOT NULL, recorded_by INTEGER,'
        ' CONSTRAINT pk_residential_areas PRIMARY KEY (id),'
        ' CONSTRAINT uq_residential_areas_commune_id_name_valid_from UNIQUE (commune_id, name, valid_from),'
        " CONSTRAINT ck_residential_areas_name_not_blank CHECK (length(trim(name)) > 0),"
        ' CONSTRAINT ck_residential_areas_valid_interval CHECK (valid_to IS NULL OR valid_to > valid_from),'
        " CONSTRAINT ck_residential_areas_area_kind CHECK (kind IN ('hamlet', 'neighbourhood')),"
        ' CONSTRAINT fk_residential_areas_commune_id_organisations FOREIGN KEY(commune_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_residential_areas_cell_id_organisations FOREIGN KEY(cell_id) REFERENCES organisations (id),'
        ' CONSTRAINT fk_residential_areas_recorded_by_users FOREIGN KEY(recorded_by) REFERENCES users (id)'
        ')',
    ),
}

# Frozen: the statements this migration runs, per database (no live module).
_UP = {
    'sqlite': (*_columns('TEXT'), *_AREAS['sqlite'],
               'CREATE INDEX ix_residential_areas_cell ON residential_areas (cell_id)'),
    'postgresql': (*_columns(''), *_AREAS['postgresql'],
                   'CREATE INDEX ix_residential_areas_cell ON residential_areas (cell_id)'),
}
_DROP_COLUMNS = (
    'ALTER TABLE members DROP COLUMN religion',
    'ALTER TABLE members DROP COLUMN education_level',
    'ALTER TABLE members DROP COLUMN professional_level',
    'ALTER TABLE members DROP COLUMN theory_level',
    'ALTER TABLE organisations DROP COLUMN ownership',
)
_DOWN = {
    'sqlite': ('DROP INDEX IF EXISTS ix_residential_areas_cell', 'DROP TABLE residential_areas', *_DROP_COLUMNS),
    'postgresql': ('DROP TABLE residential_areas', *_DROP_COLUMNS),
}


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    bind = op.get_bind()
    for statement in statements[bind.dialect.name]:
        bind.exec_driver_sql(statement)


def upgrade() -> None:
    _run(_UP)


def downgrade() -> None:
    _run(_DOWN)
