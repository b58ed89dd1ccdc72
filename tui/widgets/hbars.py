"""Horizontal bars drawn as text: a row per bar, its label at the left in the width there is,
its value written after it the local way (3.119; 67%), the series told apart by their fill.

Every category gets its rows, or the last row says how many were left out and which: a chart
never drops a category silently. Zeros are drawn as an empty bar and a 0; a goal (100% of
a target) is marked on every bar that does not reach it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.i18n import number, tr

if TYPE_CHECKING:
    from tui.widgets.charts import ChartData

#: Fills of the bars of the first, second and third series, to tell them apart without colour.
PATTERNS = ("█", "▒", "░")
#: The mark of the goal on a bar that falls short of it, and the dots that lead to it.
GOAL, SHORT = "│", "·"


def _fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: padded, or cut with an ellipsis."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""


def render_hbars(data: ChartData, width: int, height: int, styles: tuple[Style, ...]) -> Text:
    """``data`` as horizontal bars in ``width`` by ``height`` cells."""
    series = data.series
    per_label = max(1, len(series))
    labels = list(data.labels)
    shown = len(labels)
    if shown * per_label > height:  # keep a row to say what is left out
        shown = max(0, (height - 1) // per_label)
    # Measured on the bars shown: a long bar left out does not squeeze those on screen.
    values = [[number(v) + data.unit for v in s.values[:shown]] for s in series]
    value_width = max((cell_len(v) for vals in values for v in vals), default=1)
    label_width = min(max((cell_len(label) for label in labels[:shown]), default=0), max(8, width // 2))
    bar_width = max(4, width - label_width - value_width - 2)
    top = max([float(v) for s in series for v in s.values[:shown]] + [float(data.goal or 0)]) or 1.0
    goal = round(bar_width * data.goal / top) if data.goal else None
    lines: list[Text] = []
    for i, label in enumerate(labels[:shown]):
        for j, (s, style) in enumerate(zip(series, styles, strict=False)):
            line = Text(_fit(label if j == 0 else "", label_width) + " ", no_wrap=True, overflow="crop")
            value = s.values[i]
            full = round(bar_width * value / top)
            line.append(PATTERNS[j % len(PATTERNS)] * full, style=style)
            if goal is not None and full < goal:
                line.append(SHORT * (goal - full - 1) + GOAL, style="dim")
            line.append(" " + values[j][i])
            lines.append(line)
    left = labels[shown:]
    if left:
        more = tr("chart.more", n=len(left), names=", ".join(label.strip(" ▼") for label in left))
        lines.append(Text(_fit(more, width).rstrip(), style="italic", no_wrap=True, overflow="crop"))
    return Text("\n").join(lines)


class HBars(Widget):
    """A :class:`ChartData` of kind ``hbar`` drawn as text at the widget's size."""

    DEFAULT_CSS = "HBars { height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.data: ChartData | None = None
        self.styles_: tuple[Style, ...] = ()

    def show(self, data: ChartData, styles: tuple[Style, ...]) -> None:
        if (data, styles) != (self.data, self.styles_):
            self.data, self.styles_ = data, styles
            self.refresh()

    def render(self) -> Text:
        if self.data is None:
            return Text()
        width, height = self.content_size
        return render_hbars(self.data, width, height, self.styles_)
