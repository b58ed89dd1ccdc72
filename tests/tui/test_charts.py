"""Charts: nothing to draw and only zeros give a sentence, never an exception; data draws in
the theme's colours and survives a theme change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tui.themes import CUSTOM_THEMES
from tui.widgets.charts import ChartData, ChartPanel, Series


class ChartApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ChartPanel("chart.trend", id="chart")

    def on_mount(self) -> None:
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self.theme = "giaoban-dark"


def message(app: App) -> str | None:
    chart = app.query_one(ChartPanel)
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


async def test_data_is_drawn_and_redrawn_on_a_theme_change():
    app = ChartApp()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(ChartPanel)
        for kind in ("bar", "hbar", "line"):
            chart.draw(ChartData(("2020", "2021", "2022"), (Series("chart.series.admitted", (70, 0, 91), "success"),
                                                          Series("chart.series.target", (80, 70, 70), "secondary")), kind))
            await pilot.pause()
            assert message(app) is None and chart.query_one(PlotextPlot).display
            drawn = chart.query_one(PlotextPlot).render().plain
            assert "2022" in drawn
        app.theme = "ansi-light"
        await pilot.pause()
        assert "2022" in chart.query_one(PlotextPlot).render().plain
