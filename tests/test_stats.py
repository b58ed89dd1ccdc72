"""The per-year figures kept by the write path equal those rebuilt from the event log, and
both equal the figures the event log gives the briefing (models.figures)."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from fixtures import synthetic
from models import states, stats
from models.stats_columns import REMOVAL_COLUMNS
from models.access import SYSTEM
from models.enums import OrgKind
from models.errors import DomainError
from tests.figures_api import org_figures_from_events as org_figures
from models.figures.data import Period
from models.record import create_org, move_org
from models.tree import tree_version
from models.schema import MEMBER_EVENT_LATEST, ORG_YEAR_STATS, Member, MemberEvent, Organisation
from models.uow import read_session, write_session

sys.path.insert(0, str(Path(__file__).parent))
from test_books_property import CELLS, FIRST_YEAR, LAST_YEAR, _apply, step  # noqa: E402

_example = itertools.count()
AS_OF = dt.date(LAST_YEAR, 12, 31)


def _state(engine):  # type: ignore[no-untyped-def]
    with read_session(engine) as s:
        latest = dict(s.execute(select(MEMBER_EVENT_LATEST.c.kind, MEMBER_EVENT_LATEST.c.last_date)).all())
        return stats.closure(s), stats.snapshot(s, ORG_YEAR_STATS), stats.snapshot(s), states.snapshot(s), latest


def _assert_rebuild_agrees(engine) -> None:  # type: ignore[no-untyped-def]
    maintained = _state(engine)
    with write_session(engine) as s:
        stats.rebuild(s)
    rebuilt = _state(engine)
    assert maintained[0] == rebuilt[0], "closure"
    assert maintained[1] == rebuilt[1], "own figures"
    assert maintained[2] == rebuilt[2], "rollups"
    assert maintained[3] == rebuilt[3], "member states"
    # The latest event date of each kind (what the rollups' eligibility reads), and it is the
    # event log's.
    assert maintained[4] == rebuilt[4], "latest event date per kind"
    with read_session(engine) as s:
        log = dict(s.execute(select(MemberEvent.kind, func.max(MemberEvent.event_date)).group_by(MemberEvent.kind)).all())
    assert rebuilt[4] == {str(k.value if hasattr(k, "value") else k): d for k, d in log.items()}


def _assert_figures_agree(engine, org_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
    with read_session(engine) as s:
        for org_id in org_ids:
            years = stats.rollup_years(s, org_id)
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                f = org_figures(s, org_id, Period.year(year), AS_OF)
                flows = f.years[0]
                c = years.get(year, dict.fromkeys(stats.COLUMN_NAMES, 0))
                assert c["admitted"] == flows.admitted == f.composition.admitted, (org_id, year)
                assert c["women"] == f.composition.women
                assert c["youth_union"] == f.composition.youth_union
                assert c["transfer_in"] == flows.transfers_in, (org_id, year)
                assert c["transfer_out"] == flows.transfers_out, (org_id, year)
                assert sum(c[x] for x in REMOVAL_COLUMNS) == flows.removed
                assert (c["left_party"], c["expelled"], c["died"]) == (flows.left, flows.expelled, flows.died)
                assert stats.members_at_year_end(years, year) == flows.members_end, (org_id, year)


def random_district(engine, prefix: str, steps, move_at: int, until: dt.date) -> dt.date:  # type: ignore[no-untyped-def]
    """A district of two communes and a few cells, then ``steps`` of random operations up to
    ``until`` with one cell moved to the other commune at step ``move_at``; the last day."""
    start = dt.date(FIRST_YEAR, 1, 1)
    with write_session(engine) as s:
        create_org(s, SYSTEM, code=f"{prefix}H", name="Đảng bộ huyện", kind=OrgKind.DISTRICT_COMMITTEE, valid_from=start)
        for commune in ("X", "Y"):
            create_org(s, SYSTEM, code=f"{prefix}{commune}", name="Đảng bộ xã", kind=OrgKind.COMMUNE_COMMITTEE,
                       valid_from=start, parent=f"{prefix}H")
        for i in range(CELLS):
            create_org(s, SYSTEM, code=f"{prefix}C{i}", name=f"Chi bộ {i}", kind=OrgKind.SUBORDINATE_CELL,
                       valid_from=start, parent=f"{prefix}X")
    members: list[int] = []
    day = start
    for n, (op, who, cell, other, gap) in enumerate(steps):
        day = min(day + dt.timedelta(days=gap), until)
        if n == move_at:
            # The tree changes under recorded events: a cell moves to the other commune.
            try:
                with write_session(engine) as s:
                    move_org(s, SYSTEM, org=f"{prefix}C{cell}", parent=f"{prefix}Y", date=day)
            except DomainError:
                pass  # a refused move (an ended cell) changes nothing, as intended
        _apply(engine, prefix, members, op, who, cell, other, day)
    return day


def random_operations(examples: int):  # type: ignore[no-untyped-def]
    """Hypothesis over ``steps`` of :func:`random_district` and the step a cell moves at."""

    def wrap(test):  # type: ignore[no-untyped-def]
        return settings(
            max_examples=examples,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )(given(steps=st.lists(step, min_size=5, max_size=25), move_at=st.integers(0, 25))(test))

    return wrap


@random_operations(8)
def test_rollups_kept_by_random_operations_equal_rebuild_and_event_log(engine, steps, move_at):
    prefix = f"S{next(_example)}"
    random_district(engine, prefix, steps, move_at, AS_OF)
    _assert_rebuild_agrees(engine)
    with read_session(engine) as s:
        ids = list(s.scalars(select(Organisation.id).where(Organisation.code.like(f"{prefix}%"))))
        moved_after_as_of = tree_version(s) > AS_OF
    if not moved_after_as_of:
        _assert_figures_agree(engine, ids)


def _foreign_keys(engine) -> set[tuple[str, str, bool]]:  # type: ignore[no-untyped-def]
    """Every foreign key of the schema: (table, definition, validated)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            tables = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars().all()
            return {(t, f"{r[3]}->{r[2]}.{r[4]}", True) for t in tables
                    for r in conn.exec_driver_sql(f"PRAGMA foreign_key_list({t})")}
        rows = conn.exec_driver_sql(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        ).all()
        return {(str(t), str(d), bool(v)) for t, d, v in rows}


def test_synthetic_data_set_rollups_equal_event_log(engine):
    # City shape, small: 22 districts generated in worker processes, the city adds them up.
    foreign_keys_before = _foreign_keys(engine)
    summary = synthetic.load(engine, "city", members=2500, workers=2)
    assert summary.rows["members"] > 2500 and summary.grassroots >= 22 and summary.cells > summary.grassroots
    # The load skips foreign key look-ups (and on SQLite CHECK constraints) for its generated rows.
    assert _foreign_keys(engine) == foreign_keys_before
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")] == ["ok"]
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            # Loaded with a rollback journal; the file is back in WAL mode for the dashboards.
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # Every index of the schema is there, whether kept up during the load or built after.
            for table in (Member, MemberEvent):
                listed = {r[1] for r in conn.exec_driver_sql(f"PRAGMA index_list({table.__tablename__})")}
                assert {ix.name for ix in table.__table__.indexes} <= listed
    else:
        # The planner has column statistics for what COPY loaded (ANALYZE writes them).
        with engine.connect() as conn:
            analysed = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'member_events'"
            ).scalar()
            assert analysed
    _assert_rebuild_agrees(engine)
    with read_session(engine) as s:
        for code in ("P01", "P01.D07"):
            org = s.scalar(select(Organisation.id).where(Organisation.code == code))
            years = stats.rollup_years(s, org)
            for year in (2020, 2023, 2025):
                f = org_figures(s, org, Period.year(year), dt.date(year, 12, 31))
                flows = f.years[0]
                assert stats.members_at_year_end(years, year) == flows.members_end > 0
                assert years[year]["admitted"] == f.composition.admitted > 0
                assert years[year]["transfer_out"] == flows.transfers_out
                assert flows.balances
