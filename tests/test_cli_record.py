"""The real command line on a temporary SQLite file: init, record, refusals, listings."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):
    db = tmp_path / "giaoban.sqlite"
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{db}")
    login_as("thu")
    # The command sets the language for its process; keep each test's setting to itself.
    monkeypatch.setenv("GIAOBAN_LANG", "vi")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    assert invoke("init", "--admin", "thu").exit_code == 0
    for args in (
        ("--code", "HU", "--name", "Huyện ủy Cần Giờ", "--kind", "district_committee", "--sector", "district", "--from", "2000-01-01"),
        ("--code", "TA", "--name", "Đảng bộ xã Thạnh An", "--kind", "commune_committee", "--parent", "HU", "--from", "2000-01-01"),
        ("--code", "TA-TB", "--name", "Chi bộ ấp Thạnh Bình", "--kind", "subordinate_cell", "--parent", "TA", "--from", "2000-01-01"),
        ("--code", "TA-TL", "--name", "Chi bộ ấp Thiềng Liềng", "--kind", "subordinate_cell", "--parent", "TA", "--from", "2000-01-01"),
    ):
        assert invoke("record", "org-create", *args).exit_code == 0
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def _events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM member_events").fetchone()[0]


def test_init_makes_the_os_login_an_admin(cli):
    out = cli("users", "list")
    assert out.exit_code == 0 and "thu" in out.output
    again = cli("init")
    assert again.exit_code == 0 and "quản trị" not in again.output


def test_record_admission_prints_what_was_recorded(cli):
    out = cli("record", "admission", "--org", "TA-TB", "--name", "Nguyễn Thị Lan", "--ethnicity", "Kinh", "--sex", "nu",
              "--born", "2000-04-30", "--date", "2021-03-26", "--youth-union", "--recommended-by", "youth_union",
              "--decision", "15-QĐ/HU")
    assert out.exit_code == 0, out.output
    assert "Nguyễn Thị Lan" in out.output and "TA-TB" in out.output
    assert _events(cli.db) == 1


def test_admission_without_ethnicity_refused_in_vietnamese(cli):
    before = _events(cli.db)
    out = cli("record", "admission", "--org", "TA-TB", "--name", "Lê Thị Hoa", "--sex", "nu",
              "--born", "2000-04-30", "--date", "2021-03-26")
    assert out.exit_code == 1
    assert "Dân tộc" in out.stderr
    assert _events(cli.db) == before


def test_under_age_refused_with_the_rule_named_and_database_unchanged(cli):
    before = _events(cli.db)
    out = cli("record", "admission", "--org", "TA-TB", "--name", "Trần Văn Nhỏ", "--ethnicity", "Kinh", "--sex", "nam",
              "--born", "2003-03-27", "--date", "2021-03-26")
    assert out.exit_code == 1
    assert "Ngày sinh" in out.stderr and "18" in out.stderr and "Điều lệ Đảng, Điều 1" in out.stderr
    assert _events(cli.db) == before
    en = cli("--lang", "en", "record", "admission", "--org", "TA-TB", "--name", "Trần Văn Nhỏ", "--ethnicity", "Kinh", "--sex", "nam",
             "--born", "2003-03-27", "--date", "2021-03-26")
    assert en.exit_code == 1 and "birth date" in en.stderr and "18" in en.stderr


def test_the_other_record_commands(cli):
    assert cli("record", "admission", "--org", "TA-TB", "--name", "Lê Văn Hùng", "--ethnicity", "Kinh", "--sex", "nam",
               "--born", "1990-01-01", "--date", "2020-02-03").exit_code == 0
    early = cli("record", "recognition", "--member", "1", "--date", "2021-02-02")
    assert early.exit_code == 1 and "12" in early.stderr
    assert cli("record", "recognition", "--member", "1", "--date", "2021-02-03").exit_code == 0
    assert cli("record", "transfer", "--member", "1", "--to", "TA-TL", "--date", "2021-06-01").exit_code == 0
    bad_ground = cli("record", "removal", "--member", "1", "--date", "2022-01-01", "--ground", "lazy")
    assert bad_ground.exit_code == 2
    assert cli("record", "target", "--org", "TA", "--year", "2022", "--target", "4").exit_code == 0
    assert cli("record", "removal", "--member", "1", "--date", "2022-01-01", "--ground", "no_progress").exit_code == 0
    after = cli("record", "death", "--member", "1", "--date", "2022-05-01")
    assert after.exit_code == 1 and after.stderr
    assert cli("record", "admission", "--org", "TA-TL", "--name", "Võ Thị Sáu", "--ethnicity", "Kinh", "--sex", "nu",
               "--born", "1995-01-01", "--date", "2020-09-02").exit_code == 0
    assert cli("record", "leave", "--member", "2", "--date", "2022-01-01").exit_code == 0


def test_orgs_json_lists_parents_at_a_date(cli):
    cli("record", "org-move", "--org", "TA-TL", "--parent", "HU", "--date", "2022-01-01")
    now = json.loads(cli("orgs", "--format", "json").output)
    by_code = {o["code"]: o for o in now}
    assert set(by_code["TA-TB"]) == {"code", "name", "kind", "sector", "parent", "valid_from", "valid_from_known", "valid_to",
                                      "names", "successor", "parents"}
    assert by_code["TA-TB"]["kind"] == "subordinate_cell" and by_code["TA-TB"]["parent"] == "TA"
    assert by_code["TA-TL"]["parent"] == "HU" and by_code["HU"]["parent"] is None
    assert [(e["parent"], e["valid_to"]) for e in by_code["TA-TL"]["parents"]] == [("TA", "2022-01-01"), ("HU", None)]
    then = {o["code"]: o for o in json.loads(cli("orgs", "--format", "json", "--as-of", "2021-12-31").output)}
    assert then["TA-TL"]["parent"] == "TA"
    csv_out = cli("orgs", "--format", "csv").output.splitlines()
    assert csv_out[0] == "code,name,kind,sector,parent,valid_from,valid_to,valid_from_known" and len(csv_out) == 5


def test_users_and_as(cli):
    assert cli("users", "add", "bt", "--name", "Bí thư Thạnh Bình", "--role", "cell_secretary", "--scope", "TA-TB").exit_code == 0
    no_scope = cli("users", "add", "x", "--role", "viewer")
    assert no_scope.exit_code == 1
    refused = cli("--as", "bt", "record", "admission", "--org", "TA-TL", "--name", "Phan Văn Tý", "--ethnicity", "Kinh", "--sex", "nam",
                  "--born", "1990-01-01", "--date", "2021-01-01")
    assert refused.exit_code == 1 and "TA-TL" in refused.stderr
    ok = cli("--as", "bt", "record", "admission", "--org", "TA-TB", "--name", "Phan Văn Tý", "--ethnicity", "Kinh", "--sex", "nam",
             "--born", "1990-01-01", "--date", "2021-01-01")
    assert ok.exit_code == 0
    assert cli("users", "set-role", "bt", "viewer").exit_code == 0
    log = json.loads(cli("audit", "--format", "json").output)
    refusals = [r for r in log if r["outcome"] == "refused"]
    assert refusals and refusals[-1]["acting_as"] == "bt" and refusals[-1]["login"] == "thu"
    assert any(r["action"] == "users.set_role" and r["before"]["role"] == "cell_secretary" for r in log)
    assert cli("audit").exit_code == 0
    # --limit: the newest entries only, still printed oldest first.
    newest = json.loads(cli("audit", "--format", "json", "--limit", "2", "--no-reads").output)
    assert [r["id"] for r in newest] == [r["id"] for r in log if r["outcome"] != "read"][-2:]
    # --search: the whole log, any case; the admission's name is in its detail.
    found = json.loads(cli("audit", "--format", "json", "--search", "phan văn tý").output)
    assert [r["outcome"] for r in found] == ["refused", "ok"] and found[1]["after"]["full_name"] == "Phan Văn Tý"
    assert [r["id"] for r in json.loads(cli("audit", "--format", "json", "--search", "SET_ROLE").output)] == [
        r["id"] for r in log if r["action"] == "users.set_role"
    ]
    # --no-reads: writes and refusals only.
    writes = json.loads(cli("audit", "--format", "json", "--no-reads").output)
    assert writes == [r for r in log if r["outcome"] != "read"]


def test_every_record_subcommand_runs(cli):
    steps = [
        ("admission", "--org", "TA-TB", "--name", "Trương Văn Một", "--ethnicity", "Kinh", "--sex", "nam", "--born", "1990-01-01", "--date", "2019-05-19"),
        ("recognition", "--member", "1", "--date", "2020-05-19"),
        ("exemption", "--member", "1", "--date", "2021-01-01", "--until", "2021-12-31", "--kind", "far_away"),
        ("exemption", "--member", "1", "--date", "2021-06-01", "--end"),
        ("far-away", "--member", "1", "--date", "2021-07-01", "--note", "Bình Dương"),
        ("far-away", "--member", "1", "--date", "2021-09-01", "--action", "contact"),
        ("far-away", "--member", "1", "--date", "2021-12-01", "--action", "end"),
        ("transfer", "--member", "1", "--to", "TA-TL", "--temporary", "--until", "2022-09-01", "--date", "2022-01-05",
             "--reason", "residence_or_work"),
        ("candidate", "--org", "TA-TB", "--name", "Ngô Thị Hai", "--sex", "nu", "--born", "2002-02-02", "--date", "2022-01-01",
         "--source", "women_union", "--helper", "1"),
        ("candidate-stage", "--candidate", "1", "--stage", "class_attended", "--date", "2022-03-01"),
        ("r213-link", "--member", "1", "--residence", "TA-TL", "--date", "2022-02-01"),
        ("r213", "--link", "1", "--kind", "comment_requested", "--year", "2022", "--date", "2022-11-01"),
        ("r213", "--link", "1", "--kind", "comment_returned", "--year", "2022", "--date", "2022-12-01"),
        ("transfer-in", "--org", "TA-TL", "--from", "Đảng bộ xã Long Hòa", "--name", "Lâm Văn Ba", "--sex", "nam",
         "--born", "1980-01-01", "--date", "2022-02-01", "--ethnicity", "Hoa"),
        ("org-create", "--code", "TA-MOI", "--name", "Chi bộ ấp mới", "--kind", "subordinate_cell", "--parent", "TA", "--from", "2022-06-01"),
        ("org-merge", "--merged", "TA-TL", "--into", "TA-MOI", "--date", "2023-01-01"),
    ]
    for args in steps:
        out = cli("record", *args)
        assert out.exit_code == 0, (args, out.output)
        assert out.output.strip()
    moved = {o["code"]: o for o in json.loads(cli("orgs", "--format", "json").output)}
    assert moved["TA-TL"]["valid_to"] == "2023-01-01"
    # The merged cell points to its successor; the edges to parents carry their intervals.
    assert moved["TA-TL"]["successor"] == "TA-MOI" and moved["TA-MOI"]["successor"] is None
    assert moved["TA-MOI"]["parents"] == [{"parent": "TA", "valid_from": "2022-06-01", "valid_to": None}]
    assert cli("record", "transfer", "--member", "1", "--to", "TA-TL", "--date", "2023-02-01").exit_code == 1
