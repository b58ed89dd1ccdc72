"""Access over SSH the way gitolite does it: one service account owns the database, and each
person's public key sits in that account's ``authorized_keys`` with a forced command naming
them::

    restrict,pty,command="/usr/local/bin/giaoban --db sqlite:////srv/giaoban/giaoban.sqlite --login lan" ssh-ed25519 AAAA... lan@laptop

The ``--login`` argument stands in for the OS login only where it cannot be abused
(:func:`login_refusal`): inside an SSH session, in the service account named in the settings,
on a database that account owns. Whoever passes those checks could already change anything in
the database file or schema, so the argument grants nobody anything they did not have. What
the person typed after ``ssh host`` (``SSH_ORIGINAL_COMMAND``) is checked against a list of
giaoban commands that write no file on the server (:func:`remote_arguments`).
"""

from __future__ import annotations

import base64
import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path

from models import i18n
from models.errors import DomainError

i18n.register(
    {
        "ssh.login_refused": (
            "Tham số --login chỉ dùng trong lệnh bắt buộc SSH của tài khoản dịch vụ sở hữu cơ sở dữ liệu ({reason}).",
            "--login is only for the SSH forced command of the service account that owns the database ({reason}).",
        ),
        "ssh.reason.no_ssh": ("không ở trong phiên SSH", "not inside an SSH session"),
        "ssh.reason.no_account": (
            "chưa đặt “ssh_account” trong tệp cấu hình",
            "'ssh_account' is not set in the settings file",
        ),
        "ssh.reason.not_account": (
            "tiến trình chạy bằng “{login}”, không phải “{account}”",
            "the process runs as '{login}', not '{account}'",
        ),
        "ssh.reason.no_db": ("thiếu --db", "--db is missing"),
        "ssh.reason.not_owner": (
            "“{login}” không sở hữu cơ sở dữ liệu",
            "'{login}' does not own the database",
        ),
        "ssh.login_invalid": (
            "Tên đăng nhập “{login}” không hợp lệ: chỉ chữ cái không dấu, chữ số, “.”, “_”, “-”, tối đa 64 ký tự.",
            "The login '{login}' is not valid: unaccented letters, digits, '.', '_', '-', at most 64 characters.",
        ),
        "ssh.key_invalid": (
            "Tệp “{file}” phải chứa đúng một khóa công khai SSH trên một dòng, không kèm tùy chọn ({reason}).",
            "The file '{file}' must hold exactly one SSH public key on one line, with no options ({reason}).",
        ),
        "ssh.key_reason.count": ("có {count} dòng khóa", "it holds {count} key lines"),
        "ssh.key_reason.type": ("“{word}” không phải loại khóa", "'{word}' is not a key type"),
        "ssh.key_reason.data": ("phần khóa không phải base64 của loại “{kind}”", "the key data is not base64 of a '{kind}' key"),
        "ssh.key_exists": (
            "Khóa này đã có trong “{file}” (dòng {line}); không thêm lần nữa.",
            "This key is already in '{file}' (line {line}); it is not added again.",
        ),
        "ssh.url_password": (
            "Địa chỉ cơ sở dữ liệu chứa mật khẩu; đặt mật khẩu trong ~/.pgpass của tài khoản dịch vụ.",
            "The database URL holds a password; put it in the service account's ~/.pgpass instead.",
        ),
        "ssh.command_refused": (
            "Lệnh “{command}” không được phép qua SSH. Được phép: {allowed}; không ghi tệp (-o), không đổi --db/--login.",
            "The command '{command}' is not allowed over SSH. Allowed: {allowed}; no output files (-o), no --db/--login.",
        ),
    }
)

#: A login giaoban accepts in an authorized_keys line: nothing a shell or sshd would read.
LOGIN_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")

KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)

#: What a person may run through the forced command: commands that read, or write to the
#: database within their rights; none writes a file on the server or reads one from it.
REMOTE_COMMANDS = ("report", "problems", "orgs", "audit", "users", "record", "rebuild-stats")
#: Options given before the command that the forced command allows (dashboard and language).
REMOTE_GLOBALS = {"--lang": True, "--as": True, "--root": True, "--period": True, "--theme": True, "--present": False}


def check_login(login: str) -> str:
    if not LOGIN_RE.fullmatch(login or ""):
        raise DomainError("ssh.login_invalid", field="login", login=login)
    return login


def public_key(text: str, file: str) -> str:
    """The one key of an ``.pub`` file as ``type data [comment]``; refused when the file holds
    options (``command=``, ``from=``...), several keys or anything that is not a key."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    if len(lines) != 1:
        raise DomainError("ssh.key_invalid", field="key", file=file,
                          reason=i18n.t("ssh.key_reason.count", None, count=len(lines)))
    words = lines[0].split()
    kind = words[0]
    if kind not in KEY_TYPES or len(words) < 2:
        raise DomainError("ssh.key_invalid", field="key", file=file,
                          reason=i18n.t("ssh.key_reason.type", None, word=kind[:40]))
    try:
        blob = base64.b64decode(words[1], validate=True)
    except ValueError:
        blob = b""
    # The blob starts with the key type again, length-prefixed: a key, not any base64.
    if blob[4 : 4 + len(kind)] != kind.encode() or int.from_bytes(blob[:4], "big") != len(kind):
        raise DomainError("ssh.key_invalid", field="key", file=file, reason=i18n.t("ssh.key_reason.data", None, kind=kind))
    comment = " ".join(words[2:])
    comment = "".join(c for c in comment if c.isprintable())
    return " ".join([kind, words[1], comment]).strip()


def forced_command(program: str, db_url: str, login: str) -> str:
    """The command sshd runs for this key (shell-quoted, for sshd runs it with the shell)."""
    return " ".join(shlex.quote(w) for w in (program, "--db", db_url, "--login", check_login(login)))


def authorized_line(program: str, db_url: str, login: str, key: str) -> str:
    from sqlalchemy.engine import make_url

    if make_url(db_url).password:
        raise DomainError("ssh.url_password", field="db")
    command = forced_command(program, db_url, login).replace("\\", "\\\\").replace('"', '\\"')
    # restrict: no forwarding, no agent, no X11, no ~/.ssh/rc; pty: the dashboard needs one.
    return f'restrict,pty,command="{command}" {key}'


def add_key(path: Path, line: str, key: str) -> None:
    """Append ``line`` to ``path`` (created 0600 in a 0700 directory); a key already there is
    refused rather than given a second identity."""
    data = key.split()[1]
    if path.exists():
        for number, existing in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if data in existing.split():
                raise DomainError("ssh.key_exists", field="key", file=str(path), line=number)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        out.write(line + "\n")


def login_refusal(
    environ: Mapping[str, str], account: str | None, process_login: str, db_url: str | None, owns_database: bool | None
) -> str | None:
    """Why ``--login`` may not be honoured here, as a message key; None when it may.

    ``owns_database``: whether this process owns the database (None: not checked yet)."""
    if not environ.get("SSH_CONNECTION"):
        return "ssh.reason.no_ssh"
    if not account:
        return "ssh.reason.no_account"
    if process_login != account:
        return "ssh.reason.not_account"
    if not db_url:
        return "ssh.reason.no_db"
    if owns_database is False:
        return "ssh.reason.not_owner"
    return None


def owns_database(engine: object) -> bool:
    """Whether this process could change the database anyway: the SQLite file is its own, or
    on PostgreSQL the connected role owns the ``users`` table."""
    from sqlalchemy import text

    url = engine.url  # type: ignore[attr-defined]
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        return bool(url.database) and path.is_file() and path.stat().st_uid == os.getuid()
    with engine.connect() as conn:  # type: ignore[attr-defined]
        owner = conn.execute(
            text("SELECT tableowner = current_user FROM pg_tables WHERE tablename = 'users' AND schemaname = current_schema()")
        ).scalar()
    return bool(owner)


def remote_arguments(command: str) -> list[str]:
    """The giaoban arguments in what the person typed after ``ssh host`` (an optional leading
    ``giaoban`` dropped); refused unless it is an allowed command with no file and no change
    of database or identity."""
    def refuse() -> DomainError:
        return DomainError("ssh.command_refused", field="command", command=command[:80],
                           allowed=", ".join(REMOTE_COMMANDS))

    # Nothing here is ever given to a shell; shell syntax is refused all the same, so that
    # nobody believes "orgs; id" ran two commands.
    if any(c in command for c in ";&|<>`$\n\r"):
        raise refuse()
    try:
        words = shlex.split(command)
    except ValueError:
        raise refuse() from None
    if words and words[0] == "giaoban":
        words = words[1:]
    i = 0
    while i < len(words) and words[i].startswith("-"):
        name, eq, _ = words[i].partition("=")
        takes_value = REMOTE_GLOBALS.get(name)
        if takes_value is None:
            raise refuse()
        i += 1 if eq or not takes_value else 2
    if i < len(words) and words[i] not in REMOTE_COMMANDS:
        raise refuse()
    for word in words[i:]:
        name = word.partition("=")[0]
        if name in ("--db", "--login", "--output", "-o") or (word.startswith("-o") and not word.startswith("--")):
            raise refuse()
        if word == "docx" or word.endswith("=docx"):  # a DOCX report is written to a file
            raise refuse()
    return words
