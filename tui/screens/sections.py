"""The sections of an organisation: 1 admissions, 2 removals and leaves, 3 pipeline,
4 Regulation 213 and members far away (5, the problem cells, has its own screen).

Each section is a table and a chart side by side when wide, one above the other when not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container
from textual.widgets import ContentSwitcher, Static

from tui.bindings import bindings
from tui.data import OverviewQuery
from tui.i18n import label, number, percent, tr
from tui.screens.base import DashScreen, tree_day
from tui.widgets.charts import ChartData, ChartPanel, Series
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures.data import Composition, OrgFigures, Overview

FIGURE_COLUMNS = (Column("figure", "col.figure"), Column("value", "col.value", numeric=True))
COMPARE_COLUMNS = (
    Column("figure", "col.figure"),
    Column("now", "col.now", numeric=True),
    Column("before", "col.before", numeric=True),
)
FLOW_COLUMNS = (
    Column("year", "col.year"),
    Column("start", "col.start", numeric=True),
    Column("admitted", "col.admitted", numeric=True),
    Column("in", "col.transfers_in", numeric=True),
    Column("removed", "col.removed", numeric=True),
    Column("left", "col.left", numeric=True),
    Column("expelled", "col.expelled", numeric=True),
    Column("died", "col.died", numeric=True),
    Column("out", "col.transfers_out", numeric=True),
    Column("end", "col.end", numeric=True),
)
#: The books of a year at 80 columns: the movements that matter at a briefing.
FLOW_COLUMNS_NARROW = tuple(c for c in FLOW_COLUMNS if c.key in ("year", "start", "admitted", "removed", "left", "died", "end"))


def _n(value: int | float | None) -> Text:
    return Text(number(value), justify="right")


def figure_rows(items: list[tuple[str, object]]) -> list[Row]:
    return [
        Row(key, {"figure": tr(key), "value": value if isinstance(value, Text) else _n(value)}, {"figure": i}, tr(key))  # type: ignore[arg-type]
        for i, (key, value) in enumerate(items)
    ]


COMPOSITION_KEYS = (
    ("kpi.women", "women"),
    ("kpi.youth", "youth_union"),
    ("kpi.recommended", "recommended"),
    ("kpi.occasion", "on_occasion"),
    ("kpi.aged_18_30", "aged_18_30"),
)


def admissions_rows(fig: OrgFigures) -> list[Row]:
    now, before = fig.composition, fig.previous_composition
    items: list[tuple[str, object, object]] = [
        ("kpi.admitted", now.admitted, None if before is None else before.admitted),
        ("kpi.target", fig.attainment.target, None),
        ("kpi.attainment", percent(fig.attainment.ratio), ""),
    ]
    # No period before with data: its column reads "–", never a roster's artefacts.
    items += [(key, getattr(now, attr), None if before is None else getattr(before, attr)) for key, attr in COMPOSITION_KEYS]
    return [
        Row(
            key,
            {
                "figure": tr(key),
                "now": Text(a, justify="right") if isinstance(a, str) else _n(a),  # type: ignore[arg-type]
                "before": Text(b, justify="right") if isinstance(b, str) else _n(b),  # type: ignore[arg-type]
            },
            {"figure": i},
            tr(key),
        )
        for i, (key, a, b) in enumerate(items)
    ]


def composition_chart(now: Composition, before: Composition | None) -> ChartData:
    """The admitted and each part of them, this period against the previous one (the table's
    six rows); without the previous one when it has no data."""
    keys = (("kpi.admitted", "admitted"), *COMPOSITION_KEYS)
    series = [Series("chart.series.now", tuple(getattr(now, a) for _, a in keys), "success")]
    if before is not None:  # None: the period before has no data
        series.append(Series("chart.series.before", tuple(getattr(before, a) for _, a in keys), "secondary"))
    return ChartData(tuple(tr(k) for k, _ in keys), tuple(series), "hbar")


def trend_chart(fig: OrgFigures) -> ChartData:
    years = fig.trend_years  # never a year before the data
    return ChartData(
        tuple(str(y.year) for y in years),
        (
            Series("chart.series.admitted", tuple(y.admitted for y in years), "success"),
            Series("chart.series.target", tuple(y.target or 0 for y in years), "secondary"),
        ),
        "line" if len(years) >= 3 else "bar",  # a trend reads as a line once there is one
    )


def flow_rows(fig: OrgFigures, app) -> list[Row]:  # type: ignore[no-untyped-def]
    warn = theme_style(app, "warning", bold=True)
    rows = []
    for y in fig.years:
        cells = {
            "year": str(y.year),
            "start": _n(y.members_start),
            "admitted": _n(y.admitted),
            "in": _n(y.transfers_in),
            "removed": Text(number(y.removed), justify="right", style=warn if y.removed else ""),
            "left": Text(number(y.left), justify="right", style=warn if y.left else ""),
            "expelled": _n(y.expelled),
            "died": _n(y.died),
            "out": _n(y.transfers_out),
            "end": _n(y.members_end),
        }
        rows.append(Row(str(y.year), cells, {"year": y.year}, str(y.year)))
    return rows


def grounds_text(fig: OrgFigures) -> Text:
    totals: dict[object, int] = {}
    for y in fig.years:
        for ground, n in y.removed_by_ground.items():
            totals[ground] = totals.get(ground, 0) + n
    text = Text(tr("sec.removal_ground") + ": ", style="bold")
    text.append("; ".join(f"{label(g)} {number(n)}" for g, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n) or "–")
    return text


def flows_chart(fig: OrgFigures) -> ChartData:
    years = fig.trend_years  # never a year before the data
    return ChartData(
        tuple(str(y.year) for y in years),
        (
            Series("chart.series.removed", tuple(y.removed for y in years), "warning"),
            Series("chart.series.left", tuple(y.left for y in years), "error"),
        ),
    )


def pipeline_rows(fig: OrgFigures) -> list[Row]:
    p = fig.pipeline
    items: list[tuple[str, object]] = []
    rows = [
        Row(f"stage.{stage.value}", {"figure": label(stage), "value": _n(n)}, {"figure": i}, label(stage))
        for i, (stage, n) in enumerate(p.by_stage.items())
    ]
    items = [
        ("sec.pipeline.valid", p.valid_certificates),
        ("sec.pipeline.expiring", p.expiring_this_year),
        ("sec.pipeline.remaining", p.remaining_target),
        ("sec.pipeline.coverage", Text(percent(p.coverage), justify="right")),
    ]
    return rows + [Row(r.key, r.cells, {"figure": 100 + i}, r.search) for i, r in enumerate(figure_rows(items))]


def pipeline_chart(fig: OrgFigures) -> ChartData:
    """Candidates still on the way (not admitted, not dropped), the first stage on top."""
    stages = [(s, n) for s, n in fig.pipeline.by_stage.items() if s.value not in ("admitted", "dropped")]
    return ChartData(
        tuple(label(s) for s, _ in stages),
        (Series("chart.series.count", tuple(n for _, n in stages), "primary"),),
        "hbar",
    )


def r213_rows(fig: OrgFigures) -> list[Row]:
    r, far = fig.r213, fig.far_away
    return figure_rows(
        [
            ("sec.r213.year", Text(str(r.year), justify="right")),
            ("sec.r213.links", r.links),
            ("sec.r213.exempt", r.exempt),
            ("sec.r213.registered", r.registered),
            ("sec.r213.requested", r.comments_requested),
            ("sec.r213.returned", r.comments_returned),
            ("sec.r213.missing", r.comments_missing),
            ("sec.far.away", far.members_away),
            ("sec.far.no_contact", far.without_contact),
        ]
    )


def r213_chart(fig: OrgFigures) -> ChartData:
    r = fig.r213
    keys = ("sec.r213.links", "sec.r213.registered", "sec.r213.requested", "sec.r213.returned", "sec.far.away")
    values = (r.links, r.registered, r.comments_requested, r.comments_returned, fig.far_away.members_away)
    return ChartData(
        tuple(tr(k) for k in keys), (Series("chart.series.count", values, "primary"),), "hbar"
    )


class SectionsScreen(DashScreen):
    SCOPES = ("global", "back", "table")
    BINDINGS = bindings("back")

    DEFAULT_CSS = """
    SectionsScreen #tabs { height: 1; padding: 0 1; }
    SectionsScreen ContentSwitcher { height: 1fr; }
    SectionsScreen .pane { layout: horizontal; height: 1fr; }
    SectionsScreen .pane > .side { width: 1fr; height: 1fr; }
    SectionsScreen .pane KeyedTable { height: 1fr; }
    SectionsScreen .pane #grounds { height: auto; padding: 0 1; }
    SectionsScreen.-narrow .pane, SectionsScreen.-medium .pane { layout: vertical; }
    SectionsScreen.-medium .charts { layout: horizontal; }
    SectionsScreen.-narrow .pane > .side { height: 1fr; }
    SectionsScreen.-narrow .second, SectionsScreen.-short .second { display: none; }
    """

    def __init__(self, org_id: int, section: int = 1) -> None:
        super().__init__()
        self.org_id = org_id
        self.section = section

    def compose_body(self) -> ComposeResult:
        yield Static(id="tabs")
        with ContentSwitcher(initial=f"s{self.section}"):
            with Container(id="s1", classes="pane"):
                with Container(classes="side"):
                    yield KeyedTable(COMPARE_COLUMNS, id="t1")
                with Container(classes="side charts"):
                    yield ChartPanel("chart.trend", id="c1")
                    yield ChartPanel("chart.composition", id="c1b").add_class("second")
            with Container(id="s2", classes="pane"):
                with Container(classes="side"):
                    yield KeyedTable(FLOW_COLUMNS, id="t2")
                    yield Static(id="grounds")
                yield ChartPanel("chart.flows", id="c2").add_class("side")
            with Container(id="s3", classes="pane"):
                yield KeyedTable(FIGURE_COLUMNS, id="t3").add_class("side")
                yield ChartPanel("chart.pipeline", id="c3").add_class("side")
            with Container(id="s4", classes="pane"):
                yield KeyedTable(FIGURE_COLUMNS, id="t4").add_class("side")
                yield ChartPanel("chart.r213", id="c4").add_class("side")

    def make_query(self) -> OverviewQuery:
        return OverviewQuery(self.span, org_id=self.org_id, day=self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.switch(self.section)
        self._fit_columns()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        table = self.query_one("#t2", KeyedTable)
        width = self.size.width
        room = width // 2 if width >= 150 else width  # from 150 columns the chart sits beside
        wanted = FLOW_COLUMNS if room >= 110 else FLOW_COLUMNS_NARROW
        if table.spec != wanted:
            table.set_columns(wanted)

    def switch(self, section: int) -> None:
        self.section = section
        self.query_one(ContentSwitcher).current = f"s{section}"
        self.query_one(f"#t{section}", KeyedTable).focus()
        self._tabs()
        if self.result is not None:
            path = tuple(o.name for o in self.result.path)
            self.query_one(TitleBar).set_path(path + (tr(f"section.{section}"),), optional_last=True)

    def main_table(self) -> KeyedTable:
        return self.query_one(f"#t{self.section}", KeyedTable)

    def _tabs(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        current = theme_style(self.app, "accent", bold=True) + Style(reverse=True)
        for n in (1, 2, 3, 4, 5):
            if n > 1:
                text.append(" ")
            text.append(f" {n} {tr(f'section.{n}')} ", style=current if n == self.section else "")
        self.query_one("#tabs", Static).update(text)

    def show(self, ov: Overview) -> None:
        fig = ov.figures
        self.query_one(TitleBar).set_tree_day(tree_day(self, ov))
        self.query_one(TitleBar).set_path(tuple(o.name for o in ov.path) + (tr(f"section.{self.section}"),),
                                          optional_last=True)
        self.query_one("#t1", KeyedTable).set_rows(admissions_rows(fig))
        self.query_one("#c1", ChartPanel).draw(trend_chart(fig))
        self.query_one("#c1b", ChartPanel).draw(composition_chart(fig.composition, fig.previous_composition))
        self.query_one("#t2", KeyedTable).set_rows(flow_rows(fig, self.app))
        self.query_one("#grounds", Static).update(grounds_text(fig))
        self.query_one("#c2", ChartPanel).draw(flows_chart(fig))
        self.query_one("#t3", KeyedTable).set_rows(pipeline_rows(fig))
        self.query_one("#c3", ChartPanel).draw(pipeline_chart(fig))
        self.query_one("#t4", KeyedTable).set_rows(r213_rows(fig))
        self.query_one("#c4", ChartPanel).draw(r213_chart(fig))

    def rerender(self) -> None:
        super().rerender()
        self._tabs()
        for chart in self.query(ChartPanel):
            chart.relabel()
