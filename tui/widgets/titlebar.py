"""The top line of every screen: where you are (breadcrumb), the period, the last update.

The update time is the slot live updates fill ("cập nhật lúc 14:05:12"); it only changes when
data arrives, so an idle screen writes nothing to the terminal. When the database is out of
reach it says so instead ("mất kết nối — số liệu lúc 14:05:12"), in the error colour.
"""

from __future__ import annotations

import datetime as dt

from rich.cells import cell_len
from rich.text import Text

from models.safe_text import one_line
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.i18n import day, tr
from tui.widgets.names import distinct_name


class Breadcrumb(Widget):
    """Names from the root down; when too long, the start gives way to an ellipsis."""

    DEFAULT_CSS = """
    Breadcrumb { width: 1fr; height: 1; text-style: bold; }
    """

    names: reactive[tuple[str, ...]] = reactive(tuple)
    optional_last: reactive[bool] = reactive(False)

    def render(self) -> Text:
        return Text(self.fitted(max(self.size.width, 10)), no_wrap=True, overflow="ellipsis")

    def fitted(self, width: int) -> str:
        """The path in ``width`` cells: as many of the last names as fit, whole, or else without
        their kind (``Đảng bộ huyện Cần Giờ`` → ``huyện Cần Giờ``), the start giving way to an
        ellipsis; only the last name is ever cut. A last name that the screen shows anyway
        (``optional_last``: a section, whose tab is lit below) goes before any organisation."""
        names = [one_line(n) for n in self.names]
        if self.optional_last and len(names) > 1:
            whole = self._fit(names, width, least=len(names))
            return whole if whole is not None else self._fit(names[:-1], width) or ""
        return self._fit(names, width) or ""

    @staticmethod
    def _fit(names: list[str], width: int, least: int = 1) -> str | None:
        sep = tr("app.breadcrumb_sep")
        for keep in range(len(names), least - 1, -1):
            tail = names[-keep:]
            for shown in (tail, [distinct_name(n) for n in tail]):
                text = sep.join(shown) if keep == len(names) else "…" + sep + sep.join(shown)
                if cell_len(text) <= width:
                    return text
        if least > 1:
            return None
        text = distinct_name(names[-1]) if names else ""
        return text if cell_len(text) <= width else text[: width - 1] + "…"

    @property
    def needs(self) -> str:
        """The least the path should show: its last organisation after an ellipsis."""
        names = list(self.names[:-1] if self.optional_last and len(self.names) > 1 else self.names)
        return "…" + tr("app.breadcrumb_sep") + distinct_name(names[-1]) if names else ""


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

    def set_path(self, names: tuple[str, ...], *, optional_last: bool = False) -> None:
        """Show ``names``; ``optional_last``: the last one is shown elsewhere on the screen
        too (a section's tab), and gives way first when the path is cut."""
        self._path = names
        crumbs = self.query_one(Breadcrumb)
        crumbs.names = names
        crumbs.optional_last = optional_last
        self._render_meta()  # its wording leaves room for the last name

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

    def on_resize(self) -> None:
        self._render_meta()

    def _draw_meta(self) -> None:
        meta = self.query_one("#meta", Static)
        meta.set_class(self._lost, "-lost")
        # The fullest wording that leaves the breadcrumb its last name (without its kind)
        # after an ellipsis; on a narrow screen the words "Kỳ" and "cập nhật lúc" go first.
        want = min(40, cell_len(self.query_one(Breadcrumb).needs))
        room = self.size.width - 2 - 2  # the bar's padding, the meta's own
        for level in range(3):
            text = " · ".join(self._meta_parts(level))
            if self.size.width <= 0 or room - cell_len(text) >= want:
                break
        meta.update(Text(text, no_wrap=True))

    def _meta_parts(self, level: int) -> list[str]:
        """The period, the tree's day, the update: in full (0), the time alone (1), the
        period's label alone too (2)."""
        parts = []
        if self._period:
            parts.append(tr("app.period", label=self._period) if level < 2 else self._period)
        if self._tree_day is not None:
            parts.append(tr("app.tree_day", day=day(self._tree_day)))
        if self._lost:
            parts.append(tr("app.stale", time=self._updated.strftime("%H:%M:%S") if self._updated else "—"))
        elif self._updated is None:
            parts.append(tr("app.loading"))
        elif level:
            parts.append(self._updated.strftime("%H:%M:%S"))
        else:
            parts.append(tr("app.updated_at", time=self._updated.strftime("%H:%M:%S")))
        return parts
