"""A textual-plotext plot drawn straight from plotext's canvas matrix.

textual-plotext's :class:`PlotextPlot` asks plotext for its figure as one ANSI string
(plotext writes an escape sequence for every change of colour), parses it back into a Rich
``Text`` and has Textual render that: at 200x60 the string and its parsing cost as much as
plotext's own drawing. :class:`ChartPlot` is the same widget (a ``PlotextPlot``, with its
``plt`` and its themes) with another way to the screen: plotext builds its matrix of
characters, colours and styles, and the rows become Textual strips directly, one segment
per run of cells in the same colours. Each run's style is what the ANSI path would have
given (it is worked out through that path once per colour triple and remembered), so the
chart looks the same cell for cell.

The strips are kept per figure, size and theme: a screen drawn again with the same figures
(a refresh, a language toggle back, a screen shown again) costs nothing, and plotext only
draws again when the figure, the size or the theme changed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from itertools import groupby
from operator import itemgetter
from types import MethodType
from typing import Any

import plotext._utility as _ut
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual_plotext import PlotextPlot

#: Figures kept per widget (sizes and themes seen lately).
CACHE_SIZE = 8

#: Style of a run of cells, by plotext's (foreground, style, background) and the widget's
#: own style beneath: shared by every plot (plotext's colours are few).
_STYLES: dict[tuple[Any, Any, Any, VisualStyle], VisualStyle] = {}


def _cell_style(colours: tuple[Any, Any, Any], base: VisualStyle) -> VisualStyle:
    key = (*colours, base)
    style = _STYLES.get(key)
    if style is None:
        # The way textual-plotext's cells take their style: plotext's escape sequence, read
        # by Rich, made Textual content and rendered over the widget's style.
        ansi = _ut.colors_to_ansi(*colours)
        content = Content.from_rich_text(Text.from_ansi(f"{ansi}x{_ut.ansi_end}" if ansi else "x"))
        _text, text_style = next(iter(content.render(base, end="")))
        style = _STYLES[key] = base + text_style
    return style


class ChartPlot(PlotextPlot):
    """A :class:`PlotextPlot` whose figure is set by a function and drawn from plotext's matrix.

    Call :meth:`show_figure` with a key that identifies the figure (equal keys: the same
    drawing) and a function ``draw(plt, width, height)`` that puts it on a cleared ``plt``
    for that size; it runs only when plotext has to draw, at the size the plot has then.
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._figure: Hashable = None
        self._draw: Callable[[Any, int, int], None] | None = None
        self._strips: OrderedDict[Hashable, list[Strip]] = OrderedDict()
        #: How many times plotext drew (for tests: a figure shown again is not redrawn).
        self.builds = 0
        self._shown: Hashable = None  # the figure whose strips were last handed to the screen

    def show_figure(self, key: Hashable, draw: Callable[[Any, int, int], None]) -> None:
        """Show the figure ``key``, which ``draw(plt, width, height)`` puts on a cleared plot."""
        if key == self._figure:
            return
        self._figure, self._draw = key, draw
        if self.is_mounted:
            self.refresh()

    @property
    def drawn(self) -> bool:
        """The current figure has been drawn for the screen (not merely asked for)."""
        return self._draw is not None and self._shown == self._figure

    def render_line(self, y: int) -> Strip:
        strips = self.lines()
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def render(self) -> Text:
        """The figure as text (what is on screen, for a reader or a test)."""
        return Text("\n".join(strip.text for strip in self.lines()))

    def lines(self) -> list[Strip]:
        """The figure at the widget's size, one strip per row: kept, or drawn by plotext now."""
        width, height = self.size
        if self._draw is None or width <= 0 or height <= 0:
            return []
        theme = self._get_plotext_theme_name(self.app.theme)
        base = self.visual_style
        key = (self._figure, width, height, theme, base)
        strips = self._strips.get(key)
        if strips is not None:
            self._strips.move_to_end(key)
        else:
            strips = self._strips[key] = self._build(width, height, theme, base)
            if len(self._strips) > CACHE_SIZE:
                self._strips.popitem(last=False)
        self._shown = self._figure
        return strips

    def _build(self, width: int, height: int, theme: str, base: VisualStyle) -> list[Strip]:
        # plotext's figure internals (monitor, _set_sizes, _build_matrix) are private API, used
        # as the pinned plotext 5.x has them: typed Any so the use is plainly unchecked.
        plt: Any = self._plot
        # Always from a cleared figure: plotext's build changes the figure's own settings.
        plt.clear_figure()
        assert self._draw is not None
        self._draw(plt, width, height)
        # As PlotextPlot.render does (see its note on setting the size twice).
        plt.plotsize(width, height)
        plt._set_size(width, height)  # noqa: SLF001
        plt.theme(theme)
        matrix = plt.monitor.matrix
        matrix.set_matrices = MethodType(_set_matrices, matrix)  # this figure's own matrix only
        plt._set_sizes()  # noqa: SLF001 - plotext's own build(), without the ANSI canvas
        plt._build_matrix()  # noqa: SLF001
        self.builds += 1
        return matrix_strips(plt.monitor.matrix, base)


def _set_matrices(matrix: Any) -> None:
    """plotext's ``matrix_class.set_matrices`` (a blank canvas before plotext draws), the same
    matrices made a row at a time instead of asking ``in_canvas`` for each of the 12,000 cells
    of a 200x60 chart (a third of plotext's drawing time)."""
    cols = matrix.cols
    matrix.marker = [[_ut.space] * cols for _ in matrix.Rows]
    matrix.fullground = [[_ut.no_color] * cols for _ in matrix.Rows]
    inside = [matrix.canvas_color if col in matrix.Cols_canvas else matrix.axes_color for col in matrix.Cols]
    matrix.background = [list(inside) if row in matrix.Rows_canvas else [matrix.axes_color] * cols for row in matrix.Rows]
    matrix.style = [[_ut.no_color] * cols for _ in matrix.Rows]


#: Rich styles with a cell's offset, by (style, x, y): a chart redrawn at the same size has
#: most of its runs (axes, ticks, labels) where they were.
_PLACED: dict[tuple[VisualStyle, int, int], Style] = {}
_PLACED_MAX = 50_000


def matrix_strips(matrix: Any, base: VisualStyle) -> list[Strip]:
    """plotext's matrix (row 0 at the bottom) as strips, top row first, one segment per run of
    cells in the same colours. Each segment carries its offset, as Textual's own text does
    (text selection reads it)."""
    if len(_PLACED) > _PLACED_MAX:
        _PLACED.clear()
    strips = []
    colours_of = itemgetter(0, 1, 2)
    for y, row in enumerate(range(matrix.rows - 1, -1, -1)):
        cells = zip(matrix.fullground[row], matrix.style[row], matrix.background[row], matrix.marker[row], strict=True)
        segments = []
        x = 0
        for colours, run in groupby(cells, key=colours_of):
            text = "".join([cell[3] for cell in run])
            style = _cell_style(colours, base)
            placed = _PLACED.get((style, x, y))
            if placed is None:
                placed = _PLACED[style, x, y] = style.rich_style_with_offset(x, y)
            segments.append(Segment(text, placed))
            x += len(text)
        strips.append(Strip(segments))
    return strips
