"""Presentation mode: ``p`` (or ``--present``) opens the slides of the organisation on screen;
arrows, space and numbers move; Enter drills into the normal screens; Esc comes back."""

from __future__ import annotations

from textual.widgets import ContentSwitcher, Digits

from tests.tui.conftest import CLOCK, new_app
from tests.tui.helpers import cursor_key, screen_text, settle
from tests.tui.test_live import admit_elsewhere, until
from tui.bindings import specs
from tui.i18n import CATALOGUE
from tui.screens.overview import OverviewScreen
from tui.screens.present import PresentScreen
from tui.screens.sections import SectionsScreen
from tui.widgets.titlebar import Breadcrumb


def slide(app) -> int:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, PresentScreen)
    assert screen.query_one(ContentSwitcher).current == f"slide-{screen.slide}"
    return screen.slide


def big(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#big-{name} Digits", Digits).value)


async def test_p_shows_the_headline_in_large_digits_with_no_chrome(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert slide(app) == 1
        # District H, 2022: 4 admitted against a target of 6, 67%.
        assert (big(app, "admitted"), big(app, "target"), big(app, "attainment")) == ("4", "6", "67")
        assert not app.screen.query("TitleBar") and not app.screen.query("KeyBar")
        text = screen_text(pilot)
        assert "Kết nạp đảng viên so với chỉ tiêu — Huyện ủy Cần Giờ" in text
        assert "Kỳ này" in text and "Kỳ trước" in text  # the composition beside the previous period
        assert "1/6" in text and f"cập nhật lúc {CLOCK:%H:%M:%S}" in text


async def test_arrows_space_and_numbers_move_between_slides(tree, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        moves = [("right", 2), ("space", 3), ("left", 2), ("4", 4), ("6", 6), ("right", 1), ("left", 6), ("1", 1)]
        for key, expected in moves:
            await pilot.press(key)
            assert slide(app) == expected, key
        await pilot.press("2")
        text = screen_text(pilot)
        # The lagging commune is marked and listed first.
        assert "▼ chưa đạt: 1 trên 2 đơn vị có chỉ tiêu" in text
        lines = [line for line in text.splitlines() if "%" in line and ("Bình Khánh" in line or "Thạnh An" in line)]
        assert "Bình Khánh" in lines[0] and "▼" in lines[0] and "25%" in lines[0]
        assert "Thạnh An" in lines[1] and "150%" in lines[1]


async def test_the_problem_slide_gives_the_reasons(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("4")
        text = screen_text(pilot)
        assert "Tổ chức đảng cần lưu ý và lý do cảnh báo" in text
        assert "▼ Đảng bộ xã Bình Khánh" in text
        # At this width each cell comes with its reasons in full, regulation included.
        assert "Kết nạp 1/4 chỉ tiêu năm 2022 (25%)" in text


async def test_escape_returns_to_where_you_were(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        row = cursor_key(pilot)
        below = app.screen
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("right", "right")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is below and cursor_key(pilot) == row


async def test_enter_drills_from_a_slide_into_the_normal_screens(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # into the lagging commune
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert "Đảng bộ xã Bình Khánh" in screen_text(pilot)  # the slides are the commune's
        await pilot.press("3", "enter")  # removals and leaves: its section screen
        await settle(pilot)
        assert isinstance(app.screen, SectionsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ", "Đảng bộ xã Bình Khánh")


async def test_present_flag_opens_on_the_slides_and_a_key_toggles_auto_advance(engine, tree):
    app = new_app(engine)
    app.present = True
    app.auto_advance = 30
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PresentScreen) and slide(app) == 1
        assert big(app, "admitted") == "4"
        assert "tự chuyển 30s" in screen_text(pilot)
        await pilot.press("a")
        assert "tự chuyển" not in screen_text(pilot)
        await pilot.press("a")
        assert "tự chuyển 30s" in screen_text(pilot)


async def test_a_slide_updates_in_place_when_someone_commits(engine, tree):
    app = new_app(engine)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert await until(pilot, lambda: app.watcher is not None and app.watcher.revision is not None)
        await pilot.press("p")
        await settle(pilot)
        admit_elsewhere(engine, tree.cell)
        assert await until(pilot, lambda: big(app, "admitted") == "5")
        assert slide(app) == 1
        assert app.screen.query_one("#big-admitted").has_class("-changed")


def test_every_slide_key_is_in_the_registry_with_a_description_in_both_languages():
    keys = specs(["present"])
    ids = {s.id for s in keys}
    assert {"present.next", "present.previous", "present.drill", "present.auto", "present.leave"} <= ids
    assert {f"present.slide.{n}" for n in range(1, 7)} <= ids
    for spec in keys:
        vi, en = CATALOGUE[spec.description]
        assert vi and en and vi != en
    for n in range(1, 7):
        vi, en = CATALOGUE[f"present.slide.{n}"]
        assert vi != en
