"""The audit log (admins and district staff): who did what, when, to what, newest first.

One page at a time (``<`` and ``>``); ``/`` searches the whole log in the database (login,
action, organisation, the detail), a moment after the last key; ``w`` hides or shows the reads
of personal details; Enter opens one entry with its before and after in full. Other roles are refused by the read side
(:func:`models.audit.list_audit`), and the refusal is shown in words in place of the table.
"""

from __future__ import annotations

import json
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from models.safe_text import shown_value
from tui.bindings import bindings
from tui.data import AuditLine, AuditPage, AuditQuery, error_text
from tui.i18n import language, number, tr
from tui.screens.base import DashScreen, FilterInput
from tui.widgets.keybar import KeyBar
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

COLUMNS = (
    Column("at", "col.at"),
    Column("who", "col.who", width=16),
    Column("action", "col.action", width=26),
    Column("outcome", "col.outcome"),
    Column("target", "col.audit_target", width=22),
    Column("org", "col.org", width=30),
)
#: Under 110 columns: the row concerned is in the entry (Enter), the organisation by its code.
NARROW_COLUMNS = tuple(c for c in COLUMNS if c.key not in ("target", "org")) + (Column("org_code", "col.org", width=12),)

#: Entries per page.
PAGE = 200
#: Seconds of quiet typing before ``/`` asks the database.
SEARCH_DELAY = 0.25


def outcome_label(outcome: Any) -> str:
    from models.i18n import label

    return label(outcome, language())


def outcome_text(outcome: Any, app: Any) -> Text:
    value = outcome.value
    styles: dict[str, str | Style] = {"refused": theme_style(app, "error", bold=True), "read": "dim"}
    style = styles.get(value, "")
    mark = {"ok": "✓ ", "refused": "✗ ", "read": "· "}.get(value, "")
    return Text(mark + outcome_label(outcome), style=style)


def who(line: AuditLine) -> str:
    r = line.row
    return f"{r.login}→{r.acting_as}" if r.acting_as else r.login


def target(line: AuditLine) -> str:
    r = line.row
    return f"{r.target_table}#{r.target_id}" if r.target_table else ""


def audit_row(line: AuditLine, app: Any) -> Row:
    r = line.row
    at = r.at.strftime("%d/%m/%Y %H:%M:%S")
    cells = {
        "at": at,
        "who": who(line),
        "action": r.action,
        "outcome": outcome_text(r.outcome, app),
        "target": target(line),
        "org": line.org,
        "org_code": line.org.split(" ", 1)[0],
    }
    return Row(str(r.id), cells, {"at": (r.at, r.id)})  # ``/`` asks the database, not the rows


class AuditScreen(DashScreen):
    SCOPES = ("global", "back", "table", "open", "filter", "filter_input", "audit_pages")
    BINDINGS = bindings("back", "filter", "audit_pages")

    DEFAULT_CSS = """
    AuditScreen #page { height: 1; padding: 0 1; color: $text-muted; }
    AuditScreen #refusal { display: none; padding: 1 2; color: $error; }
    AuditScreen #refusal.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.first_entry = 0
        self.search = ""  # what ``/`` asked for (the whole log)
        self.reads = True  # reads of personal details shown (``w``)
        self._search_timer: Timer | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="page")
        yield Static(id="refusal")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        yield KeyedTable(NARROW_COLUMNS, id="audit")

    def make_query(self) -> AuditQuery:
        return AuditQuery(self.first_entry, PAGE, self.search, self.reads)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TitleBar).set_path((tr("screen.audit"),))
        self.query_one(KeyedTable).focus()
        self.on_resize()

    def on_resize(self) -> None:
        table = self.query_one(KeyedTable)
        wanted = COLUMNS if self.size.width >= 110 else NARROW_COLUMNS
        if table.spec != wanted:
            table.set_columns(wanted)

    def show(self, page: AuditPage) -> None:
        self.query_one("#refusal", Static).remove_class("-shown")
        table = self.query_one(KeyedTable)
        table.display = True
        table.set_rows([audit_row(line, self.app) for line in page.lines])
        if not page.lines and not (self.search or not self.reads):
            text = tr("audit.empty")
        elif not page.lines:
            text = tr("audit.no_match")
        else:
            text = tr("audit.page", first=page.offset + 1, last=page.offset + len(page.lines), total=number(page.total))
        text += tr("audit.view.all" if self.reads else "audit.view.writes")
        if self.search:
            text += tr("audit.matching", text=self.search)
        if page.lines and page.has_more:
            text += tr("audit.more")
        self.query_one("#page", Static).update(Text(text))  # what was typed is not markup

    def load_failed(self, error: BaseException) -> None:
        refusal = self.query_one("#refusal", Static)
        refusal.update(Text(error_text(error, self.app.store)))  # type: ignore[attr-defined]
        refusal.add_class("-shown")
        self.query_one(KeyedTable).display = False
        self.query_one("#page", Static).update("")

    def rerender(self) -> None:
        super().rerender()
        self.query_one(TitleBar).set_path((tr("screen.audit"),))

    def action_page(self, by: int) -> None:
        page = self.result
        if page is None:
            return
        if by > 0 and not page.has_more:
            return
        offset = max(0, self.first_entry + by * PAGE)
        if offset == self.first_entry:
            return
        self.first_entry = offset
        self.refresh_data()

    def action_toggle_reads(self) -> None:
        self.reads = not self.reads
        self.first_entry = 0
        self.refresh_data()

    # ``/`` asks the database, not the table: the page on screen is one of many.

    def on_input_changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, FilterInput):
            return
        event.prevent_default()  # not the table's own filter (DashScreen's handler)
        if not event.value.strip():
            self.run_search()  # cleared (Esc): the whole log at once
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self.run_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FilterInput):
            self.run_search()  # at once; DashScreen's handler then hands the keys back to the table

    def run_search(self) -> None:
        """Ask for the first page of what the ``/`` line holds, unless that is on screen (or
        on its way) already. Answers to earlier searches are dropped when they arrive."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        text = self.query_one(FilterInput).value.strip()
        if text == self.search:
            return
        self.search = text
        self.first_entry = 0
        self.refresh_data()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.result is None:
            return
        key = str(event.row_key.value)
        line = next((ln for ln in self.result.lines if str(ln.row.id) == key), None)
        if line is not None:
            self.app.push_screen(AuditEntryScreen(line))


def _json(value: Any) -> str:
    if value is None:
        return tr("audit.nothing")
    return json.dumps(shown_value(value), ensure_ascii=False, indent=2, sort_keys=True)


class AuditEntryScreen(ModalScreen[None]):
    """One entry in full: who, when, what, and the before and after as they were written."""

    BINDINGS = bindings("modal")
    DEFAULT_CSS = """
    AuditEntryScreen { align: center middle; }
    AuditEntryScreen > Vertical { width: 100; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1; }
    AuditEntryScreen .title { text-style: bold; height: auto; }
    AuditEntryScreen VerticalScroll { height: auto; max-height: 1fr; }
    AuditEntryScreen .head { text-style: bold; margin-top: 1; height: 1; }
    AuditEntryScreen .body { height: auto; }
    AuditEntryScreen KeyBar { background: $surface; padding: 0; }
    """

    def __init__(self, line: AuditLine) -> None:
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        r = self.line.row
        acting = tr("audit.acting_as", user=r.acting_as) if r.acting_as else ""
        with Vertical():
            yield Static(tr("audit.entry", id=r.id), classes="title")
            with VerticalScroll():
                yield Static(
                    Text(
                        tr(
                            "audit.when_who", at=r.at.strftime("%d/%m/%Y %H:%M:%S"), login=r.login, acting=acting,
                            action=r.action, outcome=outcome_label(r.outcome),
                        )
                    ),
                    classes="body",
                )
                yield Static(Text(tr("audit.target", target=target(self.line) or "–", org=self.line.org or "–")), classes="body")
                if r.message:
                    yield Static(Text(tr("audit.message", message=r.message)), classes="body")
                yield Static(tr("audit.before"), classes="head")
                yield Static(Text(_json(r.before)), classes="body", id="before")
                yield Static(tr("audit.after"), classes="head")
                yield Static(Text(_json(r.after)), classes="body", id="after")
            yield KeyBar(("modal",), palette=False)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
