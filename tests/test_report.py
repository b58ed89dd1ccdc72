"""The opening report: JSON keys for scripts, the Markdown text, the DOCX document, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

from models.enums import AuditOutcome, EventKind, MassOrg, OrgKind, Role, Sex
from models.errors import DomainError
from models.figures.data import Period
from models.access import SYSTEM
from models.report import build_report, default_tree_day, headline, to_docx, to_json, to_markdown
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
    assert ("Trong 3 năm (2020-2022), đã kết nạp được 10 đảng viên trong tổng số 12 chỉ tiêu kết nạp,"
            " chưa đạt chỉ tiêu (đạt 83%, còn thiếu 2).") in md
    assert ("Trong tổng số 10 đảng viên kết nạp, có 6 nữ, 6 đảng viên là đoàn viên thanh niên Cộng sản Hồ Chí Minh;"
            " 6 đồng chí được xem xét kết nạp từ danh sách đoàn viên, hội viên ưu tú do các đoàn thể giới thiệu;"
            " 7 trường hợp kết nạp đảng viên nhân các ngày lễ, kỷ niệm") in md
    assert "| Đảng bộ xã A | 19 | 6 | 9 | 150% | đạt |" in md
    assert "Có 1/2 tổ chức đảng trực thuộc chưa đạt chỉ tiêu kết nạp: Đảng bộ xã B (1/6)." in md
    attention = md.split("## 2.")[1].split("## 3.")[0]
    assert attention.index("Đảng bộ xã B:") < attention.index("Đảng bộ xã A:")  # the worst first
    assert "- Chưa đạt chỉ tiêu kết nạp: Kết nạp 1/6 chỉ tiêu năm 2020–2022 (17%)" in attention
    en = to_markdown(report, "en")
    assert "In the 3 years 2020-2022, admissions: 10 against a total admission target of 12" in en


def test_headline_adapts_to_a_met_target_and_one_year(engine: Engine) -> None:
    root = _district(engine)
    with read_session(engine) as s:
        a_id = next(c.row.org.id for c in build_report(s, SYSTEM, root, PERIOD, AS_OF).children if c.row.org.code == "XA")
        one_year = build_report(s, SYSTEM, a_id, Period.year(2021), D(2021, 12, 31))
    first = headline(one_year.figures)[0]
    assert first == "Trong năm 2021, đã kết nạp được 3 đảng viên trong tổng số 2 chỉ tiêu kết nạp, vượt chỉ tiêu (đạt 150%)."


def test_docx_opens_with_headings_tables_and_the_figures(engine: Engine, tmp_path: Path) -> None:
    import docx

    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, PERIOD, AS_OF)
    path = tmp_path / "bao-cao.docx"
    to_docx(report, path)
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading") or p.style.name == "Title"]
    assert headings[0] == "BÁO CÁO ĐỀ DẪN" and "1. Kết quả kết nạp đảng viên" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "đã kết nạp được 10 đảng viên trong tổng số 12 chỉ tiêu kết nạp" in text
    assert "có 6 nữ, 6 đảng viên là đoàn viên" in text
    children = doc.tables[0]
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


def test_cli_report_json_md_docx_and_problems(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _district(engine)
    monkeypatch.setenv("GIAOBAN_LOGIN", "admin")
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


def test_cli_refuses_a_report_outside_the_users_scope(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _district(engine)
    monkeypatch.setenv("GIAOBAN_LOGIN", "bsec")
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
    assert headline(behind.figures)[0] == (
        "Trong năm 2026, đã kết nạp được 3 đảng viên trong tổng số 8 chỉ tiêu kết nạp, đạt 38% chỉ tiêu,"
        " chậm so với tiến độ dự kiến (7.3 đến ngày 28/11/2026)."
    )
    assert "đạt 25% chỉ tiêu, đúng tiến độ dự kiến (1.9 đến ngày 26/03/2026)" in headline(early.figures)[0]
    assert headline(early.figures, "en")[0].startswith("In 2026, admissions: 2 against a total admission target of 8, 25% of the target, on the expected pace")
