"""The overview: children with targets and status, drilling down and back, filter, sort."""

from __future__ import annotations

from tests.tui.helpers import cursor_key, settle, table_rows
from tui.screens.cell import CellScreen
from tui.screens.overview import OverviewScreen
from tui.widgets.titlebar import Breadcrumb


async def test_overview_lists_children_with_status_in_words(tree, make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = table_rows(pilot)
        by_name = {r[0].rstrip(" ›"): r for r in rows}
        assert set(by_name) == {"Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"}
        assert "▼ chưa đạt" in by_name["Đảng bộ xã Bình Khánh"]
        assert "✓ đạt" in by_name["Đảng bộ xã Thạnh An"]
        assert app.screen.query_one(Breadcrumb).names == ("Huyện ủy Cần Giờ",)
