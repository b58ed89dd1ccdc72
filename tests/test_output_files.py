"""Files giaoban creates (issue 14, finding 10): the database private to its owner, outputs
0600, never over an existing file without --force, never through a symbolic link; the
template only as XLSX; an output into a missing directory is a message."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from models.db import make_engine
from models.migrate import upgrade
from tui.cli import main


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_a_new_sqlite_database_and_its_directory_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "new" / "deeper" / "giaoban.sqlite"
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        with engine.connect() as conn:  # WAL and SHM exist while a connection is open
            conn.execute(text("SELECT 1"))
            wal = [p for p in db.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]
            assert wal and all(_mode(p) == 0o600 for p in wal)
        engine.dispose()
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    assert _mode(db.parent) == 0o700 and _mode(db.parent.parent) == 0o700


def test_an_existing_database_keeps_the_mode_its_owner_gave_it(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite"
    sqlite3.connect(db).close()
    os.chmod(db, 0o640)
    upgrade(make_engine(f"sqlite:///{db}"))
    assert _mode(db) == 0o640


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'g.sqlite'}")
    login_as("thu")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args))

    assert invoke("init", "--admin", "thu").exit_code == 0
    assert invoke("record", "org-create", "--code", "HU", "--name", "Huyện ủy", "--kind", "district_committee",
                  "--from", "2000-01-01").exit_code == 0
    return invoke


OUTPUTS = {
    "export": ("export", "--root", "HU", "--from", "2023", "-o"),
    "template": ("template", "-o"),
    "report": ("report", "--root", "HU", "--from", "2023", "-o"),
    "docx": ("report", "--root", "HU", "--from", "2023", "--format", "docx", "-o"),
}
NAMES = {"export": "x.xlsx", "template": "t.xlsx", "report": "r.md", "docx": "r.docx"}


@pytest.mark.parametrize("what", list(OUTPUTS))
def test_outputs_are_private_and_not_replaced_without_force(cli, tmp_path: Path, what: str) -> None:
    out = tmp_path / NAMES[what]
    first = cli(*OUTPUTS[what], str(out))
    assert first.exit_code == 0, first.output
    assert _mode(out) == 0o600
    out.write_bytes(b"mine")
    again = cli(*OUTPUTS[what], str(out))
    assert again.exit_code == 1 and "--force" in again.output and "Traceback" not in again.output
    assert out.read_bytes() == b"mine"
    forced = cli(*OUTPUTS[what], str(out), "--force")
    assert forced.exit_code == 0 and out.read_bytes() != b"mine" and _mode(out) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("what", list(OUTPUTS))
def test_outputs_never_go_through_a_symbolic_link(cli, tmp_path: Path, what: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    link = tmp_path / NAMES[what]
    link.symlink_to(victim)
    dangling = tmp_path / f"dangling-{NAMES[what]}"
    dangling.symlink_to(tmp_path / "nowhere" / "created")
    for target in (link, dangling):
        for extra in ((), ("--force",)):
            out = cli(*OUTPUTS[what], str(target), *extra)
            assert out.exit_code == 1 and "liên kết" in out.output, out.output
    assert victim.read_text(encoding="utf-8") == "do not touch" and link.is_symlink()
    assert not (tmp_path / "nowhere").exists()


def test_an_output_into_a_missing_directory_is_a_message(cli, tmp_path: Path) -> None:
    for what in OUTPUTS:
        out = cli(*OUTPUTS[what], str(tmp_path / "no" / "such" / NAMES[what]))
        assert out.exit_code == 1 and "không tồn tại" in out.output
        assert out.exception is None or isinstance(out.exception, SystemExit)


def test_a_device_or_a_fifo_is_not_an_output(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    out = cli("export", "--root", "HU", "--from", "2023", "-o", str(fifo), "--force")
    assert out.exit_code == 1 and "không phải tệp thông thường" in out.output


def test_the_template_is_written_as_xlsx_only(cli, tmp_path: Path) -> None:
    out = cli("template", "-o", str(tmp_path / "mau.csv"))
    assert out.exit_code == 1 and ".xlsx" in out.output and not (tmp_path / "mau.csv").exists()


def test_a_stored_code_with_separators_names_a_docx_in_the_working_directory(cli, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "g.sqlite") as conn:
        conn.execute("UPDATE organisations SET code = 'X/../../PWN' WHERE code = 'HU'")
    out = cli("report", "--root", "X/../../PWN", "--from", "2023", "--format", "docx")
    assert out.exit_code == 0, out.output
    written = [p for p in tmp_path.iterdir() if p.suffix == ".docx"]
    assert len(written) == 1 and "/" not in written[0].name and written[0].parent == tmp_path
