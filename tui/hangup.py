"""Leaving when the terminal hangs up: within a second, whatever is open.

Over SSH a dropped connection is common; a dashboard that outlives its terminal holds the
SQLite file (and its WAL) and a core. A hang-up is any of: SIGHUP (sent by the kernel, by
sshd, by tmux, by a shell closing), the terminal reported hung up (``POLLHUP`` on standard
input: a process that has no controlling terminal gets no SIGHUP), or a write to the
terminal failing (:class:`tui.terminal.TerminalWriter`).

On a hang-up the app is asked to exit on its own loop, as ``q`` would, so screens unmount
and the change watcher stops. That can take long or never end: a query in a worker thread
(the palette's index reads for seconds at country scale) is waited for by the event loop's
executor as the process ends. So a watchdog thread, started at once and independent of the
loop, releases the database (the store's connections) and ends the process after
:data:`GRACE` seconds if it is still there.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

#: How long a hang-up lets the app end by itself before the process is ended (seconds).
GRACE = 0.6
#: The exit status after a hang-up, as a shell reports a process ended by SIGHUP.
HANGUP_STATUS = 128 + int(getattr(signal, "SIGHUP", 1))


class HangupGuard:
    """Installed once the app's loop runs (:meth:`install`); acts on the first hang-up."""

    def __init__(self, request_exit: Callable[[], None], release: Callable[[], None]) -> None:
        self._request_exit = request_exit  # thread-safe: asks the app to exit on its loop
        self._release = release  # closes the database's connections; from any thread
        self._fired = threading.Event()
        self._done = threading.Event()  # the app ended by itself: the watchdog stands down
        self._previous: Any = None

    @property
    def hung_up(self) -> bool:
        return self._fired.is_set()

    def install(self) -> None:
        if not hasattr(signal, "SIGHUP"):
            return
        if threading.current_thread() is threading.main_thread():
            # A plain handler, not the loop's: it runs even while the loop is busy, and
            # starts the watchdog at once.
            self._previous = signal.signal(signal.SIGHUP, self._on_signal)
        watch = _terminal_fd()
        if watch is not None:
            threading.Thread(target=self._watch_terminal, args=(watch,), name="giaoban-hangup", daemon=True).start()

    def uninstall(self) -> None:
        """The app ended: nothing left to guard (a hang-up now ends the process by default)."""
        self._done.set()
        if self._previous is not None and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
            self._previous = None

    def _on_signal(self, signum: int, frame: Any) -> None:
        self.hang_up()

    def _watch_terminal(self, fd: int) -> None:
        """Wait (without waking) until the terminal hangs up: polled for no event at all,
        ``poll`` returns only on POLLHUP, POLLERR or POLLNVAL."""
        poller = select.poll()
        poller.register(fd, 0)
        while not self._done.is_set():
            try:
                events = poller.poll()
            except InterruptedError:
                continue
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
                if not self._done.is_set():
                    self.hang_up()
                return

    def hang_up(self, _exc: BaseException | None = None) -> None:
        """The terminal is gone (from any thread, or a signal handler)."""
        if self._fired.is_set():
            return
        self._fired.set()
        threading.Thread(target=self._watchdog, name="giaoban-hangup-watchdog", daemon=True).start()
        try:
            self._request_exit()
        except RuntimeError:  # the loop has closed: the app is ending anyway
            pass

    def _watchdog(self) -> None:
        if self._done.wait(GRACE):
            return
        try:
            self._release()
        finally:
            os._exit(HANGUP_STATUS)


def _terminal_fd() -> int | None:
    """Standard input's descriptor when it is a terminal (the driver reads keys there)."""
    stdin = sys.__stdin__
    try:
        fd = stdin.fileno() if stdin is not None else -1
    except (ValueError, OSError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None
