"""Which organisations' figures a write changed: ``change_seq`` and ``org_changes``, kept by triggers.

Every insert of an event, every change of a candidate, a Regulation 213 link or a target takes
the next change number (``change_seq.seq``) and stamps it on the organisation whose own rows it
touched (``org_changes``; a transfer stamps both sides; a change of its targets is also
stamped as ``target_seq``). A change of the tree (organisations, their edges) also moves
``change_seq.tree_seq``. A reader that noted the change number when it
read some figures can then ask which organisations changed since (an index range over
``org_changes.seq``, usually a handful of rows): their figures, and those of every organisation
above them, are the only ones it must read again (:mod:`models.figures_memo`), unless the tree
changed, when all are.

Triggers rather than the write path, so that every writer is covered: the record operations, the
import, the CLI, a database console. On PostgreSQL the trigger takes the ``change_seq`` row lock
first (PostgreSQL fires a table's triggers in the order of their names, and these sort before
all others, such as the rollups' ``member_events_*``): every writer takes its locks in the same
order, the change number first. The bulk
loaders drop the triggers and create them again after the load, which marks the tree changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from models.schema import CHANGE_SEQ, ORG_CHANGES
from models.triggers import create_row_trigger, drop_row_trigger

_NEXT = "UPDATE change_seq SET seq = seq + 1 WHERE id = 1"
_NEXT_TREE = "UPDATE change_seq SET seq = seq + 1, tree_seq = seq + 1 WHERE id = 1"


def _stamp(org: str, target: bool) -> str:
    """Stamp the change number on the organisation ``org`` (an expression over NEW/OLD; NULL:
    none); ``target``: a change of its targets, also stamped as such."""
    if target:
        return (f"INSERT INTO org_changes (org_id, seq, target_seq) SELECT {org}, seq, seq FROM change_seq"
                f" WHERE id = 1 AND {org} IS NOT NULL"
                " ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, target_seq = excluded.target_seq")
    return (
        f"INSERT INTO org_changes (org_id, seq) SELECT {org}, seq FROM change_seq WHERE id = 1 AND {org} IS NOT NULL"
        " ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq"
    )


@dataclass(frozen=True)
class _Watch:
    """A trigger on ``table`` for ``op``: the organisations (expressions over the row) it stamps;
    none for a change of the tree."""

    table: str
    op: str  # INSERT, UPDATE or DELETE
    orgs: tuple[str, ...]

    @property
    def name(self) -> str:
        # "_changes_" sorts before every other trigger's name (candidate_events_states,
        # member_events_*, ...; "_" before the letters): see the module.
        return f"_changes_{self.table}_{self.op.lower()}"

    def statements(self) -> list[str]:
        if not self.orgs:
            return [_NEXT_TREE]
        return [_NEXT, *(_stamp(org, self.table == "admission_targets") for org in self.orgs)]

    def create(self, session: Session) -> None:
        create_row_trigger(session, self.name, self.table, self.op, "; ".join(self.statements()))

    def drop(self, session: Session) -> None:
        drop_row_trigger(session, self.name, self.table)


def _changed(table: str, column: str) -> tuple[_Watch, ...]:
    """Inserts, updates (both the old and the new organisation) and deletes of ``table``'s rows
    that belong to the organisation in ``column``."""
    return (
        _Watch(table, "INSERT", (f"NEW.{column}",)),
        _Watch(table, "UPDATE", (f"OLD.{column}", f"NEW.{column}")),
        _Watch(table, "DELETE", (f"OLD.{column}",)),
    )


_WATCHES: tuple[_Watch, ...] = (
    # Events are append-only (triggers refuse UPDATE and DELETE).
    _Watch("member_events", "INSERT", ("NEW.org_id", "NEW.counterpart_org_id")),
    _Watch("candidate_events", "INSERT", ("(SELECT org_id FROM candidates WHERE id = NEW.candidate_id)",)),
    _Watch("residence_events", "INSERT",
           ("(SELECT residence_org_id FROM residence_links WHERE id = NEW.link_id)",)),
    *_changed("candidates", "org_id"),
    *_changed("residence_links", "residence_org_id"),
    *_changed("admission_targets", "org_id"),
    *(_Watch(table, op, ()) for table in ("organisations", "org_edges") for op in ("INSERT", "UPDATE", "DELETE")),
)


def present(session: Session) -> bool:
    """Whether this database keeps the change numbers (migration 0007)."""
    return CHANGE_SEQ.name in inspect(session.connection()).get_table_names()


def create_trigger(session: Session) -> None:
    """The triggers, and the tree marked changed: whatever happened while they were away (a bulk
    load) is read again by every dashboard."""
    if not present(session):
        return
    for watch in _WATCHES:
        watch.create(session)
    mark_tree_changed(session)


def drop_trigger(session: Session) -> None:
    for watch in _WATCHES:
        watch.drop(session)


def mark_tree_changed(session: Session) -> None:
    """Every figure a dashboard holds is to be read again (a rebuild, a bulk load)."""
    if present(session):
        session.connection().exec_driver_sql(_NEXT_TREE)


def current(session: Session) -> tuple[int, int]:
    """(the last change's number, the number of the tree's last change)."""
    row = session.execute(CHANGE_SEQ.select().with_only_columns(CHANGE_SEQ.c.seq, CHANGE_SEQ.c.tree_seq)
                          .where(CHANGE_SEQ.c.id == 1)).one()
    return int(row[0]), int(row[1])


def changed_since(session: Session, seq: int) -> dict[int, bool]:
    """The organisations whose own rows a change numbered above ``seq`` touched, each with
    whether one of those changes was of its targets."""
    c = ORG_CHANGES.c
    rows = session.execute(ORG_CHANGES.select().with_only_columns(c.org_id, c.target_seq > seq).where(c.seq > seq))
    return {int(org): bool(target) for org, target in rows}


__all__ = ["changed_since", "create_trigger", "current", "drop_trigger", "mark_tree_changed", "present"]
