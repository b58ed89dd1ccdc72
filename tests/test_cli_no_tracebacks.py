"""Inputs that used to end in a traceback (issue 14, minor findings) end in a message naming
what is wrong and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'g.sqlite'}")
    login_as("thu")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args))

    assert invoke("init", "--admin", "thu").exit_code == 0
    assert invoke("record", "org-create", "--code", "HU", "--name", "Huyện ủy", "--kind", "district_committee",
                  "--from", "2000-01-01").exit_code == 0
    return invoke


BIG = "9" * 20


@pytest.mark.parametrize(
    "args",
    [
        ("record", "recognition", "--member", BIG, "--date", "2021-01-01"),
        ("record", "death", "--member", "-1", "--date", "2021-01-01"),
        ("record", "candidate-stage", "--candidate", BIG, "--stage", "class_attended", "--date", "2021-01-01"),
        ("record", "r213", "--link", BIG, "--kind", "comment_requested", "--year", "2022", "--date", "2022-01-01"),
        ("record", "target", "--org", "HU", "--year", BIG, "--target", "3"),
        ("record", "target", "--org", "HU", "--year", "2022", "--target", BIG),
        ("report", "--root", "HU", "--from", BIG),
        ("problems", "--root", "HU", "--year", BIG),
        ("export", "--root", "HU", "--from", BIG, "-o", "x.xlsx"),
    ],
)
def test_numbers_out_of_range_are_messages(cli, args: tuple[str, ...]) -> None:
    out = cli(*args)
    assert out.exit_code == 2, out.output
    assert "không hợp lệ: cần một số nguyên" in out.output
    assert not isinstance(out.exception, (OverflowError, ValueError))


def test_ten_thousand_character_names_are_messages(cli) -> None:
    out = cli("record", "org-create", "--code", "X1", "--name", "Đ" * 10_000, "--kind", "commune_committee",
              "--parent", "HU", "--from", "2000-01-01")
    assert out.exit_code == 1 and "10000 ký tự" in out.output and len(out.output) < 300
