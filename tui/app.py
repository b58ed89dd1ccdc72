"""The giaoban dashboard: an organisation's overview, drilled into by keyboard.

The app holds what all screens share (the period, the language, the theme, the clock, the
data store) and the global actions of :mod:`tui.bindings`. It imports no ``models`` module
that loads SQLAlchemy: the first frame is drawn before any data, which arrives from workers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from tui import i18n
from tui.bindings import bindings
from tui.data import Store, error_text
from tui.safe import escaped
from tui.live import LiveUpdates
from tui.palette import ActionsProvider, OrgProvider
from tui.periods import Span
from tui.themes import CUSTOM_THEMES, next_theme, resolve

if TYPE_CHECKING:
    from tui.screens.base import DashScreen
    from models.tree import OrgInfo


#: The objects alive at the first app's first figures were set aside (``gc.freeze``).
_startup_frozen = False

#: Seconds after the first frame by which what waits for the first screen's figures to be
#: painted (:meth:`GiaobanApp.first_figures_painted`) starts anyway.
FIGURES_WAIT_LIMIT = 3.0


class RefusalScreen(Screen):
    """Shown instead of the dashboard when the user may not open it."""

    BINDINGS = bindings("refusal")

    DEFAULT_CSS = """
    RefusalScreen { align: center middle; }
    RefusalScreen Static { width: 70; max-width: 100%; height: auto; border: thick $error; padding: 1 2; }
    """

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(f"{i18n.tr('app.refused_title')}\n\n{escaped(self.message)}\n\n{i18n.tr('app.refused_hint')}")


class GiaobanApp(LiveUpdates, App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "giaoban"
    BINDINGS = bindings("global")
    COMMANDS = {ActionsProvider, OrgProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (150, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-normal"), (34, "-tall")]

    def __init__(
        self,
        store: Store,
        *,
        root: str | None = None,
        span: Span | None = None,
        theme: str | None = None,
        lang: str = "vi",
        clock: Callable[[], dt.datetime] | None = None,
        present: bool = False,
        chart_marker: str | None = None,
        animations: bool = False,
        auto_advance: int = 0,
        watch_interval: float = 0.25,
        live: bool = True,
        watcher_factory: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.root_code = root
        self.clock = clock or dt.datetime.now
        self.span = span or Span.year(store.as_of.year)
        self.start_span = self.span  # the first screen's figures are kept for this period
        self.start_theme = resolve(theme)
        self.present = present  # start on the slides of the root organisation
        self.auto_advance = auto_advance  # seconds between slides; 0: by hand
        self.watch_interval = watch_interval
        self.live = live
        self.watcher_factory = watcher_factory
        if chart_marker:
            self.chart_marker = chart_marker
        self.refused = False
        self.demo_noticed = False
        self.drawn = False  # the first frame is on screen
        self._after_figures: list[Callable[[], Any]] = []  # see after_first_figures
        i18n.set_language(lang)
        self._start_theme()
        # Projectors and SSH links: nothing slides or fades unless the settings ask for it.
        self.animation_level = "full" if animations else "none"

    def _start_theme(self) -> None:
        """Put the starting theme in place before anything is styled. Set once the app runs (in
        ``on_mount``), Textual parses every stylesheet again and restyles every widget
        (``refresh_css``), after the first screen has been styled once already. Here, before
        any CSS is read, what ``App._watch_theme`` does is done without that refresh: the
        theme's classes on the app, its ANSI colour mapping and its CSS variables."""
        for theme in CUSTOM_THEMES:
            self.register_theme(theme)
        self.set_reactive(App.theme, self._validate_theme(self.start_theme))
        theme = self.current_theme
        classes = {name: False for name in self.classes if name.startswith("-theme-")}
        classes.update({f"-theme-{theme.name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark})
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    @property
    def as_of(self) -> dt.date:
        return self.store.as_of

    _gc_paused = False

    def get_driver_class(self) -> type[Any]:
        """On Linux and macOS, Textual's driver made safe on a terminal that hangs up
        (:mod:`tui.terminal`); elsewhere, or when ``TEXTUAL_DRIVER`` names one, Textual's."""
        import os
        import sys

        if sys.platform == "win32" or os.environ.get("TEXTUAL_DRIVER"):
            return super().get_driver_class()
        from tui.terminal import TerminalDriver

        return TerminalDriver

    def on_load(self) -> None:
        # No cyclic garbage collection until the first screen's figures are painted: the
        # imports (Textual's, then SQLAlchemy's and the models' for the first query) leave
        # enough long-lived objects behind that collections fell due all along the way (a
        # tenth of a first start's CPU, a full one of 60-80 ms among them), finding nothing.
        if gc.isenabled():
            gc.disable()
            self._gc_paused = True

    def _resume_gc(self) -> None:
        global _startup_frozen
        if not self._gc_paused:
            return
        self._gc_paused = False
        if not _startup_frozen:
            # What the process holds once its first figures are painted (Textual, SQLAlchemy,
            # the models, the app's modules, the first screen) lives as long as the process:
            # set aside, later full collections no longer go through it. Once per process: a
            # later app's (tests) would set aside the garbage of the apps before it.
            _startup_frozen = True
            gc.freeze()
        gc.enable()

    def on_mount(self) -> None:
        self._guard_hangup()
        from tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(code=self.root_code, start=True))
        if self.present:
            self.action_present()
        # After the first frame: the first screen's query (DashScreen.reload) imports
        # SQLAlchemy and the models, which would hold the interpreter meanwhile.
        self.call_after_refresh(self.first_frame_drawn)

    def first_frame_drawn(self) -> None:
        self.drawn = True
        if self._exit:
            self._resume_gc()
            return
        self.set_timer(FIGURES_WAIT_LIMIT, self.first_figures_painted)

    #: The first screen's figures are painted, or that screen gave up or gave way, or
    #: :data:`FIGURES_WAIT_LIMIT` passed since the first frame.
    figures_painted = False

    def first_figures_painted(self) -> None:
        """Start what waited for the first screen's figures to reach the screen, as it would
        have shared the interpreter with their query and their drawing: the live updates
        (their thread loads SQLAlchemy and opens a connection of its own; a commit made
        meanwhile is noticed, :mod:`tui.live`), cyclic garbage collection, and what screens
        asked for (:meth:`after_first_figures`: members at risk, the figures kept for the
        next start)."""
        if self.figures_painted:
            return
        self.figures_painted = True
        self._resume_gc()
        if self._exit:
            return
        self.start_watching()
        waiting, self._after_figures = self._after_figures, []
        for callback in waiting:
            callback()

    def after_first_figures(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` once the first screen's figures are painted (at once after)."""
        if self.figures_painted:
            callback()
            return
        self._after_figures.append(callback)

    def on_unmount(self) -> None:
        self._resume_gc()  # (closed before its first figures)
        self.stop_watching()

    hangup_guard: Any = None

    def _guard_hangup(self) -> None:
        """On a real terminal: leave within a second when it hangs up (:mod:`tui.hangup`)."""
        from tui.terminal import TerminalDriver

        if not isinstance(self._driver, TerminalDriver):
            return  # headless (tests), or a driver named by TEXTUAL_DRIVER
        from tui.hangup import HANGUP_STATUS, HangupGuard

        loop = asyncio.get_running_loop()
        def ask_exit() -> None:
            loop.call_soon_threadsafe(self.exit, None, HANGUP_STATUS)

        guard = HangupGuard(ask_exit, self.release_database)
        self._driver.on_terminal_lost = guard.hang_up
        guard.install()
        self.hangup_guard = guard

    def release_database(self) -> None:
        """Close what this app holds open on the database (from any thread, as it ends)."""
        stop = getattr(self, "_stop_watching", None)
        if stop is not None:
            stop.set()
        self.store.close()

    # Errors --------------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """The one place worker errors become something a person reads."""
        from models.errors import AccessDenied

        if isinstance(error, AccessDenied) and error.key in ("access.unknown_user", "access.inactive_user"):
            if not self.refused:
                self.refused = True
                self.push_screen(RefusalScreen(error.message(i18n.language())))
            return
        if not self.answered and not self.refused:
            self._startup_failed(error)
            self.first_figures_painted()  # none will come: the live updates watch for the database
            return
        self.notify(error_text(error, self.store), severity="error", timeout=10)

    #: The database has answered a screen's query once (until then a failure is a start-up
    #: error: nothing is on screen to keep).
    answered = False

    def _startup_failed(self, error: BaseException) -> None:
        from tui.screens.startup import StartupErrorScreen

        for screen in self.screen_stack:
            if isinstance(screen, StartupErrorScreen):
                screen.failed_again(error)
                return
        try:
            url: str | None = self.store.database_url()
        except Exception:  # noqa: BLE001 - the URL itself is what is wrong: the screen says so
            url = None
        self.push_screen(StartupErrorScreen(error, url))

    def first_answer(self) -> None:
        """The database answered: a start-up error shown meanwhile (it was out of reach) goes."""
        from tui.screens.startup import StartupErrorScreen

        self.answered = True
        for screen in list(self.screen_stack):
            if isinstance(screen, StartupErrorScreen):
                screen.dismiss()

    def retry_start(self) -> None:
        """Ask the database again for the first screen's figures (start-up error screen)."""
        screens = [s for s in self.screen_stack if hasattr(s, "refresh_data")]
        if screens and not self.answered:
            screens[-1].refresh_data()

    def once_identified(self, action: Callable[[], None]) -> None:
        """Run ``action`` (a key pressed before anything was read) once the first read has
        said who is looking; only the last such key is kept."""
        self._waiting_for_identity = action

    _waiting_for_identity: Callable[[], None] | None = None

    def data_arrived(self) -> None:
        """Say once that the demo database let an unregistered login in, and as whom; do what
        was asked before anyone was known."""
        waiting = self._waiting_for_identity
        if waiting is not None and self.store.current_actor() is not None:
            self._waiting_for_identity = None
            self.call_later(waiting)
        if self.store.is_demo_actor and not self.demo_noticed:
            self.demo_noticed = True
            self.notify(i18n.tr("app.demo_notice", login=self.store.demo_login), timeout=8)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search line in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=i18n.tr("palette.placeholder"), id="--command-palette"))

    def action_leave_refused(self) -> None:
        self.exit(return_code=1)

    # Navigation ----------------------------------------------------------------

    def dash_screens(self) -> list[DashScreen]:
        from tui.screens.base import DashScreen

        return [s for s in self.screen_stack if isinstance(s, DashScreen)]

    def push_here(self, screen: Any, *, day: Any = "inherit") -> None:
        """Open ``screen`` above the current one, reading under the same tree's day."""
        if day == "inherit":
            below = self.dash_screens()
            day = below[-1].effective_day() if below else None
        screen.day = day
        self.push_screen(screen)

    def open_org(self, org: OrgInfo, *, has_children: bool, reason: str | None = None, day: Any = "inherit") -> None:
        from tui.screens.cell import CellScreen
        from tui.screens.overview import OverviewScreen

        if has_children:
            self.push_here(OverviewScreen(org_id=org.id, reason=reason), day=day)
        else:
            self.push_here(CellScreen(org.id, reason=reason), day=day)

    def goto_org(self, org: OrgInfo) -> None:
        """From the palette: open the organisation, as it stands today, above where you are."""
        from models.enums import CELL_KINDS

        self.open_org(org, has_children=org.kind not in CELL_KINDS, day=None)

    def current_org_id(self) -> int | None:
        """The organisation the screen on top is about (the overview's, for sections)."""
        for screen in reversed(self.dash_screens()):
            result = getattr(screen, "result", None)
            org = getattr(result, "org", None) or getattr(getattr(result, "overview", None), "org", None)
            if org is not None:
                return org.id
            org_id: int | None = getattr(screen, "org_id", None)
            if org_id is not None:
                return org_id
        return None

    def current_path(self) -> tuple[str, ...]:
        for screen in reversed(self.dash_screens()):
            result = getattr(screen, "result", None)
            path = getattr(result, "path", None) or getattr(getattr(result, "overview", None), "path", None)
            if path:
                return tuple(o.name for o in path)
        return ()

    async def action_back(self) -> None:
        if self.refused:
            return
        clear_filter = getattr(self.screen, "clear_kept_filter", None)
        if clear_filter is not None and clear_filter():
            return  # a kept filter goes first (the top screen included, as ? says)
        back_in_place = getattr(self.screen, "back_in_place", None)
        if back_in_place is not None and back_in_place():
            return  # an overview drilled in place went back to its parent
        # The root overview sits on Textual's default screen; never pop below it.
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        screen = self.screen
        if isinstance(screen, HelpScreen):
            screen.dismiss()
            return
        scopes = screen.all_scopes() if hasattr(screen, "all_scopes") else ("global",)
        self.push_screen(HelpScreen(scopes))

    def action_section(self, n: int) -> None:
        from tui.screens.problems import ProblemsScreen
        from tui.screens.sections import SectionsScreen

        org_id = self.current_org_id()
        if org_id is None or self.refused:
            return
        screen = self.screen
        if n == 5:
            if isinstance(screen, ProblemsScreen) and screen.org_id == org_id:
                return
            self.push_here(ProblemsScreen(org_id, self.current_path()))
        elif n in (6, 7, 8):
            from tui.screens.conclusions import ConclusionsScreen
            from tui.screens.statistics import StatisticsScreen
            from tui.screens.warnings import WarningsScreen

            kind: type[WarningsScreen | ConclusionsScreen | StatisticsScreen] = (
                {6: WarningsScreen, 7: ConclusionsScreen, 8: StatisticsScreen}[n])  # type: ignore[assignment]
            if isinstance(screen, kind) and screen.org_id == org_id:
                return
            self.push_here(kind(org_id, self.current_path()))
        elif isinstance(screen, SectionsScreen):
            screen.switch(n)
        else:
            self.push_here(SectionsScreen(org_id, n))

    # Recording and the audit log ---------------------------------------------------

    def recorded(self, result: Any) -> None:
        """A form wrote: say what, and re-read every open screen (the change watcher would
        too, a moment later; this one does not wait for it)."""
        self.notify(escaped(result.message(i18n.language())), title=i18n.tr("form.recorded"), timeout=8)
        self.action_refresh_data()

    def action_audit(self) -> None:
        from tui.screens.audit import AuditScreen

        if self.refused or isinstance(self.screen, AuditScreen):
            return
        if self.store.current_actor() is not None and not self.store.may_audit():
            self.notify(self.store.audit_refusal(), severity="warning", timeout=8)
            return
        self.push_here(AuditScreen(), day=None)

    # Period, theme, language, refresh --------------------------------------------

    def set_span(self, span: Span) -> None:
        if span == self.span:
            return
        self.span = span
        # Every screen that re-queries (dashboard screens and the slides), not only DashScreens.
        screens: list[Any] = [s for s in self.screen_stack if hasattr(s, "refresh_data")]
        for screen in screens:
            screen.stale = True
        if screens and screens[-1] is self.screen:
            self.screen.refresh_data()  # type: ignore[attr-defined]

    def action_period(self, by: int) -> None:
        self.set_span(self.span.shifted(by))

    def action_pick_period(self) -> None:
        from tui.screens.period import PeriodPicker

        def chosen(span: Span | None) -> None:
            if span is not None:
                self.set_span(span)

        self.push_screen(PeriodPicker(self.as_of, self.span), chosen)

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme)
        self.notify(i18n.tr("app.theme", name=self.theme), timeout=2)

    def action_toggle_language(self) -> None:
        i18n.set_language("en" if i18n.language() == "vi" else "vi")
        for screen in self.screen_stack:
            if hasattr(screen, "rerender"):
                screen.rerender()

    def action_refresh_data(self) -> None:
        """Re-query every open screen in place: the one on top now, the others when shown."""
        if not self.answered:
            self.retry_start()  # (under a start-up error: try again now)
            return
        # Every screen that re-queries (dashboard screens and the slides), not only DashScreens.
        screens: list[Any] = [s for s in self.screen_stack if hasattr(s, "refresh_data")]
        for screen in screens:
            screen.stale = True
        if screens and screens[-1] is self.screen:
            self.screen.refresh_data()  # type: ignore[attr-defined]

    # Presentation ----------------------------------------------------------------

    def action_present(self) -> None:
        """Slides for the organisation and period on screen; Esc comes back here."""
        from tui.screens.present import PresentScreen

        from tui.screens.base import DashScreen

        if self.refused or isinstance(self.screen, PresentScreen):
            return
        if self.screen_stack[1:] and not isinstance(self.screen, DashScreen):
            return  # help, the period picker: slides open from organisation screens only
        below = self.dash_screens()
        org_id = self.current_org_id()
        code = None if org_id is not None else self.root_code
        day = below[-1].effective_day() if below else None
        self.push_screen(PresentScreen(org_id=org_id, code=code, day=day))
