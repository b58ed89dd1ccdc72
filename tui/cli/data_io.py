"""giaoban template, import and export: data in and out through spreadsheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from models import i18n
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


def _actor(cli: CliContext):  # type: ignore[no-untyped-def]
    from models.access import resolve_actor
    from models.uow import read_session

    with read_session(cli.engine()) as session:
        return resolve_actor(session, None, cli.as_user)


@main.command("template")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write.")
@pass_cli
def template_cmd(cli: CliContext, output: Path) -> None:
    """Write the import workbook template (every sheet, its header, drop-down lists, instructions)."""
    from models.io.template import write_template

    write_template(output)
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

    result = import_file(cli.engine(), _actor(cli), file, sheet=sheet, dry_run=dry_run)
    if verbose:
        for o in result.rows:
            click.echo(f"{o.sheet} {o.row}: {o.status}")
    click.echo(result.summary(cli.lang))


@main.command("export")
@click.option("--root", required=True, help="Code of the organisation whose scope is exported.")
@click.option("--from", "year_from", type=int, default=None, help="First year (default: this year).")
@click.option("--to", "year_to", type=int, default=None, help="Last year (default: the first year).")
@click.option("--sheet", default=None, help="For CSV: the one sheet to write; for XLSX: only this sheet.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="FILE.xlsx or FILE.csv")
@pass_cli
def export_cmd(cli: CliContext, root: str, year_from: int | None, year_to: int | None, sheet: str | None, output: Path) -> None:
    """Export the figures and the event log of a scope (within your rights) to XLSX or CSV."""
    from models.errors import DomainError
    from models.figures_data import Period
    from models.io.export import export_scope

    period = None
    if year_from is not None or year_to is not None:
        start = year_from if year_from is not None else year_to
        end = year_to if year_to is not None else (year_from if year_from is not None else dt.date.today().year)
        assert start is not None and end is not None
        if end < start:
            raise DomainError("cli.export.period", field="period", start=start, end=end)
        period = Period(start, end)
    written = export_scope(cli.engine(), _actor(cli), root, output, period=period, sheet=sheet)
    click.echo(i18n.t("io.export.done", cli.lang, sheets=len(written), file=str(output)))
