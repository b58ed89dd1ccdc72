"""Quality ratings (models.ratings): recorded per year through the CLI, refused with a clear
message, and counted per organisation for the period's last rated year in the report's JSON."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import text

from models.enums import OrgKind, Role
from tests.builders import build, db_url
from tui.cli import main


def _world(engine):
    with build(engine) as b:
        b.user("admin", Role.ADMIN)
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        return [m.id for m in b.members(a, 3)], [m.id for m in b.members(bb, 2)]


def _cli(engine, *args):
    return CliRunner().invoke(main, ["--db", db_url(engine), *args])


def test_ratings_are_counted_for_the_last_rated_year_by_organisation(engine, login_as):
    in_a, in_b = _world(engine)
    login_as("admin")
    recorded = [
        ("--member", in_a[0], "2024", "good"),  # an older year: not the last rated one
        ("--member", in_a[0], "2025", "excellent"),
        ("--member", in_a[1], "2025", "good"),
        ("--member", in_a[2], "2025", "good"),
        ("--member", in_b[0], "2024", "not_completed"),  # and again in 2025: two years running
        ("--member", in_b[0], "2025", "not_completed"),
        ("--org", "A", "2025", "excellent"),
        ("--org", "B", "2025", "completed"),
        ("--org", "X", "2025", "good"),  # the commune's own rating is not among those below it
    ]
    said = []
    for flag, who, year, rating in recorded:
        out = _cli(engine, "record", "rating", flag, str(who), "--year", year, "--rating", rating)
        assert out.exit_code == 0, out.output
        said.append(out.stdout)
    assert "Đã ghi xếp loại năm 2025 của «A»: Hoàn thành xuất sắc nhiệm vụ." in said[6]
    report = _cli(engine, "report", "--root", "X", "--period", "2026-Q1", "--format", "json")
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert data["ratings"] == {
        "year": 2025,
        "members": {"excellent": 1, "good": 2, "completed": 0, "not_completed": 1},
        "organisations": {"excellent": 1, "good": 0, "completed": 1, "not_completed": 0},
        "members_not_completed_two_years": 1,
    }
    children = {c["code"]: c["ratings"] for c in data["children"]}
    assert children["B"]["members"] == {"excellent": 0, "good": 0, "completed": 0, "not_completed": 1}
    assert children["B"]["members_not_completed_two_years"] == 1 and children["A"]["members_not_completed_two_years"] == 0
    assert children["A"]["organisations"] == {"excellent": 0, "good": 0, "completed": 0, "not_completed": 0}
    earlier = json.loads(_cli(engine, "report", "--root", "X", "--period", "2024", "--format", "json").stdout)
    assert earlier["ratings"]["year"] == 2024 and earlier["ratings"]["members"]["good"] == 1
    assert earlier["ratings"]["members_not_completed_two_years"] == 0  # 2024 was the first such year


def test_a_second_rating_or_a_future_year_is_refused_and_changes_nothing(engine, login_as):
    in_a, _in_b = _world(engine)
    login_as("admin")
    assert _cli(engine, "record", "rating", "--member", str(in_a[0]), "--year", "2025", "--rating", "good").exit_code == 0
    again = _cli(engine, "--lang", "en", "record", "rating", "--member", str(in_a[0]), "--year", "2025", "--rating", "excellent")
    assert again.exit_code == 1 and f"Member {in_a[0]} already has a rating for 2025 ('Good')" in again.stderr
    future = _cli(engine, "--lang", "vi", "record", "rating", "--org", "A", "--year", "2999", "--rating", "good")
    assert future.exit_code == 1 and "Chưa thể xếp loại năm 2999" in future.stderr
    both = _cli(engine, "record", "rating", "--org", "A", "--member", str(in_a[0]), "--year", "2025", "--rating", "good")
    assert both.exit_code == 2
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM member_ratings")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM org_ratings")).scalar_one() == 0
