"""Text inputs whose cursor does not blink.

A blinking cursor repaints its line twice a second for as long as an input has the focus: an
idle dashboard would keep writing to a terminal opened over SSH, flicker on a projector, and
show the cursor or not in a screenshot depending on when it was taken. A steady block cursor
marks the focused field just as well.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class SteadyInput(Input):
    """An ``Input`` with a steady (non-blinking) cursor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor_blink = False
