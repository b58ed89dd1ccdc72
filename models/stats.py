"""Per-organisation, per-year figures kept current with every write, and rolled up the tree.

Three tables (see :mod:`models.schema`): ``org_year_stats`` (an organisation's own events),
``org_closure`` (the current catchment forest: every ancestor of every organisation, as
:class:`models.figures.TreeSnapshot` places them after the last change of the tree) and
``org_year_rollup`` (the events of each organisation's catchment).

An ``AFTER INSERT`` trigger on ``member_events`` adds each event that moves a member onto or off
the rolls to its organisation's row and, through ``org_closure``, to the row of every ancestor:
one small upsert each, in the writer's own transaction, whatever writes the event (the record
operations, an import, a script). A permanent transfer between two organisations of one
catchment is not counted at the ancestors that hold both sides, exactly as the figures net
such moves out.

When the tree changes (an organisation created, moved, merged or ended), :func:`refresh_tree`
rewrites the closure of the organisations concerned and recomputes the rollups of their old
and new ancestors from the event log; :func:`models.uow.write_session` calls it before commit.
:func:`rebuild` recomputes everything from the event log (``giaoban rebuild-stats``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from models.schema import MEMBER_EVENT_LATEST, ORG_CLOSURE, ORG_YEAR_ROLLUP, ORG_YEAR_STATS
from models.stats_columns import COLUMN_NAMES, EXIT_COLUMNS, ROLL_EVENT, columns, year_of_event

#: The forest "after every recorded change of the tree".
FAR_FUTURE = dt.date(9999, 12, 30)
TRIGGER = "member_events_stats"
#: The trigger that keeps ``member_event_latest`` (migration 0006).
LATEST_TRIGGER = "member_events_latest"
_CHUNK = 5000


def _sums(dialect: str) -> str:
    return ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _, cond in columns(dialect))


def _ones(dialect: str) -> str:
    return ", ".join(f"CASE WHEN {cond} THEN 1 ELSE 0 END" for _, cond in columns(dialect))


def _upsert_tail() -> str:
    sets = ", ".join(f"{c} = {{t}}.{c} + excluded.{c}" for c in COLUMN_NAMES)
    return " ON CONFLICT (org_id, year) DO UPDATE SET " + sets


#: Ancestors of the event's organisation that do not also hold the transfer's other side.
_CROSSES = (
    "(NEW.counterpart_org_id IS NULL OR NOT EXISTS (SELECT 1 FROM org_closure c2"
    " WHERE c2.descendant_id = NEW.counterpart_org_id AND c2.ancestor_id = c.ancestor_id))"
)


def _trigger_statements(dialect: str) -> tuple[str, str]:
    cols = ", ".join(COLUMN_NAMES)
    year = year_of_event(dialect)
    own = (
        f"INSERT INTO org_year_stats (org_id, year, {cols}) SELECT NEW.org_id, {year}, {_ones(dialect)} "
        "FROM members m WHERE m.id = NEW.member_id" + _upsert_tail().format(t="org_year_stats")
    )
    up = (
        f"INSERT INTO org_year_rollup (org_id, year, {cols}) SELECT c.ancestor_id, {year}, {_ones(dialect)} "
        f"FROM org_closure c JOIN members m ON m.id = NEW.member_id WHERE c.descendant_id = NEW.org_id AND {_CROSSES} "
        "ORDER BY c.ancestor_id" + _upsert_tail().format(t="org_year_rollup")
    )
    return own, up


def _latest_present(session: Session) -> bool:
    return session.get_bind().dialect.has_table(session.connection(), MEMBER_EVENT_LATEST.name)


def _latest_upsert(dialect: str, select_: str) -> str:
    bigger = "GREATEST" if dialect == "postgresql" else "MAX"
    return (f"INSERT INTO member_event_latest (kind, last_date) {select_} ON CONFLICT (kind) DO UPDATE"
            f" SET last_date = {bigger}(member_event_latest.last_date, excluded.last_date)")


def latest_sql(dialect: str, events: str) -> str:
    """The statement that folds the latest date of each kind in the table ``events``
    (``member_events``, or a bulk load's scratch copy of a district's) into
    ``member_event_latest``."""
    # "WHERE true": SQLite's upsert after a SELECT needs a WHERE to parse.
    return _latest_upsert(dialect, f"SELECT kind, MAX(event_date) FROM {events} WHERE true GROUP BY kind")


def rebuild_latest(session: Session) -> None:
    """Recompute ``member_event_latest`` from the event log (one scan)."""
    conn = session.connection()
    conn.exec_driver_sql("DELETE FROM member_event_latest")
    conn.exec_driver_sql(latest_sql(session.get_bind().dialect.name, "member_events"))


def _create_latest_trigger(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    conn = session.connection()
    if dialect == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION giaoban_event_latest() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{_latest_upsert(dialect, 'VALUES (NEW.kind, NEW.event_date)')}; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(f"CREATE TRIGGER {LATEST_TRIGGER} AFTER INSERT ON member_events"
                             " FOR EACH ROW EXECUTE FUNCTION giaoban_event_latest()")
    else:
        conn.exec_driver_sql(f"CREATE TRIGGER {LATEST_TRIGGER} AFTER INSERT ON member_events BEGIN "
                             f"{_latest_upsert(dialect, 'SELECT NEW.kind, NEW.event_date WHERE true')}; END")


def create_trigger(session: Session) -> None:
    """The trigger that keeps both tables current (also used by the migration), the one that
    keeps each member's state (:mod:`models.states`) once its table exists, and the one that
    keeps the latest event date of each kind once its table exists."""
    from models import org_changes, states

    if states.present(session):
        states.create_trigger(session)
    org_changes.create_trigger(session)
    if _latest_present(session):
        _create_latest_trigger(session)
    dialect = session.get_bind().dialect.name
    own, up = _trigger_statements(dialect)
    conn = session.connection()
    if dialect == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION giaoban_event_stats() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {ROLL_EVENT} THEN {own}; {up}; END IF; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION giaoban_event_stats()"
        )
    else:
        conn.exec_driver_sql(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON member_events WHEN {ROLL_EVENT} BEGIN {own}; {up}; END"
        )


def drop_trigger(session: Session) -> None:
    """Bulk loads drop the triggers, load, then :func:`rebuild` (much faster than row by row)."""
    from models import org_changes, states

    states.drop_trigger(session)
    org_changes.drop_trigger(session)
    conn = session.connection()
    on = " ON member_events" if session.get_bind().dialect.name == "postgresql" else ""
    for name in (TRIGGER, LATEST_TRIGGER):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}{on}")


# --- the closure of the current forest ------------------------------------------------------
def _forest(session: Session):  # type: ignore[no-untyped-def]
    from models.forest import TreeSnapshot  # the catchment forest, placed exactly as the figures place it

    return TreeSnapshot.load(session, FAR_FUTURE)


def _closure_rows(snap, ids: Iterable[int]) -> list[dict[str, int]]:  # type: ignore[no-untyped-def]
    rows = []
    for oid in ids:
        for depth, anc in enumerate(snap.chain(oid)):
            rows.append({"descendant_id": oid, "ancestor_id": anc, "depth": depth})
    return rows


def _insert(session: Session, table, rows: list[dict[str, int]]) -> None:  # type: ignore[no-untyped-def]
    for i in range(0, len(rows), _CHUNK):
        session.execute(insert(table), rows[i : i + _CHUNK])


def _recompute_rollups(session: Session, ancestors: list[int] | None) -> None:
    """Rows of ``org_year_rollup`` for ``ancestors`` (None: all), in two set-based steps: the
    own figures of every descendant summed up the closure, then the permanent transfers
    between two organisations of one catchment taken out again at the ancestors holding both
    sides (few events, found through the counterpart index)."""
    dialect = session.get_bind().dialect.name
    cols = ", ".join(COLUMN_NAMES)
    sums = ", ".join(f"SUM(s.{c})" for c in COLUMN_NAMES)
    zeros = ", ".join("0" if c not in ("transfer_in", "transfer_out") else
                      f"-SUM(CASE WHEN NEW.kind = '{c}' THEN 1 ELSE 0 END)" for c in COLUMN_NAMES)
    year = year_of_event(dialect)
    summed = (
        f"INSERT INTO org_year_rollup (org_id, year, {cols}) SELECT c.ancestor_id, s.year, {sums} "
        "FROM org_year_stats s JOIN org_closure c ON c.descendant_id = s.org_id {where} GROUP BY c.ancestor_id, s.year"
    )
    inside = (
        f"INSERT INTO org_year_rollup (org_id, year, {cols}) SELECT c.ancestor_id, {year}, {zeros} "
        "FROM member_events NEW JOIN org_closure c ON c.descendant_id = NEW.org_id "
        "JOIN org_closure c2 ON c2.descendant_id = NEW.counterpart_org_id AND c2.ancestor_id = c.ancestor_id "
        "WHERE NEW.counterpart_org_id IS NOT NULL AND NEW.kind IN ('transfer_in', 'transfer_out') "
        "AND NEW.transfer_scope = 'permanent' {where} "
        f"GROUP BY c.ancestor_id, {year}" + _upsert_tail().format(t="org_year_rollup")
    )
    if ancestors is None:
        session.execute(delete(ORG_YEAR_ROLLUP))
        session.execute(text(summed.format(where="")))
        session.execute(text(inside.format(where="AND TRUE")))
        return
    for i in range(0, len(ancestors), _CHUNK):
        part = ancestors[i : i + _CHUNK]
        session.execute(delete(ORG_YEAR_ROLLUP).where(ORG_YEAR_ROLLUP.c.org_id.in_(part)))
        marks = ", ".join(str(int(a)) for a in part)
        session.execute(text(summed.format(where=f"WHERE c.ancestor_id IN ({marks})")))
        session.execute(text(inside.format(where=f"AND c.ancestor_id IN ({marks})")))


def rebuild(session: Session) -> int:
    """Recompute the closure, the own figures, the rollups and the members' states from the
    tree and the event log; returns the number of organisations."""
    from models import org_changes, states

    dialect = session.get_bind().dialect.name
    cols = ", ".join(COLUMN_NAMES)
    year = year_of_event(dialect)
    session.execute(delete(ORG_CLOSURE))
    snap = _forest(session)
    _insert(session, ORG_CLOSURE, _closure_rows(snap, snap.orgs))
    session.execute(delete(ORG_YEAR_STATS))
    session.execute(text(
        f"INSERT INTO org_year_stats (org_id, year, {cols}) SELECT NEW.org_id, {year}, {_sums(dialect)} "
        f"FROM member_events NEW JOIN members m ON m.id = NEW.member_id WHERE {ROLL_EVENT} GROUP BY NEW.org_id, {year}"
    ))
    _recompute_rollups(session, None)
    if states.present(session):
        states.rebuild(session)
    if _latest_present(session):
        rebuild_latest(session)
    # Whatever a dashboard holds was read before the rebuild.
    org_changes.mark_tree_changed(session)
    return len(snap.orgs)


def refresh_tree(session: Session, touched: Iterable[int]) -> None:
    """After a change of the tree touching ``touched`` organisations: rewrite the closure rows
    of everything at or below them (old and new places) and recompute the rollups of every
    organisation whose catchment may have changed (their old and new ancestors)."""
    touched = set(touched)
    if not touched:
        return
    snap = _forest(session)
    below: set[int] = set()
    for oid in touched:
        if oid in snap.orgs:
            below.update(snap.catchment(oid))
    old_rows: list[Any] = []
    ids = sorted(touched)
    for i in range(0, len(ids), _CHUNK):
        part = ids[i : i + _CHUNK]
        old_rows += session.execute(
            select(ORG_CLOSURE.c.descendant_id).where(ORG_CLOSURE.c.ancestor_id.in_(part))
        ).scalars().all()
    below.update(old_rows)
    below_ids = sorted(below)
    affected: set[int] = set()
    for i in range(0, len(below_ids), _CHUNK):
        part = below_ids[i : i + _CHUNK]
        affected.update(session.execute(
            select(ORG_CLOSURE.c.ancestor_id).where(ORG_CLOSURE.c.descendant_id.in_(part))
        ).scalars())
        session.execute(delete(ORG_CLOSURE).where(ORG_CLOSURE.c.descendant_id.in_(part)))
    rows = _closure_rows(snap, below_ids)
    _insert(session, ORG_CLOSURE, rows)
    affected.update(r["ancestor_id"] for r in rows)
    _recompute_rollups(session, sorted(affected))


# --- reading ------------------------------------------------------------------------------------
def rollup_years(session: Session, org_id: int, table=ORG_YEAR_ROLLUP) -> dict[int, dict[str, int]]:  # type: ignore[no-untyped-def]
    """Every year's counts of ``org_id`` (its catchment, or its own with ``ORG_YEAR_STATS``)."""
    out: dict[int, dict[str, int]] = {}
    for row in session.execute(select(table).where(table.c.org_id == org_id)).mappings():
        out[int(row["year"])] = {c: int(row[c]) for c in COLUMN_NAMES}
    return out


def members_at_year_end(years: dict[int, dict[str, int]], year: int) -> int:
    """Members on the rolls on 31 December of ``year``: the net flows of every year up to it."""
    total = 0
    for y, c in years.items():
        if y <= year:
            total += c["admitted"] + c["transfer_in"] - c["transfer_out"] - sum(c[x] for x in EXIT_COLUMNS)
    return total


def snapshot(session: Session, table=ORG_YEAR_ROLLUP) -> dict[tuple[int, int], tuple[int, ...]]:  # type: ignore[no-untyped-def]
    """The whole table, non-zero rows only (for comparing maintained and rebuilt figures)."""
    out = {}
    for row in session.execute(select(table)):
        values = tuple(int(v) for v in row[2:])
        if any(values):
            out[(int(row[0]), int(row[1]))] = values
    return out


def closure(session: Session) -> set[tuple[int, int, int]]:
    return {(int(a), int(b), int(c)) for a, b, c in session.execute(select(ORG_CLOSURE))}
