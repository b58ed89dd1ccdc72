"""The headline figures: admitted against target, attainment, and what surrounds them.

Large ``Digits`` when the screen is wide and tall enough, one or two lines of text otherwise
(the screen's breakpoint classes decide, in CSS). Status is a symbol and a word, never a
colour alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import Digits, Static

from tui.i18n import domain, number, percent, tr
from tui.widgets.styles import theme_style

if TYPE_CHECKING:
    from models.figures.data import Attainment, OrgFigures, Status


STATUS_STYLE = {"met": "success", "on_pace": "success", "behind": "error", "no_target": "foreground"}


def status_text(status: Status, app) -> Text:  # type: ignore[no-untyped-def]
    """``✓ đạt``, ``● đúng tiến độ``, ``▼ chưa đạt``, ``– không có chỉ tiêu``."""
    value = status.value
    style = theme_style(app, STATUS_STYLE.get(value, "foreground"), bold=value == "behind")
    return Text(f"{tr('status.symbol.' + value)} {domain('status.' + value)}", style=style)


def pace_text(att: Attainment) -> str:
    """How far ahead or behind the even pace an open period is; empty for a closed one."""
    if att.expected_by_now is None:
        return tr("pace.closed")
    gap = round(att.admitted - att.expected_by_now)
    if gap > 0:
        return tr("pace.ahead", n=gap)
    if gap < 0:
        return tr("pace.behind", n=-gap)
    return tr("pace.even")


#: How long a headline figure stays marked after a live update changed it.
MARK_SECONDS = 3.0


class Kpi(Vertical):
    DEFAULT_CSS = """
    Kpi { width: auto; height: 5; padding: 0 2 0 0; }
    Kpi .kpi-label { color: $text-muted; width: auto; }
    Kpi Digits { width: auto; }
    Kpi.-changed Digits { color: $warning; text-style: bold; }
    Kpi.-changed .kpi-label { color: $warning; text-style: bold; }
    """

    def __init__(self, key: str, id: str) -> None:
        super().__init__(id=id)
        self.key = key
        self.value: str | None = None
        self._unmark: Any = None

    def compose(self) -> ComposeResult:
        yield Static(tr(self.key), classes="kpi-label")
        yield Digits("–")

    def show(self, value: str, note: Text | str = "") -> None:
        label = Text(tr(self.key))
        if note:
            label.append("  ")
            label.append(note if isinstance(note, Text) else Text(note))
        self.query_one(".kpi-label", Static).update(label)
        self.query_one(Digits).update(value)
        if self.value is not None and value != self.value and getattr(self.screen, "mark_changes", False):
            mark_changed(self)
        self.value = value


def mark_changed(widget: Any) -> None:
    """Give ``widget`` the ``-changed`` class for a few seconds (one timer, not a ticking one)."""
    widget.add_class("-changed")
    old = getattr(widget, "_unmark", None)
    if old is not None:
        old.stop()
    widget._unmark = widget.set_timer(MARK_SECONDS, lambda: widget.remove_class("-changed"))


class Headline(Vertical):
    DEFAULT_CSS = """
    Headline { height: auto; padding: 0 1; }
    Headline #big { height: 5; }
    Headline #facts { width: 1fr; height: 5; padding-left: 1; }
    Headline #compact { height: auto; max-height: 3; text-wrap: nowrap; text-overflow: ellipsis; }
    Headline.-big #compact { display: none; }
    Headline.-small #big { display: none; }
    Headline #compact.-changed { text-style: bold reverse; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="big"):
            yield Kpi("kpi.admitted", id="kpi-admitted")
            yield Kpi("kpi.target", id="kpi-target")
            yield Kpi("kpi.attainment", id="kpi-attainment")
            yield Static(id="facts")
        yield Static(tr("app.loading"), id="compact")

    def __init__(self) -> None:
        super().__init__()
        self._figures: OrgFigures | None = None
        self._problems = 0
        # Sized for the app's screen from the start (styled once when mounted, not restyled
        # with its thirteen widgets on mount and again on the first resize).
        try:
            big = self._big(self.app.size)
        except NoActiveAppError:  # built outside an app: small until its first resize
            big = False
        self.add_class("-big" if big else "-small", update=False)

    def on_resize(self) -> None:
        self.fit()
        if self._figures is not None and self._line_width() != getattr(self, "_compact_width", None):
            self.relabel()

    @staticmethod
    def _big(screen: Size) -> bool:
        return screen.width >= 110 and screen.height >= 34

    def fit(self) -> None:
        big = self._big(self.screen.size)
        self.set_class(big, "-big")
        self.set_class(not big, "-small")

    def show(self, figures: OrgFigures, problems: int) -> None:
        self._figures, self._problems = figures, problems
        self.relabel()

    def relabel(self) -> None:
        fig = self._figures
        if fig is None:
            return
        att = fig.attainment
        status = status_text(att.status, self.app)
        self.query_one("#kpi-admitted", Kpi).show(number(att.admitted), pace_text(att))
        self.query_one("#kpi-target", Kpi).show(number(att.target) if att.target is not None else "-")
        pct = "-" if att.ratio is None else number(att.ratio * 100)
        self.query_one("#kpi-attainment", Kpi).show(pct, status)
        self.query_one("#facts", Static).update(self._facts(fig))
        head = Text()
        head.append(f"{tr('kpi.admitted')} ", style="bold")
        head.append(f"{number(att.admitted)}/{number(att.target)} ", style="bold")
        head.append(f"({percent(att.ratio)}) ")
        head.append(status)
        pace = pace_text(att)
        if pace:
            head.append(f" {pace}")
        lines = self._compact_lines(head, self._counts(fig, short=True), fig)
        compact = self.query_one("#compact", Static)
        # Marked as changed by what it says, not by how a width laid it out.
        said = " ".join(line.plain for line in lines)
        if getattr(self, "_compact_plain", None) not in (None, said) and getattr(self.screen, "mark_changes", False):
            mark_changed(compact)
        self._compact_plain = said
        self._compact_width = self._line_width()
        compact.update(Text("\n").join(lines))  # no wrapping: see the CSS

    def _line_width(self) -> int:
        width = self.content_region.width
        return width if width > 0 else max(self.app.size.width - 2, 1)

    def _compact_lines(self, head: Text, counts: Text, fig: OrgFigures) -> list[Text]:
        """The small headline (three lines at most) never breaks a phrase across lines.
        Attainment and the counts share the first line when it is wide enough, else each has
        its own; the composition takes the lines left, broken between its items, and what
        still does not fit is cut with an ellipsis (the wide headline and the slides show it
        all)."""
        width = self._line_width()
        if head.cell_len + 3 + counts.cell_len <= width:
            top = [Text(" · ").join([head, counts])]
        else:
            top = [head, counts]
        return top + self._composition_lines(fig, width, 3 - len(top))

    def _composition_lines(self, fig: OrgFigures, width: int, room: int) -> list[Text]:
        lines = [Text(f"{tr('kpi.composition')}: ", style="italic")]
        for item in self._composition_items(fig):
            line = lines[-1]
            fresh = len(line) == 0 or line.plain.endswith(": ")
            if not fresh and line.cell_len + 3 + cell_len(item) > width and len(lines) < room:
                lines.append(Text(item))
                continue
            if not fresh:
                line.append(" · ")
            line.append(item)
        return lines

    def _counts(self, fig: OrgFigures, short: bool = False) -> Text:
        text = Text()
        items = [
            ("col.members" if short else "kpi.members", fig.members, None),
            ("col.removed" if short else "kpi.removed", fig.removed, "warning"),
            ("col.left" if short else "kpi.left", fig.left, "warning"),
            ("col.problems" if short else "kpi.problems", self._problems, "error"),
        ]
        for i, (key, value, style) in enumerate(items):
            if i:
                text.append(" · ")
            text.append(f"{tr(key)} ")
            text.append(number(value), style=theme_style(self.app, style, bold=True) if style and value else "bold")
        return text

    def _composition(self, fig: OrgFigures) -> Text:
        text = Text(f"{tr('kpi.composition')}: ", style="italic")
        text.append(" · ".join(self._composition_items(fig)))
        return text

    def _composition_items(self, fig: OrgFigures) -> list[str]:
        comp = fig.composition
        items = [
            ("kpi.women", comp.women),
            ("kpi.youth", comp.youth_union),
            ("kpi.recommended", comp.recommended),
            ("kpi.occasion", comp.on_occasion),
            ("kpi.aged_18_30", comp.aged_18_30),
        ]
        return [f"{tr(k)} {number(v)}" for k, v in items]

    def _facts(self, fig: OrgFigures) -> Text:
        text = self._counts(fig)
        text.append("\n")
        text.append(self._composition(fig))
        return text
