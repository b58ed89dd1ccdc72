"""giaoban over SSH: ``giaoban ssh authorize`` writes a person's key with a forced command,
and :func:`serve_forced` is what that command runs (see :mod:`models.ssh_access`)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from models import i18n
from tui.cli.base import CliContext, main, pass_cli

i18n.register(
    {
        "ssh.authorized": (
            "Đã thêm khóa của “{login}” vào {file}; người này đăng nhập bằng: ssh {account}@<máy chủ>",
            "Added the key of '{login}' to {file}; they log in with: ssh {account}@<server>",
        ),
        "ssh.unknown_user": (
            "“{login}” chưa là người dùng giaoban đang hoạt động; thêm trước bằng “giaoban users add {login} ...”.",
            "'{login}' is not an active giaoban user; add them first with 'giaoban users add {login} ...'.",
        ),
        "ssh.needs_tty": (
            "Bảng số liệu cần một cửa sổ dòng lệnh: dùng “ssh -t”, hoặc ghi lệnh sau địa chỉ máy ({commands}).",
            "The dashboard needs a terminal: use 'ssh -t', or give a command after the host ({commands}).",
        ),
        "ssh.program_missing": (
            "Không tìm thấy chương trình giaoban để ghi vào lệnh bắt buộc; chỉ rõ bằng --program ĐƯỜNG_DẪN_TUYỆT_ĐỐI.",
            "The giaoban program to put in the forced command was not found; name it with --program ABSOLUTE_PATH.",
        ),
    }
)

#: Set once the forced command has handed the person's own command to a nested run.
_dispatched = False


def serve_forced(ctx: click.Context, cli: CliContext, login: str, db_flag: str | None) -> None:
    """Honour ``--login`` if this is the service account's SSH forced command, else refuse
    (audited when the database can say so); then run what the person asked for."""
    global _dispatched
    from models import login as identity
    from models.errors import DomainError
    from models.ssh_access import (
        REMOTE_COMMANDS,
        check_login,
        login_refusal,
        owns_database,
        remote_arguments,
    )

    real = identity.system_login()
    account = cli.settings.ssh_account
    reason = login_refusal(os.environ, account, real, db_flag, None)
    if reason is None:
        reason = login_refusal(os.environ, account, real, db_flag, owns_database(cli.engine()))
    if reason is not None:
        exc = DomainError("ssh.login_refused", field="login",
                          reason=i18n.t(reason, cli.lang, login=real, account=account or "?"))
        _audit_refused_login(cli, login, exc)
        raise exc
    identity.force_login(check_login(login))
    command = os.environ.get("SSH_ORIGINAL_COMMAND", "").strip()
    if ctx.invoked_subcommand is not None or _dispatched:
        return
    if not command:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            # The dashboard needs a terminal: say how to get one rather than hang.
            click.echo(i18n.t("ssh.needs_tty", cli.lang, commands=", ".join(REMOTE_COMMANDS)), err=True)
            ctx.exit(2)
        return
    try:
        words = remote_arguments(command)
    except DomainError as exc:
        from models.record.runner import audit_refusal

        audit_refusal(cli.engine(), None, None, "ssh.command", exc, {"command": command[:200]})
        raise
    _dispatched = True
    assert db_flag is not None
    main.main(args=["--db", db_flag, "--login", login, *words], prog_name="giaoban")


def _audit_refused_login(cli: CliContext, login: str, exc: Exception) -> None:
    """A refused ``--login`` is an attempt to be someone else: kept in the audit log of the
    database it named, when that database exists and is initialised."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.record.runner import audit_refusal
    from models.schema_version import is_current

    if cli.db_url is None:
        return
    engine = cli.engine()
    try:
        current = is_current(engine)
    except SQLAlchemyError:
        current = False  # nothing to write the refusal into; the refusal itself still stands
    if current:
        audit_refusal(engine, None, None, "ssh.login", exc, {"login": login})  # type: ignore[arg-type]


@main.group("ssh")
def ssh_group() -> None:
    """Access over SSH through one service account (see README)."""


@ssh_group.command("authorize")
@click.argument("login")
@click.argument("keyfile", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--file", "keys_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The authorized_keys file (default: ~/.ssh/authorized_keys of this account).")
@click.option("--program", default=None, help="Absolute path of giaoban for the forced command (default: found on PATH).")
@pass_cli
def authorize(cli: CliContext, login: str, keyfile: Path, keys_file: Path | None, program: str | None) -> None:
    """Let LOGIN in over SSH with the public key in KEYFILE, as LOGIN and nothing else."""
    import pwd

    from sqlalchemy import select
    from sqlalchemy.engine import make_url

    from models.db import resolve_url
    from models.errors import DomainError
    from models.schema import User
    from models.ssh_access import add_key, authorized_line, check_login, public_key
    from models.uow import read_session

    check_login(login)
    key = public_key(keyfile.read_text(encoding="utf-8", errors="replace"), str(keyfile))
    with read_session(cli.engine()) as session:
        active = session.scalar(select(User.active).where(User.login == login))
    if not active:
        raise DomainError("ssh.unknown_user", field="login", login=login)
    url = make_url(resolve_url(cli.db_url))
    if url.get_backend_name() == "sqlite" and url.database:
        url = url.set(database=str(Path(url.database).resolve()))
    program = program or shutil.which("giaoban") or sys.argv[0]
    if not program or not Path(program).is_absolute() or not Path(program).is_file():
        raise DomainError("ssh.program_missing", field="program")
    me = pwd.getpwuid(os.getuid())
    target = keys_file or Path(me.pw_dir) / ".ssh" / "authorized_keys"
    add_key(target, authorized_line(program, url.render_as_string(hide_password=False), login, key), key)
    click.echo(i18n.t("ssh.authorized", cli.lang, login=login, file=str(target), account=me.pw_name))
