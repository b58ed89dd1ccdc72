"""Whether a database is at the newest migration, answered without loading Alembic.

The dashboard asks this before its first query; Alembic (a fifth of a second to import) is
only needed when the answer is no and the schema is upgraded (:mod:`models.migrate`). The
newest revision is read from the migration files themselves (``revision`` and
``down_revision`` lines); a test keeps it equal to what Alembic finds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS = Path(__file__).with_name("migrations") / "versions"
_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['"]([^'"]+)['"]|None)\s*$""", re.MULTILINE)


def head_revision() -> str:
    """The revision no other migration builds on."""
    revisions: set[str] = set()
    bases: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        for name, value in _LINE.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else bases).add(value)
    heads = revisions - bases
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def recorded_revision(engine: Engine) -> str | None:
    """The revision the database records (None: never migrated)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(engine: Engine) -> bool:
    return recorded_revision(engine) == head_revision()
