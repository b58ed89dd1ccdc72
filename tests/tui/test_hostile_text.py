"""Stored hostile text on the dashboard (issue 14, finding 3): terminal escapes and Textual
markup in names written before the input rules are shown as text, never obeyed."""

from __future__ import annotations

from sqlalchemy import Engine, text

from tests.tui.helpers import screen_text, settle, table_rows
from tui.widgets.titlebar import Breadcrumb

ESC = "\x1b"
NAME = f"[bold]Bình[/bold]{ESC}]2;t\x07{ESC}[2J\n[@click=app.quit]x[/]{ESC}]52;c;cm0gLXJmIH4K\x07"


def _plant(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE organisations SET name = :n WHERE code = 'X1'"), {"n": NAME})
        conn.execute(text("UPDATE members SET full_name = :n WHERE full_name = 'Trần Thị Lan'"), {"n": NAME})


async def test_stored_escapes_and_markup_are_shown_as_text(tree, make_app, engine):
    _plant(engine)
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        rows = [r[0] for r in table_rows(pilot)]
        assert any(r.startswith("▸ [bold]Bình[/bold]\\x1b") for r in rows), rows
        assert ESC not in screen_text(pilot)
        await pilot.press("enter")  # into the hostile commune (the cursor starts on it: behind first)
        await settle(pilot)
        crumbs = app.screen.query_one(Breadcrumb)
        shown = str(crumbs.render())
        assert "[bold]Bình[/bold]\\x1b]2;t\\x07\\x1b[2J\\n[@click=app.quit]" in shown and ESC not in shown
        await pilot.press("enter")  # into its cell, whose member has the hostile name
        await settle(pilot)
        members = " ".join(" ".join(r) for r in table_rows(pilot))
        assert "[bold]Bình[/bold]\\x1b" in members and ESC not in members
        assert ESC not in screen_text(pilot)
        assert app.is_running
