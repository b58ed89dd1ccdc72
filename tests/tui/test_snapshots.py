"""SVG snapshots of the dashboard on the Cần Giờ data set, time frozen.

The fixture is loaded once for the module; the data set is loaded up to the day of the briefing
in the source scenario (31 March 2023) and read as of that day with a fixed clock, so a snapshot changes only when
the screen does. Keys are pressed in ``run_before`` so each screen's data has arrived.
Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
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


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_member_statistics(snap_compare, can_gio, size):
    """Section 8: the statistical report of members of the district and its communes, 2020–2022."""
    assert snap_compare(app_for(can_gio), run_before=keys("8"), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_member_makeup(snap_compare, can_gio, size):
    """Section 8 with ``c``: the district's members' make-up at 31/12/2022 under the table."""
    assert snap_compare(app_for(can_gio), run_before=keys("8", "c"), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_period_picker(snap_compare, can_gio, size):
    """``y``: this and last quarter, this and last half-year, the years and the terms."""
    assert snap_compare(app_for(can_gio), run_before=keys("y"), terminal_size=size)


def test_member_statistics_of_a_quarter(snap_compare, can_gio):
    """Section 8 for this quarter (2023-Q1, the briefing's) chosen with ``y``: its days, its cards."""
    assert snap_compare(app_for(can_gio), run_before=keys("y", "home", "down", "enter", "8"), terminal_size=SMALL)


def test_help(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("question_mark"), terminal_size=SMALL)


# Sections with their charts: removals and leaves wide, admissions small in English.
def test_section_removals_chart(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("2"), terminal_size=LARGE)


def test_section_admissions_small_english(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio, lang="en"), run_before=keys("1"), terminal_size=SMALL)


# The charts at the sizes they misled at: section 2's legend off the 2020 bar at 80x24; the
# composition with its six rows and the yearly chart with room at 120x35.
def test_section_removals_chart_small(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("2"), terminal_size=SMALL)


def test_section_admissions_medium(snap_compare, can_gio):
    assert snap_compare(app_for(can_gio), run_before=keys("1"), terminal_size=(120, 35))


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


async def test_the_title_names_the_district_at_80_columns(can_gio_today):
    """Read under the 2025 tree the title bar says so, at length: the path still ends with the
    district's name (not "… › Đảng"), on the overview, a section and the problem cells."""
    from tui.widgets.titlebar import Breadcrumb

    store = Store(lambda: can_gio_today, as_of=dt.date(2026, 11, 28), login="admin")
    app = GiaobanApp(store, root="CG", span=Span(2020, 2022), clock=lambda: CLOCK)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for key in ("", "2", "escape", "5"):
            if key:
                await pilot.press(key)
                await settle(pilot)
            crumb = app.screen.query_one(Breadcrumb)
            assert "huyện Cần Giờ" in crumb.render().plain, (key, crumb.render().plain)


# Presentation mode: the headline, attainment per child and problem cells, at the smallest
# size, at the projector size and on a large screen (the figures grow with it), in the
# high-contrast theme.
@pytest.mark.parametrize("size", [SMALL, (120, 35), (250, 70)], ids=["80x24", "120x35", "250x70"])
@pytest.mark.parametrize("slide", ["1", "2", "4"])
def test_slide(snap_compare, can_gio, slide, size):
    assert snap_compare(app_for(can_gio, theme="giaoban-dark"), run_before=keys("p", slide), terminal_size=size)


# Recording: the admission form of a hamlet cell, then its confirmation (nothing is written:
# the check before confirming rolls back), at both sizes.
def _admission_form(*more: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await keys("enter", "enter", "n", "enter")(pilot)
        for key in more:
            await pilot.press(key)
        await settle(pilot)

    return run


TYPED = ("tab", *"Lê Thị Mai".replace(" ", "\0"), "tab", "tab", *"14/02/2001")


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_admission_form(snap_compare, can_gio, size):
    assert snap_compare(app_for(can_gio), run_before=_admission_form(), terminal_size=size)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_admission_confirmation(snap_compare, can_gio, size):
    typed = tuple("space" if k == "\0" else k for k in TYPED)
    assert snap_compare(app_for(can_gio), run_before=_admission_form(*typed, "enter"), terminal_size=size)


@pytest.fixture
def audited(tmp_path: Path) -> Iterator[Engine]:
    """A small tree and an audit log with fixed times (the log's own rows carry the time of
    the write, which a snapshot cannot). A fresh one for each test: reading the log is itself
    logged (an ``audit.read`` row at the real time), so a log shared between tests would show
    the earlier tests' reads, in whatever order the tests ran."""
    from models.enums import AuditOutcome, OrgKind, Role, Sector
    from models.schema import AuditEntry
    from tests.builders import build

    engine = make_engine(f"sqlite:///{tmp_path / 'giaoban.sqlite'}")
    upgrade(engine)
    with build(engine) as b:
        district = b.org("H", "Huyện ủy Cần Giờ", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
        commune = b.org("X1", "Đảng bộ xã Bình Khánh", parent=district, sector=Sector.COMMUNE)
        cell = b.org("X1-A", "Chi bộ ấp Bình An", kind=OrgKind.SUBORDINATE_CELL, parent=commune, sector=Sector.HAMLET)
        b.user("admin", Role.ADMIN)
        at = dt.datetime(2023, 3, 31, 9, 0, 0)
        rows = [
            ("bithu", "record.admission", AuditOutcome.REFUSED, None, None,
             {"after": {"org": "X1-A", "full_name": "Lê Văn Nhỏ", "birth_date": "2006-06-01"},
              "message": "Field 'birth date': Age at admission is 16 years 9 months; it must be from 18 to 60 years",
              "rule": "record.age_out_of_range"}),
            ("bithu", "record.admission", AuditOutcome.OK, "member_events", 41,
             {"after": {"kind": "admission", "event_date": "2023-03-26", "full_name": "Lê Thị Mai", "org_id": cell.id}}),
            ("canbo", "members.read", AuditOutcome.READ, "organisations", cell.id, {"as_of": "2023-03-31", "members": 12}),
            ("canbo", "record.recognition", AuditOutcome.OK, "member_events", 42,
             {"before": {"official": False, "on_rolls": True, "org_id": cell.id},
              "after": {"kind": "recognition", "event_date": "2023-03-28", "decision_no": "88-QĐ/HU"}}),
            ("admin", "record.target", AuditOutcome.OK, "admission_targets", 7,
             {"before": {"target": 4, "decision_no": None}, "after": {"year": 2023, "target": 7, "decision_no": "12-NQ/ĐU"}}),
        ]
        for i, (login, action, outcome, table, target, detail) in enumerate(rows):
            b.s.add(AuditEntry(at=at + dt.timedelta(minutes=7 * i), login=login, action=action, outcome=outcome,
                               target_table=table, target_id=target, org_id=cell.id if action != "record.target" else commune.id,
                               detail=detail))
    yield engine
    engine.dispose()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x48"])
def test_audit_screen(snap_compare, audited, size):
    store = Store(lambda: audited, as_of=AS_OF, login="admin")
    app = GiaobanApp(store, root="H", span=Span(2023, 2023), clock=lambda: CLOCK)
    assert snap_compare(app, run_before=keys("a"), terminal_size=size)


def test_audit_entry(snap_compare, audited):
    store = Store(lambda: audited, as_of=AS_OF, login="admin")
    app = GiaobanApp(store, root="H", span=Span(2023, 2023), clock=lambda: CLOCK)
    assert snap_compare(app, run_before=keys("a", "down", "enter"), terminal_size=SMALL)
