"""The ``giaoban`` command group and what every subcommand shares.

Subcommands live in modules of their own (``admin``, ``record``, ``seed``, ``report`` ...)
and attach themselves to :data:`main`. Nothing here imports Textual: only the dashboard
itself (``giaoban`` with no subcommand) loads it, lazily.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

from models import i18n
from models.errors import DomainError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliContext:
    """Options given before the subcommand, and the engine built from them on first use."""

    db_url: str | None
    lang: str
    as_user: str | None
    settings: Any = None  # models.settings.Settings
    _engine: Any = field(default=None, repr=False)

    def engine(self) -> Any:
        if self._engine is None:
            from models.db import make_engine

            self._engine = make_engine(self.db_url)
        return self._engine


class DomainErrorGroup(click.Group):
    """Turns refusals into a message on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DomainError as exc:
            lang = ctx.obj.lang if isinstance(ctx.obj, CliContext) else None
            click.echo(exc.message(lang), err=True)
            ctx.exit(1)
        except Exception as exc:
            from models.db import connection_failure, resolve_url

            url = resolve_url(ctx.obj.db_url if isinstance(ctx.obj, CliContext) else None)
            refusal = connection_failure(exc, url)
            if refusal is None:
                raise
            lang = ctx.obj.lang if isinstance(ctx.obj, CliContext) else None
            click.echo(refusal.message(lang) if isinstance(refusal, DomainError) else str(refusal), err=True)
            ctx.exit(1)


@click.group(cls=DomainErrorGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_url", default=None, help="Database URL (default: $GIAOBAN_DATABASE_URL, else SQLite in the user data directory).")
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default=None, help="Language: vi (default) or en.")
@click.option("--as", "as_user", default=None, help="Act as another giaoban user (admins only; audited).")
@click.option("--root", default=None, help="Dashboard: the organisation to open (its code).")
@click.option("--period", default=None, help="Dashboard: the period, e.g. 2023 or 2020-2022.")
@click.option("--theme", default=None, help="Dashboard: the theme to start with.")
@click.option("--present", is_flag=True, default=False, help="Dashboard: start in presentation mode.")
@click.option("--login", "ssh_login", default=None, hidden=True,
              help="The person an SSH forced command stands for (see README: honoured only there).")
@click.pass_context
def main(
    ctx: click.Context,
    db_url: str | None,
    lang: str | None,
    as_user: str | None,
    root: str | None,
    period: str | None,
    theme: str | None,
    present: bool,
    ssh_login: str | None,
) -> None:
    """giaoban: the briefing dashboard of a Party committee. With no command, opens it."""
    from models.settings import load_settings

    settings = load_settings({"database_url": db_url, "lang": lang, "theme": theme})
    lang = settings.lang if settings.lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    # Domain messages read the language from the environment; set it for this process.
    os.environ[i18n.ENV_LANG] = lang
    ctx.obj = CliContext(db_url=settings.database_url, lang=lang, as_user=as_user, settings=settings)
    if settings.login_from_database_role:
        from models.login import use_database_role

        use_database_role(True)
    if ssh_login is not None:
        from tui.cli.ssh import serve_forced

        serve_forced(ctx, ctx.obj, ssh_login, db_url)
    if ctx.invoked_subcommand is None:
        from tui.cli.dashboard import run_dashboard

        sys.exit(run_dashboard(ctx.obj, root=root, period=period, theme=settings.theme, present=present))


pass_cli = click.make_pass_decorator(CliContext)


@main.command("config")
@pass_cli
def show_config(cli: CliContext) -> None:
    """Print the effective settings (database password hidden) and where they come from."""
    import json

    from tui.themes import check_theme

    check_theme(cli.settings.theme)  # a theme the dashboard would refuse is refused here too

    from models.db import resolve_url
    from models.rules import default_rules
    from models.settings import config_path

    data = cli.settings.redacted()
    from models.db import redacted

    data["database_url"] = redacted(resolve_url(cli.db_url))
    data["config_file"] = str(config_path())
    data["rules_files"] = list(default_rules().source)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
