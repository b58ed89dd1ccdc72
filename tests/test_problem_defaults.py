"""The problem rules' default thresholds (rules.toml) flag a number of organisations a
committee can go through at a briefing, on the Cần Giờ fixture; the reasoning is in rules.toml."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import Engine

from fixtures.can_gio import load
from models.figures.data import Period
from models.tree import get_org
from models.uow import read_session
from tests.figures_api import find_problems

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    load(engine, TODAY)
    return engine


def _flagged(engine: Engine, root: str, period: Period, as_of: dt.date) -> tuple[int, Counter[str]]:
    with read_session(engine) as s:
        problems = find_problems(s, get_org(s, root).id, period, as_of)
    return len(problems), Counter(h.rule for p in problems for h in p.hits)


def test_defaults_flag_what_a_committee_can_act_on(loaded: Engine) -> None:
    # 2022, at its end: the district's ~180 organisations that can be flagged. The old defaults
    # flagged 45, 39 of them for one residence comment in twenty not yet back.
    n, rules = _flagged(loaded, "CG", Period.year(2022), dt.date(2022, 12, 31))
    assert 10 <= n <= 25, (n, rules)
    assert rules["r213_comments_missing"] <= 10 and "removals_or_leaves" not in rules
    # 2026 as of 28/11, under today's tree (the four communes under the city): the old
    # defaults flagged 50.
    n, rules = _flagged(loaded, "HCM", Period.year(2026), TODAY)
    assert 20 <= n <= 40, (n, rules)
    assert rules["r213_comments_missing"] <= 10


def test_a_pattern_of_removals_over_the_term_still_flags(loaded: Engine) -> None:
    n, rules = _flagged(loaded, "CG", Period(2020, 2022), dt.date(2022, 12, 31))
    assert 5 <= rules["removals_or_leaves"] <= 15 and n <= 40, (n, rules)
