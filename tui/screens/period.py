"""``y``: choose a period. A typed year, range, quarter (``2026-Q3``) or half (``2026-H1``),
or one of the usual choices: this and last quarter, this and last half-year, recent years and
the congress terms."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.bindings import bindings
from tui.i18n import language, tr
from tui.periods import Span
from tui.safe import plain
from tui.widgets.inputs import SteadyInput

#: Party congress terms at district and commune level (đại hội đảng bộ cấp huyện, cấp xã).
TERMS = (Span(2015, 2020), Span(2020, 2025), Span(2025, 2030))


def choices(today: dt.date, current: Span) -> list[tuple[str, Span]]:
    year = today.year
    quarter, half = Span.quarter(year, (today.month - 1) // 3 + 1), Span.half(year, (today.month - 1) // 6 + 1)
    out = [
        (tr("period.this_quarter", label=quarter.label()), quarter),
        (tr("period.last_quarter", label=quarter.shifted(-1).label()), quarter.shifted(-1)),
        (tr("period.this_half", label=half.label()), half),
        (tr("period.last_half", label=half.shifted(-1).label()), half.shifted(-1)),
        (tr("period.this_year", label=str(year)), Span.year(year)),
        (tr("period.last_year", label=str(year - 1)), Span.year(year - 1)),
    ]
    out += [(tr("period.year", label=str(y)), Span.year(y)) for y in range(year - 2, year - 5, -1)]
    out += [(tr("period.term", label=t.label()), t) for t in TERMS if t.start_year <= year]
    if all(span != current for _, span in out):
        out.insert(0, (current.label(), current))
    return [(f"{text} {tr('period.current')}" if span == current else text, span) for text, span in out]


class PeriodPicker(ModalScreen[Span | None]):
    BINDINGS = bindings("modal")

    DEFAULT_CSS = """
    PeriodPicker { align: center middle; }
    PeriodPicker > Vertical { width: 56; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1; }
    PeriodPicker #title { text-style: bold; }
    PeriodPicker Input { margin: 1 0 0 0; }
    PeriodPicker #error { color: $error; height: auto; }
    PeriodPicker OptionList { height: auto; max-height: 13; }
    """

    def __init__(self, today: dt.date, current: Span) -> None:
        super().__init__()
        self.today = today
        self.current = current
        self.spans = [span for _, span in choices(today, current)]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(tr("screen.period"), id="title")
            yield OptionList(*(Option(text, id=str(i)) for i, (text, _) in enumerate(choices(self.today, self.current))))
            yield Static(tr("period.prompt"))
            yield SteadyInput(placeholder="2026-Q3")
            yield Static(id="error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.spans.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.spans[int(event.option.id or 0)])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from models.errors import DomainError

        try:
            span = Span.parse(event.value)
        except DomainError as exc:
            self.query_one("#error", Static).update(plain(exc.message(language())))
            return
        self.dismiss(span)
