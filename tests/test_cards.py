"""Party cards (models.cards, models.figures.cards): recorded through the CLI for official
members only, refused with a clear message naming the rule (nothing written), append-only, and
counted per period by organisation in the report's JSON: cards issued in the period, official
members awaiting one at its end and how long the longest has waited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.enums import EventKind, OrgKind, Role
from tests.builders import build, db_url
from tui.cli import main

D = dt.date


def _world(engine):
    with build(engine) as b:
        b.user("admin", Role.ADMIN)
        x = b.org("X", kind=OrgKind.COMMUNE_COMMITTEE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL)
        an, binh = b.members(a, 2)  # official since the probation ended on 2011-01-01
        (chi,) = b.members(bb, 1)
        dung = b.admit(a, D(2025, 5, 10))
        b.event(dung, a, EventKind.RECOGNITION, D(2026, 5, 12))  # official from 2026-05-10
        em = b.admit(bb, D(2026, 2, 1))  # probationary all year
        return {"an": an.id, "binh": binh.id, "chi": chi.id, "dung": dung.id, "em": em.id}


def _card(engine, member, number, day, *extra, lang="vi"):
    return CliRunner().invoke(main, ["--db", db_url(engine), "--lang", lang, "record", "card", "--member", str(member),
                                     "--number", number, "--date", day, *extra])


def _cards(engine, period):
    out = CliRunner().invoke(main, ["--db", db_url(engine), "report", "--root", "X", "--period", period, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    return data["cards"], {c["code"]: c["cards"] for c in data["children"]}


def test_cards_are_recorded_and_counted_issued_and_awaiting_per_period(engine, login_as):
    m = _world(engine)
    login_as("admin")
    done = _card(engine, m["an"], "79000001", "2026-07-10", "--decision", "120-QĐ/QU")
    assert done.exit_code == 0, done.output
    assert "Đã ghi cấp thẻ đảng viên số 79000001" in done.output
    assert _card(engine, m["dung"], "79000002", "2026-08-01").exit_code == 0
    assert _card(engine, m["chi"], "79000003", "2026-10-02").exit_code == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT card_no FROM members WHERE id = :m"), {"m": m["an"]}).scalar_one() == "79000001"
    q3_end = D(2026, 9, 30)
    root, children = _cards(engine, "2026-Q3")
    # Binh (A) and Chi (B, carded in October) await a card at the end of September; Dung, official
    # since May, was carded in August; Em is probationary and awaits nothing.
    waited = (q3_end - D(2011, 1, 1)).days
    assert root == {"issued": 2, "awaiting": 2, "longest_wait_days": waited}
    assert children == {"A": {"issued": 2, "awaiting": 1, "longest_wait_days": waited},
                        "B": {"issued": 0, "awaiting": 1, "longest_wait_days": waited}}
    root, children = _cards(engine, "2026-Q4")
    assert root["issued"] == 1 and root["awaiting"] == 1
    assert children["B"] == {"issued": 1, "awaiting": 0, "longest_wait_days": None}
    # A quarter before any card: the four official members all wait (Dung since 10 May).
    root, children = _cards(engine, "2026-Q2")
    assert root["issued"] == 0 and root["awaiting"] == 4
    assert children["A"]["awaiting"] == 3


def test_bad_cards_are_refused_naming_the_rule_and_change_nothing(engine, login_as):
    m = _world(engine)
    login_as("admin")
    probationary = _card(engine, m["em"], "79000009", "2026-11-02")
    assert probationary.exit_code == 1 and "chỉ cấp cho đảng viên chính thức" in probationary.stderr
    early = _card(engine, m["dung"], "79000009", "2026-05-11")
    assert early.exit_code == 1 and "trước ngày công nhận đảng viên chính thức" in early.stderr and "(12/05/2026)" in early.stderr
    blank = _card(engine, m["an"], "  ", "2026-07-10")
    assert blank.exit_code == 1 and "cần số thẻ" in blank.stderr
    future = _card(engine, m["an"], "79000009", (dt.date.today() + dt.timedelta(days=3)).isoformat())
    assert future.exit_code == 1
    assert _card(engine, m["an"], "79000001", "2026-07-10").exit_code == 0
    taken = _card(engine, m["binh"], "79000001", "2026-07-10", lang="en")
    assert taken.exit_code == 1 and "Card number '79000001' belongs to member" in taken.stderr
    twice = _card(engine, m["an"], "79000005", "2026-07-10", lang="en")
    assert twice.exit_code == 1 and f"Member {m['an']} already has a card issued on" in twice.stderr
    # The same member issued a card again later (lost): the same number is theirs.
    assert _card(engine, m["an"], "79000001", "2026-11-03").exit_code == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM party_cards")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'record.card'")).scalar_one() == 2


def test_cards_are_append_only(engine, login_as):
    m = _world(engine)
    login_as("admin")
    assert _card(engine, m["an"], "79000001", "2026-07-10").exit_code == 0
    for statement in ("UPDATE party_cards SET card_no = '1'", "DELETE FROM party_cards"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
