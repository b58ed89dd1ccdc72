"""giaoban seed commands: load a demonstration data set into the database.

``giaoban seed can-gio`` loads the Cần Giờ fixture (:mod:`fixtures.can_gio`). It creates or
upgrades the schema first, and refuses a database that already holds organisations or
members (users registered by ``giaoban init`` do not count); with ``--if-empty`` it leaves
such a database alone and succeeds instead, so ``make run`` can call it every time.

Seeding brings its own users (an ``admin`` among them), so once a database has users only an
admin may seed it; a database with no users yet may be seeded by whoever can open it. Both
the load and a refusal are audited.
"""

from __future__ import annotations

import datetime as dt

import click

from models import i18n
from models.errors import DomainError
from tui.cli.base import CliContext, main, pass_cli

i18n.register(
    {
        "field.db": ("Cơ sở dữ liệu", "Database"),
        "seed.not_empty": (
            "{url} đã có dữ liệu; không nạp dữ liệu mẫu chồng lên. Dùng một cơ sở dữ liệu trống "
            "(hoặc “--if-empty” để bỏ qua khi đã có dữ liệu).",
            "{url} already holds data; the fixture is not loaded on top of it. Use an empty database "
            "(or '--if-empty' to skip when data is there).",
        ),
        "seed.skipped": (
            "{url} đã có dữ liệu; bỏ qua việc nạp dữ liệu mẫu.",
            "{url} already holds data; the fixture was not loaded.",
        ),
        "seed.loaded": (
            "Đã nạp dữ liệu mẫu Cần Giờ (đến ngày {until}) vào {url}:",
            "Loaded the Cần Giờ fixture (up to {until}) into {url}:",
        ),
        "seed.summary.orgs": (
            "  {orgs} tổ chức đảng đang hoạt động: {grassroots} tổ chức cơ sở đảng, {cells} chi bộ",
            "  {orgs} Party organisations in being: {grassroots} grassroots organisations, {cells} cells",
        ),
        "seed.summary.members": (
            "  {members} đảng viên trong danh sách ({people} người trong hồ sơ, {events} sự kiện)",
            "  {members} members on the rolls ({people} people on file, {events} events)",
        ),
        "seed.summary.pipeline": (
            "  {candidates} quần chúng ưu tú, {links} mối liên hệ nơi cư trú (Quy định 213), {targets} chỉ tiêu năm",
            "  {candidates} candidates, {links} residence links (Regulation 213), {targets} yearly targets",
        ),
        "seed.summary.users": (
            "  {users} người dùng: admin, vanphong, khach và bí thư từng tổ chức cơ sở đảng (bt.<mã>)",
            "  {users} users: admin, vanphong, khach and one secretary per grassroots organisation (bt.<code>)",
        ),
        "seed.summary.headline": (
            "  {years}: kết nạp {admitted} đảng viên / {target} chỉ tiêu",
            "  {years}: {admitted} admitted against a target of {target}",
        ),
    }
)


def _authorise(cli: CliContext, engine: object, action: str) -> object:
    """The actor seeding: any login while the database has no users, else an admin only
    (refusals audited); an actor for the unregistered login in the first case."""
    from sqlalchemy import func, select

    from models.access import Actor, current_login, require_admin
    from models.enums import Role
    from models.record.runner import authorise
    from models.schema import User
    from models.uow import read_session

    with read_session(engine) as session:  # type: ignore[arg-type]
        if session.scalar(select(func.count()).select_from(User)):
            return authorise(engine, action, cli.as_user, lambda _s, actor: require_admin(actor))  # type: ignore[arg-type]
        login = current_login(session)
    return Actor(user_id=None, login=login, role=Role.VIEWER, scope_org_id=None, os_login=login)


def _refuse_not_empty(cli: CliContext, engine: object, action: str, url: str) -> None:
    from models.record.runner import audit_refusal

    exc = DomainError("seed.not_empty", field="db", url=url)
    audit_refusal(engine, None, cli.as_user, action, exc)  # type: ignore[arg-type]
    raise exc


def _audit_seed(engine: object, actor: object, action: str, detail: dict[str, object]) -> None:
    from models.audit import audit
    from models.enums import AuditOutcome
    from models.uow import write_session

    with write_session(engine, changes_figures=False) as session:  # type: ignore[arg-type]
        audit(session, actor, action, AuditOutcome.OK, after=detail)  # type: ignore[arg-type]


@main.group("seed")
def seed() -> None:
    """Load a demonstration data set into the database."""


@seed.command("can-gio")
@click.option("--if-empty", "if_empty", is_flag=True, default=False,
              help="Skip quietly (and succeed) when the database already holds data.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Load data up to and including this day (YYYY-MM-DD; default: today).")
@pass_cli
def seed_can_gio(cli: CliContext, if_empty: bool, until: dt.datetime | None) -> None:
    """The Cần Giờ district, 2020 to today, with the reorganisation of 1 July 2025."""
    from fixtures import bulk, can_gio
    from models.db import redacted, resolve_url
    from models.migrate import upgrade

    engine = cli.engine()
    url = redacted(resolve_url(cli.db_url))
    upgrade(engine)
    actor = _authorise(cli, engine, "seed.can_gio")
    if not bulk.is_empty(engine):
        if if_empty:
            click.echo(i18n.t("seed.skipped", cli.lang, url=url))
            return
        _refuse_not_empty(cli, engine, "seed.can_gio", url)
    day = until.date() if until else dt.date.today()
    s = can_gio.load(engine, day)
    _audit_seed(engine, actor, "seed.can_gio", {"until": day, "rows": dict(s.rows)})
    lang = cli.lang
    click.echo(i18n.t("seed.loaded", lang, until=day.isoformat(), url=url))
    click.echo(i18n.t("seed.summary.orgs", lang, orgs=s.organisations, grassroots=s.grassroots, cells=s.cells))
    click.echo(i18n.t("seed.summary.members", lang, members=s.members_on_rolls, people=s.rows.get("members", 0),
                      events=s.rows.get("member_events", 0)))
    click.echo(i18n.t("seed.summary.pipeline", lang, candidates=s.rows.get("candidates", 0),
                      links=s.rows.get("residence_links", 0), targets=s.rows.get("admission_targets", 0)))
    click.echo(i18n.t("seed.summary.users", lang, users=s.rows.get("users", 0)))
    if s.headline_admitted is not None:
        years = f"{s.headline_years[0]}–{s.headline_years[-1]}"
        click.echo(i18n.t("seed.summary.headline", lang, years=years, admitted=s.headline_admitted, target=s.headline_target))


i18n.register(
    {
        "seed.synthetic.loaded": (
            "Đã nạp dữ liệu tổng hợp quy mô “{scale}” vào {url} trong {seconds:.1f} giây:",
            "Loaded the synthetic '{scale}' data set into {url} in {seconds:.1f} s:",
        ),
        "seed.synthetic.rows": ("  {table}: {rows} dòng", "  {table}: {rows} rows"),
        "seed.synthetic.shape": (
            "  {grassroots} tổ chức cơ sở đảng, {cells} chi bộ",
            "  {grassroots} grassroots organisations, {cells} cells",
        ),
    }
)


@seed.command("synthetic")
@click.option("--scale", type=click.Choice(["district", "city", "country"]), default="district", show_default=True,
              help="The shape and size: one district (3,000 members), a city (370,000), the country (5.6 million).")
@click.option("--members", type=click.IntRange(min=100), default=None,
              help="Members on the rolls at the start of 2020 instead of the scale's own number.")
@pass_cli
def seed_synthetic(cli: CliContext, scale: str, members: int | None) -> None:
    """A deterministic data set of the real shape, for measuring (seven years of events)."""
    import time

    from fixtures import bulk, synthetic
    from models.db import redacted, resolve_url
    from models.migrate import upgrade

    engine = cli.engine()
    url = redacted(resolve_url(cli.db_url))
    upgrade(engine)
    actor = _authorise(cli, engine, "seed.synthetic")
    if not bulk.is_empty(engine):
        _refuse_not_empty(cli, engine, "seed.synthetic", url)
    started = time.perf_counter()
    s = synthetic.load(engine, scale, members, progress=lambda line: click.echo(line, err=True))
    _audit_seed(engine, actor, "seed.synthetic", {"scale": scale, "rows": dict(s.rows)})
    lang = cli.lang
    click.echo(i18n.t("seed.synthetic.loaded", lang, scale=scale, url=url, seconds=time.perf_counter() - started))
    click.echo(i18n.t("seed.synthetic.shape", lang, grassroots=s.grassroots, cells=s.cells))
    for table, rows in s.rows.items():
        click.echo(i18n.t("seed.synthetic.rows", lang, table=table, rows=rows))
