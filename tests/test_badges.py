"""Party badges (models.figures.badges): the members reaching each milestone of Party membership in a
period, counted as the Charter and its guidance count it, per organisation."""

from __future__ import annotations

import datetime as dt

from models.figures.badges import MILESTONES
from models.enums import EventKind, OrgKind, RemovalGround
from models.figures.office import office_figures
from models.figures.periods import parse_period
from models.uow import read_session
from tests.builders import build

D = dt.date


def _badges(engine, root_id, text, as_of=None):
    period = parse_period(text)
    with read_session(engine) as s:
        figures = office_figures(s, root_id, period, as_of or period.end)
    return {oid: {k: v for k, v in figures.badges[oid].items() if v} for oid in figures.badges}


def _world(engine):
    with build(engine) as b:
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        b.admit(a, D(1996, 5, 19), recognised=True)  # 30 years on 19 May 2026
        b.admit(a, D(1976, 2, 3), recognised=True)  # 50 years on 3 February 2026
        gone = b.admit(a, D(1996, 4, 10), recognised=True)
        b.remove(gone, a, D(2010, 3, 1))  # off the rolls: no badge in 2026
        moved = b.admit(a, D(1986, 6, 2), recognised=True)  # 40 years on 2 June 2026, at B by then
        b.transfer(moved, a, bb, D(2020, 1, 15))
        # Readmitted after a first probation that failed: only the second spell counts.
        failed = b.admit(a, D(1985, 1, 1))
        b.remove(failed, a, D(1985, 9, 1), ground=RemovalGround.PROBATION_FAILED)
        b.admit(a, D(1996, 4, 20), member=failed, recognised=True)  # 30 years on 20 April 2026
        # Readmitted after leaving as an official member: the first spell's ten years count.
        back = b.admit(bb, D(1990, 1, 10), recognised=True)
        b.event(back, bb, EventKind.LEAVE, D(2000, 1, 10))
        b.admit(bb, D(2005, 3, 1), member=back, recognised=True)
        b.admit(bb, D(2026, 1, 5))  # probationary: no Party age yet
        return x.id, a.id, bb.id


def test_members_reaching_a_milestone_in_the_period_by_organisation(engine):
    x, a, b = _world(engine)
    assert _badges(engine, x, "2026-Q1") == {x: {"50": 1}, a: {"50": 1}, b: {}}
    assert _badges(engine, x, "2026-Q2") == {x: {"30": 2, "40": 1}, a: {"30": 2}, b: {"40": 1}}
    assert _badges(engine, x, "2026-H2", as_of=D(2026, 12, 31)) == {x: {}, a: {}, b: {}}


def test_readmission_counts_from_the_first_admission_less_the_time_out(engine):
    x, _a, b = _world(engine)
    # Ten years (1990–2000) in the first spell: 30 years fall ten years (in days) before the
    # thirtieth anniversary of the readmission.
    day = D(2035, 3, 1) - (D(2000, 1, 10) - D(1990, 1, 10))
    assert day.year == 2025
    quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    assert _badges(engine, x, quarter, as_of=D(2025, 12, 31))[b] == {"30": 1}
    # The thirtieth anniversary of the readmission (2035) is the fortieth year of membership.
    assert _badges(engine, x, "2035", as_of=D(2026, 12, 31))[b] == {"40": 1}


def test_the_badges_object_has_every_milestone(engine):
    x, _a, _b = _world(engine)
    period = parse_period("2026")
    with read_session(engine) as s:
        out = office_figures(s, x, period, D(2026, 12, 31)).json_for(x)
    assert list(out["badges"]) == [str(y) for y in MILESTONES]
    assert (out["badges"]["30"], out["badges"]["40"], out["badges"]["50"]) == (2, 1, 1)


def test_a_large_area_finds_the_same_badges_among_the_candidates(engine, monkeypatch):
    # Up to office.SMALL_AREA organisations every member of the area is replayed; above it the
    # badges read only the candidates: admissions a milestone before the period and the members
    # admitted more than once (member_states.first_joined, migration 0016). Both give the same.
    import models.figures.office as office

    x, a, b = _world(engine)
    periods = [("2026-Q1", None), ("2026-Q2", None), ("2025-Q1", D(2025, 12, 31)), ("2035", D(2026, 12, 31))]
    small = {p: _badges(engine, x, p, as_of=day) for p, day in periods}
    monkeypatch.setattr(office, "SMALL_AREA", 0)
    assert {p: _badges(engine, x, p, as_of=day) for p, day in periods} == small
    assert small["2025-Q1"][b] == {"30": 1} and small["2035"][b] == {"40": 1}
    assert small["2026-Q2"] == {x: {"30": 2, "40": 1}, a: {"30": 2}, b: {"40": 1}}
