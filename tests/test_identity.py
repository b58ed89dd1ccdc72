"""Who acts, and what they may learn: identity from the system, the first admin, seeding, and
access checked before anything about the target is read (issue 14, findings 1, 2, 5, 6, 13)."""

from __future__ import annotations

import datetime as dt
import os
import pwd
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from io_helpers import ADMISSION_HEADER, dump, workbook
from sqlalchemy import Engine, select

from models.enums import AuditOutcome, EventKind, OrgKind, Role, Sector
from models.login import os_login, system_login
from models.schema import AuditEntry, Organisation, User
from models.uow import read_session
from tests.builders import build, db_url
from tui.cli import main


@dataclass
class World:
    url: str
    dead: int  # a member of B-1 who died: a fact outside A's scope
    living_b: int
    living_a: int


@pytest.fixture
def world(engine: Engine) -> World:
    with build(engine) as b:
        district = b.org("H", "Huyện ủy", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
        a = b.org("A", "Đảng bộ xã An", parent=district, sector=Sector.COMMUNE)
        bb = b.org("B", "Đảng bộ xã Bình", parent=district, sector=Sector.COMMUNE)
        a1 = b.org("A-1", "Chi bộ ấp An Một", kind=OrgKind.SUBORDINATE_CELL, parent=a, sector=Sector.HAMLET)
        b1 = b.org("B-1", "Chi bộ ấp Bình Một", kind=OrgKind.SUBORDINATE_CELL, parent=bb, sector=Sector.HAMLET)
        living_a = b.members(a1, 3)[0]
        living_b = b.admit(b1, dt.date(2010, 1, 1), name="Trần Văn Bình", birth=dt.date(1980, 2, 29), recognised=True)
        dead = b.members(b1, 2)[0]
        b.event(dead, b1, EventKind.DEATH, dt.date(2021, 5, 4))
        b.target(a, 2022, 2)
        b.target(bb, 2022, 2)
        b.user("boss", Role.ADMIN)
        b.user("staffa", Role.DISTRICT_STAFF, a)
        b.user("seca", Role.CELL_SECRETARY, a1)
        b.user("viewa", Role.VIEWER, a)
        b.user("gone", Role.CELL_SECRETARY, a1).active = False
        ids = (dead.id, living_b.id, living_a.id)
    return World(db_url(engine), *ids)


@pytest.fixture
def run(world: World, login_as):  # type: ignore[no-untyped-def]
    def invoke(login: str | None, *args: str) -> Result:
        if login is not None:
            login_as(login)
        return CliRunner().invoke(main, ["--db", world.url, *args])

    return invoke


def refusals(engine: Engine, login: str | None = None) -> list[AuditEntry]:
    with read_session(engine) as s:
        stmt = select(AuditEntry).where(AuditEntry.outcome == AuditOutcome.REFUSED).order_by(AuditEntry.id)
        if login is not None:
            stmt = stmt.where(AuditEntry.login == login)
        return list(s.scalars(stmt))


# Finding 1: identity never from the environment


def test_the_login_is_the_real_uids_whatever_the_environment_says(monkeypatch: pytest.MonkeyPatch):
    for name in ("GIAOBAN_LOGIN", "LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "admin-by-env")
    assert os_login() == system_login() == pwd.getpwuid(os.getuid()).pw_name


def test_a_viewer_cannot_become_admin_through_the_environment(engine: Engine, world: World, monkeypatch: pytest.MonkeyPatch):
    me = system_login()
    with build(engine) as b:
        b.user(me, Role.VIEWER, b.s.scalar(select(Organisation).where(Organisation.code == "A")))
    for name in ("GIAOBAN_LOGIN", "LOGNAME", "USER"):
        monkeypatch.setenv(name, "boss")
    out = CliRunner().invoke(main, ["--db", world.url, "users", "set-role", me, "admin"])
    assert out.exit_code == 1
    with read_session(engine) as s:
        assert s.scalar(select(User.role).where(User.login == me)) == Role.VIEWER
    (entry,) = refusals(engine)
    assert entry.login == me and entry.action == "record.set_role"


# Findings 2 and 13: the first admin, and seeding


def test_init_on_a_populated_database_grants_nothing(engine: Engine, world: World, run):
    with read_session(engine) as s:
        before = s.scalars(select(User.login).order_by(User.login)).all()
    plain = run("stranger", "init")
    assert plain.exit_code == 0 and "stranger" not in plain.output
    asked = run("stranger", "init", "--admin", "stranger")
    assert asked.exit_code == 1 and "đã có người dùng" in asked.output
    with read_session(engine) as s:
        assert s.scalars(select(User.login).order_by(User.login)).all() == before
    (entry,) = refusals(engine)
    assert (entry.login, entry.action) == ("stranger", "users.init_admin")


def test_init_admin_registers_the_first_admin_of_an_empty_database_only(engine: Engine, login_as):
    url = db_url(engine)
    login_as("installer")
    plain = CliRunner().invoke(main, ["--db", url, "init"])
    assert plain.exit_code == 0 and "init --admin" in plain.output
    first = CliRunner().invoke(main, ["--db", url, "init", "--admin", "chutich"])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, ["--db", url, "init", "--admin", "installer"])
    assert again.exit_code == 1
    with read_session(engine) as s:
        assert s.execute(select(User.login, User.role)).all() == [("chutich", Role.ADMIN)]
        log = s.execute(select(AuditEntry.login, AuditEntry.action, AuditEntry.outcome).order_by(AuditEntry.id)).all()
    assert log == [("installer", "users.init_admin", AuditOutcome.OK), ("installer", "users.init_admin", AuditOutcome.REFUSED)]


def test_seed_is_refused_to_a_non_admin_once_there_are_users(engine: Engine, world: World, run):
    for login in ("staffa", "stranger", "gone"):
        out = run(login, "seed", "can-gio", "--if-empty")
        assert out.exit_code == 1 and "Đã nạp" not in out.output
    assert [(e.login, e.action) for e in refusals(engine)] == [
        ("staffa", "seed.can_gio"), ("stranger", "seed.can_gio"), ("gone", "seed.can_gio"),
    ]
    # An admin may, but not on top of data: refused too, and audited.
    assert run("boss", "seed", "can-gio").exit_code == 1
    assert refusals(engine)[-1].login == "boss"


def test_seeding_a_database_without_users_is_audited(tmp_path: Path, login_as):
    login_as("installer")
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    out = CliRunner().invoke(main, ["--db", url, "seed", "can-gio", "--until", "2020-06-30"])
    assert out.exit_code == 0, out.output
    from models.db import make_engine

    engine = make_engine(url)
    try:
        with read_session(engine) as s:
            entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "seed.can_gio"))
    finally:
        engine.dispose()
    assert entry is not None and entry.login == "installer" and entry.outcome is AuditOutcome.OK


# Findings 5 and 6: access first, refusals that tell nothing


def test_a_refusal_outside_the_scope_names_no_fact_about_the_member(engine: Engine, world: World, run):
    args = ["record", "death", "--date", "2022-01-10", "--member"]
    dead = run("seca", *args, str(world.dead))
    missing = run("seca", *args, "987654")
    alive = run("seca", *args, str(world.living_b))
    huge = run("seca", *args, "99999999999999999999")
    assert dead.exit_code == missing.exit_code == alive.exit_code == 1
    assert dead.output.replace(str(world.dead), "N") == missing.output.replace("987654", "N")
    assert alive.output.replace(str(world.living_b), "N") == missing.output.replace("987654", "N")
    assert "2021" not in dead.output and "qua đời" not in dead.output.lower()
    # A number no id column can hold is refused as input, before any member is looked up,
    # so it can say nothing about one (and is no access refusal to audit).
    assert huge.exit_code == 2 and "99999999999999999999" in huge.output and "Traceback" not in huge.output
    assert "không hợp lệ: cần một số nguyên" in huge.output and "2021" not in huge.output
    # A viewer is refused for being read-only, whatever member they name.
    viewer = run("viewa", *args, str(world.dead))
    assert viewer.exit_code == 1 and "chỉ được xem" in viewer.output and "2021" not in viewer.output
    assert len(refusals(engine)) == 4
    # Within the scope the rules speak as before.
    assert run("seca", *args, str(world.living_a)).exit_code == 0


def test_an_org_outside_the_scope_and_one_that_does_not_exist_are_refused_alike(engine: Engine, world: World, run):
    args = ["record", "target", "--year", "2023", "--target", "3", "--org"]
    other = run("seca", *args, "B-1")
    missing = run("seca", *args, "KHONG-CO")
    assert other.exit_code == missing.exit_code == 1
    assert other.output.replace("B-1", "X") == missing.output.replace("KHONG-CO", "X")
    report = run("viewa", "report", "--root", "B", "--from", "2022", "--format", "json")
    nowhere = run("viewa", "report", "--root", "ZZ", "--from", "2022", "--format", "json")
    assert report.output.replace("“B”", "“X”") == nowhere.output.replace("“ZZ”", "“X”")
    assert len(refusals(engine)) == 4


@pytest.mark.parametrize("login", ["stranger", "gone"])
def test_unregistered_and_disabled_logins_get_a_refusal_and_nothing_else(engine: Engine, world: World, run, tmp_path: Path, login: str):
    sheet = workbook(tmp_path / "kn.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["A-1", "Lê Văn Tư", "Nam", "03/04/1995", "26/03/2021", "Không", None, None, None]]})
    commands = [
        ("report", "--root", "A", "--from", "2022", "--format", "json"),
        ("problems", "--root", "A", "--year", "2022"),
        ("orgs",),
        ("export", "--root", "A", "-o", str(tmp_path / "x.xlsx")),
        ("import", str(sheet), "--dry-run"),
        ("audit",),
        ("users", "list"),
        ("record", "target", "--org", "A", "--year", "2023", "--target", "3"),
        ("rebuild-stats",),
    ]
    before = dump(engine)
    for args in commands:
        out = run(login, *args)
        assert out.exit_code == 1, (args, out.output)
        assert login in out.output and "Đảng bộ xã An" not in out.output and "Chi bộ" not in out.output, (args, out.output)
    assert not (tmp_path / "x.xlsx").exists()
    found = refusals(engine, login)
    assert len(found) == len(commands)
    after = dump(engine)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}


def test_orgs_lists_only_the_actors_scope(world: World, run):
    def codes(login: str) -> list[str]:
        out = run(login, "orgs", "--format", "csv")
        assert out.exit_code == 0, out.output
        return [line.split(",")[0] for line in out.output.splitlines()[1:]]

    assert codes("seca") == ["A-1"]
    assert codes("viewa") == ["A", "A-1"]
    assert codes("boss") == ["A", "A-1", "B", "B-1", "H"]


def test_reading_the_audit_log_and_a_refused_users_list_are_audited(engine: Engine, world: World, run):
    assert run("staffa", "audit", "--search", "boss").exit_code == 0
    assert run("seca", "audit").exit_code == 1
    assert run("staffa", "users", "list").exit_code == 1
    with read_session(engine) as s:
        log = s.execute(select(AuditEntry.login, AuditEntry.action, AuditEntry.outcome).order_by(AuditEntry.id)).all()
    assert log == [
        ("staffa", "audit.read", AuditOutcome.READ),
        ("seca", "audit.read", AuditOutcome.REFUSED),
        ("staffa", "users.list", AuditOutcome.REFUSED),
    ]


def test_an_import_dry_run_outside_the_scope_names_no_member(engine: Engine, world: World, run, tmp_path: Path):
    with read_session(engine) as s:
        from models.schema import Member

        m = s.get(Member, world.living_b)
        name, born = m.full_name, m.birth_date
    sheet = workbook(tmp_path / "kn.xlsx", {"Kết nạp": [
        ADMISSION_HEADER, ["B-1", name, "Nam", born.strftime("%d/%m/%Y"), "26/03/2022", "Không", None, None, None],
    ]})
    out = run("seca", "import", str(sheet), "--dry-run")
    assert out.exit_code == 1
    assert "B-1" in out.output and born.strftime("%d/%m/%Y") not in out.output and str(world.living_b) not in out.output
    (entry,) = refusals(engine)
    assert entry.login == "seca" and entry.action == "io.import.admission"
    # Into the secretary's own cell: the person is on file elsewhere, and said so without more.
    mine = workbook(tmp_path / "kn2.xlsx", {"Kết nạp": [
        ADMISSION_HEADER, ["A-1", name, "Nam", born.strftime("%d/%m/%Y"), "26/03/2022", "Không", None, None, None],
    ]})
    out = run("seca", "import", str(mine), "--dry-run")
    assert out.exit_code == 1 and "ngoài phạm vi của bạn" in out.output and str(world.living_b) not in out.output



def test_a_member_lookup_outside_the_scope_reads_as_one_that_does_not_exist(engine: Engine, world: World):
    from models.access import resolve_actor
    from models.errors import AccessDenied
    from models.people import member_history

    with read_session(engine) as s:
        seca = resolve_actor(s, "seca")
    said = []
    for member in (world.living_b, 987654):
        with pytest.raises(AccessDenied) as refused:
            member_history(engine, seca, member)
        said.append(refused.value.message("vi").replace(str(member), "N"))
    assert said[0] == said[1] and "B-1" not in said[0]
    assert [(e.login, e.action) for e in refusals(engine)] == [("seca", "member.read")] * 2
    assert member_history(engine, seca, world.living_a).member.full_name


def test_the_database_role_is_the_login_on_postgresql_when_configured(engine: Engine, world: World, run, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """Each person connecting with their own PostgreSQL role: the role says who they are, not
    the OS account the client runs in; SQLite has no roles, so the setting changes nothing."""
    from sqlalchemy import text

    with read_session(engine) as s:
        role = s.execute(text("SELECT current_user")).scalar_one() if engine.dialect.name == "postgresql" else None
    if role is not None:
        with build(engine) as b:
            b.user(role, Role.DISTRICT_STAFF, b.s.scalar(select(Organisation).where(Organisation.code == "B")))
    config = tmp_path / "config.toml"
    config.write_text("login_from_database_role = true\n")
    monkeypatch.setenv("GIAOBAN_CONFIG", str(config))
    out = run("seca", "orgs", "--format", "csv")
    assert out.exit_code == 0, out.output
    codes = [line.split(",")[0] for line in out.output.splitlines()[1:]]
    assert codes == (["B", "B-1"] if role is not None else ["A-1"])


def test_a_candidate_outside_the_scope_reads_as_one_that_does_not_exist(engine: Engine, world: World, run):
    from models.enums import CandidateStage

    with build(engine) as b:
        b1 = b.s.scalar(select(Organisation).where(Organisation.code == "B-1"))
        cid = b.candidate(b1, (CandidateStage.IDENTIFIED, dt.date(2022, 1, 5)), name="Võ Thị Hạnh").id
    args = ["record", "candidate-stage", "--stage", "class_attended", "--date", "2022-06-01", "--candidate"]
    theirs = run("seca", *args, str(cid))
    missing = run("seca", *args, "555555")
    assert theirs.exit_code == missing.exit_code == 1
    assert theirs.output.replace(str(cid), "N") == missing.output.replace("555555", "N")
    assert "Võ Thị Hạnh" not in theirs.output and "B-1" not in theirs.output
    assert run("staffa", *args, str(cid)).exit_code == 1
    assert run("boss", *args, str(cid)).exit_code == 0
    assert len(refusals(engine)) == 3


def test_a_database_never_initialised_is_said_so_before_any_identity_check(tmp_path: Path, login_as):
    login_as("seca")
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    for args in (["orgs"], ["users", "list"], ["record", "target", "--org", "A", "--year", "2023", "--target", "1"]):
        out = CliRunner().invoke(main, ["--db", url, *args])
        assert out.exit_code == 1 and "chưa được khởi tạo" in out.output and "giaoban init" in out.output, out.output
