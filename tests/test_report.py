"""The opening report: JSON keys for scripts, the Markdown text, the DOCX document, the CLI.
The form of the DOCX as a Party document is checked in tests/test_report_docx.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from models.enums import AuditOutcome, EventKind, MassOrg, OrgKind, Role, Sex
from models.errors import DomainError
from models.access import SYSTEM
from models.figures.data import Period
from models.report import build_report, default_tree_day, to_json
from models.report_docx import to_docx
from models.report_markdown import to_markdown
from models.report_pdf import soffice
from models.report_text import headline
from models.schema import AuditEntry
from models.tree import OrgInfo
from models.uow import read_session
from tests.builders import build, db_url
from tui.cli import main

D = dt.date
PERIOD = Period(2020, 2022)
AS_OF = D(2022, 12, 31)
KEYS = ("admitted", "target", "women", "youth_union", "recommended", "on_occasion", "removed", "left")


def _district(engine: Engine) -> int:
    """Two communes over 2020–2022: A exceeds its targets, B misses them."""
    with build(engine) as b:
        h = b.org("HT", "Huyện Thử", kind=OrgKind.DISTRICT_COMMITTEE)
        a = b.org("XA", "Đảng bộ xã A", parent=h)
        bb = b.org("XB", "Đảng bộ xã B", parent=h)
        b.members(a, 10)
        b.members(bb, 8)
        for year in PERIOD.years:
            b.target(a, year, 2)
            b.target(bb, year, 2)
            b.admit(a, D(year, 2, 3), sex=Sex.FEMALE, youth_union=True, occasion="3/2",
                    recommended_by=MassOrg.YOUTH_UNION, birth=D(2000, 1, 1))
            b.admit(a, D(year, 6, 10), youth_union=True, birth=D(1995, 1, 1))
            b.admit(a, D(year, 9, 2), sex=Sex.FEMALE, occasion="2/9", recommended_by=MassOrg.WOMEN_UNION)
        b.admit(bb, D(2021, 5, 19), occasion="19/5")
        leaving = b.members(bb, 3, on=D(2012, 1, 1))
        b.remove(leaving[0], bb, D(2020, 4, 1))
        b.remove(leaving[1], bb, D(2021, 4, 1))
        b.event(leaving[2], bb, EventKind.LEAVE, D(2022, 4, 1))
        b.user("admin", Role.ADMIN)
        b.user("bsec", Role.CELL_SECRETARY, bb)
        return h.id


def test_json_has_the_figures_and_the_children(engine: Engine) -> None:
    root = _district(engine)
    with read_session(engine) as s:
        data = to_json(build_report(s, SYSTEM, root, PERIOD, AS_OF))
    assert {k: data[k] for k in KEYS} == {
        "admitted": 10, "target": 12, "women": 6, "youth_union": 6, "recommended": 6, "on_occasion": 7,
        "removed": 2, "left": 1,
    }
    assert [c["code"] for c in data["children"]] == ["XA", "XB"]
    for key in KEYS:
        assert sum(c[key] for c in data["children"]) == data[key], key
    xb = data["children"][1]
    assert (xb["name"], xb["admitted"], xb["target"], xb["status"]) == ("Đảng bộ xã B", 1, 6, "behind")
    assert [p["code"] for p in data["problems"]][0] == "XB"
    assert data["recommended_by"] == {"youth_union": 3, "women_union": 3}
    assert [y["removed"] for y in data["years"]] == [1, 1, 0]


def test_markdown_headline_in_the_manner_of_the_source(engine: Engine) -> None:
    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, PERIOD, AS_OF)
    md = to_markdown(report)
    assert ("Trong 3 năm (2020–2022), đã kết nạp được 10 đảng viên trong tổng số 12 chỉ tiêu kết nạp,"
            " chưa đạt chỉ tiêu (đạt 83,33%, còn thiếu 2).") in md
    # The composition with each share of the admitted.
    assert ("Trong tổng số 10 đảng viên kết nạp có: nữ 6 (60,00%); đoàn viên Đoàn TNCS Hồ Chí Minh 6 (60,00%);"
            " được xem xét kết nạp từ danh sách đoàn viên, hội viên ưu tú do các đoàn thể giới thiệu 6 (60,00%);"
            " kết nạp nhân các ngày lễ, kỷ niệm 7 (70,00%)") in md
    assert "Theo đoàn thể giới thiệu: Hội Liên hiệp Phụ nữ 3 (50,00%); Đoàn TNCS Hồ Chí Minh 3 (50,00%)." in md
    assert "| Đảng bộ xã A | 19 | 6 | 9 | 150,00% | đạt |" in md
    assert "Có 1/2 tổ chức đảng trực thuộc chưa đạt chỉ tiêu kết nạp: Đảng bộ xã B (1/6)." in md
    attention = md.split("## III.")[1].split("**T/M")[0]
    assert attention.index("Đảng bộ xã B:") < attention.index("Đảng bộ xã A:")  # the worst first
    assert "- Chưa đạt chỉ tiêu kết nạp: Kết nạp 1/6 chỉ tiêu năm 2020–2022 (17%)" in attention
    en = to_markdown(report, "en")
    assert "In the 3 years 2020–2022, admissions: 10 against a total admission target of 12" in en


def test_headline_adapts_to_a_met_target_and_one_year(engine: Engine) -> None:
    root = _district(engine)
    with read_session(engine) as s:
        a_id = next(c.row.org.id for c in build_report(s, SYSTEM, root, PERIOD, AS_OF).children if c.row.org.code == "XA")
        one_year = build_report(s, SYSTEM, a_id, Period.year(2021), D(2021, 12, 31))
    first, compared = headline(one_year)
    assert first == "Trong năm 2021, đã kết nạp được 3 đảng viên trong tổng số 2 chỉ tiêu kết nạp, vượt chỉ tiêu (đạt 150,00%)."
    # 2020 is recorded (targets and a removal that year): the year before is compared with.
    assert compared == "So với kỳ trước (2020), số kết nạp bằng nhau (3 đảng viên)."


def test_docx_opens_with_headings_tables_and_the_figures(engine: Engine, tmp_path: Path) -> None:
    import docx

    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, PERIOD, AS_OF)
    path = tmp_path / "bao-cao.docx"
    to_docx(report, path)
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["I. KẾT QUẢ CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN", "1. Kết quả kết nạp đảng viên"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "đã kết nạp được 10 đảng viên trong tổng số 12 chỉ tiêu kết nạp" in text
    assert "có: nữ 6 (60,00%); đoàn viên" in text
    children = next(t for t in doc.tables if t.rows[0].cells[0].text == "Tổ chức đảng")
    assert [c.text for c in children.rows[1].cells][:4] == ["Đảng bộ xã A", "19", "6", "9"]
    assert [c.text for c in children.rows[-1].cells][3] == "10"


def test_default_tree_day() -> None:
    org = OrgInfo(1, "H", "Huyện", OrgKind.DISTRICT_COMMITTEE, None, D(2000, 1, 1), D(2025, 7, 1), None)
    assert default_tree_day(org, PERIOD, today=D(2026, 11, 28)) == D(2022, 12, 31)
    assert default_tree_day(org, Period(2024, 2026), today=D(2026, 11, 28)) == D(2025, 6, 30)
    live = OrgInfo(2, "X", "Xã", OrgKind.COMMUNE_COMMITTEE, None, D(2025, 7, 1), None, None)
    assert default_tree_day(live, Period.year(2026), today=D(2026, 11, 28)) == D(2026, 11, 28)
    with pytest.raises(DomainError) as refused:
        default_tree_day(org, Period.year(2026), today=D(2026, 11, 28))
    assert refused.value.field == "period" and "01/07/2025" in refused.value.message("vi")
    # Formed after the period: today's tree, with its predecessors counted in.
    assert default_tree_day(live, PERIOD, today=D(2026, 11, 28)) == D(2026, 11, 28)


def test_cli_report_json_md_docx_and_problems(engine: Engine, tmp_path: Path, login_as) -> None:
    _district(engine)
    login_as("admin")
    runner = CliRunner()
    url = db_url(engine)
    base = ["--db", url, "report", "--root", "HT", "--from", "2020", "--to", "2022"]
    out = runner.invoke(main, [*base, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert (data["admitted"], data["target"], data["as_of"]) == (10, 12, "2022-12-31")
    md = runner.invoke(main, [*base, "-o", str(tmp_path / "r.md")])
    assert md.exit_code == 0, md.output
    assert "10 đảng viên trong tổng số 12 chỉ tiêu" in (tmp_path / "r.md").read_text(encoding="utf-8")
    en = runner.invoke(main, [*base, "--lang", "en"])
    assert "admissions: 10 against a total admission target of 12" in en.stdout
    dx = runner.invoke(main, [*base, "--format", "docx", "-o", str(tmp_path / "r.docx")])
    assert dx.exit_code == 0 and (tmp_path / "r.docx").stat().st_size > 0
    pr = runner.invoke(main, ["--db", url, "problems", "--root", "HT", "--year", "2022", "--format", "json"])
    assert pr.exit_code == 0, pr.output
    rows = json.loads(pr.stdout)
    assert rows[0]["code"] == "XB" and set(rows[0]) >= {"code", "name", "rules", "severity", "reasons"}
    assert "below_target" in rows[0]["rules"] and rows[0]["reasons"]
    table = runner.invoke(main, ["--db", url, "problems", "--root", "HT", "--year", "2022"])
    assert "Đảng bộ xã B" in table.stdout and "Chưa đạt chỉ tiêu kết nạp" in table.stdout
    with read_session(engine) as s:
        exports = s.scalars(select(AuditEntry).where(AuditEntry.action == "report.export")).all()
    assert len(exports) == 6 and all(e.outcome is AuditOutcome.OK and e.login == "admin" for e in exports)


def test_cli_refuses_a_report_outside_the_users_scope(engine: Engine, login_as) -> None:
    _district(engine)
    login_as("bsec")
    out = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "HT", "--from", "2022", "--format", "json"])
    assert out.exit_code == 1 and "HT" in out.output
    with read_session(engine) as s:
        (entry,) = s.scalars(select(AuditEntry)).all()
    assert entry.outcome is AuditOutcome.REFUSED and entry.login == "bsec"


def test_headline_in_an_open_year_speaks_of_the_pace(engine: Engine) -> None:
    with build(engine) as b:
        x = b.org("XO", "Đảng bộ xã O", kind=OrgKind.COMMUNE_COMMITTEE)
        b.members(x, 5)
        b.target(x, 2026, 8)
        for day in (D(2026, 2, 3), D(2026, 3, 26), D(2026, 5, 19)):
            b.admit(x, day, sex=Sex.FEMALE)
        xid = x.id
    with read_session(engine) as s:
        behind = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 11, 28))
        early = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 3, 26))
    # No even pace (admissions cluster on the occasions) and no year before the log to compare with.
    assert headline(behind) == [
        "Từ đầu năm 2026 đến ngày 28/11/2026, đã kết nạp được 3 đảng viên trong tổng số 8 chỉ tiêu kết nạp,"
        " đạt 37,50% chỉ tiêu năm (còn 5 đảng viên).",
        "Chưa so sánh với kỳ trước vì dữ liệu chỉ có từ năm 2026.",
    ]
    assert headline(early)[0].endswith("đạt 25,00% chỉ tiêu năm (còn 6 đảng viên).")
    assert headline(early, "en")[0].startswith(
        "From the start of 2026 to 2026-03-26, admissions: 2 against a total admission target of 8, 25.00% of the year's target")
    assert "tiến độ" not in to_markdown(behind)


def test_cli_report_with_the_offices_settings_a_number_and_a_date(engine: Engine, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch, login_as) -> None:
    _district(engine)
    login_as("admin")
    monkeypatch.setenv("GIAOBAN_REPORT_ISSUER", "HUYỆN ỦY THỬ")
    monkeypatch.setenv("GIAOBAN_REPORT_PLACE", "Thử")
    monkeypatch.setenv("GIAOBAN_REPORT_NUMBER_SYMBOL", "BC/HU")
    base = ["--db", db_url(engine), "report", "--root", "HT", "--from", "2020", "--to", "2022"]
    out = CliRunner().invoke(main, [*base, "--number", "45", "--date", "2023-03-31"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[1:4] == ["**HUYỆN ỦY THỬ**  ", "\\*  ", "Số 45-BC/HU"]
    assert "*Thử, ngày 31 tháng 3 năm 2023*" in out.stdout


def test_cli_pdf_without_libreoffice_says_what_to_install(engine: Engine, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, login_as) -> None:
    _district(engine)
    login_as("admin")
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on it
    target = tmp_path / "r.pdf"
    out = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "HT", "--from", "2022", "--format", "pdf",
                                    "-o", str(target)])
    assert out.exit_code == 1 and not target.exists()
    assert "Không tìm thấy LibreOffice (lệnh soffice)" in out.output and "libreoffice-writer-nogui" in out.output


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_cli_report_pdf(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as) -> None:
    _district(engine)
    login_as("admin")
    target = tmp_path / "r.pdf"
    out = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "HT", "--from", "2020", "--to", "2022",
                                    "--format", "pdf", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_bytes().startswith(b"%PDF-")


def test_no_comparison_with_a_period_partly_before_the_log(engine: Engine) -> None:
    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, Period(2021, 2022), AS_OF)
    # 2019-2020 would be compared with, but 2019 is before the first recorded year.
    assert report.comparison is None
    assert headline(report)[1] == "Chưa so sánh với kỳ trước vì dữ liệu chỉ có từ năm 2020."
