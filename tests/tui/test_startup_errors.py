"""A dashboard that cannot show its first figures says why on a screen that stays, says what
to do, and ends with a non-zero status (issue 19); a database out of reach is tried again
until it answers."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.db import make_engine
from tests.tui.conftest import AS_OF, CLOCK
from tests.tui.helpers import screen_text, screen_words, settle, until_start_up_error
from tests.tui.terminal_session import TerminalSession
from tui.app import GiaobanApp
from tui.data import Store
from tui.periods import Span
from tui.screens.startup import StartupErrorScreen

PG_URL = os.environ.get("GIAOBAN_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL: set GIAOBAN_TEST_POSTGRES_URL")


def app_on(url: str, *, root: str | None = None, lang: str = "vi") -> GiaobanApp:
    store = Store(lambda: make_engine(url), as_of=AS_OF, login="chair", url=url)
    return GiaobanApp(store, root=root, span=Span.year(2022), lang=lang, clock=lambda: CLOCK)


async def _failed_start(app: GiaobanApp, *expected: str) -> str:
    """Start ``app``, expect the start-up error screen with ``expected`` on it, still there
    after everything settled, then leave it with q: status 1."""
    async with app.run_test(size=(100, 30)) as pilot:
        failures = await until_start_up_error(pilot)
        await pilot.pause(0.3)
        await settle(pilot, failures=failures)
        assert isinstance(app.screen, StartupErrorScreen)  # it stays
        text = screen_words(pilot)
        for words in expected:
            assert words in text
        assert "không lường trước" not in text and "ValueError" not in text
        assert not app._notifications  # noqa: SLF001 - said once, on the screen, not in a fading toast
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    return text


async def test_an_organisation_code_that_names_nothing(tmp_path: Path):
    from models.migrate import upgrade
    from tests.tui.conftest import build_tree

    url = f"sqlite:///{tmp_path / 'giaoban.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    build_tree(engine)
    engine.dispose()
    await _failed_start(app_on(url, root="NOPE"), "Không mở được bảng số liệu", "Không có tổ chức đảng có mã “NOPE”",
                        "Kiểm tra mã tổ chức trong --root", "giaoban orgs", "Nhấn q để thoát")


async def test_a_database_url_giaoban_cannot_use(tmp_path: Path):
    text = await _failed_start(app_on("mysql://viewer:secret@db.example/giaoban"),
                               "Không dùng được cơ sở dữ liệu “mysql://viewer:***@db.example/giaoban”",
                               "SQLite", "PostgreSQL", "giaoban config")
    assert "secret" not in text


async def test_a_database_never_initialised(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    await _failed_start(app_on(url, lang="en"), "The dashboard cannot open", "is not initialised",
                        "giaoban --db … init")


@needs_postgres
async def test_a_postgresql_database_that_does_not_exist():
    assert PG_URL is not None
    url = make_url(PG_URL).set(database="giaoban_no_such_database").render_as_string(hide_password=False)
    await _failed_start(app_on(url), "Không kết nối được cơ sở dữ liệu", "giaoban_no_such_database",
                        "does not exist", "createdb", "Đang tự thử lại")


class Forwarder:
    """A TCP port that refuses connections until :meth:`start`, then forwards them to the
    real PostgreSQL server: a server that is down when the dashboard starts, then comes back."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()  # nothing listens there until start()
        self.server: socket.socket | None = None

    def start(self) -> None:
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        assert self.server is not None
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        if self.server is not None:
            self.server.close()


@needs_postgres
async def test_postgresql_down_at_start_is_said_at_once_and_tried_again_until_it_answers(pg_schema_url):
    from models.migrate import upgrade
    from tests.conftest import pg_engine
    from tests.tui.conftest import build_tree
    from tui.screens import startup

    base, schema = pg_schema_url
    engine = pg_engine(base, schema)
    upgrade(engine)
    build_tree(engine)
    engine.dispose()
    real = make_url(base)
    forwarder = Forwarder((real.host or "127.0.0.1", real.port or 5432))
    url = real.set(host="127.0.0.1", port=forwarder.port)
    store = Store(lambda: make_engine(url, connect_args={"options": f"-csearch_path={schema}"}), as_of=AS_OF,
                  login="chair", url=url.render_as_string(hide_password=False))
    app = GiaobanApp(store, span=Span.year(2022), lang="vi", clock=lambda: CLOCK, live=False)
    old_every, startup.RETRY_EVERY = startup.RETRY_EVERY, 0.3
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until_start_up_error(pilot)
            text = screen_words(pilot)
            assert "Connection refused" in text and "máy chủ PostgreSQL đã chạy" in text
            assert "Đang tự thử lại" in text
            forwarder.start()  # the server is back
            for _ in range(100):
                await pilot.pause(0.1)
                if not isinstance(app.screen, StartupErrorScreen) and getattr(app.screen, "result", None):
                    break
            await settle(pilot)
            assert not isinstance(app.screen, StartupErrorScreen)
            assert "Huyện ủy Cần Giờ" in screen_text(pilot)
    finally:
        startup.RETRY_EVERY = old_every
        forwarder.close()


def test_the_command_ends_with_status_1_after_a_start_up_error(tmp_path: Path):
    """In a real terminal: the screen stays (no fading toast over a loading line) and q ends
    the process with a non-zero status."""
    env = {"GIAOBAN_SNAPSHOT_DIR": str(tmp_path / "snapshots"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "GIAOBAN_LOGIN": "chair"}
    session = TerminalSession(["--db", "mysql://u@h/x"], env)
    try:
        session.wait_for("Không mở được bảng số liệu")
        session.pump(1.0)
        assert "Không dùng được cơ sở dữ liệu" in session.text()
        session.press("q")
        assert session.wait_exit(30) == 1
    finally:
        session.kill()
