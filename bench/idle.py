"""What an idle dashboard costs: CPU and bytes written to the terminal.

    python -m bench.idle [--url URL] [--seconds 60] [--size 120x35] [--present]

Starts ``giaoban`` in a real pseudo-terminal (as tmux or an SSH session would host it), waits
for the first full screen, then measures for ``--seconds`` with nobody pressing a key and
nobody writing to the database: the CPU time of the process (user + system, from
``/proc/PID/stat``) as a share of one core, and the bytes it wrote to the terminal. Then one
admission is recorded from another process and the bytes of that update are counted too, so
the quiet number can be compared with what a real change costs. Without ``--url`` a fresh
SQLite file with the Cần Giờ data set is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its waited-for children (clock ticks to seconds)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def drain(fd: int, seconds: float) -> int:
    """Read everything written to the terminal for ``seconds``; the byte count."""
    total = 0
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                total += len(os.read(fd, 65536))
            except OSError:  # the child closed the terminal
                break
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="120x35")
    parser.add_argument("--present", action="store_true", help="Measure the slides instead of the overview.")
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))

    url = args.url
    tmp = None
    if url is None:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite:///{Path(tmp.name) / 'giaoban.sqlite'}"
        from fixtures import can_gio
        from models.db import make_engine
        from models.login import system_login
        from models.migrate import upgrade
        from models.record.users import ensure_admin
        from models.uow import write_session

        engine = make_engine(url)
        upgrade(engine)
        can_gio.load(engine, dt.date.today())
        # The dashboard runs as whoever runs the benchmark: make that login an admin here.
        with write_session(engine, changes_figures=False) as session:
            ensure_admin(session, system_login())
        engine.dispose()

    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    command = [sys.executable, "-c", "from tui.cli import main; main()", "--db", url]
    if args.present:
        command.append("--present")
    pid, fd = pty.fork()
    if pid == 0:  # the child: giaoban on the pty
        os.chdir(ROOT)
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    try:
        startup = drain(fd, 8.0)  # the first frames, the data, the headline
        cpu0, wall0 = cpu_seconds(pid), time.monotonic()
        idle_bytes = drain(fd, args.seconds)
        cpu1, wall1 = cpu_seconds(pid), time.monotonic()
        record = [sys.executable, "-c", "from tui.cli import main; main()", "--db", url, "record", "admission",
                  "--org", "XBK.CQ", "--name", "Nguyễn Văn Bench", "--sex", "nam", "--born", "1999-01-02",
                  "--date", dt.date.today().isoformat()]
        done = subprocess.run(record, env=env, cwd=ROOT, capture_output=True, text=True)
        update_bytes = drain(fd, 3.0)
    finally:
        os.write(fd, b"q")
        drain(fd, 1.0)
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        if tmp is not None:
            tmp.cleanup()
    busy = (cpu1 - cpu0) / (wall1 - wall0) * 100
    print(f"terminal {cols}x{rows}, {'slides' if args.present else 'overview'}, {url.split(':', 1)[0]}")
    print(f"startup output: {startup:,} bytes")
    print(f"idle {wall1 - wall0:.0f} s: CPU {busy:.2f}% of one core, {idle_bytes:,} bytes written to the terminal")
    if done.returncode == 0:
        print(f"one admission recorded by another process: {update_bytes:,} bytes written for the update")
    else:
        print(f"recording the admission failed: {done.stderr.strip().splitlines()[-1] if done.stderr else done.returncode}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
