"""An organisation's overview: headline figures, its children in a table, charts.

Enter on a child opens the child's overview, or the member list when the child is a cell.
The table keeps the same rows across a refresh; lagging children carry ``▼`` and a word.

A child's overview opens in place: the screen re-targets to the child and keeps what it
showed on a back stack, so Esc/Backspace puts back the same figures, row, sort and filter at
once (re-read when the data or the period changed meanwhile). Building a new screen of forty
widgets cost more than the drill's query; re-targeting restyles nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual import events, work
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker
from textual.widgets import DataTable, Input, Static

from tui.bindings import bindings, specs
from tui.data import OverviewQuery
from tui.i18n import number, percent, tr
from tui.safe import plain
from tui.screens.base import DashScreen, FilterInput, ended_banner, period_title, tree_day
from tui.widgets.keybar import KeyBar
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row, TableState
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures.data import ChildRow, Overview
    from tui.widgets.charts import ChartData

# The headline's and the charts' modules (``tui.widgets.kpis``, ``tui.widgets.charts``) are
# imported where they are used: the first screen's first frame shows neither.

#: Every column the children table can show, in display order.
#: The first screen on the figures kept by the last run: how often it looks whether its
#: charts are painted, and how long at most it waits for them before its first query (s).
KEPT_POLL = 0.02
KEPT_WAIT_LIMIT = 1.0

#: The app's own keys (quit, help, palette, period, theme...): they act at once, even before
#: the first screen's table exists.
APP_KEYS = frozenset(key for spec in specs(("global",)) for key in spec.keys.split(","))

_COLUMNS = {
    c.key: c
    for c in (
        Column("org", "col.org", width=16, flex=True),
        Column("status", "col.status"),
        Column("members", "col.members", numeric=True),
        Column("target", "col.target", numeric=True),
        Column("admitted", "col.admitted", numeric=True),
        Column("attainment", "col.attainment", numeric=True),
        Column("pace", "col.pace"),
        Column("removed", "col.removed", numeric=True),
        Column("left", "col.left", numeric=True),
        Column("ready", "col.ready", numeric=True),
        Column("problems", "col.problems", numeric=True),
        Column("at_risk", "col.at_risk", numeric=True),
    )
}


def _columns(*keys: str) -> tuple[Column, ...]:
    """The organisation column (the width the others leave it), then ``keys`` in display order."""
    return (_COLUMNS["org"], *(c for k, c in _COLUMNS.items() if k in keys))


# The wider the terminal, the more columns; status is always a word and a symbol.
NARROW_COLUMNS = _columns("status", "target", "admitted", "attainment", "removed", "left")
MEDIUM_COLUMNS = _columns("status", "target", "admitted", "attainment", "pace", "removed", "left", "ready", "at_risk")
WIDE_COLUMNS = _columns(*(k for k in _COLUMNS if k != "org"))

# Lagging children first when sorting by status.
STATUS_ORDER = {"behind": 0, "on_pace": 1, "met": 2, "no_target": 3}


def num(value: int | float | None, style=None) -> Text:  # type: ignore[no-untyped-def]
    return Text(number(value), justify="right", style=style or "")


@functools.lru_cache(maxsize=4096)
def _word_sort_key(word: str) -> str:
    """The collation key of one word of a name (the same few words recur in every tree:
    "Chi", "bộ", "ấp", "Đảng", "xã"...)."""
    from models.collation import name_sort_key

    return name_sort_key(word)


def child_row(child: ChildRow, app, at_risk: dict[int, int] | None = None) -> Row:  # type: ignore[no-untyped-def]
    """A child's line; ``at_risk``: members at risk of removal per child, once read (else –)."""
    from tui.widgets.kpis import pace_text, status_text

    behind = child.status.value == "behind"
    name_style = theme_style(app, "error", bold=True) if behind else ""
    warn = theme_style(app, "warning")
    pace = pace_text(child)  # type: ignore[arg-type]  # a ChildRow has the fields pace_text reads
    cells = {
        # A leading mark, so it survives when a long name is cut: ▸ opens an overview.
        "org": Text(("▸ " if child.has_children else "  ") + child.org.name, style=name_style),
        "status": status_text(child.status, app),
        "members": num(child.members),
        "target": num(child.target),
        "admitted": num(child.admitted),
        "attainment": Text(percent(child.ratio), justify="right", style=name_style),
        "pace": Text(pace, style=theme_style(app, "error") if pace.startswith("▼") else ""),
        "removed": num(child.removed, warn if child.removed else None),
        "left": num(child.left, warn if child.left else None),
        "ready": num(child.candidates_ready),
        "problems": num(len(child.problems), theme_style(app, "error") if child.problems else None),
        "at_risk": _at_risk_cell(child.org.id, at_risk, app),
    }
    sort = {
        "org": tuple(_word_sort_key(word) for word in child.org.name.split()),  # word by word, as written
        "status": (STATUS_ORDER.get(child.status.value, 9), child.ratio if child.ratio is not None else 99.0),
        "members": child.members,
        "target": child.target,
        "admitted": child.admitted,
        "attainment": child.ratio,
        "pace": (child.admitted - child.expected_by_now) if child.expected_by_now is not None else None,
        "removed": child.removed,
        "left": child.left,
        "ready": child.candidates_ready,
        "problems": len(child.problems),
        "at_risk": (at_risk or {}).get(child.org.id, 0),
    }
    return Row(str(child.org.id), cells, sort, search=f"{child.org.name} {child.org.code}")


def _at_risk_cell(org_id: int, at_risk: dict[int, int] | None, app) -> Text:  # type: ignore[no-untyped-def]
    """Members at risk of removal under a child: a mark with the number, never colour alone."""
    if at_risk is None:
        return Text("–", justify="right", style="dim")
    n = at_risk.get(org_id, 0)
    return Text(f"⚠ {n}" if n else "0", justify="right", style=theme_style(app, "warning") if n else "dim")


def children_chart(ov: Overview) -> ChartData:
    """Attainment of the target per child, the least attained on top, lagging ones marked ▼,
    100% marked on every bar short of it; a sentence instead when no child has a target.

    One bar per child: two series (admitted, target) per label would double the rows the
    chart needs for the same children."""
    from tui.widgets.charts import ChartData, Series, distinct_name

    rows = sorted((c for c in ov.children if c.target), key=lambda c: (c.ratio or 0.0, c.org.name))
    return ChartData(
        tuple(("▼ " if c.status.value == "behind" else "  ") + distinct_name(c.org.name) for c in rows),
        (Series("chart.series.attainment", tuple(round(100 * (c.ratio or 0.0)) for c in rows), "success"),),
        "hbar",
        unit="%",
        goal=100,
        empty_key="present.no_targets",
    )


def trend_chart(ov: Overview) -> ChartData:
    from tui.widgets.charts import ChartData, Series

    years = ov.figures.trend_years  # never a year before the data
    return ChartData(
        tuple(str(y.year) for y in years),
        (
            Series("chart.series.admitted", tuple(y.admitted for y in years), "success"),
            Series("chart.series.target", tuple(y.target or 0 for y in years), "secondary"),
        ),
        "line" if len(years) >= 3 else "bar",  # a trend reads as a line once there is one
    )


#: Seconds the cursor rests on a child before its overview is read ahead (None: never), so
#: that Enter shows it without waiting for its query.
PREFETCH_AFTER: float | None = 0.25
#: How many children's overviews read ahead (or left by Esc) are kept.
PREFETCH_KEEP = 8


class Prefetched(Message):
    """A child's overview read ahead, for the screen that asked."""

    def __init__(self, query: OverviewQuery, result: Overview, generation: int, when: dt.datetime) -> None:
        super().__init__()
        self.query, self.result, self.generation, self.when = query, result, generation, when


@dataclass
class Place:
    """An organisation the overview showed before drilling further: put back by Esc."""

    org_id: int | None
    code: str | None
    reason: str | None
    day: dt.date | None
    path: tuple[str, ...]
    result: Any
    updated: dt.datetime | None
    query: Any
    shown_query: Any
    span: Any
    table: TableState
    filter: tuple[str, bool]  # the ``/`` line's text and whether it is open
    stale: bool = False  # the data changed while it was away: re-read when shown


class OverviewScreen(DashScreen):
    SCOPES = ("global", "back", "table", "open", "filter", "filter_input", "sort", "record", "audit")
    BINDINGS = bindings("back", "filter", "sort", "record", "audit")

    DEFAULT_CSS = """
    OverviewScreen #reason { display: none; padding: 0 1; color: $warning; text-style: bold; max-height: 4; }
    OverviewScreen.-tall #reason { max-height: 8; }
    OverviewScreen #reason.-shown { display: block; }
    OverviewScreen #ended { display: none; padding: 0 1; color: $warning; text-style: bold; }
    OverviewScreen.-ended #ended { display: block; }
    OverviewScreen.-ended Headline, OverviewScreen.-ended #main { display: none; }
    OverviewScreen #loading { padding: 0 1; color: $text-muted; }
    OverviewScreen #main { height: 1fr; }
    OverviewScreen #left { width: 1fr; }
    OverviewScreen #charts { width: 40%; }
    OverviewScreen.-narrow #charts { display: none; }
    OverviewScreen.-medium #main { layout: vertical; }
    OverviewScreen.-medium #charts { width: 1fr; height: 14; layout: horizontal; }
    OverviewScreen.-short #charts { display: none; }
    """

    def __init__(
        self, *, org_id: int | None = None, code: str | None = None, reason: str | None = None, start: bool = False
    ) -> None:
        super().__init__()
        self.org_id = org_id
        self.code = code
        self.reason = reason
        # The app's first screen: it starts from the figures it kept last time when nothing
        # has changed since, and keeps what it shows for next time (tui.snapshot).
        self.start = start
        self._back: list[Place] = []  # the organisations drilled through, the last on top
        # Children's overviews read ahead: (answer, when read) by query; emptied whenever
        # the data or the period changes (``generation`` counts those changes).
        self._ahead: dict[OverviewQuery, tuple[Overview, dt.datetime]] = {}
        self._generation = 0
        self._shown_generation = -1  # the generation of the figures on screen (-1: none, or outdated)
        self._prefetch_timer: Any = None
        self._kept: Overview | None = None  # the figures kept by the last run, shown at start
        self._body_ready = False  # the headline, table and charts' place are mounted
        self._early_keys: list[tuple[str, str | None]] = []  # typed before the table existed

    # Marking the screen stale (a live update, a recording, another period) marks what it
    # showed before too: those are re-read when Esc brings them back.
    @property  # type: ignore[override]
    def stale(self) -> bool:
        return self.__dict__.get("_stale", False)

    @stale.setter
    def stale(self, value: bool) -> None:
        self.__dict__["_stale"] = value
        if value:
            for place in self.__dict__.get("_back", ()):
                place.stale = True
            self.__dict__.get("_ahead", {}).clear()
            self.__dict__["_generation"] = self.__dict__.get("_generation", 0) + 1

    def compose_body(self) -> ComposeResult:
        yield Static(id="reason")
        yield Static(id="ended")  # an organisation that ended before the period: where its work went
        # The app's first screen, before its first frame: the figures kept by the last run
        # when they are current (tui.snapshot), shown in that frame with everything else;
        # without them, that frame is the title bar, a loading line and the key bar, and the
        # headline, the table and the charts are mounted just after it (``_mount_body``):
        # composing, styling and painting them was most of the first frame's own work.
        first = self.start and not getattr(self.app, "drawn", True)
        self._kept = self._kept_snapshot() if first else None
        if first and self._kept is None:
            yield Static(tr("app.loading"), id="loading")
            return
        yield from self._body()
        self._body_ready = True

    @staticmethod
    def _body() -> tuple[Any, ...]:
        """The headline, then the children table beside (or above) the charts."""
        # The ``/`` line (a FilterInput) is mounted above the table the first time it is
        # wanted: an Input's styles and parts are a good part of a frame's work. ``s`` sorts
        # by status first: the lagging children on top. The chart panels are mounted once
        # the screen is drawn (``_mount_charts``).
        from tui.widgets.kpis import Headline

        table = KeyedTable(NARROW_COLUMNS, id="children", sort_first="status")
        return Headline(), Horizontal(Vertical(table, id="left"), Vertical(id="charts"), id="main")

    def reload(self) -> None:
        """The first screen showing the figures kept by the last run (exactly current: read
        at the database's present revision) asks for them again only once its charts are
        painted: that query loads SQLAlchemy and the models, and shared the interpreter
        with the charts' drawing, the figures' last step onto the screen."""
        if self._kept is None or self._kept_wait is not None:
            super().reload()
            return
        self.stale = False
        self._kept_wait = self.set_interval(KEPT_POLL, self._query_once_painted)
        self._kept_deadline = KEPT_WAIT_LIMIT

    _kept_wait: Any = None
    _kept_deadline = 0.0

    def _query_once_painted(self) -> None:
        self._kept_deadline -= KEPT_POLL
        if self._kept_deadline > 0 and not self._charts_painted():
            return
        self._kept_wait.stop()
        self._kept = None  # from now on, every query at once
        self.app.first_figures_painted()  # type: ignore[attr-defined]
        super().reload()

    def _charts_painted(self) -> bool:
        """Every chart panel shown has its figure drawn (hidden ones, at small sizes, count
        as painted)."""
        if not self.query_one("#charts").display:
            return True
        if self.charts_pending:
            return False
        from tui.widgets.charts import ChartPanel

        # A panel knows how its figures are drawn: plotext, text bars (no plot at all) or the
        # words for no figures.
        return all(panel.drawn for panel in self.query(ChartPanel).results(ChartPanel)
                   if panel.display and panel.data is not None)

    def make_query(self) -> OverviewQuery:
        return OverviewQuery(self.span, org_id=self.org_id, code=None if self.org_id else self.code, day=self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self._show_reason()
        if not self._body_ready:
            self.call_after_refresh(self._mount_body)
            return
        self._body_mounted()
        if self._kept is not None:
            self._show_snapshot(self._kept)

    async def _mount_body(self) -> None:
        """The headline, table and charts of a first screen drawn without them, in place of
        its loading line; then the figures, if they came meanwhile."""
        if not self.is_attached:
            return  # gone meanwhile (a cell's dashboard gave way to its member list)
        await self.mount(*self._body(), before=self.query_one(KeyBar))
        if not self.is_attached:
            return
        await self.query_one("#loading").remove()
        self._body_ready = True
        self._body_mounted()
        if self.result is not None:
            self.show(self.result)
        await self._replay_early_keys()

    def on_key(self, event: events.Key) -> None:
        """Before the table exists (the first frame of a first start), the keys meant for it
        or for this screen (a cursor move, Enter, ``/`` and what follows it, ``s``...) are
        kept, and pressed again in order once it does; the app's own keys act at once."""
        if self._body_ready:
            return
        typing = any(key == "slash" for key, _ in self._early_keys) and not any(
            key in ("enter", "escape") for key, _ in self._early_keys[-1:])
        if event.key in APP_KEYS and not typing:
            return  # (after a kept /, t or q are letters of the filter, not the theme or quit)
        self._early_keys.append((event.key, event.character))
        event.stop()
        event.prevent_default()

    async def _replay_early_keys(self) -> None:
        """Act on the kept keys in order: what follows a ``/`` is the filter's text (Enter
        keeps it, Esc drops it; still open at the end, the line keeps the focus to go on);
        any other key is pressed again for the table or the screen."""
        keys, self._early_keys = self._early_keys, []
        text: str | None = None  # the ``/`` line's text while it is open
        for key, character in keys:
            if text is None:
                if key == "slash":
                    text = ""
                else:
                    self.app.post_message(events.Key(key, character))
            elif key == "enter":
                await self._typed_filter(text, keep=True)
                text = None
            elif key == "escape":
                text = None
            elif key == "backspace":
                text = text[:-1]
            elif character and character.isprintable():
                text += character
        if text is not None:
            await self._typed_filter(text, keep=False)

    async def _typed_filter(self, text: str, *, keep: bool) -> None:
        await self.action_filter()
        box = self.query_one(FilterInput)
        box.value = text
        box.cursor_position = len(text)
        if keep:
            if not text:
                box.remove_class("-active")
            self.query_one(KeyedTable).focus()

    def _body_mounted(self) -> None:
        self.call_after_refresh(self._mount_charts)
        self.query_one(KeyedTable).focus()
        self._fit_columns()

    # The figures kept from the last run (tui.snapshot) -----------------------------

    def _snapshot_key(self, span: Any) -> Any:
        return self.app.store.snapshot_key(self.code, span)  # type: ignore[attr-defined]

    def _kept_snapshot(self) -> Any:
        """The figures kept last time, when they are exactly current (read before the first
        frame, with the standard library); else None."""
        store = self.app.store  # type: ignore[attr-defined]
        if not store.snapshots_kept():
            return None
        kept = store.start_snapshot(self._snapshot_key(self.app.span))  # type: ignore[attr-defined]
        return None if kept is None or self._is_cell(kept) else kept

    def _show_snapshot(self, kept: Any) -> None:
        """Before the first frame: the kept figures (the query after the first frame replaces
        them all the same)."""
        self.take(self.data_query, kept, self.app.clock(), kept_from_last_run=True)  # type: ignore[attr-defined]
        self._mount_charts()  # figures in the first frame: their charts too

    def take(self, query: Any, result: Any, updated: dt.datetime, *, kept_from_last_run: bool = False) -> None:
        super().take(query, result, updated)
        # Kept: the first screen's own organisation (not drilled, not a cell that gave way to
        # its member list) in the period the app started with.
        if (self.start and not kept_from_last_run and not self._back and query.day is None
                and query.span == self.app.start_span and not self._is_cell(result)):  # type: ignore[attr-defined]
            # Once these figures are painted: the worker is not to share the interpreter with
            # that (the first ones: once the app's first figures are, charts included).
            key = self._snapshot_key(query.span)
            if self.app.figures_painted:  # type: ignore[attr-defined]
                self.call_after_refresh(self.keep_snapshot, key, query, result)
            else:
                self.app.after_first_figures(lambda: self.keep_snapshot(key, query, result))  # type: ignore[attr-defined]
        if self.start and not kept_from_last_run:
            self._signal_when_painted()

    _paint_wait: Any = None

    def _signal_when_painted(self) -> None:
        """The app's first figures (read here, not kept by the last run): tell the app once
        they are painted, charts included, so that what waited for them starts."""
        if self.app.figures_painted or self._paint_wait is not None:  # type: ignore[attr-defined]
            return
        left = [KEPT_WAIT_LIMIT]

        def check() -> None:
            left[0] -= KEPT_POLL
            if left[0] > 0 and self.is_attached and not (self._body_ready and self._charts_painted()):
                return
            self._paint_wait.stop()
            self.app.first_figures_painted()  # type: ignore[attr-defined]

        self._paint_wait = self.set_interval(KEPT_POLL, check)

    @work(thread=True, group="snapshot", exit_on_error=False)
    def keep_snapshot(self, key: Any, query: OverviewQuery, result: Overview) -> None:
        self.app.store.save_snapshot(key, query, result)  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        if self._body_ready:
            self._fit_columns()

    @property
    def charts_pending(self) -> bool:
        """The chart panels are not mounted yet (until the screen is first drawn)."""
        return not self.query("#charts ChartPanel")

    def _mount_charts(self) -> None:
        """The two chart panels, after the screen's first frame: a panel and its styles are a
        good part of a first frame's work, and they have nothing to show before the figures."""
        if not self.charts_pending:
            return
        from tui.widgets.charts import ChartPanel

        children = ChartPanel("chart.admissions_by_child", id="chart-children")
        trend = ChartPanel("chart.trend", id="chart-trend")
        if self.result is not None:  # the figures came first
            children.draw(children_chart(self.result))
            trend.draw(trend_chart(self.result))
        self.query_one("#charts").mount(children, trend)

    def _fit_columns(self) -> None:
        table = self.query_one(KeyedTable)
        width = self.size.width
        # Charts sit beside the table from 150 columns (see the CSS), below it before that.
        room = int(width * 0.55) if width >= 150 else width
        wanted = WIDE_COLUMNS if room >= 140 else MEDIUM_COLUMNS if room >= 108 else NARROW_COLUMNS
        if table.spec != wanted:
            table.set_columns(wanted)

    def _show_reason(self) -> None:
        box = self.query_one("#reason", Static)
        box.set_class(bool(self.reason), "-shown")
        if self.reason:
            box.update(Text(tr("app.reason_banner", reasons=self.reason)))

    def show(self, ov: Overview) -> None:
        if self._is_cell(ov) and not self._back:
            self._become_cell(ov)
            return
        if not self._body_ready:
            return  # shown once the body is mounted (``_mount_body``)
        at_risk = self._at_risk[1] if self._at_risk is not None and self._at_risk[0] == ov.org.id else None
        self.query_one(KeyedTable).set_rows([child_row(c, self.app, at_risk) for c in ov.children])
        self._show_figures(ov)
        self._shown_generation = self._generation
        if self._kept is None:
            # Not on the figures kept by the last run: the read loads SQLAlchemy and the
            # models, which wait until they are painted; the query that replaces them reads it.
            # The first figures too are painted before it (it would share the interpreter).
            org_id, day = ov.org.id, self.day
            self.app.after_first_figures(lambda: self.load_at_risk(org_id, day))  # type: ignore[attr-defined]

    # Members at risk of removal per child (models.removal_warnings), read after the figures
    _at_risk: tuple[int, dict[int, int]] | None = None

    @work(thread=True, exclusive=True, group="at_risk", exit_on_error=False)
    def load_at_risk(self, org_id: int, day: dt.date | None) -> None:
        from tui.data import AtRiskQuery

        found = self.app.store.read(AtRiskQuery(org_id, day))  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_at_risk, org_id, found.by_child)

    def _show_at_risk(self, org_id: int, by_child: dict[int, int]) -> None:
        if self.result is None or self.result.org.id != org_id or not self._body_ready:
            return
        if self._at_risk == (org_id, by_child):
            return
        self._at_risk = (org_id, by_child)
        self.query_one(KeyedTable).set_rows([child_row(c, self.app, by_child) for c in self.result.children])

    def _show_figures(self, ov: Overview) -> None:
        """Everything but the table."""
        self.org_id = ov.org.id
        self.query_one(TitleBar).set_path(tuple(o.name for o in ov.path))
        self.query_one(TitleBar).set_tree_day(tree_day(self, ov))
        self._show_ended(ov)
        self.query_one("Headline").show(ov.figures, ov.problem_count)  # type: ignore[attr-defined]
        if not self.charts_pending:  # else drawn when mounted, from ``self.result``
            self.query_one("#chart-children").draw(children_chart(ov))  # type: ignore[attr-defined]
            self.query_one("#chart-trend").draw(trend_chart(ov))  # type: ignore[attr-defined]

    def _show_ended(self, ov: Overview) -> None:
        """An organisation that ended before the period: where its work went, instead of
        figures that would all be empty."""
        said = ended_banner(ov)
        self.set_class(said is not None, "-ended")
        if said is not None:
            self.query_one("#ended", Static).update(plain(said))  # stored names: hostile until cleaned

    @staticmethod
    def _is_cell(ov: Overview) -> bool:
        from models.enums import CELL_KINDS  # the answer is here: the models are loaded

        return ov.org.kind in CELL_KINDS

    def _become_cell(self, ov: Overview) -> None:
        """A cell has no children to list: a screen opened on one (a cell secretary's
        dashboard, ``--root`` a cell's code) gives way to the cell's member list."""
        from tui.screens.cell import CellScreen

        cell = CellScreen(ov.org.id, reason=self.reason)
        cell.day = self.day
        self.app.switch_screen(cell)
        self.app.first_figures_painted()  # type: ignore[attr-defined]  # (the cell's list, not figures)

    # Drilling in place -------------------------------------------------------------

    def drill(self, child: ChildRow) -> None:
        """Show ``child``'s overview here, keeping this one to come back to: at once when it
        was read ahead, else when its query (perhaps already under way) answers."""
        self._stop_prefetch_timer()
        query = self._child_query(child)
        path = tuple(o.name for o in self.result.path) + (child.org.name,)
        self._back.append(self._place())
        self.query_one(KeyBar).refresh()  # Esc now goes back
        self.org_id, self.code, self.reason, self.day = child.org.id, None, None, query.day
        self.result, self.updated, self._shown_query = None, None, None
        self.span, self.data_query, self.stale = query.span, query, False
        bar = self.query_one(TitleBar)
        bar.set_path(path)
        bar.set_period(period_title(query.span))
        self._set_filter("", active=False)
        self._show_reason()
        ahead = self._ahead.pop(query, None)
        if ahead is not None:
            self.query_one(KeyedTable).restore(None)
            self.take(query, *ahead)
            return
        bar.set_updated(None)  # "loading" until the answer
        self.query_one(KeyedTable).restore(None)  # no rows to open meanwhile
        if self._prefetching != query:
            self.fetch(query)
        # else: the read ahead under way is the answer (see on_prefetched)

    @property
    def drilled(self) -> bool:
        """Esc has an organisation to go back to on this screen."""
        return bool(self._back)

    def _child_query(self, child: ChildRow) -> OverviewQuery:
        day = self.effective_day()  # a child of a past tree is read under that tree's day
        return OverviewQuery(self.app.span, org_id=child.org.id, day=day)  # type: ignore[attr-defined]

    # Reading ahead ------------------------------------------------------------------

    _prefetching: OverviewQuery | None = None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._stop_prefetch_timer()
        child = self.child(str(event.row_key.value))
        if PREFETCH_AFTER is None or child is None or not child.has_children:
            return
        query = self._child_query(child)
        if query in self._ahead or query == self._prefetching:
            return
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, lambda: self._read_ahead(query))

    def _stop_prefetch_timer(self) -> None:
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None

    def _read_ahead(self, query: OverviewQuery) -> None:
        self._prefetch_timer = None
        if self._kept is not None or not self._charts_painted():
            # Not before this screen's own figures are painted (and, on the figures kept by
            # the last run, read again): reading ahead loads and reads what they wait for.
            self._prefetch_timer = self.set_timer(PREFETCH_AFTER or 0.0, lambda: self._read_ahead(query))
            return
        if self.result is not None and query.span == self.app.span:  # type: ignore[attr-defined]
            self._prefetching = query
            self._prefetch_worker = self.prefetch(query, self._generation)

    _prefetch_worker: Any = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._prefetch_worker or event.state not in (WorkerState.ERROR, WorkerState.CANCELLED):
            super().on_worker_state_changed(event)
            return
        query, self._prefetching, self._prefetch_worker = self._prefetching, None, None
        if query is not None and query == self.data_query and self.result is None:
            self.fetch(query)  # drilled while it was read ahead: read it now (and say why it fails)
        else:
            super().on_worker_state_changed(event)

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def prefetch(self, query: OverviewQuery, generation: int) -> None:
        worker = get_current_worker()
        result = self.app.store.read(query)  # type: ignore[attr-defined]
        if not worker.is_cancelled:
            self.post_message(Prefetched(query, result, generation, self.app.clock()))  # type: ignore[attr-defined]

    def on_prefetched(self, message: Prefetched) -> None:
        message.stop()
        if self._prefetching == message.query:
            self._prefetching = None
        if message.generation != self._generation:
            return  # read before the data or the period changed
        if message.query == self.data_query and self.result is None:
            self.take(message.query, message.result, message.when)  # drilled while it was read
        else:
            self._keep_ahead(message.query, message.result, message.when)

    def _keep_ahead(self, query: OverviewQuery, result: Overview, when: dt.datetime) -> None:
        if PREFETCH_AFTER is None:
            return
        self._ahead[query] = (result, when)
        while len(self._ahead) > PREFETCH_KEEP:
            del self._ahead[next(iter(self._ahead))]

    def back_in_place(self) -> bool:
        """Esc/Backspace: the organisation shown before the last drill, as it was; False
        when this screen was opened on the one it shows."""
        if not self._back:
            return False
        self._stop_prefetch_timer()
        place = self._back.pop()
        self.query_one(KeyBar).refresh()
        if (self.result is not None and self.updated is not None and self._shown_generation == self._generation
                and self._shown_query is not None):
            self._keep_ahead(self._shown_query, self.result, self.updated)  # Enter again: at once
        self.org_id, self.code, self.reason, self.day = place.org_id, place.code, place.reason, place.day
        self.result, self.updated, self.span = place.result, place.updated, place.span
        self.data_query, self._shown_query = place.query, place.shown_query
        bar = self.query_one(TitleBar)
        bar.set_path(place.path)
        bar.set_updated(place.updated)
        if place.span is not None:
            bar.set_period(period_title(place.span))
        value, active = place.filter
        self._set_filter(value, active=active)
        table = place.table
        if place.result is not None:
            # Built again: the language or the theme may have changed since (words, colours).
            table = replace(table, rows=tuple(child_row(c, self.app) for c in place.result.children))
        self.query_one(KeyedTable).restore(table)
        if place.result is not None:
            self._show_figures(place.result)
        self._shown_generation = -1 if place.stale else self._generation
        self._show_reason()
        if place.stale or place.result is None or place.span != self.app.span:  # type: ignore[attr-defined]
            self.refresh_data()
        return True

    def _filter_box(self) -> FilterInput | None:
        """The ``/`` line, once it was first wanted."""
        found = self.query(FilterInput)
        return found.first() if found else None

    def _mount_filter(self) -> Any:
        box = FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        return self.query_one("#left").mount(box, before=self.query_one(KeyedTable))

    def action_sort(self) -> None:
        if not self._body_ready:  # a key typed ahead of the first screen's body: kept
            self._early_keys.append(("s", "s"))
            return
        super().action_sort()

    async def action_filter(self) -> None:
        if not self._body_ready:  # a key typed ahead of the first screen's body: kept
            self._early_keys.append(("slash", "/"))
            return
        if self._filter_box() is None:
            await self._mount_filter()
        await super().action_filter()

    def _place(self) -> Place:
        box = self._filter_box()
        return Place(
            self.org_id, self.code, self.reason, self.day, self.query_one(TitleBar).path, self.result,
            self.updated, self.data_query, self._shown_query, self.span, self.query_one(KeyedTable).state(),
            (box.value, box.has_class("-active")) if box is not None else ("", False),
        )

    def _set_filter(self, value: str, *, active: bool) -> None:
        """The ``/`` line as given, without re-filtering the table (it is restored whole)."""
        box = self._filter_box()
        if box is None:
            if not value and not active:
                return  # never opened here: nothing to put back
            self._mount_filter()
            box = self.query_one(FilterInput)
        if box.value != value:
            with self.prevent(Input.Changed):
                box.value = value
        box.set_class(active, "-active")

    def rerender(self) -> None:
        super().rerender()
        self._show_reason()
        for widget in self.query("ChartPanel, Headline"):
            widget.relabel()  # type: ignore[attr-defined]
        loading = self.query("#loading")
        if loading:
            loading.first(Static).update(tr("app.loading"))

    def child(self, key: str) -> ChildRow | None:
        if self.result is None:
            return None
        return next((c for c in self.result.children if str(c.org.id) == key), None)

    def record_choices(self) -> list:  # type: ignore[type-arg]
        """The child under the cursor (its target; a cell's forms), then this organisation."""
        from tui.forms import org_choices

        if self.result is None:
            return []
        child = self.child(self.query_one(KeyedTable).current_key() or "")
        orgs = ([child.org] if child is not None else []) + [self.result.org]
        return [choice for org in orgs for choice in org_choices(self.form_context, org)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        child = self.child(str(event.row_key.value))
        if child is None:
            return
        if child.has_children:
            self.drill(child)
        else:
            self.app.open_org(child.org, has_children=False)  # type: ignore[attr-defined]
