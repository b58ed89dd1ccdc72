"""Huy hiệu Đảng: the members reaching 30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85 or 90 years
of Party membership (tuổi đảng) in a period, per organisation of a report (the milestones of
Hướng dẫn 01-HD/TW (2021), mục 18).

How membership is counted (Điều lệ Đảng, Điều 5 khoản 4; Quy định 24-QĐ/TW (2021), điểm 4.5.1;
Hướng dẫn 01-HD/TW (2021), điểm 5.3):
- from the admission (the log keeps the ceremony's date, the date the member joined; the
  Regulation names the date of the admission decision, which the log does not keep apart);
- only for a member recognised as official: the probation then counts, as part of the spell;
  a member whose latest admission was not followed by recognition has no Party age yet;
- a readmitted member counts from the first admission, less the time out of the Party
  (between an exit — removal, leave, expulsion — and the readmission); a spell that ended
  without recognition (probation failed) does not count; time out of contact or between
  transfers, which the Regulation also deducts, is not in the log and is not deducted;
- a member who joined elsewhere and came in by transfer has no admission in the log, so no
  milestone can be computed for them (the office records their card's joining date by hand).
The milestone's day is the anniversary of the latest admission, moved earlier by the days
of the earlier spells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, text, union
from sqlalchemy.orm import Session

from models.enums import EXIT_KINDS, EventKind
from models.membership import replay
from models.figures.periods import DayPeriod
from models.rules import Rules, add_months, default_rules
from models.schema import MEMBER_STATES, READMITTED_PREDICATE, MemberEvent
from models.figures.statistics import events_by_member

#: Years of Party membership that earn a badge (Hướng dẫn 01-HD/TW (2021), mục 18).
MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


@dataclass(frozen=True)
class Spell:
    start: dt.date
    end: dt.date | None  # the exit; None while it runs
    recognised: bool


def spells(events: Sequence[Any]) -> list[Spell]:
    """A member's spells of membership, oldest first (events in date, then recording order)."""
    out: list[Spell] = []
    for ev in events:
        if ev.kind == EventKind.ADMISSION:
            out.append(Spell(ev.event_date, None, False))
        elif out and out[-1].end is None and ev.kind == EventKind.RECOGNITION:
            out[-1] = Spell(out[-1].start, None, True)
        elif out and out[-1].end is None and ev.kind in EXIT_KINDS:
            out[-1] = Spell(out[-1].start, ev.event_date, out[-1].recognised)
    return out


def milestone_day(member_spells: Sequence[Spell], years: int) -> dt.date | None:
    """The day the member completes ``years`` of Party membership, in the running spell; None
    when no spell runs or it has not been recognised."""
    if not member_spells or member_spells[-1].end is not None or not member_spells[-1].recognised:
        return None
    *earlier, current = member_spells
    counted = sum(((s.end - s.start).days for s in earlier if s.recognised and s.end is not None), 0)
    return add_months(current.start, 12 * years) - dt.timedelta(days=counted)


def badge_candidates(period: DayPeriod) -> Any:
    """A select of the members who may reach a milestone in ``period``: an admission the
    milestone's years before a day of it (a few days' slack either side, for the ends of
    months), or more than one admission (a readmitted member's milestone moves earlier by the
    earlier spells; read from ``member_states``, kept with every event). :func:`badge_counts`
    checks each exactly."""
    admission = MemberEvent.kind == EventKind.ADMISSION
    slack = dt.timedelta(days=3)
    windows = [
        MemberEvent.event_date.between(_years_before(period.start, y) - slack, _years_before(period.end, y) + slack)
        for y in MILESTONES
    ]
    once = select(MemberEvent.member_id).where(admission, or_(*windows))
    # Admitted more than once: the kept first admission is before the latest (migration 0016;
    # the condition verbatim, so that SQLite reads the partial index).
    again = select(MEMBER_STATES.c.member_id).where(text(READMITTED_PREDICATE))
    return union(once, again)


def _years_before(day: dt.date, years: int) -> dt.date:
    return add_months(day, -12 * years) if day.year > years + 1 else dt.date(1, 1, 4)


def badge_counts(
    session: Session, groups: Mapping[int, set[int]], period: DayPeriod, rules: Rules | None = None,
    events: Mapping[int, Sequence[Any]] | None = None,
) -> dict[int, dict[str, int]]:
    """For each organisation of ``groups`` (id -> catchment), the members on the rolls of its
    catchment who reach each milestone on a day of ``period``, keyed by the years as text.
    ``events``: :func:`models.figures.statistics.events_by_member` when the caller has it already."""
    rules = rules or default_rules()
    where: dict[int, list[int]] = {}
    for oid, members in groups.items():
        for o in members:
            where.setdefault(o, []).append(oid)
    out = {oid: {str(y): 0 for y in MILESTONES} for oid in groups}
    area = set().union(*groups.values()) if groups else set()
    logs = events if events is not None else events_by_member(session, area, period.end, only=badge_candidates(period))
    for member_id, member_log in logs.items():
        member_spells = spells(member_log)
        if not member_spells or member_spells[-1].end is not None:
            continue
        # Whole years of membership at the period's edges (a year's slack either side): only
        # the milestones in between can fall inside it.
        span = (period.start - member_spells[-1].start).days / 365.25 - 1, (period.end - member_spells[-1].start).days / 365.25 + 1
        counted = sum(((s.end - s.start).days for s in member_spells[:-1] if s.recognised and s.end is not None), 0) / 365.25
        for years in MILESTONES:
            if not span[0] + counted <= years <= span[1] + counted:
                continue
            day = milestone_day(member_spells, years)
            if day is None or not period.start <= day <= period.end:
                continue
            state = replay(member_id, member_log, day, rules)
            if not state.official or state.org_id is None:
                continue
            for oid in where.get(state.org_id, []):
                out[oid][str(years)] += 1
    return out


__all__ = ["MILESTONES", "Spell", "badge_counts", "milestone_day", "spells"]
