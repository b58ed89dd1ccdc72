"""giaoban template, import and export: data in and out through spreadsheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from models import i18n
from models.safe_text import one_line
from tui.cli.admin import YEAR
from tui.cli.base import CliContext, main, pass_cli

i18n.register(
    {
        "cli.template.done": ("Đã ghi mẫu nhập số liệu ra “{file}”.", "Wrote the import template to '{file}'."),
        "cli.export.period": (
            "Năm bắt đầu ({start}) sau năm kết thúc ({end}).",
            "The first year ({start}) is after the last ({end}).",
        ),
    }
)


def _actor(cli: CliContext, action: str, detail: dict[str, object], root: str | None = None,  # type: ignore[no-untyped-def]
           on: dt.date | None = None):
    """Access first: the login must be registered and active (and, for an export, ``root``
    within its scope today or at ``on``), else a refusal naming nothing, audited under ``action``."""
    from models.access import require_org_code
    from models.record.runner import authorise

    def check(session, actor) -> None:  # type: ignore[no-untyped-def]
        if root is not None:
            require_org_code(session, actor, root, on or dt.date.today(), field="root")

    return authorise(cli.engine(), action, cli.as_user, check, detail)


@main.command("template")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write.")
@click.option("--force", is_flag=True, default=False, help="Replace the file if it exists.")
@pass_cli
def template_cmd(cli: CliContext, output: Path, force: bool) -> None:
    """Write the import workbook template (every sheet, its header, drop-down lists, instructions)."""
    from models.io.template import write_template

    write_template(output, force=force)
    click.echo(i18n.t("cli.template.done", cli.lang, file=str(output)))


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, default=False, help="Check the file and show what would change; write nothing.")
@click.option("--sheet", default=None, help="The sheet a CSV file holds (default: from its file name); for XLSX, import only this sheet.")
@click.option("-v", "--verbose", is_flag=True, default=False, help="List every row and what happened to it.")
@pass_cli
def import_cmd(cli: CliContext, file: Path, dry_run: bool, sheet: str | None, verbose: bool) -> None:
    """Import an XLSX or CSV file: all of it or nothing (errors name sheet, row, column and rule)."""
    from models.io.importer import import_file

    actor = _actor(cli, "io.import", {"file": file.name, "dry_run": dry_run})
    result = import_file(cli.engine(), actor, file, sheet=sheet, dry_run=dry_run)
    if verbose:
        for o in result.rows:
            click.echo(one_line(f"{o.sheet} {o.row}: {o.status}"))
    click.echo(result.summary(cli.lang))


@main.command("export")
@click.option("--root", required=True, help="Code of the organisation whose scope is exported.")
@click.option("--period", "period_text", default=None,
              help="The period: 2026, 2020-2022, a quarter 2026-Q3 or a half-year 2026-H1 (default: this year).")
@click.option("--from", "year_from", type=YEAR, default=None, help="First year (default: this year).")
@click.option("--to", "year_to", type=YEAR, default=None, help="Last year (default: the first year).")
@click.option("--sheet", default=None, help="For CSV: the one sheet to write; for XLSX: only this sheet.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or FILE.csv")
@click.option("--force", is_flag=True, default=False, help="Replace the file if it exists.")
@pass_cli
def export_cmd(cli: CliContext, root: str, period_text: str | None, year_from: int | None, year_to: int | None, sheet: str | None, output: Path,
               force: bool) -> None:
    """Export the figures and the event log of a scope (within your rights) to XLSX or CSV."""
    from models.errors import DomainError
    from models.io.export import export_scope
    from models.figures.periods import period_from_options

    if period_text is None and year_from is not None and year_to is not None and year_to < year_from:
        raise DomainError("cli.export.period", field="period", start=year_from, end=year_to)
    days = period_from_options(period_text, year_from, year_to)
    last = days.end.year if days is not None else dt.date.today().year
    on = min(days.end if days is not None else dt.date(last, 12, 31), dt.date.today()) if dt.MINYEAR <= last <= dt.MAXYEAR else None
    actor = _actor(cli, "io.export", {"file": output.name, "org": root}, root, on)
    written = export_scope(cli.engine(), actor, root, output, period=days.years if days else None, sheet=sheet,
                           force=force, days=days)
    click.echo(i18n.t("io.export.done", cli.lang, sheets=len(written), file=str(output)))
