"""The command line of meetings, dues, warnings and conclusions, on a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import main


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{tmp_path / 'giaoban.sqlite'}")
    login_as("thu")
    monkeypatch.setenv("GIAOBAN_LANG", "vi")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    assert invoke("init", "--admin", "thu").exit_code == 0
    for args in (
        ("--code", "HU", "--name", "Huyện ủy Cần Giờ", "--kind", "district_committee", "--from", "2000-01-01"),
        ("--code", "TA", "--name", "Đảng bộ xã Thạnh An", "--kind", "commune_committee", "--parent", "HU", "--from", "2000-01-01"),
        ("--code", "TA-TB", "--name", "Chi bộ ấp Thạnh Bình", "--kind", "subordinate_cell", "--parent", "TA", "--from", "2000-01-01"),
    ):
        assert invoke("record", "org-create", *args).exit_code == 0
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        out = invoke("record", "admission", "--org", "TA-TB", "--name", name, "--sex", "nam", "--born", "1990-01-01",
                     "--date", "2020-03-26", "--ethnicity", "Kinh")
        assert out.exit_code == 0, out.output
    return invoke


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_members_meetings_dues_and_warnings(cli):
    members = _json(cli("members", "--org", "TA-TB", "--format", "json", "--as-of", "2023-01-01"))
    assert sorted(m["name"] for m in members) == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert {m["status"] for m in members} == {"official"} or {m["status"] for m in members} == {"probationary"}
    an = next(m["id"] for m in members if m["name"] == "Nguyễn Văn An")
    binh = next(m["id"] for m in members if m["name"] == "Trần Thị Bình")
    for day in ("2023-01-05", "2023-02-05"):
        assert cli("record", "meeting", "--org", "TA-TB", "--date", day, "--absent", str(an), "--excused", str(binh)).exit_code == 0
    for month in ("2023-01", "2023-02", "2023-03"):
        assert cli("record", "dues", "--org", "TA-TB", "--month", month, "--unpaid", str(binh)).exit_code == 0
    got = _json(cli("warnings", "--root", "HU", "--as-of", "2023-03-31", "--format", "json"))
    assert got == [
        {"member_id": binh, "name": "Trần Thị Bình", "org": "TA-TB", "reason": "unpaid_dues",
         "months": ["2023-01", "2023-02", "2023-03"], "threshold": 3, "level": "flag"},
        {"member_id": an, "name": "Nguyễn Văn An", "org": "TA-TB", "reason": "missed_meetings",
         "months": ["2023-01", "2023-02"], "threshold": 2, "level": "warning"},
    ]
    table = cli("warnings", "--root", "HU", "--as-of", "2023-03-31")
    assert "2 đảng viên có nguy cơ bị xóa tên" in table.output
    # An entry of the problem list too.
    problems = cli("problems", "--root", "HU", "--year", "2023", "--as-of", "2023-03-31")
    assert problems.output.rstrip().endswith("02 đảng viên có nguy cơ bị xóa tên.")
    # A meeting the member attends ends the warning.
    assert cli("record", "meeting", "--org", "TA-TB", "--date", "2023-03-05").exit_code == 0
    got = _json(cli("warnings", "--root", "HU", "--as-of", "2023-03-31", "--format", "json"))
    assert [w["member_id"] for w in got] == [binh]


def test_refusals_are_in_vietnamese_and_change_nothing(cli):
    assert cli("record", "dues", "--org", "TA-TB", "--month", "2023-01").exit_code == 0
    again = cli("record", "dues", "--org", "TA-TB", "--month", "2023-01")
    assert again.exit_code == 1 and "“Tháng”" in again.output and "đã khóa" in again.output
    stranger = cli("record", "meeting", "--org", "TA-TB", "--date", "2023-01-05", "--absent", "999")
    assert stranger.exit_code == 1 and "Vắng mặt" in stranger.output and "999" in stranger.output
    assert cli("record", "meeting", "--org", "TA-TB", "--date", "2023-01-05").exit_code == 0


def test_conclusions_add_list_close(cli):
    add = cli("conclusions", "add", "--org", "TA-TB", "--text", "Kết nạp 1 đảng viên trước 30/6", "--due", "2023-06-30",
              "--briefing", "2023-03-31", "--condition", "admitted_at_least", "--count", "1")
    assert add.exit_code == 0
    first = int(add.stdout.strip().splitlines()[0])
    plain = cli("conclusions", "add", "--org", "TA", "--text", "Rà soát đảng viên đi làm ăn xa trong quý II",
                "--due", "2023-06-30", "--briefing", "2023-03-31")
    second = int(plain.stdout.strip().splitlines()[0])
    listed = _json(cli("conclusions", "list", "--root", "HU", "--as-of", "2023-07-01", "--format", "json"))
    assert [(c["id"], c["status"]) for c in listed] == [(first, "overdue"), (second, "overdue")]
    assert set(listed[0]) >= {"id", "org", "text", "due", "status"} and listed[0]["due"] == "2023-06-30"
    assert cli("conclusions", "close", str(second), "--note", "Đã rà soát xong", "--date", "2023-07-01").exit_code == 0
    refused = cli("conclusions", "close", str(first), "--note", "xong")
    assert refused.exit_code == 1 and "điều kiện" in refused.output
    assert cli("record", "admission", "--org", "TA-TB", "--name", "Lê Văn Cường", "--sex", "nam", "--born", "2000-01-01",
               "--date", "2023-05-19", "--ethnicity", "Kinh").exit_code == 0
    listed = _json(cli("conclusions", "list", "--root", "HU", "--as-of", "2023-07-01", "--format", "json"))
    assert {c["id"]: c["status"] for c in listed} == {first: "done", second: "done"}


def test_members_say_how_each_came_and_a_probation_begun_elsewhere(cli):
    """`record transfer-in` takes a probation begun elsewhere; `members` says "chuyển sinh
    hoạt đến" for the transferred-in member (never "kết nạp") and counts them probationary."""
    out = cli("record", "transfer-in", "--org", "TA-TB", "--from", "Đảng bộ phường 1, quận 3", "--name", "Lâm Thị Hoa",
              "--sex", "nu", "--born", "1998-04-02", "--ethnicity", "Kinh", "--date", "2026-03-01",
              "--probation-since", "2025-09-02", "--admission-decision", "125-QĐ/QU, Quận ủy quận 3")
    assert out.exit_code == 0, out.output
    refused = cli("record", "transfer-in", "--org", "TA-TB", "--from", "Quận 3", "--name", "Phạm Văn Tư", "--sex", "nam",
                  "--born", "1990-01-01", "--ethnicity", "Kinh", "--date", "2026-03-01", "--probation-since", "2025-09-02")
    assert refused.exit_code == 1 and "Số quyết định kết nạp" in refused.output
    members = {m["name"]: m for m in _json(cli("members", "--org", "TA-TB", "--format", "json", "--as-of", "2026-06-30"))}
    assert members["Lâm Thị Hoa"] | {"id": 0} == {"id": 0, "name": "Lâm Thị Hoa", "status": "probationary",
                                                  "joined": "2026-03-01", "came_by": "transfer_in"}
    assert members["Nguyễn Văn An"]["came_by"] == "admission"
    table = cli("members", "--org", "TA-TB", "--as-of", "2026-06-30").output
    hoa = next(line for line in table.splitlines() if "Lâm Thị Hoa" in line)
    assert "chuyển sinh hoạt đến 01/03/2026" in hoa and "dự bị" in hoa and "kết nạp" not in hoa
    an = next(line for line in table.splitlines() if "Nguyễn Văn An" in line)
    assert "kết nạp 26/03/2020" in an
