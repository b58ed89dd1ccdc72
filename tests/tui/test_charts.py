"""Charts: nothing to draw and only zeros give a sentence, never an exception; data draws in
the theme's colours and survives a theme change; the dashboard's plot draws cell for cell what
textual-plotext's own widget draws, and a figure shown again is not drawn again."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static
from textual_plotext import PlotextPlot

from tui.themes import CUSTOM_THEMES
from tui.widgets.charts import ChartData, ChartPanel, Series, _draw
from tui.widgets.plot import ChartPlot


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


def test_horizontal_bars_keep_what_fits_beside_its_label() -> None:
    """plotext puts a bar beside its neighbour's label when a label gets under two rows: the
    chart keeps the most important bars (listed last) that fit the height."""
    from tui.widgets.charts import _fit_hbars

    labels = [f"org {i}" for i in range(12)]
    values = [list(range(12))]
    kept, kept_values = _fit_hbars(labels, values, height=11)
    assert kept == labels[-5:]
    assert kept_values == [values[0][-5:]]
    # Two series need twice the rows; a tall panel keeps everything.
    assert len(_fit_hbars(labels, [values[0], values[0]], height=11)[0]) == 2
    assert _fit_hbars(labels, values, height=40) == (labels, values)


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
    "line": ("line", ("2020", "2021", "2022", "2023"), ((70, 0, 91, 40), (80, 70, 70, 75)), "hd"),
    "bar": ("bar", ("2020", "2021", "2022"), ((70, 0, 91), (80, 70, 70)), None),
    "hbar": ("hbar", tuple(f"▼ xã {i}" for i in range(9)), (tuple(range(5, 50, 5)),), None),
}


@pytest.mark.parametrize("theme", ["giaoban-dark", "giaoban-light", "ansi-dark"])
@pytest.mark.parametrize("kind", sorted(FIGURES))
async def test_the_plot_draws_what_textual_plotext_draws(kind: str, theme: str) -> None:
    kind_, labels, values, marker = FIGURES[kind]
    names = tuple(f"series {i}" for i in range(len(values)))
    colours = ((0, 200, 83), (0, 184, 212))[: len(values)] if not theme.startswith("ansi") else ("green", "cyan")[: len(values)]
    figure = (kind_, labels, values, names, colours, marker)
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
    assert any(char in "▇█▀▄▞▚▗▖▝▘" for row in ours for char, _ in row)  # something was drawn
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
