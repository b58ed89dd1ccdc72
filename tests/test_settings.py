from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from models.settings import load_settings
from tui.cli import main


def test_file_then_environment_then_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('lang = "en"\ntheme = "ansi-dark"\nauto_advance = 10\n', encoding="utf-8")
    monkeypatch.delenv("GIAOBAN_LANG", raising=False)
    monkeypatch.setenv("GIAOBAN_THEME", "giaoban-light")
    s = load_settings({"auto_advance": 5, "lang": None}, path=cfg)
    assert (s.lang, s.theme, s.auto_advance) == ("en", "giaoban-light", 5)


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="colour"):
        load_settings(path=cfg)


def test_config_command_hides_the_password(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GIAOBAN_CONFIG", str(tmp_path / "none.toml"))
    result = CliRunner().invoke(main, ["--db", "postgresql://bob:hunter2@db.example/giaoban", "config"])
    assert result.exit_code == 0, result.output
    assert "hunter2" not in result.output
    assert "bob:***@db.example" in result.output
