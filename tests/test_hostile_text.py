"""Hostile text (issue 14, findings 3 and 4): names and free text with terminal escapes,
bidirectional overrides or nothing visible are refused with the field named; what is stored
already (an old row, written before the rules) is shown, never obeyed, by every printer."""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from models.safe_text import first_control, is_control, is_invisible, one_line, shown
from tui.cli import main

ESC = "\x1b"
#: OSC 52 (sets the clipboard), OSC 2 (the window title), CSI 2J (clears the screen).
OSC52 = f"{ESC}]52;c;cm0gLXJmIH4K\x07"
OSC2 = f"{ESC}]2;pwned\x07"
CLEAR = f"{ESC}[2J"
HOSTILE = f"Ấp {OSC52}Xấu{OSC2} xa{CLEAR}\n[bold]Giả[/bold]\u202e"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):  # type: ignore[no-untyped-def]
    db = tmp_path / "giaoban.sqlite"
    monkeypatch.setenv("GIAOBAN_DATABASE_URL", f"sqlite:///{db}")
    login_as("thu")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    assert invoke("init", "--admin", "thu").exit_code == 0
    for args in (
        ("--code", "HU", "--name", "Huyện ủy Cần Giờ", "--kind", "district_committee", "--sector", "district", "--from", "2000-01-01"),
        ("--code", "TA", "--name", "Đảng bộ xã Thạnh An", "--kind", "commune_committee", "--parent", "HU", "--from", "2000-01-01"),
        ("--code", "TA-TB", "--name", "Chi bộ ấp Thạnh Bình", "--kind", "subordinate_cell", "--parent", "TA", "--from", "2000-01-01"),
    ):
        assert invoke("record", "org-create", *args).exit_code == 0
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _admit(cli, name: str, **extra: str):  # type: ignore[no-untyped-def]
    args = ["record", "admission", "--org", "TA-TB", "--name", name, "--sex", "nu", "--born", "1990-01-01", "--date", "2021-03-26", "--ethnicity", "Kinh"]
    for key, value in extra.items():
        args += [f"--{key}", value]
    return cli(*args)


# --- the sanitiser ---------------------------------------------------------------------------
def test_the_control_scan_matches_unicode_code_point_by_code_point() -> None:
    wrong = [hex(c) for c in range(sys.maxunicode + 1) if is_control(chr(c)) != (unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs"))]
    assert wrong == []


def test_shown_text_holds_no_escape_and_one_line_no_break() -> None:
    out = one_line(HOSTILE + "\u2028x\r\x85y")
    assert first_control(out) is None and len(out.splitlines()) == 1
    assert "\\x1b]52;c;" in out and "\\u202e" in out and "Ấp" in out
    assert shown("Nguyễn Thị Lan") == "Nguyễn Thị Lan"
    assert is_invisible("\u200b\u200b \u3164") and not is_invisible("a\u200b")


# --- refused on input --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "words"),
    [
        (f"Nguyễn{OSC52} Lan", "U+001B"),
        ("Nguyễn \u202eLan", "U+202E"),
        ("Trần\u009b2J Lan", "U+009B"),
        ("\u200b\u200b\u200b", "ký tự ẩn"),
        ("x" * 10_000, "10000"),
    ],
)
def test_names_with_controls_invisible_or_too_long_are_refused(cli, name: str, words: str) -> None:
    out = _admit(cli, name)
    assert out.exit_code == 1
    assert "Họ tên" in out.stderr and words in out.stderr
    assert ESC not in out.stderr and _count(cli.db, "members") == 0


def test_free_text_fields_are_checked_and_named(cli) -> None:
    out = _admit(cli, "Nguyễn Thị Lan", decision=f"15{CLEAR}/QĐ")
    assert out.exit_code == 1 and "Số quyết định" in out.stderr and "U+001B" in out.stderr
    assert _count(cli.db, "member_events") == 0
    en = cli("--lang", "en", "record", "admission", "--org", "TA-TB", "--name", "Nguyễn Thị Lan", "--sex", "nu",
             "--born", "1990-01-01", "--date", "2021-03-26", "--ethnicity", "Kinh", "--decision", "15\u2066/QĐ")
    assert en.exit_code == 1 and "decision number" in en.stderr and "U+2066" in en.stderr


@pytest.mark.parametrize("code", ["X/../../PWN", "A B", "..", "TA\nHU", "Ấp1", "X" * 33])
def test_organisation_codes_follow_a_safe_pattern(cli, code: str) -> None:
    out = cli("record", "org-create", "--code", code, "--name", "Chi bộ mới", "--kind", "subordinate_cell",
              "--parent", "TA", "--from", "2001-01-01")
    assert out.exit_code == 1 and "Mã tổ chức" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert _count(cli.db, "organisations") == 3


def test_a_refused_code_cannot_forge_a_line_in_the_audit_log(cli) -> None:
    forged = "TA\n2026-01-01 00:00:00  admin  users.set_role  ok"
    # Reading the log is itself logged (audit.read): only the other lines are compared.
    before = [line for line in cli("audit").output.splitlines() if "audit.read" not in line]
    assert cli("record", "admission", "--org", forged, "--name", "A B", "--sex", "nu", "--born", "1990-01-01",
               "--date", "2021-03-26").exit_code == 1
    after = [line for line in cli("audit").output.splitlines() if "audit.read" not in line]
    assert len(after) == len(before) + 1
    assert "users.set_role" not in "\n".join(after[:-1]) and after[-1].count("users.set_role") <= 1


# --- stored text shown, never obeyed ----------------------------------------------------------
def _plant(db: Path) -> None:
    """Hostile text written straight into the database, as a row from before the rules."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE organisations SET name = ? WHERE code = 'TA-TB'", (HOSTILE,))
        conn.execute("UPDATE users SET display_name = ? WHERE login = 'thu'", (HOSTILE,))


def _clean(text: str) -> None:
    assert first_control(text.replace("\n", "")) is None, text


def test_old_rows_are_shown_safely_by_every_cli_printer(cli, tmp_path: Path) -> None:
    assert _admit(cli, "Nguyễn Thị Lan").exit_code == 0
    assert cli("record", "target", "--org", "TA-TB", "--year", "2021", "--target", "3").exit_code == 0
    _plant(cli.db)
    with sqlite3.connect(cli.db) as conn:
        conn.execute("UPDATE members SET full_name = ?", (HOSTILE,))
    for args in (
        ("orgs",), ("orgs", "--format", "json"), ("orgs", "--format", "csv"), ("users", "list"),
        ("audit",), ("audit", "--format", "json"),
        ("problems", "--root", "HU", "--year", "2021"), ("problems", "--root", "HU", "--year", "2021", "--format", "json"),
        ("report", "--root", "HU", "--from", "2021"), ("report", "--root", "HU", "--from", "2021", "--format", "json"),
        ("record", "transfer", "--member", "1", "--to", "TA", "--date", "2021-05-01"),
    ):
        out = cli(*args)
        _clean(out.output)
        _clean(out.stderr)
    table = cli("orgs").output
    assert "\\x1b]52;c;" in table and len(table.splitlines()) == 2 + 3
    assert "Xấu" in json.dumps(json.loads(cli("orgs", "--format", "json").output), ensure_ascii=False)
    with sqlite3.connect(cli.db) as conn:  # the district's own child, in every table of the report
        conn.execute("UPDATE organisations SET name = ? WHERE code = 'TA'", (HOSTILE,))
    for fmt in ("md", "json"):
        _clean(cli("report", "--root", "HU", "--from", "2021", "--format", fmt).output)
    docx = tmp_path / "r.docx"
    assert cli("report", "--root", "HU", "--from", "2021", "--format", "docx", "-o", str(docx)).exit_code == 0
    assert docx.stat().st_size > 0


def test_xlsx_and_csv_exports_write_stored_control_characters_as_text(cli, tmp_path: Path) -> None:
    """Finding 4: one record with a control character broke the whole export (no file, no
    audit row)."""
    import openpyxl

    assert _admit(cli, "Nguyễn Thị Lan").exit_code == 0
    _plant(cli.db)
    with sqlite3.connect(cli.db) as conn:
        conn.execute("UPDATE members SET full_name = ?", (f"Lan{ESC}[31m\x00\x0b",))
    audits = _count(cli.db, "audit_log")
    out = cli("export", "--root", "HU", "--from", "2021", "-o", str(tmp_path / "x.xlsx"))
    assert out.exit_code == 0, out.output
    assert _count(cli.db, "audit_log") == audits + 1
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(v == "Lan\\x1b[31m\\x00\\x0b" for v in values)
    assert all(first_control(v) is None for v in values)
    csv_out = cli("export", "--root", "HU", "--from", "2021", "--sheet", "Kết nạp", "-o", str(tmp_path / "x.csv"))
    assert csv_out.exit_code == 0, csv_out.output
    _clean((tmp_path / "x.csv").read_text(encoding="utf-8-sig").replace("\r", ""))
