"""The same admission recorded twice (issue 14, finding 12): the same person (name in NFC,
whatever the keyboard sent; birth date) admitted to the same cell on the same day is refused
on every path, with a message that names the member already recorded."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from io_helpers import ADMISSION_HEADER, workbook
from models.access import SYSTEM
from models.errors import DomainError
from models.io.importer import import_file
from record_helpers import D, admit, build_tree, counts
from tui.cli import main

NAME = "Nguyễn Thị Lan"


@pytest.fixture
def tree(engine):
    return build_tree(engine)


@pytest.mark.parametrize("spelling", [NAME, unicodedata.normalize("NFD", NAME), "  nguyễn  THỊ lan "])
def test_the_same_admission_twice_is_refused(engine, tree, spelling: str) -> None:
    first = admit(engine, full_name=NAME)
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        admit(engine, full_name=spelling)
    assert err.value.key == "record.duplicate_admission" and err.value.field == "full_name"
    message = err.value.message("vi")
    assert "Họ tên" in message and f"mã số đảng viên {first}" in message and "26/03/2020" in message
    assert counts(engine) == before


def test_another_day_cell_or_birth_date_is_another_admission(engine, tree) -> None:
    admit(engine, full_name=NAME)
    admit(engine, full_name=NAME, date=D(2020, 5, 19))
    admit(engine, full_name=NAME, born=D(1995, 5, 2))
    admit(engine, full_name=NAME, org="AP2")


def test_an_import_of_the_same_admission_writes_nothing_new(engine, tree, tmp_path: Path) -> None:
    admit(engine, full_name=NAME, org="AP1", date=D(2021, 3, 26), born=D(1995, 4, 3), sex="female")
    before = counts(engine)
    row = ["AP1", unicodedata.normalize("NFD", NAME), "Nữ", "03/04/1995", "26/03/2021", "Không", "", "", ""]
    path = workbook(tmp_path / "k.xlsx", {"Kết nạp": [ADMISSION_HEADER, row]})
    assert import_file(engine, SYSTEM, path).added == 0
    assert counts(engine) == before


def test_the_cli_refuses_the_nfd_spelling_of_a_recorded_admission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as: Callable[[str], None]) -> None:
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'g.sqlite'}")
    login_as("thu")
    runner = CliRunner()

    def cli(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args))

    assert cli("init", "--admin", "thu").exit_code == 0
    assert cli("record", "org-create", "--code", "HU", "--name", "Huyện ủy", "--kind", "district_committee",
               "--from", "2000-01-01").exit_code == 0
    assert cli("record", "org-create", "--code", "TB", "--name", "Chi bộ ấp Thạnh Bình", "--kind", "subordinate_cell",
               "--parent", "HU", "--from", "2000-01-01").exit_code == 0
    args = ("--sex", "nu", "--born", "2000-04-30", "--date", "2021-03-26", "--org", "TB", "--ethnicity", "Kinh")
    assert cli("record", "admission", "--name", NAME, *args).exit_code == 0
    again = cli("record", "admission", "--name", unicodedata.normalize("NFD", NAME), *args)
    assert again.exit_code == 1 and "không ghi lần thứ hai" in again.output and "mã số đảng viên 1" in again.output
