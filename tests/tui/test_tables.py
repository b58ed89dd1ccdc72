"""A ``KeyedTable`` draws its cells itself (tui/widgets/tables.py, faster than Textual's way
through Rich); what it draws must be what Textual's ``DataTable`` would, segment for segment.

This pins the private API the table overrides (``DataTable._render_cell`` and the state it
reads): if a Textual release changes how a cell is drawn, these tests fail rather than the
screen quietly changing."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.widgets import DataTable

from tests.tui.helpers import settle
from tui.widgets.tables import KeyedTable, Row


def both_ways(table: KeyedTable, row: int, column: int, cursor: bool, hover: bool):  # type: ignore[no-untyped-def]
    """The cell drawn by the table and by Textual's DataTable, each from an empty cache, as
    ``_render_line_in_row`` asks for it (the row's style, the column's width)."""
    base = table._get_row_style(row, table.rich_style)  # noqa: SLF001
    width = table.ordered_columns[column].get_render_width(table)
    table._cell_render_cache.clear()  # noqa: SLF001
    ours = table._render_cell(row, column, base, width, cursor, hover)  # noqa: SLF001
    table._cell_render_cache.clear()  # noqa: SLF001
    theirs = DataTable._render_cell(table, row, column, base, width, cursor, hover)  # noqa: SLF001
    return ours, theirs


def assert_drawn_as_textual_would(table: KeyedTable) -> int:
    """Every cell of ``table`` (headers included), plain, under the cursor and hovered."""
    assert table.row_count and table.ordered_columns
    table._pseudo_class_state = table.get_pseudo_class_state()  # noqa: SLF001 - as render_lines sets it
    compared = 0
    for row in range(-1, table.row_count):
        for column in range(len(table.ordered_columns)):
            for cursor, hover in ((False, False), (True, False), (False, True), (True, True)):
                ours, theirs = both_ways(table, row, column, cursor, hover)
                assert ours == theirs, (row, column, cursor, hover)
                compared += 1
    return compared


# Cells of every kind the screens give a table: plain, styled, spans (a live update marks a
# changed cell reversed), empty, right-justified numbers, too long for the column (cut with an
# ellipsis), wide characters, a trailing space, and names with Vietnamese diacritics.
ODD_ROWS = [
    Row("1", {"org": Text("▸ Đảng bộ xã Bình Khánh", style="bold red"), "status": Text("▼ chưa đạt", style="red"),
              "target": Text("4", justify="right"), "admitted": Text("1", justify="right", style="dim")}, {}),
    Row("2", {"org": Text("  Chi bộ ấp Thạnh Bình có một cái tên rất dài vượt quá cột"), "status": Text(""),
              "target": Text("", justify="right"), "admitted": Text("12 345", justify="right")}, {}),
    Row("3", {"org": Text.assemble(("Ấp ", "bold"), ("漢字", "italic"), " x "), "status": "chưa có chỉ tiêu",
              "target": Text("7 ", justify="right"), "admitted": Text("–", justify="center")}, {}),
    Row("4", {"org": Text("Tổ 4", justify="left"), "status": Text("✓ đạt", style="green"),
              "target": Text("0", justify="right"), "admitted": Text("3", justify="right")}, {}),
]


def assert_sized_as_textual_would(table: KeyedTable) -> None:
    """The table skips DataTable's measuring of every new cell (its columns have set widths):
    its size and its columns' widths are what DataTable's own measuring gives."""
    ours = (table.virtual_size, [c.get_render_width(table) for c in table.ordered_columns])
    DataTable._update_dimensions(table, list(table.rows))  # noqa: SLF001
    assert (table.virtual_size, [c.get_render_width(table) for c in table.ordered_columns]) == ours


@pytest.mark.parametrize("theme", ["giaoban-dark", "giaoban-light"])
async def test_the_overview_table_draws_each_cell_as_textual_would(tree, make_app, theme):
    app = make_app(theme=theme)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(KeyedTable)
        assert assert_drawn_as_textual_would(table) > 0
        assert_sized_as_textual_would(table)
        # Cells of every other kind, with one marked as changed by a live update.
        table.changed = {("2", "admitted"), ("1", "org")}
        table.set_rows(ODD_ROWS)
        await pilot.pause()
        assert table.row_count == len(ODD_ROWS)
        assert assert_drawn_as_textual_would(table) > 0
        assert_sized_as_textual_would(table)
        # Without zebra stripes and with the cursor hidden, the styles differ again.
        table.zebra_stripes = False
        table.show_cursor = False
        await pilot.pause()
        assert_drawn_as_textual_would(table)


async def test_the_members_table_draws_each_cell_as_textual_would(tree, make_app):
    app = make_app(root="X1-A")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(KeyedTable)
        assert table.id == "members"
        assert_drawn_as_textual_would(table)
