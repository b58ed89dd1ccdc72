"""Live updates: the app follows commits made by anyone else, and says when it cannot.

A thread of its own (not a Textual worker: tests that wait for every worker to finish
would wait for it forever) waits on a :class:`models.changes.ChangeWatcher` (obtained from the store, so
the TUI still touches ``models`` only through :mod:`tui.data`). A change re-queries the screen
on top at once, in place, and marks the screens below stale, to be re-queried when shown
again. When the watcher loses the database every title bar says so, with the time of the
figures still on screen, until a wait succeeds again; then everything is re-queried, since
commits made meanwhile may not have been noticed.

Nothing here runs on a timer: the worker blocks in the watcher (a cheap ``PRAGMA
data_version`` poll on SQLite, a socket wait on PostgreSQL), so an idle app draws nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

#: Longest single wait, so the worker notices it was cancelled (the app quitting).
WAIT_SLICE = 0.5
#: After a failed reconnection, how long before the next attempt.
RETRY_INTERVAL = 1.0


class LiveUpdates:
    """Mixin for :class:`tui.app.GiaobanApp`."""

    #: Builds the watcher; by default the store's (tests may hand one of their own).
    watcher_factory: Callable[[], Any] | None = None
    watch_interval: float = 0.25
    live: bool = True
    #: Until the watcher starts (once the first screen's figures are painted, see
    #: :meth:`tui.app.GiaobanApp.first_figures_painted`): nothing lost, no watcher yet.
    connection_lost: dt.datetime | None = None
    watcher: Any = None

    def start_watching(self) -> None:
        self.connection_lost: dt.datetime | None = None
        self.revision_seen: int | None = None
        self.watcher: Any = None
        self._stop_watching = threading.Event()
        self._watch_thread: threading.Thread | None = None
        self._live_loop = asyncio.get_running_loop()
        if self.live:
            self._watch_thread = threading.Thread(target=self.watch_changes, name="giaoban-live", daemon=True)
            self._watch_thread.start()

    def stop_watching(self) -> None:
        stop = getattr(self, "_stop_watching", None)
        if stop is None:
            return  # the app ended before its first frame: no watcher was started
        stop.set()
        thread = getattr(self, "_watch_thread", None)
        if thread is not None:
            thread.join(timeout=WAIT_SLICE * 4)

    def watch_changes(self) -> None:
        try:
            self._watch()
        except Exception as exc:  # noqa: BLE001 - shown to the person, never lost
            self._tell(self.report_error, exc)  # type: ignore[attr-defined]

    def _tell(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the app's loop without waiting for it (so quitting never waits
        on this thread, nor this thread on a loop that has stopped)."""
        if self._stop_watching.is_set():
            return
        try:
            self._live_loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop closed while quitting: nobody left to tell
            if not self._stop_watching.is_set():
                raise

    def _watch(self) -> None:
        factory = self.watcher_factory or (lambda: self.store.watcher(self.watch_interval))  # type: ignore[attr-defined]
        watcher = factory()
        self.watcher = watcher
        unavailable = self.store.watch_errors()  # type: ignore[attr-defined]

        lost = False
        try:
            while not self._stop_watching.is_set():
                try:
                    if watcher.revision is None:
                        # The baseline: changes are counted from here. The live updates start
                        # once the first figures are painted: a commit made since they were
                        # read is one (on PostgreSQL perhaps one they already hold: read again).
                        baseline = watcher.current()
                        read = getattr(self.store, "first_revision", None)  # type: ignore[attr-defined]
                        change = baseline if read is not None and baseline.revision != read else None
                    else:
                        change = watcher.wait(WAIT_SLICE)
                except unavailable as exc:
                    if not lost:
                        lost = True
                        self._tell(self.database_lost, exc)
                    self._stop_watching.wait(RETRY_INTERVAL)
                    continue
                if lost:
                    lost = False
                    self._tell(self.database_back)
                elif change is not None:
                    self._tell(self.database_changed, change.revision)
        finally:
            watcher.close()

    # On the app's thread ---------------------------------------------------------------

    def database_changed(self, revision: int) -> None:
        self.revision_seen = revision
        self.action_refresh_data()  # type: ignore[attr-defined]

    def database_lost(self, error: BaseException) -> None:
        """Every screen keeps its figures and says they are as of its last update."""
        self.connection_lost = self.clock()  # type: ignore[attr-defined]
        self.live_error = error
        for screen in self.live_screens():
            screen.show_connection(lost=True)

    def database_back(self) -> None:
        self.connection_lost = None
        for screen in self.live_screens():
            screen.show_connection(lost=False)
        self.action_refresh_data()  # type: ignore[attr-defined]

    def live_screens(self) -> list[Any]:
        return [s for s in self.screen_stack if hasattr(s, "show_connection")]  # type: ignore[attr-defined]
