"""giaoban report commands: the opening report of a briefing, and the problem cells."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from models import i18n
from tui.cli.base import CliContext, main, pass_cli


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: YYYY-MM-DD") from exc


def _lang(cli: CliContext, lang: str | None) -> str:
    return lang or cli.lang


@main.command("report")
@click.option("--root", "root", required=True, help="Code of the organisation the report is about.")
@click.option("--from", "from_year", type=int, required=True, help="First year of the period.")
@click.option("--to", "to_year", type=int, default=None, help="Last year of the period (default: --from).")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output; for docx a file named after the report).")
@click.option("--as-of", "as_of", default=None,
              help="Date of the figures, YYYY-MM-DD (default: the end of the period, today if earlier).")
@click.option("--lang", "lang", type=click.Choice(list(i18n.LANGUAGES)), default=None, help="vi (default) or en.")
@pass_cli
def report(cli: CliContext, root: str, from_year: int, to_year: int | None, fmt: str, output: Path | None,
           as_of: str | None, lang: str | None) -> None:
    """Write the opening report (báo cáo đề dẫn) of a briefing for ROOT over a period."""
    from models.figures_data import Period
    from models.report import authorise_export, build_report, default_as_of, to_docx, to_json, to_markdown
    from models.successors import successors
    from models.tree import get_org
    from models.uow import read_session

    lang = _lang(cli, lang)
    period = Period.parse(f"{from_year}-{to_year or from_year}")
    engine = cli.engine()
    with read_session(engine) as session:
        org = get_org(session, root)
        ended_into = successors(session, org)
    day = _date(as_of) or default_as_of(org, period, successors=ended_into)
    detail = {"format": fmt, "from": period.start_year, "to": period.end_year, "as_of": day.isoformat()}
    authorise_export(engine, org, day, detail, as_user=cli.as_user)
    with read_session(engine) as session:
        data = build_report(session, org.id, period, day)
    if fmt == "docx":
        path = output or Path(f"bao-cao-de-dan-{org.code}-{period.start_year}-{period.end_year}.docx")
        to_docx(data, path, lang)
        click.echo(str(path), err=True)
        return
    text = (
        json.dumps(to_json(data, lang), ensure_ascii=False, indent=2) + "\n"
        if fmt == "json"
        else to_markdown(data, lang)
    )
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@main.command("problems")
@click.option("--root", "root", required=True, help="Code of the organisation whose subtree is checked.")
@click.option("--year", type=int, default=None, help="The year (default: this year).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--as-of", "as_of", default=None, help="Date of the figures, YYYY-MM-DD (default: end of the year, or today).")
@click.option("--lang", "lang", type=click.Choice(list(i18n.LANGUAGES)), default=None, help="vi (default) or en.")
@pass_cli
def problems(cli: CliContext, root: str, year: int | None, fmt: str, as_of: str | None, lang: str | None) -> None:
    """List the problem cells of ROOT's subtree, the worst first, with the reasons."""
    from models.figures_data import Period
    from models.problems import find_problems
    from models.report import authorise_export, default_as_of, problems_json
    from models.tree import get_org
    from models.uow import read_session

    lang = _lang(cli, lang)
    period = Period.year(year or dt.date.today().year)
    engine = cli.engine()
    with read_session(engine) as session:
        org = get_org(session, root)
    day = _date(as_of) or default_as_of(org, period)
    authorise_export(engine, org, day, {"format": f"problems-{fmt}", "year": period.start_year, "as_of": day.isoformat()},
               as_user=cli.as_user)
    with read_session(engine) as session:
        found = find_problems(session, org.id, period, day)
    if fmt == "json":
        click.echo(json.dumps(problems_json(found, lang), ensure_ascii=False, indent=2))
        return
    for p in found:
        click.echo(f"[{p.severity}] {p.org.code}  {' › '.join(p.path)}")
        for h in p.hits:
            click.echo(f"    - {h.title(lang)}: {h.reason(lang)}")
    click.echo(i18n.t("report.problems_count", lang, count=len(found)))
