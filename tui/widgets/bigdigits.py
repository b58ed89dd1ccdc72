"""Figures in block digits of any height, for the slides (readable from the back of a room).

Textual's ``Digits`` is three rows high whatever the screen; a figure font (pyfiglet) comes in
a few fixed heights, each in another style, and its large fonts draw with letters (``8``,
``$``, ``d88P``) that blur on a projector. These glyphs are drawn instead from strokes: three
horizontal strokes (top, middle, bottom) and two vertical ones, each as thick as the height
allows, on half-cell rows (``▀`` ``▄`` ``█``), so a figure can be any number of rows high and
keeps its proportions. The separators are the local ones (3.119; 18,7): the comma has a tail
below the line so it is not read as a dot.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

# Glyphs on a grid of five rows (stroke, gap, stroke, gap, stroke) and three columns
# (stroke, inside, stroke). "#" is ink.
_GLYPHS: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": ("##.", ".#.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "-": ("...", "...", "###", "...", "..."),
    "–": ("...", "...", "###", "...", "..."),
    "%": ("#.#", "..#", ".#.", "#..", "#.#"),
}
_NARROW = {".", ",", " "}


class Metrics:
    """The sizes of a figure ``rows`` rows high, in half rows (vertical) and cells (horizontal)."""

    def __init__(self, rows: int) -> None:
        self.rows = max(1, rows)
        half = 2 * self.rows  # the height in half rows; a half row is about a cell wide
        self.stroke = max(1, round(half / 6))
        # The middle column of "1" is a stroke too: the inside is at least a stroke wide.
        self.inside = max(self.stroke, round(half * 0.62) - 2 * self.stroke)
        self.width = 2 * self.stroke + self.inside
        self.gap = max(1, (self.stroke + 1) // 2)
        gaps = half - 3 * self.stroke
        # The five rows' heights in half rows: strokes, then the two gaps sharing what is left.
        self.heights = (self.stroke, gaps - gaps // 2, self.stroke, gaps // 2, self.stroke)
        self.tail = max(1, self.stroke // 2 + 1)  # half rows a comma reaches below the line

    def char_width(self, char: str) -> int:
        if char in _NARROW:
            return self.stroke
        return self.width


def text_width(value: str, rows: int) -> int:
    """The cells ``value`` takes in digits ``rows`` high."""
    m = Metrics(rows)
    return sum(m.char_width(c) for c in value) + m.gap * max(0, len(value) - 1)


def text_rows(value: str, rows: int) -> int:
    """The rows ``value`` takes: ``rows``, and one more when a comma's tail reaches below."""
    m = Metrics(rows)
    return m.rows + (1 if "," in value else 0)


def _columns(m: Metrics, char: str) -> list[int]:
    """The grid column of each cell across a glyph."""
    if char in _NARROW:
        return [0] * m.stroke
    if char == "1":  # the stem in the middle, as wide as a stroke, centred
        left = m.stroke + (m.inside - m.stroke) // 2
        return [0] * left + [1] * m.stroke + [2] * (m.width - left - m.stroke)
    return [0] * m.stroke + [1] * m.inside + [2] * m.stroke


def _ink(m: Metrics, char: str, half_rows: int) -> list[list[bool]]:
    """A glyph as a matrix of half rows by cells."""
    columns = _columns(m, char)
    grid = [[False] * len(columns) for _ in range(half_rows)]
    if char in (".", ","):
        bottom = sum(m.heights[:4])
        for y in range(bottom, bottom + m.stroke):
            grid[y] = [True] * len(columns)
        if char == ",":
            for y in range(bottom + m.stroke, min(half_rows, bottom + m.stroke + m.tail)):
                grid[y] = [True] * len(columns)
        return grid
    pattern = _GLYPHS.get(char)
    if pattern is None:
        return grid
    y = 0
    for row, height in zip(pattern, m.heights, strict=False):
        line = [row[col] == "#" for col in columns]
        for _ in range(height):
            grid[y] = list(line)
            y += 1
    return grid


_HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def render_lines(value: str, rows: int) -> list[str]:
    """``value`` drawn ``rows`` rows high (one more row under a comma's tail)."""
    m = Metrics(rows)
    total = text_rows(value, rows)
    half_rows = 2 * total
    inks = [_ink(m, c, half_rows) for c in value]
    lines = []
    for r in range(total):
        parts = []
        for i, ink in enumerate(inks):
            if i:
                parts.append(" " * m.gap)
            top, bottom = ink[2 * r], ink[2 * r + 1]
            parts.append("".join(_HALF[(a, b)] for a, b in zip(top, bottom, strict=False)))
        lines.append("".join(parts))
    return lines


def fit_rows(values: list[str], width: int, height: int, *, widths: list[int] | None = None, columns: int | None = None,
             between: int = 3, least: int = 3) -> int:
    """The tallest digits (``least`` rows at the smallest) at which ``values`` stand in a grid of
    ``columns`` (all in one line by default) within ``width`` cells, columns ``between`` cells
    apart, each figure at least as wide as its entry in ``widths`` (its label), each line of
    figures within ``height`` rows (a comma's tail included)."""
    widths = widths or [0] * len(values)
    columns = columns or max(1, len(values))
    rows = max(least, height)
    while rows > least:
        column_widths = [0] * columns
        for i, (value, least_width) in enumerate(zip(values, widths, strict=False)):
            column_widths[i % columns] = max(column_widths[i % columns], least_width, text_width(value, rows))
        wide = sum(column_widths) + between * (columns - 1)
        tall = max((text_rows(v, rows) for v in values), default=rows)
        if wide <= width and tall <= height:
            break
        rows -= 1
    return rows


def fit_grid(values: list[str], width: int, height: int, *, widths: list[int] | None = None, line_rows: int = 0,
             between: int = 3, least: int = 3) -> tuple[int, int]:
    """The grid that shows ``values`` largest within ``width`` by ``height``: (columns, rows of
    the digits). Each line of figures takes ``line_rows`` besides its digits (a label, a note);
    all in one line unless fewer per line make the digits taller."""
    best = (max(1, len(values)), least)
    for columns in range(len(values), 0, -1):
        lines = -(-len(values) // columns)
        per_line = (height - lines * line_rows) // lines
        rows = fit_rows(values, width, per_line, widths=widths, columns=columns, between=between, least=least)
        if rows > best[1]:
            best = (columns, rows)
    return best


class BigDigits(Widget):
    """A figure in block digits ``rows`` high (set by the screen, which sizes all its figures
    alike); ``value`` is the figure as written (``number()``)."""

    DEFAULT_CSS = "BigDigits { width: auto; height: auto; }"

    def __init__(self, value: str = "–", *, rows: int = 3, id: str | None = None) -> None:
        super().__init__(id=id)
        self.value = value
        self.rows = rows

    def update(self, value: str, rows: int | None = None) -> None:
        changed = value != self.value or (rows is not None and rows != self.rows)
        self.value = value
        if rows is not None:
            self.rows = rows
        if changed:
            self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:  # type: ignore[no-untyped-def]
        return max(1, text_width(self.value, self.rows))

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return text_rows(self.value, self.rows)

    def render(self) -> Text:
        lines = render_lines(self.value, self.rows)
        return Text("\n".join(lines), style=Style(), no_wrap=True, overflow="crop")

    @property
    def plain(self) -> str:
        return self.value

