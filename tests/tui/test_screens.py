"""Members, a member's history, problem cells, sections, help, the palette, themes, language."""

from __future__ import annotations

from textual.widgets import ContentSwitcher, DataTable

from tests.tui.helpers import cursor_key, screen_text, settle, table_rows
from tui.screens.cell import CellScreen
from tui.screens.help import HelpScreen
from tui.screens.member import MemberScreen
from tui.screens.overview import OverviewScreen
from tui.screens.problems import ProblemsScreen
from tui.screens.sections import SectionsScreen
from tui.widgets.tables import KeyedTable
from tui.widgets.titlebar import Breadcrumb


async def test_member_history_opens_from_a_cell_and_escape_returns_to_the_member(tree, make_app):
    app = make_app(root="X1-A")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # A cell as root opens on its member list (its overview would list no children).
        assert isinstance(app.screen, CellScreen) and len(app.screen_stack) == 2
        members = [r[0] for r in table_rows(pilot)]
        index = members.index(tree.member_name)
        for _ in range(index):
            await pilot.press("down")
        key = cursor_key(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        events = table_rows(pilot)
        assert events[0][:2] == ["26/03/2022", "Kết nạp"]
        assert "Trần Thị Lan" in str(app.screen.query_one("#who").render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen) and cursor_key(pilot) == key


async def test_problem_cells_worst_first_with_reasons_and_enter_shows_the_reason(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        rows = table_rows(pilot)
        levels = [r[0] for r in rows]
        assert levels == sorted(levels, key=lambda level: -level.count("⚠"))
        assert any("Chưa đạt chỉ tiêu" in r[2] for r in rows)  # the lagging commune, in words
        target = next(i for i, r in enumerate(rows) if r[1] == "Đảng bộ xã Bình Khánh")
        for _ in range(target):
            await pilot.press("j")
        detail = str(app.screen.query_one("#detail").render())
        assert detail.startswith("Kết nạp 1/4 chỉ tiêu năm 2022")  # the full sentence of the highlighted row
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        banner = str(app.screen.query_one("#reason").render())
        assert banner.startswith("Vì sao ở đây:") and detail.split(".")[0] in banner


async def test_number_keys_switch_sections(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, SectionsScreen)
        switcher = app.screen.query_one(ContentSwitcher)
        assert switcher.current == "s2"
        flows = table_rows(pilot, "#t2")
        assert flows[0][0] == "2022" and flows[0][2] == "4"  # admitted in the year's books
        await pilot.press("3")
        assert switcher.current == "s3" and len(app.screen_stack) == 3
        assert app.screen.query_one(Breadcrumb).names[-1] == "Nguồn phát triển"
        await pilot.press("1")
        # 2021, before the tree's first year with data (its first targets, 2022): "–", not 0.
        assert ["Kết nạp", "4", "–"] in table_rows(pilot, "#t1")
        await pilot.press("4", "escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_question_mark_lists_the_keys_of_the_current_screen(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = {str(row[0]) for row in (app.screen.query_one(DataTable).get_row_at(i) for i in range(app.screen.query_one(DataTable).row_count))}
        assert {"/", "s", "↵", "Esc/⌫", "[", "]", "y", "t", "L", "r", "q", "?", "ctrl+p"} <= shown
        await pilot.press("question_mark")
        assert isinstance(app.screen, OverviewScreen)
        # The sections have no filter: their help does not offer one.
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("question_mark")
        table = app.screen.query_one(DataTable)
        keys = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert "/" not in keys and "Esc/⌫" in keys


async def test_palette_goes_to_an_organisation_by_name_without_accents(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"thanh an")
        await pilot.pause(0.3)
        await _first_hit_is_thanh_an(pilot, app)


async def test_palette_finds_an_organisation_by_a_former_name(engine, tree, make_app):
    # Names have validity (migration 0020): Thạnh An renamed is still found by its old name,
    # and shown by the name it bears today.
    import datetime as dt

    from models.access import SYSTEM
    from models.record import rename_org
    from models.uow import write_session

    with write_session(engine) as s:
        rename_org(s, SYSTEM, org="X2", name="Đảng bộ xã Hải Đảo", date=dt.date(2020, 1, 1))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"thanh an")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.query_one(Breadcrumb).names[-1] == "Đảng bộ xã Hải Đảo"


async def test_palette_speaks_vietnamese_and_shows_no_raw_ids(tree, make_app):
    from textual.command import CommandInput, CommandPalette

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(CommandInput).placeholder == "Tìm lệnh hoặc tổ chức…"
        await pilot.pause(0.5)
        await settle(pilot)
        options = palette.query_one("OptionList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts and not any("app." in p or "screen." in p for p in prompts), prompts
        assert any(p.startswith("Thoát") for p in prompts), prompts


async def _first_hit_is_thanh_an(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    assert isinstance(app.screen, OverviewScreen)
    assert app.screen.query_one(Breadcrumb).names[-1] == "Đảng bộ xã Thạnh An"


async def test_t_cycles_themes_and_L_switches_language(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "giaoban-dark"
        await pilot.press("t")
        assert app.theme == "giaoban-light"
        await pilot.press("t", "t", "t")
        assert app.theme == "giaoban-dark"
        await pilot.press("L")
        header = [str(c.label) for c in app.screen.query_one("KeyedTable").columns.values()]
        assert header[:2] == ["Organisation", "Status"]
        assert any("▼ behind" in r for r in table_rows(pilot))
        assert "updated at 14:05:12" in str(app.screen.query_one("#meta").render())
        await pilot.press("L")
        assert any("▼ chưa đạt" in r for r in table_rows(pilot))


async def test_q_quits(tree, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        # Quitting ends the app then and there (not the test harness leaving it) with status 0.
        assert app._exit  # noqa: SLF001 - no public "is exiting" in Textual 8
    assert app.return_code == 0


async def test_palette_finds_organisations_typed_before_its_index_has_loaded(tree, make_app, monkeypatch):
    # At country scale the index of organisations takes seconds to load; keys typed meanwhile
    # (each cancelling the search before it) must not leave the palette without them.
    import time

    app = make_app()
    slow = app.store.org_index

    def org_index():  # type: ignore[no-untyped-def]
        time.sleep(0.6)
        return slow()

    monkeypatch.setattr(app.store, "org_index", org_index)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        for key in "thanh an":
            await pilot.press(key if key != " " else "space")
            await pilot.pause(0.05)
        await pilot.pause(1.2)
        await _first_hit_is_thanh_an(pilot, app)


async def test_a_cell_opened_from_the_overview_says_why_it_is_flagged(engine, tree, make_app):
    """A cell reached by drilling down (not from the problem cells list) shows the reasons
    the list gives for it, worded by the list's own function; an unflagged cell shows none."""
    from models.schema import Organisation
    from tests.builders import build
    from tui.data import ProblemsQuery
    from tui.periods import Span
    from tui.screens.problems import reasons

    with build(engine) as b:
        b.target(b.s.get(Organisation, tree.cell), 2022, 3)  # Bình An: 1 admitted of 3
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listed = app.store.read(ProblemsQuery(tree.cell, Span.year(2022)))
        assert [p.org.id for p in listed] == [tree.cell]
        app.screen.query_one(KeyedTable).select_key(str(tree.behind))
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(KeyedTable).select_key(str(tree.cell))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen)
        banner = screen_text(pilot)
        said = " ".join(reasons(listed[0]).split())
        assert "Tổ chức đảng cần lưu ý: " + said[:60] in " ".join(banner.split())
        assert "⚠" in banner
        # Its neighbour Bình Phước has no target and nothing else wrong: no banner.
        await pilot.press("escape")
        await settle(pilot)
        other = next(k for k in (r.key for r in app.screen.query_one(KeyedTable).visible_rows()) if k != str(tree.cell))
        app.screen.query_one(KeyedTable).select_key(other)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen) and "Tổ chức đảng cần lưu ý:" not in screen_text(pilot)
