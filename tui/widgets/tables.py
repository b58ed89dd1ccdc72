"""A data table whose rows have stable keys, so a refresh keeps the cursor and the scroll.

Rows are given whole (:meth:`KeyedTable.set_rows`); the table filters (``/``) and sorts
(``s`` or a click on a header) them itself, and puts the cursor back on the row it was on.
When the screen is showing a fresh answer to the same question (a live update), the cells
whose text changed are shown reversed for :data:`MARK_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist

from models.safe_text import one_line
from tui.bindings import bindings
from tui.safe import plain
from tui.collate import fold

#: How long a changed cell stays marked after a live update.
MARK_SECONDS = 3.0


@dataclass(frozen=True)
class Column:
    """A column of a :class:`KeyedTable`. ``width``: cells are cut to it (with an ellipsis).
    ``flex``: the column takes the width the others leave in the table, up to its longest
    cell and at least ``width`` (names get the width the screen has); of several flexible
    columns, the first takes what it wants first."""

    key: str
    label: str  # catalogue key
    numeric: bool = False
    width: int | None = None
    flex: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    cells: Mapping[str, Any]  # by column key; a table shows those of its current columns
    sort: Mapping[str, Any]  # sort value by column key (the cell itself when missing)
    search: str = ""  # the text ``/`` matches against


@dataclass(frozen=True)
class TableState:
    """What a table shows and where its cursor is, to put back later (a drill in place)."""

    rows: tuple[Row, ...]
    key: str | None
    sort_column: int | None
    sort_reverse: bool
    filter_text: str
    scroll_y: float


class KeyedTable(DataTable):
    BINDINGS = bindings("table")

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """

    def __init__(self, columns: Sequence[Column], *, id: str | None = None, sort_first: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.spec = tuple(columns)
        self.sort_first = sort_first  # the column ``s`` sorts by first (else the first column)
        self._rows: list[Row] = []
        self.filter_text = ""
        self.sort_column: int | None = None
        self.sort_reverse = False
        self.shown = 0
        self.changed: set[tuple[str, str]] = set()  # (row key, column key) marked as changed
        self._unmark_timer: Any = None
        self._pass_styles: dict[None, Style] | None = None  # while painting (render_lines)

    def on_mount(self) -> None:
        self.build_columns()

    def build_columns(self) -> None:
        """(Re)create the headers in the current language, keeping the rows."""
        self._fill(self.current_key())

    def _headers(self) -> list[Text]:
        from tui.i18n import tr

        headers = []
        for i, col in enumerate(self.spec):
            label = tr(col.label)
            if self.sort_column == i:
                label += " ↓" if self.sort_reverse else " ↑"
            headers.append(Text(label, justify="right" if col.numeric else "left"))
        return headers

    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)
        except CellDoesNotExist:  # a just-cleared table has no cell under the cursor
            return None

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show other columns (a narrower or wider set), keeping the sort when it still applies."""
        keep = self.spec[self.sort_column].key if self.sort_column is not None else None
        self.spec = tuple(columns)
        keys = [c.key for c in self.spec]
        self.sort_column = keys.index(keep) if keep in keys else None
        self.build_columns()

    def set_rows(self, rows: Sequence[Row]) -> None:
        key = self.current_key()
        if getattr(self.screen, "mark_changes", False):
            self._mark(self._rows, rows)
        self._rows = list(rows)
        self._fill(key)

    def state(self) -> TableState:
        return TableState(tuple(self._rows), self.current_key(), self.sort_column, self.sort_reverse,
                          self.filter_text, self.scroll_y)

    def restore(self, state: TableState | None) -> None:
        """Show ``state`` again (its rows, sort, filter, cursor and scroll), or, given None,
        start afresh: no rows, no filter, the given order, the cursor on the first row."""
        if self._unmark_timer is not None:
            self._unmark_timer.stop()
            self._unmark_timer = None
        self.changed = set()
        if state is None:
            state = TableState((), None, None, False, "", 0)
        self._rows = list(state.rows)
        self.sort_column, self.sort_reverse, self.filter_text = state.sort_column, state.sort_reverse, state.filter_text
        if self.is_mounted:
            self.clear()  # the cursor to the first row, so a fresh start does not keep the old one
            self.scroll_to(y=0, animate=False, immediate=True)
        self._fill(state.key)
        if state.scroll_y:  # once the rows are measured: the table's height is not known before
            self.call_after_refresh(self.scroll_to, y=state.scroll_y, animate=False, immediate=True)

    def _mark(self, old: Sequence[Row], new: Sequence[Row]) -> None:
        before = {r.key: r for r in old}
        changed = set()
        for row in new:
            was = before.get(row.key)
            for col, cell in row.cells.items():
                if was is not None and _plain(was.cells.get(col)) != _plain(cell):
                    changed.add((row.key, col))
        if not changed:
            return
        self.changed = changed
        if self._unmark_timer is not None:
            self._unmark_timer.stop()
        self._unmark_timer = self.set_timer(MARK_SECONDS, self._unmark)

    def _unmark(self) -> None:
        self._unmark_timer = None
        self.changed = set()
        self._fill(self.current_key())

    def set_filter(self, text: str) -> None:
        key = self.current_key()
        self.filter_text = text
        self._fill(key)

    def cycle_sort(self) -> None:
        """Next column; each column sorts ascending, then descending, then the next column."""
        if self.sort_column is None:
            keys = [c.key for c in self.spec]
            self.sort_column = keys.index(self.sort_first) if self.sort_first in keys else 0
            self.sort_reverse = False
        elif not self.sort_reverse:
            self.sort_reverse = True
        else:
            nxt = (self.sort_column + 1) % len(self.spec)
            keys = [c.key for c in self.spec]
            first = keys.index(self.sort_first) if self.sort_first in keys else 0
            self.sort_column = None if nxt == first else nxt  # once round: back to the given order
            self.sort_reverse = False
        self.build_columns()

    def sort_by(self, index: int | None, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = index, reverse
        self.build_columns()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if self.sort_column == event.column_index:
            self.sort_by(event.column_index, not self.sort_reverse)
        else:
            self.sort_by(event.column_index)

    def visible_rows(self) -> list[Row]:
        rows = self._rows
        if self.filter_text:
            needle = fold(self.filter_text)
            rows = [r for r in rows if needle in fold(r.search)]
        if self.sort_column is not None:
            col = self.spec[self.sort_column].key
            rows = sorted(rows, key=lambda r: _sortable(r.sort.get(col, r.cells.get(col))), reverse=self.sort_reverse)
        return rows

    def _fill(self, keep: str | None) -> None:
        """Rebuild headers and rows. Column widths are measured here, not left to the
        table's idle-time measuring, so a screen looks the same whenever it is drawn."""
        if not self.is_mounted:
            return
        scroll_y = self.scroll_y
        old_index = self.cursor_row
        rows = self.visible_rows()
        headers = self._headers()
        widths = self._widths(rows, headers)
        cells = [
            [_fit(row.cells.get(c.key, ""), w, (row.key, c.key) in self.changed) for c, w in zip(self.spec, widths, strict=False)]
            for row in rows
        ]
        self.clear(columns=True)
        for i, (col, header) in enumerate(zip(self.spec, headers, strict=True)):
            width = max([header.cell_len] + [line[i].cell_len for line in cells])
            self.add_column(header, key=col.key, width=width)
        for row, line in zip(rows, cells, strict=True):
            self.add_row(*line, key=row.key)
        self.shown = len(rows)
        if not rows:
            return
        keys = [r.key for r in rows]
        index = keys.index(keep) if keep in keys else min(old_index, len(rows) - 1)
        self.move_cursor(row=index, animate=False, scroll=False)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self.call_after_refresh(self._cursor_into_view)

    def _room(self) -> int | None:
        """The cells the columns can take: the table's width less the cells' padding and the
        vertical scrollbar (None before the table is laid out)."""
        width = self.size.width
        if width <= 0:
            return None
        return width - 2 * self.cell_padding * len(self.spec) - self.styles.scrollbar_size_vertical

    def _widths(self, rows: Sequence[Row], headers: Sequence[Text]) -> list[int | None]:
        """The width each column's cells are cut to (None: not cut). Flexible columns share
        what the others leave, each up to its longest cell."""
        def longest(col: Column, header: Text) -> int:
            return max([header.cell_len] + [_cell_len(row.cells.get(col.key, "")) for row in rows])

        widths: list[int | None] = [c.width if not c.flex else None for c in self.spec]
        flexible = [i for i, c in enumerate(self.spec) if c.flex]
        room = self._room()
        self._flex_room = room
        if not flexible:
            return widths
        if room is None:  # not laid out yet: whole, until the first resize says how wide
            return widths
        fixed = sum(max(h.cell_len, min(longest(c, h), c.width)) if c.width else longest(c, h)
                    for c, h in zip(self.spec, headers, strict=False) if not c.flex)
        least = {i: max(headers[i].cell_len, self.spec[i].width or 0) for i in flexible}
        wanted = {i: longest(self.spec[i], headers[i]) for i in flexible}
        left = max(0, room - fixed - sum(least.values()))
        # In the columns' order: a name whole before the reasons beside it get wider.
        for i in flexible:
            extra = min(max(0, wanted[i] - least[i]), left)
            widths[i] = least[i] + extra
            left -= extra
        return widths

    def on_resize(self) -> None:
        # Flexible columns follow the table's width.
        if any(c.flex for c in self.spec) and self._room() != getattr(self, "_flex_room", None):
            self._fill(self.current_key())

    def _cursor_into_view(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.cursor_row, animate=False)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        """One cell as lines of segments: what ``DataTable._render_cell`` gives, made without
        Rich's nested rendering for the cells a ``KeyedTable`` has (one-line ``Text``).

        Textual renders every cell as ``Styled(Padding(cell))`` through two nested
        ``Console.render_lines``, and its cache is dropped whenever a row is added, so a table
        refilled for a drill renders all its visible cells that way (most of a drill's time).
        Here the text is laid out by ``Text.__rich_console__`` itself (justification, cropping,
        spans) and the padding, the crop to the cell and the two styles are applied as
        ``Padding``, ``Segment.split_and_crop_lines`` and ``Styled`` would, segment for segment.
        Any other cell (a row label, fixed rows or columns, a row higher than one line, a
        renderable that is not ``Text``) goes to Textual's own renderer.
        ``tests/tui/test_tables.py`` compares the two on every kind of cell the app shows."""
        if column_index == -1 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if row_index == -1:
            row_key = self._header_row_key
            height = self.header_height
        else:
            found = self._row_locations.get_key(row_index)
            assert found is not None, "a row index the table drew is a row of it"
            row_key = found
            height = self.rows[row_key].height
        column_key = self._column_locations.get_key(column_index)
        assert column_key is not None, "a column index the table drew is a column of it"
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)  # as DataTable's own
        cache = self._cell_render_cache
        lines = cache.get(cache_key)
        if lines is not None:
            return lines
        cell = self._get_row_renderables(row_index).cells[column_index]
        pad = self.cell_padding
        inner = width - 2 * pad
        if height != 1 or type(cell) is not Text or inner < 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            row_index == -1, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        console = self.app.console
        line = _simple_line(console, cell, inner)
        if line is None:
            line = _laid_out(console, self._options(inner), cell, inner)
        lines = [_styled(line, pad, pre_style, post_style)]
        cache[cache_key] = lines
        return lines

    def _update_dimensions(self, new_rows: Any) -> None:
        """The table's virtual size once rows were added. DataTable also measures every cell
        of every new row (Rich's ``Measurement``, all the rows, not only those on screen) to
        widen columns of automatic width; a ``KeyedTable`` gives each column its width
        (measured in ``_fill``) and its rows no labels and one line each, so nothing it
        measures is used. Any other table is left to DataTable."""
        if (self._labelled_row_exists or any(c.auto_width for c in self.columns.values())
                or any(r.label is not None or r.auto_height for r in self.rows.values())):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values()) + self._row_label_column_width
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)  # as DataTable sets it

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's Rich style is the same for every line of one paint; Textual works it
        # out again for each line (walking the widget's ancestors). (Doing the same for the
        # rows' component styles changed a snapshot's segments: not done.)
        self._pass_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None

    @property
    def rich_style(self) -> Style:
        styles = self._pass_styles
        if styles is None:
            return super().rich_style
        style = styles.get(None)
        if style is None:
            style = styles[None] = super().rich_style
        return style

    def _options(self, width: int) -> ConsoleOptions:
        """The options a cell's text is laid out with at ``width`` (as Padding gives them)."""
        options = self.app.console_options
        return options.update(width=width, height=1, no_wrap=True)

    def select_key(self, key: str) -> bool:
        keys = [r.key for r in self.visible_rows()]
        if key in keys:
            self.move_cursor(row=keys.index(key), animate=False)
            return True
        return False


_NULL = Style.null()
_MISSING: Any = object()


def _styled(line: list[Segment], pad: int, pre_style: Style, post_style: Style) -> list[Segment]:
    """A cell's text line (``inner`` cells) as ``Styled(Padding(text, (0, pad)), pre_style,
    post_style)`` renders it: padded each side, then each segment's style between the two."""
    if pad:
        blank = Segment(" " * pad, _NULL)
        line = [blank, *line, blank]
    styled: dict[Style | None, Style | None] = {}
    out = []
    for text, style, control in line:
        new = styled.get(style, _MISSING)
        if new is _MISSING:
            new = style
            if pre_style:
                new = pre_style + new
            if post_style:
                new = new + post_style if new else post_style
            styled[style] = new
        out.append(Segment(text, new, control))
    return out


def _simple_line(console: Any, cell: Text, inner: int) -> list[Segment] | None:
    """The segments ``Text.__rich_console__`` gives for a text without spans, tabs or line
    breaks that fits in ``inner`` cells, left, right or not justified, padded to ``inner`` as
    ``Padding`` pads them; None for any other text."""
    plain = cell.plain
    justify = cell.justify or "default"  # the app's console options set no justification
    if (cell._spans or not plain or "\n" in plain or "\t" in plain  # noqa: SLF001
            or justify not in ("default", "left", "right")):
        return None
    width = cell_len(plain)
    if width > inner or (justify == "right" and plain[-1].isspace()):  # cropped, or stripped
        return None
    # Text.join makes the text's own style a span over the line, so the line comes out in
    # that style (combined with no style) or, without one, in none.
    style = console.get_style(cell.style, default=_NULL) if cell.style else None
    space = inner - width
    if not space:
        return [Segment(plain, style)]
    if justify == "left":
        return [Segment(plain + " " * space, style)]
    if justify == "right":
        return [Segment(" " * space + plain, style)]
    return [Segment(plain, style), Segment(" " * space, _NULL)]


def _laid_out(console: Any, options: ConsoleOptions, cell: Text, inner: int) -> list[Segment]:
    """The first line of ``cell`` laid out by Rich at ``inner`` cells, padded to ``inner``."""
    line: list[Segment] = []
    ended = False
    for segment in cell.__rich_console__(console, options):  # the text laid out at ``inner``
        text = segment.text
        if "\n" in text:  # the first line only: the cell is one line high
            before = text.partition("\n")[0]
            if before:
                line.append(Segment(before, segment.style))
            ended = True
            break
        line.append(segment)
    if line or ended:
        return Segment.adjust_line_length(line, inner, style=_NULL, pad=True)
    return [Segment(" " * inner, _NULL)]


def _plain(cell: Any) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell if cell is not None else "")


def _fit(cell: Any, width: int | None, changed: bool = False) -> Text:
    """A cell as text (never parsed as markup), cut to its column's width with an ellipsis
    (DataTable would just crop it); reversed while marked as just changed."""
    text = _shown(cell) if isinstance(cell, Text) else plain(str(cell))
    if changed:
        text = text.copy()
        text.stylize("bold reverse")
    if width is None or text.cell_len <= width:
        return text
    text = text.copy()
    text.truncate(width, overflow="ellipsis")
    return text


def _shown(text: Text) -> Text:
    """A ``Text`` cell built from stored text: with any control character made visible
    (models.safe_text); its styles kept, its spans lost only then."""
    safe = one_line(text.plain)
    if safe == text.plain:
        return text
    return Text(safe, style=text.style, justify=text.justify)


def _cell_len(cell: Any) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(one_line(str(cell)))


def _sortable(value: Any) -> tuple[int, Any]:
    # None sorts last, whatever the type of the rest.
    return (1, 0) if value is None else (0, value)
