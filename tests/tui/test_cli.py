"""``giaoban`` with no subcommand: the first run creates the demo database; bad flags are refused
in words before anything opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main
from tui.cli.dashboard import demo_marker, prepare_default_database


def test_a_bad_period_is_refused_in_words(tmp_path: Path):
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.sqlite'}", "--period", "2022-2020"])
    assert result.exit_code == 1
    assert "Kỳ «2022-2020» không hợp lệ" in result.output


def test_first_run_creates_the_demo_database_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from models.db import default_database_path, default_database_url

    path = default_database_path()
    assert str(path).startswith(str(tmp_path)) and not path.exists()
    assert prepare_default_database(default_database_url(), "vi") is True
    assert path.exists() and demo_marker(path).exists()
    size = path.stat().st_size
    # The second run opens it as it is.
    assert prepare_default_database(default_database_url(), "vi") is True
    assert path.stat().st_size == size


def test_another_database_is_never_the_demo(tmp_path: Path):
    assert prepare_default_database(f"sqlite:///{tmp_path / 'other.sqlite'}", "vi") is False
    assert not (tmp_path / "other.sqlite").exists()
