"""Charts drawn by plotext (through textual-plotext), fed plain numbers.

A :class:`ChartPanel` has a title, the plot, and a sentence in its place when there is
nothing to draw: no categories, or only zeros (plotext divides by zero on an all-zero
series). Series colours come from the theme's status colours and are redrawn when the theme
changes; on terminal-palette themes they are the terminal's own named colours.

The plot itself (:class:`tui.widgets.plot.ChartPlot`, a textual-plotext widget) is created
when the first figures arrive, so plotext is not imported before the first frame; until then
the panel says it is loading.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from models.safe_text import one_line
from tui.i18n import tr
from tui.widgets.styles import theme_color

if TYPE_CHECKING:
    from tui.widgets.plot import ChartPlot

#: Plotext marker for lines; braille and sextant glyphs are missing from many fonts.
MARKER = os.environ.get("GIAOBAN_CHART_MARKER", "hd")

# Named colours for terminal-palette themes, so 16-colour terminals draw them as they can.
_ANSI = {"success": "green", "error": "red", "warning": "yellow", "primary": "blue", "secondary": "cyan", "accent": "magenta"}


@dataclass(frozen=True)
class Series:
    name: str  # catalogue key
    values: tuple[float, ...]
    role: str = "primary"  # theme colour: primary, secondary, success, warning, error


@dataclass(frozen=True)
class ChartData:
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Literal["bar", "hbar", "line"] = "bar"

    @property
    def empty(self) -> bool:
        return not self.labels or not self.series or all(not s.values for s in self.series)

    @property
    def all_zero(self) -> bool:
        return all(v == 0 for s in self.series for v in s.values)


def short_label(name: str, width: int = 14) -> str:
    """A chart label from an organisation name: the distinctive part, trimmed to ``width``,
    on one line with any control character shown (models.safe_text)."""
    name = one_line(name)
    for prefix in ("Đảng bộ cơ sở ", "Đảng bộ bộ phận ", "Đảng bộ ", "Đảng ủy ", "Chi bộ cơ sở ", "Chi bộ ", "Tổ đảng "):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
            break
    return name if len(name) <= width else name[: width - 1] + "…"


class ChartPanel(Vertical):
    DEFAULT_CSS = """
    ChartPanel { height: 1fr; min-height: 8; border: round $primary; border-title-color: $foreground; }
    ChartPanel .chart-empty { height: 1fr; content-align: center middle; color: $text-muted; }
    ChartPanel ChartPlot { height: 1fr; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_key = title
        self.data: ChartData | None = None
        self.plot: ChartPlot | None = None  # mounted once there is something to draw
        self._mounted = False

    def compose(self) -> ComposeResult:
        yield Static(tr("app.loading"), classes="chart-empty")

    def on_mount(self) -> None:
        self._mounted = True
        self.border_title = tr(self.title_key)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.replot())
        if self.data is not None:  # given figures before it was mounted
            self.replot()

    def draw(self, data: ChartData) -> None:
        """Show ``data`` (now, or once the panel is mounted)."""
        self.data = data
        if self._mounted:
            self.replot()

    def relabel(self) -> None:
        self.border_title = tr(self.title_key)
        self.replot()

    def _colour(self, role: str) -> str | tuple[int, int, int]:
        if self.app.current_theme.ansi:
            return _ANSI.get(role, "default")
        return theme_color(self.app, role).rgb

    def replot(self) -> None:
        empty = self.query_one(".chart-empty", Static)
        data = self.data
        if data is None:
            return
        plot = self.plot
        if data.empty or data.all_zero:
            empty.update(tr("chart.no_data" if data.empty else "chart.all_zero"))
            empty.display = True
            if plot is not None:
                plot.display = False
            return
        if plot is None:
            from tui.widgets.plot import ChartPlot

            plot = self.plot = ChartPlot()
            self.mount(plot, before=empty)
        plot.display, empty.display = True, False
        plot.theme = "clear" if self.app.current_theme.ansi else "auto"
        figure = self._figure(data)
        plot.show_figure(figure, lambda plt, _width, height: _draw(plt, height, *figure))

    def _figure(self, data: ChartData) -> tuple[Any, ...]:
        """Everything the drawing depends on, hashable: equal figures are drawn once."""
        names = tuple(tr(s.name) for s in data.series)
        colours = tuple(self._colour(s.role) for s in data.series)
        values = tuple(s.values for s in data.series)
        labels = data.labels
        marker = getattr(self.app, "chart_marker", MARKER) if data.kind == "line" else None
        return data.kind, labels, values, names, colours, marker


def _draw(plt: Any, height: int, kind: str, labels: tuple[str, ...], values: tuple[tuple[float, ...], ...],
          names: tuple[str, ...], colours: tuple[Any, ...], marker: str | None) -> None:
    """Put one figure on a cleared plotext plot ``height`` rows high."""
    if kind == "hbar":
        # How many horizontal bars fit depends on the height the plot is drawn at.
        fitted, kept = _fit_hbars(list(labels), [list(v) for v in values], height)
        labels, values = tuple(fitted), tuple(tuple(v) for v in kept)
    if kind == "line":
        xs = list(range(1, len(labels) + 1))
        for name, colour, vals in zip(names, colours, values, strict=True):
            plt.plot(xs, list(vals), label=name, color=colour, marker=marker)
        plt.xticks(xs, list(labels))
    else:
        orientation = "horizontal" if kind == "hbar" else "vertical"
        if len(values) == 1:
            plt.bar(list(labels), list(values[0]), color=colours[0], orientation=orientation, width=0.6)
        else:
            plt.multiple_bar(list(labels), [list(v) for v in values], labels=list(names), color=list(colours),
                             orientation=orientation)
    top = max(v for vals in values for v in vals)
    # Counts are whole numbers: whole ticks, never 8.2 admissions.
    step = max(1, math.ceil(top / 5))
    ticks = list(range(0, int(top) + step + 1, step))
    if kind == "hbar":
        plt.xticks(ticks)
    else:
        plt.yticks(ticks)
        plt.ylim(0, ticks[-1])


def _fit_hbars(labels: list[str], values: list[list[float]], height: int) -> tuple[list[str], list[list[float]]]:
    """Keep the horizontal bars that plotext can draw beside their own labels in ``height``
    rows: at least two rows per label for each series (tried across heights: with fewer,
    plotext's rounding puts a bar beside its neighbour's label). The data lists the most
    important label last (plotext draws bottom-up), so the end is kept."""
    if height <= 0:
        return labels, values
    fit = max(1, (height - 1) // (2 * len(values)))
    if fit >= len(labels):
        return labels, values
    return labels[-fit:], [vals[-fit:] for vals in values]


def bars(labels: Sequence[str], *series: Series, horizontal: bool = False) -> ChartData:
    return ChartData(tuple(labels), tuple(series), "hbar" if horizontal else "bar")
