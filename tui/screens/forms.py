"""Recording in the dashboard: choose what to record, fill the form, confirm, write.

Keyboard only. Tab and Shift+Tab move between fields, Enter (in a text field) or ctrl+s goes
on, Esc cancels. Going on parses what was typed (dates as dd/mm/yyyy), then runs the real
operation in a transaction that is rolled back (:meth:`tui.data.Store.check_record`): a refusal
is shown next to the field it names, in the language of the app, and nothing is written. Only
a form that passes reaches the confirmation, which says in words what will be written; the
write itself runs the same operation again, for real.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tui.bindings import bindings
from tui.forms import FormContext, FormSpec, ParseError, Summary, arguments, parse, summary, visible
from tui.i18n import language, tr
from tui.widgets.inputs import SteadyInput
from tui.widgets.keybar import KeyBar

# Short terminals (80x24): the box takes the whole height and its fields scroll; taller ones
# give it a fixed height. The key bar stays at the bottom either way.
FORM_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 84; max-width: 100%; height: 100%;
    border: thick $primary; background: $surface; padding: 0 1; }}
{name}.-tall > Vertical {{ height: 40; max-height: 100%; }}
{name} VerticalScroll {{ height: 1fr; }}
{name} .title {{ text-style: bold; height: auto; }}
{name} .about {{ color: $text-muted; height: auto; }}
{name} KeyBar {{ background: $surface; padding: 0; }}
"""


class FormChooser(ModalScreen[tuple[FormSpec, FormContext] | None]):
    """What to record: the forms that apply where the cursor is."""

    BINDINGS = bindings("modal")
    DEFAULT_CSS = FORM_CSS.format(name="FormChooser") + """
    FormChooser > Vertical, FormChooser.-tall > Vertical { height: auto; max-height: 100%; }
    FormChooser OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, choices: list[tuple[FormSpec, FormContext]]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(tr("form.choose"), classes="title")
            yield OptionList(*(Option(_choice_label(spec, ctx), id=str(i)) for i, (spec, ctx) in enumerate(self.choices)))
            yield KeyBar(("chooser", "modal"), palette=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(str(event.option.id))])


def _choice_label(spec: FormSpec, ctx: FormContext) -> str:
    where = ctx.member_name if spec.needs == "member" else ctx.conclusion_text if spec.needs == "conclusion" else ctx.org_name
    return f"{tr(spec.title)} — {where}" if where else tr(spec.title)


class Checked(Message):
    """The dry run's answer: None when the operation would pass, else its refusal."""

    def __init__(self, op: str, kwargs: dict[str, Any], error: Any, final: bool) -> None:
        super().__init__()
        self.op = op
        self.kwargs = kwargs
        self.error = error
        self.final = final  # True: the real write ran (error None: it was written)
        self.result: Any = None


class FormScreen(ModalScreen[None]):
    """One recording form. Fields are named after the operation's arguments."""

    BINDINGS = bindings("form")
    DEFAULT_CSS = FORM_CSS.format(name="FormScreen") + """
    FormScreen .row { height: auto; }
    FormScreen.-tall .row { margin-top: 1; }
    FormScreen .label { width: 32; height: auto; padding-right: 1; text-style: bold; }
    FormScreen.-narrow .label { width: 26; }
    FormScreen .hint { height: auto; color: $text-muted; padding-left: 32; }
    FormScreen.-narrow .hint { padding-left: 26; }
    FormScreen .error { height: auto; color: $error; display: none; }
    FormScreen .error.-shown { display: block; }
    FormScreen #general { height: auto; color: $error; display: none; }
    FormScreen #general.-shown { display: block; }
    FormScreen #busy { height: auto; color: $text-muted; }
    FormScreen Input, FormScreen Select { width: 1fr; }
    FormScreen .-hidden { display: none; }
    """

    def __init__(self, spec: FormSpec, ctx: FormContext) -> None:
        super().__init__()
        self.spec = spec
        self.ctx = ctx
        self.extra: dict[str, Any] = {}
        self.values: dict[str, Any] = {}  # the last values that were parsed and checked
        self.busy = False

    # Layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(tr(self.spec.title), classes="title")
            yield Static(self._about(), classes="about")
            yield Static(id="general")
            with VerticalScroll():
                for f in self.spec.fields:
                    with Horizontal(classes="row", id=f"row-{f.name}"):
                        yield Static(tr(f.label), classes="label")
                        yield self._widget(f)
                    if f.hint:
                        yield Static(tr(f.hint), classes="hint", id=f"hint-{f.name}")
                    yield Static(classes="error", id=f"error-{f.name}")
            yield Static("", id="busy")
            yield KeyBar(("form",), palette=False)

    def _about(self) -> str:
        from tui.forms import about_text

        return about_text(self.spec, self.ctx)

    def _widget(self, f: Any) -> Any:
        default = f.default(self.ctx) if f.default else None
        wid = f"field-{f.name}"
        if f.kind == "select":
            options = [(text, value) for value, text in (f.options(self.ctx, self.extra) if f.options else [])]
            return Select(
                options, id=wid, allow_blank=f.blank or not options, prompt=tr("form.select_prompt"),
                value=default if default is not None else Select.NULL, compact=True,
            )
        if f.kind == "check":
            # The box's mark looks the same either way (only its colour changes), so the
            # label says the value in words.
            return Checkbox(tr("form.yes" if default else "form.no"), value=bool(default), id=wid, compact=True)
        placeholder = {"date": tr("form.date_placeholder"), "month": tr("form.month_placeholder")}.get(f.kind, "")
        return SteadyInput(value=str(default or ""), placeholder=placeholder, id=wid, compact=True)

    def on_mount(self) -> None:
        self._apply_visibility()
        first = self._first_field()
        if first is not None:
            first.focus()
        if self.spec.loads:
            self.query_one("#busy", Static).update(tr("app.loading"))
            self.load_choices()

    def _first_field(self) -> Any:
        """The first shown field still to fill in (fields filled from context come first in
        the form but need no typing), or the first shown field when all are filled."""
        shown = [self.query_one(f"#field-{f.name}") for f in self.spec.fields
                 if "-hidden" not in self.query_one(f"#row-{f.name}").classes]
        empty = [w for w in shown if isinstance(w, Input) and not w.value]
        return (empty or shown or [None])[0]

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.checkbox.label = tr("form.yes" if event.value else "form.no")

    # Choices loaded from the database ------------------------------------------

    @work(thread=True, exclusive=True, group="form-load", exit_on_error=False)
    def load_choices(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        if self.spec.loads == "candidates":
            found = store.open_candidates(self.ctx.org_id)
        else:
            found = store.open_links(self.ctx.member_id)
        self.app.call_from_thread(self._choices_loaded, found)

    def _choices_loaded(self, found: list[Any]) -> None:
        self.extra[self.spec.loads or ""] = found
        self.query_one("#busy", Static).update(tr("form.none_to_pick") if not found else "")
        for f in self.spec.fields:
            if f.options is not None and f.name in ("candidate_id", "link_id"):
                select = self.query_one(f"#field-{f.name}", Select)
                options = [(text, value) for value, text in f.options(self.ctx, self.extra)]
                select.set_options(options)
                if len(options) == 1:
                    select.value = options[0][1]

    # Values --------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.spec.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input | Checkbox):  # the only other kinds _widget makes
                out[f.name] = widget.value
        return out

    def _apply_visibility(self) -> None:
        raw = self.raw_values()
        for f in self.spec.fields:
            shown = visible(f, raw)
            for prefix in ("row", "hint", "error"):
                for widget in self.query(f"#{prefix}-{f.name}"):
                    widget.set_class(not shown, "-hidden")

    @on(Select.Changed)
    def _select_changed(self, _event: Select.Changed) -> None:
        self._apply_visibility()

    # Errors --------------------------------------------------------------------

    def clear_errors(self) -> None:
        for box in self.query(".error").results(Static):
            box.update("")
            box.remove_class("-shown")
        general = self.query_one("#general", Static)
        general.update("")
        general.remove_class("-shown")

    def show_error(self, field: str | None, message: str) -> None:
        """``message`` next to the field named ``field`` (or an alias of it); at the top when
        no field of this form is meant (the member, the user's rights)."""
        target = None
        raw = self.raw_values()
        for f in self.spec.fields:
            if field is not None and (field == f.name or field in f.aliases) and visible(f, raw):
                target = f
                break
        if target is None:
            box = self.query_one("#general", Static)
            box.update(Text(message))
            box.add_class("-shown")
            self.query_one(VerticalScroll).scroll_home(animate=False)
            return
        box = self.query_one(f"#error-{target.name}", Static)
        box.update(Text("⚠ " + message))
        box.add_class("-shown")
        widget = self.query_one(f"#field-{target.name}")
        widget.focus()
        self.call_after_refresh(box.scroll_visible, animate=False)

    # Going on --------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_proceed()

    def action_proceed(self) -> None:
        if self.busy:
            return
        self.clear_errors()
        values: dict[str, Any] = {}
        failed = False
        raw = self.raw_values()
        for f in self.spec.fields:
            if not visible(f, raw):
                continue
            try:
                values[f.name] = parse(f, raw[f.name])
            except ParseError as exc:
                if not failed:
                    self.show_error(f.name, exc.message())
                else:
                    box = self.query_one(f"#error-{f.name}", Static)
                    box.update(Text("⚠ " + exc.message()))
                    box.add_class("-shown")
                failed = True
        if failed:
            return
        self.values = values
        op, kwargs = arguments(self.spec, self.ctx, values)
        self._set_busy(tr("form.checking"))
        self.run_operation(op, kwargs, final=False)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _set_busy(self, text: str) -> None:
        self.busy = bool(text)
        self.query_one("#busy", Static).update(text)

    @work(thread=True, exclusive=True, group="form-write", exit_on_error=False)
    def run_operation(self, op: str, kwargs: dict[str, Any], final: bool) -> None:
        """The operation: rolled back (``final`` False) or written. Refusals come back as a
        message; anything else is an error the app reports."""
        from models.errors import DomainError  # noqa: PLC0415 - loaded with the worker, not the first frame

        store = self.app.store  # type: ignore[attr-defined]
        message = Checked(op, kwargs, None, final)
        try:
            message.result = store.record(op, kwargs) if final else store.check_record(op, kwargs)
        except DomainError as exc:
            message.error = exc
        self.post_message(message)

    def on_checked(self, message: Checked) -> None:
        self._set_busy("")
        if message.error is not None:
            self.show_error(message.error.field, message.error.message(language()))
            return
        if message.final:
            self.dismiss(None)
            self.app.recorded(message.result)  # type: ignore[attr-defined]
            return
        shown = summary(self.spec, self.ctx, self.values, self.extra)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._set_busy(tr("form.writing"))
                self.run_operation(message.op, message.kwargs, final=True)

        self.app.push_screen(ConfirmScreen(shown), confirmed)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self._set_busy("")
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]


class ConfirmScreen(ModalScreen[bool]):
    """What will be written, in words; Enter or ctrl+s writes, Esc goes back to the form."""

    BINDINGS = bindings("confirm")
    DEFAULT_CSS = FORM_CSS.format(name="ConfirmScreen") + """
    ConfirmScreen > Vertical { height: auto; max-height: 100%; }
    ConfirmScreen.-tall > Vertical { height: auto; }
    ConfirmScreen VerticalScroll { height: auto; max-height: 16; }
    ConfirmScreen #lines { height: auto; margin: 1 0; }
    ConfirmScreen #question { height: auto; text-style: bold; color: $warning; }
    """

    def __init__(self, shown: Summary) -> None:
        super().__init__()
        self.shown = shown

    def compose(self) -> ComposeResult:
        width = max((len(name) for name, _ in self.shown.lines), default=0)
        lines = Text()
        for name, value in self.shown.lines:
            if lines:
                lines.append("\n")
            lines.append(name.ljust(width), style="bold")
            lines.append("  ")
            lines.append(value)
        with Vertical():
            yield Static(tr("form.confirm_title", title=self.shown.title), classes="title")
            yield Static(self.shown.about, classes="about")
            with VerticalScroll():
                yield Static(lines, id="lines")
            yield Static(tr("form.confirm_question"), id="question")
            yield KeyBar(("confirm",), palette=False)

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
