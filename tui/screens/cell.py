"""A cell: its headline figures and its members, sorted the Vietnamese way.

Personal details only reach this screen for users entitled to the cell (the read side checks
and audits); others see the figures and the refusal in words. Enter opens a member's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import CellData, CellQuery
from tui.i18n import day, domain, label, tr
from tui.screens.base import DashScreen, FilterInput, tree_day
from tui.widgets.kpis import Headline
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures_data import MemberRow

COLUMNS = (
    Column("name", "col.name"),
    Column("sex", "col.sex"),
    Column("born", "col.born"),
    Column("joined", "col.joined"),
    Column("status", "col.member_status"),
    Column("flags", "col.flags"),
)

GONE = {"removed", "left", "expelled", "died", "transferred"}


def member_flags(m: MemberRow) -> str:
    flags = []
    if m.far_away:
        flags.append(tr("flag.far_away"))
    if m.exempt:
        flags.append(tr("flag.exempt"))
    if m.r213:
        flags.append(tr(f"flag.r213_{m.r213}"))
    return ", ".join(flags)


def member_row(m: MemberRow, position: int, app) -> Row:  # type: ignore[no-untyped-def]
    gone = m.status.value in GONE
    flags = member_flags(m)
    warn = m.r213 in ("not_registered", "comments_missing")
    cells = {
        "name": Text(m.full_name, style="dim" if gone else ""),
        "sex": label(m.sex),
        "born": day(m.birth_date),
        # A member who came by transfer was not admitted here: say so, never "kết nạp".
        "joined": tr("cell.transferred_in_on", day=day(m.joined)) if m.transferred_in else day(m.joined),
        "status": Text(domain(f"member_status.{m.status.value}"), style="dim" if gone else ""),
        "flags": Text(flags, style=theme_style(app, "warning") if warn or m.far_away else ""),
    }
    sort = {"name": position, "born": m.birth_date, "joined": m.joined, "status": m.status.value, "flags": flags}
    return Row(str(m.id), cells, sort, search=f"{m.full_name} {flags}")


class CellScreen(DashScreen):
    SCOPES = ("global", "back", "table", "open", "filter", "filter_input", "sort", "record", "audit")
    BINDINGS = bindings("back", "filter", "sort", "record", "audit")

    DEFAULT_CSS = """
    CellScreen #reason { display: none; padding: 0 1; color: $warning; text-style: bold; max-height: 4; }
    CellScreen.-tall #reason { max-height: 8; }
    CellScreen #reason.-shown { display: block; }
    CellScreen #refusal { display: none; padding: 1 2; color: $error; }
    CellScreen #refusal.-shown { display: block; }
    """

    def __init__(self, org_id: int, *, reason: str | None = None) -> None:
        super().__init__()
        self.org_id = org_id
        self.reason = reason

    def compose_body(self) -> ComposeResult:
        yield Static(id="reason")
        yield Headline()
        yield Static(id="refusal")
        yield FilterInput(placeholder=tr("app.filter_placeholder"), id="filter")
        yield KeyedTable(COLUMNS, id="members")

    def make_query(self) -> CellQuery:
        return CellQuery(self.org_id, self.span, self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(KeyedTable).focus()
        self._show_reason()

    def _show_reason(self) -> None:
        box = self.query_one("#reason", Static)
        box.set_class(bool(self.reason), "-shown")
        if self.reason:
            box.update(Text(tr("app.reason_banner", reasons=self.reason)))

    def show(self, data: CellData) -> None:
        ov = data.overview
        self.query_one(TitleBar).set_path(tuple(o.name for o in ov.path))
        self.query_one(TitleBar).set_tree_day(tree_day(self, ov))
        self.query_one(Headline).show(ov.figures, ov.problem_count)
        refusal = self.query_one("#refusal", Static)
        table = self.query_one(KeyedTable)
        refusal.set_class(data.members is None, "-shown")
        table.display = data.members is not None
        if data.members is None:
            refusal.update(data.refusal or "")
            return
        if not data.members:
            refusal.set_class(True, "-shown")
            refusal.update(tr("cell.no_members"))
        table.set_rows([member_row(m, i, self.app) for i, m in enumerate(data.members)])

    def rerender(self) -> None:
        super().rerender()
        self._show_reason()
        self.query_one(Headline).relabel()

    def record_choices(self) -> list:  # type: ignore[type-arg]
        """The cell's forms, then those of the member under the cursor (one on the rolls)."""
        from tui.forms import member_choices, org_choices

        if self.result is None:
            return []
        org = self.result.overview.org
        choices = org_choices(self.form_context, org)
        key = self.query_one(KeyedTable).current_key() if self.result.members else None
        member = next((m for m in self.result.members or () if str(m.id) == key), None)
        if member is not None and member.status.value not in GONE:
            choices += member_choices(self.form_context, org, member.id, member.full_name)
        return choices

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        from tui.screens.member import MemberScreen

        self.app.push_here(MemberScreen(int(str(event.row_key.value))))  # type: ignore[attr-defined]
