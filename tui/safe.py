"""Stored text on screen: shown, never obeyed.

Names, codes and notes come from the database, where rows written before the input rules
(or by a database console) may hold terminal escapes, newlines, or Textual markup such as
``[bold]`` or ``[@click=...]``. Widgets that parse markup (``Static`` given a string,
notifications) get :func:`escaped` text; everything else gets :func:`plain`, a ``Text`` that is
never parsed. Both pass through :func:`models.safe_text.one_line`, the one sanitiser.
"""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape

from models.safe_text import one_line


def escaped(text: str) -> str:
    """``text`` on one line, with anything that looks like markup escaped."""
    return escape(one_line(text))


def plain(text: str, style: str = "") -> Text:
    """``text`` on one line as a ``Text``: shown exactly, never parsed as markup."""
    return Text(one_line(text), style=style)


__all__ = ["escaped", "plain"]
