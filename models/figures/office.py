"""The organisation office's standard figures (issue 18) of an organisation and each of its
children: the statistical report of members (:mod:`models.figures.statistics`), the members' make-up
(:mod:`models.figures.makeup`), disciplinary
measures (the ``member_discipline`` table of :mod:`models.discipline`, with expulsions from the
log), Party badges (:mod:`models.figures.badges`) and quality ratings (the tables of
:mod:`models.ratings`), and the JSON objects the report carries for each.

Consumers ask :func:`models.figures.service.briefing` for :attr:`Part.OFFICE`; they cost a
replay of the events of the members touched in the period, so only what shows them asks.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import aliased
from sqlalchemy.orm import Session

from models.enums import EventKind
from models.figures.badges import badge_counts
from models.figures.makeup import Makeup, makeup_figures
from models.figures.cards import card_counts
from models.figures.periods import DayPeriod
from models.figures.sql import in_ids
from models.office_schema import DISCIPLINE_KEYS, MemberDiscipline, MemberRating, OrgRating, QualityRating
from models.schema import MemberEvent
from models.rules import Rules
from models.figures.statistics import MemberStatistics, events_by_member, member_statistics, report_groups


@dataclass(frozen=True)
class OfficeFigures:
    period: DayPeriod
    statistics: Mapping[int, MemberStatistics]  # the root and each child, by organisation id
    discipline: Mapping[int, Mapping[str, int]]  # measures (and expulsions) by kind, same keys
    badges: Mapping[int, Mapping[str, int]]  # members reaching each milestone, by its years
    ratings: Mapping[int, Mapping[str, Any]]  # the last rated year's ratings (models.ratings)
    makeup: Mapping[int, Makeup]  # the members' make-up at the period's end (models.figures.makeup)
    # Party cards issued in the period and official members awaiting one (models.figures.cards).
    cards: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    def json_for(self, org_id: int) -> dict[str, Any]:
        """The report's objects for one organisation (empty when it has no figures)."""
        stats = self.statistics.get(org_id)
        if stats is None:
            return {}
        return {
            "statistics": stats.as_json(),
            "statistics_detail": stats.detail_json(),
            "discipline": dict(self.discipline.get(org_id, {})),
            "badges": dict(self.badges.get(org_id, {})),
            "ratings": dict(self.ratings.get(org_id, {})),
            "makeup": self.makeup[org_id].as_json() if org_id in self.makeup else {},
            "cards": dict(self.cards.get(org_id, {})),
        }

    def period_json(self) -> dict[str, Any]:
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(), "label": self.period.label}


def office_figures(session: Session, root_id: int, period: DayPeriod, as_of: dt.date, rules: Rules | None = None) -> OfficeFigures:
    """The office's figures of ``root_id`` and each of its children (under the tree of
    ``as_of``) for ``period``. Each reads only the members it needs: in a small area (a cell,
    a grassroots organisation) every member who ever had an event there, read once and
    replayed (the plain definition); in a larger one the statistics replay the members
    touched in the period and count the others from their kept states, and the badges read
    those whose admission is a milestone away."""
    groups = report_groups(session, root_id, as_of)
    logs = None
    if len(groups[root_id]) <= SMALL_AREA:
        # Reading the area's few members is cheaper than finding those touched in the
        # period among every member of the database.
        logs = events_by_member(session, groups[root_id], period.end)
    return OfficeFigures(
        period,
        member_statistics(session, root_id, period, as_of, rules, groups, logs),
        discipline_counts(session, groups, period),
        badge_counts(session, groups, period, rules, logs),
        rating_counts(session, groups, period),
        # The make-up at the last day counted (the period's end, or the day of the figures).
        makeup_figures(session, groups, root_id, period, period.end, rules),
        card_counts(session, groups, period, rules),
    )


#: Up to this many organisations (about forty members on the rolls of each, living and gone)
#: the office's figures replay every member of the area.
SMALL_AREA = 60


def discipline_counts(session: Session, groups: Mapping[int, set[int]], period: DayPeriod) -> dict[int, dict[str, int]]:
    """For each organisation of ``groups`` (id -> its catchment), the measures dated in
    ``period`` at an organisation of its catchment, by :data:`DISCIPLINE_KEYS`."""
    where: dict[int, list[int]] = defaultdict(list)
    for oid, members in groups.items():
        for o in members:
            where[o].append(oid)
    out = {oid: dict.fromkeys(DISCIPLINE_KEYS, 0) for oid in groups}
    for chunk in _chunks(sorted(where)):
        measures = session.execute(select(MemberDiscipline.org_id, MemberDiscipline.kind).where(
            _among(MemberDiscipline.org_id, chunk), MemberDiscipline.event_date.between(period.start, period.end)))
        expulsions = session.execute(select(MemberEvent.org_id, MemberEvent.kind).where(
            _among(MemberEvent.org_id, chunk), MemberEvent.kind == EventKind.EXPULSION,
            MemberEvent.event_date.between(period.start, period.end)))
        for org_id, kind in [*measures, *expulsions]:
            for oid in where.get(org_id, ()):
                out[oid][str(getattr(kind, "value", kind))] += 1
    return out


#: Up to this many organisations a read names them (index probes per organisation); a larger
#: area reads the period's rows of every organisation (through the date indexes) and keeps
#: those of the area in Python.
_NAMED_AREA = 2000


def _chunks(ids: list[int]) -> list[list[int] | None]:
    """The area's ids to name in each read, or one None: read every organisation's rows."""
    return [ids] if len(ids) <= _NAMED_AREA else [None]


def _among(column: Any, chunk: list[int] | None) -> Any:
    return true() if chunk is None else in_ids(column, chunk)


def rating_counts(session: Session, groups: Mapping[int, set[int]], period: DayPeriod) -> dict[int, dict[str, Any]]:
    """For each organisation of ``groups`` (id -> catchment): the last whole year ended by the
    period's end with a rating in its catchment, and how many members and organisations (those below
    it) got each rating that year, and how many members were rated "not completed" that year
    and the year before."""
    # Ratings are of whole years: a period ending inside a year reads the year before.
    last_year = period.end.year if (period.end.month, period.end.day) == (12, 31) else period.end.year - 1
    members: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    orgs: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    twice: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    ids = sorted(set().union(*groups.values())) if groups else []
    for chunk in _chunks(ids) if ids else []:
        for table, into in ((MemberRating, members), (OrgRating, orgs)):
            rows = session.execute(
                select(table.org_id, table.year, table.rating, func.count())
                .where(_among(table.org_id, chunk), table.year <= last_year)
                .group_by(table.org_id, table.year, table.rating)
            )
            for org_id, year, rating, n in rows:
                into[org_id][year][str(getattr(rating, "value", rating))] += n
        # Members rated "not completed" in a year and the year before it, where rated last.
        before = aliased(MemberRating, name="before")
        repeated = session.execute(
            select(MemberRating.org_id, MemberRating.year, func.count())
            .join(before, and_(before.member_id == MemberRating.member_id, before.year == MemberRating.year - 1))
            .where(_among(MemberRating.org_id, chunk), MemberRating.year <= last_year,
                   MemberRating.rating == QualityRating.NOT_COMPLETED, before.rating == QualityRating.NOT_COMPLETED)
            .group_by(MemberRating.org_id, MemberRating.year)
        )
        for org_id, year, n in repeated:
            twice[org_id][year] += n
    out: dict[int, dict[str, Any]] = {}
    for oid, catchment in groups.items():
        mine_m = [(y, r, n) for o in catchment for y, by in members.get(o, {}).items() for r, n in by.items()]
        mine_o = [(y, r, n) for o in catchment if o != oid for y, by in orgs.get(o, {}).items() for r, n in by.items()]
        years = {y for y, _, _ in mine_m} | {y for y, _, _ in mine_o}
        last = max(years) if years else None
        out[oid] = {
            "year": last,
            "members": {r.value: sum(n for y, k, n in mine_m if y == last and k == r.value) for r in QualityRating},
            "organisations": {r.value: sum(n for y, k, n in mine_o if y == last and k == r.value) for r in QualityRating},
            # Not completing the tasks two years running is what the removal rules weigh
            # (DOMAIN.md §3: failing member standing two years running); the cell considers it.
            "members_not_completed_two_years": sum(twice.get(o, {}).get(last, 0) for o in catchment) if last else 0,
        }
    return out


__all__ = ["OfficeFigures", "discipline_counts", "office_figures", "rating_counts"]
