"""Themes for projectors and for terminals with few colours.

Two high-contrast themes (pure black on white and white on black, saturated status colours
that stay distinct at 256 and 16 colours) for projectors in lit rooms, and Textual's
``ansi-dark``/``ansi-light``, which use the terminal's own palette. ``t`` cycles through them.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST_DARK = Theme(
    name="giaoban-dark",
    primary="#FFD700",
    secondary="#00E5FF",
    accent="#FFD700",
    warning="#FFB000",
    error="#FF4040",
    success="#00E676",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#262626",
    dark=True,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#FFD700",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#FFD700",
        "border": "#FFFFFF",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="giaoban-light",
    primary="#0033AA",
    secondary="#005F5F",
    accent="#0033AA",
    warning="#8A4B00",
    error="#B00000",
    success="#006400",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#EDEDED",
    boost="#E0E0E0",
    dark=False,
    luminosity_spread=0.1,
    text_alpha=1.0,
    variables={
        "block-cursor-background": "#0033AA",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "footer-key-foreground": "#0033AA",
        "border": "#000000",
    },
)

CUSTOM_THEMES = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)

#: The order ``t`` cycles through; the first is the default.
CYCLE = (HIGH_CONTRAST_DARK.name, HIGH_CONTRAST_LIGHT.name, "ansi-dark", "ansi-light")

#: Short names accepted by ``--theme``.
ALIASES = {
    "dark": HIGH_CONTRAST_DARK.name,
    "light": HIGH_CONTRAST_LIGHT.name,
    "contrast-dark": HIGH_CONTRAST_DARK.name,
    "contrast-light": HIGH_CONTRAST_LIGHT.name,
}


def known_themes() -> tuple[str, ...]:
    """Every name ``--theme`` takes: the cycle's, their short names, then Textual's own."""
    from textual.theme import BUILTIN_THEMES

    names = [*CYCLE, *ALIASES]
    return tuple(names + sorted(n for n in BUILTIN_THEMES if n not in names))


def check_theme(name: str | None) -> str | None:
    """``name`` when a theme has it (or None: the default); else a refusal in words that
    lists the themes (``--theme``, ``GIAOBAN_THEME`` or the settings file)."""
    if not name or name in known_themes():
        return name
    from models.errors import DomainError

    _register_messages()
    raise DomainError("settings.theme_unknown", theme=name, themes=", ".join(known_themes()))


def _register_messages() -> None:
    """The refusal's sentence (registered when needed: the first frame loads no ``models``
    module beyond the filter's text folding)."""
    from models import i18n

    i18n.register({
        "settings.theme_unknown": (
            "Không có giao diện “{theme}” (--theme, GIAOBAN_THEME hoặc tệp cấu hình). Các giao diện: {themes}.",
            "There is no theme '{theme}' (--theme, GIAOBAN_THEME or the settings file). The themes: {themes}.",
        ),
    })



def resolve(name: str | None) -> str:
    """The theme name for ``--theme`` (an alias, a theme of the cycle, or any Textual theme)."""
    if not name:
        return CYCLE[0]
    return ALIASES.get(name, name)


def next_theme(current: str) -> str:
    try:
        return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]
    except ValueError:
        return CYCLE[0]
