"""giaoban report commands: the opening report of a briefing, and the problem cells."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from models import i18n
from models.safe_text import one_line
from tui.cli.admin import YEAR
from tui.cli.base import CliContext, main, pass_cli

if TYPE_CHECKING:
    from collections.abc import Sequence

    from models.figures.periods import DayPeriod
    from models.tree import OrgInfo


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: YYYY-MM-DD") from exc


def _period(text: str | None, from_year: int | None, to_year: int | None) -> DayPeriod:
    """--period, else --from/--to, else this year."""
    from models.figures.periods import parse_period, period_from_options

    return period_from_options(text, from_year, to_year) or parse_period(str(dt.date.today().year))


def _default_day(org: OrgInfo, days: DayPeriod, successors: Sequence[OrgInfo] = ()) -> dt.date:
    """The date of the figures: the end of the period (a quarter's, a half-year's), or today,
    or the day before the organisation ended, whichever is first (models.report.default_tree_day);
    a period after it ended is refused, naming its ``successors``."""
    from models.report import default_tree_day

    return min(default_tree_day(org, days.years, successors=successors), max(days.end, org.valid_from))


def _lang(cli: CliContext, lang: str | None) -> str:
    return lang or cli.lang


def _gate(cli: CliContext, engine: object, root: str, last_year: int, detail: dict[str, object]) -> None:
    """Access first: an unregistered, disabled or out-of-scope login is refused (and audited)
    before the organisation is even looked up, so the refusal says nothing about it. The scope
    counts as it stands today and at the end of the period."""
    from models.access import require_org_code
    from models.record.runner import authorise

    on = dt.date(last_year, 12, 31) if dt.MINYEAR <= last_year <= dt.MAXYEAR else dt.date.today()
    authorise(engine, "report.export", cli.as_user,  # type: ignore[arg-type]
              lambda session, actor: require_org_code(session, actor, root, on), {**detail, "org": root})


@main.command("report")
@click.option("--root", "root", required=True, help="Code of the organisation the report is about.")
@click.option("--period", "period_text", default=None,
              help="The period: 2026, 2020-2022, a quarter 2026-Q3 or a half-year 2026-H1 (default: this year).")
@click.option("--from", "from_year", type=YEAR, default=None, help="First year of the period (or use --period).")
@click.option("--to", "to_year", type=YEAR, default=None, help="Last year of the period (default: --from).")
@click.option("--format", "fmt", type=click.Choice(["md", "docx", "pdf", "json"]), default="md", show_default=True,
              help="pdf needs LibreOffice (soffice).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output; for docx and pdf a file named after the report).")
@click.option("--number", "number_text", default=None,
              help="The document's number, when the office has given it (default: a blank to fill in).")
@click.option("--date", "issued", default=None, help="Date of the document, YYYY-MM-DD (default: today).")
@click.option("--as-of", "as_of", default=None,
              help="Day of the tree the figures are read under, YYYY-MM-DD (default: the end of the period, today if"
                   " earlier); the figures are those of the period, at its end or this day if earlier.")
@click.option("--lang", "lang", type=click.Choice(list(i18n.LANGUAGES)), default=None, help="vi (default) or en.")
@click.option("--force", is_flag=True, default=False, help="Replace the output file if it exists.")
@pass_cli
def report(cli: CliContext, root: str, period_text: str | None, from_year: int | None, to_year: int | None, fmt: str, output: Path | None,
           number_text: str | None, issued: str | None, as_of: str | None, lang: str | None, force: bool) -> None:
    """Write the opening report (báo cáo đề dẫn) of a briefing for ROOT over a period, as a Party
    document; the head, signature and recipients come from the report_* settings."""
    import tempfile

    from models.report import authorise_export, build_report, to_json
    from models.report_docx import to_docx
    from models.report_markdown import to_markdown
    from models.report_pdf import docx_to_pdf, soffice
    from models.report_text import Office
    from models.successors import successors
    from models.tree import get_org
    from models.uow import read_session

    from models.output_file import check_target

    lang = _lang(cli, lang)
    if output is not None:
        check_target(output, force)  # before any work: an existing file or a link is refused at once
    days = _period(period_text, from_year, to_year)
    period = days.years
    engine = cli.engine()
    _gate(cli, engine, root, period.end_year, {"format": fmt, "from": period.start_year, "to": period.end_year})
    with read_session(engine) as session:
        org = get_org(session, root)
        ended_into = successors(session, org)
    day = _date(as_of) or _default_day(org, days, ended_into)
    if fmt == "pdf" and soffice() is None:
        from models.errors import DomainError

        raise DomainError("report.pdf.no_soffice", field="format")
    office = Office.from_settings(cli.settings) if cli.settings is not None else Office()
    on = _date(issued)
    detail = {"format": fmt, "from": period.start_year, "to": period.end_year, "as_of": day.isoformat()}
    actor = authorise_export(engine, org, day, detail, as_user=cli.as_user)
    with read_session(engine) as session:
        data = build_report(session, actor, org.id, period, day, days=days, office=fmt == "json")
    if fmt in ("docx", "pdf"):
        # The code is checked on input; a stored one from before is made a plain file name.
        code = re.sub(r"[^A-Za-z0-9._-]|^\.+", "_", org.code)
        span = f"{period.start_year}-{period.end_year}" if days.label == period.label() else days.label
        path = output or Path(f"bao-cao-de-dan-{code}-{span}.{fmt}")
        if fmt == "docx":
            to_docx(data, path, lang, office, on, number_text, force=force)
        else:
            check_target(path, force)
            with tempfile.TemporaryDirectory(prefix="giaoban-report-") as tmp:
                source = Path(tmp) / (path.stem + ".docx")
                to_docx(data, source, lang, office, on, number_text)
                docx_to_pdf(source, path, force=force)
        click.echo(str(path), err=True)
        return
    text = (
        json.dumps(to_json(data, lang), ensure_ascii=False, indent=2) + "\n"
        if fmt == "json"
        else to_markdown(data, lang, office, on, number_text)
    )
    if output:
        from models.output_file import write_output

        write_output(output, lambda fh: fh.write(text.encode("utf-8")), force=force)
    else:
        sys.stdout.write(text)


@main.command("problems")
@click.option("--root", "root", required=True, help="Code of the organisation whose subtree is checked.")
@click.option("--year", type=YEAR, default=None, help="The year (default: this year).")
@click.option("--period", "period_text", default=None,
              help="Instead of --year: 2026, or a quarter 2026-Q3 or half-year 2026-H1 (the figures at its end).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--as-of", "as_of", default=None, help="Date of the figures, YYYY-MM-DD (default: end of the year, or today).")
@click.option("--lang", "lang", type=click.Choice(list(i18n.LANGUAGES)), default=None, help="vi (default) or en.")
@pass_cli
def problems(cli: CliContext, root: str, year: int | None, period_text: str | None, fmt: str, as_of: str | None, lang: str | None) -> None:
    """List the problem cells of ROOT's subtree, the worst first, with the reasons."""
    from models.figures.service import Part, briefing
    from models.report import authorise_export, problems_json
    from models.tree import get_org
    from models.uow import read_session

    lang = _lang(cli, lang)
    days = _period(period_text, year, None)
    period = days.years
    engine = cli.engine()
    _gate(cli, engine, root, period.end_year, {"format": f"problems-{fmt}", "year": period.start_year})
    with read_session(engine) as session:
        org = get_org(session, root)
    day = _date(as_of) or _default_day(org, days)
    actor = authorise_export(engine, org, day, {"format": f"problems-{fmt}", "year": period.start_year,
                                                "as_of": day.isoformat()}, as_user=cli.as_user)
    from models.removal_warnings import members_at_risk, removal_warnings

    with read_session(engine) as session:
        found = briefing(session, actor, org.id, period, tree_day=day,
                         parts=frozenset({Part.PROBLEMS})).problems or ()
        at_risk = members_at_risk(removal_warnings(session, org.id, day))
    if fmt == "json":
        click.echo(json.dumps(problems_json(found, lang), ensure_ascii=False, indent=2))
        return
    for p in found:
        click.echo(one_line(f"[{p.severity}] {p.org.code}  {' › '.join(p.path)}"))
        for h in p.hits:
            click.echo(one_line(f"    - {h.title(lang)}: {h.reason(lang)}"))
    click.echo(i18n.t("report.problems_count", lang, count=len(found)))
    if at_risk:
        # An entry of its own: members, not organisations (``giaoban warnings`` lists them).
        click.echo(i18n.t("report.at_risk.problem_line", lang, count=f"{at_risk:02d}"))
