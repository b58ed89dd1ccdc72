"""A member's history: every event, dated, with the decision and where it happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.bindings import bindings
from tui.data import HistoryQuery
from tui.i18n import day, domain, label, language, tr
from tui.screens.base import DashScreen
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures.data import MemberHistory

COLUMNS = (
    Column("date", "col.date"),
    Column("event", "col.event"),
    Column("where", "col.where"),
    Column("decision", "col.decision"),
    Column("detail", "col.detail"),
)


class MemberScreen(DashScreen):
    SCOPES = ("global", "back", "table", "record", "audit")
    BINDINGS = bindings("back", "record", "audit")

    DEFAULT_CSS = """
    MemberScreen #who { padding: 0 1; height: auto; text-style: bold; }
    MemberScreen #none { display: none; padding: 1 2; color: $text-muted; }
    """

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id

    def compose_body(self) -> ComposeResult:
        yield Static(tr("app.loading"), id="who")
        yield Static(id="none")
        yield KeyedTable(COLUMNS, id="events")

    def make_query(self) -> HistoryQuery:
        return HistoryQuery(self.member_id, language(), self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(KeyedTable).focus()

    def show(self, history: MemberHistory) -> None:
        m = history.member
        self.query_one(TitleBar).set_path((history.org.name, m.full_name))
        self.query_one("#who", Static).update(
            Text(
                tr(
                    "member.header_transferred" if m.transferred_in else "member.header",
                    name=m.full_name,
                    sex=label(m.sex),
                    born=day(m.birth_date),
                    joined=day(m.joined),
                    status=domain(f"member_status.{m.status.value}"),
                )
            )
        )
        none = self.query_one("#none", Static)
        none.display = not history.events
        none.update(tr("member.no_events"))
        rows = [
            Row(
                f"{e.kind}-{e.id}",  # measures (models.discipline) have ids of their own table
                {
                    "date": day(e.date),
                    "event": Text(label(e.kind), style="bold"),
                    "where": Text(e.org_name),
                    "decision": Text(e.decision_no or "–"),
                    "detail": Text(e.detail),
                },
                {"date": e.date},
            )
            for e in history.events
        ]
        # The early warnings of removal, among the events by date.
        rows += [
            Row(
                f"w{i}",
                {
                    "date": day(when),
                    "event": Text("⚠ " + tr("member.warning"), style="bold"),
                    "where": Text("–"),
                    "decision": Text("–"),
                    "detail": Text(text),
                },
                {"date": when},
            )
            for i, (when, text) in enumerate(history.warnings)
        ]
        rows.sort(key=lambda r: r.sort["date"])
        self.query_one(KeyedTable).set_rows(rows)

    def record_choices(self) -> list:  # type: ignore[type-arg]
        from tui.forms import member_choices

        if self.result is None:
            return []
        return member_choices(self.form_context, self.result.org, self.member_id, self.result.member.full_name)

    def rerender(self) -> None:
        # The event details are sentences written by the read side in one language: ask again.
        super().rerender()
        self.refresh_data()
