"""Each member's state, kept current with every write like the per-year figures (migration 0004).

``member_states`` holds one row per member with a state event: the organisation whose rolls
the member is on after their latest roll event (NULL once off every roll), the day of their
latest probation start (an admission, or a probation begun elsewhere that a transfer in records),
the first recognition on or after it (whenever it was recorded), the day
their current far-away work began (NULL when not away), their last report back from it and
the day of their first admission (migration 0016: a member readmitted after an exit is one
whose first admission is before their latest, read through a partial index by the Party
badges, whose milestones move earlier by the earlier spells).
An ``AFTER INSERT`` trigger on ``member_events`` recomputes the member's row from their own
events (a handful of index probes) in the writer's transaction, whatever writes the event;
:func:`rebuild` recomputes every row with the same SQL (``giaoban rebuild-stats`` and the
bulk loads call it). The event log stays append-only, so an insert is the only change.

``candidate_states`` (migration 0005) holds each candidate's stage after their latest stage
event and the latest expiry of their class certificates; ``link_states`` each Regulation 213
link's last exemption and its end and the first days it was ended and registered,
``link_year_comments`` the first days a comment was requested and returned for each rating
year. Triggers on ``candidate_events``
and ``residence_events`` keep them as the one above keeps the members'.

The screens read the states at a day from here instead of from the event log when no event
that decides them is dated after that day (:mod:`models.figures_rollup` checks that): the
probationary and overdue members of a catchment are then those rows whose probation may be
open (admitted recently or not recognised by the day), a few percent of all members, read
through two indexes instead of two probes per member of the catchment.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, delete, inspect, text
from sqlalchemy.orm import Session

from models.enums import CANDIDATE_STAGE_ORDER, EventKind
from models.schema import CANDIDATE_STATES, LINK_STATES, LINK_YEAR_COMMENTS, MEMBER_STATES
from models.rolls import EXITS, ROLL_IN, probation_start_sql, rank_sql, roll_sql
from models.triggers import create_row_trigger, drop_row_trigger

_AWAY = (EventKind.FAR_AWAY_START, EventKind.FAR_AWAY_END)
#: The events that change a member's row.
STATE_KINDS = (*ROLL_IN, EventKind.TRANSFER_OUT, *EXITS, EventKind.RECOGNITION, *_AWAY, EventKind.FAR_AWAY_CONTACT)


def _in(kinds) -> str:  # type: ignore[no-untyped-def]
    return "(" + ", ".join(f"'{k.value}'" for k in kinds) + ")"


def _row_select(member: str) -> str:
    """The state of the member ``member`` (an SQL expression) from their events; the same
    order as :mod:`models.rolls` defines for roll events of one day."""
    roll = roll_sql("e")
    rank = rank_sql("e.kind")
    # The latest probation start: an admission's ceremony or a probation begun elsewhere.
    joined = (f"(SELECT MAX({probation_start_sql('a')}) FROM member_events a WHERE a.member_id = {member}"
              " AND a.kind IN ('admission', 'transfer_in'))")
    return (
        f"SELECT {member}, "
        f"(SELECT CASE WHEN e.kind IN {_in(ROLL_IN)} THEN e.org_id END FROM member_events e"
        f" WHERE e.member_id = {member} AND {roll} ORDER BY e.event_date DESC, {rank} DESC, e.id DESC LIMIT 1), "
        f"{joined}, "
        f"(SELECT MIN(r.event_date) FROM member_events r WHERE r.member_id = {member} AND r.kind = 'recognition'"
        f" AND r.event_date >= {joined}), "
        f"(SELECT CASE WHEN e.kind = 'far_away_start' THEN e.event_date END FROM member_events e"
        f" WHERE e.member_id = {member} AND e.kind IN {_in(_AWAY)} ORDER BY e.event_date DESC, e.id DESC LIMIT 1), "
        f"(SELECT MAX(c.event_date) FROM member_events c WHERE c.member_id = {member} AND c.kind = 'far_away_contact'), "
        f"(SELECT MIN(a.event_date) FROM member_events a WHERE a.member_id = {member} AND a.kind = 'admission')"
    )


_COLUMNS = "member_id, org_id, joined, recognised, away_since, last_contact, first_joined"


def _upsert(table: str, columns: str, keys: str, select: str) -> str:
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", ") if c not in keys.split(", "))
    return f"INSERT INTO {table} ({columns}) {select} ON CONFLICT ({keys}) DO UPDATE SET {sets}"


# --- candidates and Regulation 213 links (migration 0005) ---------------------------------------
def _candidate_select(candidate: str) -> str:
    """A candidate's stage after their latest stage event (in the order of
    :func:`models.figures.stage_subquery`) and the latest expiry of their class certificates."""
    order = " ".join(f"WHEN '{st.value}' THEN {i}" for i, st in enumerate(CANDIDATE_STAGE_ORDER))
    return (
        f"SELECT {candidate}, "
        f"(SELECT e.stage FROM candidate_events e WHERE e.candidate_id = {candidate}"
        f" ORDER BY e.event_date DESC, CASE e.stage {order} END DESC, e.id DESC LIMIT 1), "
        f"(SELECT MAX(e.certificate_expiry) FROM candidate_events e WHERE e.candidate_id = {candidate}"
        " AND e.stage = 'class_attended')"
    )


def _first(kind: str) -> str:
    return f"MIN(CASE WHEN kind = '{kind}' THEN event_date END)"


#: A link's state from its events (what :func:`models.figures._collect_r213` reads): the last
#: exemption and its end (exact at a day when no exemption event is dated after it), the first
#: day it was ended and registered (exact at any day).
_LINK_COLUMNS = "link_id, ex_on, ex_off, ended_on, registered_on"
_LINK_SELECT = (
    "SELECT link_id, MAX(CASE WHEN kind = 'exempted' THEN event_date END),"
    f" MAX(CASE WHEN kind = 'exemption_ended' THEN event_date END), {_first('ended')}, {_first('registered')}"
    " FROM residence_events"
)
#: The first day a comment was requested and returned for each rating year (exact at any day).
_COMMENT_COLUMNS = "link_id, year, requested_on, returned_on"
_COMMENT_SELECT = f"SELECT link_id, year, {_first('comment_requested')}, {_first('comment_returned')} FROM residence_events"
_COMMENTS = "('comment_requested', 'comment_returned')"


@dataclass(frozen=True)
class _Kept:
    """A state table, the trigger that keeps it and what the trigger runs."""

    table: Table
    source: str  # the event table whose inserts change it
    trigger: str
    when: str  # the trigger's condition on NEW
    statements: tuple[str, ...]

    def create(self, session: Session) -> None:
        create_row_trigger(session, self.trigger, self.source, "INSERT", "; ".join(self.statements), self.when)

    def drop(self, session: Session) -> None:
        drop_row_trigger(session, self.trigger, self.source)


_MEMBERS = _Kept(
    MEMBER_STATES, "member_events", "member_events_states", f"NEW.kind IN {_in(STATE_KINDS)}",
    (_upsert("member_states", _COLUMNS, "member_id", _row_select("NEW.member_id") + " WHERE TRUE"),),
)
_CANDIDATES = _Kept(
    CANDIDATE_STATES, "candidate_events", "candidate_events_states", "TRUE",
    (_upsert("candidate_states", "candidate_id, stage, expiry", "candidate_id",
             _candidate_select("NEW.candidate_id") + " WHERE TRUE"),),
)
_LINKS = _Kept(
    LINK_STATES, "residence_events", "residence_events_states", "TRUE",
    (_upsert("link_states", _LINK_COLUMNS, "link_id", _LINK_SELECT + " WHERE link_id = NEW.link_id GROUP BY link_id"),
     _upsert("link_year_comments", _COMMENT_COLUMNS, "link_id, year",
             _COMMENT_SELECT + f" WHERE link_id = NEW.link_id AND year = NEW.year AND kind IN {_COMMENTS}"
             " GROUP BY link_id, year")),
)
_ALL = (_MEMBERS, _CANDIDATES, _LINKS)


def _kept(session: Session) -> list[_Kept]:
    """The state tables this database has (migrations 0004 and 0005; earlier migrations call
    the stats functions that also keep them)."""
    tables = set(inspect(session.connection()).get_table_names())
    return [k for k in _ALL if k.table.name in tables]


def present(session: Session) -> bool:
    return bool(_kept(session))


def create_trigger(session: Session) -> None:
    """The triggers that keep every state table the database has."""
    for kept in _kept(session):
        kept.create(session)


def drop_trigger(session: Session) -> None:
    for kept in _ALL:
        kept.drop(session)


def rebuild(session: Session, only: tuple[str, ...] | None = None) -> None:
    """Every state row from the event log, set-based: one pass of aggregates over the member
    events instead of the trigger's probes per member (the test suite checks that both give
    the same rows); the candidates' by the trigger's own SQL (few); the links' by one GROUP BY
    each."""
    kept = [k for k in _kept(session) if only is None or k.table.name in only]
    conn = session.connection()
    if _MEMBERS in kept:
        # The secondary indexes are built after the rows (sorted once, instead of half a
        # million random inserts each: two thirds of the rebuild at city scale).
        for ix in MEMBER_STATES.indexes:
            ix.drop(conn)
        session.execute(delete(MEMBER_STATES))
        session.execute(text(_rebuild_statement(session.get_bind().dialect.name)))
        for ix in MEMBER_STATES.indexes:
            ix.create(conn)
    if _CANDIDATES in kept:
        session.execute(delete(CANDIDATE_STATES))
        session.execute(text(
            "INSERT INTO candidate_states (candidate_id, stage, expiry) " + _candidate_select("c.id")
            + " FROM candidates c WHERE c.id IN (SELECT candidate_id FROM candidate_events)"
        ))
    if _LINKS in kept:
        session.execute(delete(LINK_STATES))
        session.execute(delete(LINK_YEAR_COMMENTS))
        session.execute(text(f"INSERT INTO link_states ({_LINK_COLUMNS}) {_LINK_SELECT} GROUP BY link_id"))
        session.execute(text(f"INSERT INTO link_year_comments ({_COMMENT_COLUMNS}) {_COMMENT_SELECT}"
                             f" WHERE kind IN {_COMMENTS} GROUP BY link_id, year"))


def _rebuild_statement(dialect: str) -> str:
    """One GROUP BY pass over the member events: the latest roll event is the largest of a
    sortable text key (day, same-day rank, id, then the organisation when it puts the member
    on a roll), the far-away state likewise; the recognition after the latest admission is the
    first recognition unless that came before it (a readmission: then one probe)."""
    sqlite = dialect == "sqlite"
    # SQLite: the member's events in index order (near the table's own order) need no sort
    # for the GROUP BY; through the (kind, date) index it would fetch a million rows one by one.
    ev = "member_events INDEXED BY ix_member_events_member_date" if sqlite else "member_events"

    def pad(expr: str) -> str:
        return f"printf('%012d', {expr})" if sqlite else f"lpad(CAST({expr} AS TEXT), 12, '0')"

    day = "event_date" if sqlite else "to_char(event_date, 'YYYY-MM-DD')"
    largest = "MAX({})" if sqlite else 'MAX({} COLLATE "C")'
    roll = roll_sql("member_events")
    rank = f"CAST({rank_sql('kind')} AS TEXT)"
    roll_key = (f"CASE WHEN {roll} THEN {day} || {rank} || {pad('id')} || CASE WHEN kind IN {_in(ROLL_IN)}"
                " THEN CAST(org_id AS TEXT) ELSE '' END END")
    away_key = (f"CASE WHEN kind IN {_in(_AWAY)} THEN {day} || {pad('id')} || CASE WHEN kind = 'far_away_start'"
                " THEN 'S' ELSE 'E' END END")
    away_day = "substr(away, 1, 10)" if sqlite else "CAST(substr(away, 1, 10) AS DATE)"
    return f"""
INSERT INTO member_states ({_COLUMNS})
SELECT member_id, CAST(NULLIF(substr(roll, 24), '') AS INTEGER), joined,
       CASE WHEN first_rec IS NULL OR joined IS NULL THEN NULL WHEN first_rec >= joined THEN first_rec
            ELSE (SELECT MIN(r.event_date) FROM member_events r
                  WHERE r.member_id = g.member_id AND r.kind = 'recognition' AND r.event_date >= g.joined) END,
       CASE WHEN substr(away, 23, 1) = 'S' THEN {away_day} END, last_contact, first_joined
FROM (
  SELECT member_id,
         MAX({probation_start_sql('member_events')}) AS joined,
         MIN(CASE WHEN kind = 'admission' THEN event_date END) AS first_joined,
         MIN(CASE WHEN kind = 'recognition' THEN event_date END) AS first_rec,
         MAX(CASE WHEN kind = 'far_away_contact' THEN event_date END) AS last_contact,
         {largest.format(roll_key)} AS roll,
         {largest.format(away_key)} AS away
  FROM {ev} WHERE kind IN {_in(STATE_KINDS)} GROUP BY member_id
) g
"""


def snapshot(session: Session) -> dict[str, set[tuple]]:  # type: ignore[type-arg]
    """Every state table's rows (for comparing kept and rebuilt states)."""
    tables = [k.table for k in _kept(session)]
    if LINK_STATES in tables:
        tables.append(LINK_YEAR_COMMENTS)
    return {t.name: {tuple(row) for row in session.execute(t.select())} for t in tables}
