"""Units of work: one transaction per user action.

:func:`write_session` is the only way ``models`` writes. It begins IMMEDIATE on SQLite,
bumps the change counter and (on PostgreSQL) sends NOTIFY in the same transaction, so every
open dashboard learns of the commit, and turns "database is locked" into a domain error that
says nothing was written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Executable, bindparam, event, inspect, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from models import audit_hash
from models.db import core, read_only, sqlite_path, write_engine
from models.errors import DomainError
from models.schema import AuditEntry, ChangeCounter, Organisation, OrgEdge, table_of, utcnow

#: The PostgreSQL channel on which every commit is announced.
NOTIFY_CHANNEL = "giaoban_changes"
#: session.info key: organisations whose place in the tree the transaction changed.
TREE_TOUCHED = "giaoban_tree_touched"


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading; it never commits."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session(engine: Engine, *, changes_figures: bool = True) -> Iterator[Session]:
    """A session whose work commits as one transaction at the end of the block, or not at all.

    ``changes_figures=False`` for writes no screen shows (the audit row of a read): they do
    not bump the change counter, or every open dashboard would re-read, log that read, and
    set the others re-reading in turn, for ever."""
    if read_only(engine):
        raise DomainError("db.read_only", path=sqlite_path(engine) or "")
    with Session(write_engine(engine), expire_on_commit=False) as session:
        try:
            event.listen(session, "before_flush", _check_texts)
            event.listen(session, "after_flush", _note_tree_changes)
            with session.begin():
                # PostgreSQL: writers take the audit chain's lock first, as SQLite's BEGIN
                # IMMEDIATE takes the write lock first (models.audit_chain).
                audit_hash.lock(session.connection())
                yield session
                session.flush()
                touched = session.info.pop(TREE_TOUCHED, None)
                if touched:
                    # The per-year rollups follow the tree in the same transaction.
                    from models import stats

                    stats.refresh_tree(session, touched)
                if changes_figures:
                    bump_revision(session)
        except IntegrityError as exc:
            raise DomainError("db.integrity", detail=_first_line(exc.orig)) from exc
        except OperationalError as exc:
            if _is_busy(exc):
                raise DomainError("db.busy") from exc
            if "readonly database" in str(exc.orig):  # made read-only since it was opened
                raise DomainError("db.read_only", path=sqlite_path(engine) or str(engine.url.database)) from exc
            raise


def _check_texts(session: Session, _context: object, _instances: object) -> None:
    """Every name, code and free text an ORM object is about to write follows the rules of
    :mod:`models.text_rules` (Core inserts check theirs where they are built). The audit log
    keeps what was attempted, hostile or not: it is shown through models.safe_text."""
    from models.text_rules import MAX_LENGTH, check_values

    for obj in (*session.new, *session.dirty):
        if isinstance(obj, AuditEntry):
            continue
        state = inspect(obj)
        values = {
            attr.key: getattr(obj, attr.key)
            for attr in state.mapper.column_attrs
            if attr.key in MAX_LENGTH and (state.pending or state.attrs[attr.key].history.has_changes())
        }
        before = dict(values)
        check_values(values)
        for key, value in values.items():
            if value is not before[key]:
                setattr(obj, key, value)


def _note_tree_changes(session: Session, _context: object) -> None:
    """Remember the organisations whose place in the tree a flush changed."""
    touched: set[int] = session.info.setdefault(TREE_TOUCHED, set())
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Organisation):
            touched.update(i for i in (obj.id, obj.successor_id) if i is not None)
        elif isinstance(obj, OrgEdge):
            touched.update(i for i in (obj.child_id, obj.parent_id) if i is not None)


def insert_row(session: Session, stmt: Executable, values: Mapping[str, Any]) -> int:
    """Insert one row with the Core ``INSERT`` ``stmt`` in ``session``'s transaction; its id."""
    key = core(session).execute(stmt, values).inserted_primary_key
    assert key is not None, "insert_row takes an INSERT statement"
    return int(key[0])


_COUNTER = table_of(ChangeCounter)
_BUMP = (
    update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(revision=_COUNTER.c.revision + 1, changed_at=bindparam("changed_at"))
)
_NOTIFY = text(f"NOTIFY {NOTIFY_CHANNEL}")


def bump_revision(session: Session) -> None:
    """Mark the database as changed; PostgreSQL listeners hear it when the transaction commits."""
    conn = core(session)
    conn.execute(_BUMP, {"changed_at": utcnow()})
    if conn.dialect.name == "postgresql":
        conn.execute(_NOTIFY)


def _is_busy(exc: DBAPIError) -> bool:
    msg = str(exc.orig).lower()
    return "database is locked" in msg or "database is busy" in msg or "deadlock detected" in msg


def _first_line(orig: BaseException | None) -> str:
    return str(orig).strip().splitlines()[0] if orig is not None else ""
