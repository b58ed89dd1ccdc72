"""giaoban members, warnings and conclusions: what a briefing follows from one to the next."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from models import i18n
from models.enums import ConclusionCondition
from tui.cli.admin import DATE
from tui.cli.base import CliContext, main, pass_cli

FORMATS = click.Choice(["table", "json"])


def _actor(cli: CliContext) -> Any:
    from models.access import resolve_actor
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        return resolve_actor(session, None, cli.as_user)


def _org(cli: CliContext, code: str) -> Any:
    from models.errors import NotFound
    from models.tree import get_org
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        try:
            return get_org(session, code)
        except NotFound as exc:
            raise NotFound("org.not_found", field="org", code=code) from exc


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command("members")
@click.option("--org", "org", required=True, help="Code of the organisation (its whole catchment).")
@click.option("--as-of", "as_of", type=DATE, default=None, help="The day (default: today).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_cli
def members_cmd(cli: CliContext, org: str, as_of: dt.date | None, fmt: str) -> None:
    """The members on the rolls of ORG at a day (personal details: the read is logged)."""
    from models.people import cell_members

    info = _org(cli, org)
    rows = cell_members(cli.engine(), _actor(cli), info.id, as_of or dt.date.today())
    if fmt == "json":
        _echo_json([{"id": r.id, "name": r.full_name, "status": r.status.value, "joined": r.joined.isoformat(),
                     "came_by": "transfer_in" if r.transferred_in else "admission"} for r in rows])
        return
    for r in rows:
        # A member who came by transfer was not admitted here: never "kết nạp" for them.
        came = i18n.t("member.came.transfer_in" if r.transferred_in else "member.came.admission", cli.lang,
                      day=r.joined.isoformat())
        click.echo(f"{r.id:>8}  {r.full_name}  ({r.status.label(cli.lang)}; {came})")


@main.command("warnings")
@click.option("--root", "root", required=True, help="Code of the organisation whose members are checked.")
@click.option("--as-of", "as_of", type=DATE, default=None, help="The day (default: today).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_cli
def warnings_cmd(cli: CliContext, root: str, as_of: dt.date | None, fmt: str) -> None:
    """Members at risk of removal: missed meetings or unpaid dues within the last months."""
    from models.warning_reads import read_warnings

    info = _org(cli, root)
    found = read_warnings(cli.engine(), _actor(cli), info.id, as_of or dt.date.today())
    if fmt == "json":
        _echo_json([w.as_json() for w in found])
        return
    for w in found:
        click.echo(f"[{i18n.label(w.level, cli.lang)}] {w.org_code}  {w.member_id}  {w.name}: {w.explanation(cli.lang)}")
    click.echo(i18n.t("warning.count", cli.lang, count=len({w.member_id for w in found})))


@main.group("conclusions")
def conclusions_group() -> None:
    """Conclusions of a briefing (kết luận giao ban), followed to the next one."""


@conclusions_group.command("add")
@click.option("--org", "org", required=True, help="Code of the organisation responsible.")
@click.option("--text", "text", required=True, help="What it must do.")
@click.option("--due", "due", type=DATE, required=True, help="The deadline, YYYY-MM-DD.")
@click.option("--briefing", "briefing", type=DATE, default=None, help="The briefing's date (default: today).")
@click.option("--briefing-org", "briefing_org", default=None,
              help="The committee that held the briefing (default: the one above --org).")
@click.option("--condition", type=click.Choice([c.value for c in ConclusionCondition]), default=None,
              help="A figure that says when it is done.")
@click.option("--count", "count", type=int, default=None, help="admitted_at_least: how many admissions.")
@click.option("--period", "period", default=None,
              help="admitted_at_least: years, e.g. 2023 or 2023-2024; r213_comments_complete: the year.")
@pass_cli
def conclusions_add(cli: CliContext, **kw: Any) -> None:
    """Record a conclusion; prints its id."""
    from models.record import add_conclusion, perform

    result = perform(cli.engine(), None, cli.as_user, add_conclusion, **kw)
    click.echo(result.target_id)
    click.echo(result.message(cli.lang), err=True)


@conclusions_group.command("list")
@click.option("--root", "root", required=True, help="Code of the organisation (its whole catchment).")
@click.option("--as-of", "as_of", type=DATE, default=None, help="The day (default: today).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_cli
def conclusions_list(cli: CliContext, root: str, as_of: dt.date | None, fmt: str) -> None:
    """Each conclusion: done, in progress (its figure against the condition) or overdue."""
    from models.conclusions import read_conclusions

    info = _org(cli, root)
    rows = read_conclusions(cli.engine(), _actor(cli), info.id, as_of or dt.date.today())
    if fmt == "json":
        _echo_json([r.as_json() for r in rows])
        return
    for r in rows:
        click.echo(f"{r.id:>5}  [{r.status.label(cli.lang)}]  {r.org_code}  {r.due.isoformat()}  {r.text}  — {r.progress(cli.lang)}")


@conclusions_group.command("close")
@click.argument("conclusion_id", type=int)
@click.option("--note", "note", required=True, help="What was done.")
@click.option("--date", "date", type=DATE, default=None, help="The day it was done (default: today).")
@pass_cli
def conclusions_close(cli: CliContext, conclusion_id: int, note: str, date: dt.date | None) -> None:
    """Close by hand, with a note, a conclusion that has no condition."""
    from models.record import close_conclusion, perform

    result = perform(cli.engine(), None, cli.as_user, close_conclusion, conclusion_id=conclusion_id, note=note, date=date)
    click.echo(result.message(cli.lang))
