"""Fixtures for the dashboard tests: a small real tree on each backend, a frozen clock, and
an app factory. Snapshots use the Cần Giờ data set instead (see test_snapshots.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from models.enums import CandidateStage, MassOrg, OrgKind, Role, Sector, Sex
from tests.builders import build
from tui.app import GiaobanApp
from tui.data import Store
from tui.periods import Span

AS_OF = dt.date(2023, 3, 31)  # the day of the briefing in the source scenario
CLOCK = dt.datetime(2023, 3, 31, 14, 5, 12)


@dataclass(frozen=True)
class Tree:
    district: int
    behind: int  # a commune below its target
    ahead: int  # a commune above its target
    cell: int  # a hamlet cell of the lagging commune
    member: int  # a member of that cell
    member_name: str


@pytest.fixture
def tree(engine: Engine) -> Tree:
    return build_tree(engine)


def build_tree(engine: Engine) -> Tree:
    """District H: commune X1 (target 4, admitted 1: behind), commune X2 (target 2, admitted 3)."""
    with build(engine) as b:
        district = b.org("H", "Huyện ủy Cần Giờ", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
        x1 = b.org("X1", "Đảng bộ xã Bình Khánh", parent=district, sector=Sector.COMMUNE)
        x2 = b.org("X2", "Đảng bộ xã Thạnh An", parent=district, sector=Sector.COMMUNE)
        cell = b.org("X1-A", "Chi bộ ấp Bình An", kind=OrgKind.SUBORDINATE_CELL, parent=x1, sector=Sector.HAMLET)
        other = b.org("X1-B", "Chi bộ ấp Bình Phước", kind=OrgKind.SUBORDINATE_CELL, parent=x1, sector=Sector.HAMLET)
        cell2 = b.org("X2-A", "Chi bộ ấp Thạnh Bình", kind=OrgKind.SUBORDINATE_CELL, parent=x2, sector=Sector.HAMLET)
        b.members(cell, 4)
        b.members(other, 3)
        b.members(cell2, 5)
        for year in (2022, 2023):
            b.target(x1, year, 4)
            b.target(x2, year, 2)
        lan = b.admit(cell, dt.date(2022, 3, 26), name="Trần Thị Lan", sex=Sex.FEMALE, youth_union=True,
                      recommended_by=MassOrg.YOUTH_UNION, occasion="26/3", birth=dt.date(1999, 5, 2))
        for day in (dt.date(2022, 2, 3), dt.date(2022, 5, 19), dt.date(2022, 9, 2)):
            b.admit(cell2, day)
        b.candidate(cell, (CandidateStage.IDENTIFIED, dt.date(2021, 1, 10)), (CandidateStage.CLASS_ATTENDED, dt.date(2021, 6, 1)))
        b.user("chair", Role.ADMIN)
        b.user("watcher", Role.VIEWER, scope=x2)
        ids = (district.id, x1.id, x2.id, cell.id, lan.id, lan.full_name)
    return Tree(*ids)


def new_app(engine: Engine, *, login: str = "chair", span: Span = Span.year(2022), lang: str = "vi",
            theme: str | None = None, root: str | None = None, demo: bool = False,
            as_of: dt.date = AS_OF, url: str | None = None) -> GiaobanApp:
    store = Store(lambda: engine, as_of=as_of, login=login, demo_fallback=demo, url=url)
    return GiaobanApp(store, root=root, span=span, lang=lang, theme=theme, clock=lambda: CLOCK)


@pytest.fixture
def make_app(engine: Engine) -> Callable[..., GiaobanApp]:
    return lambda **kw: new_app(engine, **kw)


@pytest.fixture
def users(engine: Engine, tree: Tree) -> Tree:
    """A secretary of the cell X1-A and a district staff member, beside the tree's users."""
    from models.schema import Organisation

    with build(engine) as b:
        cell = b.s.get(Organisation, tree.cell)
        district = b.s.get(Organisation, tree.district)
        b.user("sec", Role.CELL_SECRETARY, scope=cell)
        b.user("staff", Role.DISTRICT_STAFF, scope=district)
    return tree
