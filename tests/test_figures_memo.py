"""A dashboard's figures memo (models.figures.memo) gives the screens exactly what a fresh read
gives, after writes of every kind, and reads again only the organisations a write changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from sqlalchemy import Engine, func, select

from fixtures.can_gio import load
from models.figures import kept as figures_rollup
from models.access import SYSTEM
from models.enums import CandidateStage, OrgKind, RemovalGround, ResidenceEventKind
from models.errors import DomainError
from tests.figures_api import overview
from models.figures.data import Period
from models.figures.memo import FiguresMemo
from tests.figures_api import find_problems
from models.rules import Rules, default_rules
from models.record import (
    admission,
    candidate_stage,
    create_org,
    far_away_start,
    leave,
    removal,
    residence_event,
    set_target,
    transfer,
)
from models.schema import CANDIDATE_STATES, ORG_CLOSURE, Member, Organisation, ResidenceLink
from models.tree import get_org
from models.uow import read_session, write_session

TODAY = dt.date(2026, 11, 28)
PERIOD = Period.year(2026)


def _with_children(engine: Engine) -> list[int]:
    with read_session(engine) as s:
        return sorted(set(s.scalars(select(ORG_CLOSURE.c.ancestor_id).where(ORG_CLOSURE.c.depth == 1))))


def _assert_memo_agrees(engine: Engine, memo: FiguresMemo, orgs: list[int], rules: Rules | None = None) -> None:
    rules = rules or default_rules()
    with read_session(engine) as s:
        assert figures_rollup.eligible(s, PERIOD, TODAY)
        for oid in orgs:
            assert overview(s, oid, PERIOD, TODAY, rules, memo=memo) == overview(s, oid, PERIOD, TODAY, rules), oid
            assert (find_problems(s, oid, PERIOD, TODAY, rules, memo=memo)
                    == find_problems(s, oid, PERIOD, TODAY, rules)), oid


def _write(engine: Engine, rng: random.Random) -> str:
    """One random write dated today, of a random kind; refused ones (a rule broken) write nothing."""
    with read_session(engine) as s:
        cells = list(s.scalars(select(Organisation.code).where(
            Organisation.kind == OrgKind.SUBORDINATE_CELL, Organisation.valid_to.is_(None)).order_by(Organisation.id)))
        on_rolls = list(s.scalars(select(Member.id).order_by(Member.id)))
        # Candidates still in the pipeline, with the stage after theirs (stages go in order).
        order = list(CandidateStage)
        candidates = [(cid, order[order.index(CandidateStage(stage)) + 1])
                      for cid, stage in s.execute(select(CANDIDATE_STATES.c.candidate_id, CANDIDATE_STATES.c.stage)
                                                  .order_by(CANDIDATE_STATES.c.candidate_id))
                      if stage not in (CandidateStage.ADMITTED, CandidateStage.DROPPED,
                                       CandidateStage.COMMITTEE_DECISION)]
        links = list(s.scalars(select(ResidenceLink.id).where(ResidenceLink.ended_on.is_(None)).order_by(ResidenceLink.id)))
    op = rng.choice(("admission", "removal", "leave", "transfer", "stage", "r213", "away", "target"))
    with write_session(engine) as s:
        if op == "admission":
            admission(s, SYSTEM, org=rng.choice(cells), date=TODAY, ethnicity="Kinh", full_name="Nguyễn Văn Mới", sex="male",
                      birth_date=dt.date(1998, 3, 4))
        elif op == "removal":
            removal(s, SYSTEM, member_id=rng.choice(on_rolls), date=TODAY, ground=rng.choice(list(RemovalGround)))
        elif op == "leave":
            leave(s, SYSTEM, member_id=rng.choice(on_rolls), date=TODAY)
        elif op == "transfer":
            transfer(s, SYSTEM, member_id=rng.choice(on_rolls), date=TODAY, to=rng.choice(cells))
        elif op == "stage":
            candidate, following = rng.choice(candidates)
            candidate_stage(s, SYSTEM, candidate_id=candidate, date=TODAY,
                            stage=rng.choice((following, CandidateStage.DROPPED)))
        elif op == "r213":
            residence_event(s, SYSTEM, link_id=rng.choice(links), kind=rng.choice(list(ResidenceEventKind)),
                            date=TODAY, year=TODAY.year)
        elif op == "away":
            far_away_start(s, SYSTEM, member_id=rng.choice(on_rolls), date=TODAY)
        else:
            set_target(s, SYSTEM, org=rng.choice(cells), year=TODAY.year, target=rng.randint(0, 6))
    return op


def test_memo_equals_a_fresh_read_after_writes_of_every_kind(engine: Engine) -> None:
    load(engine, TODAY)
    orgs = _with_children(engine)
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        cells = list(s.scalars(select(Organisation.id).where(Organisation.kind == OrgKind.SUBORDINATE_CELL).limit(3)))
    memo = FiguresMemo()
    # The first read of the city keeps the whole catchment; every screen below it agrees.
    _assert_memo_agrees(engine, memo, [city, *orgs, *cells])
    rng = random.Random(11)
    done: dict[str, int] = {}
    for _ in range(80):
        try:
            op = _write(engine, rng)
        except DomainError:
            continue  # refused: nothing written, nothing to check
        done[op] = done.get(op, 0) + 1
        # Each write checked on the city and a few screens of every level.
        _assert_memo_agrees(engine, memo, [city, *rng.sample(orgs, 4), *cells[:1]])
    kinds = ("admission", "removal", "leave", "transfer", "stage", "r213", "away", "target")
    assert all(done.get(op, 0) >= 2 for op in kinds), sorted(done.items())
    _assert_memo_agrees(engine, memo, [city, *orgs])
    # Other rules (a second generation; only this year is answered by the rollups, the tree
    # changed in 2025), then back: both agree.
    stricter = dataclasses.replace(default_rules(), problems={
        name: dataclasses.replace(rule, enabled=name != "no_admission") for name, rule in default_rules().problems.items()})
    _assert_memo_agrees(engine, memo, [city, *orgs[:5]], stricter)
    assert len(memo._generations) == 2
    _assert_memo_agrees(engine, memo, [city])


def test_memo_reads_again_only_the_path_above_a_write(engine: Engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    load(engine, TODAY)
    memo = FiguresMemo()
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        overview(s, city, PERIOD, TODAY, memo=memo)
        cell = s.scalar(select(Organisation).where(Organisation.kind == OrgKind.SUBORDINATE_CELL,
                                                   Organisation.valid_to.is_(None)).order_by(Organisation.id))
        path = set(s.scalars(select(ORG_CLOSURE.c.ancestor_id).where(ORG_CLOSURE.c.descendant_id == cell.id)))
        beside = set(s.scalars(select(ORG_CLOSURE.c.descendant_id).where(
            ORG_CLOSURE.c.ancestor_id.in_(path), ORG_CLOSURE.c.depth == 1)))
        everyone = s.scalar(select(func.count()).select_from(Organisation))
    with write_session(engine) as s:
        admission(s, SYSTEM, org=cell.code, date=TODAY, ethnicity="Kinh", full_name="Trần Thị Mới", sex="female",
                  birth_date=dt.date(1999, 1, 2))
    with read_session(engine) as s:
        fresh = overview(s, city, PERIOD, TODAY)
    read: list[int] = []
    whole: list[int] = []
    states_of, rollup_scope = figures_rollup.states_of, figures_rollup.rollup_scope

    def spy_states(session, ids, *args):  # type: ignore[no-untyped-def]
        read.extend(ids)
        return states_of(session, ids, *args)

    def spy_scope(session, root_id, *args, **kwargs):  # type: ignore[no-untyped-def]
        whole.append(root_id)
        return rollup_scope(session, root_id, *args, **kwargs)

    monkeypatch.setattr(figures_rollup, "states_of", spy_states)
    monkeypatch.setattr(figures_rollup, "rollup_scope", spy_scope)
    with read_session(engine) as s:
        after = overview(s, city, PERIOD, TODAY, memo=memo)
    assert after == fresh
    # No catchment read whole; the states read again: the cell, the organisations above it and
    # their children without children of their own, a few of the city's organisations.
    assert not whole
    assert cell.id in read and set(read) <= path | beside
    assert len(set(read)) < everyone / 2


def test_memo_starts_afresh_when_the_tree_changes(engine: Engine) -> None:
    load(engine, TODAY)
    memo = FiguresMemo()
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        commune = get_org(s, "XCG")
        overview(s, city, PERIOD, TODAY, memo=memo)
    assert memo._generations
    with write_session(engine) as s:
        create_org(s, SYSTEM, code="XCG-NEW", name="Chi bộ mới", kind=OrgKind.SUBORDINATE_CELL, valid_from=TODAY,
                   parent=commune.code)
    with write_session(engine) as s:
        admission(s, SYSTEM, org="XCG-NEW", date=TODAY, ethnicity="Kinh", full_name="Lê Văn Mới", sex="male",
                  birth_date=dt.date(1997, 5, 6))
    _assert_memo_agrees(engine, memo, [city, commune.id])
    with read_session(engine) as s:
        ov = overview(s, commune.id, PERIOD, TODAY, memo=memo)
        assert "XCG-NEW" in {row.org.code for row in ov.children}
        assert s.scalar(select(func.count()).select_from(Organisation)) > 0


def test_the_change_number_is_the_first_lock_a_write_takes(engine: Engine) -> None:
    # PostgreSQL fires a table's triggers in the order of their names: the one taking the
    # change number's row lock must come first on every table it watches, so that two writers
    # never hold each other's rows (a deadlock).
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.exec_driver_sql(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace").all()
        else:
            rows = conn.exec_driver_sql("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'").all()
    names: dict[str, list[str]] = {}
    for table, name in rows:
        names.setdefault(table, []).append(name)
    watched = {t for t, ns in names.items() if any(n.startswith("_changes_") for n in ns)}
    assert {"member_events", "candidate_events", "residence_events", "candidates", "residence_links",
            "admission_targets", "organisations", "org_edges"} <= watched
    for table in watched:
        assert sorted(names[table])[0].startswith("_changes_"), (table, sorted(names[table]))


def test_memo_starts_afresh_when_the_change_numbers_go_back(engine: Engine) -> None:
    # A database put back from a copy numbers its changes from where the copy was: the memo,
    # holding a later number, must not take its figures for current.
    load(engine, TODAY)
    memo = FiguresMemo()
    with read_session(engine) as s:
        city = get_org(s, "HCM").id
        before = overview(s, city, PERIOD, TODAY, memo=memo)
    with write_session(engine) as s:
        admission(s, SYSTEM, org=_first_cell(engine), date=TODAY, ethnicity="Kinh", full_name="Võ Văn Mới", sex="male",
                  birth_date=dt.date(1996, 2, 3))
    with read_session(engine) as s:
        assert overview(s, city, PERIOD, TODAY, memo=memo) != before
    # Put back: the admission gone, the numbering back where it was.
    with write_session(engine) as s:
        s.connection().exec_driver_sql("UPDATE change_seq SET seq = 0, tree_seq = 0")
    with read_session(engine) as s:
        assert memo._generations and memo._generations[0].seq > 0
        overview(s, city, PERIOD, TODAY, memo=memo)
        assert memo._generations[0].seq == 0


def _first_cell(engine: Engine) -> str:
    with read_session(engine) as s:
        return s.scalar(select(Organisation.code).where(Organisation.kind == OrgKind.SUBORDINATE_CELL,
                                                        Organisation.valid_to.is_(None)).order_by(Organisation.id))
