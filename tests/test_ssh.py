"""Access over SSH through one service account (README, "Over SSH"): ``giaoban ssh authorize``
writes forced-command lines, ``--login`` is honoured only in that setting, and a real sshd on a
private port of 127.0.0.1 lets two people in, each to their own scope and nothing else."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from models.db import make_engine
from models.enums import AuditOutcome, OrgKind, Role, Sector
from models.errors import DomainError
from models.login import system_login
from models.migrate import upgrade
from models.schema import AuditEntry
from models.ssh_access import authorized_line, public_key, remote_arguments
from models.uow import read_session
from tests.builders import build
from tui.cli import main

SSHD = Path("/usr/sbin/sshd")
ROOT = Path(__file__).resolve().parents[1]
PROGRAM = Path(sys.executable).with_name("giaoban")


def _keygen(path: Path, comment: str) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)
    return path.with_name(path.name + ".pub")


def _database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'giaoban.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    with build(engine) as b:
        district = b.org("H", "Huyện ủy", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
        a = b.org("A", "Đảng bộ xã An", parent=district, sector=Sector.COMMUNE)
        bb = b.org("B", "Đảng bộ xã Bình", parent=district, sector=Sector.COMMUNE)
        a1 = b.org("A-1", "Chi bộ ấp An Một", kind=OrgKind.SUBORDINATE_CELL, parent=a, sector=Sector.HAMLET)
        b1 = b.org("B-1", "Chi bộ ấp Bình Một", kind=OrgKind.SUBORDINATE_CELL, parent=bb, sector=Sector.HAMLET)
        b.members(a1, 3)
        b.members(b1, 4)
        b.target(a, 2022, 1)
        b.target(bb, 2022, 2)
        b.user("lan", Role.CELL_SECRETARY, a1)
        b.user("binh", Role.DISTRICT_STAFF, bb)
    engine.dispose()
    return url


def _audit(url: str) -> list[tuple[str, str, AuditOutcome]]:
    engine = make_engine(url)
    try:
        with read_session(engine) as s:
            return [tuple(r) for r in s.execute(select(AuditEntry.login, AuditEntry.action, AuditEntry.outcome).order_by(AuditEntry.id))]  # type: ignore[misc]
    finally:
        engine.dispose()


# The authorized_keys line


def test_authorize_writes_a_restricted_forced_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = _database(tmp_path)
    pub = _keygen(tmp_path / "lan", "lan@laptop")
    keys = tmp_path / "ssh" / "authorized_keys"
    args = ["--db", url, "ssh", "authorize", "lan", str(pub), "--file", str(keys), "--program", str(PROGRAM)]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    (line,) = keys.read_text().splitlines()
    assert line.startswith(f'restrict,pty,command="{PROGRAM} --db {url} --login lan" ssh-ed25519 ')
    assert line.endswith(" lan@laptop")
    assert keys.stat().st_mode & 0o777 == 0o600 and keys.parent.stat().st_mode & 0o777 == 0o700
    # The same key again would give one key two identities: refused.
    again = CliRunner().invoke(main, args[:4] + ["binh", *args[5:]])
    assert again.exit_code == 1 and "đã có" in again.output
    # Someone giaoban does not know is not let in.
    other = _keygen(tmp_path / "x", "x")
    unknown = CliRunner().invoke(main, ["--db", url, "ssh", "authorize", "nobody", str(other), "--file", str(keys), "--program", str(PROGRAM)])
    assert unknown.exit_code == 1 and len(keys.read_text().splitlines()) == 1


@pytest.mark.parametrize("login", ['lan" ssh-ed25519', "lan x", "-lan", "", "lan\nx", "lân", "a" * 65])
def test_authorize_refuses_a_login_that_could_break_the_line(tmp_path: Path, login: str):
    url = _database(tmp_path)
    pub = _keygen(tmp_path / "k", "k")
    keys = tmp_path / "authorized_keys"
    out = CliRunner().invoke(main, ["--db", url, "ssh", "authorize", "--file", str(keys), "--program", str(PROGRAM), "--", login, str(pub)])
    assert out.exit_code == 1 and "không hợp lệ" in out.output
    assert not keys.exists()


def test_a_key_file_with_options_or_several_keys_is_refused(tmp_path: Path):
    key = _keygen(tmp_path / "k", "k").read_text().strip()
    other = _keygen(tmp_path / "o", "o").read_text().strip()
    for text in (f'command="/bin/sh" {key}', f"from=\"*\",no-pty {key}", f"{key}\n{other}", "", "ssh-ed25519 bm90IGEga2V5"):
        with pytest.raises(DomainError) as refused:
            public_key(text, "k.pub")
        assert refused.value.key == "ssh.key_invalid"
    assert public_key(key + "\n", "k.pub") == key


def test_a_password_in_the_url_never_goes_into_authorized_keys(tmp_path: Path):
    key = _keygen(tmp_path / "k", "k").read_text().strip()
    with pytest.raises(DomainError) as refused:
        authorized_line(str(PROGRAM), "postgresql://giaoban:secret@db/giaoban", "lan", key)
    assert refused.value.key == "ssh.url_password"


@pytest.mark.parametrize("command", [
    "/bin/sh", "sh -c id", "orgs; id", "orgs && id", "--db sqlite:////tmp/x.sqlite orgs", "--login binh orgs",
    "export --root A -o /tmp/x.xlsx", "report --root A --from 2022 -o /tmp/r.md", "report --root A --from 2022 --format docx",
    "report --root A --from 2022 --output=/tmp/r.md", "import /etc/passwd", "template -o x.xlsx", "init --admin lan",
    "seed can-gio", "ssh authorize lan k.pub", "config", "'unbalanced",
])
def test_remote_commands_that_leave_giaoban_or_touch_files_are_refused(command: str):
    with pytest.raises(DomainError) as refused:
        remote_arguments(command)
    assert refused.value.key == "ssh.command_refused"


def test_remote_commands_within_giaoban_pass():
    assert remote_arguments("giaoban orgs --format csv") == ["orgs", "--format", "csv"]
    assert remote_arguments("--lang en report --root A --from 2022") == ["--lang", "en", "report", "--root", "A", "--from", "2022"]
    assert remote_arguments("") == []


# --login outside the forced command


def test_login_is_refused_outside_ssh_and_to_other_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, login_as):
    url = _database(tmp_path)
    me = system_login()
    config = tmp_path / "config.toml"
    config.write_text(f'ssh_account = "{me}"\n')
    monkeypatch.setenv("GIAOBAN_CONFIG", str(config))
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    local = CliRunner().invoke(main, ["--db", url, "--login", "binh", "orgs"])
    assert local.exit_code == 1 and "không ở trong phiên SSH" in local.output
    # A session that says it is SSH, run by someone who is not the service account.
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 50000 127.0.0.1 22")
    monkeypatch.setenv("SSH_ORIGINAL_COMMAND", "orgs")
    login_as("mallory")
    other = CliRunner().invoke(main, ["--db", url, "--login", "binh", "orgs"])
    assert other.exit_code == 1 and "“mallory”, không phải" in other.output and "Đảng bộ" not in other.output
    assert _audit(url) == [(me, "ssh.login", AuditOutcome.REFUSED), ("mallory", "ssh.login", AuditOutcome.REFUSED)]


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the database file to another owner")
def test_login_is_refused_on_a_database_the_service_account_does_not_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = _database(tmp_path)
    os.chown(tmp_path / "giaoban.sqlite", 65534, 65534)  # nobody
    config = tmp_path / "config.toml"
    config.write_text(f'ssh_account = "{system_login()}"\n')
    monkeypatch.setenv("GIAOBAN_CONFIG", str(config))
    monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 50000 127.0.0.1 22")
    out = CliRunner().invoke(main, ["--db", url, "--login", "binh", "orgs"])
    assert out.exit_code == 1 and "không sở hữu cơ sở dữ liệu" in out.output


# A real sshd


@dataclass
class Server:
    port: int
    user: str
    keys: dict[str, Path]
    url: str

    def ssh(self, who: str, command: str | None) -> subprocess.CompletedProcess[str]:
        args = [
            "ssh", "-F", "/dev/null", "-p", str(self.port), "-i", str(self.keys[who]),
            "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-T", "--", f"{self.user}@127.0.0.1",
        ]
        if command is not None:
            args.append(command)
        return subprocess.run(args, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Server]:
    if not SSHD.exists() or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        pytest.skip("no OpenSSH server (/usr/sbin/sshd, Debian's openssh-server; .ci/run installs it as root)")
    if not PROGRAM.exists():
        pytest.skip(f"giaoban is not installed next to {sys.executable}")
    tmp_path.chmod(0o755)
    url = _database(tmp_path)
    account = system_login()
    (tmp_path / "config.toml").write_text(f'ssh_account = "{account}"\nlang = "en"\n')
    keys = {who: _keygen(tmp_path / who, f"{who}@test").with_suffix("") for who in ("lan", "binh")}
    authorized = tmp_path / "authorized_keys"
    for who, key in keys.items():
        out = CliRunner().invoke(main, ["--db", url, "ssh", "authorize", who, str(key) + ".pub",
                                        "--file", str(authorized), "--program", str(PROGRAM)])
        assert out.exit_code == 0, out.output
    host_key = tmp_path / "host_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host_key)], check=True)
    port = _free_port()
    config = tmp_path / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}", f"PidFile {tmp_path / 'sshd.pid'}",
        f"AuthorizedKeysFile {authorized}", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "PubkeyAuthentication yes", "UsePAM no", "StrictModes no", "PermitRootLogin forced-commands-only",
        f"AllowUsers {account}", "PermitUserEnvironment no", "AcceptEnv none",
        # The service account's giaoban settings, and nothing of the tester's own.
        f"SetEnv GIAOBAN_CONFIG={tmp_path / 'config.toml'} GIAOBAN_SNAPSHOT_DIR={tmp_path / 'snapshots'} XDG_DATA_HOME={tmp_path / 'data'}",
        "",
    ]))
    if os.getuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation directory
    check = subprocess.run([str(SSHD), "-t", "-f", str(config)], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        pytest.skip(f"sshd refuses the test configuration: {check.stderr.strip()}")
    server = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.skip(f"sshd did not start: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.1)
        yield Server(port, account, keys, url)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _codes(out: subprocess.CompletedProcess[str]) -> list[str]:
    assert out.returncode == 0, out.stderr
    return [line.split(",")[0] for line in out.stdout.splitlines()[1:]]


def test_two_people_over_ssh_each_see_their_own_scope_and_reach_no_shell(sshd: Server):
    assert _codes(sshd.ssh("lan", "orgs --format csv")) == ["A-1"]
    assert _codes(sshd.ssh("binh", "giaoban orgs --format csv")) == ["B", "B-1"]
    mine = sshd.ssh("binh", "report --root B --from 2022 --format json")
    assert mine.returncode == 0, mine.stderr
    assert json.loads(mine.stdout)["target"] == 2
    theirs = sshd.ssh("lan", "report --root B --from 2022 --format json")
    assert theirs.returncode == 1 and "outside the assigned scope" in theirs.stderr and theirs.stdout == ""
    # No shell, no other program, no second command, no other database or identity.
    for command in ("/bin/sh -c id", "id", "orgs; id", "sh", "--login binh orgs", "--db sqlite:////tmp/x.sqlite orgs",
                    "export --root A-1 -o /tmp/x.xlsx"):
        out = sshd.ssh("lan", command)
        assert out.returncode != 0 and "uid=" not in out.stdout and "not allowed over SSH" in out.stderr, (command, out)
    # No command and no terminal: told how to open the dashboard, nothing else.
    bare = sshd.ssh("lan", None)
    assert bare.returncode == 2 and "ssh -t" in bare.stderr and bare.stdout == ""
    log = _audit(sshd.url)
    assert ("lan", "report.export", AuditOutcome.REFUSED) in log
    assert ("binh", "report.export", AuditOutcome.OK) in log
    assert sum(1 for r in log if r == ("lan", "ssh.command", AuditOutcome.REFUSED)) == 7
