"""Presentation mode: ``p`` (or ``--present``) opens the slides of the organisation on screen;
arrows, space and numbers move; Enter drills into the normal screens; Esc comes back."""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from tests.tui.conftest import CLOCK, new_app
from tests.tui.helpers import cursor_key, screen_text, settle
from tests.tui.test_live import admit_elsewhere, until
from tui.bindings import specs
from tui.i18n import CATALOGUE
from tui.screens.overview import OverviewScreen
from tui.screens.present import PresentScreen
from tui.screens.sections import SectionsScreen
from tui.widgets.bigdigits import BigDigits
from tui.widgets.titlebar import Breadcrumb


def slide(app) -> int:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, PresentScreen)
    assert screen.query_one(ContentSwitcher).current == f"slide-{screen.slide}"
    return screen.slide


def big(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#big-{name} BigDigits", BigDigits).value


async def test_p_shows_the_headline_in_large_digits_with_no_chrome(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert slide(app) == 1
        # District H, 2022: 4 admitted against a target of 6, 66,7% (written the Vietnamese way).
        assert (big(app, "admitted"), big(app, "target"), big(app, "attainment")) == ("4", "6", "66,7")
        assert not app.screen.query("TitleBar") and not app.screen.query("KeyBar")
        text = screen_text(pilot)
        assert "Kết nạp đảng viên so với chỉ tiêu — Huyện ủy Cần Giờ" in text
        assert "Kỳ này" in text and "Kỳ trước" in text  # the composition beside the previous period
        assert "1/8" in text and f"cập nhật lúc {CLOCK:%H:%M:%S}" in text


async def test_arrows_space_and_numbers_move_between_slides(tree, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        moves = [("right", 2), ("space", 3), ("left", 2), ("4", 4), ("6", 6), ("8", 8), ("right", 1), ("left", 8), ("1", 1)]
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
        assert "tự chuyển 30s" not in screen_text(pilot)  # the key's own name stays in the caption
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
    assert {f"present.slide.{n}" for n in range(1, 9)} <= ids
    for spec in keys:
        vi, en = CATALOGUE[spec.description]
        assert vi and en and vi != en
    for n in range(1, 9):
        vi, en = CATALOGUE[f"present.slide.{n}"]
        assert vi != en


async def _slide_one(make_app, size):  # type: ignore[no-untyped-def]
    """The first slide at ``size``: the rows of its digits, the share of the screen's width
    and of its height the slide fills (its right-most figure, its last line), and the caption."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        digits = [screen.query_one(f"#big-{n} BigDigits", BigDigits) for n in ("admitted", "target", "attainment")]
        assert len({d.rows for d in digits}) == 1  # one height for the figures of a slide
        assert all(d.region.height >= d.rows for d in digits)  # drawn at that height, not cut
        lines = screen_text(pilot).rstrip("\n").splitlines()
        last = max(i for i, line in enumerate(lines) if "Tuổi 18–30" in line) + 1
        right = max(d.region.right for d in digits)
        return digits[0].rows, right / size[0], last / size[1], "\n".join(lines[-2:])


async def test_the_big_figures_grow_with_the_screen(tree, make_app):
    small = await _slide_one(make_app, (80, 24))
    middle = await _slide_one(make_app, (120, 35))
    large = await _slide_one(make_app, (250, 70))
    assert small[0] >= 3 and middle[0] >= 5 and large[0] >= 10
    assert small[0] <= middle[0] < large[0]
    # The slide uses the screen: the figures reach across most of it, or the slide down most of it.
    for _rows, across, down, _caption in (small, middle, large):
        assert across >= 0.75 or down >= 0.75, (across, down)
    # The caption is whole at 80 columns: the keys on a line of their own down to "Esc".
    from tui.screens.present import SLIDES

    assert small[3].rstrip().endswith("Esc thoát") and f"1/{SLIDES}" in small[3]
