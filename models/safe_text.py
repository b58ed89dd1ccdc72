"""The one sanitiser for stored text on its way to a terminal or a file.

Stored text is whatever someone managed to write, including rows written before the input
rules of :mod:`models.text_rules` existed: an escape sequence in a name (OSC 52 sets the
reader's clipboard, OSC 2 the window title, ``ESC[2J`` clears the screen), a newline that
forges a second line in a log, a bidirectional override that reorders what is read. Every
path that prints or writes stored text passes it through :func:`shown` (or :func:`one_line`
where one record is one line), so such text is seen for what it is and never acted on.

No imports from the rest of ``models``: the message catalogue itself uses this module.
"""

from __future__ import annotations

import dataclasses

import re
import unicodedata
from typing import Any

#: Characters that draw nothing although Unicode counts them as letters or symbols (fillers),
#: on top of the format characters (category Cf) and combining marks with nothing to sit on.
INVISIBLE_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")


#: Every control (Cc), format (Cf) and surrogate (Cs) code point, for a fast scan of long
#: texts (tests/test_hostile_text.py checks it against unicodedata, code point by code point).
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def is_control(ch: str) -> bool:
    """C0, DEL, C1, surrogates, and format characters (zero-width ones, and the bidirectional
    embeddings, overrides, isolates and marks that reorder the text around them): nothing a
    name or a note needs, each something a terminal or a reader can be tricked with."""
    return _CONTROLS.match(ch) is not None


def first_control(text: str) -> str | None:
    """The first control or format character in ``text``, or None."""
    found = _CONTROLS.search(text)
    return found.group(0) if found else None


def is_invisible(text: str) -> bool:
    """True when ``text`` is not empty but draws nothing: only spaces, format characters,
    fillers and lone combining marks."""
    return bool(text) and all(
        ch.isspace() or is_control(ch) or ch in INVISIBLE_FILLERS or unicodedata.category(ch) == "Mn" for ch in text
    )


def codepoint(ch: str) -> str:
    """``U+001B``: how a message names a character that cannot be shown."""
    return f"U+{ord(ch):04X}"


def _escape(ch: str) -> str:
    if ch == "\n":
        return "\\n"
    if ch == "\r":
        return "\\r"
    if ch == "\t":
        return "\\t"
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def shown(text: str) -> str:
    """``text`` safe to print: every control and format character (newlines included)
    written as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``); everything else as it is."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda m: _escape(m.group(0)), text)


def one_line(text: str) -> str:
    """:func:`shown`: no character of the result ends or moves a line."""
    out = shown(text)
    # The line and paragraph separators (Zl, Zp) are the breaks left that are not controls.
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def shown_fields(value: Any) -> Any:
    """:func:`one_line` applied to every string in a tree of frozen dataclasses and tuples (a
    document about to be written: a Word file refuses control characters, a terminal obeys them)."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, tuple):
        return tuple(shown_fields(v) for v in value)
    if isinstance(value, list):
        return [shown_fields(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: shown_fields(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def shown_value(value: Any) -> Any:
    """:func:`shown` applied to every string inside ``value`` (mappings, lists, tuples),
    keys included; other values as they are. For JSON documents built from stored rows."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return {shown_value(k): shown_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown_value(v) for v in value]
    return value


__all__ = ["codepoint", "first_control", "is_control", "is_invisible", "one_line", "shown", "shown_value"]
