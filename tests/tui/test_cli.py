"""``giaoban`` with no subcommand: the first run creates the demo database; bad flags are refused
in words before anything opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.cli.dashboard import default_database_file, demo_marker, prepare_default_database


def test_a_bad_period_is_refused_in_words(tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--period", "2022-2020"])
    assert result.exit_code == 1
    assert "Kỳ “2022-2020” không hợp lệ" in result.output


def test_first_run_creates_the_demo_database_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from models.db import default_database_path, default_database_url

    path = default_database_path()
    assert path == default_database_file()
    assert str(path).startswith(str(tmp_path)) and not path.exists()
    assert prepare_default_database(None, "vi") is True
    assert path.exists() and demo_marker(path).exists()
    size = path.stat().st_size
    # The second run opens it as it is.
    assert prepare_default_database(default_database_url(), "vi") is True
    assert path.stat().st_size == size


def test_whoever_creates_the_demo_database_administers_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):
    """The OS login that made its own demo file may record and read the audit there."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    login_as("nguoitrinhbay")
    from models.access import resolve_actor
    from models.db import default_database_url, make_engine
    from models.enums import Role
    from models.uow import read_session

    assert prepare_default_database(None, "vi") is True
    engine = make_engine(default_database_url())
    try:
        with read_session(engine) as session:
            actor = resolve_actor(session, "nguoitrinhbay", None)
    finally:
        engine.dispose()
    assert actor.role == Role.ADMIN and actor.user_id is not None and actor.can_write


def test_another_database_is_never_the_demo(tmp_path: Path):
    assert prepare_default_database(f"sqlite:///{tmp_path / 'other.sqlite'}", "vi") is False
    assert not (tmp_path / "other.sqlite").exists()


def test_opening_the_default_database_imports_no_sqlalchemy_before_the_app(tmp_path: Path):
    """Once the demo database exists, nothing before the first frame loads SQLAlchemy."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    (tmp_path / "giaoban").mkdir()
    (tmp_path / "giaoban" / "giaoban.sqlite").write_bytes(b"")
    code = (
        "import sys; from tui.cli.dashboard import prepare_default_database; import tui.app; "
        "prepare_default_database(None, 'vi'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]"


def test_an_unknown_theme_is_refused_in_words_with_the_themes_listed(tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--theme", "nope"])
    assert result.exit_code == 1
    assert "Không có giao diện “nope”" in result.output
    assert "giaoban-dark" in result.output and "ansi-light" in result.output and "nord" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "x.sqlite").exists()  # refused before anything opened


def test_config_refuses_a_theme_the_dashboard_would_refuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    settings = tmp_path / "config.toml"
    settings.write_text('theme = "nope"\n', encoding="utf-8")
    monkeypatch.setenv("GIAOBAN_CONFIG", str(settings))
    result = CliRunner().invoke(main, ["--lang", "en", "config"])
    assert result.exit_code == 1
    assert "There is no theme 'nope'" in result.output and "giaoban-light" in result.output
    fine = CliRunner().invoke(main, ["--theme", "light", "config"])
    assert fine.exit_code == 0 and '"theme": "light"' in fine.output
