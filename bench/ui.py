"""Screen timings, each in a fresh interpreter so imports count: the first frame of a bare
Textual app (one label) and of the dashboard (when ``tui.app`` exists), the dashboard's real
figures on screen, a keypress to a drilled screen fully drawn, a chart redrawn at 200x60, and
the first frame of a 15,000-row list against one page of it. Headless (``App.run_test``); a
frame is on screen when the app hands it to its (headless) driver, so the times are those of
the paints themselves, not of the test harness's waits. Each child prints seconds from its
own start to the measured point. ``startup`` measures the bare app and the real figures in a
real pseudo-terminal instead (Textual's own driver; :func:`startup_report`).

    python -m bench.ui KIND [ARG]
    python -m bench.ui startup [URL | can-gio] [RUNS] [--period 2020-2022]
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BARE = "bare"
DASHBOARD = "dashboard"
FIGURES = "figures"
FIGURES_KEEP = "figures-keep"
DRILL = "drill"
DRILL_RESTED = "drill-rested"
CHART = "chart"
LIST = "list"
#: The same, in a real pseudo-terminal (Textual's own driver on a terminal, as over SSH).
PTY = "pty-"

SIZE = (160, 50)
#: Longest wait for a screen's figures before the run is called failed.
PATIENCE = 900.0


class Paints:
    """The time of each frame an app hands to its driver (``App._display``), and the first
    frame for which ``ready(app)`` holds."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.first: float | None = None
        self.when: Callable[[Any], bool] | None = None
        self.ready_at: float | None = None
        self.ready_cpu: float | None = None  # the process's CPU time (all threads) at that frame
        display = app._display  # noqa: SLF001

        def painted(screen, update) -> None:  # type: ignore[no-untyped-def]
            display(screen, update)
            now = time.perf_counter()
            if self.first is None:
                self.first = now
            if self.when is not None and self.ready_at is None and self.when(app):
                self.ready_at = now
                self.ready_cpu = time.process_time()

        app._display = painted  # noqa: SLF001

    def expect(self, ready: Callable[[Any], bool]) -> None:
        self.when, self.ready_at = ready, None

    async def wait(self, pilot) -> float:  # type: ignore[no-untyped-def]
        """The time of the first frame for which the expectation held."""
        deadline = time.perf_counter() + PATIENCE
        while self.ready_at is None:
            if time.perf_counter() > deadline:
                raise RuntimeError("the screen never showed its figures")
            await pilot.pause()
        return self.ready_at


def _bare() -> float:
    from textual.app import App
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Label("giaoban")

    return _first_frame(Bare())


def _first_frame(app, size=SIZE) -> float:  # type: ignore[no-untyped-def]
    import asyncio

    paints = Paints(app)

    async def go() -> float:
        async with app.run_test(size=size):
            pass  # Paints records the first frame handed to the driver; nothing to do inside
        if paints.first is None:
            raise RuntimeError("no frame was drawn")
        return paints.first

    return asyncio.run(go())


def _dashboard_app(url: str, root: str | None = None, period: str | None = None):  # type: ignore[no-untyped-def]
    """The dashboard as ``giaoban`` opens it (``period``: as ``--period`` gives it; None: the
    current year)."""
    import datetime as dt

    from tui.app import GiaobanApp  # type: ignore[import-not-found]
    from tui.data import Store  # type: ignore[import-not-found]
    from tui.periods import Span  # type: ignore[import-not-found]

    def engine():  # type: ignore[no-untyped-def]
        from models.db import make_engine

        return make_engine(url)

    store = Store(engine, as_of=dt.date(2026, 10, 31), login="admin", demo_fallback=True, url=url)
    return GiaobanApp(store, root=root, lang="vi", span=Span.parse(period) if period else None)


def _dashboard(url: str) -> float:
    return _first_frame(_dashboard_app(url))


def figures_drawn(screen) -> bool:  # type: ignore[no-untyped-def]
    """The screen shows the answer to its query: the headline and table filled in, and every
    chart shown drawn (by plotext or as text bars; not "loading")."""
    from tui.widgets.charts import ChartPanel  # type: ignore[import-not-found]

    if getattr(screen, "result", None) is None or getattr(screen, "charts_pending", False):
        return False  # (the overview mounts its chart panels after its first frame)
    for panel in screen.query(ChartPanel):
        if not panel.display or not panel.screen.is_active:
            continue
        if not panel.drawn:
            return False
    return True


def _figures(url: str, *, keep: bool = False) -> tuple[float, float]:
    """The dashboard's first screen with its real figures (headline, children, charts) on
    screen, from the interpreter's start, and the process's CPU time then. Whether they come
    from the figures kept by a previous run (:mod:`tui.snapshot`) depends on the directory
    ``$GIAOBAN_SNAPSHOT_DIR`` the parent gives. ``keep``: stay until this run's figures are
    kept there (to prepare a second start)."""
    import asyncio

    from tui.snapshot import snapshot_dir  # type: ignore[import-not-found]

    app = _dashboard_app(url)
    paints = Paints(app)
    paints.expect(lambda a: figures_drawn(a.screen))

    async def go() -> tuple[float, float]:
        async with app.run_test(size=SIZE) as pilot:
            shown = await paints.wait(pilot)
            deadline = time.perf_counter() + PATIENCE
            while keep and not any(snapshot_dir().glob("*.json")):
                if time.perf_counter() > deadline:
                    raise RuntimeError("the figures were never kept")
                await pilot.pause(0.05)
            assert paints.ready_cpu is not None
            return shown, paints.ready_cpu

    return asyncio.run(go())


def _drill_start(url: str) -> tuple[str, str]:
    """(code of the screen to open, code of the district to drill into): the first district
    of the data set (as the figures rows take it) and its parent."""
    from sqlalchemy import select

    from bench.measure import screens
    from models.db import make_engine
    from models.schema import OrgEdge, Organisation
    from models.uow import read_session

    district = screens(url)["district"]
    engine = make_engine(url)
    try:
        with read_session(engine) as s:
            parent = s.scalar(select(OrgEdge.parent_id).where(OrgEdge.child_id == district)
                              .order_by(OrgEdge.valid_from.desc()).limit(1))
            code = {i: c for i, c in s.execute(select(Organisation.id, Organisation.code)
                                                 .where(Organisation.id.in_((district, parent))))}
    finally:
        engine.dispose()
    return code[parent], code[district]


def _drill(url: str, drills: int = 7, rest: float | None = None) -> tuple[float, float, float, float]:
    """Median times from Enter on a child of the overview to the child's overview with its
    figures on screen (its own query, headline, table and charts): into ``drills`` districts
    from their parent (each once: the dashboard's memo keeps a screen it has shown), then into
    ``drills`` of the first district's children that have children of their own. One app; Esc back between drills, once the
    screen is back on its figures and idle. Wall time, then the process's CPU time (every
    thread: the query's worker shares the interpreter with the screen).

    ``rest`` None: Enter as soon as the cursor is on the row, nothing read ahead (the overview
    reads a child's figures ahead once the cursor rests on it; this measures the drill with
    its query). Else the cursor rests ``rest`` seconds on the row before Enter, as a person's
    would: the figures were read ahead, and the drill is the screen's own work."""
    from tui.screens import overview  # type: ignore[import-not-found]

    if rest is None:
        overview.PREFETCH_AFTER = None
    import asyncio
    import statistics

    from tui.widgets.tables import KeyedTable  # type: ignore[import-not-found]

    parent, district = _drill_start(url)
    app = _dashboard_app(url, root=parent)
    paints = Paints(app)

    def showing(a, org_id: int) -> bool:  # type: ignore[no-untyped-def]
        result = getattr(a.screen, "result", None)
        return result is not None and result.org.id == org_id and figures_drawn(a.screen)

    cpu: list[float] = []

    async def drill(pilot, key: str) -> float:  # type: ignore[no-untyped-def]
        table = app.screen.query_one(KeyedTable)
        table.move_cursor(row=table.get_row_index(key))
        await pilot.pause(rest)
        paints.expect(lambda a: showing(a, int(key)))
        start, start_cpu = time.perf_counter(), time.process_time()
        await pilot.press("enter")
        wall = await paints.wait(pilot) - start
        cpu.append(paints.ready_cpu - start_cpu)  # type: ignore[operator]
        return wall

    async def back(pilot, org_id: int) -> None:  # type: ignore[no-untyped-def]
        paints.expect(lambda a: showing(a, org_id))
        await pilot.press("escape")
        await paints.wait(pilot)
        await pilot.pause(0.2)  # any re-read of the screen shown again is over

    async def go() -> tuple[float, float, float, float]:
        async with app.run_test(size=SIZE) as pilot:
            paints.expect(lambda a: getattr(a.screen, "result", None) is not None and figures_drawn(a.screen))
            await paints.wait(pilot)
            root = app.screen.result
            key = next(str(c.org.id) for c in root.children if c.org.code == district)
            # Seven different districts (a district drilled into again is kept by the
            # dashboard's memo: drawn at once), the measured one first.
            others = [str(c.org.id) for c in root.children if c.has_children and str(c.org.id) != key]
            into_district = []
            for other in [key, *others][:drills]:
                into_district.append(await drill(pilot, other))
                await back(pilot, root.org.id)
            district_cpu, cpu[:] = statistics.median(cpu), []
            await drill(pilot, key)
            cpu.clear()
            here = app.screen.result
            keys = [str(c.org.id) for c in here.children if c.has_children][:drills]
            if not keys:
                raise RuntimeError("the district has no child with children to drill into")
            into_child = []
            for key in keys:
                into_child.append(await drill(pilot, key))
                await back(pilot, here.org.id)
            return (statistics.median(into_district), statistics.median(into_child), district_cpu,
                    statistics.median(cpu))

    return asyncio.run(go())


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

    app = Chart()
    paints = Paints(app)

    async def go() -> float:
        async with app.run_test(size=(200, 60)) as pilot:
            panel = app.query_one(ChartPanel)
            panel.draw(figures(0))  # the plot is mounted with the first figures
            await pilot.pause()
            plot = panel.plot
            times = []
            for i in range(1, 10):
                builds = plot.builds
                paints.expect(lambda _app, builds=builds: plot.builds == builds + 1 and plot.drawn)
                t0 = time.perf_counter()
                panel.draw(figures(i))
                times.append(await paints.wait(pilot) - t0)
                if plot.builds != builds + 1:
                    raise RuntimeError("the chart was drawn more than once")
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


def _in_terminal(app, ready, keep: bool = False) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Run ``app`` on the terminal this process was given (its driver, not the headless one):
    the time of the first frame handed to the terminal for which ``ready(app)`` holds, and the
    process's CPU time (every thread) then; then the app leaves (``keep``: once the figures
    shown were kept for the next start)."""
    from tui.snapshot import snapshot_dir  # type: ignore[import-not-found]

    paints = Paints(app)
    paints.expect(ready)

    def leave_when_ready() -> None:
        if paints.ready_at is None or (keep and not any(snapshot_dir().glob("*"))):
            app.set_timer(0.02, leave_when_ready)
            return
        app.exit()

    app.call_later(leave_when_ready)
    app.run(size=None)
    if paints.ready_at is None or paints.ready_cpu is None:
        raise RuntimeError("the app left before the expected frame")
    return paints.ready_at, paints.ready_cpu


def _pty_child(kind: str, arg: str | None, start: float) -> None:
    """In the pseudo-terminal: one measured start; the seconds go to ``$BENCH_OUT``."""
    import os

    if kind == BARE:
        from textual.app import App
        from textual.widgets import Label

        class Bare(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Label("giaoban")

        shown, cpu = _in_terminal(Bare(), lambda _a: True)
    else:
        app = _dashboard_app(arg or "", period=os.environ.get("BENCH_PERIOD") or None)
        shown, cpu = _in_terminal(app, lambda a: figures_drawn(a.screen), keep=kind == FIGURES_KEEP)
    # Seconds from the interpreter's start to the frame; the process's CPU seconds then.
    Path(os.environ["BENCH_OUT"]).write_text(f"{shown - start} {cpu}\n")


def measure_pty(kind: str, arg: str | None = None, snapshots: str | None = None, size: tuple[int, int] = SIZE,
                period: str | None = None) -> list[float]:
    """Seconds from a fresh interpreter's start to ``kind``'s frame on a real pseudo-terminal
    (the parent reads everything written to it, as a terminal would), then the process's CPU
    seconds at that frame. ``snapshots`` as in :func:`measure_all`; ``period`` as ``giaoban
    --period`` (None: the current year). ``$BENCH_ROOT``: the checkout whose code the child
    runs (default this one; to compare with another commit in the same run)."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import tempfile
    import termios

    compile_sources()
    root = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory(prefix="giaoban-bench-pty-") as work:
        out = Path(work) / "seconds"
        env = {**os.environ, "GIAOBAN_SNAPSHOT_DIR": snapshots or str(Path(work) / "snapshots"), "BENCH_OUT": str(out),
               "BENCH_PERIOD": period or "", "TERM": "xterm-256color", "COLORTERM": "truecolor",
               "PYTHONPATH": str(root)}
        command = [sys.executable, "-m", "bench.ui", PTY + kind] + ([arg] if arg else [])
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(root)
            os.execvpe(command[0], command, env)
        cols, rows = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        deadline = time.monotonic() + PATIENCE
        status = None
        try:
            while status is None:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} did not finish in the pseudo-terminal")
                ready, _, _ = select.select([fd], [], [], 0.05)
                if ready:
                    try:
                        os.read(fd, 1 << 16)
                    except OSError:
                        pass
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(code)
        finally:
            if status is None:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
            os.close(fd)
        if status != 0 or not out.exists():
            raise RuntimeError(f"{kind} in the pseudo-terminal ended with status {status}")
        return [float(v) for v in out.read_text().split()]


def figures_second_start_pty(url: str, period: str | None = None) -> list[float]:
    """:func:`figures_second_start`, in a pseudo-terminal."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="giaoban-bench-snapshots-") as kept:
        measure_pty(FIGURES_KEEP, url, snapshots=kept, period=period)
        return measure_pty(FIGURES, url, snapshots=kept, period=period)


def child(kind: str, arg: str | None) -> None:
    start = time.perf_counter()
    if kind.startswith(PTY):
        _pty_child(kind.removeprefix(PTY), arg, start)
        return
    if kind == BARE:
        print(_bare() - start)
    elif kind == DASHBOARD:
        print(_dashboard(arg or "") - start)
    elif kind in (FIGURES, FIGURES_KEEP):
        shown, cpu = _figures(arg or "", keep=kind == FIGURES_KEEP)
        print(shown - start, cpu)
    elif kind == DRILL:
        print(*_drill(arg or ""))
    elif kind == DRILL_RESTED:
        print(*_drill(arg or "", rest=0.6))
    elif kind == CHART:
        print(_chart())
    elif kind == LIST:
        print(_list(int(arg or 15000)) - start)


def measure(kind: str, arg: str | None = None) -> float:
    """Seconds reported by a fresh interpreter (raises if the child fails)."""
    return measure_all(kind, arg)[0]


_compiled = False


def compile_sources() -> None:
    """Byte-compile the project's own packages, once per run: the children then import them
    as they import Textual, compiled, as an installed dashboard does (pip compiles a package
    it installs; a checkout writes ``__pycache__`` at its first start). Where
    ``PYTHONDONTWRITEBYTECODE`` is set (the machine these benchmarks run on sets it) and
    nothing compiled them, every child compiled the dashboard's modules from source: 40-45 ms
    of its first frame that the bare app, all of it Textual, never paid. Only stale or missing
    files are written."""
    global _compiled
    if _compiled:
        return
    import compileall

    root = Path(__file__).resolve().parents[1]
    for package in ("tui", "models", "bench"):
        compileall.compile_dir(root / package, quiet=1)
    _compiled = True


def measure_all(kind: str, arg: str | None = None, snapshots: str | None = None) -> list[float]:
    """Every number a fresh interpreter reports on its last line (raises if it fails). The
    dashboard keeps its figures in ``snapshots`` (default: a new empty directory, so that
    nothing a previous run kept is shown: a first start). The project's modules are
    byte-compiled first (:func:`compile_sources`)."""
    import os
    import tempfile

    compile_sources()

    cmd = [sys.executable, "-m", "bench.ui", kind] + ([arg] if arg else [])
    with tempfile.TemporaryDirectory(prefix="giaoban-bench-snapshots-") as fresh:
        env = {**os.environ, "GIAOBAN_SNAPSHOT_DIR": snapshots or fresh}
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=1800, env=env)
    return [float(v) for v in out.stdout.strip().splitlines()[-1].split()]


def figures_second_start(url: str) -> list[float]:
    """Real figures on screen (seconds, CPU seconds) at a second start on an unchanged
    database: a first run keeps its figures, then a fresh interpreter starts again."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="giaoban-bench-snapshots-") as kept:
        measure_all(FIGURES_KEEP, url, snapshots=kept)
        return measure_all(FIGURES, url, snapshots=kept)


def dashboard_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("tui.app") is not None


STARTUP = "startup"


def startup_report(url: str, runs: int = 5, period: str | None = None) -> str:
    """Real figures on screen in a pseudo-terminal against a bare app's first frame there,
    ``runs`` of each, interleaved (so a busy moment of the machine falls on all three):
    a first start (nothing kept: the first of a day, or after a write) and a second start on
    an unchanged database. Medians of the wall time and of the process's CPU time to that
    frame (on a shared machine the CPU time is the steadier measure), and of each run's own
    ratio to the bare app measured next to it."""
    import statistics

    bare: list[list[float]] = []
    cold: list[list[float]] = []
    warm: list[list[float]] = []
    for _ in range(runs):
        bare.append(measure_pty(BARE))
        cold.append(measure_pty(FIGURES, url, period=period))
        warm.append(figures_second_start_pty(url, period))

    def med(values: list[list[float]], i: int) -> float:
        return statistics.median(v[i] for v in values)

    def paired(values: list[list[float]], i: int) -> float:
        return statistics.median(v[i] / x[i] for v, x in zip(values, bare, strict=True))

    def line(name: str, values: list[list[float]]) -> str:
        wall, cpu = med(values, 0), med(values, 1)
        runs_ms = ", ".join(f"{v[0] * 1000:.0f}" for v in values)
        if values is bare:
            return f"{name}: {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms (runs: {runs_ms})"
        return (f"{name}: {wall * 1000:.0f} ms = {wall / med(bare, 0):.2f}x (run by run {paired(values, 0):.2f}x), "
                f"CPU {cpu * 1000:.0f} ms = {cpu / med(bare, 1):.2f}x (run by run {paired(values, 1):.2f}x) (runs: {runs_ms})")

    return "\n".join([line("bare app, first frame", bare), line("first start, real figures", cold),
                      line("second start, real figures", warm)])


def can_gio_dataset() -> str:
    """The Cần Giờ data set (``giaoban seed can-gio``, the issue's own measure), built once
    into ``bench/.data/``."""
    import os

    from bench.datasets import DATA

    DATA.mkdir(exist_ok=True)
    path = DATA / "can-gio.sqlite"
    marker = DATA / "sqlite-can-gio.done"
    if not marker.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        subprocess.run([sys.executable, "-c", "from tui.cli import main; main()", "--db", f"sqlite:///{path}",
                        "seed", "can-gio"], check=True, stdout=subprocess.DEVNULL, env=os.environ)
        marker.write_text("built\n")
    return f"sqlite:///{path}"


if __name__ == "__main__":
    if sys.argv[1] == STARTUP:
        # python -m bench.ui startup [URL | can-gio] [RUNS] [--period 2020-2022]: without a
        # URL, the district data set of bench/.
        args = sys.argv[2:]
        chosen_period = None
        if "--period" in args:
            at = args.index("--period")
            chosen_period = args[at + 1]
            del args[at:at + 2]
        if args and args[0].startswith(("sqlite", "postgresql")):
            target = args.pop(0)
        elif args and args[0] == "can-gio":
            args.pop(0)
            target = can_gio_dataset()
        else:
            from bench import datasets

            target = datasets.dataset("district")[0]
        print(startup_report(target, int(args[0]) if args and args[0].isdigit() else 5, chosen_period))
    else:
        child(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
