"""The members' statistics where users get them: the report's JSON (root and each child) for a
quarter, the export's sheet «Thống kê đảng viên» and its way back through the importer, and
--period on report, problems and export."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from models.enums import Role
from models.io.statistics_sheet import HEADER, SHEET
from models.figures.statistics import STATISTICS_KEYS
from tests.builders import build, db_url
from tests.test_statistics import _scene
from tui.cli import main


def _admin(engine) -> None:
    with build(engine) as b:
        b.user("admin", Role.ADMIN)


def test_report_json_carries_the_statistics_of_a_quarter_for_the_root_and_each_child(engine, login_as):
    _scene(engine)
    _admin(engine)
    login_as("admin")
    out = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "X", "--period", "2026-Q2", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["as_of"] == "2026-06-30" and data["period"] == {"from": 2026, "to": 2026}
    assert data["statistics_period"] == {"from": "2026-04-01", "to": "2026-06-30", "label": "2026-Q2"}
    assert list(data["statistics"]) == list(STATISTICS_KEYS)
    assert (data["statistics"]["start"], data["statistics"]["end"], data["statistics"]["died"]) == (11, 8, 1)
    children = {c["code"]: c for c in data["children"]}
    assert children["A"]["statistics"]["transfer_out"] == 2 and children["B"]["statistics"]["transfer_in"] == 2
    assert children["B"]["statistics_detail"]["transfers"]["in"]["permanent"] == {"within": 1, "outside": 1}
    # The scene's members joined in 2010 and later: no badge, but every milestone is there.
    assert data["badges"]["30"] == 0 and set(children["A"]["badges"]) == set(data["badges"])
    assert data["discipline"]["expulsion"] == 1 and children["A"]["discipline"]["expulsion"] == 0


def test_report_keeps_from_and_to_and_refuses_both_ways_of_giving_the_period(engine, login_as):
    _scene(engine)
    _admin(engine)
    login_as("admin")
    runner, url = CliRunner(), db_url(engine)
    years = runner.invoke(main, ["--db", url, "report", "--root", "X", "--from", "2026", "--format", "json"])
    assert years.exit_code == 0, years.output
    assert json.loads(years.stdout)["statistics_period"]["label"] == "2026"
    both = runner.invoke(main, ["--db", url, "report", "--root", "X", "--from", "2026", "--period", "2026-Q1"])
    assert both.exit_code == 1 and "không dùng cả hai" in both.stderr
    bad = runner.invoke(main, ["--db", url, "--lang", "en", "report", "--root", "X", "--period", "2026-Q7"])
    assert bad.exit_code == 1 and "The period '2026-Q7' is not valid" in bad.stderr
    half = runner.invoke(main, ["--db", url, "problems", "--root", "X", "--period", "2026-H1", "--format", "json"])
    assert half.exit_code == 0, half.output


def test_export_writes_the_statistics_sheet_and_the_importer_skips_it_saying_so(engine, tmp_path, login_as):
    _scene(engine)
    _admin(engine)
    login_as("admin")
    runner, url = CliRunner(), db_url(engine)
    out = tmp_path / "q2.xlsx"
    done = runner.invoke(main, ["--db", url, "export", "--root", "X", "--period", "2026-Q2", "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = [list(r) for r in openpyxl.load_workbook(out)[SHEET].iter_rows(values_only=True)]
    assert rows[0] == HEADER
    by_code = {r[0]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}
    assert list(by_code) == ["X", "A", "B"]
    x = by_code["X"]
    assert (x["Kỳ"], x["Đầu kỳ"], x["Kết nạp"], x["Công nhận chính thức"], x["Cuối kỳ"], x["Cuối kỳ: dự bị"]) == (
        "2026-Q2", 11, 1, 1, 8, 2)
    assert (by_code["B"]["Chuyển đến (chính thức): trong đảng bộ"], by_code["B"]["Chuyển đến (chính thức): từ nơi khác"]) == (1, 1)
    # Back in: output only, so the importer names it as skipped and changes nothing.
    again = runner.invoke(main, ["--db", url, "import", str(out), "-v"])
    assert again.exit_code == 0, again.output
    assert f"{SHEET}" in again.stdout and "bỏ qua, không phải trang nhập số liệu." in again.stdout
    after = tmp_path / "after.xlsx"
    runner.invoke(main, ["--db", url, "export", "--root", "X", "--period", "2026-Q2", "-o", str(after)])
    assert [list(r) for r in openpyxl.load_workbook(after)[SHEET].iter_rows(values_only=True)] == rows
