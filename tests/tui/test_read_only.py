"""A SQLite file handed to a viewer read-only (the file, or the directory holding it): the
report and the dashboard read it; writing says why it cannot (issue 19)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.db import make_engine
from models.enums import Role
from models.login import system_login
from models.migrate import upgrade
from tests.builders import build
from tests.tui.conftest import build_tree
from tests.tui.terminal_session import ROOT, TerminalSession

#: Runs a command without the right to write files it has no permission for. root writes
#: any file whatever its mode: as root the command runs without CAP_DAC_OVERRIDE.
if os.geteuid() != 0:
    WRAPPER: list[str] = []
elif shutil.which("setpriv"):
    WRAPPER = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
               "--inh-caps", "-dac_override,-dac_read_search"]
else:
    WRAPPER = ["setpriv-missing"]
pytestmark = pytest.mark.skipif(WRAPPER == ["setpriv-missing"], reason="running as root without setpriv")


@pytest.fixture(params=["file", "directory"])
def read_only_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A copy of a small database: the file read-only (chmod 444), or the file in a
    read-only directory (chmod 555)."""
    source = tmp_path / "source.sqlite"
    engine = make_engine(f"sqlite:///{source}")
    upgrade(engine)
    build_tree(engine)
    # Whoever runs the tests opens the copy: identity comes from the real uid's login (ident),
    # registered here as the tree's chair is.
    with build(engine) as b:
        if system_login() != "chair":
            b.user(system_login(), Role.ADMIN)
    engine.dispose()  # the last connection folds the write-ahead log into the file
    folder = tmp_path / "handed"
    folder.mkdir()
    copy = folder / "giaoban.sqlite"
    shutil.copy(source, copy)
    copy.chmod(0o444)
    if request.param == "directory":
        folder.chmod(0o555)
    try:
        yield copy
    finally:
        folder.chmod(0o755)


def _giaoban(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIAOBAN_LANG": "vi"}
    command = [*WRAPPER, sys.executable, "-c", "from tui.cli import main; main()", "--db", f"sqlite:///{db}", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_report_reads_a_read_only_copy(read_only_copy: Path):
    before = _digest(read_only_copy)
    done = _giaoban(read_only_copy, "report", "--root", "H", "--from", "2022")
    assert done.returncode == 0, done.stderr
    # The report as a Party document (its head names the issuing body in capitals).
    assert "BÁO CÁO" in done.stdout and "HUYỆN ỦY CẦN GIỜ" in done.stdout
    assert "Traceback" not in done.stderr
    assert _digest(read_only_copy) == before


def test_writing_to_a_read_only_copy_says_why_and_changes_nothing(read_only_copy: Path):
    before = _digest(read_only_copy)
    done = _giaoban(read_only_copy, "record", "target", "--org", "X1", "--year", "2023", "--target", "7")
    assert done.returncode == 1
    assert "Không ghi được: tệp cơ sở dữ liệu" in done.stderr and "chỉ cho đọc" in done.stderr
    assert "Traceback" not in done.stderr
    assert _digest(read_only_copy) == before


def test_the_dashboard_shows_a_read_only_copy_and_refuses_to_record_in_words(read_only_copy: Path, tmp_path: Path):
    env = {"GIAOBAN_SNAPSHOT_DIR": str(tmp_path / "snapshots"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    session = TerminalSession(["--db", f"sqlite:///{read_only_copy}", "--period", "2022"], env, size=(120, 30),
                              wrapper=WRAPPER)
    try:
        session.wait_for("Thạnh An")  # the figures, not an endless "loading"
        assert "Kết nạp 4/6" in session.text()
        session.press("n")
        session.wait_for("chỉ cho đọc")
        session.press("q")
        assert session.wait_exit(30) == 0
    finally:
        session.kill()
