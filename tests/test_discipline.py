"""Disciplinary measures (models.discipline): recorded through the CLI with their decision,
refused with a clear message, append-only, counted per period by organisation in the report's
JSON (with expulsions from the event log), and shown in the member's history."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.access import resolve_actor
from models.enums import EventKind, OrgKind, Role
from models.people import member_history
from models.uow import read_session
from tests.builders import build, db_url
from tui.cli import main

D = dt.date


def _world(engine):
    with build(engine) as b:
        b.user("admin", Role.ADMIN)
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        an, binh = b.members(a, 2)
        (chi,) = b.members(bb, 1)
        b.event(chi, bb, EventKind.EXPULSION, D(2026, 8, 3), decision_no="12-QĐ/ĐU")
        return an.id, binh.id, chi.id


def _record(engine, *args):
    return CliRunner().invoke(main, ["--db", db_url(engine), "record", "discipline", *args])


def test_measures_are_recorded_counted_per_period_and_shown_in_the_history(engine, login_as):
    an, binh, _chi = _world(engine)
    login_as("admin")
    for member, kind, day in ((an, "reprimand", "2026-07-10"), (an, "warning", "2026-09-30"), (binh, "dismissal", "2026-10-01")):
        out = _record(engine, "--member", str(member), "--kind", kind, "--date", day, "--decision", "05-QĐ/ĐU",
                      "--decided-by", "Ban Thường vụ Đảng ủy xã")
        assert out.exit_code == 0, out.output
    assert "Đã ghi kỷ luật «Khiển trách» (quyết định 05-QĐ/ĐU)" in _record(
        engine, "--member", str(an), "--kind", "reprimand", "--date", "2026-07-11", "--decision", "05-QĐ/ĐU").output
    report = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "X", "--period", "2026-Q3", "--format", "json"])
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    # 1 October is in the fourth quarter; the expulsion (a member event) counts with the measures.
    assert data["discipline"] == {"reprimand": 2, "warning": 1, "dismissal": 0, "expulsion": 1}
    children = {c["code"]: c["discipline"] for c in data["children"]}
    assert children == {"A": {"reprimand": 2, "warning": 1, "dismissal": 0, "expulsion": 0},
                        "B": {"reprimand": 0, "warning": 0, "dismissal": 0, "expulsion": 1}}
    with read_session(engine) as s:
        admin = resolve_actor(s, "admin")
    history = member_history(engine, admin, an, lang="vi", as_of=D(2026, 12, 1))
    measures = [(e.date, str(e.kind), e.decision_no) for e in history.events if str(e.kind) in ("reprimand", "warning")]
    assert measures == [(D(2026, 7, 10), "reprimand", "05-QĐ/ĐU"), (D(2026, 7, 11), "reprimand", "05-QĐ/ĐU"),
                        (D(2026, 9, 30), "warning", "05-QĐ/ĐU")]
    assert [str(e.kind) for e in history.events][0] == "admission"


def test_bad_measures_are_refused_naming_the_rule_and_change_nothing(engine, login_as):
    an, _binh, chi = _world(engine)
    login_as("admin")
    no_decision = _record(engine, "--member", str(an), "--kind", "warning", "--date", "2026-07-10", "--decision", " ")
    assert no_decision.exit_code == 1 and "cần số quyết định" in no_decision.stderr
    expelled = _record(engine, "--member", str(chi), "--kind", "warning", "--date", "2026-09-10", "--decision", "7")
    assert expelled.exit_code == 1 and "khai trừ" in expelled.stderr.lower()
    assert _record(engine, "--member", str(an), "--kind", "warning", "--date", "2026-07-10", "--decision", "7").exit_code == 0
    twice = CliRunner().invoke(main, ["--db", db_url(engine), "--lang", "en", "record", "discipline", "--member", str(an),
                                      "--kind", "warning", "--date", "2026-07-10", "--decision", "8"])
    assert twice.exit_code == 1 and f"Member {an} already has a 'Warning' on 2026-07-10" in twice.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM member_discipline")).scalar_one() == 1


@pytest.mark.parametrize("statement", ["UPDATE member_discipline SET decision_no = 'x'", "DELETE FROM member_discipline"])
def test_measures_are_append_only(engine, login_as, statement):
    an, _binh, _chi = _world(engine)
    login_as("admin")
    assert _record(engine, "--member", str(an), "--kind", "warning", "--date", "2026-07-10", "--decision", "7").exit_code == 0
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
