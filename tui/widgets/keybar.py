"""The bottom line: the few keys worth remembering on this screen, from the registry."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from tui.bindings import specs
from tui.i18n import tr
from tui.widgets.styles import theme_style


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; padding: 0 1; }
    """

    def __init__(self, scopes: tuple[str, ...], *, palette: bool = True) -> None:
        super().__init__()
        self.scopes = scopes
        self.palette = palette  # modal screens: the palette does not open over them

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _theme_changed(self, _theme: str) -> None:
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        key_style = theme_style(self.app, "accent", bold=True)
        # The first screen has nothing to go back to, unless it was drilled into in place.
        at_root = self.screen in self.app.screen_stack[:2] and not getattr(self.screen, "drilled", False)
        for spec in specs(self.scopes):
            if not spec.footer or (spec.scope == "back" and at_root):
                continue
            if text:
                text.append("  ")
            text.append(spec.display, style=key_style)
            text.append(" " + spec.describe())
        if self.palette:
            text.append("  ")
            text.append("ctrl+p", style=key_style)
            text.append(" " + tr("key.palette"))
        return text
