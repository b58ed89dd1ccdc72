"""Presentation mode: an organisation's figures for the period as eight full-screen slides.

No title bar and no key bar: a slide title, the slide, and one muted caption line (slide
number, period, time of the last update, or the stale marker when the database is lost).
The slides re-query in place on live updates, staying on the same slide. Enter drills into
the normal screens at the organisation of the slide; Esc comes back to where ``p`` was pressed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static

from models.safe_text import one_line
from tui.bindings import bindings
from tui.data import DataClient, Loaded, PresentQuery
from tui.i18n import domain, label, number, percent, tr
from tui.screens.base import period_title
from tui.themes import CUSTOM_THEMES, HIGH_CONTRAST_DARK
from tui.widgets.bigdigits import BigDigits, fit_grid
from tui.widgets.charts import ChartData, ChartPanel, Series, distinct_name, short_label
from tui.widgets.kpis import mark_changed, status_text
from tui.widgets.styles import theme_style

if TYPE_CHECKING:
    from models.figures.data import OrgFigures, Overview, Problem

SLIDES = 8


class BigFigure(Vertical):
    """A label above a figure in large digits; marked for a moment when a live update changes it."""

    DEFAULT_CSS = """
    BigFigure { width: auto; height: auto; padding: 0 3 0 0; }
    BigFigure .big-label { width: auto; text-style: bold; color: $secondary; }
    BigFigure BigDigits { text-style: bold; }
    BigFigure .big-note { width: auto; }
    BigFigure.-changed BigDigits { color: $warning; }
    BigFigure.-changed .big-label { color: $warning; }
    """

    def __init__(self, key: str, *, id: str) -> None:
        super().__init__(id=id)
        self.key = key
        self.value: str | None = None
        self._unmark: Any = None

    def compose(self) -> ComposeResult:
        yield Static(tr(self.key), classes="big-label")
        yield BigDigits("–")
        yield Static(classes="big-note")

    def show(self, value: str, note: Text | str = "", *, rows: int | None = None) -> None:
        self.query_one(".big-label", Static).update(tr(self.key))
        self.query_one(BigDigits).update(value, rows)
        self.query_one(".big-note", Static).update(note)
        if self.value is not None and value != self.value and getattr(self.screen, "mark_changes", False):
            mark_changed(self)
        self.value = value


class PresentScreen(DataClient, Screen):
    SCOPES = ("global", "present")
    BINDINGS = bindings("present")

    DEFAULT_CSS = """
    PresentScreen { layout: vertical; padding: 0 2; }
    PresentScreen #slide-title { height: auto; max-height: 3; text-style: bold; color: $primary; padding: 1 0 0 0; }
    PresentScreen.-short #slide-title { padding: 0; }
    PresentScreen ContentSwitcher { height: 1fr; }
    PresentScreen .slide { height: 1fr; }
    PresentScreen .figures { height: auto; layout: grid; grid-size: 3; grid-columns: auto; grid-rows: auto; }
    PresentScreen .slide-text { height: auto; padding: 1 0 0 0; }
    PresentScreen.-short .slide-text { padding: 0; }
    PresentScreen .slide-table { height: 1fr; }
    PresentScreen ChartPanel { height: 1fr; min-height: 6; border: none; }
    PresentScreen #slide-1 .figures { padding: 1 0; }
    PresentScreen.-short #slide-1 .figures { padding: 0; }
    PresentScreen #composition { padding: 0 0 0 0; }
    PresentScreen #caption { height: auto; max-height: 2; color: $text-muted; }
    PresentScreen #caption.-lost { color: $error; text-style: bold reverse; }
    """

    def __init__(self, *, org_id: int | None = None, code: str | None = None, day: Any = None) -> None:
        super().__init__()
        self.org_id = org_id
        self.code = code
        self.day = day
        self.slide = 1
        self.result: Any = None
        self.updated: Any = None
        self.span: Any = None
        self.mark_changes = False
        self._shown_query: Any = None
        self._theme_before: str | None = None
        self._advance: Any = None  # the auto-advance timer, only while it is on
        self.lost = False

    @classmethod
    def all_scopes(cls) -> tuple[str, ...]:
        return cls.SCOPES

    # Composition ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="slide-title")
        with ContentSwitcher(initial="slide-1"):
            with Vertical(id="slide-1", classes="slide"):
                with Horizontal(classes="figures"):
                    yield BigFigure("kpi.admitted", id="big-admitted")
                    yield BigFigure("kpi.target", id="big-target")
                    yield BigFigure("present.attainment_pct", id="big-attainment")
                yield Static(id="composition", classes="slide-table")
            with Vertical(id="slide-2", classes="slide"):
                yield Static(id="lagging", classes="slide-text")
                yield Static(id="children-bars", classes="slide-table")
            with Vertical(id="slide-3", classes="slide"):
                yield ChartPanel("chart.flows", id="chart-flows")
                yield Static(id="flows-trend", classes="slide-text")
            with Vertical(id="slide-4", classes="slide"):
                yield Static(id="problems", classes="slide-table")
            with Vertical(id="slide-5", classes="slide"):
                with Horizontal(classes="figures"):
                    yield BigFigure("sec.pipeline.valid", id="big-valid")
                    yield BigFigure("sec.pipeline.remaining", id="big-remaining")
                yield Static(id="pipeline", classes="slide-text")
            with Vertical(id="slide-6", classes="slide"):
                with Horizontal(classes="figures"):
                    yield BigFigure("sec.r213.registered", id="big-registered")
                    yield BigFigure("sec.far.away", id="big-away")
                yield Static(id="r213", classes="slide-text")
            with Vertical(id="slide-7", classes="slide"):
                with Horizontal(classes="figures"):
                    yield BigFigure("present.at_risk", id="big-at-risk")
                    yield BigFigure("present.flagged", id="big-flagged")
                yield Static(id="at-risk", classes="slide-table")
            with Vertical(id="slide-8", classes="slide"):
                yield Static(id="conclusions-line", classes="slide-text")
                yield Static(id="conclusions", classes="slide-table")
        yield Static(id="caption")

    def on_mount(self) -> None:
        # Projectors: the high-contrast theme unless one is already on.
        if self.app.theme not in {t.name for t in CUSTOM_THEMES}:
            self._theme_before = self.app.theme
            self.app.theme = HIGH_CONTRAST_DARK.name
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rerender())
        self.lost = getattr(self.app, "connection_lost", None) is not None
        if getattr(self.app, "auto_advance", 0):
            self._start_advance()
        self.refresh_data()
        self._title()
        self._caption()

    def on_unmount(self) -> None:
        if self._theme_before is not None:
            self.app.theme = self._theme_before

    # Data -------------------------------------------------------------------------

    def make_query(self) -> PresentQuery:
        return PresentQuery(self.span, org_id=self.org_id, code=None if self.org_id else self.code, day=self.day)

    def refresh_data(self) -> None:
        self.span = self.app.span  # type: ignore[attr-defined]
        self.data_query = self.make_query()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.stale or self.span != self.app.span:  # type: ignore[attr-defined]
            self.refresh_data()

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.query != self.data_query:
            return
        if not self.app.answered:  # type: ignore[attr-defined]
            self.app.first_answer()  # type: ignore[attr-defined]
        self.result = message.result
        self.org_id = message.result.overview.org.id
        self.updated = self.app.clock()  # type: ignore[attr-defined]
        # The same question again (a live update, ``r``): mark what changed. Queries are
        # compared by period, as a screen opened by code learns its id on the first answer.
        before = self._shown_query
        self.mark_changes = before is not None and getattr(message.query, "span", None) == getattr(before, "span", None)
        self._shown_query = message.query
        self.show()
        self.mark_changes = False

    def show_connection(self, *, lost: bool) -> None:
        self.lost = lost
        self._caption()

    def rerender(self) -> None:
        self._title()
        self._caption()
        for chart in self.query(ChartPanel):
            chart.relabel()
        if self.result is not None:
            self.show()

    def on_resize(self) -> None:
        if self.result is not None:
            self.show()

    # Keys -------------------------------------------------------------------------

    def action_next(self) -> None:
        self.goto(self.slide % SLIDES + 1)

    def action_previous(self) -> None:
        self.goto((self.slide - 2) % SLIDES + 1)

    def action_goto(self, n: int) -> None:
        self.goto(n)

    def goto(self, n: int) -> None:
        self.slide = max(1, min(SLIDES, n))
        self.query_one(ContentSwitcher).current = f"slide-{self.slide}"
        self._title()
        self._caption()
        if self._advance is not None:
            self._advance.reset()  # a slide chosen by hand gets its full time

    def action_toggle_advance(self) -> None:
        if self._advance is not None:
            self._advance.stop()
            self._advance = None
            self.notify(tr("present.auto_off"), timeout=2)
        else:
            self._start_advance()
            self.notify(tr("present.auto_on", seconds=self._interval()), timeout=2)
        if self.result is not None:
            self.show()  # the caption may take another line: the figures fit again
        else:
            self._caption()

    def _interval(self) -> int:
        return getattr(self.app, "auto_advance", 0) or DEFAULT_ADVANCE

    def _start_advance(self) -> None:
        self._advance = self.set_interval(self._interval(), self.action_next)

    def action_drill(self) -> None:
        """Leave the slides for the normal screen of this slide, at this organisation."""
        ov = self.result.overview if self.result is not None else None
        if ov is None:
            return
        from models.enums import CELL_KINDS

        app: Any = self.app
        self.dismiss()
        app.open_org(ov.org, has_children=ov.org.kind not in CELL_KINDS, day=self.day)
        section = DRILL_SECTION.get(self.slide)
        if section is not None:
            app.call_later(app.action_section, section)

    def action_leave(self) -> None:
        self.dismiss()

    # Rendering --------------------------------------------------------------------

    def _title(self) -> None:
        org = self.result.overview.org.name if self.result is not None else ""
        heading = tr(f"present.slide.{self.slide}")
        text = Text(heading, style="bold")
        if org:
            text.append(f" — {one_line(org)}")
        self.query_one("#slide-title", Static).update(text)

    def _caption(self) -> None:
        caption = self.query_one("#caption", Static)
        caption.set_class(self.lost, "-lost")
        caption.update(Text("\n").join(Text(line, no_wrap=True, overflow="ellipsis") for line in self._caption_lines()))

    def _caption_lines(self) -> list[str]:
        """The caption in one line, or two (the keys on their own) when one would be cut."""
        parts = [f"{self.slide}/{SLIDES}"]
        if self.span is not None:
            parts.append(tr("app.period", label=period_title(self.span)))
        when = self.updated.strftime("%H:%M:%S") if self.updated is not None else None
        if self.lost:
            parts.append(tr("app.stale", time=when or "—"))
        elif when:
            parts.append(tr("app.updated_at", time=when))
        if self._advance is not None:
            parts.append(tr("present.auto_caption", seconds=self._interval()))
        keys = tr("present.keys")
        one = " · ".join([*parts, keys])
        if cell_len(one) <= self.size.width - 4:
            return [one]
        return [" · ".join(parts), keys]

    def show(self) -> None:
        data = self.result
        ov: Overview = data.overview
        fig = ov.figures
        self._title()
        self._caption()
        self._headline(fig)
        self._children(ov)
        self._flows(data.trend)
        self._problems(data.problems)
        self._pipeline(fig)
        self._r213(fig)
        self._at_risk(data.at_risk)
        self._conclusions(data.conclusions)

    def _at_risk(self, at_risk: Any) -> None:
        """Members at risk of removal, counted per cell (names stay off the projector)."""
        if at_risk is None:
            return
        warn = theme_style(self.app, "warning", bold=True)
        error = theme_style(self.app, "error", bold=True)
        self.query_one("#big-at-risk", BigFigure).show(number(at_risk.members))
        self.query_one("#big-flagged", BigFigure).show(number(at_risk.flagged))
        if not at_risk.cells:
            self.query_one("#at-risk", Static).update(Text(tr("warnings.none"), style="bold"))
            return
        table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, expand=False)
        table.add_column(tr("col.org"), style="bold", overflow="fold")
        table.add_column(tr("present.col.at_risk"), justify="right")
        table.add_column(tr("present.col.flagged"), justify="right")
        table.add_column(tr("present.col.missed"), justify="right")
        table.add_column(tr("present.col.unpaid"), justify="right")
        room = max(1, self.size.height - 12)  # title, digits, header, caption
        for c in at_risk.cells[:room]:
            table.add_row(Text(("⚠⚠ " if c.flagged else "⚠ ") + c.org_name, style=error if c.flagged else warn),
                          number(c.members), number(c.flagged), number(c.missed_meetings), number(c.unpaid_dues))
        if len(at_risk.cells) > room:
            table.add_row(Text(tr("present.more", n=len(at_risk.cells) - room), style="italic"), "", "", "", "")
        self.query_one("#at-risk", Static).update(table)

    def _conclusions(self, rows: tuple[Any, ...]) -> None:
        """Each conclusion of past briefings: done, in progress with its figure, or overdue."""
        from tui.screens.conclusions import STATUS_MARK, counts_line
        from tui.i18n import day, language

        self.query_one("#conclusions-line", Static).update(
            Text(counts_line(rows) if rows else tr("conclusions.none"), style="bold"))
        if not rows:
            self.query_one("#conclusions", Static).update("")
            return
        table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, expand=True)
        table.add_column(tr("col.status"), no_wrap=True)
        table.add_column(tr("col.org"), ratio=2, overflow="fold")
        table.add_column(tr("col.conclusion"), ratio=4, overflow="fold")
        table.add_column(tr("col.due"), no_wrap=True)
        table.add_column(tr("col.progress"), ratio=3, overflow="fold")
        room = max(1, (self.size.height - 7) // 2)  # a conclusion wraps to about two lines
        for r in rows[:room]:
            mark, style = STATUS_MARK[r.status.value]
            table.add_row(Text(f"{mark} {r.status.label(language())}", style=theme_style(self.app, style, bold=True)),
                          r.org_name, r.text, day(r.due), r.progress(language()))
        if len(rows) > room:
            table.add_row("", "", Text(tr("present.more", n=len(rows) - room), style="italic"), "", "")
        self.query_one("#conclusions", Static).update(table)

    def _headline(self, fig: OrgFigures) -> None:
        att = fig.attainment
        pct = "-" if att.ratio is None else number(att.ratio * 100, 1)
        now, before = fig.composition, fig.previous_composition
        table = Table(box=None, padding=(0, 3, 0, 0), show_edge=False, expand=False)
        table.add_column(tr("kpi.composition"), style="bold")
        table.add_column(tr("chart.series.now"), justify="right", style="bold")
        table.add_column(tr("chart.series.before"), justify="right")
        keys = (("kpi.admitted", "admitted"), ("kpi.women", "women"), ("kpi.youth", "youth_union"),
                ("kpi.recommended", "recommended"), ("kpi.occasion", "on_occasion"), ("kpi.aged_18_30", "aged_18_30"))
        # No period before with data: its column reads "–" (number(None)), never a roster's artefacts.
        rows = tuple((key, getattr(now, a), None if before is None else getattr(before, a)) for key, a in keys)
        # All six rows whenever the smallest digits leave room for them (from 20 rows up);
        # below that, what is left out is said.
        padding = 0 if self.size.height < 20 else 2
        room = max(1, self._slide_height() - padding - 2 - MIN_DIGIT_ROWS - 1)
        if room < len(rows):
            room -= 1
        for key, a, b in rows[:room]:
            table.add_row(tr(key), number(a), number(b))
        if room < len(rows):
            table.add_row(Text(tr("present.more_rows", n=len(rows) - room), style="italic"), "", "")
        self.query_one("#composition", Static).update(table)
        self._figures(1, (
            ("#big-admitted", number(att.admitted), ""),
            ("#big-target", number(att.target) if att.target is not None else "-", ""),
            ("#big-attainment", pct, status_text(att.status, self.app)),
        ), below=table.row_count + 1 + padding)  # the header, and the figures' own padding

    def _slide_height(self) -> int:
        """The rows a slide has: the screen less its title and the caption."""
        short = self.size.height < 20
        return self.size.height - (1 if short else 2) - len(self._caption_lines())

    def _text_padding(self) -> int:
        """The row above a slide's text under its figures (none on short screens)."""
        return 0 if self.size.height < 20 else 1

    def _text_rows(self, text: Text) -> int:
        """The rows ``text`` takes across the slide."""
        return len(text.wrap(self.app.console, max(1, self.size.width - 4)))

    def _figures(self, slide: int, figures: tuple[tuple[str, str, Text | str], ...], *, below: int) -> None:
        """Show a slide's big figures, all at one height: the tallest that leaves the ``below``
        rows of the slide's text their place, the figures side by side, or fewer to a line when
        that makes them taller."""
        room = self._slide_height() - below
        widths = []
        for selector, _value, note in figures:
            big = self.query_one(selector, BigFigure)
            widths.append(max(cell_len(tr(big.key)), cell_len(note.plain if isinstance(note, Text) else note)))
        columns, rows = fit_grid([v for _, v, _ in figures], self.size.width - 4, room, widths=widths,
                                 line_rows=2, between=3, least=MIN_DIGIT_ROWS)  # a label above, a note below
        self.query_one(f"#slide-{slide} .figures").styles.grid_size_columns = columns
        for selector, value, note in figures:
            self.query_one(selector, BigFigure).show(value, note, rows=rows)

    def _children(self, ov: Overview) -> None:
        """Attainment per child as bars drawn in text (exact at any size, zeros included),
        the least attained first, the lagging ones marked ▼ in the error colour."""
        rows = sorted((c for c in ov.children if c.target), key=lambda c: (c.ratio or 0.0, c.org.name))
        behind = [c for c in rows if c.status.value == "behind"]
        error = theme_style(self.app, "error", bold=True)
        head = Text()
        if rows:
            head.append(f"{tr('status.symbol.behind')} {domain('status.behind')}: ", style=error)
            head.append(tr("present.behind_count", n=len(behind), total=len(rows)) if behind else tr("present.none_behind"))
        self.query_one("#lagging", Static).update(head)
        room = max(1, self.size.height - 7)  # title, the sentence above, caption
        shown = rows[:room]
        # Names take up to two fifths of the width: whole on a wide screen.
        longest = max((len(distinct_name(c.org.name)) for c in shown), default=0)
        fit = min(longest, max(12, (self.size.width - 4) * 2 // 5 - 2))
        names = [("▼ " if c.status.value == "behind" else "  ") + short_label(c.org.name, fit) for c in shown]
        name_width = max((len(n) for n in names), default=0)
        bar_width = max(10, self.size.width - name_width - 14)
        top = max([1.0] + [c.ratio or 0.0 for c in shown])
        table = Table(box=None, padding=(0, 1, 0, 0), show_header=False, expand=False)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        success = theme_style(self.app, "success", bold=True)
        for name, child in zip(names, shown, strict=True):
            lagging = child.status.value == "behind"
            ratio = child.ratio or 0.0
            full = round(bar_width * ratio / top)
            goal = round(bar_width * 1.0 / top)  # where 100% falls
            bar = Text("█" * full, style=error if lagging else success)
            if full < goal:
                bar.append("·" * (goal - full - 1) + "│", style="dim")
            style = error if lagging else "bold"
            table.add_row(Text(name, style=style), bar, Text(percent(child.ratio), style=style))
        if len(rows) > len(shown):
            table.add_row("", Text(tr("present.more", n=len(rows) - len(shown)), style="italic"), "")
        if not rows:
            self.query_one("#children-bars", Static).update(Text(tr("present.no_targets"), style="bold"))
            return
        self.query_one("#children-bars", Static).update(table)

    def _flows(self, years: Any) -> None:
        labels = tuple(str(y.year) for y in years)
        data = ChartData(
            labels,
            (
                Series("chart.series.removed", tuple(y.removed for y in years), "error"),
                Series("chart.series.left", tuple(y.left for y in years), "warning"),
            ),
            "bar",
        )
        self.query_one("#chart-flows", ChartPanel).draw(data)
        text = Text()
        if len(years) >= 2:
            first, last = years[0], years[-1]
            for key, a, b in (("kpi.removed", first.removed, last.removed), ("kpi.left", first.left, last.left)):
                trend = "present.trend.up" if b > a else "present.trend.down" if b < a else "present.trend.flat"
                style = theme_style(self.app, "error", bold=True) if b > a else ""
                text.append(f"{tr(key)}: {first.year} {number(a)} → {last.year} {number(b)} ")
                text.append(tr(trend), style=style)
                text.append("   ")
        self.query_one("#flows-trend", Static).update(text)

    def _problems(self, problems: tuple[Problem, ...]) -> None:
        ordered = sorted(problems, key=lambda p: -p.score)
        from tui.i18n import language

        table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, expand=True)
        table.add_column(tr("col.org"), style="bold", ratio=2, overflow="fold")
        table.add_column(tr("col.reasons"), ratio=5, overflow="fold")
        wide = self.size.width >= 110
        # Keep the problems that fit whole, by the lines their reasons wrap to, and say how
        # many are left; at narrow widths the rule titles stand in for the full sentences.
        reason_width = max(20, (self.size.width - 6) * 5 // 7 * 9 // 10)  # words wrap early
        name_width = max(10, (self.size.width - 6) * 2 // 7 - 2)
        room = max(2, self.size.height - 6)  # title, header, caption, the "and more" line
        used = shown = 0
        for p in ordered:
            hits = sorted(p.hits, key=lambda h: -h.severity)
            if wide:
                reasons = " ".join(h.reason(language()) for h in hits)
            else:
                reasons = "; ".join(h.title(language()) for h in hits)
            lines = max(-(-len(reasons) // reason_width), -(-(len(p.org.name) + 2) // name_width), 1)
            if shown and used + lines > room:
                break
            used += lines
            shown += 1
            table.add_row(Text("▼ " + one_line(p.org.name), style=theme_style(self.app, "error", bold=True)), reasons)
        room = shown
        if not ordered:
            self.query_one("#problems", Static).update(Text(tr("present.no_problems"), style="bold"))
            return
        if len(ordered) > room:
            table.add_row("", Text(tr("present.more", n=len(ordered) - room), style="italic"))
        self.query_one("#problems", Static).update(table)

    def _pipeline(self, fig: OrgFigures) -> None:
        pipe = fig.pipeline
        remaining = number(pipe.remaining_target) if pipe.remaining_target is not None else "-"
        cover = tr("present.coverage", pct=percent(pipe.coverage)) if pipe.coverage is not None else ""
        text = Text()
        text.append(f"{tr('sec.pipeline.expiring')}: ", style="bold")
        expiring = pipe.expiring_this_year
        text.append(number(expiring), style=theme_style(self.app, "warning", bold=True) if expiring else "")
        text.append("\n")
        text.append(" · ".join(f"{label(stage)} {number(n)}" for stage, n in pipe.by_stage.items()))
        self.query_one("#pipeline", Static).update(text)
        self._figures(5, (("#big-valid", number(pipe.valid_certificates), ""), ("#big-remaining", remaining, cover)),
                      below=self._text_rows(text) + self._text_padding())

    def _r213(self, fig: OrgFigures) -> None:
        r = fig.r213
        far = fig.far_away
        warn = theme_style(self.app, "error", bold=True)
        no_contact = Text(f"{tr('sec.far.no_contact')}: {number(far.without_contact)}",
                          style=warn if far.without_contact else "")
        text = Text()
        for key, value, bad in (
            ("sec.r213.year", r.year, False),
            ("sec.r213.exempt", r.exempt, False),
            ("sec.r213.requested", r.comments_requested, False),
            ("sec.r213.returned", r.comments_returned, False),
            ("sec.r213.missing", r.comments_missing, True),
        ):
            text.append(f"{tr(key)}: ")
            text.append(str(value) if key == "sec.r213.year" else number(value), style=warn if bad and value else "bold")
            text.append("\n")
        text.rstrip()
        self.query_one("#r213", Static).update(text)
        self._figures(6, (
            ("#big-registered", number(r.registered), tr("present.of_links", n=number(r.links))),
            ("#big-away", number(far.members_away), no_contact),
        ), below=self._text_rows(text) + self._text_padding())


#: Big figures are never smaller than Textual's own large digits.
MIN_DIGIT_ROWS = 3
#: Seconds between slides when auto-advance is switched on by key with no setting.
DEFAULT_ADVANCE = 20
#: The section of the normal screens each slide drills into (None: the overview itself).
DRILL_SECTION = {1: None, 2: None, 3: 2, 4: 5, 5: 3, 6: 4, 7: 6, 8: 7}
