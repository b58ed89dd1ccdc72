"""``?``: the keys of the screen underneath, generated from the binding registry."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tui.bindings import bindings, specs
from tui.i18n import tr


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("modal")

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1; }
    HelpScreen #title { text-style: bold; height: 1; }
    HelpScreen DataTable { height: auto; }
    HelpScreen #hint { color: $text-muted; height: 1; }
    """

    def __init__(self, scopes: tuple[str, ...]) -> None:
        super().__init__()
        self.scopes = scopes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(tr("screen.help"), id="title")
            yield DataTable(cursor_type="none", zebra_stripes=True, show_cursor=False)
            yield Static(tr("help.close"), id="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(tr("help.key"), key="key")
        table.add_column(tr("help.action"), key="action")
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        allows = getattr(below, "allows", lambda _spec: True)
        found = [s for s in specs(self.scopes) if allows(s)]
        # The keys of this screen first, then those that work everywhere, except the global
        # keys this screen takes for itself (the slides' 1 … 6 shadow the sections).
        own = [s for s in found if s.scope != "global"]
        taken = {key for s in own for key in s.keys.split(",")}
        shown = own + [s for s in found if s.scope == "global" and not taken & set(s.keys.split(","))]
        for spec in shown:
            table.add_row(Text(spec.display, style="bold"), spec.describe(), key=spec.id)
        # Fit the terminal: the frame, the title and the hint take five lines; the rest scrolls.
        table.styles.height = max(3, min(table.row_count + 1, self.app.size.height - 5))
