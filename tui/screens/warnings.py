"""Members at risk of removal (section 6): who, in which cell, for what, which months, at
which level, and the rule; the flags first. Enter opens the member's history.

The names are personal details: users not entitled to them see the counts and the refusal in
words (the read side checks and logs the read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import AtRisk, AtRiskQuery
from tui.i18n import label, language, number, tr
from tui.screens.base import DashScreen, FilterInput
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.removal_warnings import RemovalWarning

COLUMNS = (
    Column("level", "col.level"),
    Column("name", "col.name", width=26),
    Column("org", "col.org", width=26),
    Column("reason", "col.warning_reason"),
    Column("months", "col.months"),
)


def months_text(w: RemovalWarning) -> str:
    return ", ".join(m.strftime("%m/%Y") if language() == "vi" else m.strftime("%Y-%m") for m in w.months)


def warning_row(w: RemovalWarning, app) -> Row:  # type: ignore[no-untyped-def]
    flag = w.level.value == "flag"
    mark = "⚠⚠ " if flag else "⚠  "
    cells = {
        "level": Text(mark + label(w.level), style=theme_style(app, "error" if flag else "warning", bold=flag)),
        "name": Text(w.name, style="bold" if flag else ""),
        "org": Text(w.org_name),
        "reason": Text(label(w.reason)),
        "months": Text(months_text(w)),
    }
    sort = {"level": (not flag, -len(w.months)), "name": w.sort_key, "org": w.org_name, "reason": w.reason.value,
            "months": -len(w.months)}
    return Row(f"{w.member_id}:{w.reason.value}", cells, sort, search=f"{w.name} {w.org_name} {w.org_code} {label(w.reason)}")


class WarningsScreen(DashScreen):
    SCOPES = ("global", "back", "table", "open", "filter", "filter_input", "sort")
    BINDINGS = bindings("back", "filter", "sort")

    DEFAULT_CSS = """
    WarningsScreen #count { padding: 0 1; height: auto; text-style: bold; }
    WarningsScreen #refusal { display: none; padding: 1 2; color: $error; }
    WarningsScreen #refusal.-shown { display: block; }
    WarningsScreen #detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, org_id: int, path: tuple[str, ...]) -> None:
        super().__init__()
        self.org_id = org_id
        self.path = path

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="count")
        yield Static(id="refusal")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        yield KeyedTable(COLUMNS, id="warnings", sort_first="level")
        yield Static(id="detail")

    def make_query(self) -> AtRiskQuery:
        return AtRiskQuery(self.org_id, self.day, names=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TitleBar).set_path(self.path + (tr("screen.warnings"),))
        self.query_one(KeyedTable).focus()

    def show(self, data: AtRisk) -> None:
        self.query_one(TitleBar).set_path(self.path + (tr("screen.warnings"),))
        self.query_one(TitleBar).set_tree_day(self.day)
        self.query_one("#count", Static).update(
            tr("warnings.count", n=number(data.members), flagged=number(data.flagged)) if data.members
            else tr("warnings.none")
        )
        refusal = self.query_one("#refusal", Static)
        refusal.set_class(data.warnings is None, "-shown")
        refusal.update(data.refusal or "")
        table = self.query_one(KeyedTable)
        table.display = data.warnings is not None
        table.set_rows([warning_row(w, self.app) for w in data.warnings or ()])
        self._detail()

    def find(self, key: str | None) -> RemovalWarning | None:
        warnings = self.result.warnings if self.result is not None else None
        return next((w for w in warnings or () if f"{w.member_id}:{w.reason.value}" == key), None)

    def _detail(self) -> None:
        found = self.find(self.query_one(KeyedTable).current_key())
        self.query_one("#detail", Static).update(
            Text(found.explanation(language()), style=theme_style(self.app, "foreground")) if found else ""
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        found = self.find(str(event.row_key.value))
        if found is not None:
            from tui.screens.member import MemberScreen

            self.app.push_here(MemberScreen(found.member_id))  # type: ignore[attr-defined]
