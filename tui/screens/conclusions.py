"""Thực hiện kết luận kỳ trước (section 7): each conclusion of past briefings for the
organisations here, done, in progress (its figure against the condition) or overdue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import ConclusionsQuery
from tui.i18n import day, language, number, tr
from tui.screens.base import DashScreen, FilterInput
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.conclusions import ConclusionRow

COLUMNS = (
    Column("status", "col.status"),
    Column("org", "col.org", width=24),
    Column("text", "col.conclusion", width=40),
    Column("due", "col.due"),
    Column("progress", "col.progress"),
)

#: A mark beside each word, so the status never rides on colour alone.
STATUS_MARK = {"done": ("✓", "success"), "open": ("…", "warning"), "overdue": ("✗", "error")}
STATUS_ORDER = {"overdue": 0, "open": 1, "done": 2}


def status_text(row: ConclusionRow, app) -> Text:  # type: ignore[no-untyped-def]
    mark, style = STATUS_MARK[row.status.value]
    return Text(f"{mark} {row.status.label(language())}", style=theme_style(app, style, bold=row.status.value == "overdue"))


def conclusion_row(row: ConclusionRow, app) -> Row:  # type: ignore[no-untyped-def]
    cells = {
        "status": status_text(row, app),
        "org": Text(row.org_name),
        "text": Text(row.text),
        "due": Text(day(row.due)),
        "progress": Text(row.progress(language()), style="dim" if row.status.value == "done" else ""),
    }
    sort = {"status": (STATUS_ORDER[row.status.value], row.due), "org": row.org_name, "text": row.text, "due": row.due,
            "progress": row.figure}
    return Row(str(row.id), cells, sort, search=f"{row.org_name} {row.org_code} {row.text}")


def counts_line(rows: tuple[ConclusionRow, ...]) -> str:
    n = {s: sum(1 for r in rows if r.status.value == s) for s in ("done", "open", "overdue")}
    return tr("conclusions.count", total=number(len(rows)), done=number(n["done"]), open=number(n["open"]),
              overdue=number(n["overdue"]))


class ConclusionsScreen(DashScreen):
    SCOPES = ("global", "back", "table", "filter", "filter_input", "sort", "record")
    BINDINGS = bindings("back", "filter", "sort", "record")

    DEFAULT_CSS = """
    ConclusionsScreen #count { padding: 0 1; height: auto; text-style: bold; }
    ConclusionsScreen #detail { height: auto; max-height: 6; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, org_id: int, path: tuple[str, ...]) -> None:
        super().__init__()
        self.org_id = org_id
        self.path = path

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="count")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        yield KeyedTable(COLUMNS, id="conclusions", sort_first="status")
        yield Static(id="detail")

    def make_query(self) -> ConclusionsQuery:
        return ConclusionsQuery(self.org_id, self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TitleBar).set_path(self.path + (tr("screen.conclusions"),))
        self.query_one(KeyedTable).focus()

    def show(self, rows: tuple[ConclusionRow, ...]) -> None:
        self.query_one(TitleBar).set_path(self.path + (tr("screen.conclusions"),))
        self.query_one("#count", Static).update(counts_line(rows) if rows else tr("conclusions.none"))
        self.query_one(KeyedTable).set_rows([conclusion_row(r, self.app) for r in rows])
        self._detail()

    def find(self, key: str | None) -> ConclusionRow | None:
        return next((r for r in self.result or () if str(r.id) == key), None)

    def _detail(self) -> None:
        row = self.find(self.query_one(KeyedTable).current_key())
        text = "" if row is None else tr("conclusions.detail", briefing=day(row.briefing_date), org=row.org_name,
                                          text=row.text, due=day(row.due), progress=row.progress(language()))
        self.query_one("#detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()

    def record_choices(self) -> list:  # type: ignore[type-arg]
        from tui.forms import conclusion_choices

        row = self.find(self.query_one(KeyedTable).current_key())
        return conclusion_choices(self.form_context, self.org_id, row)
