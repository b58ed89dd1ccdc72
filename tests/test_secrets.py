"""A database password never shown (issue 14, finding 9): not from the URL's user part nor
from a ``?password=`` parameter, in ``config``, ``init``, the dashboard's connection error or
the CLI's connection failures, which are messages, never tracebacks."""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from models.db import make_engine, redacted
from tui.cli import main

SECRET = "s3cr3t-pw"
DOWN = "127.0.0.1:1"  # nothing listens on port 1


def _cli(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env)


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://bob:{SECRET}@db.example/giaoban",
        f"postgresql://bob@db.example/giaoban?password={SECRET}&sslmode=require",
        f"postgresql://bob@db.example/giaoban?PassWord={SECRET}",
        f"postgresql://bob@db.example/giaoban?sslpassword={SECRET}",
        f"postgresql://bob:{SECRET}@db.example:notaport/giaoban?password={SECRET}",
    ],
)
def test_redacted_urls_hold_no_password(url: str) -> None:
    shown = redacted(url)
    assert SECRET not in shown and "***" in shown and "db.example" in shown


def test_config_hides_a_password_given_in_the_query() -> None:
    out = _cli("config", env={"GIAOBAN_DATABASE_URL": f"postgresql://bob@db.example/giaoban?password={SECRET}"})
    assert out.exit_code == 0 and SECRET not in out.output and "password=***" in out.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_unreachable_server_is_a_message_without_the_password(lang: str) -> None:
    for args in (("orgs",), ("init",), ("report", "--root", "X", "--from", "2023"), ("audit",)):
        out = _cli("--lang", lang, "--db", f"postgresql://bob:{SECRET}@{DOWN}/giaoban?password={SECRET}", *args)
        assert out.exit_code == 1, (args, out.output)
        assert out.exception is None or isinstance(out.exception, SystemExit)
        assert SECRET not in out.output
        assert ("Không kết nối được" if lang == "vi" else "Cannot reach") in out.output


def test_no_database_and_no_role_on_a_live_server_are_messages() -> None:
    base = os.environ.get("GIAOBAN_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("no PostgreSQL: set GIAOBAN_TEST_POSTGRES_URL")
    from sqlalchemy.engine import make_url

    u = make_url(base)
    for url in (
        u.set(database="giaoban_no_such_db", password=SECRET),
        u.set(username="giaoban_no_such_role", password=SECRET),
    ):
        out = _cli("--db", url.render_as_string(hide_password=False), "orgs")
        assert out.exit_code == 1 and SECRET not in out.output and "Không kết nối được" in out.output


def test_init_on_postgresql_shows_the_url_without_its_password(pg_schema_url) -> None:  # type: ignore[no-untyped-def]
    base, schema = pg_schema_url
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}password={SECRET}&options={quote(f'-csearch_path={schema}')}"
    out = _cli("init", env={"GIAOBAN_DATABASE_URL": url})
    assert out.exit_code == 0, out.output
    assert SECRET not in out.output and "password=***" in out.output


def test_the_dashboards_connection_error_hides_the_password() -> None:
    from sqlalchemy.exc import OperationalError

    from tui.data import Store, error_text

    engine = make_engine(f"postgresql://bob:{SECRET}@{DOWN}/giaoban?password={SECRET}")
    store = Store(lambda: engine, as_of=dt.date(2023, 3, 31), login="thu")
    with pytest.raises(OperationalError) as failed:
        engine.connect()
    shown = error_text(failed.value, store)
    assert SECRET not in shown and "***" in shown and "127.0.0.1" in shown
