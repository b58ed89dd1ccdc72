"""Rich styles taken from the current theme, for cells and text that Textual CSS cannot reach."""

from __future__ import annotations

from rich.style import Style
from textual.app import App
from textual.color import Color, ColorParseError


def theme_color(app: App, name: str) -> Color:
    """A theme colour (``success``, ``warning``, ``error``, ``primary`` ...) as a Textual colour."""
    value = app.theme_variables.get(name) or app.get_theme_variable_defaults().get(name) or "white"
    try:
        return Color.parse(value)
    except ColorParseError:  # a variable that is not a plain colour
        return Color.parse("white")


def theme_style(app: App, name: str, *, bold: bool = False) -> Style:
    return Style(color=theme_color(app, name).rich_color, bold=bold)
