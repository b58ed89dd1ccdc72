"""Party cards in the office's figures (issue 18): the cards issued in a period and the
official members awaiting one at its end, per organisation of a report.

- **issued**: cards (``party_cards``, :mod:`models.cards`) dated in the period at an
  organisation of the catchment, a card issued again included (the office counts cards);
- **awaiting**: members official at the period's end (:attr:`models.membership.MemberState.official`,
  the definition the statistics' ``official_end`` uses) on the rolls of the catchment, with no
  card issued by that day (a card known with no day, from before migration 0019, counts as held);
- **longest_wait_days**: among those, the longest time since they became official (the end of
  the probation; for a member who came in by transfer, their first day on these rolls), None
  when no one awaits.

Only the members on the rolls of the area at the period's end with no card by then are
replayed (the probationary and those awaiting): one window over the roll events of the members
without a card, then their events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, or_, select

from sqlalchemy.orm import Session

from models.figures.periods import DayPeriod
from models.membership import replay
from models.office_schema import PartyCard
from models.rolls import on_rolls_subquery
from models.rules import Rules, default_rules
from models.schema import Member, MemberEvent, table_of

#: Up to this many organisations in the area, the roll window is narrowed to them in SQL.
_NARROW_AREA = 2000

#: The keys of the ``cards`` object of the report's JSON.
CARD_KEYS = ("issued", "awaiting", "longest_wait_days")


def without_card(period: DayPeriod) -> Any:
    """A select of the members holding no card at the end of ``period``."""
    held = exists(select(PartyCard.id).where(
        PartyCard.member_id == Member.id, or_(PartyCard.issued_on.is_(None), PartyCard.issued_on <= period.end)))
    return select(Member.id).where(~held)


def card_counts(session: Session, groups: Mapping[int, set[int]], period: DayPeriod,
                rules: Rules | None = None) -> dict[int, dict[str, Any]]:
    """For each organisation of ``groups`` (id -> catchment): :data:`CARD_KEYS` for ``period``."""
    rules = rules or default_rules()
    where: dict[int, list[int]] = defaultdict(list)
    for oid, members in groups.items():
        for o in members:
            where[o].append(oid)
    issued = dict.fromkeys(groups, 0)
    ids = sorted(where)
    for i in range(0, len(ids), 5000):
        for (org_id,) in session.execute(select(PartyCard.org_id).where(
                PartyCard.org_id.in_(ids[i:i + 5000]), PartyCard.issued_on.between(period.start, period.end))):
            for oid in where.get(org_id, []) if org_id is not None else []:
                issued[oid] += 1
    awaiting = dict.fromkeys(groups, 0)
    longest: dict[int, int | None] = dict.fromkeys(groups)
    for member_id, log in _on_rolls_without_card(session, ids, period).items():
        state = replay(member_id, log, period.end, rules)
        if not state.official or state.org_id is None:
            continue
        since = state.probation_end if state.admitted_on is not None else log[0].event_date
        wait = (period.end - since).days if since is not None else None
        for oid in where.get(state.org_id, []):
            awaiting[oid] += 1
            if wait is not None and (longest[oid] is None or wait > (longest[oid] or 0)):
                longest[oid] = wait
    return {oid: {"issued": issued[oid], "awaiting": awaiting[oid], "longest_wait_days": longest[oid]} for oid in groups}


def _on_rolls_without_card(session: Session, area: list[int], period: DayPeriod) -> dict[int, list[Any]]:
    """Every event (plain rows, date then recording order) of each member on the rolls of an
    organisation of ``area`` at the end of ``period`` who holds no card by then."""
    members = without_card(period)
    if len(area) <= _NARROW_AREA:
        # Only those with an event in the area (an index probe per organisation) are looked at.
        members = members.where(Member.id.in_(select(MemberEvent.member_id).where(MemberEvent.org_id.in_(area))))
    rolls = on_rolls_subquery(period.end, members)
    stmt = select(rolls.c.member_id, rolls.c.org_id)
    if len(area) <= _NARROW_AREA:
        stmt = stmt.where(rolls.c.org_id.in_(area))
    inside = set(area)
    wanted = sorted(m for m, org in session.execute(stmt) if org in inside)
    columns = table_of(MemberEvent).c
    out: dict[int, list[Any]] = {}
    for i in range(0, len(wanted), 5000):
        rows = session.execute(select(*columns).where(columns.member_id.in_(wanted[i:i + 5000]))
                               .order_by(columns.member_id, columns.event_date, columns.id))
        for ev in rows:
            out.setdefault(ev.member_id, []).append(ev)
    return out


__all__ = ["CARD_KEYS", "card_counts", "without_card"]
