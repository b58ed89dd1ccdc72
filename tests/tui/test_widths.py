"""Names get the width the screen has: a table's flexible column takes what the other columns
leave (the last column stays on screen, sort arrow and all), and a title keeps the name of
the organisation at 80 columns."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tests.tui.helpers import screen_text, settle
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import Breadcrumb

LONG = "Chi bộ Trường Trung học cơ sở và Trung học phổ thông Thạnh An"
COLUMNS = (
    Column("org", "col.org", width=16, flex=True),
    Column("status", "col.status"),
    Column("target", "col.target", numeric=True),
    Column("left", "col.left", numeric=True),
)


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield KeyedTable(COLUMNS)

    def on_mount(self) -> None:
        rows = [Row(str(i), {"org": Text(name), "status": Text("▼ chưa đạt"), "target": Text(str(i), justify="right"),
                             "left": Text(str(i), justify="right")},
                    {"org": name, "status": 0, "target": i, "left": i}, name)
                for i, name in enumerate((LONG, "Đảng bộ xã Long Hòa"))]
        self.query_one(KeyedTable).set_rows(rows)


async def test_a_flexible_column_takes_the_width_the_others_leave():
    app = TableApp()
    async with app.run_test(size=(120, 10)) as pilot:
        await settle(pilot)
        assert LONG in screen_text(pilot)  # whole on a wide screen
        await pilot.resize_terminal(50, 10)
        await settle(pilot)
        lines = screen_text(pilot).splitlines()
        assert "Chi bộ Trường" in lines[1] and "…" in lines[1] and LONG not in lines[1]
        assert lines[0].rstrip().endswith("Ra")  # the last column still on screen
        table = app.query_one(KeyedTable)
        for _ in range(8):  # every column sorted in turn: its arrow never pushes "Ra" off
            table.cycle_sort()
            await pilot.pause()
            header = screen_text(pilot).splitlines()[0].rstrip()
            assert header.endswith(("Ra", "Ra ↑", "Ra ↓")), header


async def test_the_sort_arrow_keeps_the_last_column_on_the_overview_at_80_columns(tree, make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(KeyedTable)
        for _ in range(2 * len(table.spec)):
            await pilot.press("s")
            await pilot.pause()
            header = next(line for line in screen_text(pilot).splitlines() if "Tổ chức" in line)
            assert " Ra" in header and len(header.rstrip()) <= 80, header


def crumbs(names: tuple[str, ...], width: int, optional_last: bool = False) -> str:
    crumb = Breadcrumb()
    crumb.names = names
    crumb.optional_last = optional_last
    return crumb.fitted(width)


def test_a_title_keeps_the_organisation_named_when_space_is_short():
    path = ("Đảng bộ Thành phố Hồ Chí Minh", "Đảng bộ huyện Cần Giờ")
    assert crumbs(path, 80) == "Đảng bộ Thành phố Hồ Chí Minh › Đảng bộ huyện Cần Giờ"
    assert crumbs(path, 40) == "Thành phố Hồ Chí Minh › huyện Cần Giờ"  # without their kind
    assert crumbs(path, 25) == "… › Đảng bộ huyện Cần Giờ"
    assert crumbs(path, 18) == "… › huyện Cần Giờ"  # never "… › Đảng"
    # A section's name, lit in the tabs below, gives way before the organisation's.
    section = (*path, "Xóa tên, xin ra")
    assert crumbs(section, 30, optional_last=True) == "… › Đảng bộ huyện Cần Giờ"
    assert crumbs(section, 20, optional_last=True) == "… › huyện Cần Giờ"
    assert crumbs(section, 30) == "… › Xóa tên, xin ra"
    assert crumbs(section, 60, optional_last=True) == "Thành phố Hồ Chí Minh › huyện Cần Giờ › Xóa tên, xin ra"
