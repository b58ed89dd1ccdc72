"""Every key of the dashboard, in one registry.

Each binding has a stable id (for user key maps later), the keys, the action it runs, a
description key in :mod:`tui.i18n`, and the scope it belongs to. Screens build their Textual
``BINDINGS`` from here; the key bar, the help screen and the command palette read the same
entries, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from textual.binding import Binding, BindingType

from tui.i18n import tr


@dataclass(frozen=True)
class KeySpec:
    id: str
    keys: str  # Textual key names, comma-separated
    action: str
    description: str  # catalogue key
    scope: str
    display: str  # how the key is written in help and the key bar
    footer: bool = False  # shown in the key bar
    palette: bool = True  # offered in the command palette
    params: dict[str, object] = field(default_factory=dict)
    priority: bool = False

    def describe(self) -> str:
        params = {k: (tr(v) if isinstance(v, str) and v.startswith("section.") else v) for k, v in self.params.items()}
        return tr(self.description, None, **params)


def _section(n: int) -> KeySpec:
    return KeySpec(
        f"section.{n}", str(n), f"app.section({n})", "key.section", "global", str(n),
        params={"n": n, "name": f"section.{n}"},
    )


def _slide(n: int) -> KeySpec:
    return KeySpec(f"present.slide.{n}", str(n), f"goto({n})", "key.slide_goto", "present", str(n), params={"n": n})


REGISTRY: tuple[KeySpec, ...] = (
    # Everywhere
    KeySpec("app.quit", "q", "app.quit", "key.quit", "global", "q", footer=True),
    KeySpec("app.help", "question_mark", "app.help", "key.help", "global", "?", footer=True),
    KeySpec("app.palette", "ctrl+p", "app.command_palette", "key.palette", "global", "ctrl+p", palette=False),
    KeySpec("period.previous", "left_square_bracket", "app.period(-1)", "key.prev_period", "global", "["),
    KeySpec("period.next", "right_square_bracket", "app.period(1)", "key.next_period", "global", "]"),
    KeySpec("period.pick", "y", "app.pick_period", "key.pick_period", "global", "y", footer=True),
    KeySpec("app.theme", "t", "app.next_theme", "key.theme", "global", "t"),
    KeySpec("app.language", "L", "app.toggle_language", "key.language", "global", "L", footer=True),
    KeySpec("app.refresh", "r", "app.refresh_data", "key.refresh", "global", "r"),
    *(_section(n) for n in range(1, 9)),
    KeySpec("app.present", "p", "app.present", "key.present", "global", "p"),
    # Presentation mode
    KeySpec("present.next", "right,space,l,pagedown", "next", "key.slide_next", "present", "→/space"),
    KeySpec("present.previous", "left,h,pageup", "previous", "key.slide_previous", "present", "←"),
    *(_slide(n) for n in range(1, 9)),
    KeySpec("present.drill", "enter", "drill", "key.slide_drill", "present", "↵"),
    KeySpec("present.auto", "a", "toggle_advance", "key.slide_auto", "present", "a"),
    KeySpec("present.leave", "escape,backspace", "leave", "key.slide_leave", "present", "Esc", palette=False),
    # Screens that go back to the one before
    KeySpec("nav.back", "escape,backspace", "app.back", "key.back", "back", "Esc/⌫", footer=True, palette=False),
    # Tables
    KeySpec("table.down", "j", "cursor_down", "key.down", "table", "↓/j", palette=False),
    KeySpec("table.up", "k", "cursor_up", "key.up", "table", "↑/k", palette=False),
    # Enter is the table's own key; the entry is here for the key bar and the help screen.
    KeySpec("table.open", "enter", "select_cursor", "key.open", "open", "↵", footer=True, palette=False),
    KeySpec("table.filter", "slash", "screen.filter", "key.filter", "filter", "/", footer=True),
    KeySpec("table.sort", "s", "screen.sort", "key.sort", "sort", "s"),
    KeySpec("filter.clear", "escape", "cancel", "key.filter_clear", "filter_input", "Esc", palette=False),
    # Recording and the audit log (overview, cell and member screens; hidden from users
    # without the rights, and refused in words when pressed anyway)
    KeySpec("record.open", "n", "record", "key.record", "record", "n"),
    KeySpec("audit.open", "a", "app.audit", "key.audit", "audit", "a"),
    # The chooser of what to record: Enter is its list's own key (shown, not bound here)
    KeySpec("chooser.pick", "enter", "select", "key.open", "chooser", "↵", footer=True, palette=False),
    # A recording form
    KeySpec("form.next", "tab", "app.focus_next", "key.form_next", "form", "Tab", palette=False),
    KeySpec("form.previous", "shift+tab", "app.focus_previous", "key.form_previous", "form", "⇧Tab", palette=False),
    KeySpec("form.proceed", "ctrl+s", "proceed", "key.form_proceed", "form", "↵/ctrl+s", footer=True, palette=False),
    KeySpec("form.cancel", "escape", "cancel", "key.form_cancel", "form", "Esc", footer=True, palette=False),
    # Its confirmation
    KeySpec("confirm.yes", "enter,ctrl+s,y", "confirm", "key.confirm_yes", "confirm", "↵/y", footer=True, palette=False),
    KeySpec("confirm.no", "escape,backspace,n", "cancel", "key.confirm_no", "confirm", "Esc/n", footer=True, palette=False),
    # The statistics screen: the panel under the table shows the members' make-up instead
    KeySpec("statistics.makeup", "c", "toggle_makeup", "key.makeup", "makeup", "c", footer=True),
    # The audit screen
    KeySpec("audit.next_page", "greater_than_sign,full_stop", "page(1)", "key.audit_next", "audit_pages", ">"),
    KeySpec("audit.previous_page", "less_than_sign,comma", "page(-1)", "key.audit_previous", "audit_pages", "<"),
    KeySpec("audit.reads", "w", "toggle_reads", "key.audit_reads", "audit_pages", "w", footer=True),
    # The refusal screen: any of these leaves (with status 1)
    KeySpec("refusal.quit", "q,escape,backspace", "app.leave_refused", "key.quit", "refusal", "q", palette=False),
    # Help and the period picker close themselves
    KeySpec("modal.close", "escape,question_mark,q", "screen.dismiss", "key.back", "modal", "Esc", footer=True, palette=False),
)

BY_ID = {spec.id: spec for spec in REGISTRY}


def specs(scopes: Iterable[str]) -> list[KeySpec]:
    wanted = set(scopes)
    return [spec for spec in REGISTRY if spec.scope in wanted]


def bindings(*scopes: str) -> list[BindingType]:
    """Textual bindings for ``scopes``; descriptions are filled in the current language."""
    return [
        Binding(s.keys, s.action, s.describe(), show=False, id=s.id, key_display=s.display, priority=s.priority)
        for s in specs(scopes)
    ]
