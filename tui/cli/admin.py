"""giaoban admin commands: init, orgs, users, audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import click

from models import i18n
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
        "cli.date_invalid": ("Ngày “{text}” không hợp lệ; viết YYYY-MM-DD.", "The date '{text}' is not valid; write YYYY-MM-DD."),
        "cli.col.code": ("Mã", "Code"),
        "cli.col.name": ("Tên", "Name"),
        "cli.col.kind": ("Loại", "Kind"),
        "cli.col.sector": ("Lĩnh vực", "Sector"),
        "cli.col.parent": ("Cấp trên", "Parent"),
        "cli.col.valid_from": ("Từ ngày", "From"),
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


def render_table(headers: list[str], rows: list[list[Any]]) -> str:
    """Plain aligned columns: readable in any terminal and over SSH."""
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells)
    return "\n".join(lines)


@main.command("init")
@pass_cli
def init_cmd(cli: CliContext) -> None:
    """Create or upgrade the database to the newest schema; the OS login becomes an admin."""
    from models.access import os_login
    from models.db import redacted, resolve_url
    from models.migrate import head_revision, upgrade
    from models.record.users import ensure_admin
    from models.uow import write_session

    engine = cli.engine()
    upgrade(engine)
    login = os_login()
    with write_session(engine) as session:
        added = ensure_admin(session, login)
    click.echo(i18n.t("cli.init.done", cli.lang, url=redacted(resolve_url(cli.db_url)), revision=head_revision()))
    if added:
        click.echo(i18n.t("cli.init.admin_added", cli.lang, login=login))


@main.command("orgs")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--as-of", "as_of", type=DATE, default=None, help="The tree as it stood on this date (default: today).")
@pass_cli
def orgs_cmd(cli: CliContext, fmt: str, as_of: dt.date | None) -> None:
    """List the organisations, with each one's parent at the date."""
    from models.listings import org_rows
    from models.uow import read_session

    day = as_of or dt.date.today()
    with read_session(cli.engine()) as session:
        records = [row.as_json() for row in org_rows(session, day)]
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    keys = ["code", "name", "kind", "sector", "parent", "valid_from", "valid_to"]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[r[k] if r[k] is not None else "" for k in keys] for r in records])
        click.echo(buf.getvalue(), nl=False)
        return
    headers = [i18n.t(f"cli.col.{k}", cli.lang) for k in keys]
    rows = [
        [r["code"], r["name"], i18n.t(f"org_kind.{r['kind']}", cli.lang), i18n.t(f"sector.{r['sector']}", cli.lang) if r["sector"] else "", r["parent"], r["valid_from"], r["valid_to"]]
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
    """The giaoban users."""
    from models.access import resolve_actor
    from models.listings import user_rows
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        users = user_rows(session, resolve_actor(session, None, cli.as_user))
    rows = [[u.login, u.display_name, i18n.label(u.role, cli.lang), u.scope or "*", "✓" if u.active else "✗"] for u in users]
    headers = [i18n.t(f"cli.col.{k}", cli.lang) for k in ("login", "name", "role", "scope", "active")]
    click.echo(render_table(headers, rows))


@main.command("audit")
@click.option("--since", type=DATE, default=None, help="Only entries from this date on.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the newest N entries (still printed oldest first).")
@click.option("--search", default=None, metavar="TEXT",
              help="Only entries containing TEXT (login, action, outcome, organisation, detail), any case.")
@click.option("--no-reads", is_flag=True, help="Writes and refusals only, without the reads of personal details.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_cli
def audit_cmd(cli: CliContext, since: dt.date | None, limit: int | None, search: str | None, no_reads: bool, fmt: str) -> None:
    """The audit log (admins and district staff)."""
    from models.access import resolve_actor
    from models.audit import list_audit
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        actor = resolve_actor(session, None, cli.as_user)
        asked = dict(search=search, reads=not no_reads)
        if limit is None:
            rows = list_audit(session, actor, since, **asked)
        else:
            rows = list_audit(session, actor, since, limit=limit, newest_first=True, **asked)[::-1]
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
