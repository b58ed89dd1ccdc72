"""Each member's state, kept current with every write like the per-year figures (migration 0004).

``member_states`` holds one row per member with a state event: the organisation whose rolls
the member is on after their latest roll event (NULL once off every roll), the day of their
latest admission, the first recognition on or after it (whenever it was recorded), the day
their current far-away work began (NULL when not away) and their last report back from it.
An ``AFTER INSERT`` trigger on ``member_events`` recomputes the member's row from their own
events (a handful of index probes) in the writer's transaction, whatever writes the event;
:func:`rebuild` recomputes every row with the same SQL (``giaoban rebuild-stats`` and the
bulk loads call it). The event log stays append-only, so an insert is the only change.

The screens read the states at a day from here instead of from the event log when no event
that decides them is dated after that day (:mod:`models.figures_rollup` checks that): the
probationary and overdue members of a catchment are then those rows whose probation may be
open (admitted recently or not recognised by the day), a few percent of all members, read
through two indexes instead of two probes per member of the catchment.
"""

from __future__ import annotations

from sqlalchemy import delete, inspect, text
from sqlalchemy.orm import Session

from models.enums import EventKind
from models.schema import MEMBER_STATES

TRIGGER = "member_events_states"
_FUNCTION = "giaoban_member_state"
_ROLL_IN = (EventKind.ADMISSION, EventKind.TRANSFER_IN)
_EXITS = (EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH)
_AWAY = (EventKind.FAR_AWAY_START, EventKind.FAR_AWAY_END)
#: The events that change a member's row.
STATE_KINDS = (*_ROLL_IN, EventKind.TRANSFER_OUT, *_EXITS, EventKind.RECOGNITION, *_AWAY, EventKind.FAR_AWAY_CONTACT)


def _in(kinds) -> str:  # type: ignore[no-untyped-def]
    return "(" + ", ".join(f"'{k.value}'" for k in kinds) + ")"


def _row_select(member: str) -> str:
    """The state of the member ``member`` (an SQL expression) from their events; the same
    order as :func:`models.figures.on_rolls_subquery` picks the latest roll event by."""
    roll = (f"(e.kind IN {_in((EventKind.ADMISSION, *_EXITS))} OR (e.kind IN ('transfer_in', 'transfer_out')"
            " AND e.transfer_scope = 'permanent'))")
    rank = f"CASE WHEN e.kind = 'transfer_out' THEN 0 WHEN e.kind IN {_in(_EXITS)} THEN 2 ELSE 1 END"
    joined = f"(SELECT MAX(a.event_date) FROM member_events a WHERE a.member_id = {member} AND a.kind = 'admission')"
    return (
        f"SELECT {member}, "
        f"(SELECT CASE WHEN e.kind IN {_in(_ROLL_IN)} THEN e.org_id END FROM member_events e"
        f" WHERE e.member_id = {member} AND {roll} ORDER BY e.event_date DESC, {rank} DESC, e.id DESC LIMIT 1), "
        f"{joined}, "
        f"(SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = {member} AND r.kind = 'recognition'"
        f" AND r.event_date >= {joined}), "
        f"(SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e"
        f" WHERE e.member_id = {member} AND e.kind IN {_in(_AWAY)} ORDER BY e.event_date DESC, e.id DESC LIMIT 1), "
        f"(SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = {member} AND c.kind = 'far_away_contact')"
    )


_COLUMNS = "member_id, org_id, joined, recognised, away_since, last_contact"


def _trigger_statement() -> str:
    sets = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[1:])
    return (f"INSERT INTO member_states ({_COLUMNS}) {_row_select('NEW.member_id')} WHERE TRUE"
            f" ON CONFLICT (member_id) DO UPDATE SET {sets}")


def present(session: Session) -> bool:
    """Whether the database has the table (migration 0004; earlier migrations call the stats
    functions that also keep it)."""
    return inspect(session.connection()).has_table(MEMBER_STATES.name)


def create_trigger(session: Session) -> None:
    conn = session.connection()
    when = f"NEW.kind IN {_in(STATE_KINDS)}"
    if session.get_bind().dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {when} THEN {_trigger_statement()}; END IF; RETURN NULL; END $$"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON member_events FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()"
        )
    else:
        conn.exec_driver_sql(f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON member_events WHEN {when} BEGIN "
                             f"{_trigger_statement()}; END")


def drop_trigger(session: Session) -> None:
    conn = session.connection()
    if session.get_bind().dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON member_events")
    else:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER}")


def rebuild(session: Session) -> None:
    """Every member's row from the event log, set-based (one pass of aggregates and windows
    over the state events instead of the trigger's probes per member; the test suite checks
    that both give the same rows)."""
    conn = session.connection()
    # The secondary indexes are built after the rows (sorted once, instead of half a million
    # random inserts each: two thirds of the rebuild at city scale).
    for ix in MEMBER_STATES.indexes:
        ix.drop(conn)
    session.execute(delete(MEMBER_STATES))
    session.execute(text(_rebuild_statement(session.get_bind().dialect.name)))
    for ix in MEMBER_STATES.indexes:
        ix.create(conn)


def _rebuild_statement(dialect: str) -> str:
    # SQLite would walk the (kind, date) index and fetch a million rows one by one: reading
    # the table straight through is several times faster (PostgreSQL's planner does so itself).
    ev = "member_events NOT INDEXED" if dialect == "sqlite" else "member_events"
    roll = (f"(kind IN {_in((EventKind.ADMISSION, *_EXITS))} OR (kind IN ('transfer_in', 'transfer_out')"
            " AND transfer_scope = 'permanent'))")
    rank = f"CASE WHEN kind = 'transfer_out' THEN 0 WHEN kind IN {_in(_EXITS)} THEN 2 ELSE 1 END"
    return f"""
WITH g AS (
  SELECT member_id,
         MAX(CASE WHEN kind = 'admission' THEN event_date END) AS joined,
         MAX(CASE WHEN kind = 'far_away_contact' THEN event_date END) AS last_contact
  FROM {ev} WHERE kind IN {_in(STATE_KINDS)} GROUP BY member_id
), roll AS (
  SELECT member_id, org_id, kind FROM (
    SELECT member_id, org_id, kind,
           ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY event_date DESC, {rank} DESC, id DESC) AS rn
    FROM {ev} WHERE {roll}) ranked WHERE rn = 1
), away AS (
  SELECT member_id, kind, event_date FROM (
    SELECT member_id, kind, event_date,
           ROW_NUMBER() OVER (PARTITION BY member_id ORDER BY event_date DESC, id DESC) AS rn
    FROM {ev} WHERE kind IN {_in(_AWAY)}) ranked WHERE rn = 1
), rec AS (
  SELECT e.member_id, MIN(e.event_date) AS recognised
  FROM {ev.replace("member_events", "member_events AS e")} JOIN g ON g.member_id = e.member_id
  WHERE e.kind = 'recognition' AND e.event_date >= g.joined GROUP BY e.member_id
)
INSERT INTO member_states ({_COLUMNS})
SELECT g.member_id, CASE WHEN roll.kind IN {_in(_ROLL_IN)} THEN roll.org_id END, g.joined, rec.recognised,
       CASE WHEN away.kind = 'far_away_start' THEN away.event_date END, g.last_contact
FROM g
LEFT JOIN roll ON roll.member_id = g.member_id
LEFT JOIN away ON away.member_id = g.member_id
LEFT JOIN rec ON rec.member_id = g.member_id
"""


def snapshot(session: Session) -> set[tuple]:  # type: ignore[type-arg]
    """The whole table (for comparing kept and rebuilt states)."""
    return {tuple(row) for row in session.execute(MEMBER_STATES.select())}
