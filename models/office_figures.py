"""The organisation office's standard figures for one report (issue 18), per organisation:
the statistical report of members (:mod:`models.statistics`), disciplinary measures
(:mod:`models.discipline`), Party badges (:mod:`models.badges`), quality ratings (:mod:`models.ratings`), and the JSON objects the
briefing report carries for its root and each child.

Kept apart from :mod:`models.report` so that the report only asks for them and adds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from models.badges import badge_counts
from models.discipline import discipline_counts
from models.periods import DayPeriod
from models.ratings import rating_counts
from models.rules import Rules
from models.statistics import MemberStatistics, events_by_member, member_statistics, report_groups


@dataclass(frozen=True)
class OfficeFigures:
    period: DayPeriod
    statistics: Mapping[int, MemberStatistics]  # the root and each child, by organisation id
    discipline: Mapping[int, Mapping[str, int]]  # measures (and expulsions) by kind, same keys
    badges: Mapping[int, Mapping[str, int]]  # members reaching each milestone, by its years
    ratings: Mapping[int, Mapping[str, Any]]  # the last rated year's ratings (models.ratings)


def office_figures(session: Session, root_id: int, period: DayPeriod, as_of: dt.date, rules: Rules | None = None) -> OfficeFigures:
    groups = report_groups(session, root_id, as_of)
    events = events_by_member(session, groups[root_id], period.end)  # read once for both
    return OfficeFigures(
        period,
        member_statistics(session, root_id, period, as_of, rules, groups, events),
        discipline_counts(session, groups, period),
        badge_counts(session, groups, period, rules, events),
        rating_counts(session, groups, period),
    )


def office_json(figures: OfficeFigures, org_id: int) -> dict[str, Any]:
    """The objects for one organisation of the report (empty when it has no figures)."""
    stats = figures.statistics.get(org_id)
    if stats is None:
        return {}
    return {
        "statistics": stats.as_json(),
        "statistics_detail": stats.detail_json(),
        "discipline": dict(figures.discipline.get(org_id, {})),
        "badges": dict(figures.badges.get(org_id, {})),
        "ratings": dict(figures.ratings.get(org_id, {})),
    }


def office_period_json(figures: OfficeFigures) -> dict[str, Any]:
    return {"from": figures.period.start.isoformat(), "to": figures.period.end.isoformat(), "label": figures.period.label}


__all__ = ["OfficeFigures", "office_figures", "office_json", "office_period_json"]
