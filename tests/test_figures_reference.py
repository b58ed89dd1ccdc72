"""The engine (:func:`models.figures.service.briefing`, from the kept tables or the event log
as it chooses) against the reference (:func:`models.figures.reference.reference_books`: the
organisations, their edges and the member events alone, replayed in Python), on random
histories with merges, a split (a new commune takes a cell) and a move, on SQLite and
PostgreSQL: the same admissions, composition, books of every year and members, for every
organisation of the district and several periods, under today's tree and under the tree of
the period's end."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from models.access import SYSTEM
from models.errors import DomainError
from models.figures.data import OrgFigures, Period
from models.figures.reference import ReferenceBooks, reference_books
from models.figures.service import briefing, figures_day, tree_day_for
from models.enums import OrgKind
from models.record import create_org, move_org
from models.rules import default_rules
from models.schema import Organisation
from models.tree import get_org_by_id
from models.uow import read_session, write_session

sys.path.insert(0, str(Path(__file__).parent))
from test_books_property import FIRST_YEAR, LAST_YEAR, step  # noqa: E402
from test_stats import random_district  # noqa: E402

AS_OF = dt.date(LAST_YEAR, 12, 31)
PERIODS = (Period.year(FIRST_YEAR + 2), Period.year(LAST_YEAR), Period(FIRST_YEAR + 1, FIRST_YEAR + 4),
           Period(FIRST_YEAR, LAST_YEAR))
_example = itertools.count()


def _engine_books(fig: OrgFigures) -> ReferenceBooks:
    """The engine's figures in the reference's shape."""
    from models.figures.reference import ReferenceYear

    c = fig.composition
    return ReferenceBooks(
        admitted=fig.attainment.admitted, women=c.women, youth_union=c.youth_union, recommended=c.recommended,
        recommended_by=dict(c.recommended_by), on_occasion=c.on_occasion, aged_18_30=c.aged_18_30,
        years=tuple(ReferenceYear(y.year, y.members_start, y.admitted, y.transfers_in, y.removed, y.left, y.expelled,
                                  y.died, y.transfers_out, y.members_end, dict(y.removed_by_ground)) for y in fig.years),
        members=fig.members, official=0)


def _split(engine: Engine, prefix: str, cell: int, day: dt.date) -> None:
    """A new commune formed on ``day`` takes the cell ``cell`` (a split of its commune)."""
    try:
        with write_session(engine) as s:
            create_org(s, SYSTEM, code=f"{prefix}Z", name="Đảng bộ xã mới", kind=OrgKind.COMMUNE_COMMITTEE,
                       valid_from=day, parent=f"{prefix}H")
        with write_session(engine) as s:
            move_org(s, SYSTEM, org=f"{prefix}C{cell}", parent=f"{prefix}Z", date=day)
    except DomainError:
        pass  # a refused split (an ended cell, a day before the district) changes nothing


@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=20), move_at=st.integers(0, 20),
       split_on=st.integers(200, 2500), split_cell=st.integers(0, 2))
def test_the_engine_equals_the_reference_on_random_histories(engine, steps, move_at, split_on, split_cell):  # type: ignore[no-untyped-def]
    prefix = f"R{next(_example)}"
    random_district(engine, prefix, steps, move_at, AS_OF)
    _split(engine, prefix, split_cell, dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=split_on))
    rules = default_rules()
    with read_session(engine) as s:
        ids = list(s.scalars(select(Organisation.id).where(Organisation.code.like(f"{prefix}%"))))
        for oid in ids:
            org = get_org_by_id(s, oid)
            for period in PERIODS:
                for asked in (AS_OF, period.end):  # today's tree, the tree of the period's end
                    day = tree_day_for(org, AS_OF, asked)
                    got = briefing(s, SYSTEM, oid, period, tree_day=day, today=AS_OF, rules=rules).overview
                    assert got is not None
                    ref = reference_books(s, oid, period, figures_day(period, day), rules, tree_day=day)
                    assert _engine_books(got.figures) == ReferenceBooks(**{**ref.__dict__, "official": 0}), (
                        org.code, period, day)
