"""Charts drawn by plotext (through textual-plotext), fed plain numbers.

A :class:`ChartPanel` has a title, the plot, and a sentence in its place when there is
nothing to draw: no categories, or only zeros (plotext divides by zero on an all-zero
series). Series colours come from the theme's status colours and are redrawn when the theme
changes; on terminal-palette themes they are the terminal's own named colours.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tui.i18n import tr
from tui.widgets.styles import theme_color

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
    """A chart label from an organisation name: the distinctive part, trimmed to ``width``."""
    for prefix in ("Đảng bộ cơ sở ", "Đảng bộ bộ phận ", "Đảng bộ ", "Đảng ủy ", "Chi bộ cơ sở ", "Chi bộ ", "Tổ đảng "):
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix):]
            break
    return name if len(name) <= width else name[: width - 1] + "…"


class ChartPanel(Vertical):
    DEFAULT_CSS = """
    ChartPanel { height: 1fr; min-height: 8; border: round $primary; border-title-color: $foreground; }
    ChartPanel .chart-empty { height: 1fr; content-align: center middle; color: $text-muted; }
    ChartPanel PlotextPlot { height: 1fr; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_key = title
        self.data: ChartData | None = None

    def compose(self) -> ComposeResult:
        yield PlotextPlot()
        yield Static(tr("app.loading"), classes="chart-empty")

    def on_mount(self) -> None:
        self.border_title = tr(self.title_key)
        self.query_one(PlotextPlot).display = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.replot())

    def draw(self, data: ChartData) -> None:
        self.data = data
        self.replot()

    def relabel(self) -> None:
        self.border_title = tr(self.title_key)
        self.replot()

    def _colour(self, role: str) -> str | tuple[int, int, int]:
        if self.app.current_theme.ansi:
            return _ANSI.get(role, "default")
        return theme_color(self.app, role).rgb

    def replot(self) -> None:
        plot = self.query_one(PlotextPlot)
        empty = self.query_one(".chart-empty", Static)
        data = self.data
        if data is None:
            return
        if data.empty or data.all_zero:
            empty.update(tr("chart.no_data" if data.empty else "chart.all_zero"))
            plot.display, empty.display = False, True
            return
        plot.display, empty.display = True, False
        plot.theme = "clear" if self.app.current_theme.ansi else "auto"
        plt = plot.plt
        plt.clear_figure()
        names = [tr(s.name) for s in data.series]
        colours = [self._colour(s.role) for s in data.series]
        values = [list(s.values) for s in data.series]
        labels = list(data.labels)
        if data.kind == "line":
            xs = list(range(1, len(labels) + 1))
            for name, colour, vals in zip(names, colours, values):
                plt.plot(xs, vals, label=name, color=colour, marker=getattr(self.app, "chart_marker", MARKER))
            plt.xticks(xs, labels)
        else:
            orientation = "horizontal" if data.kind == "hbar" else "vertical"
            if len(values) == 1:
                plt.bar(labels, values[0], color=colours[0], orientation=orientation, width=0.6)
            else:
                plt.multiple_bar(labels, values, labels=names, color=colours, orientation=orientation)
        top = max(v for vals in values for v in vals)
        # Counts are whole numbers: whole ticks, never 8.2 admissions.
        step = max(1, math.ceil(top / 5))
        ticks = list(range(0, int(top) + step + 1, step))
        if data.kind == "hbar":
            plt.xticks(ticks)
        else:
            plt.yticks(ticks)
            plt.ylim(0, ticks[-1])
        plot.refresh()


def bars(labels: Sequence[str], *series: Series, horizontal: bool = False) -> ChartData:
    return ChartData(tuple(labels), tuple(series), "hbar" if horizontal else "bar")
