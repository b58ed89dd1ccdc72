"""Charts drawn by plotext (through textual-plotext), fed plain numbers.

A :class:`ChartPanel` has a title, a legend line above the chart (never over its data), the
chart, and a sentence in its place when there is nothing to draw: no categories, or only
zeros on a plotext chart (plotext divides by zero on an all-zero series). Series colours come
from the theme's status colours and are redrawn when the theme changes; on terminal-palette
themes they are the terminal's own named colours. Series differ by their fill or marker too
(█ ▒ ░ for bars, the line marker then • and +), so a chart reads without colour.

Horizontal bars are drawn as text (:mod:`tui.widgets.hbars`), a row per bar with its value:
every category has its row or the chart says which it left out, names take the width there
is, and zeros show as 0.

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

from rich.color import Color as RichColor
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.i18n import language, tr
from tui.widgets.hbars import PATTERNS, HBars
from tui.widgets.names import distinct_name
from tui.widgets.styles import theme_color

if TYPE_CHECKING:
    from tui.widgets.plot import ChartPlot

#: Plotext marker for lines; braille and sextant glyphs are missing from many fonts.
MARKER = os.environ.get("GIAOBAN_CHART_MARKER", "hd")
#: Markers of the second and third line (the first has the configurable one).
LINE_MARKERS = ("•", "+")
#: What plotext's named markers look like, for the legend.
_MARKER_SAMPLES = {"hd": "▄▀", "fhd": "▞▚", "braille": "⣀⠉", "sd": "██", "dot": "··"}

# Named colours for terminal-palette themes, so 16-colour terminals draw them as they can.
_ANSI = {"success": "green", "error": "red", "warning": "yellow", "primary": "blue", "secondary": "cyan", "accent": "magenta"}


@dataclass(frozen=True)
class Series:
    name: str  # catalogue key
    values: tuple[float, ...]
    role: str = "primary"  # theme colour: primary, secondary, success, warning, error


@dataclass(frozen=True)
class ChartData:
    """Labels and series to draw. Horizontal bars are listed top first. ``unit`` follows each
    value written beside a bar (``%``); ``goal`` marks a value every bar is measured against
    (100 for attainment); ``empty_key`` says why there is nothing to draw."""

    labels: tuple[str, ...]
    series: tuple[Series, ...]
    kind: Literal["bar", "hbar", "line"] = "bar"
    unit: str = ""
    goal: float | None = None
    empty_key: str = "chart.no_data"

    @property
    def empty(self) -> bool:
        return not self.labels or not self.series or all(not s.values for s in self.series)

    @property
    def all_zero(self) -> bool:
        return all(v == 0 for s in self.series for v in s.values)


__all__ = ["ChartData", "ChartPanel", "Series", "distinct_name", "short_label"]


def short_label(name: str, width: int = 14) -> str:
    """A chart label from an organisation name: the distinctive part, trimmed to ``width``."""
    name = distinct_name(name)
    return name if len(name) <= width else name[: width - 1] + "…"


def legend_sample(kind: str, index: int, marker: str | None) -> str:
    """How series ``index`` of a chart of ``kind`` looks, two cells wide."""
    if kind == "line":
        mark = marker if index == 0 and marker else LINE_MARKERS[(index - 1) % len(LINE_MARKERS)]
        return _MARKER_SAMPLES.get(mark, (mark * 2)[:2])
    return PATTERNS[index % len(PATTERNS)] * 2


class ChartPanel(Vertical):
    DEFAULT_CSS = """
    ChartPanel { height: 1fr; min-height: 8; border: round $primary; border-title-color: $foreground; }
    ChartPanel .chart-legend { height: 1; padding: 0 1; display: none; }
    ChartPanel .chart-empty { height: 1fr; content-align: center middle; color: $text-muted; }
    ChartPanel ChartPlot { height: 1fr; }
    ChartPanel HBars { height: 1fr; display: none; }
    """

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title_key = title
        self.data: ChartData | None = None
        self.plot: ChartPlot | None = None  # mounted once there is something to draw
        self._mounted = False

    def compose(self) -> ComposeResult:
        yield Static(classes="chart-legend")
        yield Static(tr("app.loading"), classes="chart-empty")
        yield HBars()

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

    @property
    def drawn(self) -> bool:
        """The current figures are on screen: drawn, or said to be empty."""
        data = self.data
        if data is None or not self._mounted:
            return False
        if self._says_empty(data):
            return True
        if data.kind == "hbar":
            return self.query_one(HBars).display
        return self.plot is not None and self.plot.drawn

    def _colour(self, role: str) -> str | tuple[int, int, int]:
        if self.app.current_theme.ansi:
            return _ANSI.get(role, "default")
        return theme_color(self.app, role).rgb

    def _style(self, role: str) -> Style:
        colour = self._colour(role)
        return Style(color=colour if isinstance(colour, str) else RichColor.from_rgb(*colour))

    @staticmethod
    def _says_empty(data: ChartData) -> bool:
        # Text bars draw zeros (as 0, beside the goal); plotext cannot.
        return data.empty or (data.all_zero and data.kind != "hbar")

    def replot(self) -> None:
        empty = self.query_one(".chart-empty", Static)
        legend = self.query_one(".chart-legend", Static)
        hbars = self.query_one(HBars)
        data = self.data
        if data is None:
            return
        plot = self.plot
        if self._says_empty(data):
            empty.update(tr(data.empty_key if data.empty else "chart.all_zero"))
            empty.display = True
            legend.display = hbars.display = False
            if plot is not None:
                plot.display = False
            return
        marker = getattr(self.app, "chart_marker", MARKER) if data.kind == "line" else None
        legend.display = len(data.series) > 1
        legend.update(self._legend(data, marker))
        empty.display = False
        if data.kind == "hbar":
            if plot is not None:
                plot.display = False
            hbars.display = True
            hbars.show(data, tuple(self._style(s.role) for s in data.series))
            return
        hbars.display = False
        if plot is None:
            from tui.widgets.plot import ChartPlot

            plot = self.plot = ChartPlot()
            self.mount(plot, before=empty)
        plot.display = True
        plot.theme = "clear" if self.app.current_theme.ansi else "auto"
        figure = self._figure(data, marker)
        plot.show_figure(figure, lambda plt, _width, height: _draw(plt, height, *figure))

    def _legend(self, data: ChartData, marker: str | None) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, series in enumerate(data.series):
            if i:
                text.append("   ")
            text.append(legend_sample(data.kind, i, marker), style=self._style(series.role))
            text.append(f" {tr(series.name)}")
        return text

    def _figure(self, data: ChartData, marker: str | None) -> tuple[Any, ...]:
        """Everything the drawing depends on, hashable: equal figures are drawn once."""
        colours = tuple(self._colour(s.role) for s in data.series)
        values = tuple(s.values for s in data.series)
        if data.kind == "line":
            markers = tuple(marker if i == 0 else LINE_MARKERS[(i - 1) % len(LINE_MARKERS)]
                            for i in range(len(data.series)))
        else:
            markers = tuple(PATTERNS[i % len(PATTERNS)] for i in range(len(data.series)))
        # The language is part of the figure: its ticks are written the local way.
        return data.kind, data.labels, values, markers, colours, language()


#: Rows of a plot that are not its canvas: the axis lines above and below, the labels under.
_FRAME_ROWS = 3
#: At most this many steps up the y axis, however tall the chart.
_MAX_STEPS = 5


def _ticks(values: tuple[tuple[float, ...], ...], height: int) -> list[int]:
    """Whole ticks from 0 to at least the largest value (counts: never 8.2 admissions), each on
    a row of its own on a plot ``height`` rows high.

    plotext puts a tick on the canvas row nearest its value; two ticks nearer one row than any
    other (4 and 6 on five rows from 0 to 10) share it and one label hides the other, so which
    one a reader sees is an accident. With at most one step fewer than the canvas has rows,
    and the axis ending on the last tick, every tick has its own row."""
    top = max(v for vals in values for v in vals)
    steps = max(1, min(_MAX_STEPS, height - _FRAME_ROWS - 1))
    step = max(1, math.ceil(top / steps))
    return [step * k for k in range(steps + 1)]


def _draw(plt: Any, height: int, kind: str, labels: tuple[str, ...], values: tuple[tuple[float, ...], ...],
          markers: tuple[str | None, ...], colours: tuple[Any, ...], lang: str) -> None:
    """Put one figure (vertical bars or lines; the legend is the panel's) on a cleared plotext
    plot ``height`` rows high, its ticks written the way ``lang`` writes numbers."""
    from models.numbers import number as written
    if kind == "line":
        xs = list(range(1, len(labels) + 1))
        # The first series last, on top where the lines cross (the figure, over its target).
        for marker, colour, vals in reversed(list(zip(markers, colours, values, strict=True))):
            plt.plot(xs, list(vals), color=colour, marker=marker)
        plt.xticks(xs, list(labels))
    elif len(values) == 1:
        plt.bar(list(labels), list(values[0]), color=colours[0], marker=markers[0], width=0.6)
    else:
        plt.multiple_bar(list(labels), [list(v) for v in values], color=list(colours), marker=list(markers))
    positions = _ticks(values, height)
    plt.yticks(positions, [written(t, 0, lang) for t in positions])
    plt.ylim(0, positions[-1])


def bars(labels: Sequence[str], *series: Series, horizontal: bool = False) -> ChartData:
    return ChartData(tuple(labels), tuple(series), "hbar" if horizontal else "bar")
