"""The statistical report of Party members (section 8, issue 18): for the organisation and each
child, members at the start of the period, every flow in and out, and members at the end by
status, as the organisation office lays it out; under the table, for the row under the
cursor, the disciplinary measures, the Party badges of the period, the Party cards issued
and awaiting, the last rated year's
quality ratings, for a period in progress the same days of the year before, and the books by
status with the transfers by kind and area; with ``c``, the members' make-up of that row instead
(ages, women, minorities, religions, education and theory levels, admissions in enterprises,
hamlets without a cell or with few members: :func:`models.makeup_text.makeup_lines`, the
report's own sentences).

The figures come from the engine (``Part.OFFICE`` of ``models.figures.service.briefing``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from models.makeup_text import makeup_lines
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import OfficeQuery, OfficeView
from tui.i18n import day as day_text
from tui.i18n import language as tr_language
from tui.i18n import number, tr
from tui.screens.base import DashScreen, FilterInput
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

#: (column key, catalogue key, how to read it from a models.figures.statistics.MemberStatistics).
FIGURES: tuple[tuple[str, str, Any], ...] = (
    ("start", "col.stat.start", lambda s: s.total("start")),
    ("admitted", "col.stat.admitted", lambda s: s.total("admitted")),
    ("recognised", "col.stat.recognised", lambda s: s.recognised),
    ("transfer_in", "col.stat.transfer_in", lambda s: s.total("transfer_in")),
    ("transfer_out", "col.stat.transfer_out", lambda s: s.total("transfer_out")),
    ("removed", "col.stat.removed", lambda s: s.total("removed")),
    ("left", "col.stat.left", lambda s: s.total("left")),
    ("expelled", "col.stat.expelled", lambda s: s.total("expelled")),
    ("died", "col.stat.died", lambda s: s.total("died")),
    ("end", "col.stat.end", lambda s: s.total("end")),
    ("probationary_end", "col.stat.probationary", lambda s: s.status("end", "probationary")),
    ("official_end", "col.stat.official", lambda s: s.status("end", "official")),
)

COLUMNS = (Column("org", "col.org", width=18, flex=True),
           *(Column(key, label, numeric=True) for key, label, _ in FIGURES))


def statistics_row(org: Any, stats: Any, root: bool) -> Row:
    style = "bold" if root else ""
    cells: dict[str, Any] = {"org": Text(org.name, style=style)}
    sort: dict[str, Any] = {"org": (not root, org.name)}
    for key, _, read in FIGURES:
        value = read(stats)
        cells[key] = Text(number(value), style=style, justify="right")
        sort[key] = value
    return Row(str(org.org_id), cells, sort, search=f"{org.name} {org.code}")


def _flows(stats: Any) -> str:
    """A row's figures in words, one status at a time, then the transfers."""
    parts = []
    for status in ("probationary", "official"):
        parts.append(tr(
            f"stat.books.{status}", start=number(stats.status("start", status)),
            admitted=number(stats.status("admitted", status)), into=number(stats.status("transfer_in", status)),
            recognised=number(stats.recognised),
            out=number(sum(stats.status(f, status) for f in ("transfer_out", "removed", "left", "expelled", "died"))),
            end=number(stats.status("end", status)),
        ))
    t = stats.transfers
    parts.append(tr(
        "stat.transfers",
        in_within=number(t.get(("in", "permanent", "within"), 0)), in_outside=number(t.get(("in", "permanent", "outside"), 0)),
        out_within=number(t.get(("out", "permanent", "within"), 0)),
        out_outside=number(t.get(("out", "permanent", "outside"), 0)),
        temp_in=number(sum(t.get(("in", "temporary", a), 0) for a in ("within", "outside"))),
        temp_out=number(sum(t.get(("out", "temporary", a), 0) for a in ("within", "outside"))),
    ))
    return " ".join(parts)


def _discipline(counts: Any) -> str:
    shown = [tr(f"stat.discipline.{k}", n=number(n)) for k, n in counts.items()]
    return tr("stat.discipline", list=", ".join(shown))


def _badges(counts: Any) -> str:
    reached = [tr("stat.badge", years=y, n=number(n)) for y, n in counts.items() if n]
    return tr("stat.badges", list=", ".join(reached)) if reached else tr("stat.badges.none")


def _cards(cards: Any) -> str:
    text = tr("stat.cards", issued=number(cards.get("issued", 0)), awaiting=number(cards.get("awaiting", 0)))
    wait = cards.get("longest_wait_days")
    return text + (" " + tr("stat.cards.wait", days=number(wait)) if wait is not None else "")


def _ratings(ratings: Any) -> str:
    year = ratings.get("year")
    if year is None:
        return tr("stat.ratings.none")
    order = ("excellent", "good", "completed", "not_completed")
    members = ", ".join(tr(f"stat.rating.{r}", n=number(ratings["members"].get(r, 0))) for r in order)
    orgs = ", ".join(tr(f"stat.rating.{r}", n=number(ratings["organisations"].get(r, 0))) for r in order)
    text = tr("stat.ratings", year=year, members=members, orgs=orgs)
    twice = ratings.get("members_not_completed_two_years", 0)
    return text + (" " + tr("stat.ratings.twice", n=number(twice)) if twice else "")


def _previous(stats: Any, period: Any) -> str:
    return tr("stat.previous", start_day=day_text(period.start), end_day=day_text(period.end), start=number(stats.total("start")), admitted=number(stats.total("admitted")),
              out=number(sum(stats.total(f) for f in ("removed", "left", "expelled", "died"))), end=number(stats.total("end")))


class StatisticsScreen(DashScreen):
    SCOPES = ("global", "back", "table", "filter", "filter_input", "sort", "makeup")
    BINDINGS = bindings("back", "filter", "sort", "makeup")
    EXACT_PERIOD = True  # the office's figures are of the period's own days (a quarter's, a half's)

    DEFAULT_CSS = """
    StatisticsScreen #count { padding: 0 1; height: auto; text-style: bold; }
    StatisticsScreen #detail { height: auto; max-height: 9; padding: 0 1; border-top: solid $primary; overflow-y: auto; }
    StatisticsScreen.-normal #detail { max-height: 6; }
    """

    def __init__(self, org_id: int, path: tuple[str, ...]) -> None:
        super().__init__()
        self.org_id = org_id
        self.path = path
        self.show_makeup = False

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="count")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        yield KeyedTable(COLUMNS, id="statistics", sort_first="org")
        yield Static(id="detail")

    def make_query(self) -> OfficeQuery:
        return OfficeQuery(self.org_id, self.span, self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TitleBar).set_path(self.path + (tr("screen.statistics"),), optional_last=True)
        self.query_one(KeyedTable).focus()

    def show(self, data: OfficeView) -> None:
        self.query_one(TitleBar).set_path(self.path + (tr("screen.statistics"),), optional_last=True)
        self.query_one(TitleBar).set_tree_day(self.day)
        period = data.office.period
        self.query_one("#count", Static).update(
            tr("stat.heading", start=day_text(period.start), end=day_text(period.end))
        )
        stats = data.office.statistics
        self.query_one(KeyedTable).set_rows(
            [statistics_row(o, stats[o.org_id], i == 0) for i, o in enumerate(data.orgs)]
        )
        self._detail()

    def _detail(self) -> None:
        data: OfficeView | None = self.result
        key = self.query_one(KeyedTable).current_key()
        if data is None or key is None:
            self.query_one("#detail", Static).update("")
            return
        org_id = int(key)
        office = data.office
        if self.show_makeup and org_id in office.makeup:
            mk = office.makeup[org_id]
            lines = makeup_lines(mk, tr_language(), day=day_text(mk.day))
            self.query_one("#detail", Static).update(Text("\n".join(lines), style=theme_style(self.app, "foreground")))
            return
        # What the table cannot show first (at 80x24 the panel has six lines).
        lines = [_discipline(office.discipline.get(org_id, {})), _badges(office.badges.get(org_id, {})),
                 _cards(office.cards.get(org_id, {})), _ratings(office.ratings.get(org_id, {}))]
        if data.previous is not None and org_id in data.previous.statistics:
            lines.append(_previous(data.previous.statistics[org_id], data.previous.period))
        lines.append(_flows(office.statistics[org_id]))
        self.query_one("#detail", Static).update(Text("\n".join(lines), style=theme_style(self.app, "foreground")))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def action_toggle_makeup(self) -> None:
        """The panel under the table: the office's figures of the row, or its make-up."""
        self.show_makeup = not self.show_makeup
        self._detail()
