"""SVG snapshots of the dashboard on the Cần Giờ data set, time frozen.

The fixture is loaded once for the module; the data set is loaded up to the day of the briefing
in the source scenario (31 March 2023) and read as of that day with a fixed clock, so a snapshot changes only when
the screen does. Keys are pressed in ``run_before`` so each screen's data has arrived.
Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from models.db import make_engine
from models.migrate import upgrade
from tests.tui.helpers import settle
from tui.app import GiaobanApp
from tui.data import Store
from tui.periods import Span

AS_OF = dt.date(2023, 3, 31)
CLOCK = dt.datetime(2023, 3, 31, 14, 5, 12)
# Loaded up to the day of the briefing: the database as it stood then.
UNTIL = AS_OF

SMALL = (80, 24)
LARGE = (160, 48)


@pytest.fixture(scope="module")
def can_gio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from fixtures import can_gio as fixture

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('cangio') / 'giaoban.sqlite'}")
    upgrade(engine)
    fixture.load(engine, UNTIL)
    yield engine
    engine.dispose()


def app_for(engine: Engine, *, lang: str = "vi", theme: str | None = None) -> GiaobanApp:
    store = Store(lambda: engine, as_of=AS_OF, login="admin")
    return GiaobanApp(store, root="CG", span=Span(2020, 2022), lang=lang, theme=theme, clock=lambda: CLOCK)


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


# Overview: Vietnamese and English, both sizes, the high-contrast themes and the terminal palette.
@pytest.mark.parametrize(
    ("lang", "theme", "size"),
    [
        ("vi", None, SMALL),
        ("vi", None, LARGE),
        ("en", "giaoban-light", SMALL),
        ("en", "giaoban-light", LARGE),
        ("vi", "ansi-dark", SMALL),
    ],
    ids=["vi-80x24", "vi-160x48", "en-light-80x24", "en-light-160x48", "ansi-80x24"],
)
def test_overview(snap_compare, can_gio, lang, theme, size):
    assert snap_compare(app_for(can_gio, lang=lang, theme=theme), run_before=keys(), terminal_size=size)


# Drill-down: a commune with its breadcrumb, then a hamlet cell's member list.
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_drill_down_to_a_commune(snap_compare, can_gio, size):
    assert snap_compare(app_for(can_gio), run_before=keys("enter"), terminal_size=size)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cell_members(snap_compare, can_gio, lang):
    assert snap_compare(app_for(can_gio, lang=lang), run_before=keys("enter", "enter"), terminal_size=SMALL)


# Problem cells with their reasons.
@pytest.mark.parametrize(("lang", "size"), [("vi", LARGE), ("en", SMALL)], ids=["vi-160x48", "en-80x24"])
def test_problem_cells(snap_compare, can_gio, lang, size):
    assert snap_compare(app_for(can_gio, lang=lang), run_before=keys("5"), terminal_size=size)


def test_help(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("question_mark"), terminal_size=SMALL)


# Sections with their charts: removals and leaves wide, admissions small in English.
def test_section_removals_chart(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("2"), terminal_size=LARGE)


def test_section_admissions_small_english(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio, lang="en"), run_before=keys("1"), terminal_size=SMALL)


@pytest.fixture(scope="module")
def can_gio_today(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from fixtures import can_gio as fixture

    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('cangio-today') / 'giaoban.sqlite'}")
    upgrade(engine)
    fixture.load(engine, dt.date(2026, 11, 28))
    yield engine
    engine.dispose()


async def test_the_dissolved_district_shows_its_2020_2022_figures_today(can_gio_today):
    """Opened after the 2025 reorganisation, Cần Giờ reads under its last tree: 237 of 220."""
    from tui.widgets.kpis import Headline
    from tui.widgets.titlebar import Breadcrumb, TitleBar

    store = Store(lambda: can_gio_today, as_of=dt.date(2026, 11, 28), login="admin")
    app = GiaobanApp(store, root="CG", span=Span(2020, 2022), clock=lambda: CLOCK)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        att = app.screen.query_one(Headline)._figures.attainment
        assert (att.admitted, att.target) == (237, 220)
        assert "theo tổ chức ngày 30/06/2025" in str(app.screen.query_one(TitleBar).query_one("#meta").render())
        assert app.screen.query_one("KeyedTable").row_count > 20  # its grassroots organisations
        # Drilling down stays in that tree: a commune of the time, then one of its hamlets.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        path = app.screen.query_one(Breadcrumb).names
        assert path[:3] == ("Đảng bộ Thành phố Hồ Chí Minh", "Đảng bộ huyện Cần Giờ", "Đảng bộ xã An Thới Đông")
        assert "theo tổ chức ngày 30/06/2025" in str(app.screen.query_one(TitleBar).query_one("#meta").render())
