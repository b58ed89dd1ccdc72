"""The overview: children with targets and status, drilling down and back, filter, sort,
period keys and a refresh that keeps the cursor."""

from __future__ import annotations

import datetime as dt

from tests.builders import build
from tests.tui.helpers import cursor_key, screen_text, settle, table_rows
from tui.periods import Span
from tui.screens.cell import CellScreen
from tui.screens.overview import OverviewScreen
from tui.widgets.kpis import Headline
from tui.widgets.titlebar import Breadcrumb, TitleBar

COMMUNES = {"Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"}


def names(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0].lstrip("▸ ") for r in table_rows(pilot)]


async def test_overview_lists_children_with_status_in_words(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = {r[0].lstrip("▸ "): r for r in table_rows(pilot)}
        assert set(rows) == COMMUNES
        behind, ahead = rows["Đảng bộ xã Bình Khánh"], rows["Đảng bộ xã Thạnh An"]
        assert "▼ chưa đạt" in behind and "25%" in behind
        assert "✓ đạt" in ahead and "150%" in ahead
        assert app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ",)
        meta = str(app.screen.query_one("#meta").render())
        assert "Kỳ 2022" in meta and "cập nhật lúc 14:05:12" in meta


async def test_enter_drills_down_and_escape_or_backspace_return_to_the_same_row(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")  # second row
        second = cursor_key(pilot)
        assert second is not None
        row_name = names(pilot)[1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ", row_name)
        await pilot.press("escape")
        await settle(pilot)
        assert cursor_key(pilot) == second
        # Backspace goes back too (Esc is slow over some SSH links).
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert len(app.screen_stack) == 2 and cursor_key(pilot) == second


async def test_back_from_a_drill_keeps_sort_and_filter_and_follows_the_period(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("s", "slash", *"thanh an", "enter")
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ", "Đảng bộ xã Thạnh An")
        # The child's own list: no filter, the given order, no sort mark.
        assert app.screen.query_one("#filter").value == "" and len(names(pilot)) >= 1
        assert not any("↑" in str(c.label) for c in app.screen.query_one("KeyedTable").columns.values())
        await pilot.press("right_square_bracket")  # another period while down there
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ",)
        assert names(pilot) == ["Đảng bộ xã Thạnh An"] and app.screen.query_one("#filter").value == "thanh an"
        header = [str(c.label) for c in app.screen.query_one("KeyedTable").columns.values()]
        assert any(h.endswith("↑") for h in header)
        # Words in the language chosen below, too.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("L", "escape")
        await settle(pilot)
        status = table_rows(pilot)[0][1]
        assert status.split(" ", 1)[1] in ("met", "on pace", "behind", "no target"), status
        await pilot.press("L")
        # The district's figures for the period chosen below, not those it showed before.
        assert app.screen.query_one(Headline)._figures.attainment.admitted == 0
        assert "Kỳ 2023" in str(app.screen.query_one(TitleBar).query_one("#meta").render())


async def test_a_cell_opens_its_member_list(tree, make_app):
    app = make_app(root="X1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert names(pilot) == ["Chi bộ ấp Bình An", "Chi bộ ấp Bình Phước"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen)
        assert tree.member_name in [r[0] for r in table_rows(pilot)]
        assert app.screen.query_one(Breadcrumb).names[-1] == "Chi bộ ấp Bình An"


async def test_slash_filters_without_accents_and_escape_clears(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"thanh an")
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]
        await pilot.press("enter")  # keep the filter, back to the table
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]
        await pilot.press("slash", "escape")
        assert set(names(pilot)) == COMMUNES


async def test_s_puts_the_lagging_first_then_reverses_then_sorts_by_name(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        assert names(pilot) == ["Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"]  # behind, then met
        await pilot.press("s")
        assert names(pilot) == ["Đảng bộ xã Thạnh An", "Đảng bộ xã Bình Khánh"]
        # Past the other columns (ascending and descending each) to the name, ascending.
        for _ in range(2 * (len(app.screen.query_one("KeyedTable").spec) - 2) + 1):
            await pilot.press("s")
        header = [str(c.label) for c in app.screen.query_one("KeyedTable").columns.values()]
        assert header[0] == "Tổ chức ↑" and names(pilot) == ["Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"]


async def test_period_keys_change_the_figures(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        headline = app.screen.query_one(Headline)
        assert headline._figures.attainment.admitted == 4
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.span == Span.year(2023)
        assert headline._figures.attainment.admitted == 0
        assert "Kỳ 2023" in str(app.screen.query_one(TitleBar).query_one("#meta").render())
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert app.span == Span.year(2021) and headline._figures.attainment.target is None


async def test_y_picks_a_typed_range_and_rejects_nonsense(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y", "tab", *"20x", "enter")
        error = str(app.screen.query_one("#error").render())
        assert "20x" in error  # the domain's sentence, naming what was typed
        await pilot.press(*["backspace"] * 3, *"2022-2023", "enter")
        await settle(pilot)
        assert app.span == Span(2022, 2023)
        assert app.screen.query_one(Headline)._figures.attainment.target == 12


async def test_refresh_shows_a_new_commit_and_keeps_the_cursor(engine, tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        before = cursor_key(pilot)
        with build(engine) as b:
            from models.schema import Organisation

            cell = b.s.get(Organisation, tree.cell)
            b.admit(cell, dt.date(2022, 11, 7))
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one(Headline)._figures.attainment.admitted == 5
        assert cursor_key(pilot) == before


async def test_at_80x24_the_table_fits_without_scrolling_sideways(tree, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("KeyedTable")
        assert table.virtual_size.width <= table.size.width
        header = [str(c.label) for c in table.columns.values()]
        assert header == ["Tổ chức", "Tình trạng", "C.tiêu", "K.nạp", "Đạt %", "Xóa", "Ra"]
        # Wider, the pace, the candidates ready and more appear.
        await pilot.resize_terminal(130, 40)  # charts below: the table has the width
        await pilot.pause()
        assert "Tiến độ" in [str(c.label) for c in table.columns.values()]


async def test_the_small_headline_breaks_lines_between_phrases_never_inside(tree, make_app):
    """On a narrow terminal the headline's three lines break between phrases: the attainment
    and the counts each get a line of their own rather than the counts wrapping mid-phrase,
    the composition breaks between its items, and what has no line left is cut with an
    ellipsis."""
    app = make_app()
    # 120 columns hold the composition on one line ("đoàn viên Đoàn TNCS Hồ Chí Minh" in full).
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        compact = app.screen.query_one("#compact")

        def lines() -> list[str]:
            return str(compact.render()).split("\n")

        wide = lines()
        assert len(wide) == 2 and compact.size.height == 2
        assert wide[0].startswith("Kết nạp 4/") and " · ĐV " in wide[0] and wide[1].startswith("Thành phần:")
        # Narrower: the composition takes the line left, broken between two of its items.
        await pilot.resize_terminal(70, 24)
        await settle(pilot)
        middle = lines()
        assert len(middle) == 3 and compact.size.height == 3 and middle[0] == wide[0]
        assert middle[1].startswith("Thành phần:") and middle[2].startswith("Đoàn thể giới thiệu ")
        await pilot.resize_terminal(50, 24)
        await settle(pilot)
        narrow = lines()
        assert len(narrow) == 3 and compact.size.height == 3
        assert narrow[0].startswith("Kết nạp 4/") and "ĐV" not in narrow[0]
        assert narrow[1].startswith("ĐV ") and "Vấn đề" in narrow[1]
        assert narrow[2].startswith("Thành phần:")
        # On screen: three lines, the composition cut short with an ellipsis, then the table.
        shown = screen_text(pilot).splitlines()
        at = next(i for i, line in enumerate(shown) if line.strip().startswith("Thành phần:"))
        assert shown[at].rstrip().endswith("…") and shown[at - 1].strip().startswith("ĐV ")
        assert shown[at + 1].strip().startswith("Tổ chức")
        # Growing back joins them again.
        await pilot.resize_terminal(120, 24)
        await settle(pilot)
        assert lines() == wide
