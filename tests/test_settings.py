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


def test_the_reports_office_settings_from_file_environment_and_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        'report_issuer = "HUYỆN ỦY CẦN GIỜ"\n'
        'report_superior = "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"\n'
        'report_recipients = ["Ban Thường vụ Thành ủy (để báo cáo),", "Lưu Văn phòng."]\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GIAOBAN_CONFIG", str(cfg))
    monkeypatch.setenv("GIAOBAN_REPORT_SIGNER_NAME", "Nguyễn Văn A")
    s = load_settings(path=cfg)
    assert (s.report_issuer, s.report_signer_name, s.report_signer_on_behalf) == (
        "HUYỆN ỦY CẦN GIỜ", "Nguyễn Văn A", "T/M BAN THƯỜNG VỤ")
    assert s.report_recipients == ("Ban Thường vụ Thành ủy (để báo cáo),", "Lưu Văn phòng.")
    # In the environment the recipients are separated by semicolons (a recipient may hold commas).
    monkeypatch.setenv("GIAOBAN_REPORT_RECIPIENTS", "Huyện ủy viên, Ban Tổ chức; Lưu.")
    assert load_settings(path=cfg).report_recipients == ("Huyện ủy viên, Ban Tổ chức", "Lưu.")
    out = CliRunner().invoke(main, ["config"])
    assert out.exit_code == 0, out.output
    assert '"report_issuer": "HUYỆN ỦY CẦN GIỜ"' in out.output and '"report_signer_name": "Nguyễn Văn A"' in out.output
    assert '"report_place": ""' in out.output


def test_recipients_must_be_a_list(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("report_recipients = 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="report_recipients"):
        load_settings(path=cfg)
