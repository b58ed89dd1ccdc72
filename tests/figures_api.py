"""The figures engine as the tests call it: its entry point for the system actor
(:func:`overview`, :func:`org_figures`, :func:`find_problems`, :func:`year_books`), and the
event-log source on its own (the ``*_from_events`` functions), which the tests compare with
the entry point's choice.

``day`` is the tree's day, as for :func:`models.figures.service.briefing`; the figures are
those of the period at ``min(period end, day)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from models.access import SYSTEM
from models.figures import events
from models.figures.data import OrgFigures, Overview, Period, Problem, YearFlows
from models.figures.memo import FiguresMemo
from models.figures.problems import problems_in_scope
from models.figures.service import Briefing, Part, briefing, figures_day, first_data_year, within_data
from models.rules import Rules


def ask(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None,
        memo: FiguresMemo | None = None, parts: frozenset[Part] = frozenset({Part.OVERVIEW})) -> Briefing:
    return briefing(s, SYSTEM, org_id, period, tree_day=day, today=day, parts=parts, rules=rules, memo=memo)


def overview(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None,
             memo: FiguresMemo | None = None) -> Overview:
    got = ask(s, org_id, period, day, rules, memo).overview
    assert got is not None
    return got


def org_figures(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None) -> OrgFigures:
    return overview(s, org_id, period, day, rules).figures


def find_problems(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None,
                  memo: FiguresMemo | None = None) -> list[Problem]:
    return list(ask(s, org_id, period, day, rules, memo, frozenset({Part.PROBLEMS})).problems or ())


def year_books(s: Session, org_id: int, period: Period, day: dt.date) -> tuple[YearFlows, ...]:
    """The books of every year of ``period`` (the trend part reads only the years with data)."""
    return org_figures(s, org_id, period, day).years


def scope_from_events(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None) -> events.Scope:
    return events.compute_scope(s, org_id, period, figures_day(period, day), rules, tree_day=day)


def overview_from_events(s: Session, org_id: int, period: Period, day: dt.date, rules: Rules | None = None) -> Overview:
    ov = events.overview_of_scope(s, scope_from_events(s, org_id, period, day, rules))
    return replace(ov, figures=within_data(ov.figures, first_data_year(s)), tree_day=day)


def org_figures_from_events(s: Session, org_id: int, period: Period, day: dt.date,
                            rules: Rules | None = None) -> OrgFigures:
    fig = scope_from_events(s, org_id, period, day, rules).figures(org_id)
    return within_data(fig, first_data_year(s))


def find_problems_from_events(s: Session, org_id: int, period: Period, day: dt.date,
                              rules: Rules | None = None) -> list[Problem]:
    return problems_in_scope(scope_from_events(s, org_id, period, day, rules))
