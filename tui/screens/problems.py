"""Problem cells of the subtree, the worst first, each with the rules that fired in words.

The panel under the table gives the full sentences (with the regulation) of the row under
the cursor; Enter opens the organisation with those reasons shown on top.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import ProblemsQuery
from tui.i18n import language, tr
from tui.screens.base import DashScreen, FilterInput
from tui.widgets.charts import ChartData, ChartPanel, Series, distinct_name
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures.data import Problem

COLUMNS = (
    Column("severity", "col.severity"),
    Column("org", "col.org", width=20, flex=True),
    Column("reasons", "col.reasons", width=24, flex=True),
    Column("path", "col.path", width=8, flex=True),
)

SEVERITY_STYLE = {3: "error", 2: "warning", 1: "secondary"}


def severity_text(level: int, app) -> Text:  # type: ignore[no-untyped-def]
    return Text(f"{'⚠' * level:<3} {tr(f'severity.{level}')}", style=theme_style(app, SEVERITY_STYLE.get(level, "foreground"), bold=level >= 3))


def titles(p: Problem) -> str:
    """The rules that flag ``p``, by their titles, the worst first."""
    return "; ".join(h.title(language()) for h in sorted(p.hits, key=lambda h: -h.severity))


def problem_row(p: Problem, app) -> Row:  # type: ignore[no-untyped-def]
    named = titles(p)
    under = " › ".join(distinct_name(n) for n in p.path[:-1][-2:])  # the names without their kind
    cells = {
        "severity": severity_text(p.severity, app),
        "org": Text(p.org.name, style="bold"),
        "reasons": Text(named),
        "path": Text(under, style="dim"),
    }
    return Row(str(p.org.id), cells, {"severity": -p.score, "org": p.org.name}, search=f"{p.org.name} {p.org.code} {named}")


def rules_chart(problems: list[Problem]) -> ChartData:
    """How many organisations each rule flagged, the most common on top."""
    counts: dict[str, int] = {}
    for p in problems:
        for hit in p.hits:
            title = hit.title(language())
            counts[title] = counts.get(title, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ChartData(
        tuple(title for title, _ in ordered),
        (Series("chart.series.count", tuple(n for _, n in ordered), "error"),),
        "hbar",
    )


def reasons(p: Problem) -> str:
    return " ".join(h.reason(language()) for h in sorted(p.hits, key=lambda h: -h.severity))


class ProblemsScreen(DashScreen):
    SCOPES = ("global", "back", "table", "open", "filter", "filter_input", "sort")
    BINDINGS = bindings("back", "filter", "sort")

    DEFAULT_CSS = """
    ProblemsScreen #count { padding: 0 1; height: 1; text-style: bold; }
    ProblemsScreen #at-risk { display: none; padding: 0 1; height: 1; color: $warning; text-style: bold; }
    ProblemsScreen #at-risk.-shown { display: block; }
    ProblemsScreen #body { height: 1fr; }
    ProblemsScreen #rules { width: 40%; }
    ProblemsScreen.-narrow #rules, ProblemsScreen.-medium #rules, ProblemsScreen.-short #rules { display: none; }
    ProblemsScreen #detail { height: auto; max-height: 8; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, org_id: int, path: tuple[str, ...]) -> None:
        super().__init__()
        self.org_id = org_id
        self.path = path

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="count")
        yield Static(id="at-risk")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        with Horizontal(id="body"):
            yield KeyedTable(COLUMNS, id="problems")
            yield ChartPanel("chart.problem_rules", id="rules")
        yield Static(id="detail")

    def make_query(self) -> ProblemsQuery:
        return ProblemsQuery(self.org_id, self.span, self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TitleBar).set_path(self.path + (tr("screen.problems"),), optional_last=True)
        self.query_one(KeyedTable).focus()

    def problems(self) -> list[Problem]:
        return sorted(self.result or [], key=lambda p: (-p.score, p.org.name))

    def show(self, result: list[Problem]) -> None:
        problems = self.problems()
        self.query_one(TitleBar).set_path(self.path + (tr("screen.problems"),), optional_last=True)
        self.query_one(TitleBar).set_tree_day(self.day)
        self.query_one("#count", Static).update(
            tr("problems.count", n=len(problems)) if problems else tr("problems.none")
        )
        self.query_one(KeyedTable).set_rows([problem_row(p, self.app) for p in problems])
        self.query_one("#rules", ChartPanel).draw(rules_chart(problems))
        self._detail()
        self.load_at_risk(self.org_id, self.day)

    @work(thread=True, exclusive=True, group="at_risk", exit_on_error=False)
    def load_at_risk(self, org_id: int, day) -> None:  # type: ignore[no-untyped-def]
        """The members at risk of removal under the organisation: an entry of the problem
        list of its own (section 6 lists them)."""
        from tui.data import AtRiskQuery

        found = self.app.store.read(AtRiskQuery(org_id, day))  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_at_risk, found.members)

    def _show_at_risk(self, members: int) -> None:
        line = self.query_one("#at-risk", Static)
        line.set_class(members > 0, "-shown")
        line.update(tr("warnings.problem_line", n=f"{members:02d}") if members else "")

    def rerender(self) -> None:
        super().rerender()
        self.query_one("#rules", ChartPanel).relabel()

    def find(self, key: str) -> Problem | None:
        return next((p for p in self.result or [] if str(p.org.id) == key), None)

    def _detail(self) -> None:
        table = self.query_one(KeyedTable)
        key = table.current_key()
        problem = self.find(key) if key else None
        self.query_one("#detail", Static).update(
            Text(reasons(problem), style=theme_style(self.app, "foreground")) if problem else ""
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        problem = self.find(str(event.row_key.value))
        if problem is not None:
            from models.enums import CELL_KINDS

            self.app.open_org(  # type: ignore[attr-defined]
                problem.org, has_children=problem.org.kind not in CELL_KINDS, reason=reasons(problem)
            )
