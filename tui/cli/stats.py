"""``giaoban rebuild-stats``: recompute the per-year figures and the states from the event log (admins)."""

from __future__ import annotations

import time

import click

from models import i18n
from tui.cli.base import CliContext, main, pass_cli

i18n.register(
    {
        "stats.rebuilt": (
            "Đã tính lại số liệu theo năm của {orgs} tổ chức và trạng thái của đảng viên, quần chúng ưu tú, liên hệ nơi"
            " cư trú từ nhật ký sự kiện trong {seconds:.1f} giây.",
            "Recomputed the yearly figures of {orgs} organisations and the states of members, candidates and residence"
            " links from the event log in {seconds:.1f} s.",
        ),
    }
)


@main.command("rebuild-stats")
@pass_cli
def rebuild_stats(cli: CliContext) -> None:
    """Recompute the per-organisation, per-year figures, their rollups and the members', candidates' and
    Regulation 213 links' states from the event log."""
    from models import stats
    from models.access import require_admin
    from models.record.runner import authorise
    from models.uow import write_session

    engine = cli.engine()
    started = time.perf_counter()
    authorise(engine, "stats.rebuild", cli.as_user, lambda _s, actor: require_admin(actor))
    with write_session(engine) as session:
        orgs = stats.rebuild(session)
    click.echo(i18n.t("stats.rebuilt", cli.lang, orgs=orgs, seconds=time.perf_counter() - started))
