"""giaoban admin commands: init, orgs, users, audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import click

from models import i18n
from models.safe_text import one_line, shown_value
from models.enums import Role
from tui.cli.base import CliContext, main, pass_cli

i18n.register(
    {
        "cli.init.done": (
            "Cơ sở dữ liệu {url} đã ở phiên bản {revision}.",
            "The database {url} is at revision {revision}.",
        ),
        "cli.init.admin_added": (
            "Người dùng “{login}” được thêm với vai trò quản trị.",
            "The user '{login}' was added as an admin.",
        ),
        "cli.init.no_admin": (
            "Chưa có người dùng nào: đăng ký quản trị viên đầu tiên bằng “giaoban init --admin TÊN_ĐĂNG_NHẬP”.",
            "There are no users yet: register the first admin with 'giaoban init --admin LOGIN'.",
        ),
        "cli.init.triggers_restored": (
            "Đã khôi phục các trigger bảo vệ nhật ký bị xóa hoặc bị tắt: {names}.",
            "Restored the protective triggers that were dropped or disabled: {names}.",
        ),
        "cli.init.triggers_failed": (
            "Không khôi phục được các trigger bảo vệ nhật ký ({detail}); hãy chạy “giaoban init” bằng vai trò sở hữu các bảng.",
            "Could not restore the triggers that protect the logs ({detail}); run 'giaoban init' as the role that owns the tables.",
        ),
        "cli.audit.chain_ok": (
            "Chuỗi băm của nhật ký nguyên vẹn: {rows} dòng; mã băm cuối {head}.",
            "The audit log's hash chain is intact: {rows} rows; last hash {head}.",
        ),
        "cli.audit.chain_empty": ("Nhật ký thao tác chưa có dòng nào.", "The audit log has no rows yet."),
        "cli.audit.chain_changed": (
            "Chuỗi băm của nhật ký bị đứt ở dòng #{id} (lúc {at}, sau dòng #{previous}): dòng này hoặc một dòng "
            "trước nó đã bị sửa, xóa hoặc chèn thêm sau khi ghi.",
            "The audit log's hash chain is broken at row #{id} (at {at}, after row #{previous}): this row or one "
            "before it was changed, removed or inserted after it was written.",
        ),
        "cli.audit.chain_missing": (
            "Chuỗi băm của nhật ký bị đứt ở dòng #{id} (lúc {at}, sau dòng #{previous}): dòng này không có mã băm, "
            "tức là được ghi vào cơ sở dữ liệu không qua giaoban.",
            "The audit log's hash chain is broken at row #{id} (at {at}, after row #{previous}): the row has no "
            "hash, so it was written into the database other than by giaoban.",
        ),
        "cli.int_invalid": (
            "“{text}” không hợp lệ: cần một số nguyên từ {low} đến {high}.",
            "'{text}' is not valid: a whole number from {low} to {high} is needed.",
        ),
        "cli.date_invalid": ("Ngày “{text}” không hợp lệ; viết YYYY-MM-DD.", "The date '{text}' is not valid; write YYYY-MM-DD."),
        "cli.col.code": ("Mã", "Code"),
        "cli.col.name": ("Tên", "Name"),
        "cli.col.kind": ("Loại", "Kind"),
        "cli.col.sector": ("Lĩnh vực", "Sector"),
        "cli.col.parent": ("Cấp trên", "Parent"),
        "cli.col.valid_from": ("Từ ngày", "From"),
        "cli.unknown_day": ("không rõ", "unknown"),
        "cli.col.valid_to": ("Đến ngày", "To"),
        "cli.col.login": ("Tên đăng nhập", "Login"),
        "cli.col.role": ("Vai trò", "Role"),
        "cli.col.scope": ("Phạm vi", "Scope"),
        "cli.col.active": ("Hoạt động", "Active"),
        "cli.col.at": ("Lúc", "At"),
        "cli.col.acting_as": ("Làm thay", "As"),
        "cli.col.action": ("Thao tác", "Action"),
        "cli.col.outcome": ("Kết quả", "Outcome"),
        "cli.col.target": ("Đối tượng", "Target"),
        "cli.col.message": ("Ghi chú", "Note"),
    }
)


class DateType(click.ParamType):
    """A YYYY-MM-DD date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(i18n.t("cli.date_invalid", None, text=value), param, ctx)


DATE = DateType()


class BoundedInt(click.ParamType):
    """A whole number within the range a database column holds (an id, a year, a target):
    a 20-digit id is a message, not an overflow in the driver."""

    name = "N"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and self.low <= value <= self.high:
            return value
        text = str(value).strip()
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:
            self.fail(i18n.t("cli.int_invalid", None, text=text[:40], low=self.low, high=self.high), param, ctx)
        return number


#: Row ids (PostgreSQL INTEGER columns), years, counts.
ID = BoundedInt(1, 2**31 - 1)
YEAR = BoundedInt(1900, 2200)
COUNT = BoundedInt(0, 1_000_000)


def render_table(headers: list[str], rows: list[list[Any]]) -> str:
    """Plain aligned columns: readable in any terminal and over SSH. Cells are stored text:
    one line each, controls shown as escapes (models.safe_text)."""
    cells = [[("" if v is None else one_line(str(v))) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
    return "\n".join(lines)


@main.command("init")
@click.option("--admin", "admin_login", default=None, metavar="LOGIN",
              help="Register LOGIN as the first admin: only while the database has no users.")
@pass_cli
def init_cmd(cli: CliContext, admin_login: str | None) -> None:
    """Create or upgrade the database to the newest schema; with --admin LOGIN on a database
    without users, register its first admin. Nobody is ever granted anything otherwise."""
    from models.db import redacted, resolve_url
    from models.migrate import head_revision, upgrade
    from models.record.users import first_admin
    from models.uow import read_session

    engine = cli.engine()
    upgrade(engine)
    restored = _restore_triggers(engine)
    if restored:
        click.echo(i18n.t("cli.init.triggers_restored", cli.lang, names=", ".join(restored)), err=True)
    click.echo(i18n.t("cli.init.done", cli.lang, url=redacted(resolve_url(cli.db_url)), revision=head_revision()))
    if admin_login is not None:
        first_admin(engine, admin_login)
        click.echo(i18n.t("cli.init.admin_added", cli.lang, login=admin_login))
        return
    from sqlalchemy import func, select

    from models.schema import User

    with read_session(engine) as session:
        users = session.scalar(select(func.count()).select_from(User))
    if not users:
        click.echo(i18n.t("cli.init.no_admin", cli.lang))


def _restore_triggers(engine: Any) -> list[str]:
    """The append-only triggers re-created where missing or disabled, and checked; a refusal
    when this role cannot (only the role that owns the tables can)."""
    from sqlalchemy.exc import DBAPIError

    from models.append_only import restore
    from models.errors import DomainError
    from models.uow import write_session

    try:
        with write_session(engine, changes_figures=False) as session:
            return restore(session.connection())
    except (RuntimeError, DBAPIError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DomainError("cli.init.triggers_failed", detail=detail) from exc


@main.group("orgs", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", "as_of", type=DATE, default=None, help="The tree as it stood on this date (default: today).")
@click.pass_context
def orgs_cmd(ctx: click.Context, fmt: str, as_of: dt.date | None) -> None:
    """List the organisations within your scope, with each one's parent and name at the date
    (``giaoban orgs rename`` renames one from a day)."""
    if ctx.invoked_subcommand is not None:
        return
    cli = ctx.find_object(CliContext)
    assert cli is not None  # the main group always sets it
    _list_orgs(cli, fmt, as_of)


@orgs_cmd.command("rename")
@click.argument("code")
@click.option("--name", required=True, help="The new name.")
@click.option("--from", "date", type=DATE, required=True, help="The first day it bears the new name (YYYY-MM-DD).")
@pass_cli
def orgs_rename_cmd(cli: CliContext, code: str, name: str, date: dt.date) -> None:
    """Rename an organisation from a day on (its earlier names stay for earlier days)."""
    from models.record import perform, rename_org

    result = perform(cli.engine(), None, cli.as_user, rename_org, org=code, name=name, date=date)
    click.echo(result.message(cli.lang))


def _list_orgs(cli: CliContext, fmt: str, as_of: dt.date | None) -> None:
    from models.listings import org_rows
    from models.record.runner import authorise
    from models.uow import read_session

    day = as_of or dt.date.today()
    engine = cli.engine()
    actor = authorise(engine, "orgs.list", cli.as_user, detail={"as_of": day.isoformat()})
    with read_session(engine) as session:
        records = [shown_value(row.as_json()) for row in org_rows(session, day, actor)]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    keys = ["code", "name", "kind", "sector", "parent", "valid_from", "valid_to"]
    if fmt == "csv":
        keys.append("valid_from_known")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[r[k] if r[k] is not None else "" for k in keys] for r in records])
        click.echo(buf.getvalue(), nl=False)
        return
    headers = [i18n.t(f"cli.col.{k}", cli.lang) for k in keys]
    rows = [
        [r["code"], r["name"], i18n.t(f"org_kind.{r['kind']}", cli.lang), i18n.t(f"sector.{r['sector']}", cli.lang) if r["sector"] else "", r["parent"],
         r["valid_from"] if r["valid_from_known"] else i18n.t("cli.unknown_day", cli.lang), r["valid_to"]]
        for r in records
    ]
    click.echo(render_table(headers, rows))


@main.group("users")
def users_group() -> None:
    """giaoban users: add, list, set-role."""


def _users_op(cli: CliContext, op: Any, **kwargs: Any) -> Any:
    from models.record.runner import perform

    return perform(cli.engine(), None, cli.as_user, op, **kwargs)


ROLE_CHOICE = click.Choice([r.value for r in Role])


@users_group.command("add")
@click.argument("login")
@click.option("--name", default=None, help="Display name.")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--scope", default=None, help="Code of the organisation whose subtree the user may see and change.")
@pass_cli
def users_add(cli: CliContext, login: str, name: str | None, role: str, scope: str | None) -> None:
    """Add a giaoban user for an OS login (admins only)."""
    from models.record.users import add_user

    click.echo(_users_op(cli, add_user, login=login, name=name, role=Role(role), scope=scope).message(cli.lang))


@users_group.command("set-role")
@click.argument("login")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--scope", default=None, help="Code of the organisation whose subtree the user may see and change.")
@pass_cli
def users_set_role(cli: CliContext, login: str, role: str, scope: str | None) -> None:
    """Change a user's role (and scope) (admins only)."""
    from models.record.users import set_role

    click.echo(_users_op(cli, set_role, login=login, role=Role(role), scope=scope).message(cli.lang))


@users_group.command("list")
@pass_cli
def users_list(cli: CliContext) -> None:
    """The giaoban users (admins only)."""
    from models.access import require_admin
    from models.listings import user_rows
    from models.record.runner import authorise
    from models.uow import read_session

    engine = cli.engine()
    actor = authorise(engine, "users.list", cli.as_user, lambda _s, a: require_admin(a))
    with read_session(engine) as session:
        users = user_rows(session, actor)
    rows = [[u.login, u.display_name, i18n.label(u.role, cli.lang), u.scope or "*", "✓" if u.active else "✗"] for u in users]
    headers = [i18n.t(f"cli.col.{k}", cli.lang) for k in ("login", "name", "role", "scope", "active")]
    click.echo(render_table(headers, rows))


@main.group("audit", invoke_without_command=True)
@click.option("--since", type=DATE, default=None, help="Only entries from this date on.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N entries (still printed oldest first).")
@click.option("--search", default=None, metavar="TEXT",
              help="Only entries containing TEXT (login, action, outcome, organisation, detail), any case.")
@click.option("--no-reads", is_flag=True, help="Writes and refusals only, without the reads of personal details.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def audit_cmd(ctx: click.Context, since: dt.date | None, limit: int | None, search: str | None, no_reads: bool, fmt: str) -> None:
    """The audit log (admins and district staff), one line per entry; ``audit verify`` checks its hash chain."""
    if ctx.invoked_subcommand is not None:
        return
    cli = ctx.find_object(CliContext)
    assert cli is not None, "the giaoban group makes the context"
    from models.audit import audit, list_audit, require_audit_reader
    from models.enums import AuditOutcome
    from models.record.runner import authorise
    from models.uow import read_session, write_session

    engine = cli.engine()
    asked_for = {"since": since.isoformat() if since else None, "limit": limit, "search": search, "reads": not no_reads}
    actor = authorise(engine, "audit.read", cli.as_user, lambda _s, a: require_audit_reader(a), detail=asked_for)
    with read_session(engine) as session:
        if limit is None:
            rows = list_audit(session, actor, since, search=search, reads=not no_reads)
        else:
            rows = list_audit(session, actor, since, limit=limit, newest_first=True, search=search,
                              reads=not no_reads)[::-1]
    # Who read the log, and what they asked for, is itself kept in it.
    with write_session(engine, changes_figures=False) as session:
        audit(session, actor, "audit.read", AuditOutcome.READ, after={**asked_for, "rows": len(rows)})
    if fmt == "json":
        out = [
            {
                "id": r.id,
                "at": r.at.isoformat(timespec="seconds"),
                "login": r.login,
                "acting_as": r.acting_as,
                "action": r.action,
                "outcome": r.outcome.value,
                "target_table": r.target_table,
                "target_id": r.target_id,
                "org_id": r.org_id,
                "before": r.before,
                "after": r.after,
                "message": r.message,
            }
            for r in rows
        ]
        out = shown_value(out)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    headers = [i18n.t(f"cli.col.{k}", cli.lang) for k in ("at", "login", "acting_as", "action", "outcome", "target", "message")]
    table = [
        [
            r.at.isoformat(sep=" ", timespec="seconds"),
            r.login,
            r.acting_as,
            r.action,
            r.outcome.value,
            f"{r.target_table}#{r.target_id}" if r.target_table else "",
            (r.message or "")[:60],
        ]
        for r in rows
    ]
    click.echo(render_table(headers, table))


@audit_cmd.command("verify")
@pass_cli
def audit_verify(cli: CliContext) -> None:
    """Recompute the audit log's hash chain; name the first broken link (exit 1)."""
    from models.access import resolve_actor
    from models.audit import require_audit_reader
    from models.audit_chain import verify
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        require_audit_reader(resolve_actor(session, None, cli.as_user))
        check = verify(session.connection())
    if check.broken is None:
        if check.head is None:
            click.echo(i18n.t("cli.audit.chain_empty", cli.lang))
        else:
            click.echo(i18n.t("cli.audit.chain_ok", cli.lang, rows=check.rows, head=check.head))
        return
    b = check.broken
    click.echo(
        i18n.t(f"cli.audit.chain_{b.reason}", cli.lang, id=b.id, at=b.at.isoformat(sep=" ", timespec="seconds"),
               previous=b.previous_id if b.previous_id is not None else "–"),
        err=True,
    )
    click.get_current_context().exit(1)
