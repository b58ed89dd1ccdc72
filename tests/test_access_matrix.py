"""The role × action × scope matrix of issue 14, run as real OS users: each person is an account
made with ``useradd``, and runs the giaoban command line under ``runuser`` with their own uid
(and an environment that claims to be the admin, as a hostile user would set it). No command
may succeed where the rules say no, and every refusal is in the audit log under the real login.

Needs root (to create the accounts); skipped otherwise.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from io_helpers import ADMISSION_HEADER, workbook

from models.db import make_engine
from models.enums import OrgKind, Role, Sector
from models.migrate import upgrade
from tests.builders import build

ROOT = Path(__file__).resolve().parents[1]
GROUP = "gbtest"
PREFIX = "gbt_"
#: Who the hostile environment claims every process is.
CLAIMED = f"{PREFIX}admin"


@dataclass(frozen=True)
class Person:
    key: str
    role: Role | None  # None: not registered in giaoban
    scope: str | None
    active: bool = True

    @property
    def login(self) -> str:
        return PREFIX + self.key


PEOPLE = (
    Person("admin", Role.ADMIN, None),
    Person("staff", Role.DISTRICT_STAFF, "A"),
    Person("sec", Role.CELL_SECRETARY, "A-1"),
    Person("viewer", Role.VIEWER, "A"),
    Person("stranger", None, None),
    Person("gone", Role.CELL_SECRETARY, "A-1", active=False),
)

#: What each role may do, by action, within its scope (out of scope nobody but an admin may).
ALLOWED_IN_SCOPE = {
    Role.ADMIN: {"record", "target", "import", "export", "report", "problems", "audit", "users", "seed"},
    Role.DISTRICT_STAFF: {"record", "target", "import", "export", "report", "problems", "audit"},
    Role.CELL_SECRETARY: {"record", "target", "import", "export", "report", "problems"},
    Role.VIEWER: {"export", "report", "problems"},
}
SCOPED_ACTIONS = ("record", "target", "import", "export", "report", "problems")
GLOBAL_ACTIONS = ("audit", "users", "seed", "init")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quân", "Thảo", "Vy")


def allowed(person: Person, action: str, in_scope: bool) -> bool:
    if person.role is None or not person.active or action == "init":
        return False
    if not in_scope and person.role != Role.ADMIN:
        return False
    return action in ALLOWED_IN_SCOPE[person.role]


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="session")
def os_people() -> Iterator[tuple[Person, ...]]:
    """The OS accounts of :data:`PEOPLE`, in one group, removed afterwards."""
    if os.getuid() != 0:
        pytest.skip("creating OS users (useradd) and running as them (runuser) needs root")
    if not (shutil.which("useradd") and shutil.which("runuser") and shutil.which("userdel")):
        pytest.skip("useradd, userdel or runuser is missing")
    # The test users run this checkout's code: every folder above it must let others through
    # (a clone in a 0700 folder such as ``mktemp -d`` gives "No module named 'tests'").
    here = Path(__file__).resolve().parents[1]
    closed = [str(d) for d in (here, *here.parents) if not d.stat().st_mode & 0o001]
    if closed:
        pytest.skip(f"the checkout is out of the test users' reach ({closed[0]} is closed to others)")
    made: list[str] = []
    group_made = False
    try:
        try:
            grp.getgrnam(GROUP)
        except KeyError:
            done = _run(["groupadd", GROUP])
            assert done.returncode == 0, done.stderr
            group_made = True
        for p in PEOPLE:
            try:
                pwd.getpwnam(p.login)
            except KeyError:
                done = _run(["useradd", "--no-create-home", "--gid", GROUP, "--shell", "/usr/sbin/nologin", p.login])
                assert done.returncode == 0, done.stderr
                made.append(p.login)
        yield PEOPLE
    finally:
        for login in made:
            _run(["userdel", login])
        if group_made:
            _run(["groupdel", GROUP])


@pytest.fixture
def shared_db(os_people: tuple[Person, ...]) -> Iterator[Path]:
    """A SQLite database in a directory the group shares (setgid, group read-write)."""
    directory = Path(tempfile.mkdtemp(prefix="giaoban-matrix-", dir="/tmp"))
    try:
        gid = grp.getgrnam(GROUP).gr_gid
        os.chown(directory, 0, gid)
        directory.chmod(0o2770)
        db = directory / "giaoban.sqlite"
        engine = make_engine(f"sqlite:///{db}")
        upgrade(engine)
        with build(engine) as b:
            district = b.org("H", "Huyện ủy", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
            orgs = {"H": district}
            for commune in ("A", "B"):
                orgs[commune] = b.org(commune, f"Đảng bộ xã {commune}", parent=district, sector=Sector.COMMUNE)
                cell = b.org(f"{commune}-1", f"Chi bộ ấp {commune} Một", kind=OrgKind.SUBORDINATE_CELL,
                             parent=orgs[commune], sector=Sector.HAMLET)
                orgs[cell.code] = cell
                b.members(cell, 3)
                b.target(orgs[commune], 2022, 2)
            for p in os_people:
                if p.role is not None:
                    user = b.user(p.login, p.role, orgs[p.scope] if p.scope else None)
                    user.active = p.active
        engine.dispose()
        for path in directory.iterdir():
            os.chown(path, 0, gid)
            path.chmod(0o660)
        yield db
    finally:
        shutil.rmtree(directory)


def _interpreter(login: str) -> list[str]:
    """A Python the test users can run with this checkout and its packages: this one, or when
    it lives where they cannot reach (a pyenv under /root), the system's of the same version."""

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        probe = _run(["runuser", "-u", login, "--", candidate, "-c", "import sys; print(sys.version_info[:2])"])
        if probe.returncode == 0 and probe.stdout.strip() == str(tuple(sys.version_info[:2])):
            return [candidate]
    pytest.skip(f"no {version} that the test users can run ({sys.executable} is out of their reach)")


def _plan(person: Person, directory: Path) -> list[tuple[str, list[str]]]:
    plan: list[tuple[str, list[str]]] = []
    for in_scope in (True, False):
        org = "A-1" if in_scope else "B-1"
        where = "in" if in_scope else "out"
        n = PEOPLE.index(person) * 2 + (0 if in_scope else 1)
        name = f"Lê Thị {GIVEN[n]}"
        sheet = workbook(directory / f"{person.key}-{where}.xlsx", {"Kết nạp": [
            ADMISSION_HEADER, [org, f"Phạm Văn {GIVEN[n]}", "Nam", "03/04/1995", "26/03/2023", "Không", None, None, None, "Kinh"],
        ]})
        sheet.chmod(0o640)
        os.chown(sheet, 0, grp.getgrnam(GROUP).gr_gid)
        plan += [
            (f"record/{where}", ["record", "admission", "--org", org, "--name", name, "--sex", "nu",
                                 "--born", "1996-05-19", "--date", "2023-03-26", "--ethnicity", "Kinh"]),
            (f"target/{where}", ["record", "target", "--org", org, "--year", "2024", "--target", str(n + 1)]),
            (f"import/{where}", ["import", str(sheet)]),
            (f"export/{where}", ["export", "--root", org, "--from", "2022", "-o", str(directory / f"{person.key}-{where}-out.xlsx")]),
            (f"report/{where}", ["report", "--root", org, "--from", "2022", "--format", "json"]),
            (f"problems/{where}", ["problems", "--root", org, "--year", "2022", "--format", "json"]),
        ]
    plan += [
        ("audit/-", ["audit", "--limit", "3"]),
        ("users/-", ["users", "add", f"{PREFIX}new_{person.key}", "--role", "viewer", "--scope", "A-1"]),
        ("seed/-", ["seed", "can-gio", "--if-empty"]),
        ("init/-", ["init", "--admin", person.login]),
    ]
    return plan


def test_no_role_does_what_it_may_not_and_every_refusal_is_audited(shared_db: Path):
    directory = shared_db.parent
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(directory), "LANG": "C.UTF-8", "GIAOBAN_LANG": "en",
        "GIAOBAN_CONFIG": str(directory / "no-config.toml"), "GIAOBAN_SNAPSHOT_DIR": str(directory / "snapshots"),
        "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
        # What a hostile user would set: none of it may matter.
        "GIAOBAN_LOGIN": CLAIMED, "LOGNAME": CLAIMED, "USER": CLAIMED,
    }
    import site

    python = _interpreter(PEOPLE[0].login)
    # The packages of this environment (a venv under a private home is readable where it lies).
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    results = []
    for person in PEOPLE:
        plan = directory / f"{person.key}-plan.json"
        plan.write_text(json.dumps(_plan(person, directory), ensure_ascii=False), encoding="utf-8")
        plan.chmod(0o644)
        env_args = [f"{k}={v}" for k, v in env.items()]
        done = _run(["runuser", "-u", person.login, "--", "env", "-i", *env_args,
                     *python, "-m", "tests.matrix_driver", str(plan), str(shared_db)], cwd=str(directory),
                    timeout=600)
        assert done.returncode == 0, done.stderr
        for line in done.stdout.splitlines():
            results.append((person, json.loads(line)))
    assert len(results) == len(PEOPLE) * (2 * len(SCOPED_ACTIONS) + len(GLOBAL_ACTIONS))
    wrong = []
    for person, r in results:
        action, where = r["label"].split("/")
        may = allowed(person, action, where != "out")
        assert r["login"] == person.login  # the uid decided, not the environment
        if r["code"] == 99:
            wrong.append(f"{person.login} {r['label']}: crashed {r['output']}")
        elif may and r["code"] != 0:
            wrong.append(f"{person.login} {r['label']}: refused although allowed: {r['output']}")
        elif not may and r["code"] == 0:
            wrong.append(f"{person.login} {r['label']}: UNAUTHORISED SUCCESS: {r['output']}")
        elif not may and r["changed"]:
            wrong.append(f"{person.login} {r['label']}: refused but the data changed")
        elif not may and r["refusals_logged"] < 1:
            wrong.append(f"{person.login} {r['label']}: refusal not audited: {r['output']}")
        if not may and action == "export":
            assert not (directory / f"{person.key}-{where}-out.xlsx").exists(), (person.login, r["label"])
    assert wrong == []
    # A refusal tells nothing about the organisation it was about.
    for person, r in results:
        if not allowed(person, r["label"].split("/")[0], r["label"].endswith("/in")) and r["label"].endswith("/out"):
            assert "Chi bộ ấp B Một" not in r["output"] and "Đảng bộ xã B" not in r["output"], (person.login, r)
