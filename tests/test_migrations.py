"""Migrations are frozen: each carries its own SQL, so an old migration does not change when
today's modules do; the kept tables they create are refilled from the event log by today's code
once the schema is at the head (:func:`models.migrate.upgrade`)."""

from __future__ import annotations

import ast
import datetime as dt
import sys
from pathlib import Path

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Connection, Engine, text

from models.db import write_engine
from models.migrate import MIGRATIONS, alembic_config, upgrade
from models.uow import read_session

VERSIONS = sorted((MIGRATIONS / "versions").glob("[0-9]*.py"))
# What a migration may import: the standard library, Alembic and SQLAlchemy.
ALLOWED = {"alembic", "sqlalchemy", "__future__"}


@contextmanager
def at_revision(bare_engine: Engine, revision: str) -> Iterator[Connection]:
    """A connection in one transaction to ``bare_engine`` brought to ``revision`` by the
    migrations alone (no refill by today's code), to plant the rows of that day's schema."""
    cfg = alembic_config()
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        yield conn


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_no_migration_imports_a_live_module() -> None:
    assert len(VERSIONS) >= 8
    for path in VERSIONS:
        foreign = {r for r in _imported_roots(path) if r not in ALLOWED and r not in sys.stdlib_module_names}
        assert not foreign, f"{path.name} imports {sorted(foreign)}: a migration must carry its own SQL"


def test_an_old_database_upgraded_has_its_events_in_the_kept_figures(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # A database written at the first revision, before any kept table existed.
    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0001") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(2000, 1, 1), "now": now})
        conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                          "VALUES (1, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                     {"b": dt.date(1995, 4, 2), "now": now})
        conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                          "VALUES (1, 1, 'admission', :d, true, :now)"),
                     {"d": dt.date(2020, 5, 19), "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        figures = s.execute(text("SELECT admitted, women FROM org_year_stats WHERE org_id = 1 AND year = 2020")).one()
        state = s.execute(text("SELECT org_id, joined FROM member_states WHERE member_id = 1")).one()
        closure = s.execute(text("SELECT count(*) FROM org_closure WHERE descendant_id = 1")).scalar_one()
    assert tuple(figures) == (1, 1)
    assert state[0] == 1 and str(state[1]) == "2020-05-19"
    assert closure == 1


def test_a_database_with_meetings_upgraded_to_0014_has_its_members_at_risk(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Meetings and dues recorded at revision 0011, before the kept warnings existed.
    from models.removal_warnings import kept_eligible, removal_warnings
    from models.rules import default_rules

    now = dt.datetime(2022, 6, 1, 8, 0)
    with at_revision(bare_engine, "0011") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(2000, 1, 1), "now": now})
        conn.execute(text("INSERT INTO org_closure (descendant_id, ancestor_id, depth) VALUES (1, 1, 0)"))  # as create_org keeps it
        for member, name in ((1, "Lê Thị Hoa"), (2, "Trần Văn Nam")):
            conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                              "VALUES (:m, :n, :n, 'female', :b, 'Kinh', :now)"),
                         {"m": member, "n": name, "b": dt.date(1995, 4, 2), "now": now})
            conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                              "VALUES (:m, 1, 'admission', :d, false, :now)"),
                         {"m": member, "d": dt.date(2020, 5, 19), "now": now})
        # Member 1 misses March, April and May; member 2 misses March and attends after.
        for meeting, month, absent in ((1, 3, (1, 2)), (2, 4, (1,)), (3, 5, (1,))):
            day = dt.date(2022, month, 5)
            conn.execute(text("INSERT INTO cell_meetings (id, org_id, meeting_date, recorded_at) VALUES (:i, 1, :d, :now)"),
                         {"i": meeting, "d": day, "now": now})
            for member in absent:
                conn.execute(text("INSERT INTO meeting_absences VALUES (:i, :m, 1, :d, false)"),
                             {"i": meeting, "m": member, "d": day})
    upgrade(bare_engine)
    rules = default_rules()
    with read_session(bare_engine) as s:
        assert kept_eligible(s, dt.date(2022, 5, 31), rules.removal_warning)
        [w] = removal_warnings(s, 1, dt.date(2022, 5, 31), rules)
        kept = s.execute(text("SELECT member_id, reason, months FROM warning_states")).all()
    assert (w.member_id, w.level.value, w.month_labels) == (1, "flag", ("2022-03", "2022-04", "2022-05"))
    assert [tuple(r) for r in kept] == [(1, "missed_meetings", "2022-05,2022-04,2022-03")]


def test_a_database_at_0011_upgraded_knows_the_first_year_with_data(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # The first date of each kind (models.figures.service.first_data_year reads it instead of
    # scanning the event log) is filled by migration 0015 from the events already there, and
    # kept by the trigger for those written after.
    from models.figures.service import first_data_year

    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0011") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(1980, 1, 1), "now": now})
        for mid in (1, 2):
            conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                              "VALUES (:id, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                         {"id": mid, "b": dt.date(1960, 4, 2), "now": now})
        event = text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                     "VALUES (:m, 1, :kind, :d, :yu, :now)")
        conn.execute(event, {"m": 1, "kind": "admission", "yu": False, "d": dt.date(1990, 3, 2), "now": now})
        conn.execute(event, {"m": 2, "kind": "admission", "yu": False, "d": dt.date(1988, 6, 1), "now": now})
        conn.execute(event, {"m": 1, "kind": "leave", "yu": None, "d": dt.date(2019, 5, 1), "now": now})
        conn.execute(event, {"m": 2, "kind": "leave", "yu": None, "d": dt.date(2018, 7, 9), "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        first = dict(s.execute(text("SELECT kind, first_date FROM member_event_latest")).all())
        assert first_data_year(s) == 2018
    assert {k: str(d) for k, d in first.items()} == {"admission": "1988-06-01", "leave": "2018-07-09"}
    with write_engine(bare_engine).begin() as conn:
        # A later event with an earlier date moves the first date back (the trigger).
        conn.execute(event, {"m": 2, "kind": "leave", "yu": None, "d": dt.date(2011, 1, 3), "now": now})
    with read_session(bare_engine) as s:
        assert first_data_year(s) == 2011


def test_a_database_at_0015_upgraded_keeps_each_members_first_admission(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Migration 0016 fills member_states.first_joined from the admissions already there and
    # replaces the states' trigger so that later admissions keep it; the Party badges read the
    # readmitted members from it (the milestone of one readmitted after ten years as an official
    # member falls ten years before the thirtieth anniversary of the readmission).
    from models.figures.badges import badge_counts
    from models.figures.periods import parse_period

    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0015") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(1980, 1, 1), "now": now})
        for mid in (1, 2, 3):
            conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                              "VALUES (:id, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                         {"id": mid, "b": dt.date(1960, 4, 2), "now": now})
        event = text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                     "VALUES (:m, 1, :kind, :d, :yu, :now)")
        for m, kind, day in ((1, "admission", dt.date(1985, 1, 10)), (1, "recognition", dt.date(1986, 1, 10)),
                             (1, "leave", dt.date(1995, 1, 10)), (1, "admission", dt.date(2005, 3, 1)),
                             (1, "recognition", dt.date(2006, 3, 1)), (2, "admission", dt.date(1990, 6, 1)),
                             (3, "admission", dt.date(1991, 2, 1))):
            conn.execute(event, {"m": m, "kind": kind, "d": day, "now": now,
                                 "yu": False if kind == "admission" else None})
    upgrade(bare_engine)
    readmitted = "SELECT member_id FROM member_states WHERE first_joined < joined"
    with read_session(bare_engine) as s:
        first = {m: str(d) for m, d in s.execute(text("SELECT member_id, first_joined FROM member_states")).all()}
        assert [m for (m,) in s.execute(text(readmitted))] == [1]
        # Through the candidates (the path of an area larger than office.SMALL_AREA).
        badges = badge_counts(s, {1: {1}}, parse_period("2025-Q1"))[1]
    assert first == {1: "1985-01-10", 2: "1990-06-01", 3: "1991-02-01"}
    # 30 years from 2005-03-01, less the ten years (in days) of 1985-1995: 2025-02-28.
    assert {k: v for k, v in badges.items() if v} == {"30": 1}
    with write_engine(bare_engine).begin() as conn:
        conn.execute(event, {"m": 3, "kind": "leave", "yu": None, "d": dt.date(2001, 1, 1), "now": now})
        conn.execute(event, {"m": 3, "kind": "admission", "yu": False, "d": dt.date(2010, 5, 5), "now": now})
    with read_session(bare_engine) as s:
        assert sorted(m for (m,) in s.execute(text(readmitted))) == [1, 3]


def test_a_database_at_0015_upgraded_keeps_its_states_and_counts_a_probation_begun_elsewhere(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Migration 0017: old rows keep their kept state (nothing rebuilt, the new columns are
    # empty); the trigger it installs reads a transfer in's probation_since as the member's
    # probation start, and agrees with a rebuild by today's code.
    from models import states

    now = dt.datetime(2026, 1, 1, 8, 0)
    with at_revision(bare_engine, "0015") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(2000, 1, 1), "now": now})
        for mid in (1, 2):
            conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                              "VALUES (:id, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                         {"id": mid, "b": dt.date(1995, 4, 2), "now": now})
        conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                          "VALUES (1, 1, 'admission', :d, true, :now)"), {"d": dt.date(2025, 5, 19), "now": now})
        conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, transfer_scope, counterpart_text,"
                          " recorded_at) VALUES (2, 1, 'transfer_in', :d, 'permanent', 'Quận 3', :now)"),
                     {"d": dt.date(2025, 6, 1), "now": now})
    upgrade(bare_engine)
    with write_engine(bare_engine).begin() as conn:
        conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                          "VALUES (3, 'Lâm Thị Thu', 'y', 'female', :b, 'Kinh', :now)"), {"b": dt.date(1998, 4, 2), "now": now})
        conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, transfer_scope, counterpart_text,"
                          " probation_since, admission_decision, recorded_at)"
                          " VALUES (3, 1, 'transfer_in', :d, 'permanent', 'Quận 3', :since, '125-QĐ/QU', :now)"),
                     {"d": dt.date(2026, 3, 1), "since": dt.date(2025, 9, 2), "now": now})
    with read_session(bare_engine) as s:
        joined = {m: (str(j) if j else None) for m, j in s.execute(text("SELECT member_id, joined FROM member_states"))}
        kept = states.snapshot(s)
    assert joined == {1: "2025-05-19", 2: None, 3: "2025-09-02"}
    with write_engine(bare_engine).begin() as conn:
        from sqlalchemy.orm import Session

        with Session(bind=conn) as session:
            states.rebuild(session)
    with read_session(bare_engine) as s:
        assert states.snapshot(s) == kept


def test_a_database_at_0015_upgraded_has_the_makeup_fields_not_recorded(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Members recorded before 0018 are "not recorded yet" (NULL), never given a default; the
    # new columns refuse values outside their lists, and residential areas can be recorded.
    import pytest
    from sqlalchemy.exc import IntegrityError

    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0015") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'XA', 'Đảng bộ xã Thạnh An', 'commune_committee', 'commune', :d, :now),"
                          " (2, 'DN', 'Chi bộ Công ty A', 'grassroots_cell', 'enterprise', :d, :now)"),
                     {"d": dt.date(2000, 1, 1), "now": now})
        conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, created_at) "
                          "VALUES (1, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :now)"),
                     {"b": dt.date(1995, 4, 2), "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        row = s.execute(text("SELECT religion, education_level, professional_level, theory_level FROM members")).one()
        assert tuple(row) == (None, None, None, None)
        assert s.execute(text("SELECT ownership FROM organisations WHERE id = 2")).scalar_one() is None
    with write_engine(bare_engine).begin() as conn:
        conn.execute(text("UPDATE members SET religion = 'buddhism', theory_level = 'advanced' WHERE id = 1"))
        conn.execute(text("UPDATE organisations SET ownership = 'private' WHERE id = 2"))
        conn.execute(text("INSERT INTO residential_areas (commune_id, name, kind, cell_id, valid_from, recorded_at)"
                          " VALUES (1, 'Ấp Thiềng Liềng', 'hamlet', NULL, :d, :now)"), {"d": dt.date(2000, 1, 1), "now": now})
    for bad in ("UPDATE members SET religion = 'Phật giáo' WHERE id = 1",
                "UPDATE organisations SET ownership = 'cooperative' WHERE id = 2",
                "INSERT INTO residential_areas (commune_id, name, kind, valid_from, recorded_at)"
                " VALUES (1, 'Thôn 1', 'village', '2000-01-01', '2021-01-01 08:00:00')"):
        with pytest.raises(IntegrityError), write_engine(bare_engine).begin() as conn:
            conn.execute(text(bad))
    with read_session(bare_engine) as s:
        assert s.execute(text("SELECT religion, theory_level FROM members")).one() == ("buddhism", "advanced")
        assert s.execute(text("SELECT name, cell_id FROM residential_areas")).one() == ("Ấp Thiềng Liềng", None)


def test_a_database_at_0015_upgraded_keeps_its_card_numbers_with_no_day(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Card numbers recorded on the member before migration 0019 are cards whose day is not
    # known: held (not awaiting), never counted as issued in a period.
    from models.figures.cards import card_counts
    from models.figures.data import Period
    from models.figures.periods import DayPeriod

    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0015") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, created_at) VALUES "
                          "(1, 'CB1', 'Chi bộ Ấp 1', 'grassroots_cell', 'hamlet', :d, :now)"),
                     {"d": dt.date(1980, 1, 1), "now": now})
        for mid, card in ((1, "79000001"), (2, None)):
            conn.execute(text("INSERT INTO members (id, full_name, sort_key, sex, birth_date, ethnicity, card_no, created_at) "
                              "VALUES (:id, 'Lê Thị Hoa', 'x', 'female', :b, 'Kinh', :card, :now)"),
                         {"id": mid, "b": dt.date(1960, 4, 2), "card": card, "now": now})
            for kind, day in (("admission", dt.date(1990, 3, 2)), ("recognition", dt.date(1991, 3, 2))):
                conn.execute(text("INSERT INTO member_events (member_id, org_id, kind, event_date, youth_union, recorded_at) "
                                  "VALUES (:m, 1, :kind, :d, :yu, :now)"),
                             {"m": mid, "kind": kind, "d": day, "yu": False if kind == "admission" else None, "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        kept = s.execute(text("SELECT member_id, card_no, issued_on, org_id FROM party_cards")).all()
        counts = card_counts(s, {1: {1}}, DayPeriod.of_years(Period(2020, 2020)))
    assert [tuple(r) for r in kept] == [(1, "79000001", None, None)]
    assert counts == {1: {"issued": 0, "awaiting": 1, "longest_wait_days": (dt.date(2020, 12, 31) - dt.date(1991, 3, 2)).days}}


def test_a_database_at_0015_upgraded_carries_every_name_from_the_organisations_start(bare_engine) -> None:  # type: ignore[no-untyped-def]
    # Migration 0020: each organisation's one name becomes its first name interval, valid from
    # its start with no end; the founding days stay what they claimed (known).
    from models.org_names import name_history, names_on

    now = dt.datetime(2021, 1, 1, 8, 0)
    with at_revision(bare_engine, "0015") as conn:
        conn.execute(text("INSERT INTO organisations (id, code, name, kind, sector, valid_from, valid_to, created_at) VALUES "
                          "(1, 'X', 'Đảng bộ xã Lý Nhơn', 'grassroots_committee', 'commune', :d, :end, :now), "
                          "(2, 'A1', 'Chi bộ Ấp 1, xã Lý Nhơn', 'subordinate_cell', 'hamlet', :d2, NULL, :now)"),
                     {"d": dt.date(1980, 1, 1), "d2": dt.date(1990, 5, 1), "end": dt.date(2025, 7, 1), "now": now})
    upgrade(bare_engine)
    with read_session(bare_engine) as s:
        history = {k: [(n.name, n.valid_from, n.valid_to) for n in v] for k, v in name_history(s).items()}
        known = dict(s.execute(text("SELECT id, valid_from_known FROM organisations")).all())
        assert names_on(s, [1, 2], dt.date(2000, 1, 1)) == {}  # nobody renamed: the latest names
    assert history == {1: [("Đảng bộ xã Lý Nhơn", dt.date(1980, 1, 1), None)],
                       2: [("Chi bộ Ấp 1, xã Lý Nhơn", dt.date(1990, 5, 1), None)]}
    assert {k: bool(v) for k, v in known.items()} == {1: True, 2: True}
