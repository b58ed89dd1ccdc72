"""giaoban template, import and export from the command line (SQLite file database)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from io_helpers import ADMISSION_HEADER, dump, workbook
from record_helpers import build_tree
from tui.cli import main


@pytest.fixture
def cli_db(sqlite_engine, login_as):
    login_as("thuky")
    build_tree(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "init", "--admin", "thuky"])  # the first admin
    assert result.exit_code == 0, result.output
    return url


def test_template_import_dry_run_import_export(cli_db, sqlite_engine, tmp_path):
    run = lambda *args: CliRunner().invoke(main, ["--db", cli_db, *args])  # noqa: E731
    template = tmp_path / "mau.xlsx"
    assert run("template", "-o", str(template)).exit_code == 0 and template.exists()
    data = workbook(tmp_path / "kn.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "26/03/2021", "Có", None, None, None, "Kinh"]]})
    before = dump(sqlite_engine)
    dry = run("import", str(data), "--dry-run")
    assert dry.exit_code == 0 and "thêm 1 dòng" in dry.output and "Chạy thử" in dry.output
    assert dump(sqlite_engine) == before
    done = run("import", str(data))
    assert done.exit_code == 0 and "Đã ghi" in done.output
    again = run("import", str(data), "-v")
    assert again.exit_code == 0 and "present" in again.output and "Không có gì thay đổi" in again.output
    out = tmp_path / "xuat.csv"
    exported = run("export", "--root", "DIST", "--from", "2021", "--to", "2021", "--sheet", "Kết nạp", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert "Nguyễn Văn An" in out.read_text(encoding="utf-8-sig")


def test_refused_import_prints_every_problem_and_exits_1(cli_db, tmp_path):
    bad = workbook(tmp_path / "bad.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["AP1", "NguyÔn V¨n An", "Nam", "4/3/95", "26/03/2021", "Có", None, None, None]]})
    result = CliRunner().invoke(main, ["--db", cli_db, "import", str(bad)])
    assert result.exit_code == 1
    assert "Trang “Kết nạp”, dòng 2, cột “Họ và tên”" in result.output
    assert "Trang “Kết nạp”, dòng 2, cột “Ngày sinh”" in result.output
