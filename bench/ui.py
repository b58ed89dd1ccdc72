"""Screen timings, each in a fresh interpreter so imports count: the first frame of a bare
Textual app (one label) and of the dashboard (when ``tui.app`` exists), a chart redrawn at
200x60, and the first frame of a 15,000-row list against one page of it. Headless
(``App.run_test``); each child prints seconds from its own start to the measured point.

    python -m bench.ui KIND [ARG]
"""

from __future__ import annotations

import subprocess
import sys
import time

BARE = "bare"
DASHBOARD = "dashboard"
CHART = "chart"
LIST = "list"


def _bare() -> float:
    from textual.app import App
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Label("giaoban")

    return _first_frame(Bare())


def _first_frame(app, size=(160, 50)) -> float:  # type: ignore[no-untyped-def]
    import asyncio

    async def go() -> float:
        # run_test yields once the first screen is mounted and drawn; what workers bring
        # afterwards (the figures) is not part of the first frame.
        async with app.run_test(size=size):
            return time.perf_counter()

    return asyncio.run(go())


def _dashboard(url: str) -> float:
    import datetime as dt

    from tui.app import GiaobanApp  # type: ignore[import-not-found]
    from tui.data import Store  # type: ignore[import-not-found]

    def engine():  # type: ignore[no-untyped-def]
        from models.db import make_engine

        return make_engine(url)

    store = Store(engine, as_of=dt.date(2026, 10, 31), login="admin", demo_fallback=True)
    return _first_frame(GiaobanApp(store, lang="vi"))


class Painted:
    """When a screen last finished painting: wraps the screen's compositor refresh (what
    Textual runs on its next frame after a widget asked to be drawn again)."""

    def __init__(self, screen) -> None:  # type: ignore[no-untyped-def]
        self.at = 0.0
        refresh = screen._compositor_refresh  # noqa: SLF001

        def painted() -> None:
            refresh()
            self.at = time.perf_counter()

        screen._compositor_refresh = painted  # noqa: SLF001


def _chart() -> float:
    """Median time of a redraw of the dashboard's chart panel at 200x60 (seven years of
    admissions against target, two series, as the overview's trend chart), new figures each
    time: from ``draw`` to the end of the screen's paint that drew them (plotext's drawing,
    the strips, Textual's compositor, and the wait for Textual's next frame), in one app."""
    import asyncio
    import statistics

    from textual.app import App

    from tui.themes import CUSTOM_THEMES  # type: ignore[import-not-found]
    from tui.widgets.charts import ChartData, ChartPanel, Series  # type: ignore[import-not-found]

    years = tuple(str(y) for y in range(2020, 2027))
    admitted = (812, 905, 870, 990, 1012, 950, 640)
    target = (850, 880, 900, 950, 1000, 1000, 1000)

    def figures(i: int) -> ChartData:
        return ChartData(years, (Series("chart.series.admitted", tuple(a + i for a in admitted), "success"),
                                 Series("chart.series.target", target, "secondary")), "line")

    class Chart(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield ChartPanel("chart.trend")

        def on_mount(self) -> None:
            for theme in CUSTOM_THEMES:
                self.register_theme(theme)
            self.theme = "giaoban-dark"

    async def go() -> float:
        app = Chart()
        async with app.run_test(size=(200, 60)) as pilot:
            panel = app.query_one(ChartPanel)
            panel.draw(figures(0))  # the plot is mounted with the first figures
            await pilot.pause()
            plot = panel.plot
            painted = Painted(app.screen)
            times = []
            for i in range(1, 10):
                builds = plot.builds
                t0 = time.perf_counter()
                panel.draw(figures(i))
                await pilot.pause()
                if plot.builds != builds + 1 or painted.at < t0:
                    raise RuntimeError("the chart was not redrawn once and painted")
                times.append(painted.at - t0)
            return statistics.median(times)

    return asyncio.run(go())


def _list(rows: int) -> float:
    from textual.app import App
    from textual.widgets import DataTable

    class Table(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Trạng thái")
            table.add_rows((f"Nguyễn Văn An {i}", "1990-01-01", f"Chi bộ ấp {i % 40}", "2015-03-26", "chính thức")
                           for i in range(rows))

    return _first_frame(Table())


def child(kind: str, arg: str | None) -> None:
    start = time.perf_counter()
    if kind == BARE:
        print(_bare() - start)
    elif kind == DASHBOARD:
        print(_dashboard(arg or "") - start)
    elif kind == CHART:
        print(_chart())
    elif kind == LIST:
        print(_list(int(arg or 15000)) - start)


def measure(kind: str, arg: str | None = None) -> float:
    """Seconds reported by a fresh interpreter (raises if the child fails)."""
    cmd = [sys.executable, "-m", "bench.ui", kind] + ([arg] if arg else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300)
    return float(out.stdout.strip().splitlines()[-1])


def dashboard_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("tui.app") is not None


if __name__ == "__main__":
    child(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
