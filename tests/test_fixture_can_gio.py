"""The Cần Giờ fixture, checked with plain SQL against DOMAIN.md: the acceptance figures of
2020–2022, the size of the district, the reorganisation of 2025, the Party rules every member's
history must obey, balanced books, and the problem cells it is meant to show.

The fixture is loaded once per backend for the module (SQLite file, PostgreSQL schema); the
tests that load it again use the shared ``engine`` fixture.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from conftest import PG_URL_ENV, _backends, pg_engine
from fixtures import can_gio
from models.db import make_engine
from models.migrate import upgrade
from models.rules import add_months, age_in_months, default_rules

TODAY = dt.date(2026, 11, 28)
ROLL_IN = ("admission", "transfer_in")
ROLL_OUT = ("transfer_out", "removal", "leave", "expulsion", "death")
EXITS = ("removal", "leave", "expulsion", "death")


@pytest.fixture(scope="module", params=_backends())
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The fixture as of 2026-11-28, loaded once per backend for this module."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path_factory.mktemp('cangio') / 'giaoban.sqlite'}")
        upgrade(eng)
        can_gio.load(eng, TODAY)
        yield eng
        eng.dispose()
        return
    url = os.environ[PG_URL_ENV]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    eng = pg_engine(url, schema)
    try:
        upgrade(eng)
        can_gio.load(eng, TODAY)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def _params(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    # SQLite stores dates as ISO text; give it text rather than rely on sqlite3's
    # deprecated default date adapter.
    if engine.dialect.name != "sqlite":
        return params
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}


def rows(engine: Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), _params(engine, params)))


def scalar(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), _params(engine, params)).scalar()


@pytest.fixture
def same_backend(request: pytest.FixtureRequest) -> None:
    """Skip, before a second database is built, the pairs of backends that are not the same."""
    params = request.node.callspec.params
    if params.get("seeded") != params.get("engine"):
        pytest.skip("compared on the same backend")


def org_id(engine: Engine, code: str) -> int:
    return scalar(engine, "SELECT id FROM organisations WHERE code = :c", c=code)


def subtree(engine: Engine, code: str, day: dt.date) -> list[int]:
    """``code`` and everything under it on ``day``, by a recursive query over the edges."""
    sql = """
        WITH RECURSIVE sub(id) AS (
            SELECT id FROM organisations WHERE code = :code
            UNION
            SELECT e.child_id FROM org_edges e JOIN sub ON e.parent_id = sub.id
            WHERE e.valid_from <= :day AND (e.valid_to IS NULL OR e.valid_to > :day)
        )
        SELECT id FROM sub
    """
    return [r[0] for r in rows(engine, sql, code=code, day=day)]


def in_list(ids: list[int]) -> str:
    return "(" + ",".join(str(int(i)) for i in ids) + ")"


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# --- the acceptance figures ------------------------------------------------------------------
def test_district_admissions_2020_2022_match_the_briefing(seeded: Engine) -> None:
    district = subtree(seeded, "CG", dt.date(2022, 12, 31))
    figures = rows(
        seeded,
        f"""
        SELECT COUNT(*),
               SUM(CASE WHEN m.sex = 'female' THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.youth_union THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.recommended_by IS NOT NULL THEN 1 ELSE 0 END),
               SUM(CASE WHEN e.occasion IS NOT NULL THEN 1 ELSE 0 END)
        FROM member_events e JOIN members m ON m.id = e.member_id
        WHERE e.kind = 'admission' AND e.event_date BETWEEN :a AND :b AND e.org_id IN {in_list(district)}
        """,
        a=dt.date(2020, 1, 1),
        b=dt.date(2022, 12, 31),
    )[0]
    assert tuple(figures) == (237, 121, 156, 124, 135)
    target = scalar(
        seeded,
        f"SELECT SUM(target) FROM admission_targets WHERE year BETWEEN 2020 AND 2022 AND org_id IN {in_list(district)}",
    )
    own = scalar(seeded, "SELECT COUNT(*) FROM admission_targets WHERE org_id = :d", d=org_id(seeded, "CG"))
    assert (target, own) == (220, 0)


def test_occasion_ceremonies_fall_on_their_day(seeded: Engine) -> None:
    rules = default_rules().admission
    found = rows(seeded, "SELECT event_date, occasion FROM member_events WHERE kind = 'admission' AND occasion IS NOT NULL")
    assert len(found) > 135
    for day, occasion in found:
        on = rules.occasion_on(as_date(day))
        assert on is not None and on.name == occasion, (day, occasion)


def test_some_grassroots_organisations_miss_their_target_every_year(seeded: Engine) -> None:
    for year in range(2020, 2027):
        missed = rows(
            seeded,
            """
            SELECT t.org_id FROM admission_targets t
            WHERE t.year = :y AND t.target > (
                SELECT COUNT(*) FROM member_events e
                WHERE e.kind = 'admission' AND e.event_date BETWEEN :a AND :b AND e.org_id IN (
                    SELECT ed.child_id FROM org_edges ed WHERE ed.parent_id = t.org_id
                    UNION SELECT t.org_id
                )
            )
            """,
            y=year,
            a=dt.date(year, 1, 1),
            b=dt.date(year, 12, 31),
        )
        assert len(missed) >= 2, year


# --- size ----------------------------------------------------------------------------------
def test_district_has_about_fifty_organisations_170_cells_and_3000_members(seeded: Engine) -> None:
    start = dt.date(2020, 1, 1)
    district = subtree(seeded, "CG", start)
    kinds = Counter(
        r[0] for r in rows(seeded, f"SELECT kind FROM organisations WHERE id IN {in_list(district)}")
    )
    assert 45 <= kinds["grassroots_committee"] + kinds["grassroots_cell"] <= 55
    assert 150 <= kinds["grassroots_cell"] + kinds["subordinate_cell"] <= 190
    on_rolls = members_on_rolls(seeded, start)
    assert 2700 <= sum(on_rolls.values()) <= 3400


def members_on_rolls(engine: Engine, day: dt.date) -> Counter[int]:
    """Members per organisation at the start of ``day``: the latest roll event before it."""
    found = rows(
        engine,
        """
        SELECT org_id, kind FROM (
            SELECT org_id, kind, ROW_NUMBER() OVER (
                PARTITION BY member_id ORDER BY event_date DESC, id DESC) AS rn
            FROM member_events
            WHERE event_date < :day AND (kind IN ('admission', 'removal', 'leave', 'expulsion', 'death')
                OR (kind IN ('transfer_in', 'transfer_out') AND transfer_scope = 'permanent'))
        ) latest WHERE rn = 1
        """,
        day=day,
    )
    return Counter(org for org, kind in found if kind in ROLL_IN)


# --- books -----------------------------------------------------------------------------------
def test_books_balance_for_every_organisation_and_year(seeded: Engine) -> None:
    flows = defaultdict(Counter)
    for org, kind, year, n in rows(
        seeded,
        """
        SELECT org_id, kind, EXTRACT(YEAR FROM event_date) AS y, COUNT(*) FROM member_events
        WHERE (transfer_scope IS NULL OR transfer_scope = 'permanent')
        GROUP BY org_id, kind, EXTRACT(YEAR FROM event_date)
        """
        if seeded.dialect.name == "postgresql"
        else """
        SELECT org_id, kind, CAST(strftime('%Y', event_date) AS INTEGER) AS y, COUNT(*) FROM member_events
        WHERE (transfer_scope IS NULL OR transfer_scope = 'permanent')
        GROUP BY org_id, kind, strftime('%Y', event_date)
        """,
    ):
        flows[(org, int(year))][kind] = n
    all_orgs = [r[0] for r in rows(seeded, "SELECT id FROM organisations")]
    checked = 0
    for year in range(2020, 2027):
        start = members_on_rolls(seeded, dt.date(year, 1, 1))
        end = members_on_rolls(seeded, dt.date(year + 1, 1, 1)) if year < 2026 else members_on_rolls(seeded, TODAY + dt.timedelta(days=1))
        for org in all_orgs:
            f = flows[(org, year)]
            moved_in = start[org] + f["admission"] + f["transfer_in"]
            moved_out = sum(f[k] for k in ROLL_OUT)
            assert moved_in - moved_out == end[org], (org, year, start[org], dict(f), end[org])
            checked += 1
    assert checked > 1000
    # And the district as a whole, in 2020.
    district = subtree(seeded, "CG", dt.date(2020, 12, 31))
    start = members_on_rolls(seeded, dt.date(2020, 1, 1))
    assert sum(start[o] for o in district) > 2500


# --- rules every history obeys ----------------------------------------------------------------
def member_histories(engine: Engine) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = defaultdict(list)
    for r in rows(
        engine,
        "SELECT member_id, kind, event_date, org_id, counterpart_org_id, transfer_scope, removal_ground, id "
        "FROM member_events ORDER BY member_id, event_date, id",
    ):
        out[r[0]].append(r)
    return out


def test_every_history_follows_the_party_rules(seeded: Engine) -> None:
    rules = default_rules()
    births = {r[0]: as_date(r[1]) for r in rows(seeded, "SELECT id, birth_date FROM members")}
    validity = {
        r[0]: (as_date(r[1]), as_date(r[2]) if r[2] else None, r[3])
        for r in rows(seeded, "SELECT id, valid_from, valid_to, successor_id FROM organisations")
    }
    grounds = {"abandoned_activities", "card_returned", "no_progress", "failed_standards", "political_standard", "probation_failed"}
    admissions = recognised = 0
    for member, history in member_histories(seeded).items():
        on = None  # the organisation whose rolls hold the member
        admitted_on = None
        exited = False
        for _, kind, day, org, counterpart, scope, ground, _id in history:
            day = as_date(day)
            assert not exited, (member, kind, day, "event after exit")
            start, end, successor = validity[org]
            # A merged cell hands its members to its successor on the day it ends.
            handover = kind == "transfer_out" and day == end and counterpart == successor is not None
            assert start <= day and (end is None or day < end or handover), (member, kind, day, org, "organisation not in being")
            if kind == "admission":
                assert on is None
                months = age_in_months(births[member], day)
                assert rules.admission.min_age_years * 12 <= months < rules.admission.max_age_years * 12, (member, day)
                on, admitted_on = org, day
                admissions += 1
            elif kind == "transfer_in" and scope == "temporary":
                # A temporary stay at a host: the member stays on their own cell's rolls.
                assert on is not None and on != org and admitted_on != day, (member, day)
            elif kind == "transfer_out" and scope == "temporary":
                assert on == org, (member, day)
            elif kind == "transfer_in":
                assert on is None and scope == "permanent"
                on = org
            elif kind == "transfer_out":
                assert on == org and scope == "permanent"
                on = None
                if counterpart is None:
                    exited = True  # left the database's world
            elif kind in EXITS:
                assert on == org
                if kind == "removal":
                    assert ground in grounds
                exited = True
            else:
                assert on == org, (member, kind, day)
                if kind == "recognition":
                    assert admitted_on is not None and day == add_months(admitted_on, rules.probation.months)
                    recognised += 1
        assert on is not None or exited, (member, "off the rolls without an exit")
    assert admissions > 3000 and recognised > 3000


def test_transfers_within_the_database_come_in_pairs(seeded: Engine) -> None:
    outs = rows(
        seeded,
        "SELECT member_id, event_date, org_id, counterpart_org_id FROM member_events "
        "WHERE kind = 'transfer_out' AND counterpart_org_id IS NOT NULL",
    )
    ins = {
        (r[0], as_date(r[1]), r[2], r[3])
        for r in rows(seeded, "SELECT member_id, event_date, org_id, counterpart_org_id FROM member_events WHERE kind = 'transfer_in'")
    }
    assert len(outs) > 100
    for member, day, src, dst in outs:
        assert (member, as_date(day), dst, src) in ins


def test_candidates_go_through_the_stages_in_order(seeded: Engine) -> None:
    order = ["identified", "class_attended", "dossier", "cell_resolution", "committee_decision", "admitted"]
    stages: dict[int, list[Any]] = defaultdict(list)
    for cid, stage, day, expiry in rows(
        seeded, "SELECT candidate_id, stage, event_date, certificate_expiry FROM candidate_events ORDER BY candidate_id, event_date, id"
    ):
        stages[cid].append((stage, as_date(day), as_date(expiry) if expiry else None))
    seen = Counter()
    for cid, history in stages.items():
        names = [s for s, _, _ in history]
        main = [s for s in names if s != "dropped"]
        assert main == order[: len(main)], (cid, names)
        for stage, day, expiry in history:
            seen[stage] += 1
            if stage == "class_attended":
                assert expiry == add_months(day, 60)
    assert all(seen[s] > 20 for s in order)
    admitted = rows(
        seeded,
        """
        SELECT ce.event_date, me.event_date FROM candidates c
        JOIN candidate_events ce ON ce.candidate_id = c.id AND ce.stage = 'admitted'
        JOIN member_events me ON me.member_id = c.member_id AND me.kind = 'admission'
        """,
    )
    assert len(admitted) > 500 and all(as_date(a) == as_date(b) for a, b in admitted)
    # Every candidate was picked by a cell that existed then.
    outside = rows(
        seeded,
        """
        SELECT c.id FROM candidates c JOIN organisations o ON o.id = c.org_id
        JOIN candidate_events e ON e.candidate_id = c.id AND e.stage = 'identified'
        WHERE e.event_date < o.valid_from OR (o.valid_to IS NOT NULL AND e.event_date >= o.valid_to)
        """,
    )
    assert outside == []


# --- the reorganisation of 1 July 2025 -------------------------------------------------------
def test_four_new_communes_replace_the_district(seeded: Engine) -> None:
    reorg = dt.date(2025, 7, 1)
    city = org_id(seeded, "HCM")
    new = rows(
        seeded,
        """
        SELECT o.code FROM organisations o JOIN org_edges e ON e.child_id = o.id
        WHERE o.kind = 'commune_committee' AND e.parent_id = :city AND e.valid_from = :d AND o.valid_to IS NULL
        """,
        city=city,
        d=reorg,
    )
    assert sorted(r[0] for r in new) == ["XATD", "XBK", "XCG", "XTA"]
    district = rows(seeded, "SELECT valid_to FROM organisations WHERE code = 'CG'")[0]
    assert as_date(district[0]) == reorg
    successors = dict(
        rows(
            seeded,
            "SELECT o.code, s.code FROM organisations o JOIN organisations s ON s.id = o.successor_id "
            "WHERE o.kind = 'grassroots_committee'",
        )
    )
    assert successors["CG.LH"] == successors["CG.CT"] == "XCG"
    assert successors["CG.ATD"] == successors["CG.LN"] == "XATD"
    assert successors["CG.BK"] == successors["CG.TTH"] == "XBK"
    assert successors["CG.TA"] == "XTA"
    # Hamlet cells moved whole: Long Hòa's are under Cần Giờ today, under Long Hòa in 2022.
    lh_cells = set(subtree(seeded, "CG.LH", dt.date(2022, 6, 30))) - {org_id(seeded, "CG.LH")}
    assert lh_cells <= set(subtree(seeded, "XCG", TODAY)) | {
        r[0] for r in rows(seeded, "SELECT id FROM organisations WHERE successor_id IS NOT NULL")
    }
    assert not set(subtree(seeded, "CG", TODAY)) - {org_id(seeded, "CG")}


def test_merged_police_cells_hand_their_members_over(seeded: Engine) -> None:
    old = org_id(seeded, "CG.LH.CA")
    new = org_id(seeded, "XCG.CA")
    assert scalar(seeded, "SELECT successor_id FROM organisations WHERE id = :o", o=old) == new
    moved = scalar(
        seeded,
        "SELECT COUNT(*) FROM member_events WHERE kind = 'transfer_out' AND org_id = :o AND counterpart_org_id = :n AND event_date = :d",
        o=old,
        n=new,
        d=dt.date(2025, 7, 1),
    )
    assert moved >= 5
    assert members_on_rolls(seeded, dt.date(2025, 7, 2))[old] == 0


# --- the problem cells the fixture is meant to show ------------------------------------------
def test_removals_and_leaves_fall_from_2020_to_2022_and_never_stop(seeded: Engine) -> None:
    per_year = []
    for year in range(2020, 2027):
        n = scalar(
            seeded,
            "SELECT COUNT(*) FROM member_events WHERE kind IN ('removal', 'leave') AND event_date BETWEEN :a AND :b",
            a=dt.date(year, 1, 1),
            b=dt.date(year, 12, 31),
        )
        per_year.append(n)
    assert per_year[0] > per_year[1] > per_year[2] > 0
    assert all(n > 0 for n in per_year)
    removals = Counter(r[0] for r in rows(seeded, "SELECT removal_ground FROM member_events WHERE kind = 'removal'"))
    assert removals.most_common(1)[0][0] == "abandoned_activities"


def test_recognition_overdue_members_exist_today(seeded: Engine) -> None:
    from models.workdays import working_days_between

    allowed = default_rules().on(TODAY).probation.recognition_working_days
    overdue = [
        (m, as_date(day))
        for m, day in rows(
            seeded,
            """
            SELECT a.member_id, a.event_date FROM member_events a
            WHERE a.kind = 'admission' AND NOT EXISTS (
                SELECT 1 FROM member_events b WHERE b.member_id = a.member_id
                AND b.kind IN ('recognition', 'removal', 'leave', 'expulsion', 'death', 'transfer_out'))
            """,
        )
        if working_days_between(add_months(as_date(day), 12), TODAY) > allowed
    ]
    assert sorted(d for _, d in overdue) == [dt.date(2025, 8, 19), dt.date(2025, 9, 2)]


def test_a_member_far_away_has_not_reported_for_over_six_months(seeded: Engine) -> None:
    silent = rows(
        seeded,
        """
        SELECT s.member_id, MAX(c.event_date) FROM member_events s
        JOIN organisations o ON o.id = s.org_id AND o.code = 'CG.TA.TL'
        LEFT JOIN member_events c ON c.member_id = s.member_id AND c.kind = 'far_away_contact'
        WHERE s.kind = 'far_away_start' AND s.event_date = :d
        GROUP BY s.member_id
        """,
        d=dt.date(2025, 10, 6),
    )
    assert len(silent) == 1 and as_date(silent[0][1]) == dt.date(2026, 3, 10)


def test_a_cell_has_fewer_than_three_official_members(seeded: Engine) -> None:
    cell = org_id(seeded, "CG.DNVT1")
    on = members_on_rolls(seeded, TODAY + dt.timedelta(days=1))[cell]
    probationary = scalar(
        seeded,
        """
        SELECT COUNT(*) FROM member_events a WHERE a.org_id = :c AND a.kind = 'admission' AND a.event_date > :y
        AND NOT EXISTS (SELECT 1 FROM member_events r WHERE r.member_id = a.member_id AND r.kind = 'recognition')
        """,
        c=cell,
        y=add_months(TODAY, -12),
    )
    assert (on, probationary) == (4, 2)


def test_an_organisation_with_a_target_admitted_nobody(seeded: Engine) -> None:
    org = org_id(seeded, "CG.TTVH")
    for year in (2021, 2026):
        assert scalar(seeded, "SELECT target FROM admission_targets WHERE org_id = :o AND year = :y", o=org, y=year) >= 1
        assert scalar(
            seeded,
            "SELECT COUNT(*) FROM member_events WHERE org_id = :o AND kind = 'admission' AND event_date BETWEEN :a AND :b",
            o=org,
            a=dt.date(year, 1, 1),
            b=dt.date(year, 12, 31),
        ) == 0


def test_ly_nhon_misses_its_target_each_year_2020_2022(seeded: Engine) -> None:
    ln = org_id(seeded, "CG.LN")
    cells = subtree(seeded, "CG.LN", dt.date(2021, 6, 30))
    for year in (2020, 2021, 2022):
        target = scalar(seeded, "SELECT target FROM admission_targets WHERE org_id = :o AND year = :y", o=ln, y=year)
        admitted = scalar(
            seeded,
            f"SELECT COUNT(*) FROM member_events WHERE kind = 'admission' AND org_id IN {in_list(cells)} "
            "AND event_date BETWEEN :a AND :b",
            a=dt.date(year, 1, 1),
            b=dt.date(year, 12, 31),
        )
        assert admitted < target


def test_new_an_thoi_dong_is_behind_its_2026_target(seeded: Engine) -> None:
    commune = subtree(seeded, "XATD", TODAY)
    target = scalar(seeded, "SELECT target FROM admission_targets WHERE org_id = :o AND year = 2026", o=org_id(seeded, "XATD"))
    admitted = scalar(
        seeded,
        f"SELECT COUNT(*) FROM member_events WHERE kind = 'admission' AND org_id IN {in_list(commune)} AND event_date >= :a",
        a=dt.date(2026, 1, 1),
    )
    elapsed = (TODAY - dt.date(2026, 1, 1)).days / 365
    assert target > 0 and admitted < target * elapsed


def test_regulation_213_comments_go_missing_in_an_thoi_dong_hamlets(seeded: Engine) -> None:
    def missing(year: int, where: str) -> tuple[int, int]:
        found = rows(
            seeded,
            f"""
            SELECT COUNT(*), SUM(CASE WHEN NOT EXISTS (
                SELECT 1 FROM residence_events b WHERE b.link_id = q.link_id AND b.kind = 'comment_returned' AND b.year = q.year)
                THEN 1 ELSE 0 END)
            FROM residence_events q JOIN residence_links l ON l.id = q.link_id
            JOIN organisations o ON o.id = l.residence_org_id
            WHERE q.kind = 'comment_requested' AND q.year = :y AND {where}
            """,
            y=year,
        )[0]
        return int(found[0]), int(found[1] or 0)

    for year in (2022, 2026):
        requested, not_returned = missing(year, "o.code LIKE 'CG.ATD.%'")
        assert requested > 5 and not_returned / requested > 0.25
        requested, not_returned = missing(year, "o.code NOT LIKE 'CG.ATD.%'")
        assert requested > 100 and not_returned / requested < 0.15


def test_the_health_centre_pipeline_cannot_meet_its_2026_target(seeded: Engine) -> None:
    centre = subtree(seeded, "CG.TTYT", TODAY)
    target = scalar(seeded, "SELECT target FROM admission_targets WHERE org_id = :o AND year = 2026", o=org_id(seeded, "CG.TTYT"))
    admitted = scalar(
        seeded,
        f"SELECT COUNT(*) FROM member_events WHERE kind = 'admission' AND org_id IN {in_list(centre)} AND event_date >= :a",
        a=dt.date(2026, 1, 1),
    )
    valid = scalar(
        seeded,
        f"""
        SELECT COUNT(*) FROM candidates c JOIN candidate_events e ON e.candidate_id = c.id AND e.stage = 'class_attended'
        WHERE c.org_id IN {in_list(centre)} AND c.member_id IS NULL AND e.certificate_expiry > :today
        """,
        today=TODAY,
    )
    assert valid < target - admitted


# --- determinism and the cut at ``until`` ----------------------------------------------------
EVENT_COLUMNS = (
    "id, member_id, org_id, kind, event_date, decision_no, decided_by, occasion, youth_union, recommended_by, "
    "removal_ground, transfer_scope, counterpart_org_id, counterpart_text, ends_on, note, recorded_at"
)


def test_two_loads_with_the_same_until_are_identical(same_backend: None, seeded: Engine, engine: Engine) -> None:
    can_gio.load(engine, TODAY)
    for table, columns in (
        ("member_events", EVENT_COLUMNS),
        ("candidate_events", "id, candidate_id, stage, event_date, certificate_expiry"),
        ("residence_events", "id, link_id, kind, event_date, year"),
        ("members", "id, full_name, sex, birth_date, card_no"),
    ):
        sql = f"SELECT {columns} FROM {table} ORDER BY id"
        assert rows(engine, sql) == rows(seeded, sql), table


def test_an_earlier_until_gives_the_same_past(same_backend: None, seeded: Engine, engine: Engine) -> None:
    """Loading up to the briefing day gives exactly the events of the full load up to that day."""
    briefing = dt.date(2023, 3, 31)
    can_gio.load(engine, briefing)
    sql = f"SELECT {EVENT_COLUMNS} FROM member_events WHERE event_date <= :d ORDER BY id"
    assert rows(engine, sql, d=TODAY) == rows(seeded, sql, d=briefing)
    # Before the reorganisation, the district and its communes simply exist.
    assert scalar(engine, "SELECT valid_to FROM organisations WHERE code = 'CG'") is None
    assert scalar(engine, "SELECT COUNT(*) FROM organisations WHERE kind = 'commune_committee'") == 0


# --- the command -----------------------------------------------------------------------------
def cli_url(engine: Engine, request: pytest.FixtureRequest) -> str:
    if engine.dialect.name == "sqlite":
        return str(engine.url)
    url, schema = request.getfixturevalue("pg_schema_url")
    return f"{url}?options=-csearch_path%3D{schema}"


def test_seed_command_loads_then_refuses_a_non_empty_database(engine: Engine, request: pytest.FixtureRequest, login_as) -> None:
    from tui.cli import main

    url = cli_url(engine, request)
    runner = CliRunner()
    first = runner.invoke(main, ["--db", url, "--lang", "en", "seed", "can-gio", "--until", "2022-12-31"])
    assert first.exit_code == 0, first.output
    assert "237 admitted against a target of 220" in first.output
    assert scalar(engine, "SELECT MAX(event_date) FROM member_events") is not None
    assert as_date(scalar(engine, "SELECT MAX(event_date) FROM member_events")) <= dt.date(2022, 12, 31)

    # Once the database has users, only an admin may seed it; the data set's admin is told
    # the database holds data already.
    login_as("admin")
    again = runner.invoke(main, ["--db", url, "--lang", "en", "seed", "can-gio"])
    assert again.exit_code == 1
    assert "already holds data" in again.output
    quiet = runner.invoke(main, ["--db", url, "--lang", "en", "seed", "can-gio", "--if-empty"])
    assert quiet.exit_code == 0 and "not loaded" in quiet.output
    assert scalar(engine, "SELECT COUNT(*) FROM organisations WHERE code = 'HCM'") == 1


def test_people_have_realistic_vietnamese_names(seeded: Engine) -> None:
    from models.collation import name_sort_key

    people = rows(seeded, "SELECT full_name, sort_key, sex FROM members")
    families = Counter(name.split()[0] for name, _, _ in people)
    top, count = families.most_common(1)[0]
    assert top == "Nguyễn" and 0.3 < count / len(people) < 0.45
    assert {"Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan"} <= {f for f, _ in families.most_common(10)}
    assert all(len(name.split()) >= 3 and key == name_sort_key(name) for name, key, _ in people)
    # "Thị" is a woman's middle name, "Văn" a man's.
    assert all(sex == "female" for name, _, sex in people if name.split()[1] == "Thị")
    assert all(sex == "male" for name, _, sex in people if name.split()[1] == "Văn")


def test_users_cover_every_grassroots_organisation(seeded: Engine) -> None:
    users = {r[0]: r[1:] for r in rows(seeded, "SELECT login, role, scope_org_id, active FROM users")}
    assert users["admin"][0] == "admin" and users["admin"][1] is None
    city = org_id(seeded, "HCM")
    assert users["vanphong"][:2] == ("district_staff", city)
    assert users["khach"][:2] == ("viewer", city)
    assert users["bt.xcg"][0] == "cell_secretary" and bool(users["bt.xcg"][2])
    assert not bool(users["bt.cg.lh"][2])  # Long Hòa ended in 2025
    secretaries = [login for login in users if login.startswith("bt.")]
    assert len(secretaries) == 54


def test_generation_does_not_depend_on_the_hash_seed() -> None:
    """Two interpreters with different string hashing generate the same data set."""
    import subprocess
    import sys

    code = (
        "import datetime as dt, hashlib\n"
        "from fixtures import can_gio\n"
        "d = can_gio.generate(dt.date(2023, 3, 31))\n"
        "h = hashlib.sha256()\n"
        "for t in sorted(d.rows):\n"
        "    for r in d.rows[t]:\n"
        "        h.update(repr(sorted((k, str(v)) for k, v in r.items())).encode())\n"
        "print(h.hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed}, cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1 and len(digests.pop().strip()) == 64


def test_a_split_communes_2025_target_follows_its_hamlets(seeded: Engine) -> None:
    """An Thới Đông's seven hamlets went three to Bình Khánh and four to the new An Thới Đông
    (with Lý Nhơn): its 2025 target goes with them in that proportion, not wholly to one."""
    targets = dict(rows(seeded, """
        SELECT o.code, t.target FROM admission_targets t JOIN organisations o ON o.id = t.org_id
        WHERE t.year = 2025"""))
    atd = targets["CG.ATD"]
    to_bk = round(atd * 3 / 7)
    assert targets["XBK"] == targets["CG.BK"] + targets["CG.TTH"] + to_bk
    assert targets["XATD"] == targets["CG.LN"] + atd - to_bk
    old = sum(targets[f"CG.{k}"] for k in ("CT", "BK", "ATD", "TTH", "LN", "LH", "TA"))
    assert sum(targets[k] for k in ("XBK", "XATD", "XCG", "XTA")) == old


def test_an_ended_commune_points_to_where_its_hamlets_went(seeded: Engine) -> None:
    from models.errors import DomainError
    from models.figures.data import Period
    from models.report import default_tree_day
    from models.successors import successors
    from models.tree import get_org
    from models.uow import read_session

    with read_session(seeded) as s:
        atd = get_org(s, "CG.ATD")
        went = [o.code for o in successors(s, atd)]
        assert went == ["XATD", "XBK"]  # its successor, then the commune that took hamlets 1-3
        assert successors(s, get_org(s, "XBK")) == []
        with pytest.raises(DomainError) as refused:
            default_tree_day(atd, Period.year(2026), today=TODAY, successors=successors(s, atd))
    text = refused.value.message("vi")
    assert "01/07/2025" in text and "Đảng bộ xã An Thới Đông (XATD)" in text and "(XBK)" in text


def test_the_organisations_under_a_committee_come_grouped_by_sector(seeded: Engine) -> None:
    """The office lists the communes first, then the agencies and public-service units, the
    enterprises and the armed forces (issue 16), not the order of their codes; the overview
    and the report take their rows from this list."""
    from models.enums import SECTOR_GROUPS, Sector
    from models.tree import children_at, get_org
    from models.uow import read_session

    def group(sector: Sector | None) -> int:
        return next(i for i, g in enumerate(SECTOR_GROUPS) if sector in g)

    with read_session(seeded) as s:
        rows = children_at(s, get_org(s, "HCM").id, TODAY)
        old = children_at(s, get_org(s, "CG").id, dt.date(2022, 12, 31))
    codes = [o.code for o in rows]
    assert codes[:4] == ["XATD", "XBK", "XCG", "XTA"]
    groups = [group(o.sector) for o in rows]
    assert groups == sorted(groups) and set(groups) == {0, 1, 2, 3}
    # Before the reorganisation: the seven communes, then the agencies ... the armed forces
    # last (the border post's code, CG.BP, sorts among the agencies').
    assert [group(o.sector) for o in old][:7] == [0] * 7 and old[-1].sector in SECTOR_GROUPS[3]
    assert codes.index("CG.BP") > codes.index("CG.DL") > codes.index("CG.BV")


def test_a_probationary_member_came_from_outside_in_2026(seeded: Engine) -> None:
    """Issue 16: one member transferred in during a probation begun elsewhere; she is a
    probationary member of Thạnh An at the briefing's day, due for recognition in December,
    not overdue, and no admission of it."""
    from models.access import SYSTEM
    from models.figures.data import Period
    from models.figures.service import Part, briefing
    from models.membership import member_state
    from models.tree import get_org
    from models.uow import read_session

    [(mid, cell, since, decision)] = rows(
        seeded,
        "SELECT e.member_id, o.code, e.probation_since, e.admission_decision FROM member_events e"
        " JOIN organisations o ON o.id = e.org_id WHERE e.probation_since IS NOT NULL",
    )
    assert (cell, as_date(since), decision) == ("CG.TA.HT", dt.date(2025, 12, 22), "318-QĐ/QU, Quận ủy Quận 3")
    assert rows(seeded, f"SELECT kind FROM member_events WHERE member_id = {mid}") == [("transfer_in",)]
    with read_session(seeded) as s:
        state = member_state(s, mid, TODAY)
        assert (state.probationary, state.probation_end) == (True, dt.date(2026, 12, 22))
        xta = get_org(s, "XTA").id
        found = briefing(s, SYSTEM, xta, Period.year(2026), tree_day=TODAY, today=TODAY, parts=frozenset({Part.PROBLEMS}))
    assert not any(h.rule == "recognition_overdue" for p in found.problems or () for h in p.hits if p.org.code == "CG.TA.HT")


def test_hamlets_moved_into_another_commune_are_renamed_from_the_day_they_moved(seeded: Engine) -> None:
    # Names have validity (migration 0020): a hamlet cell of An Thới Đông moved into Bình Khánh
    # bears its new commune's name from 1 July 2025, its own before; one that stayed is unchanged.
    from models.org_names import names_on
    from models.tree import get_org
    from models.uow import read_session

    with read_session(seeded) as s:
        moved, stayed = get_org(s, "CG.ATD.A1"), get_org(s, "CG.ATD.A5")
        assert moved.name == "Chi bộ Ấp 1 (An Thới Đông), xã Bình Khánh"
        assert names_on(s, [moved.id, stayed.id], dt.date(2025, 6, 30)) == {moved.id: "Chi bộ Ấp 1, xã An Thới Đông"}
        assert names_on(s, [moved.id, stayed.id], dt.date(2025, 7, 1)) == {}
        assert stayed.name == "Chi bộ Ấp 5, xã An Thới Đông"
        assert get_org(s, "CG.TTH.A2").name == "Chi bộ Ấp 2 (Tam Thôn Hiệp), xã Bình Khánh"
        assert get_org(s, "CG.CT.KP3").name == "Chi bộ Khu phố 3 (Cần Thạnh), xã Cần Giờ"
        assert get_org(s, "CG.TA.TL").name == "Chi bộ ấp Thiềng Liềng, xã Thạnh An"


def test_founding_days_are_real_or_marked_unknown(seeded: Engine) -> None:
    days = {code: (str(start), bool(known)) for code, start, known in
            rows(seeded, "SELECT code, valid_from, valid_from_known FROM organisations")}
    assert days["CG"] == ("1976-01-01", False) and days["CG.BK.A1"] == ("1976-01-01", False)
    assert days["XBK"] == ("2025-07-01", True) and days["KV6.TAND"] == ("2025-07-01", True)
    assert all(not known for start, known in days.values() if start == "1976-01-01")


def test_the_district_court_and_procuracy_ended_with_their_regional_successors(seeded: Engine) -> None:
    from models.access import SYSTEM
    from models.figures.data import Period
    from models.figures.service import briefing
    from models.tree import get_org
    from models.uow import read_session

    with read_session(seeded) as s:
        for old, new in (("CG.TAND", "KV6.TAND"), ("CG.VKS", "KV6.VKS")):
            ended = get_org(s, old)
            assert ended.valid_to == dt.date(2025, 7, 1) and ended.successor_id == get_org(s, new).id
            # The dashboard's overview of the ended unit for 2026 names where its work went.
            ov = briefing(s, SYSTEM, ended.id, Period.year(2026), today=TODAY).overview
            assert ov is not None and ov.ended_before_period and [o.code for o in ov.successors] == [new]
        court = get_org(s, "KV6.TAND")
        assert court.name == "Chi bộ Tòa án nhân dân khu vực 6 - Thành phố Hồ Chí Minh"
        # Its members came by transfer on the day; its catchment holds the district court's past.
        members = briefing(s, SYSTEM, court.id, Period.year(2022), today=TODAY).overview
        district = briefing(s, SYSTEM, get_org(s, "CG.TAND").id, Period.year(2022), today=TODAY).overview
        assert members is not None and district is not None
        assert members.figures.members == district.figures.members > 0
    # No unit has a "huyện" name under the city with no end among these two.
    left = rows(seeded, "SELECT o.code FROM organisations o JOIN org_edges e ON e.child_id = o.id "
                         "WHERE e.parent_id = (SELECT id FROM organisations WHERE code = 'HCM') AND e.valid_to IS NULL "
                         "AND o.code IN ('CG.TAND', 'CG.VKS')")
    assert left == []
    transfers = rows(seeded, "SELECT count(*) FROM member_events e JOIN organisations o ON o.id = e.org_id "
                              "WHERE o.code = 'KV6.TAND' AND e.kind = 'transfer_in' AND e.event_date = '2025-07-01'")
    assert transfers[0][0] > 0
