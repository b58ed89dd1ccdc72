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
from typing import Any

import plotext._utility as _ut
from rich.segment import Segment
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
    drawing) and a function that puts it on a cleared ``plt``; the function runs only when
    plotext has to draw.
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._figure: Hashable = None
        self._draw: Callable[[Any], None] | None = None
        self._drawn: Hashable = None  # the figure ``plt`` holds now
        self._strips: OrderedDict[Hashable, list[Strip]] = OrderedDict()
        #: How many times plotext drew (for tests: a figure shown again is not redrawn).
        self.builds = 0

    def show_figure(self, key: Hashable, draw: Callable[[Any], None]) -> None:
        """Show the figure ``key``, which ``draw(plt)`` puts on a cleared plot."""
        if key == self._figure:
            return
        self._figure, self._draw = key, draw
        if self.is_mounted:
            self.refresh()

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
            return strips
        strips = self._build(width, height, theme, base)
        self._strips[key] = strips
        if len(self._strips) > CACHE_SIZE:
            self._strips.popitem(last=False)
        return strips

    def _build(self, width: int, height: int, theme: str, base: VisualStyle) -> list[Strip]:
        plt = self._plot
        if self._drawn != self._figure:
            plt.clear_figure()
            assert self._draw is not None
            self._draw(plt)
            self._drawn = self._figure
        # As PlotextPlot.render does (see its note on setting the size twice).
        plt.plotsize(width, height)
        plt._set_size(width, height)  # noqa: SLF001
        plt.theme(theme)
        plt._set_sizes()  # noqa: SLF001 - plotext's own build(), without the ANSI canvas
        plt._build_matrix()  # noqa: SLF001
        self.builds += 1
        return matrix_strips(plt.monitor.matrix, base)


def matrix_strips(matrix: Any, base: VisualStyle) -> list[Strip]:
    """plotext's matrix (row 0 at the bottom) as strips, top row first. Each segment carries
    its offset, as Textual's own text does (text selection reads it)."""
    strips = []
    for y, row in enumerate(range(matrix.rows - 1, -1, -1)):
        markers, fgs, styles, bgs = matrix.marker[row], matrix.fullground[row], matrix.style[row], matrix.background[row]
        width = len(markers)
        segments = []
        start = 0
        colours = (fgs[0], styles[0], bgs[0]) if width else None
        for col in range(1, width + 1):
            here = (fgs[col], styles[col], bgs[col]) if col < width else None
            if here != colours:
                style = _cell_style(colours, base).rich_style_with_offset(start, y)  # type: ignore[arg-type]
                segments.append(Segment("".join(markers[start:col]), style))
                start, colours = col, here
        strips.append(Strip(segments, width))
    return strips
