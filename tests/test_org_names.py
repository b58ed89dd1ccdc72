"""Organisation names have validity intervals (migration 0020): every screen, report and listing
asked about a day shows the name of that day; a rename is one audited, validated operation;
a founding day may be unknown and is then said so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from figures_api import ask, find_problems, overview
from models.enums import Role
from models.errors import AccessDenied, DomainError
from models.figures.data import Period
from models.org_names import former_names, name_history
from models.record import create_org, rename_org
from models.schema import AuditEntry, Organisation, OrgName
from models.uow import read_session
from record_helpers import D, add_user, admit, build_tree, run
from tui.cli import main

OLD, NEW = "Chi bộ ấp Thạnh Bình", "Chi bộ ấp Thạnh Bình, xã Cần Giờ"


@pytest.fixture
def tree(engine):
    ids = build_tree(engine)
    admit(engine, org="AP1", date=D(2020, 3, 26))
    run(engine, rename_org, org="AP1", name=NEW, date=D(2025, 7, 1))
    return ids


def test_a_past_period_shows_the_names_of_its_day_and_today_the_new_one(engine, tree):
    with read_session(engine) as s:
        today = D(2026, 3, 1)
        past = overview(s, tree["XA"], Period.year(2022), today)
        now = overview(s, tree["XA"], Period.year(2026), today)
        assert {c.org.code: c.org.name for c in past.children}["AP1"] == OLD
        assert {c.org.code: c.org.name for c in now.children}["AP1"] == NEW
        # The cell's own screen: its breadcrumb and head.
        cell_past = overview(s, tree["AP1"], Period.year(2022), today)
        assert cell_past.org.name == cell_past.path[-1].name == cell_past.figures.org.name == OLD
        assert overview(s, tree["AP1"], Period.year(2026), today).path[-1].name == NEW
        # The figures do not depend on the name.
        assert cell_past.figures.attainment.admitted == 0
        assert overview(s, tree["AP1"], Period.year(2020), today).figures.attainment.admitted == 1
        # The briefing's organisation too (the report's head).
        assert ask(s, tree["AP1"], Period.year(2021), today).org.name == OLD
        assert ask(s, tree["AP1"], Period.year(2025), today).org.name == NEW


def test_problem_paths_bear_the_names_of_the_period(engine, tree):
    from models.rules import default_rules

    # A removal flags the cell (models/rules.toml: removals_or_leaves).
    from models.record import removal

    member = admit(engine, org="AP1", date=D(2019, 3, 26), full_name="Lê Văn Tư", sex="male")
    run(engine, removal, member_id=member, date=D(2021, 5, 4), ground="abandoned_activities")
    run(engine, removal, member_id=admit(engine, org="AP1", date=D(2019, 5, 19), full_name="Lê Văn Năm", sex="male"),
        date=D(2021, 6, 4), ground="abandoned_activities")
    with read_session(engine) as s:
        flagged = [p for p in find_problems(s, tree["DIST"], Period.year(2021), D(2026, 3, 1), default_rules())
                   if p.org.code == "AP1"]
    assert flagged, "the removals flag the cell"
    assert flagged[0].org.name == flagged[0].path[-1] == OLD


def test_rename_refused_when_overlapping_before_start_or_same_name(engine, tree):
    before = _rows(engine)
    with pytest.raises(DomainError) as err:
        run(engine, rename_org, org="AP1", name="Chi bộ ấp 1", date=D(2024, 1, 1))
    assert err.value.key == "record.rename_overlap" and err.value.field == "date"
    assert err.value.message("vi") == (
        "Trường “Ngày”: Không thể đổi tên “AP1” từ ngày 01/01/2024: trùng với tên “Chi bộ ấp Thạnh Bình, xã Cần Giờ”"
        " đã ghi từ ngày 01/07/2025."
    )
    with pytest.raises(DomainError) as err:
        run(engine, rename_org, org="AP1", name="Chi bộ ấp 1", date=D(1999, 12, 31))
    assert err.value.key == "record.rename_before_start"
    assert "bắt đầu từ ngày 01/01/2000" in err.value.message("vi")
    with pytest.raises(DomainError) as err:
        run(engine, rename_org, org="AP1", name=f"  {NEW} ", date=D(2026, 1, 1))
    assert err.value.key == "record.rename_same"
    assert _rows(engine) == before  # nothing written


def test_rename_checks_scope_and_is_audited(engine, tree):
    outsider = add_user(engine, "ln", Role.CELL_SECRETARY, "OTHER")
    with pytest.raises(AccessDenied):
        run(engine, rename_org, outsider, org="AP2", name="Chi bộ ấp Thiềng Liềng mới", date=D(2025, 7, 1))
    with read_session(engine) as s:
        audited = s.scalars(select(AuditEntry).where(AuditEntry.action == "record.org_rename")).all()
        assert len(audited) == 1  # the fixture's rename
        history = name_history(s, [tree["AP1"]])[tree["AP1"]]
        assert [(n.name, n.valid_from, n.valid_to) for n in history] == [
            (OLD, D(2000, 1, 1), D(2025, 7, 1)), (NEW, D(2025, 7, 1), None)]
        assert s.get(Organisation, tree["AP1"]).name == NEW  # the latest, for cheap reads
        assert former_names(s) == {tree["AP1"]: (OLD,)}


def test_orgs_lists_names_with_their_days_and_an_unknown_founding_day(engine, tree, tmp_path: Path, login_as):
    from tests.builders import db_url

    run(engine, create_org, code="AP7", name="Chi bộ ấp Bảy", kind="subordinate_cell", parent="XA",
        valid_from=D(2001, 1, 1), valid_from_known=False)
    login_as("admin")
    add_user(engine, "admin", Role.ADMIN)
    runner = CliRunner()
    url = db_url(engine)
    got = runner.invoke(main, ["--db", url, "orgs", "--format", "json", "--as-of", "2022-06-30"])
    assert got.exit_code == 0, got.output
    rows = {r["code"]: r for r in json.loads(got.stdout)}
    assert rows["AP1"]["name"] == OLD  # the name of the day asked for
    assert rows["AP1"]["names"] == [
        {"name": OLD, "valid_from": "2000-01-01", "valid_to": "2025-07-01"},
        {"name": NEW, "valid_from": "2025-07-01", "valid_to": None},
    ]
    assert rows["AP7"]["valid_from_known"] is False and rows["AP1"]["valid_from_known"] is True
    table = runner.invoke(main, ["--db", url, "orgs"])
    assert table.exit_code == 0, table.output
    ap7 = next(line for line in table.output.splitlines() if "AP7" in line)
    ap1 = next(line for line in table.output.splitlines() if "AP1" in line)
    assert "không rõ" in ap7 and "2001-01-01" not in ap7
    assert NEW in ap1 and "2000-01-01" in ap1
    # Renamed from the command line, refused with the rule's words when it overlaps.
    again = runner.invoke(main, ["--db", url, "orgs", "rename", "AP1", "--name", "Chi bộ ấp 1", "--from", "2024-02-03"])
    assert again.exit_code != 0 and "trùng với tên" in again.output
    ok = runner.invoke(main, ["--db", url, "orgs", "rename", "AP2", "--name", "Chi bộ ấp Thiềng Liềng, xã Thạnh An",
                              "--from", "2025-07-01"])
    assert ok.exit_code == 0, ok.output
    assert "đổi tên thành “Chi bộ ấp Thiềng Liềng, xã Thạnh An”" in ok.output


def _rows(engine) -> tuple[int, int, list[str]]:
    with read_session(engine) as s:
        return (s.scalar(select(func.count()).select_from(OrgName)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.outcome == "ok")) or 0,
                sorted(s.scalars(select(Organisation.name))))
