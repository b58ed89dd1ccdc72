"""The ``/`` line shows what is typed as it is typed; Esc clears a kept filter, on the top
screen too; keys typed before the first screen's table exists are not lost (issue 19)."""

from __future__ import annotations

from tests.tui.helpers import screen_text, settle, table_rows
from tui.screens.audit import AuditScreen
from tui.screens.overview import OverviewScreen

COMMUNES = {"Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"}


def names(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0].lstrip("▸ ") for r in table_rows(pilot)]


async def test_the_filter_line_shows_what_is_typed_before_enter(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"thanh")
        await pilot.pause()
        assert any(line.strip() == "thanh" for line in screen_text(pilot).splitlines())
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]


async def test_the_audit_screens_filter_line_shows_what_is_typed(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("slash", *"chair")
        await pilot.pause()
        assert any(line.strip() == "chair" for line in screen_text(pilot).splitlines())


async def test_escape_clears_a_kept_filter_on_the_top_screen_as_help_says(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        top = app.screen
        await pilot.press("slash", *"thanh", "enter")  # kept; the table has the keys again
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]
        await pilot.press("question_mark")
        assert "Esc" in screen_text(pilot) and "Bỏ lọc" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.press("escape")
        assert app.screen is top
        assert set(names(pilot)) == COMMUNES
        assert app.screen.query_one("#filter").value == ""
        assert not any(line.strip() == "thanh" for line in screen_text(pilot).splitlines())


async def test_escape_clears_a_kept_filter_before_going_back(tree, make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        audit = app.screen
        await pilot.press("slash", *"chair", "enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is audit and audit.query_one("#filter").value == ""
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_keys_typed_before_the_first_table_exists_are_kept_and_pressed_in_order(tree, make_app, monkeypatch):
    """The first screen mounts its table just after the first frame; a quick typist's keys
    meanwhile (here: the table held back until they are typed) act once it is there."""
    mount_body = OverviewScreen._mount_body
    held: list[OverviewScreen] = []
    monkeypatch.setattr(OverviewScreen, "_mount_body", lambda self: held.append(self))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert held and not app.screen._body_ready  # noqa: SLF001 - the window this test is about
        await pilot.press("slash", *"thanh", "enter", "s")
        app.call_later(mount_body, held[0])  # now the table comes
        await settle(pilot)
        assert app.screen.query_one("#filter").value == "thanh"
        assert names(pilot) == ["Đảng bộ xã Thạnh An"]
        header = [str(c.label) for c in app.screen.query_one("KeyedTable").columns.values()]
        assert any(h.endswith("↑") for h in header)  # the s after Enter sorted
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_filter_typed_before_the_table_exists_stays_open_to_go_on_typing(tree, make_app, monkeypatch):
    mount_body = OverviewScreen._mount_body
    held: list[OverviewScreen] = []
    monkeypatch.setattr(OverviewScreen, "_mount_body", lambda self: held.append(self))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert held
        await pilot.press("slash", *"tha")  # t: a letter of the filter here, not the theme key
        app.call_later(mount_body, held[0])
        await settle(pilot)
        box = app.screen.query_one("#filter")
        assert box.value == "tha" and app.focused is box
        await pilot.press(*"nh an")
        assert box.value == "thanh an" and names(pilot) == ["Đảng bộ xã Thạnh An"]
        assert app.theme == "giaoban-dark"
