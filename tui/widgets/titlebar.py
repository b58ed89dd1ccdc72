"""The top line of every screen: where you are (breadcrumb), the period, the last update.

The update time is the slot live updates fill ("cập nhật lúc 14:05:12"); it only changes when
data arrives, so an idle screen writes nothing to the terminal. When the database is out of
reach it says so instead ("mất kết nối — số liệu lúc 14:05:12"), in the error colour.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from models.safe_text import one_line
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import day, tr


class Breadcrumb(Widget):
    """Names from the root down; when too long, the start gives way to an ellipsis."""

    DEFAULT_CSS = """
    Breadcrumb { width: 1fr; height: 1; text-style: bold; }
    """

    names: reactive[tuple[str, ...]] = reactive(tuple)

    def render(self) -> Text:
        sep = tr("app.breadcrumb_sep")
        width = max(self.size.width, 10)
        names = [one_line(n) for n in self.names]
        text = sep.join(names)
        # Drop names from the front until the path fits, always keeping the last one.
        while len(text) > width and len(names) > 1:
            names.pop(0)
            text = "…" + sep + sep.join(names)
        if len(text) > width:
            text = text[: width - 1] + "…"
        return Text(text, no_wrap=True, overflow="ellipsis")


class TitleBar(Horizontal):
    DEFAULT_CSS = """
    TitleBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    TitleBar #meta { width: auto; color: $secondary; padding-left: 2; }
    TitleBar #meta.-lost { color: $error; text-style: bold reverse; }
    """

    def __init__(self) -> None:
        super().__init__()
        # Set here, not on mount: a live update may set the period of a screen whose title
        # bar is not mounted yet (a screen pushed a moment before a commit arrives).
        self._path: tuple[str, ...] = ()
        self._period = ""
        self._updated: dt.datetime | None = None
        self._tree_day: dt.date | None = None
        self._lost = False

    def compose(self) -> ComposeResult:
        yield Breadcrumb(id="crumbs")
        yield Static(id="meta")

    def on_mount(self) -> None:
        self._render_meta()

    def _render_meta(self) -> None:
        if not self.is_mounted:
            return  # on_mount draws it
        self._draw_meta()

    @property
    def path(self) -> tuple[str, ...]:
        return self._path

    def set_path(self, names: tuple[str, ...]) -> None:
        self._path = names
        self.query_one(Breadcrumb).names = names

    def set_period(self, label: str) -> None:
        self._period = label
        self._render_meta()

    def set_tree_day(self, day: dt.date | None) -> None:
        """Say so when the figures are read under an earlier tree (an organisation since ended)."""
        self._tree_day = day
        self._render_meta()

    def set_updated(self, when: dt.datetime | None) -> None:
        self._updated = when
        self._render_meta()

    def set_lost(self, lost: bool) -> None:
        self._lost = lost
        self._render_meta()

    def relabel(self) -> None:
        self.query_one(Breadcrumb).refresh()
        self._render_meta()

    def _draw_meta(self) -> None:
        parts = []
        if self._period:
            parts.append(tr("app.period", label=self._period))
        if self._tree_day is not None:
            parts.append(tr("app.tree_day", day=day(self._tree_day)))
        meta = self.query_one("#meta", Static)
        meta.set_class(self._lost, "-lost")
        if self._lost:
            parts.append(tr("app.stale", time=self._updated.strftime("%H:%M:%S") if self._updated else "—"))
        elif self._updated is None:
            parts.append(tr("app.loading"))
        else:
            parts.append(tr("app.updated_at", time=self._updated.strftime("%H:%M:%S")))
        meta.update(Text(" · ".join(parts), no_wrap=True))
