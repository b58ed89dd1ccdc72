"""Small helpers for Pilot tests: wait for the workers, read what a table shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tui.widgets.tables import KeyedTable


async def settle(pilot: Pilot, *, failures: list[BaseException] | None = None) -> None:
    """Let every worker finish and its message be handled.

    A worker seen failing fails the test, unless the test expects failures: then they are
    added to ``failures`` (those seen: one that ended before this was called is not), and the
    test checks what the app said about them on the screen, as a person would read it."""
    import asyncio

    from textual.worker import WorkerState

    seen: dict[int, Any] = {}
    for _ in range(3):
        workers = list(pilot.app.workers)
        seen.update((id(w), w) for w in workers)
        await asyncio.gather(*(w.wait() for w in workers), return_exceptions=True)
        await pilot.pause()
    errors = [w.error for w in seen.values() if w.state == WorkerState.ERROR and w.error is not None]
    if failures is not None:
        failures.extend(errors)
    elif errors:
        raise AssertionError(f"a worker failed: {errors[0]!r}") from errors[0]


async def until_start_up_error(pilot: Pilot) -> list[BaseException]:
    """Settle until the first load has failed and the start-up error screen is up (the first
    screen queries once its first frame is drawn); the failures, for the test to check."""
    from tui.screens.startup import StartupErrorScreen

    failures: list[BaseException] = []
    for _ in range(50):
        await settle(pilot, failures=failures)
        if isinstance(pilot.app.screen, StartupErrorScreen):
            return failures
        await pilot.pause(0.1)
    raise AssertionError(f"no start-up error screen; failures: {failures!r}")


def screen_words(pilot: Pilot) -> str:
    """The screen's text as one line of words (borders and line breaks gone)."""
    text = screen_text(pilot)
    for border in "█▀▄▌▐":
        text = text.replace(border, " ")
    return " ".join(text.split())


def table_rows(pilot: Pilot, selector: str = "KeyedTable") -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, KeyedTable)
    return [[str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def cursor_key(pilot: Pilot, selector: str = "KeyedTable") -> str | None:
    return pilot.app.screen.query_one(selector, KeyedTable).current_key()


def screen_text(pilot: Pilot) -> str:
    """Everything on the screen as plain text (for sentences a person would read)."""
    app = pilot.app
    lines = app.screen._compositor.render_update(full=True)  # noqa: SLF001
    del lines
    from rich.console import Console

    console = Console(width=app.size.width, record=True, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(app.screen._compositor.render_update(full=True))  # noqa: SLF001
    return console.export_text()


def notifications(pilot: Pilot) -> list[str]:
    return [n.message for n in pilot.app._notifications]  # noqa: SLF001 - no public reader in Textual 8
