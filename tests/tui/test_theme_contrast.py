"""The projector themes stay readable when the terminal has only 256 or 16 colours.

Terminals that lack truecolor map each colour to the nearest of their palette (Rich's
downgrade does what they do). At each depth the body text keeps the contrast of WCAG's
enhanced level (7:1) on the background, the accent and the table cursor its minimum for text
(4.5:1), and the status colours the 3:1 of user-interface components (a status is always a
bold word with a symbol too, never colour alone; dark yellow, the only warning colour a
16-colour palette has, gives 4.2:1 on white). The status colours must also stay distinct
from each other, since a presenter points at "the red rows".
"""

from __future__ import annotations

import pytest
from rich.color import Color, ColorSystem

from tui.themes import HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT

DEPTHS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "16": ColorSystem.STANDARD,
}


def _luminance(color: Color) -> float:
    r, g, b = color.get_truecolor()

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: Color, b: Color) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _at(hex_colour: str, depth: ColorSystem) -> Color:
    return Color.parse(hex_colour).downgrade(depth)


@pytest.mark.parametrize("theme", [HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT], ids=lambda t: t.name)
@pytest.mark.parametrize("depth", list(DEPTHS), ids=list(DEPTHS))
def test_text_and_status_colours_readable_on_the_background(theme, depth):
    system = DEPTHS[depth]
    background = _at(theme.background, system)
    minimum = {"foreground": 7.0, "primary": 4.5, "error": 3.0, "success": 3.0, "warning": 3.0}
    for role, least in minimum.items():
        colour = _at(getattr(theme, role), system)
        ratio = _contrast(colour, background)
        assert ratio >= least, f"{theme.name} at {depth} colours: {role} on background has contrast {ratio:.2f}"
    cursor_fg = _at(theme.variables["block-cursor-foreground"], system)
    cursor_bg = _at(theme.variables["block-cursor-background"], system)
    assert _contrast(cursor_fg, cursor_bg) >= 4.5, f"{theme.name} at {depth}: the table cursor is hard to read"


@pytest.mark.parametrize("theme", [HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT], ids=lambda t: t.name)
@pytest.mark.parametrize("depth", list(DEPTHS), ids=list(DEPTHS))
def test_status_colours_stay_distinct(theme, depth):
    system = DEPTHS[depth]
    statuses = {role: _at(getattr(theme, role), system).get_truecolor() for role in ("error", "success", "warning")}
    assert len(set(statuses.values())) == 3, f"{theme.name} at {depth} colours merges status colours: {statuses}"
