"""An organisation that ended before the chosen period: the dashboard says where its work went
(its successor, the organisations its units moved under: models.successors, through the
figures engine's overview) instead of showing figures that would all be empty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine

from models.db import make_engine
from models.migrate import upgrade

from models.enums import OrgKind, Role, Sector
from tests.builders import build
from tests.tui.conftest import new_app
from tests.tui.helpers import screen_text, settle
from tui.periods import Span
from tui.screens.cell import CellScreen
from tui.widgets.kpis import Headline
from tui.widgets.tables import KeyedTable

ENDED = dt.date(2025, 7, 1)
TODAY = dt.date(2026, 11, 28)


def _split_commune(engine: Engine) -> None:
    """Commune AT ends on 01/07/2025: its successor XA takes hamlet 1, commune XB hamlet 2."""
    with build(engine) as b:
        city = b.org("HCM", "Thành ủy Thử", kind=OrgKind.CITY_COMMITTEE)
        old = b.org("AT", "Đảng bộ xã An Thới", parent=city, sector=Sector.COMMUNE, valid_to=ENDED)
        xa = b.org("XA", "Đảng bộ xã An Thới mới", parent=city, sector=Sector.COMMUNE, valid_from=ENDED)
        xb = b.org("XB", "Đảng bộ xã Bình Khánh mới", parent=city, sector=Sector.COMMUNE, valid_from=ENDED)
        h1 = b.org("AT1", "Chi bộ Ấp 1", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET)
        h2 = b.org("AT2", "Chi bộ Ấp 2", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET)
        h3 = b.org("AT3", "Chi bộ Ấp 3", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET,
                   valid_to=ENDED, successor=h1)  # merged into hamlet 1
        b.members(h1, 3)
        b.members(h2, 3)
        b.members(h3, 3)
        b.target(old, 2024, 2)
        b.move(h1, xa, ENDED)
        b.move(h2, xb, ENDED)
        old.successor_id = xa.id
        b.user("chair", Role.ADMIN)


async def test_a_period_after_the_end_names_the_successors(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Đảng bộ xã An Thới (AT) đã kết thúc hoạt động từ ngày 01/07/2025, trước kỳ 2026" in text
        # Its own successor first, then the commune that took a hamlet.
        assert "Đảng bộ xã An Thới mới (XA), Đảng bộ xã Bình Khánh mới (XB)" in text
        assert not app.screen.query_one(Headline).display or not app.screen.query_one(Headline).region.height


async def test_a_period_before_the_end_shows_its_figures(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT", span=Span.year(2024), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "đã kết thúc hoạt động" not in screen_text(pilot)
        assert app.screen.query_one(Headline).region.height > 0


async def test_an_ended_cell_names_the_cell_it_merged_into(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT3", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Chi bộ Ấp 3 (AT3) đã kết thúc hoạt động từ ngày 01/07/2025" in text
        assert "Công việc đã chuyển sang: Chi bộ Ấp 1 (AT1)." in " ".join(text.split())
        assert not app.screen.query_one(Headline).display
        # The cell's own screen, its member list (three members, never moved) not shown.
        assert isinstance(app.screen, CellScreen)
        assert not app.screen.query_one(KeyedTable).display
        assert " Văn " not in text  # every builder member is named "… Văn …"


def _snapshot_engine(tmp_path: Path) -> Engine:
    """SQLite only: a snapshot has one file, whatever database the other tests run on."""
    engine = make_engine(f"sqlite:///{tmp_path / 'giaoban.sqlite'}")
    upgrade(engine)
    _split_commune(engine)
    return engine


async def _settled(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (140, 40)], ids=["80x24", "140x40"])
def test_ended_cell_screen_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    """The cell screen of a cell merged away before the period: the banner with its successor."""
    engine = _snapshot_engine(tmp_path)
    try:
        app = new_app(engine, root="AT3", span=Span.year(2026), as_of=TODAY)
        assert snap_compare(app, run_before=_settled, terminal_size=size)
    finally:
        engine.dispose()


async def test_a_successor_named_with_terminal_escapes_is_shown_harmless(engine: Engine) -> None:
    """Stored names are hostile until cleaned: an OSC 52 (set the clipboard) planted in a
    successor's name reaches the banner as visible text, never as an escape sequence."""
    from sqlalchemy import text

    from models.db import write_engine
    from textual.widgets import Static

    _split_commune(engine)
    with write_engine(engine).begin() as conn:
        conn.execute(text("UPDATE organisations SET name = :n WHERE code = 'XA'"),
                     {"n": "Đảng bộ xã \x1b]52;c;aGk=\x07An Thới mới"})
    app = new_app(engine, root="AT", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#ended", Static).render())
    assert "An Thới mới (XA)" in shown
    assert "\x1b" not in shown and "\x07" not in shown
