"""Shared fixtures: a fresh, migrated database per test, on SQLite and (when a URL is
given) on PostgreSQL.

Set ``GIAOBAN_TEST_POSTGRES_URL`` (``.ci/run`` does) to run every database test on
PostgreSQL as well; each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from models.db import make_engine
from models.migrate import upgrade

PG_URL_ENV = "GIAOBAN_TEST_POSTGRES_URL"

# Tests never read the user's own configuration or database.
os.environ.setdefault("GIAOBAN_LANG", "vi")


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts in Vietnamese; the CLI writes the language of a ``--lang`` run into the
    environment, and monkeypatch puts it back after the test so it cannot leak into the next."""
    monkeypatch.setenv("GIAOBAN_LANG", "vi")
    # The dashboard's language is a module setting each app sets when it starts; a bare test
    # app (a widget on its own) would otherwise speak the language of the previous test's app.
    screen_strings = sys.modules.get("tui.i18n")
    if screen_strings is not None:
        screen_strings.set_language("vi")


@pytest.fixture(autouse=True)
def _own_snapshots(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The figures a dashboard keeps for its next start go to the test's directory, never the
    user's cache (tui.snapshot)."""
    monkeypatch.setenv("GIAOBAN_SNAPSHOT_DIR", str(tmp_path / "snapshots"))


@pytest.fixture(autouse=True)
def _identity_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Identity set in-process (an SSH forced login, the database-role setting, a nested SSH
    run) never leaks from one test into the next."""
    import models.login

    monkeypatch.setattr(models.login, "_forced", None)
    monkeypatch.setattr(models.login, "_database_role", False)
    served = sys.modules.get("tui.cli.ssh")
    if served is not None:
        monkeypatch.setattr(served, "_dispatched", False)


@pytest.fixture
def login_as(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """``login_as("thu")``: the code under test runs as the OS login ``thu``, as if the
    process's real uid were that user's. It replaces the one function that reads identity
    from the system (:func:`models.login.system_login`), in this process only; subprocesses
    run as the real uid (see ``tests/os_users.py`` for real OS users)."""
    import models.login

    def set_login(name: str) -> None:
        monkeypatch.setattr(models.login, "system_login", lambda: name)

    return set_login


def _backends() -> list[object]:
    params: list[object] = ["sqlite"]
    if os.environ.get(PG_URL_ENV):
        params.append("postgresql")
    else:
        params.append(
            pytest.param(
                "postgresql",
                marks=pytest.mark.skip(reason=f"no PostgreSQL: set {PG_URL_ENV} to run these tests on it"),
            )
        )
    return params


def _sqlite_engine(tmp_path: Path) -> Engine:
    return make_engine(f"sqlite:///{tmp_path / 'giaoban.sqlite'}")


@pytest.fixture
def pg_schema_url() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL schema: (base URL, schema name)."""
    url = os.environ.get(PG_URL_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL: set {PG_URL_ENV}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield url, schema
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def pg_engine(url: str, schema: str) -> Engine:
    return make_engine(url, connect_args={"options": f"-csearch_path={schema}"})


@pytest.fixture(params=_backends())
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        eng = _sqlite_engine(tmp_path)
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    url, schema = request.getfixturevalue("pg_schema_url")
    eng = pg_engine(url, schema)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(params=_backends())
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database with no schema, on each backend (for migration tests)."""
    if request.param == "sqlite":
        eng = _sqlite_engine(tmp_path)
    else:
        eng = pg_engine(*request.getfixturevalue("pg_schema_url"))
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    eng = _sqlite_engine(tmp_path)
    upgrade(eng)
    yield eng
    eng.dispose()
