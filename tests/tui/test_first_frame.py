"""The first frame does not wait for the data layer or the charts: until the dashboard's first
screen is on screen, neither SQLAlchemy, nor the models that use it, nor plotext is loaded.
Each such check runs in a fresh interpreter, since this test session has loaded them all.
Without figures kept from the last run, that frame is the title bar, a loading line and the
key bar: the headline, the table and the charts are mounted just after it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Loaded later: by the first query's worker (SQLAlchemy, the models) or by the first chart.
# models.figures is a package whose data module the kept figures are decoded into; its modules
# that compute (and load SQLAlchemy) are the heavy ones.
HEAVY = ("sqlalchemy", "alembic", "plotext", "textual_plotext", "models.db", "models.schema", "models.figures.service",
         "models.figures.events", "models.figures.kept", "tui.widgets.plot")

REPORT = (
    "def heavy():\n"
    f"    return sorted(m for m in sys.modules if m in {HEAVY!r} or m.split('.')[0] in ('sqlalchemy', 'plotext'))\n"
)


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", "import sys\n" + REPORT + code], capture_output=True, text=True,
                         timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_the_app_and_its_first_screen_loads_no_data_layer_nor_plotext() -> None:
    code = "import tui.app, tui.screens.overview, tui.widgets.charts\nprint(','.join(heavy()))\n"
    assert run(code) == ""


def test_the_command_line_opens_the_dashboard_before_loading_them(tmp_path: Path) -> None:
    """``giaoban --db URL`` as far as starting the app: settings, the database check, the store."""
    code = (
        "import tui.app\n"
        "def run(self, *args, **kwargs):\n"
        "    print(','.join(heavy()) or 'clean')\n"
        "tui.app.GiaobanApp.run = run\n"
        "from tui.cli import main\n"
        f"main(['--db', 'sqlite:///{tmp_path / 'x.sqlite'}'], standalone_mode=False)\n"
    )
    assert run(code) == "clean"


def test_the_first_frame_is_drawn_before_they_are_loaded(tmp_path: Path) -> None:
    """The app's first screen drawn (handed to the terminal driver), headless: only then does
    the first query load the data layer, and the first chart plotext."""
    code = (
        "import asyncio, datetime as dt\n"
        "from tui.app import GiaobanApp\n"
        "from tui.data import Store\n"
        "def engine():\n"
        "    from models.db import make_engine\n"
        f"    return make_engine('sqlite:///{tmp_path / 'x.sqlite'}')\n"
        "app = GiaobanApp(Store(engine, as_of=dt.date(2023, 3, 31)), live=False)\n"
        "seen = []\n"
        "display = app._display\n"
        "def first(screen, update):\n"
        "    display(screen, update)\n"
        "    if not seen:\n"
        "        seen.append((type(screen).__name__, heavy()))\n"
        "async def go():\n"
        "    app._display = first\n"
        "    async with app.run_test(size=(160, 50)):\n"
        "        pass\n"
        "asyncio.run(go())\n"
        "print(seen[0][0], ','.join(seen[0][1]) or 'clean')\n"
    )
    assert run(code) == "OverviewScreen clean"


def test_a_first_frame_without_kept_figures_loads_neither_the_headline_nor_the_charts(tmp_path: Path) -> None:
    """Nothing kept by a last run: the first frame shows no headline nor chart, so their modules
    are loaded after it, with the body; no key to the kept figures is worked out either."""
    code = (
        "import asyncio, datetime as dt, os\n"
        f"os.environ['GIAOBAN_SNAPSHOT_DIR'] = {str(tmp_path / 'kept')!r}\n"
        "from tui.app import GiaobanApp\n"
        "from tui.data import Store\n"
        "def engine():\n"
        "    from models.db import make_engine\n"
        f"    return make_engine('sqlite:///{tmp_path / 'x.sqlite'}')\n"
        f"app = GiaobanApp(Store(engine, as_of=dt.date(2023, 3, 31), url='sqlite:///{tmp_path / 'x.sqlite'}'),"
        " live=False)\n"
        "later = ('tui.widgets.kpis', 'tui.widgets.charts', 'hashlib', 'models.login')\n"
        "seen = []\n"
        "display = app._display\n"
        "def first(screen, update):\n"
        "    display(screen, update)\n"
        "    if not seen:\n"
        "        seen.append([m for m in later if m in sys.modules])\n"
        "async def go():\n"
        "    app._display = first\n"
        "    async with app.run_test(size=(160, 50)):\n"
        "        pass\n"
        "asyncio.run(go())\n"
        "print(','.join(seen[0]) or 'clean')\n"
    )
    assert run(code) == "clean"


def test_a_second_start_shows_the_kept_figures_in_its_first_frame_without_loading_them(tmp_path: Path) -> None:
    """On an unchanged SQLite database the first frame already shows the figures kept by the
    last run (tui.snapshot): read with the standard library, neither SQLAlchemy nor the models
    that use it are loaded for them (plotext is: the charts are drawn)."""
    from models.db import make_engine
    from models.migrate import upgrade
    from tests.tui.conftest import build_tree

    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    build_tree(engine)
    engine.dispose()
    app = (
        "import asyncio, datetime as dt\n"
        "from tui.app import GiaobanApp\n"
        "from tui.data import Store\n"
        "from tui.periods import Span\n"
        "def engine():\n"
        "    from models.db import make_engine\n"
        f"    return make_engine({url!r})\n"
        f"app = GiaobanApp(Store(engine, as_of=dt.date(2023, 3, 31), login='chair', url={url!r}), span=Span.year(2022),"
        " live=False)\n"
    )
    keep = app + (
        "from tui.snapshot import snapshot_dir\n"
        "async def go():\n"
        "    async with app.run_test(size=(160, 50)) as pilot:\n"
        "        while not list(snapshot_dir().glob('*.json')):\n"
        "            await pilot.pause(0.05)\n"
        "asyncio.run(go())\n"
        "print('kept')\n"
    )
    assert run(keep) == "kept"
    second = app + (
        "seen = []\n"
        "display = app._display\n"
        "def first(screen, update):\n"
        "    display(screen, update)\n"
        "    if not seen:\n"
        "        data = [m for m in heavy() if not m.startswith(('plotext', 'textual_plotext', 'tui.widgets.plot'))]\n"
        "        seen.append((type(screen).__name__, screen.result is not None, data))\n"
        "async def go():\n"
        "    app._display = first\n"
        "    async with app.run_test(size=(160, 50)):\n"
        "        pass\n"
        "asyncio.run(go())\n"
        "print(seen[0][0], 'figures' if seen[0][1] else 'loading', ','.join(seen[0][2]) or 'clean')\n"
    )
    assert run(second) == "OverviewScreen figures clean"


async def test_without_kept_figures_the_first_frame_is_the_title_a_loading_line_and_the_keys(tree, make_app) -> None:
    """The first screen's headline, table and charts are mounted just after its first frame
    (no figures to show yet); once they are, the table has the focus, keys work as ever, and
    the loading line is gone. Keys typed before that (a sort, the ``/`` line) do nothing."""
    from tests.tui.helpers import settle, table_rows
    from tui.widgets.kpis import Headline
    from tui.widgets.tables import KeyedTable

    app = make_app(root="H")
    seen: list[tuple[int, int, str]] = []
    display = app._display  # noqa: SLF001 - the frame handed to the driver, as bench/ui.py times it

    def first(screen, update) -> None:  # type: ignore[no-untyped-def]
        display(screen, update)
        if not seen:
            loading = screen.query("#loading")
            seen.append((len(screen.query(KeyedTable)), len(screen.query(Headline)),
                         str(loading.first().render()) if loading else ""))
            screen.action_sort()  # typed ahead: no table to sort yet

    app._display = first  # noqa: SLF001
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert seen == [(0, 0, "Đang tải số liệu…")]
        screen = app.screen
        assert not screen.query("#loading")
        assert app.focused is screen.query_one(KeyedTable)
        assert screen.query_one(Headline)._figures is not None  # noqa: SLF001
        assert [r[0].strip("▸ ") for r in table_rows(pilot)] == ["Đảng bộ xã Bình Khánh", "Đảng bộ xã Thạnh An"]
        assert not screen.charts_pending
        await pilot.press("s")  # sorted by status: the lagging commune first
        assert table_rows(pilot)[0][0].strip("▸ ") == "Đảng bộ xã Bình Khánh"
