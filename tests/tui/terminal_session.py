"""The real dashboard in a pseudo-terminal, read through a terminal emulator (pyte), as a
person at an SSH prompt would see it: for what only a real terminal shows (hang-ups,
start-up errors, what the process leaves behind)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parents[2]
#: Generous bounds for a loaded machine; a healthy run takes a fraction of them.
START_PATIENCE = 60.0


class TerminalSession:
    """``giaoban ARGS`` on a pseudo-terminal of ``size`` (columns, rows).

    ``controlling``: the terminal is the process's controlling terminal (as under sshd or
    tmux: a hang-up sends it SIGHUP); else the process runs in a session of its own with no
    controlling terminal, and only the terminal itself says it hung up. ``wrapper``: a command
    that runs it (e.g. ``setpriv`` taking rights away).
    """

    def __init__(self, args: Sequence[str], env: dict[str, str], *, size: tuple[int, int] = (100, 30),
                 controlling: bool = True, wrapper: Sequence[str] = ()) -> None:
        cols, rows = size
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        full_env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **env}
        command = [*wrapper, sys.executable, "-c", "from tui.cli import main; main()", *args]
        self.status: int | None = None
        self.output = bytearray()
        if controlling:
            pid, fd = pty.fork()
            if pid == 0:  # the child: giaoban with the terminal as its controlling terminal
                os.chdir(ROOT)
                os.execvpe(command[0], command, full_env)
            self.pid, self.fd = pid, fd
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        else:
            master, slave = pty.openpty()
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=ROOT,
                                    start_new_session=True)
            os.close(slave)
            self.pid, self.fd = proc.pid, master
            self._proc = proc
        self.open = True

    # Reading the screen

    def pump(self, seconds: float = 0.0) -> None:
        """Read what the dashboard wrote, for up to ``seconds``."""
        end = time.monotonic() + seconds
        while self.open:
            left = max(0.0, end - time.monotonic())
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed its side
                return
            if not data:
                return
            self.output += data
            self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, *texts: str, patience: float = START_PATIENCE) -> str:
        """Read until one of ``texts`` is on the screen; which one."""
        end = time.monotonic() + patience
        while time.monotonic() < end:
            self.pump(0.05)
            screen = self.text()
            for text in texts:
                if text in screen:
                    return text
            if self.exited():
                break
        raise AssertionError(f"never on screen: {texts!r}; the screen:\n{self.text()}")

    def press(self, keys: str | bytes) -> None:
        os.write(self.fd, keys.encode() if isinstance(keys, str) else keys)

    # The end

    def hang_up(self, how: str) -> None:
        """``close``: the terminal goes away (the connection drops). ``signal``: SIGHUP with the
        terminal still there (as ``kill -HUP`` or sshd sends it), then the terminal goes."""
        if how == "signal":
            os.kill(self.pid, signal.SIGHUP)
        self.close_terminal()

    def close_terminal(self) -> None:
        if self.open:
            self.open = False
            os.close(self.fd)

    def exited(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status is not None

    def wait_exit(self, patience: float) -> int | None:
        """The exit status once the process ended (negative: killed by that signal), or None
        if it was still running after ``patience`` seconds."""
        end = time.monotonic() + patience
        while not self.exited():
            if time.monotonic() > end:
                return None
            self.pump(0.02) if self.open else time.sleep(0.02)
        return self.status

    def kill(self) -> None:
        """End the process if it still runs (a failed test leaves nothing behind)."""
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self.close_terminal()
