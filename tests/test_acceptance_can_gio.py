"""Acceptance on the Cần Giờ fixture (DOMAIN.md §7): the source's figures through the report
command, the merged commune, every problem rule, the books and the children's sums."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine

from fixtures.can_gio import load
from tests.figures_api import scope_from_events as compute_scope
from models.figures.data import Period
from models.figures.problems import RULES, problems_in_scope
from models.tree import catchment, get_org
from models.uow import read_session
from tests.builders import db_url
from tui.cli import main

#: The day the data set is cut at ("today" of the scenario), so the test never depends on the
#: day it runs.
TODAY = "2026-11-28"
SOURCE = {"admitted": 237, "target": 220, "women": 121, "youth_union": 156, "recommended": 124, "on_occasion": 135}
KEYS = ("admitted", "target", "women", "youth_union", "recommended", "on_occasion", "removed", "left")


def test_report_of_the_district_and_the_merged_commune(engine: Engine, tmp_path: Path, login_as) -> None:
    import docx

    runner = CliRunner()
    url = db_url(engine)
    seeded = runner.invoke(main, ["--db", url, "seed", "can-gio", "--until", TODAY])
    assert seeded.exit_code == 0, seeded.output
    login_as("admin")  # the fixture's admin reads the reports

    def report(*args: str) -> dict:
        out = runner.invoke(main, ["--db", url, "report", *args, "--format", "json"])
        assert out.exit_code == 0, out.output
        return json.loads(out.stdout)

    district = report("--root", "CG", "--from", "2020", "--to", "2022")
    assert {k: district[k] for k in SOURCE} == SOURCE
    assert district["as_of"] == "2022-12-31"
    assert len(district["children"]) >= 40
    for key in KEYS:
        assert sum(c[key] or 0 for c in district["children"]) == district[key], key

    md_path, docx_path = tmp_path / "bao-cao.md", tmp_path / "bao-cao.docx"
    for fmt, path in (("md", md_path), ("docx", docx_path)):
        out = runner.invoke(main, ["--db", url, "report", "--root", "CG", "--from", "2020", "--to", "2022",
                                   "--format", fmt, "-o", str(path)])
        assert out.exit_code == 0, out.output
    headline = ("Trong 3 năm (2020–2022), đã kết nạp được 237 đảng viên trong tổng số 220 chỉ tiêu kết nạp, vượt chỉ"
                " tiêu (đạt 107,73%).")
    composition = ("Trong tổng số 237 đảng viên kết nạp có: nữ 121 (51,05%); đoàn viên Đoàn TNCS Hồ Chí Minh 156"
                   " (65,82%); được xem xét kết nạp từ danh sách đoàn viên, hội viên ưu tú do các đoàn thể giới thiệu"
                   " 124 (52,32%); kết nạp nhân các ngày lễ, kỷ niệm 135 (56,96%)")
    md = md_path.read_text(encoding="utf-8")
    assert headline in md and composition in md
    doc = docx.Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert headline in text and composition in text
    children = next(t for t in doc.tables if t.rows[0].cells[0].text == "Tổ chức đảng")
    total_row = [c.text for c in children.rows[-1].cells]
    assert total_row[0] == "Tổng cộng" and total_row[1:5] == ["3.119", "220", "237", "107,73%"]

    # The commune formed on 1 July 2025, as of today, equals the two it was formed from.
    cg = report("--root", "XCG", "--from", "2020", "--to", "2022", "--as-of", TODAY)
    lh = report("--root", "CG.LH", "--from", "2020", "--to", "2022")
    ct = report("--root", "CG.CT", "--from", "2020", "--to", "2022")
    # Under today's tree, with the figures of the period at its end, as the old communes' own.
    assert cg["tree_day"] == TODAY and cg["as_of"] == lh["as_of"] == ct["as_of"] == "2022-12-31"
    assert cg["admitted"] > 0
    for key in KEYS:
        assert cg[key] == lh[key] + ct[key], key
    assert [y["members_end"] for y in cg["years"]] == [a["members_end"] + b["members_end"] for a, b in zip(lh["years"], ct["years"], strict=True)]


def test_every_rule_fires_the_books_balance_and_children_add_up(engine: Engine) -> None:
    today = dt.date.fromisoformat(TODAY)
    load(engine, today)
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        district = get_org(s, "CG").id
        fired: set[str] = set()
        for root, period, as_of in (
            (city, Period.year(2026), today),
            (district, Period(2020, 2022), dt.date(2022, 12, 31)),
        ):
            fired |= {h.rule for p in problems_in_scope(compute_scope(s, root, period, as_of)) for h in p.hits}
        assert fired == set(RULES)

        # The figures' own reading of the tree agrees with models.tree, before and after 2025.
        for day in (dt.date(2022, 12, 31), today):
            snap_scope = compute_scope(s, city, Period.year(day.year), day)
            for code in ("HCM", "CG", "CG.LH", "CG.ATD", "XCG", "XATD", "XBK"):
                org = get_org(s, code).id
                assert snap_scope.snap.catchment(org) and set(snap_scope.snap.catchment(org)) == catchment(s, org, day), (code, day)

        scope = compute_scope(s, city, Period(2020, 2026), today)
        for oid in scope.ids:
            for year in scope.period.years:
                assert scope.year_flows(oid, year).balances, (scope.snap.orgs[oid].code, year)
            children = scope.snap.live_children(oid)
            if children:
                for measure in (
                    lambda o: scope.attainment(o).admitted,
                    scope.members,
                    lambda o: scope.figures(o).removed,
                    lambda o: scope.figures(o).left,
                    lambda o: scope.composition(o, scope.period).women,
                ):
                    assert measure(oid) == sum(measure(c) for c in children), scope.snap.orgs[oid].code
