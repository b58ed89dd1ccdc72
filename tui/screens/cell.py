"""A cell: why it is flagged (when it is), its headline figures and its members, sorted the
Vietnamese way.

The reasons are those of the problem cells list, from the same query (``ProblemsQuery``),
read with the cell's figures and worded by the list's own function.

Personal details only reach this screen for users entitled to the cell (the read side checks
and audits); others see the figures and the refusal in words. Enter opens a member's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from tui.bindings import bindings
from tui.data import CellQuery, ProblemsQuery
from tui.i18n import day, domain, label, tr
from tui.safe import plain
from tui.screens.base import DashScreen, FilterInput, ended_banner, tree_day
from tui.screens.problems import reasons, severity_text, titles
from tui.widgets.kpis import Headline
from tui.widgets.styles import theme_style
from tui.widgets.tables import Column, KeyedTable, Row
from tui.widgets.titlebar import TitleBar

if TYPE_CHECKING:
    from models.figures.data import MemberRow, Overview, Problem

COLUMNS = (
    Column("name", "col.name"),
    Column("sex", "col.sex"),
    Column("born", "col.born"),
    Column("joined", "col.joined"),
    Column("status", "col.member_status"),
    Column("flags", "col.flags"),
)

GONE = {"removed", "left", "expelled", "died", "transferred"}


@dataclass(frozen=True)
class CellView:
    """What the cell's screen shows: the cell's data (:class:`tui.data.CellData`'s fields)
    and the problem the rules found in it (None: not flagged)."""

    overview: Overview
    members: tuple[MemberRow, ...] | None
    refusal: str | None
    problem: Problem | None


@dataclass(frozen=True)
class CellViewQuery:
    """The cell's data and the problem cells list's answer for the cell, in one read."""

    org_id: int
    span: Any
    day: Any = None

    def run(self, store: Any, session: Any) -> CellView:
        data = CellQuery(self.org_id, self.span, self.day).run(store, session)
        flagged = ProblemsQuery(self.org_id, self.span, self.day).run(store, session)
        own = next((p for p in flagged if p.org.id == self.org_id), None)
        return CellView(data.overview, data.members, data.refusal, own)


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

    def make_query(self) -> CellViewQuery:
        return CellViewQuery(self.org_id, self.span, self.day)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(KeyedTable).focus()
        self._show_reason()

    def _show_reason(self) -> None:
        """Why the cell is flagged, from its last answer; until the first, the reasons it was
        opened with (from the problem cells list)."""
        box = self.query_one("#reason", Static)
        if self.result is not None:
            problem = self.result.problem
            box.set_class(problem is not None, "-shown")
            if problem is not None:
                box.update(self._flagged(problem))
            return
        box.set_class(bool(self.reason), "-shown")
        if self.reason:
            box.update(Text(tr("app.reason_banner", reasons=self.reason)))

    def _flagged(self, problem: Problem) -> Text:
        """The rules' sentences when they fit the banner's lines, else their titles (as the
        problem cells list shows them in its table)."""
        lines = 8 if self.size.height >= 34 else 4
        width = max(10, self.size.width - 2)
        for said in (reasons(problem), titles(problem)):
            text = severity_text(problem.severity, self.app)
            text.append("  ")
            text.append(tr("cell.flagged", reasons=said))
            if len(text.wrap(self.app.console, width)) <= lines:
                break
        return text

    def on_resize(self) -> None:
        self._show_reason()

    def show(self, data: CellView) -> None:
        self._show_reason()
        ov = data.overview
        self.query_one(TitleBar).set_path(tuple(o.name for o in ov.path))
        self.query_one(TitleBar).set_tree_day(tree_day(self, ov))
        self.query_one(Headline).show(ov.figures, ov.problem_count)
        refusal = self.query_one("#refusal", Static)
        table = self.query_one(KeyedTable)
        ended = ended_banner(ov)
        self.query_one(Headline).display = ended is None
        if ended is not None:
            # Ended before the period: where its work went, not an empty member list.
            refusal.set_class(True, "-shown")
            refusal.update(plain(ended))  # stored names: hostile until cleaned
            table.display = False
            return
        refusal.set_class(data.members is None, "-shown")
        table.display = data.members is not None
        if data.members is None:
            refusal.update(plain(data.refusal or ""))
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
