"""When the dashboard cannot show its first figures: a screen that stays, saying what is
wrong and what to do, instead of a loading line under a notification that fades.

A database out of reach (PostgreSQL down, a refused connection, a database that does not
exist) is tried again every :data:`RETRY_EVERY` seconds: once it answers, this screen goes
and the figures come. Anything else (a URL giaoban cannot use, an organisation code that
names nothing, a database never initialised) waits for the person. Leaving from here ends
the process with status 1: the dashboard never opened.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.bindings import bindings
from tui.i18n import domain, language, tr

#: Seconds between two attempts on a database out of reach.
RETRY_EVERY = 3.0


@dataclass(frozen=True)
class StartupProblem:
    what: str  # what is wrong, in the app's language
    todo: str  # what the person can do about it
    retry: bool  # the database is out of reach: tried again on its own


def startup_problem(error: BaseException, url: str | None) -> StartupProblem:
    """What a failed first load means to the person at the terminal. ``url``: the database's
    URL as it may be shown (password hidden), None when it could not even be read."""
    from sqlalchemy.exc import DBAPIError

    from models.errors import DomainError, NotFound

    shown = url or "—"
    if isinstance(error, DBAPIError):
        detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
        detail = detail.removeprefix("connection failed: ")
        what = domain("db.unreachable", url=shown, detail=detail)
        if shown.startswith("sqlite"):
            todo = tr("startup.todo.sqlite")
        elif "does not exist" in detail or "không tồn tại" in detail:
            todo = tr("startup.todo.create_database")
        else:
            todo = tr("startup.todo.server")
        return StartupProblem(what, todo, retry=True)
    if isinstance(error, DomainError):
        what = error.message(language())
        if error.key == "db.not_initialised":
            todo = tr("startup.todo.init")
        elif isinstance(error, NotFound) and error.key == "org.not_found":
            todo = tr("startup.todo.root")
        elif error.key == "db.unsupported":
            todo = tr("startup.todo.url")
        else:
            todo = tr("startup.todo.config")
        return StartupProblem(what, todo, retry=getattr(error, "transient", False))
    if isinstance(error, OSError):  # the database file's directory cannot be made or read
        return StartupProblem(domain("db.unreachable", url=shown, detail=str(error)), tr("startup.todo.sqlite"), retry=False)
    message = str(error).splitlines()[0] if str(error) else ""
    return StartupProblem(tr("startup.unexpected", kind=type(error).__name__, message=message),
                          tr("startup.todo.report"), retry=False)


class StartupErrorScreen(Screen):
    """Over the first screen while it has no figures; see the module's docstring."""

    BINDINGS = bindings("refusal")  # q, Esc, Backspace: leave with status 1

    DEFAULT_CSS = """
    StartupErrorScreen { align: center middle; }
    StartupErrorScreen #problem { width: 80; max-width: 100%; height: auto; border: thick $error; padding: 1 2; }
    """

    def __init__(self, error: BaseException, url: str | None) -> None:
        super().__init__()
        self.error = error
        self.url = url
        self.attempts = 1
        self._timer: Any = None

    def compose(self) -> ComposeResult:
        yield Static(self._text(), id="problem")

    def on_mount(self) -> None:
        self._schedule()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _schedule(self) -> None:
        """The next attempt, when the problem is one that waits for the database. (The
        loop's own timer: a Textual timer made here, from a worker's report, was left to be
        stopped outside the app's context when the app closed.)"""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.problem.retry:
            self._timer = asyncio.get_running_loop().call_later(RETRY_EVERY, self._retry)

    @property
    def problem(self) -> StartupProblem:
        return startup_problem(self.error, self.url)

    def _text(self) -> str:
        problem = self.problem
        parts = [tr("startup.title"), problem.what, problem.todo]
        if problem.retry:
            parts.append(tr("startup.retrying", seconds=int(RETRY_EVERY), attempts=self.attempts))
        parts.append(tr("startup.leave"))
        return "\n\n".join(parts)

    def failed_again(self, error: BaseException) -> None:
        """Another attempt failed (perhaps otherwise: the server is up, the database not)."""
        self.error = error
        self.rerender()  # (before it was composed: composed with this error)
        if self.is_mounted:
            self._schedule()

    def _retry(self) -> None:
        self._timer = None
        if not self.is_attached:
            return
        self.attempts += 1
        self.rerender()
        self.app.retry_start()  # type: ignore[attr-defined]

    def rerender(self) -> None:
        for problem in self.query("#problem").results(Static):  # (none before it is composed)
            problem.update(self._text())
