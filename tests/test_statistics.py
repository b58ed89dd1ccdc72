"""The statistical report of Party members (models.figures.statistics): each figure against events
built here, and the books balancing by status for every organisation and period."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models.access import SYSTEM
from models.enums import EventKind, OrgKind, TransferScope
from models.membership import members_on_rolls
from models.figures.periods import DayPeriod, parse_period
from models.record import create_org
from models.schema import Organisation
from models.figures.statistics import IN_FLOWS, OUT_FLOWS, STATISTICS_KEYS, STATUSES, events_by_member, member_statistics
from models.tree import catchment
from models.uow import read_session, write_session
from tests.builders import build
from tests.test_books_property import CELLS, FIRST_YEAR, LAST_YEAR, _apply, _example, step

D = dt.date
Q2 = DayPeriod.quarter(2026, 2)


def _names():
    """Names an import accepts (the scene is exported and imported back)."""
    return iter(f"{family} {given}" for family in ("Nguyễn Văn", "Trần Thị") for given in
                ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quân", "Thảo", "Vy"))


def _officials(b, org, count, names):
    """Long-standing official members."""
    return [b.admit(org, D(2010, 1, 1), recognised=True, name=next(names)) for _ in range(count)]


def _scene(engine):
    """A commune with cells A and B, and a second quarter of 2026 with one of every flow."""
    names = _names()
    with build(engine) as b:
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        o1, o2, _a3 = _officials(b, a, 3, names)
        o3, o4, o5, o6, o7, july = _officials(b, bb, 6, names)
        probationer = b.admit(a, D(2025, 5, 10), name=next(names))
        # Probation ends on 10 May 2026; the decision (20 May) makes them official from then.
        b.event(probationer, a, EventKind.RECOGNITION, D(2026, 5, 20))
        b.admit(bb, D(2026, 3, 1), name=next(names))  # before the quarter: probationary at its start and end
        b.admit(a, D(2026, 4, 15), name=next(names))  # admitted in the quarter
        arrival = b.member(name=next(names))
        b.event(arrival, bb, EventKind.TRANSFER_IN, D(2026, 4, 20), transfer_scope=TransferScope.PERMANENT,
                counterpart_text="Quận 1")
        b.event(o4, bb, EventKind.LEAVE, D(2026, 4, 5))
        b.transfer(o1, a, bb, D(2026, 5, 1))
        b.transfer(o7, bb, a, D(2026, 5, 5), scope=TransferScope.TEMPORARY)
        b.event(o2, a, EventKind.TRANSFER_OUT, D(2026, 6, 1), transfer_scope=TransferScope.PERMANENT,
                counterpart_text="Huyện Nhà Bè")
        b.remove(o3, bb, D(2026, 6, 10))
        b.event(o5, bb, EventKind.EXPULSION, D(2026, 6, 15))
        b.event(o6, bb, EventKind.DEATH, D(2026, 6, 20))
        b.event(july, bb, EventKind.DEATH, D(2026, 7, 2))  # after the quarter
        return x.id, a.id, bb.id


def test_each_figure_of_a_quarter_comes_from_its_events(engine):
    x, a, b = _scene(engine)
    with read_session(engine) as s:
        stats = member_statistics(s, x, Q2, Q2.end)
    assert list(stats) == [x, a, b]
    assert stats[x].as_json() == {
        "start": 11, "end": 8, "probationary_end": 2, "official_end": 6, "admitted": 1, "recognised": 1,
        "transfer_in": 1, "transfer_out": 1, "removed": 1, "left": 1, "expelled": 1, "died": 1,
    }
    assert stats[a].as_json() == {
        "start": 4, "end": 3, "probationary_end": 1, "official_end": 2, "admitted": 1, "recognised": 1,
        "transfer_in": 0, "transfer_out": 2, "removed": 0, "left": 0, "expelled": 0, "died": 0,
    }
    assert stats[b].as_json() == {
        "start": 7, "end": 5, "probationary_end": 1, "official_end": 4, "admitted": 0, "recognised": 0,
        "transfer_in": 2, "transfer_out": 0, "removed": 1, "left": 1, "expelled": 1, "died": 1,
    }
    transfers_a = stats[a].detail_json()["transfers"]
    assert transfers_a["out"]["permanent"] == {"within": 1, "outside": 1}  # to B; to Nhà Bè
    assert transfers_a["in"]["temporary"] == {"within": 1, "outside": 0}  # o7's stay from B
    transfers_b = stats[b].detail_json()["transfers"]
    assert transfers_b["in"]["permanent"] == {"within": 1, "outside": 1}  # from A; from Quận 1
    assert transfers_b["out"]["temporary"] == {"within": 1, "outside": 0}
    # At the commune the move between its cells and the temporary stay cross no boundary.
    root = stats[x].detail_json()["transfers"]
    assert root["in"]["permanent"] == {"within": 0, "outside": 1}
    assert root["out"]["temporary"] == {"within": 0, "outside": 0}
    assert set(stats[x].as_json()) == set(STATISTICS_KEYS)


def test_opening_and_closing_figures_agree_with_the_rolls(engine):
    x, a, b = _scene(engine)
    with read_session(engine) as s:
        stats = member_statistics(s, x, Q2, Q2.end)
        for oid in (x, a, b):
            ids = catchment(s, oid, Q2.end)
            start, end = members_on_rolls(s, ids, Q2.day_before), members_on_rolls(s, ids, Q2.end)
            assert (stats[oid].total("start"), stats[oid].status("start", "official")) == (start.members, start.official)
            assert (stats[oid].total("end"), stats[oid].status("end", "official")) == (end.members, end.official)


def test_a_recognition_after_the_probation_counts_when_the_probation_ended(engine):
    """The Charter makes the member official from the end of probation: the first quarter of
    2027 has nothing to recognise for a decision dated then about a probation ended in 2026."""
    with build(engine) as b:
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        m = b.admit(x, D(2025, 12, 20))
        b.event(m, x, EventKind.RECOGNITION, D(2027, 1, 10))
    with read_session(engine) as s:
        q4 = member_statistics(s, x.id, parse_period("2026-Q4"), D(2027, 3, 31))[x.id]
        q1 = member_statistics(s, x.id, parse_period("2027-Q1"), D(2027, 3, 31))[x.id]
    assert (q4.recognised, q4.status("end", "official")) == (1, 1)
    assert (q1.recognised, q1.status("start", "official")) == (0, 1)


def test_readmission_in_the_period_is_an_exit_then_an_admission(engine):
    with build(engine) as b:
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        m = b.admit(x, D(2010, 1, 1), recognised=True)
        b.event(m, x, EventKind.LEAVE, D(2026, 2, 1))
        b.admit(x, D(2026, 5, 1), member=m)
    with read_session(engine) as s:
        h1 = member_statistics(s, x.id, parse_period("2026-H1"), D(2026, 6, 30))[x.id]
    assert (h1.status("start", "official"), h1.status("left", "official")) == (1, 1)
    assert (h1.status("admitted", "probationary"), h1.status("end", "probationary")) == (1, 1)


def _balanced(stats) -> None:
    for status in STATUSES:
        inflow = sum(stats.status(f, status) for f in IN_FLOWS)
        outflow = sum(stats.status(f, status) for f in OUT_FLOWS)
        moved = stats.recognised if status == "official" else -stats.recognised
        assert stats.status("start", status) + inflow - outflow + moved == stats.status("end", status), status


# As tests/test_books_property: no shrinking (each step is a transaction).
@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=30),
       periods=st.lists(st.sampled_from(["Q1", "Q2", "Q3", "Q4", "H1", "H2", ""]), min_size=3, max_size=3))
def test_books_balance_by_status_for_every_organisation_and_period(engine, steps, periods):
    prefix = f"S{next(_example)}"
    start = D(FIRST_YEAR, 1, 1)
    with write_session(engine) as s:
        create_org(s, SYSTEM, code=f"{prefix}X", name="Đảng bộ xã", kind=OrgKind.COMMUNE_COMMITTEE, valid_from=start)
        for i in range(CELLS):
            create_org(s, SYSTEM, code=f"{prefix}C{i}", name=f"Chi bộ {i}", kind=OrgKind.SUBORDINATE_CELL,
                       valid_from=start, parent=f"{prefix}X")
    members: list[int] = []
    day = start
    for op, who, cell, other, gap in steps:
        day = min(day + dt.timedelta(days=gap), D(LAST_YEAR, 12, 31))
        _apply(engine, prefix, members, op, who, cell, other, day)
    with read_session(engine) as s:
        root = s.scalar(select(Organisation.id).where(Organisation.code == f"{prefix}X"))
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            for part in periods:
                period = parse_period(f"{year}-{part}" if part else str(year))
                stats = member_statistics(s, root, period, period.end)
                # Replaying only the members touched in the period gives what replaying all gives.
                everyone = events_by_member(s, catchment(s, root, period.end), period.end)
                assert stats == member_statistics(s, root, period, period.end, events=everyone)
                for oid, figures in stats.items():
                    _balanced(figures)
                    ids = catchment(s, oid, period.end)
                    end = members_on_rolls(s, ids, period.end)
                    assert (figures.total("end"), figures.status("end", "official")) == (end.members, end.official)
                # The root's books equal its children's, less the moves between them.
                children = [f for oid, f in stats.items() if oid != root]
                assert stats[root].total("start") == sum(f.total("start") for f in children)
                assert stats[root].total("end") == sum(f.total("end") for f in children)


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2026", D(2026, 1, 1), D(2026, 12, 31), "2026"),
        ("2020-2022", D(2020, 1, 1), D(2022, 12, 31), "2020–2022"),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), "2026-Q3"),
        ("2026-q1", D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30), "2026-H1"),
        ("2024–H2", D(2024, 7, 1), D(2024, 12, 31), "2024-H2"),
        ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "2024-Q4"),
    ],
)
def test_periods_parse_years_ranges_quarters_and_halves(text, first, last, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (first, last, label)
    assert period.years.start_year == first.year


@pytest.mark.parametrize("text", ["2026-Q5", "2026-H3", "2022-2020", "26", "2026-Q", "Q3-2026"])
def test_a_bad_period_is_refused_naming_the_accepted_forms(text, monkeypatch):
    from models.errors import DomainError

    with pytest.raises(DomainError) as err:
        parse_period(text)
    assert f"“{text}”" in err.value.message("vi") and "2026-Q3" in err.value.message("vi")
    assert "a quarter (2026-Q3)" in err.value.message("en")


def test_a_reports_catchments_read_at_once_are_each_organisations_catchment(engine):
    # models.tree.catchments (one read for the report's root and children) against
    # models.tree.catchment of each, before and after cells moved, merged and ended.
    from models.tree import catchments, children_at

    with build(engine) as b:
        city = b.org("CITY", kind=OrgKind.CITY_COMMITTEE)
        d1 = b.org("D1", parent=city, kind=OrgKind.DISTRICT_COMMITTEE)
        d2 = b.org("D2", parent=city, kind=OrgKind.DISTRICT_COMMITTEE)
        x1 = b.org("X1", parent=d1, kind=OrgKind.COMMUNE_COMMITTEE)
        x2 = b.org("X2", parent=d2, kind=OrgKind.COMMUNE_COMMITTEE)
        cells = [b.org(f"C{i}", parent=(x1 if i % 2 else x2), kind=OrgKind.SUBORDINATE_CELL) for i in range(6)]
        b.move(cells[1], x2, D(2022, 3, 1))  # from D1 to D2
        b.end(cells[3], D(2023, 1, 1), successor=cells[0])  # merged into a cell of D2
        b.end(cells[5], D(2024, 6, 1))  # ended: counted where its parent is
        b.end(x1, D(2025, 1, 1), successor=x2)  # the commune merged into D2's
        ids = [o.id for o in (city, d1, d2, x1, x2, *cells)]
    with read_session(engine) as s:
        for day in (D(2021, 1, 1), D(2022, 6, 1), D(2023, 6, 1), D(2024, 12, 31), D(2025, 6, 1)):
            for root in ids:
                kids = [c.id for c in children_at(s, root, day)]
                got = catchments(s, root, kids, day)
                assert got == {o: catchment(s, o, day) for o in [root, *kids]}, (root, day)
