"""Opening the dashboard from the command line (``giaoban`` with no subcommand).

On the very first run on the default SQLite file, the file is created, migrated and filled
with the Cần Giờ demo data set, with a message; that demo database (and only it) lets an OS
login that is not a registered user look around, read-only (the screen says so). Everything else (identity,
figures) is read by the app's workers, after the first frame.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

#: Written next to the default database when it was created with the demo data set.
DEMO_MARKER_SUFFIX = ".demo"

MESSAGES = {
    "creating": (
        "Chưa có cơ sở dữ liệu; đang tạo {path} và nạp bộ số liệu mẫu Cần Giờ (chỉ lần đầu)…",
        "No database yet; creating {path} and loading the Cần Giờ demo data set (first run only)…",
    ),
    "created": ("Đã nạp xong bộ số liệu mẫu.", "The demo data set is loaded."),
}


def _say(key: str, lang: str, **params: Any) -> None:
    vi, en = MESSAGES[key]
    click.echo((vi if lang == "vi" else en).format(**params), err=True)


def demo_marker(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + DEMO_MARKER_SUFFIX)


def default_database_file() -> Path:
    """Where :func:`models.db.default_database_path` puts the embedded database, found without
    importing SQLAlchemy (the first frame must not wait for it; a test keeps the two equal)."""
    from platformdirs import user_data_path

    return user_data_path("giaoban", appauthor=False) / "giaoban.sqlite"


def prepare_default_database(url: str | None, lang: str) -> bool:
    """Create and fill the default database on first run; True when it is the demo database.

    ``url`` is the configured one (flag, environment, settings file); None means the default.
    """
    from models.login import forced_login

    if forced_login() is not None:
        # Over SSH the database is the service account's, named by --db: never a private demo
        # file that would make the person its admin.
        return False
    path = default_database_file()
    # Compared with the default's URL as ``models.db`` writes it, without loading SQLAlchemy.
    if url is not None and url != f"sqlite:///{path}":
        return False
    marker = demo_marker(path)
    if not path.exists():
        _say("creating", lang, path=path)
        from fixtures import can_gio
        from models.access import os_login
        from models.db import default_database_url, make_engine
        from models.migrate import upgrade
        from models.record.users import ensure_admin
        from models.uow import write_session

        engine = make_engine(url or default_database_url())
        try:
            upgrade(engine)
            can_gio.load(engine, dt.date.today())
            # As with `giaoban init`: whoever creates the database administers it, so the
            # demo's recording forms and audit screen work for them from the first run.
            with write_session(engine, changes_figures=False) as session:
                ensure_admin(session, os_login())
        finally:
            engine.dispose()
        marker.write_text("created by giaoban with the Cần Giờ demo data set\n", encoding="utf-8")
        _say("created", lang)
    return marker.exists()


def run_dashboard(cli: Any, *, root: str | None, period: str | None, theme: str | None, present: bool) -> int:
    from tui.app import GiaobanApp
    from tui.data import Store
    from tui.periods import Span
    from tui.themes import check_theme

    check_theme(theme)  # refused in words before anything opens
    demo = prepare_default_database(cli.db_url, cli.lang)
    # Parsing a given period loads the models (and SQLAlchemy) before the first frame; without
    # one, nothing does.
    span = Span.parse(period) if period else None
    url = cli.db_url or f"sqlite:///{default_database_file()}"
    store = Store(cli.engine, as_of=dt.date.today(), as_user=cli.as_user, demo_fallback=demo, url=url)
    settings = cli.settings
    app = GiaobanApp(
        store,
        root=root,
        span=span,
        theme=theme,
        lang=cli.lang,
        present=present,
        chart_marker=getattr(settings, "chart_marker", None),
        animations=bool(getattr(settings, "animations", False)),
        auto_advance=int(getattr(settings, "auto_advance", 0) or 0),
        watch_interval=float(getattr(settings, "watch_interval", 0.25) or 0.25),
    )
    try:
        app.run()
    finally:
        if app.hangup_guard is not None:
            app.hangup_guard.uninstall()
        store.close()
    return app.return_code or 0
