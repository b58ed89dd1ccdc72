"""The screens' figures answered from the per-year rollups (models.figures.kept) equal the
figures the event log gives (the reference path), for every organisation and period of the
Cần Giờ fixture and after random operations, whenever the rollups are said to answer."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from fixtures.can_gio import load
from models.figures import kept as figures_rollup
from models.enums import OrgKind
from models.figures.events import compute_scope
from tests.figures_api import org_figures, overview, overview_from_events
from models.figures.data import Period
from tests.figures_api import find_problems, find_problems_from_events
from models.rules import default_rules
from models.schema import Organisation
from models.tree import get_org
from models.uow import read_session

sys.path.insert(0, str(Path(__file__).parent))
from test_books_property import FIRST_YEAR, LAST_YEAR  # noqa: E402
from test_stats import random_district, random_operations  # noqa: E402

TODAY = dt.date(2026, 11, 28)
_example = itertools.count()


def _assert_all_orgs_agree(s, root: int, period: Period, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Every organisation of the root's catchment: the same figures and the same rule hits."""
    from models.figures.problems import evaluate_org

    reference = compute_scope(s, root, period, as_of)
    ids = list(reference.ids)
    fast = figures_rollup.rollup_scope(s, root, ids, period, as_of, default_rules())
    for oid in ids:
        code = reference.snap.orgs[oid].code
        assert fast.figures(oid) == reference.figures(oid), (code, period, as_of)
        assert fast.official_members(oid) == reference.official_members(oid), (code, period, as_of)
        assert evaluate_org(fast, oid) == evaluate_org(reference, oid), (code, period, as_of)


def _assert_screens_agree(s, org_ids: list[int], period: Period, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    for oid in org_ids:
        assert overview(s, oid, period, as_of) == overview_from_events(s, oid, period, as_of), (oid, period, as_of)
        assert find_problems(s, oid, period, as_of) == find_problems_from_events(s, oid, period, as_of), (oid, period)


def test_can_gio_every_organisation_and_period_from_the_rollups_equals_the_event_log(engine: Engine) -> None:
    load(engine, TODAY)
    periods = [Period.year(y) for y in range(2020, 2027)] + [Period(2020, 2026), Period(2021, 2025), Period(2025, 2026)]
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        answered = [p for p in periods if figures_rollup.eligible(s, p, TODAY)]
        # Today's tree (the communes merged on 1 July 2025) answers the current year; a year
        # before the merger reads targets under the old tree, and the communes merged in 2025
        # registered 2025 targets before they ended: the event log answers those.
        assert Period.year(2026) in answered
        assert Period.year(2024) not in answered and Period.year(2025) not in answered
        for period in answered:
            _assert_all_orgs_agree(s, city, period, TODAY)
        screens = [city] + [get_org(s, code).id for code in ("XCG", "XATD", "XBK")]
        screens += list(s.scalars(select(Organisation.id).where(Organisation.kind == OrgKind.SUBORDINATE_CELL,
                                                                Organisation.valid_to.is_(None)).limit(3)))
        for period in answered:
            _assert_screens_agree(s, screens, period, TODAY)
        # A day before the merger: the tree has changed since, the event log answers.
        assert not figures_rollup.eligible(s, Period.year(2024), dt.date(2024, 12, 31))


def test_can_gio_screen_figures_for_the_current_year(engine: Engine) -> None:
    # The figures the acceptance test reads from the event log, now through the rollups.
    load(engine, TODAY)
    with read_session(engine) as s:
        assert figures_rollup.eligible(s, Period.year(2026), TODAY)
        for code in ("HCM", "XCG"):
            org = get_org(s, code).id
            f = org_figures(s, org, Period.year(2026), TODAY)
            assert f.members > 0 and f.attainment.admitted > 0 and f.attainment.target
            assert f.years[0].balances


@random_operations(6)
def test_random_operations_rollups_equal_event_log(engine, steps, move_at):  # type: ignore[no-untyped-def]
    prefix = f"F{next(_example)}"
    last = dt.date(LAST_YEAR, 12, 31)
    day = random_district(engine, prefix, steps, move_at, last)
    with read_session(engine) as s:
        root = get_org(s, f"{prefix}H").id
        checked = 0
        for as_of in (day, last, dt.date(LAST_YEAR + 1, 6, 30)):
            for period in {Period.year(as_of.year), Period(FIRST_YEAR, LAST_YEAR), Period(as_of.year - 1, as_of.year)}:
                if figures_rollup.eligible(s, period, as_of):
                    _assert_all_orgs_agree(s, root, period, as_of)
                    _assert_screens_agree(s, [root], period, as_of)
                    checked += 1
        # Far enough after the last operation the rollups always answer.
        assert checked > 0


def test_synthetic_data_set_screens_from_the_rollups_equal_the_event_log(engine: Engine) -> None:
    # The generator counts the rollups itself while it writes (no trigger): the screens read
    # from them must still equal the event log, states and rule hits included.
    from fixtures import synthetic

    synthetic.load(engine, "city", members=2500, workers=2)
    as_of = synthetic.END
    with read_session(engine) as s:
        root = get_org(s, "P01").id
        district = get_org(s, "P01.D07").id
        for period in (Period.year(as_of.year), Period(as_of.year - 2, as_of.year)):
            assert figures_rollup.eligible(s, period, as_of)
            _assert_all_orgs_agree(s, root, period, as_of)
            _assert_screens_agree(s, [root, district], period, as_of)


def test_states_kept_by_writes_equal_rebuild_and_screens_equal_event_log(engine: Engine) -> None:
    # Candidate stages, Regulation 213 events and far-away work recorded through the write
    # path (triggers keep member_states, candidate_states, link_states): the kept rows equal a
    # rebuild, and the screens read from them equal the event log.
    import random

    from models import states
    from models.access import SYSTEM
    from models.enums import CandidateStage, ResidenceEventKind
    from models.errors import DomainError
    from models.record import candidate_stage, far_away_contact, far_away_end, far_away_start, residence_event
    from models.schema import Candidate, Member, ResidenceLink
    from models.uow import write_session

    load(engine, TODAY)
    rng = random.Random(7)
    with read_session(engine) as s:
        candidates = list(s.scalars(select(Candidate.id).order_by(Candidate.id)))
        links = list(s.scalars(select(ResidenceLink.id).where(ResidenceLink.ended_on.is_(None)).order_by(ResidenceLink.id)))
        members = list(s.scalars(select(Member.id).order_by(Member.id)))
    days = [TODAY - dt.timedelta(days=n) for n in (40, 20, 5, 0)]
    done: dict[str, int] = {}
    for day in days:
        for _ in range(40):
            op = rng.choice(("stage", "r213", "away"))
            try:
                with write_session(engine) as s:
                    if op == "stage":
                        candidate_stage(s, SYSTEM, candidate_id=rng.choice(candidates), date=day,
                                        stage=rng.choice(list(CandidateStage)[:5] + [CandidateStage.DROPPED]))
                    elif op == "r213":
                        kind = rng.choice(list(ResidenceEventKind))
                        residence_event(s, SYSTEM, link_id=rng.choice(links), kind=kind, date=day, year=day.year)
                    else:
                        fn = rng.choice((far_away_start, far_away_contact, far_away_end))
                        fn(s, SYSTEM, member_id=rng.choice(members), date=day)
                done[op] = done.get(op, 0) + 1
            except DomainError:
                # A random operation may break a rule (a stage out of order, a link already
                # ended): refused and written nothing, as it should; enough must succeed.
                continue
    assert all(done.get(op, 0) > 3 for op in ("stage", "r213", "away")), done
    with read_session(engine) as s:
        kept = states.snapshot(s)
    with write_session(engine) as s:
        stats_rebuild(s)
    with read_session(engine) as s:
        assert states.snapshot(s) == kept
        assert set(kept) == {"member_states", "candidate_states", "link_states", "link_year_comments"}
        city = get_org(s, "HCM").id
        assert figures_rollup.eligible(s, Period.year(2026), TODAY)
        _assert_all_orgs_agree(s, city, Period.year(2026), TODAY)
        _assert_screens_agree(s, [city, get_org(s, "XCG").id], Period.year(2026), TODAY)
        # A day before the last writes: the states fall back to the event log, still equal.
        for as_of in (days[1], days[2]):
            if figures_rollup.eligible(s, Period.year(2026), as_of):
                _assert_all_orgs_agree(s, city, Period.year(2026), as_of)


def stats_rebuild(session) -> None:  # type: ignore[no-untyped-def]
    from models import stats

    stats.rebuild(session)


def test_the_trend_equals_the_figures_years(engine: Engine) -> None:
    # The slides' trend reads the books of each year alone (no states, from the rollups when
    # they answer): the same years as the full figures of those years, for every organisation.
    from models.figures.service import Part, trend_period

    from tests.figures_api import ask

    load(engine, TODAY)
    with read_session(engine) as s:
        orgs = list(s.scalars(select(Organisation.id).where(Organisation.valid_to.is_(None))))
        for period in (Period(2022, 2026), Period.year(2026), Period(2020, 2024)):
            for oid in orgs:
                got = ask(s, oid, period, TODAY, parts=frozenset({Part.TREND}))
                wide = trend_period(period, got.first_data_year)
                assert wide is not None and got.trend
                assert got.trend == org_figures(s, oid, wide, TODAY).years, (oid, period)


def test_large_catchments_take_the_same_figures(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A catchment of more than _IN_LIST_LIMIT organisations (a province of the country) is
    # filtered through the closure in the database, or (most of everything) in Python: both
    # paths on the small fixture, with the limit lowered, give the event log's figures, with
    # and without a dashboard's memo.
    from models.figures import sql
    from models.figures.memo import FiguresMemo
    from models.schema import ORG_CLOSURE

    monkeypatch.setattr(sql, "IN_LIST_LIMIT", 4)
    monkeypatch.setattr(figures_rollup, "IN_LIST_LIMIT", 4)
    load(engine, TODAY)
    period = Period.year(2026)
    with read_session(engine) as s:
        everyone = s.scalar(select(func.count()).select_from(Organisation))
        sizes = dict(s.execute(select(ORG_CLOSURE.c.ancestor_id, func.count()).group_by(ORG_CLOSURE.c.ancestor_id)).all())
        large = [oid for oid, n in sizes.items() if n > 4]
        # Some are a small part of everything (filtered through the closure), some are not.
        assert any(4 * sizes[oid] < everyone for oid in large) and any(4 * sizes[oid] >= everyone for oid in large)
        memo = FiguresMemo()
        for root in large:
            _assert_all_orgs_agree(s, root, period, TODAY)
            _assert_screens_agree(s, [root], period, TODAY)
            assert overview(s, root, period, TODAY, memo=memo) == overview_from_events(s, root, period, TODAY)
