"""The terminal driver: Textual's Linux driver, made safe on a terminal that hangs up.

Textual 8's ``LinuxDriver`` left a dashboard running for ever when its terminal went away
(an SSH connection dropped, a tmux server killed), seen with ``py-spy dump``:

- the kernel sends SIGCONT with SIGHUP to a terminal's foreground processes when it hangs up;
  the driver takes every SIGCONT for the end of a Ctrl+Z suspension and starts application
  mode again, in the signal handler: a second input thread and a second writer thread;
- writing to a hung-up terminal fails (EIO): the writer thread dies on its first write, its
  queue (30 writes) fills, and the next write, or ``WriterThread.stop`` when the app closes
  (``App._shutdown -> LinuxDriver.close -> WriterThread.stop -> Queue.put``), waits for ever;
- reading a hung-up terminal returns nothing at once, so the input threads spin (about half
  a core each) until the process ends.

Here a SIGCONT resumes only a driver that SIGTSTP suspended, the writer keeps emptying its
queue once the terminal fails (so no write ever waits), and closing waits a bounded time.
The hang-up itself (SIGHUP, or the terminal found dead) is acted on by :mod:`tui.hangup`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

#: Longest wait for the writer to put out what is left when the app closes (seconds).
CLOSE_WAIT = 0.5


class TerminalWriter(WriterThread):
    """Textual's writer thread, which outlives a terminal that fails: from the first failed
    write on, what is queued is dropped, and ``on_failure`` is called once."""

    def __init__(self, file: IO[str], on_failure: Callable[[BaseException], None]) -> None:
        super().__init__(file)
        self.failed = False
        self._on_failure = on_failure

    def run(self) -> None:
        get = self._queue.get
        qsize = self._queue.qsize
        while True:
            text = get()
            if text is None:
                break
            if self.failed:
                continue  # keep emptying the queue, so that no write waits on a dead terminal
            try:
                self._file.write(text)
                if qsize() == 0:
                    self._file.flush()
            except (OSError, ValueError) as exc:  # EIO from a hung-up terminal, or a closed file
                self._fail(exc)
        if not self.failed:
            try:
                self._file.flush()
            except (OSError, ValueError) as exc:
                self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.failed = True
        self._on_failure(exc)

    def stop(self) -> None:
        """Ask the thread to finish, and wait for it a bounded time (a terminal that blocks
        its writer, e.g. one nobody reads any more, must not hold the process)."""
        self._queue.put(None)
        self.join(CLOSE_WAIT)


class TerminalDriver(LinuxDriver):
    """The dashboard's driver on Linux and macOS (see the module's docstring)."""

    #: Called (from any thread) when the terminal is found dead; set by :mod:`tui.hangup`.
    on_terminal_lost: Callable[[BaseException], None] | None = None

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._suspended = False

    def start_application_mode(self) -> None:
        super().start_application_mode()
        # Textual starts its own writer thread; take over its queue with one that outlives a
        # dead terminal (nothing was lost: the old thread is stopped after what it holds).
        old = self._writer_thread
        if old is not None and not isinstance(old, TerminalWriter) and self._file is not None:
            old._queue.put(None)  # after what it holds (a few writes: never full)
            old.join(CLOSE_WAIT)
            writer = TerminalWriter(self._file, self._terminal_lost)
            writer.start()
            self._writer_thread = writer

    def _terminal_lost(self, exc: BaseException) -> None:
        callback = self.on_terminal_lost
        if callback is not None:
            callback(exc)

    def _sigtstp_application(self, *args: Any) -> None:
        self._suspended = self._auto_restart
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args: Any) -> None:
        # A SIGCONT that follows no Ctrl+Z (the kernel sends one with SIGHUP when the
        # terminal hangs up; anyone may send one) must not start application mode again.
        if not self._suspended:
            return
        self._suspended = False
        super()._sigcont_application(*args)
