"""What every data screen shares: the title bar, the key bar, loading from one query,
re-rendering on a language or theme change, and a refresh that keeps the cursor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import work
from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from tui.bindings import bindings
from tui.data import DataClient, Loaded
from tui.i18n import language, tr
from tui.safe import escaped
from tui.widgets.inputs import SteadyInput
from tui.widgets.keybar import KeyBar
from tui.widgets.tables import KeyedTable
from tui.widgets.titlebar import TitleBar


def ended_banner(overview: Any) -> str | None:
    """For an organisation that ended before the period shown: that it ended and where its
    work went (the engine's ``successors``), said instead of figures that would all be empty;
    None otherwise."""
    if not overview.ended_before_period or overview.org.valid_to is None:
        return None
    names = ", ".join(f"{o.name} ({o.code})" for o in overview.successors)
    said = dict(name=overview.org.name, code=overview.org.code, day=overview.org.valid_to.strftime("%d/%m/%Y"),
                period=overview.figures.period.label())
    return tr("app.ended_banner", names=names, **said) if names else tr("app.ended_banner_alone", **said)


def period_title(span: Any, exact: bool = False) -> str:
    """The period in the title bar. A quarter or a half on a screen of figures kept by year
    says the year they are of (``exact``: the screen counts the part's own days)."""
    if not span.part or exact:
        return str(span.label())
    return tr("period.part_years", label=span.label(), years=span.years_label())


def tree_day(screen: Screen, overview: Any) -> dt.date | None:
    """The day of the tree the figures were read under, when it is not today's."""
    day = overview.tree_day or overview.figures.as_of
    return None if day == screen.app.as_of else day  # type: ignore[attr-defined]


class FilterInput(SteadyInput):
    """The ``/`` line above a table: Enter keeps the filter, Esc clears it."""

    BINDINGS = bindings("filter_input")

    DEFAULT_CSS = """
    FilterInput { display: none; padding: 0 1; }
    FilterInput.-active { display: block; }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Compact: one line with no border, focused or not. (A plain Input focused takes
        # Textual's tall border back, on a line of height 1: what was typed was hidden.)
        # Focused again (``/`` on a kept filter, keys typed ahead), the text is gone on with,
        # not selected to be typed over.
        super().__init__(*args, compact=True, select_on_focus=False, **kwargs)

    def action_cancel(self) -> None:
        self.value = ""
        self.remove_class("-active")
        self.screen.query_one(KeyedTable).focus()

    @property
    def kept(self) -> bool:
        """A filter is in place (or the line is open) though the table has the keys."""
        return bool(self.value) or self.has_class("-active")


class DashScreen(DataClient, Screen):
    """A screen that shows the result of one query. Subclasses fill in the hooks."""

    #: Binding scopes: the key bar, the help screen and the palette read these.
    SCOPES: tuple[str, ...] = ("global", "back")
    BINDINGS = bindings("back")
    #: The period shown (a ``tui.periods.Span``); None until the screen's first query.
    span: Any
    #: True when the figures shown were read before a change (another period, a write).
    stale: bool
    #: True for a screen whose figures are counted over the period's own days (a quarter's, a
    #: half's); the others show the figures of the whole year that holds it.
    EXACT_PERIOD = False

    def __init__(self) -> None:
        super().__init__()
        self.result: Any = None
        self.updated: dt.datetime | None = None
        self.span = None
        # The tree's day this screen reads under when drilled into from a past tree; None: today.
        self.day: dt.date | None = None
        # True while showing the answer to the same question as before (a refresh, a live
        # update): tables and headline figures then mark what changed.
        self.mark_changes = False
        self._shown_query: Any = None
        self._preset_breakpoints()

    def _preset_breakpoints(self) -> None:
        """Take the app's breakpoint classes (``-wide``, ``-tall`` ...) from the start: Textual
        adds them on the screen's first resize, which restyles every widget a second time."""
        try:
            width, height = self.app.size
        except NoActiveAppError:  # a screen built outside an app: Textual adds them when it is shown
            return
        for dimension, points in ((width, self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS),
                                  (height, self.VERTICAL_BREAKPOINTS or self.app.VERTICAL_BREAKPOINTS)):
            if points:
                self.add_class(*self._get_breakpoint_classes(dimension, points), update=False)  # styled when mounted

    # Composition ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield from self.compose_body()
        yield KeyBar(self.all_scopes())

    def compose_body(self) -> ComposeResult:
        return iter(())

    @classmethod
    def all_scopes(cls) -> tuple[str, ...]:
        return cls.SCOPES

    # Loading ----------------------------------------------------------------------

    def make_query(self) -> Any:
        """The query for the app's current period."""
        return None

    _dash_mounted = False

    def on_mount(self) -> None:
        # Textual calls the ``on_mount`` of every class of the screen's MRO, and subclasses
        # call this one first themselves: once is enough (twice, the first query was
        # started, then cancelled by the second, and the theme's signal rerendered twice).
        if self._dash_mounted:
            return
        self._dash_mounted = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.rerender())
        if getattr(self.app, "connection_lost", None) is not None:
            self.show_connection(lost=True)
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-query in place: the result replaces the figures, the cursor stays on its row."""
        self.span = self.app.span  # type: ignore[attr-defined]
        self.data_query = self.make_query()
        self.query_one(TitleBar).set_period(period_title(self.span, self.EXACT_PERIOD))
        self.reload()

    def reload(self) -> None:
        """Query now; the app's first screen queries once its first frame is drawn, as the
        first query loads the models and SQLAlchemy (a worker thread, but the interpreter is
        one) and the frame should not wait for them."""
        if getattr(self.app, "drawn", True):
            super().reload()
        else:
            self.call_after_refresh(super().reload)

    def on_screen_resume(self) -> None:
        if self.stale or self.span != self.app.span:  # type: ignore[attr-defined]
            self.refresh_data()

    def on_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.query != self.data_query:
            return  # an answer to a question no longer asked
        if not self.app.answered:  # type: ignore[attr-defined]
            self.app.first_answer()  # type: ignore[attr-defined]
        self.take(message.query, message.result, self.app.clock())  # type: ignore[attr-defined]

    def take(self, query: Any, result: Any, updated: dt.datetime) -> None:
        """Show ``result``, the answer to ``query`` read at ``updated``."""
        self.result = result
        self.updated = updated
        self.query_one(TitleBar).set_updated(self.updated)
        # The same question again (a live update, ``r``): mark what changed. Queries are
        # compared by period, as a screen opened by code learns its id on the first answer.
        before = self._shown_query
        self.mark_changes = before is not None and getattr(query, "span", None) == getattr(before, "span", None)
        self._shown_query = query
        self.show(result)
        self.mark_changes = False
        self.app.data_arrived()  # type: ignore[attr-defined]

    def show(self, result: Any) -> None:
        """Put ``result`` on screen."""

    def show_connection(self, *, lost: bool) -> None:
        """The database was lost (the figures are as of the last update) or is back."""
        self.query_one(TitleBar).set_lost(lost)

    def effective_day(self) -> dt.date | None:
        """The tree's day the figures on screen were read under, when it is not today's;
        screens opened from here read under it too."""
        overview = self.result if hasattr(self.result, "figures") else getattr(self.result, "overview", None)
        if overview is not None:
            day = overview.tree_day or overview.figures.as_of
            if day != self.app.as_of:  # type: ignore[attr-defined]
                return day  # type: ignore[no-any-return]
        return self.day

    def rerender(self) -> None:
        """Language or theme changed: redraw from the last result without a query."""
        self.query_one(TitleBar).relabel()
        self.query_one(KeyBar).refresh()
        for table in self.query(KeyedTable):
            table.build_columns()
        if self.result is not None:
            self.show(self.result)

    # Recording -----------------------------------------------------------------------

    def record_choices(self) -> list[Any]:
        """The forms that apply where the cursor is: ``(FormSpec, FormContext)`` pairs."""
        return []

    def allows(self, spec: Any) -> bool:
        """Whether the key ``spec`` is offered to this user (help, palette): recording only
        to users who write somewhere, the audit log only to admins and district staff."""
        store = self.app.store  # type: ignore[attr-defined]
        if spec.scope == "record":
            return bool(store.may_record())
        if spec.scope == "audit":
            return bool(store.may_audit())
        return True

    def action_record(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        if store.current_actor() is None:
            # Nothing has loaded yet (the figures on screen may be those kept by the last
            # run): who is looking is not known. Done once the first answer says.
            self.app.once_identified(self.action_record)  # type: ignore[attr-defined]
            return
        if not store.may_record():
            self.app.notify(escaped(store.write_refusal()), severity="warning", timeout=8)
            return
        choices = self.record_choices()
        if not choices:
            self.app.notify(tr("form.nothing_here"), severity="warning")
            return
        self.check_rights(choices)

    @work(thread=True, exclusive=True, group="rights", exit_on_error=False)
    def check_rights(self, choices: list[Any]) -> None:
        """Keep the forms whose organisation the user may write at; say why when none is left."""
        from models.errors import AccessDenied  # noqa: PLC0415 - in the worker, not the first frame

        store = self.app.store  # type: ignore[attr-defined]
        allowed, refusal, checked = [], None, {}
        for spec, ctx in choices:
            if ctx.org_id not in checked:
                try:
                    store.check_write(ctx.org_id)
                    checked[ctx.org_id] = True
                except AccessDenied as exc:
                    checked[ctx.org_id] = False
                    refusal = refusal or exc.message(language())
            if checked[ctx.org_id]:
                allowed.append((spec, ctx))
        self.app.call_from_thread(self._choose, allowed, refusal)

    def _choose(self, allowed: list[Any], refusal: str | None) -> None:
        from tui.screens.forms import FormChooser, FormScreen

        if not allowed:
            self.app.notify(escaped(refusal) if refusal else tr("form.nothing_here"), severity="warning", timeout=8)
            return

        def chosen(choice: Any) -> None:
            if choice is not None:
                self.app.push_screen(FormScreen(*choice))

        self.app.push_screen(FormChooser(allowed), chosen)

    def form_context(self, **kw: Any) -> Any:
        from tui.forms import FormContext

        return FormContext(today=self.app.as_of, **kw)  # type: ignore[attr-defined]

    # Filter and sort (screens with a table) ---------------------------------------

    async def action_filter(self) -> None:
        box = self.query_one(FilterInput)
        box.add_class("-active")
        box.focus()

    def action_sort(self) -> None:
        self.main_table().cycle_sort()

    def clear_kept_filter(self) -> bool:
        """Esc with a filter kept (Enter on the ``/`` line): clear it, as the help says,
        before Esc goes back. True when there was one."""
        for box in self.query(FilterInput).results(FilterInput):
            if box.kept:
                box.action_cancel()
                return True
        return False

    def main_table(self) -> KeyedTable:
        return self.query_one(KeyedTable)

    def on_input_changed(self, event: Input.Changed) -> None:
        if isinstance(event.input, FilterInput):
            self.main_table().set_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FilterInput):
            if not event.value:
                event.input.remove_class("-active")
            self.main_table().focus()
