"""A terminal that hangs up ends the dashboard, whatever is open (issue 19).

The real dashboard runs in a pseudo-terminal; the terminal hangs up at a random moment
during start-up, or just after the palette, the audit screen, a recording form or the slides
were opened: the connection drops (the terminal closes: SIGHUP and SIGCONT from the kernel),
SIGHUP arrives first (``kill -HUP``, sshd), or the process has no controlling terminal and
only the terminal itself says it hung up. Every time, the process must be gone.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from models.db import make_engine
from models.enums import Role
from models.login import system_login
from models.migrate import upgrade
from tests.builders import build
from tests.tui.conftest import build_tree
from tests.tui.terminal_session import TerminalSession

#: The process must be gone this long after the hang-up. It ends within a second (the
#: watchdog of tui.hangup ends it after 0.6 s at worst); the margin is for a loaded machine,
#: where a process may wait that long for a core.
GONE_WITHIN = 5.0
#: (what is open, the keys that open it, what is on the screen once it is)
SCENARIOS = [
    ("palette", "\x10", "Tìm lệnh hoặc tổ chức"),
    ("audit", "a", "Nhật ký thao tác"),
    ("form", "n", "Ghi sự kiện gì?"),
    ("slides", "p", "1/8"),
]
HANGUPS = ("close", "signal", "detached")
ROUNDS = 4  # per scenario and during start-up: 20 hang-ups, each of the three ways in each


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'giaoban.sqlite'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        build_tree(engine)
        # The dashboard in the pseudo-terminal is whoever runs the tests: identity comes from
        # the real uid's login (ident), registered here as the tree's chair is.
        with build(engine) as b:
            if system_login() != "chair":
                b.user(system_login(), Role.ADMIN)
    finally:
        engine.dispose()
    return url


def _session(url: str, tmp_path: Path, how: str) -> TerminalSession:
    env = {"GIAOBAN_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    return TerminalSession(["--db", url, "--period", "2022"], env, controlling=how != "detached")


def _hang_up_and_expect_gone(session: TerminalSession, how: str, what: str, *, running: bool) -> None:
    session.hang_up("signal" if how == "signal" else "close")
    status = session.wait_exit(GONE_WITHIN)
    try:
        assert status is not None, f"still running {GONE_WITHIN} s after a hang-up ({how}) with {what}"
        if running:
            # The dashboard ran: it ended as the shell says a hung-up process did (128 + SIGHUP).
            # (During start-up, before it runs, SIGHUP's default action may end it first, or
            # the first write to the dead terminal.)
            assert status == 129, f"ended with status {status} after a hang-up ({how}) with {what}"
    finally:
        session.kill()


def test_a_hang_up_during_start_up_ends_the_process(database: str, tmp_path: Path):
    rng = random.Random()
    for n in range(ROUNDS):
        how = HANGUPS[n % len(HANGUPS)]
        session = _session(database, tmp_path, how)
        delay = rng.uniform(0.0, 1.5)
        session.pump(delay)
        _hang_up_and_expect_gone(session, how, f"start-up, {delay:.2f} s after the start", running=False)


@pytest.mark.parametrize(("what", "keys", "shown"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_a_hang_up_with_a_screen_just_opened_ends_the_process(database: str, tmp_path: Path, what: str,
                                                                keys: str, shown: str):
    rng = random.Random()
    for n in range(ROUNDS):
        how = HANGUPS[n % len(HANGUPS)]
        session = _session(database, tmp_path, how)
        try:
            session.wait_for("Thạnh An")  # the figures are on screen
            session.press(keys)
            if rng.random() < 0.5:
                session.wait_for(shown)  # open on screen, then a random moment after
            delay = rng.uniform(0.0, 0.15)
            session.pump(delay)
        except BaseException:
            session.kill()
            raise
        _hang_up_and_expect_gone(session, how, f"the {what} opened {delay * 1000:.0f} ms before", running=True)
