"""Charts: nothing to draw and only zeros give a sentence, never an exception; data draws in
the theme's colours and survives a theme change; the dashboard's plot draws cell for cell what
textual-plotext's own widget draws, and a figure shown again is not drawn again."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tui.periods import Span
from tui.themes import CUSTOM_THEMES
from tui.widgets.charts import ChartData, ChartPanel, Series, _draw, _ticks
from tui.widgets.hbars import HBars, render_hbars
from tui.widgets.plot import ChartPlot


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ChartPanel("chart.trend", id="chart")

    def on_mount(self) -> None:
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self.theme = "giaoban-dark"


def message(app) -> str | None:  # type: ignore[no-untyped-def]
    chart = app.query_one(ChartPanel) if isinstance(app, App) else app.query_one("#chart-children", ChartPanel)
    box = chart.query_one(".chart-empty", Static)
    return str(box.render()) if box.display else None


async def test_empty_and_all_zero_series_say_so():
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        chart.draw(ChartData((), ()))
        await pilot.pause()
        assert message(app) == "Chưa có số liệu để vẽ"
        chart.draw(ChartData(("2020", "2021"), (Series("chart.series.admitted", (0, 0)), Series("chart.series.target", (0, 0)))))
        await pilot.pause()
        assert message(app) == "Tất cả đều bằng 0"


def drawn_text(chart: ChartPanel) -> str:
    """What the chart shows: its legend line and its plot or text bars."""
    legend = chart.query_one(".chart-legend", Static)
    parts = [str(legend.render())] if legend.display else []
    if chart.query_one(HBars).display:
        parts.append(chart.query_one(HBars).render().plain)
    elif chart.plot is not None and chart.plot.display:
        parts.append(chart.plot.render().plain)
    return "\n".join(parts)


async def test_data_is_drawn_and_redrawn_on_a_theme_change():
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        for kind in ("bar", "hbar", "line"):
            chart.draw(ChartData(("2020", "2021", "2022"), (Series("chart.series.admitted", (70, 0, 91), "success"),
                                                          Series("chart.series.target", (80, 70, 70), "secondary")), kind))
            await pilot.pause()
            assert message(app) is None and chart.drawn
            assert "2022" in drawn_text(chart)
        app.theme = "ansi-light"
        await pilot.pause()
        assert "2022" in drawn_text(chart)


async def test_the_legend_is_a_line_of_its_own_and_series_differ_without_colour():
    """The series' names are above the chart, never drawn over its bars or lines; each series
    has its own fill (bars) or marker (lines), shown beside its name."""
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        two = (Series("chart.series.removed", (9, 6, 4), "warning"), Series("chart.series.left", (4, 3, 2), "error"))
        chart.draw(ChartData(("2020", "2021", "2022"), two, "bar"))
        await pilot.pause()
        legend = str(chart.query_one(".chart-legend", Static).render())
        assert legend == "██ Xóa tên   ▒▒ Xin ra"
        plot = chart.plot.render().plain
        assert "Xóa tên" not in plot and "Xin ra" not in plot
        assert "█" in plot and "▒" in plot  # the two series, told apart by their fill
        chart.draw(ChartData(("2020", "2021", "2022"), two, "line"))
        await pilot.pause()
        assert "•" in chart.plot.render().plain  # the second line is dotted
        assert str(chart.query_one(".chart-legend", Static).render()).startswith("▄▀ Xóa tên   •• Xin ra")
        # One series needs no legend.
        chart.draw(ChartData(("2020", "2021"), (Series("chart.series.removed", (9, 6)),), "bar"))
        await pilot.pause()
        assert not chart.query_one(".chart-legend", Static).display


def test_horizontal_bars_show_every_category_or_say_which_they_left_out() -> None:
    labels = tuple(f"xã {i}" for i in range(12))
    data = ChartData(labels, (Series("chart.series.count", tuple(range(12))),), "hbar")
    styles = (Style(),)
    text = render_hbars(data, 50, 20, styles).plain.splitlines()
    assert [line.split()[1] for line in text] == [str(i) for i in range(12)]  # one row each, top first
    assert text[0].rstrip().endswith(" 0")  # a zero is a value, written
    short = render_hbars(data, 50, 6, styles).plain.splitlines()
    assert len(short) == 6
    assert short[-1].startswith("… còn 7 mục không đủ chỗ: xã 5, xã 6")
    # Two series: a row for each, the second in its own fill.
    both = ChartData(labels[:2], (Series("chart.series.now", (3, 4)), Series("chart.series.before", (5, 0))), "hbar")
    rows = render_hbars(both, 40, 10, (Style(), Style())).plain.splitlines()
    assert len(rows) == 4 and "█" in rows[0] and "▒" in rows[1] and rows[3].rstrip().endswith(" 0")


def test_horizontal_bars_give_names_the_width_there_is() -> None:
    name = "Chi bộ Trường Trung học cơ sở và Trung học phổ thông Thạnh An"
    data = ChartData((name, "xã Long Hòa"), (Series("chart.series.count", (3, 4)),), "hbar")
    wide = render_hbars(data, 200, 5, (Style(),)).plain
    assert name in wide
    narrow = render_hbars(data, 40, 5, (Style(),)).plain.splitlines()
    assert all(len(line) <= 40 for line in narrow) and "…" in narrow[0]


def test_a_goal_is_marked_on_the_bars_short_of_it() -> None:
    data = ChartData(("a", "b"), (Series("chart.series.attainment", (0, 120)),), "hbar", unit="%", goal=100)
    zero, over = render_hbars(data, 40, 5, (Style(),)).plain.splitlines()
    assert "│" in zero and zero.rstrip().endswith("0%")
    assert "│" not in over and over.rstrip().endswith("120%")


class PlotApp(App[None]):
    """One plot filling the screen: textual-plotext's own, or the dashboard's."""

    def __init__(self, plot: PlotextPlot, theme: str) -> None:
        super().__init__()
        self.plot, self.start_theme = plot, theme

    def compose(self) -> ComposeResult:
        yield self.plot

    def on_mount(self) -> None:
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self.theme = self.start_theme
        self.plot.theme = "clear" if self.current_theme.ansi else "auto"


def screen_cells(app: App) -> list[list[tuple[str, object]]]:
    """Every cell on screen: its character and its colours and attributes."""
    from textual.strip import Strip

    rows = []
    for line in app.screen._compositor.render_update(full=True).strips:  # noqa: SLF001
        cells = []
        segments = [s for part in line for s in (part if isinstance(part, Strip) else [part])]
        for segment in segments:
            style = segment.style
            look = None if style is None else (style.color, style.bgcolor, style.bold, style.dim, style.italic,
                                               style.underline, style.reverse)
            cells.extend((char, look) for char in segment.text)
        rows.append(cells)
    return rows


FIGURES = {
    "line": ("line", ("2020", "2021", "2022", "2023"), ((70, 0, 91, 40), (80, 70, 70, 75)), ("hd", "•")),
    "bar": ("bar", ("2020", "2021", "2022"), ((70, 0, 91), (80, 70, 70)), ("█", "▒")),
    "one bar": ("bar", tuple(f"xã {i}" for i in range(9)), (tuple(range(5, 50, 5)),), ("█",)),
}


@pytest.mark.parametrize("theme", ["giaoban-dark", "giaoban-light", "ansi-dark"])
@pytest.mark.parametrize("kind", sorted(FIGURES))
async def test_the_plot_draws_what_textual_plotext_draws(kind: str, theme: str) -> None:
    kind_, labels, values, markers = FIGURES[kind]
    colours = ((0, 200, 83), (0, 184, 212))[: len(values)] if not theme.startswith("ansi") else ("green", "cyan")[: len(values)]
    figure = (kind_, labels, values, markers, colours, "en")
    screens = []
    for plot in (PlotextPlot(), ChartPlot()):
        app = PlotApp(plot, theme)
        async with app.run_test(size=(90, 26)) as pilot:
            if isinstance(plot, ChartPlot):
                plot.show_figure(figure, lambda plt, _w, height: _draw(plt, height, *figure))
            else:  # as the chart panel drew before it had a plot of its own
                plot.plt.clear_figure()
                _draw(plot.plt, 26, *figure)
                plot.refresh()
            await pilot.pause()
            screens.append(screen_cells(app))
    textual_plotext, ours = screens
    assert any(char in "▇█▒▀▄▞▚▗▖▝▘" for row in ours for char, _ in row)  # something was drawn
    assert ours == textual_plotext


async def test_a_figure_shown_again_is_not_drawn_again() -> None:
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        one = ChartData(("2020", "2021"), (Series("chart.series.admitted", (3, 5)),))
        two = ChartData(("2020", "2021"), (Series("chart.series.admitted", (4, 5)),))
        chart.draw(one)
        await pilot.pause()
        plot = chart.query_one(ChartPlot)
        assert plot.builds == 1 and plot.drawn
        chart.draw(two)
        await pilot.pause()
        assert plot.builds == 2
        drawn = plot.render().plain
        chart.draw(one)  # back to a figure drawn before at this size and theme
        await pilot.pause()
        assert plot.builds == 2 and plot.render().plain != drawn
        app.theme = "giaoban-light"
        await pilot.pause()
        assert plot.builds == 3  # another theme: drawn again


# On the screens -----------------------------------------------------------------------------

@asynccontextmanager
async def _opened(make_app, size, *keys, **kw):  # type: ignore[no-untyped-def]
    """The dashboard at ``size`` after ``keys``, each answered."""
    from tests.tui.helpers import settle

    app = make_app(**kw)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        yield app


async def test_the_composition_chart_shows_every_category_and_the_yearly_chart_has_room(tree, make_app):
    """At 120x35 the admissions section's two charts sit side by side below the table: the
    composition has a row for each of its categories in both periods, the yearly chart rows
    enough to read."""
    async with _opened(make_app, (120, 35), "1") as app:
        composition = app.screen.query_one("#c1b", ChartPanel)
        text = drawn_text(composition)
        for label in ("Kết nạp", "Nữ", "Đoàn viên", "Đoàn thể giới thiệu", "Kết nạp dịp lễ", "Tuổi 18–30"):
            assert label in text
        assert "còn" not in text  # nothing left out
        trend = app.screen.query_one("#c1", ChartPanel)
        assert trend.plot.size.height >= 8


async def test_the_yearly_legend_is_not_over_the_bars_at_80x24(engine, tree, make_app):
    """Section 2 at 80x24: the legend is a line above the plot, which shows both series."""
    import datetime as dt

    from models.enums import EventKind
    from models.schema import Organisation
    from tests.builders import build

    with build(engine) as b:
        cell = b.s.get(Organisation, tree.cell)
        gone = b.members(cell, 3)
        b.remove(gone[0], cell, dt.date(2021, 6, 1))
        b.remove(gone[1], cell, dt.date(2021, 7, 1))
        b.event(gone[2], cell, EventKind.LEAVE, dt.date(2022, 6, 1))
    async with _opened(make_app, (80, 24), "2", span=Span(2021, 2022)) as app:
        chart = app.screen.query_one("#c2", ChartPanel)
        legend = str(chart.query_one(".chart-legend", Static).render())
        assert "Xóa tên" in legend and "Xin ra" in legend
        plot = chart.plot.render().plain
        assert "Xóa tên" not in plot and "Xin ra" not in plot
        assert "█" in plot and "▒" in plot  # both series drawn, each in its own fill


async def test_the_attainment_chart_says_so_when_no_child_has_a_target(tree, make_app):
    """2021: no target anywhere. The chart says so rather than an empty axis."""
    async with _opened(make_app, (120, 35), span=Span.year(2021)) as app:
        chart = app.screen.query_one("#chart-children", ChartPanel)
        assert message(app.screen) == "Chưa có đơn vị nào được giao chỉ tiêu."
        assert chart.plot is None or not chart.plot.display


async def test_the_attainment_chart_lists_every_child_with_a_target(tree, make_app):
    """2022: X1 behind (1 of 4), X2 ahead (3 of 2): both, the lagging one first and marked,
    each with its percentage and the 100% mark where it falls short."""
    async with _opened(make_app, (120, 35)) as app:
        lines = drawn_text(app.screen.query_one("#chart-children", ChartPanel)).splitlines()
        assert lines[0].startswith("▼ xã Bình Khánh") and lines[0].rstrip().endswith("25%") and "│" in lines[0]
        assert lines[1].startswith("  xã Thạnh An") and lines[1].rstrip().endswith("150%")


async def test_a_series_of_zeros_beside_another_is_drawn_as_zeros():
    """One series all zero (no removals, some leaves): the other is drawn, the zero one
    named in the legend; nothing divides by zero, at any kind."""
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        for kind in ("bar", "line", "hbar"):
            chart.draw(ChartData(("2020", "2021", "2022"), (Series("chart.series.removed", (0, 0, 0), "warning"),
                                                          Series("chart.series.left", (1, 0, 2), "error")), kind))
            await pilot.pause()
            assert message(app) is None and chart.drawn, kind
            shown = drawn_text(chart)
            assert "Xóa tên" in shown and "2022" in shown, kind


@pytest.mark.parametrize("height", [6, 7, 8, 10, 14, 30])
@pytest.mark.parametrize("top", [4, 10, 95, 237, 3119])
async def test_every_tick_of_the_y_axis_is_on_a_row_of_its_own(height: int, top: int) -> None:
    """Two ticks sharing a row showed one label or the other from one run to the next (a small
    chart's axis read 0, 19, 38, 76, 95 or 0, 19, 57, 76, 95): every tick is shown, in order."""
    import re

    values = ((top * 0.3, top, top * 0.6),)
    ticks = _ticks(values, height)
    assert ticks[0] == 0 and ticks[-1] >= top and len(ticks) >= 2
    figure = ("bar", ("2020", "2021", "2022"), values, ("█",), ((0, 200, 83),), "vi")
    plot = ChartPlot()
    async with PlotApp(plot, "giaoban-dark").run_test(size=(40, height)) as pilot:
        plot.show_figure(figure, lambda plt, _w, h: _draw(plt, h, *figure))
        await pilot.pause()
        labels = [m.group(1) for line in plot.render().plain.splitlines()
                  if (m := re.match(r"\s*([\d.]+)┤", line))]
    assert labels == [f"{t:,}".replace(",", ".") for t in reversed(ticks)]
