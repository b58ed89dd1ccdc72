"""The briefing's figures, on small trees built event by event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from models.enums import CandidateStage, EventKind, MassOrg, OrgKind, RemovalGround, ResidenceEventKind, Sex, TransferScope
from tests.figures_api import org_figures, overview
from tests.figures_api import scope_from_events as compute_scope
from models.figures.data import Period, Status
from models.tree import catchment
from models.uow import read_session
from tests.builders import build

D = dt.date
P2021 = Period.year(2021)
REORG = D(2025, 7, 1)
TODAY = D(2026, 11, 28)


def _district(engine: Engine) -> dict[str, int]:
    """A district with two communes, each with two hamlet cells, and some history."""
    with build(engine) as b:
        h = b.org("H", "Huyện Thử", kind=OrgKind.DISTRICT_COMMITTEE)
        a = b.org("A", "Xã A", parent=h)
        a1 = b.org("A1", "Chi bộ ấp A1", parent=a, kind=OrgKind.SUBORDINATE_CELL)
        a2 = b.org("A2", "Chi bộ ấp A2", parent=a, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", "Xã B", parent=h)
        b1 = b.org("B1", "Chi bộ ấp B1", parent=bb, kind=OrgKind.SUBORDINATE_CELL)
        b.members(a1, 5)
        b.members(a2, 4)
        b.members(b1, 6)
        b.target(a, 2021, 3)
        b.target(bb, 2021, 2)
        # A admits 3 (met), B admits 1 (behind).
        b.admit(a1, D(2021, 2, 3), sex=Sex.FEMALE, youth_union=True, recommended_by=MassOrg.YOUTH_UNION,
                occasion="3/2", birth=D(2000, 5, 1))
        b.admit(a2, D(2021, 5, 19), sex=Sex.FEMALE, recommended_by=MassOrg.WOMEN_UNION, occasion="19/5",
                birth=D(1985, 1, 1))
        b.admit(a2, D(2021, 8, 10), birth=D(1991, 8, 11))  # 29 at the ceremony
        b.admit(b1, D(2021, 9, 2), youth_union=True, occasion="2/9", birth=D(1990, 9, 2))  # 31 that day
        # Flows of 2021: a removal, a leave, a death, a move from A1 to B1, a temporary transfer.
        moved, gone, left, died, temp = b.members(a1, 5, on=D(2015, 1, 1))
        b.remove(gone, a1, D(2021, 4, 1), RemovalGround.ABANDONED_ACTIVITIES)
        b.event(left, a1, EventKind.LEAVE, D(2021, 6, 1))
        b.event(died, a1, EventKind.DEATH, D(2021, 7, 1))
        b.transfer(moved, a1, b1, D(2021, 10, 1))
        b.transfer(temp, a1, b1, D(2021, 11, 1), TransferScope.TEMPORARY)
        # An admission in 2020 for the previous period's composition, in a year with a target
        # (so 2020 is a year with data: models.figures.service.first_data_year).
        b.target(bb, 2020, 1)
        b.admit(b1, D(2020, 3, 26), sex=Sex.FEMALE, youth_union=True, birth=D(1999, 1, 1))
        return {"H": h.id, "A": a.id, "A1": a1.id, "A2": a2.id, "B": bb.id, "B1": b1.id}


def test_admissions_composition_and_attainment(engine: Engine) -> None:
    ids = _district(engine)
    with read_session(engine) as s:
        f = org_figures(s, ids["H"], P2021, D(2021, 12, 31))
    assert f.attainment.admitted == 4
    assert f.attainment.target == 5  # no own target: the communes' 3 + 2
    assert f.attainment.ratio == pytest.approx(0.8)
    assert f.attainment.status is Status.BEHIND
    assert f.attainment.expected_by_now is None
    c = f.composition
    assert (c.admitted, c.women, c.youth_union, c.recommended, c.on_occasion) == (4, 2, 2, 2, 3)
    assert c.recommended_by == {MassOrg.YOUTH_UNION: 1, MassOrg.WOMEN_UNION: 1}
    assert c.aged_18_30 == 2  # 20 and 29; 36 and 31 are not
    assert f.previous_composition.admitted == 1 and f.previous_composition.women == 1


def test_commune_with_own_target_met(engine: Engine) -> None:
    ids = _district(engine)
    with read_session(engine) as s:
        a = org_figures(s, ids["A"], P2021, D(2022, 1, 10))
        cell = org_figures(s, ids["A1"], P2021, D(2022, 1, 10))
    assert (a.attainment.admitted, a.attainment.target, a.attainment.status) == (3, 3, Status.MET)
    assert cell.attainment.status is Status.NO_TARGET and cell.attainment.target is None


def test_open_period_pace(engine: Engine) -> None:
    ids = _district(engine)
    mid_year = D(2021, 7, 2)  # day 183 of 365
    with read_session(engine) as s:
        b = org_figures(s, ids["B"], P2021, mid_year)
        a = org_figures(s, ids["A"], P2021, mid_year)
    share = 183 / 365
    assert b.attainment.expected_by_now == pytest.approx(2 * share)
    assert b.attainment.admitted == 0 and b.attainment.status is Status.BEHIND
    # A had admitted 2 of 3 by then: ahead of the expected 1.5.
    assert a.attainment.admitted == 2 and a.attainment.status is Status.ON_PACE


def test_books_balance_with_flows_by_kind(engine: Engine) -> None:
    ids = _district(engine)
    with read_session(engine) as s:
        scope = compute_scope(s, ids["H"], Period(2020, 2022), D(2022, 12, 31))
        for oid in scope.ids:
            for y in scope.period.years:
                assert scope.year_flows(oid, y).balances, (oid, y)
        y2021 = scope.year_flows(ids["A1"], 2021)
        b1 = scope.year_flows(ids["B1"], 2021)
        h = scope.year_flows(ids["H"], 2021)
    # A1 started 2021 with 5 + 5 + (none admitted before) members.
    assert (y2021.members_start, y2021.admitted, y2021.removed, y2021.left, y2021.died, y2021.transfers_out) == (10, 1, 1, 1, 1, 1)
    assert y2021.removed_by_ground == {RemovalGround.ABANDONED_ACTIVITIES: 1}
    assert y2021.members_end == 7  # the temporary transfer still counts at A1
    assert (b1.transfers_in, b1.members_start, b1.members_end) == (1, 7, 9)
    assert h.members_end == h.members_start + 4 - 3  # a move inside the district changes nothing
    assert (h.transfers_in, h.transfers_out) == (0, 0)  # and is no transfer of the district's


def test_children_add_up(engine: Engine) -> None:
    ids = _district(engine)
    with read_session(engine) as s:
        ov = overview(s, ids["H"], P2021, D(2021, 12, 31))
    assert [c.org.code for c in ov.children] == ["A", "B"]
    assert [p.code for p in ov.path] == ["H"]
    assert sum(c.admitted for c in ov.children) == ov.figures.attainment.admitted
    assert sum(c.members for c in ov.children) == ov.figures.members
    assert sum(c.target or 0 for c in ov.children) == ov.figures.attainment.target
    assert sum(c.removed for c in ov.children) == ov.figures.removed == 1
    assert sum(c.left for c in ov.children) == ov.figures.left == 1
    a, b = ov.children
    assert a.has_children and a.status is Status.MET and b.status is Status.BEHIND
    # B missed its target and A1 lost members: both appear among the problems.
    assert ov.problem_count >= 2
    assert any(h.rule == "below_target" for h in b.problems)


def test_merged_organisation_counts_its_predecessors(engine: Engine) -> None:
    """A commune formed in 2025 shows 2020–2022 as the sum of the communes merged into it."""
    with build(engine) as b:
        city = b.org("TP", "Thành phố", kind=OrgKind.CITY_COMMITTEE)
        h = b.org("H", "Huyện", kind=OrgKind.DISTRICT_COMMITTEE, parent=city, valid_to=REORG)
        lh = b.org("LH", "Xã Long Hòa", parent=h)
        ct = b.org("CT", "Thị trấn Cần Thạnh", parent=h)
        lh1 = b.org("LH1", "Chi bộ ấp 1", parent=lh, kind=OrgKind.SUBORDINATE_CELL)
        ct1 = b.org("CT1", "Chi bộ khu phố 1", parent=ct, kind=OrgKind.SUBORDINATE_CELL)
        cg = b.org("CG", "Xã Cần Giờ", kind=OrgKind.COMMUNE_COMMITTEE, parent=city, valid_from=REORG)
        b.members(lh1, 4)
        b.members(ct1, 6)
        for year, (t_lh, t_ct, n_lh, n_ct) in {2020: (2, 3, 2, 1), 2021: (2, 2, 3, 2), 2022: (3, 2, 1, 2)}.items():
            b.target(lh, year, t_lh)
            b.target(ct, year, t_ct)
            for i in range(n_lh):
                b.admit(lh1, D(year, 3, 26 - i), sex=Sex.FEMALE, youth_union=True)
            for i in range(n_ct):
                b.admit(ct1, D(year, 9, 2 - i), recommended_by=MassOrg.TRADE_UNION)
        # A cell of Long Hòa registered its own target too: never counted twice.
        b.target(lh1, 2021, 1)
        x = b.members(lh1, 1, on=D(2019, 1, 1))[0]
        b.remove(x, lh1, D(2021, 5, 5))
        b.move(lh1, cg, REORG)
        b.move(ct1, cg, REORG)
        b.end(lh, REORG, successor=cg)
        b.end(ct, REORG, successor=cg)
        b.end(h, REORG)
        ids = {o.code: o.id for o in (city, h, lh, ct, cg)}
    period = Period(2020, 2022)
    with read_session(engine) as s:
        assert catchment(s, ids["CG"], TODAY) == compute_scope(s, ids["CG"], period, TODAY).catchment(ids["CG"])
        cg_now = org_figures(s, ids["CG"], period, TODAY)
        lh_then = org_figures(s, ids["LH"], period, D(2022, 12, 31))
        ct_then = org_figures(s, ids["CT"], period, D(2022, 12, 31))
        district_then = org_figures(s, ids["H"], period, D(2022, 12, 31))
    assert cg_now.attainment.admitted == lh_then.attainment.admitted + ct_then.attainment.admitted == 11
    assert cg_now.attainment.target == lh_then.attainment.target + ct_then.attainment.target == 14
    assert cg_now.composition.women == lh_then.composition.women + ct_then.composition.women
    assert cg_now.composition.recommended == lh_then.composition.recommended + ct_then.composition.recommended
    assert cg_now.removed == lh_then.removed + ct_then.removed == 1
    for y_cg, y_lh, y_ct in zip(cg_now.years, lh_then.years, ct_then.years, strict=True):
        assert y_cg.members_end == y_lh.members_end + y_ct.members_end
        assert y_cg.balances
    # The district as it was then has the same figures.
    assert district_then.attainment.admitted == 11 and district_then.attainment.target == 14


def test_pipeline_r213_and_far_away(engine: Engine) -> None:
    as_of = D(2026, 11, 28)
    with build(engine) as b:
        x = b.org("X", "Xã X", kind=OrgKind.COMMUNE_COMMITTEE)
        cell = b.org("X1", "Chi bộ ấp X1", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        work = b.org("W", "Chi bộ trường", kind=OrgKind.GRASSROOTS_CELL)
        b.target(x, 2026, 5)
        b.admit(cell, D(2026, 2, 3))
        b.candidate(cell, (CandidateStage.IDENTIFIED, D(2025, 1, 1)))
        b.candidate(cell, (CandidateStage.IDENTIFIED, D(2021, 1, 1)), (CandidateStage.CLASS_ATTENDED, D(2021, 12, 1)))  # expires 2026-12-01
        b.candidate(cell, (CandidateStage.IDENTIFIED, D(2025, 1, 1)), (CandidateStage.CLASS_ATTENDED, D(2025, 6, 1)),
                    (CandidateStage.DOSSIER, D(2026, 1, 1)))
        b.candidate(cell, (CandidateStage.IDENTIFIED, D(2020, 1, 1)), (CandidateStage.CLASS_ATTENDED, D(2021, 3, 1)))  # expired
        b.candidate(cell, (CandidateStage.CLASS_ATTENDED, D(2025, 3, 1)), (CandidateStage.DROPPED, D(2025, 9, 1)))
        b.candidate(cell, (CandidateStage.CLASS_ATTENDED, D(2026, 12, 1)))  # after the date: not yet
        workers = b.members(work, 4)
        R = ResidenceEventKind
        b.residence_link(workers[0], work, cell, D(2024, 1, 1), (R.REGISTERED, D(2024, 2, 1), None),
                         (R.COMMENT_REQUESTED, D(2026, 10, 1), 2026), (R.COMMENT_RETURNED, D(2026, 11, 1), 2026))
        b.residence_link(workers[1], work, cell, D(2024, 1, 1), (R.REGISTERED, D(2024, 2, 1), None),
                         (R.COMMENT_REQUESTED, D(2026, 10, 1), 2026))
        b.residence_link(workers[2], work, cell, D(2024, 1, 1), (R.EXEMPTED, D(2024, 2, 1), None))
        b.residence_link(workers[3], work, cell, D(2024, 1, 1))
        away = b.members(cell, 3)
        b.event(away[0], cell, EventKind.FAR_AWAY_START, D(2026, 1, 10))  # silent since January
        b.event(away[1], cell, EventKind.FAR_AWAY_START, D(2025, 1, 10))
        b.event(away[1], cell, EventKind.FAR_AWAY_CONTACT, D(2026, 9, 1))  # reported recently
        b.event(away[2], cell, EventKind.FAR_AWAY_START, D(2024, 1, 10))
        b.event(away[2], cell, EventKind.FAR_AWAY_END, D(2025, 1, 10))  # back
        xid = x.id
    with read_session(engine) as s:
        f = org_figures(s, xid, Period.year(2026), as_of)
    p = f.pipeline
    assert p.by_stage[CandidateStage.IDENTIFIED] == 1
    assert p.by_stage[CandidateStage.CLASS_ATTENDED] == 2
    assert p.by_stage[CandidateStage.DOSSIER] == 1
    assert p.by_stage[CandidateStage.DROPPED] == 1
    assert (p.valid_certificates, p.expiring_this_year, p.remaining_target) == (2, 1, 4)
    r = f.r213
    assert (r.year, r.links, r.exempt, r.registered, r.comments_requested, r.comments_returned) == (2026, 3, 1, 2, 2, 1)
    assert r.comments_missing == 1
    assert (f.far_away.members_away, f.far_away.without_contact) == (2, 1)
    assert f.attainment.status is Status.BEHIND and f.attainment.expected_by_now == pytest.approx(5 * 332 / 365)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_histories_balance_and_match_a_replay(engine: Engine, seed: int) -> None:
    """Random but consistent histories (admissions, same-day moves, temporary transfers, exits):
    the counts at each date equal a plain replay of the events, per organisation, and the books
    of every organisation and year balance."""
    import random

    from sqlalchemy import func, select

    from models.rolls import on_rolls_subquery

    rnd = random.Random(seed)
    exits = [EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH]
    log: list[tuple[int, str, EventKind, dt.date]] = []  # member, cell code, kind, date (rolls only)
    with build(engine) as b:
        h = b.org("H", kind=OrgKind.DISTRICT_COMMITTEE)
        communes = [b.org(f"X{i}", parent=h) for i in range(2)]
        cells = [b.org(f"X{i}-{j}", parent=communes[i], kind=OrgKind.SUBORDINATE_CELL) for i in range(2) for j in range(2)]
        for _ in range(30):
            cell = rnd.choice(cells)
            day = D(2019, 1, 1) + dt.timedelta(days=rnd.randrange(365 * 3))
            m = b.admit(cell, day)
            log.append((m.id, cell.code, EventKind.ADMISSION, day))
            for _ in range(rnd.randrange(4)):
                day += dt.timedelta(days=rnd.choice([0, 1, 40, 200, 500]) or 1)
                roll = rnd.random()
                if roll < 0.5:
                    dest = rnd.choice([c for c in cells if c is not cell])
                    b.transfer(m, cell, dest, day)
                    log += [(m.id, cell.code, EventKind.TRANSFER_OUT, day), (m.id, dest.code, EventKind.TRANSFER_IN, day)]
                    cell = dest
                elif roll < 0.8:
                    host = rnd.choice([c for c in cells if c is not cell])
                    b.transfer(m, cell, host, day, TransferScope.TEMPORARY)  # never moves the count
                else:
                    kind = rnd.choice(exits)
                    if kind == EventKind.REMOVAL:
                        b.remove(m, cell, day)
                    else:
                        b.event(m, cell, kind, day)
                    log.append((m.id, cell.code, kind, day))
                    break
        codes = {o.id: o.code for o in (h, *communes, *cells)}

    def replay(day: dt.date) -> dict[str, int]:
        where: dict[int, str | None] = {}
        order = {EventKind.TRANSFER_OUT: 0, EventKind.ADMISSION: 1, EventKind.TRANSFER_IN: 1}
        for mid, code, kind, d in sorted(log, key=lambda r: (r[3], order.get(r[2], 2))):
            if d <= day:
                where[mid] = code if kind in (EventKind.ADMISSION, EventKind.TRANSFER_IN) else None
        counts: dict[str, int] = {}
        for code in where.values():
            if code:
                counts[code] = counts.get(code, 0) + 1
        return counts

    period = Period(2019, 2023)
    as_of = D(2023, 12, 31)
    with read_session(engine) as s:
        scope = compute_scope(s, next(i for i, c in codes.items() if c == "H"), period, as_of)
        rolls = on_rolls_subquery(as_of)
        per_member = {codes[o]: n for o, n in s.execute(select(rolls.c.org_id, func.count()).group_by(rolls.c.org_id))}
    for year in period.years:
        expected = replay(D(year, 12, 31))
        for oid, code in codes.items():
            if code.count("-") == 1:
                assert scope.members(oid, D(year, 12, 31)) == expected.get(code, 0), (code, year)
        for oid in scope.ids:
            assert scope.year_flows(oid, year).balances, (codes[oid], year)
    assert per_member == {k: v for k, v in replay(as_of).items() if v}
