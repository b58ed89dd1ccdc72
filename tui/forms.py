"""What the recording forms ask for: one declaration per form, no SQL and no rules.

A :class:`FormSpec` names the write operation of :mod:`models.record` it feeds, the context it
needs (a cell, a member, any organisation), and its fields. Each :class:`Field` is named after
the operation's keyword argument, which is also the ``field`` a
:class:`~models.errors.DomainError` names, so a refusal lands next to the field at fault.
This module only turns what was typed into values (dates as dd/mm/yyyy, numbers) and back into
words for the confirmation; whether the values are *right* is decided by the operation itself
(the form runs it in a transaction that is rolled back before confirming).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.i18n import label, tr

#: Dates as people write them: dd/mm/yyyy (one-digit day and month, - or . also accepted).
DATE_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


@dataclass(frozen=True)
class FormContext:
    """Where the form was opened: the organisation (and member) the cursor was on."""

    today: dt.date
    org_id: int | None = None
    org_code: str | None = None
    org_name: str | None = None
    is_cell: bool = False
    member_id: int | None = None
    member_name: str | None = None
    conclusion_id: int | None = None  # a conclusion of a briefing (closing it)
    conclusion_text: str | None = None


Options = Callable[[FormContext, dict[str, Any]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Field:
    name: str  # the operation's keyword argument
    label: str  # catalogue key
    kind: str = "text"  # text | date | month | ids | int | select | check
    options: Options | None = None  # for selects: (value, label) pairs
    default: Callable[[FormContext], str | bool] | None = None
    blank: bool = True  # a select may be left empty
    required: bool = False  # checked here only where the operation cannot say it (ids, numbers)
    #: Other field names of the operation's refusals shown at this field.
    aliases: tuple[str, ...] = ()
    #: Shown (and passed on) only when another field has one of these values.
    when: tuple[str, tuple[str, ...]] | None = None
    hint: str | None = None  # catalogue key of a line under the field


@dataclass(frozen=True)
class FormSpec:
    id: str
    title: str  # catalogue key
    op: str  # the operation in models.record
    needs: str  # "cell" | "member" | "org"
    fields: tuple[Field, ...]
    #: Choices the form loads before it opens ("candidates" of the cell, "links" of the member).
    loads: str | None = None
    #: Which operation, for forms that feed two (a permanent or a temporary transfer).
    pick_op: Callable[[dict[str, Any]], str] | None = None
    #: Values that select the operation but are not its arguments.
    not_passed: tuple[str, ...] = ()
    #: Arguments the operation takes from those values (a select's choice as a flag).
    derived: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def operation(self, values: dict[str, Any]) -> str:
        return self.pick_op(values) if self.pick_op else self.op


class ParseError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        return tr(self.key, **self.params)


# ------------------------------------------------------------------- values: typed and shown


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    match = DATE_RE.match(text)
    if not match:
        raise ParseError("form.bad_date", text=text)
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError("form.no_such_date", text=text) from None


def show_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


#: A month as people write it: mm/yyyy (one-digit month, - or . also accepted).
MONTH_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{4})\s*$")


def parse_month(text: str) -> dt.date | None:
    """``mm/yyyy`` as the first day of that month."""
    text = text.strip()
    if not text:
        return None
    match = MONTH_RE.match(text)
    if not match or not 1 <= int(match.group(1)) <= 12:
        raise ParseError("form.bad_month", text=text)
    return dt.date(int(match.group(2)), int(match.group(1)), 1)


def parse_ids(text: str) -> list[int]:
    """Member ids separated by commas or spaces."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    for w in words:
        if not re.fullmatch(r"\d{1,9}", w):
            raise ParseError("form.bad_ids", text=w)
    return [int(w) for w in words]


def parse(f: Field, raw: Any) -> Any:
    """The value the operation receives for what was typed or chosen in ``f``."""
    value: Any
    if f.kind == "check":
        return bool(raw)
    if f.kind == "select":
        value = None if raw in (None, "") else str(raw)
    elif f.kind == "date":
        value = parse_date(str(raw or ""))
    elif f.kind == "month":
        value = parse_month(str(raw or ""))
    elif f.kind == "ids":
        return parse_ids(str(raw or ""))
    elif f.kind == "int":
        text = str(raw or "").strip()
        if not text:
            value = None
        elif re.fullmatch(r"-?\d{1,9}", text):
            value = int(text)
        else:
            raise ParseError("form.bad_number", text=text)
    else:
        value = " ".join(str(raw or "").split()) or None
    if value is None and f.required:
        raise ParseError("form.required")
    return value


def shown(f: Field, value: Any, options: list[tuple[str, str]]) -> str:
    """``value`` in words for the confirmation."""
    if f.kind == "check":
        return tr("form.yes") if value else tr("form.no")
    if f.kind == "ids":
        return ", ".join(str(v) for v in value) if value else "–"
    if value is None:
        return "–"
    if f.kind == "date":
        return show_date(value)
    if f.kind == "month":
        return value.strftime("%m/%Y")
    if f.kind == "select":
        return dict(options).get(str(value), str(value))
    return str(value)


# ------------------------------------------------------------------- options


def _enum(name: str) -> Options:
    """The members of ``models.enums.<name>`` with their labels (imported when a form opens,
    not with the dashboard's first frame)."""

    def options(_ctx: FormContext, _extra: dict[str, Any]) -> list[tuple[str, str]]:
        from models import enums

        return [(e.value, label(e)) for e in getattr(enums, name)]

    return options


def _office(name: str) -> Options:
    """The members of ``models.office_schema.<name>`` (ratings, measures) with their labels."""

    def options(_ctx: FormContext, _extra: dict[str, Any]) -> list[tuple[str, str]]:
        from models import discipline, office_schema, ratings  # noqa: F401  the labels' catalogue

        return [(e.value, label(e)) for e in getattr(office_schema, name)]

    return options


def _rating_year(ctx: FormContext) -> str:
    """The year a rating is most likely about: this one in December (the yearly review is
    held then), else the one before."""
    return str(ctx.today.year if ctx.today.month == 12 else ctx.today.year - 1)


def _stages(_ctx: FormContext, _extra: dict[str, Any]) -> list[tuple[str, str]]:
    """Every stage but ``admitted``, which the admission itself records."""
    from models.enums import CandidateStage

    return [(s.value, label(s)) for s in CandidateStage if s != CandidateStage.ADMITTED]


def _candidates(_ctx: FormContext, extra: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(c.id), tr("form.candidate_option", name=c.full_name, stage=label(c.stage), since=show_date(c.since)))
        for c in extra.get("candidates", ())
    ]


def _links(_ctx: FormContext, extra: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (str(link.id), tr("form.link_option", name=link.residence_name, code=link.residence_code, since=show_date(link.started_on)))
        for link in extra.get("links", ())
    ]


def _scopes(_ctx: FormContext, _extra: dict[str, Any]) -> list[tuple[str, str]]:
    return [("permanent", tr("form.scope.permanent")), ("temporary", tr("form.scope.temporary"))]


def _standings(_ctx: FormContext, _extra: dict[str, Any]) -> list[tuple[str, str]]:
    return [("official", tr("form.standing.official")), ("probationary", tr("form.standing.probationary"))]


def _today(ctx: FormContext) -> str:
    return show_date(ctx.today)


def _last_month(ctx: FormContext) -> str:
    """The month before today's: a dues book is closed once its month is over."""
    return (ctx.today.replace(day=1) - dt.timedelta(days=1)).strftime("%m/%Y")


def _org_code(ctx: FormContext) -> str:
    return ctx.org_code or ""


# ------------------------------------------------------------------- the forms

ORG = Field("org", "form.field.org", default=_org_code, hint="form.hint.org")
DATE = Field("date", "form.field.date", "date", default=_today)
DECISION = Field("decision_no", "form.field.decision_no")
DECIDED_BY = Field("decided_by", "form.field.decided_by")
NOTE = Field("note", "form.field.note")
NAME = Field("full_name", "form.field.full_name")
SEX = Field("sex", "form.field.sex", "select", _enum("Sex"), blank=False, default=lambda _ctx: "male")
BORN = Field("birth_date", "form.field.birth_date", "date")
MEMBER_EVENT = (DATE, DECISION, DECIDED_BY, NOTE)
RATING_YEAR = Field("year", "form.field.rated_year", "int", required=True, default=_rating_year)
RATING = Field("rating", "form.field.rating", "select", _office("QualityRating"), required=True)
#: The members' make-up (issue 18): each may stay empty («chưa cập nhật»), never defaulted.
MAKEUP_FIELDS = (
    Field("religion", "form.field.religion", "select", _enum("Religion")),
    Field("education_level", "form.field.education_level", "select", _enum("EducationLevel")),
    Field("professional_level", "form.field.professional_level", "select", _enum("ProfessionalLevel")),
    Field("theory_level", "form.field.theory_level", "select", _enum("TheoryLevel")),
)

FORMS: tuple[FormSpec, ...] = (
    FormSpec(
        "admission", "form.admission", "admission", "cell",
        (
            ORG, NAME, SEX, BORN,
            Field("ethnicity", "form.field.ethnicity"),
            Field("resolution_date", "form.field.resolution_date", "date"),
            Field("decision_date", "form.field.decision_date", "date"),
            Field("date", "form.field.admission_date", "date", default=_today),
            Field("over_age_decision", "form.field.over_age_decision", hint="form.hint.over_age_decision"),
            Field("youth_union", "form.field.youth_union", "check"),
            Field("recommended_by", "form.field.recommended_by", "select", _enum("MassOrg")),
            Field("occasion", "form.field.occasion", hint="form.hint.occasion"),
            DECISION, DECIDED_BY,
            *MAKEUP_FIELDS,
        ),
    ),
    FormSpec("recognition", "form.recognition", "recognition", "member", MEMBER_EVENT),
    FormSpec(
        "removal", "form.removal", "removal", "member",
        (DATE, Field("ground", "form.field.ground", "select", _enum("RemovalGround")), DECISION, DECIDED_BY, NOTE),
    ),
    FormSpec("leave", "form.leave", "leave", "member", MEMBER_EVENT),
    FormSpec("death", "form.death", "death", "member", (DATE, NOTE)),
    FormSpec(
        "transfer", "form.transfer", "transfer", "member",
        (
            Field("scope", "form.field.scope", "select", _scopes, blank=False, default=lambda _ctx: "permanent"),
            DATE,
            Field("to", "form.field.to", hint="form.hint.to"),
            Field("to_outside", "form.field.to_outside"),
            Field("reason", "form.field.transfer_reason", "select", _enum("TransferReason"), when=("scope", ("temporary",))),
            Field("ends_on", "form.field.ends_on", "date", when=("scope", ("temporary",))),
            DECISION, DECIDED_BY, NOTE,
        ),
        pick_op=lambda v: "temporary_transfer" if v.get("scope") == "temporary" else "transfer",
        not_passed=("scope",),
    ),
    FormSpec(
        "transfer_in", "form.transfer_in", "transfer_in_from_outside", "cell",
        (
            ORG, Field("from_outside", "form.field.from_outside", aliases=("from",)), NAME, SEX, BORN,
            Field("ethnicity", "form.field.ethnicity"), DATE, DECISION, DECIDED_BY,
            # A probationary member admitted elsewhere: the day the probation began and the
            # admission decision, asked for only when the member comes as probationary.
            Field("standing", "form.field.standing", "select", _standings, blank=False, default=lambda _ctx: "official"),
            Field("probation_since", "form.field.probation_since", "date", when=("standing", ("probationary",)),
                  hint="form.hint.probation_since"),
            Field("admission_decision", "form.field.admission_decision", when=("standing", ("probationary",))),
            NOTE,
        ),
        not_passed=("standing",),
        derived=lambda v: {"probationary": v.get("standing") == "probationary"},
    ),
    FormSpec(
        "target", "form.target", "set_target", "org",
        (
            ORG,
            Field("year", "form.field.year", "int", required=True, default=lambda ctx: str(ctx.today.year)),
            Field("target", "form.field.target", "int", required=True),
            DECISION,
        ),
    ),
    FormSpec(
        "candidate", "form.candidate", "create_candidate", "cell",
        (ORG, NAME, SEX, BORN, DATE, Field("source", "form.field.source", "select", _enum("CandidateSource"), blank=False,
                                          default=lambda _ctx: "cell"), NOTE),
    ),
    FormSpec(
        "candidate_stage", "form.candidate_stage", "candidate_stage", "cell",
        (
            Field("candidate_id", "form.field.candidate", "select", _candidates, required=True, aliases=("candidate",)),
            Field("stage", "form.field.stage", "select", _stages, required=True),
            DATE, NOTE,
        ),
        loads="candidates",
    ),
    FormSpec(
        "r213_link", "form.r213_link", "create_link", "member",
        (Field("residence", "form.field.residence", hint="form.hint.residence"), DATE),
    ),
    FormSpec(
        "r213_event", "form.r213_event", "residence_event", "member",
        (
            Field("link_id", "form.field.link", "select", _links, required=True, aliases=("link",)),
            Field("kind", "form.field.r213_kind", "select", _enum("ResidenceEventKind"), required=True),
            DATE,
            Field("year", "form.field.rating_year", "int", hint="form.hint.rating_year"),
            NOTE,
        ),
        loads="links",
    ),
    FormSpec(
        "meeting", "form.meeting", "record_meeting", "cell",
        (
            ORG, Field("date", "form.field.meeting_date", "date", default=_today),
            Field("absent", "form.field.absent", "ids", hint="form.hint.ids"),
            Field("excused", "form.field.excused", "ids", hint="form.hint.ids"),
            NOTE,
        ),
    ),
    FormSpec(
        "dues", "form.dues", "close_dues", "cell",
        (ORG, Field("month", "form.field.month", "month", default=_last_month),
         Field("unpaid", "form.field.unpaid", "ids", hint="form.hint.ids")),
    ),
    FormSpec(
        "conclusion", "form.conclusion", "add_conclusion", "org",
        (
            Field("org", "form.field.responsible", default=_org_code),
            Field("text", "form.field.conclusion_text"),
            Field("due", "form.field.due", "date"),
            Field("briefing", "form.field.briefing", "date", default=_today),
            Field("condition", "form.field.condition", "select", _enum("ConclusionCondition")),
            Field("count", "form.field.count", "int", when=("condition", ("admitted_at_least",))),
            Field("period", "form.field.years", hint="form.hint.years",
                  when=("condition", ("admitted_at_least", "r213_comments_complete"))),
        ),
    ),
    # The organisation office's records (issue 18): ratings, discipline and Party cards.
    FormSpec(
        "member_rating", "form.member_rating", "member_rating", "member",
        (RATING_YEAR, RATING),
    ),
    FormSpec(
        "discipline", "form.discipline", "discipline", "member",
        (
            Field("kind", "form.field.discipline_kind", "select", _office("DisciplineKind"), required=True),
            DATE,
            Field("decision_no", "form.field.decision_no", aliases=("decision",)),
            DECIDED_BY, NOTE,
        ),
    ),
    FormSpec("member_makeup", "form.member_makeup", "member_makeup", "member", MAKEUP_FIELDS),
    FormSpec(
        "card", "form.card", "issue_card", "member",
        (
            Field("number", "form.field.card_no"),
            Field("date", "form.field.card_date", "date", default=_today),
            DECISION,
        ),
    ),
    FormSpec("org_rating", "form.org_rating", "org_rating", "org", (Field("org", "form.field.rated_org", default=_org_code),
                                                                   RATING_YEAR, RATING)),
    FormSpec(
        "conclusion_close", "form.conclusion_close", "close_conclusion", "conclusion",
        (Field("note", "form.field.closing_note"), DATE),
    ),
)

BY_ID = {spec.id: spec for spec in FORMS}


def forms_for(needs: str) -> list[FormSpec]:
    return [spec for spec in FORMS if spec.needs == needs]


def arguments(spec: FormSpec, ctx: FormContext, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The operation and its keyword arguments for ``values`` (already parsed)."""
    kwargs = {k: v for k, v in values.items() if k not in spec.not_passed}
    if spec.derived is not None:
        kwargs.update(spec.derived(values))
    if spec.needs == "member":
        kwargs["member_id"] = ctx.member_id
    if spec.needs == "conclusion":
        kwargs["conclusion_id"] = ctx.conclusion_id
    for id_field in ("candidate_id", "link_id"):
        if kwargs.get(id_field) is not None:
            kwargs[id_field] = int(kwargs[id_field])
    return spec.operation(values), kwargs


def visible(f: Field, values: dict[str, Any]) -> bool:
    if f.when is None:
        return True
    other, wanted = f.when
    return str(values.get(other) or "") in wanted


@dataclass
class Summary:
    """The confirmation: the form's title, who or where, and each field in words."""

    title: str
    about: str
    lines: list[tuple[str, str]] = field(default_factory=list)


def summary(spec: FormSpec, ctx: FormContext, values: dict[str, Any], extra: dict[str, Any]) -> Summary:
    about = about_text(spec, ctx)
    lines = []
    for f in spec.fields:
        if not visible(f, values):
            continue
        options = f.options(ctx, extra) if f.options else []
        lines.append((tr(f.label), shown(f, values.get(f.name), options)))
    return Summary(tr(spec.title), about, lines)


def about_text(spec: FormSpec, ctx: FormContext) -> str:
    """Who or what the form is about, in words."""
    if spec.needs == "member":
        return tr("form.about_member", name=ctx.member_name or "", id=ctx.member_id)
    if spec.needs == "conclusion":
        return tr("form.about_conclusion", id=ctx.conclusion_id, text=ctx.conclusion_text or "")
    return tr("form.about_org", name=ctx.org_name or "", code=ctx.org_code or "")


def conclusion_choices(make: Callable[..., FormContext], org_id: int, row: Any) -> list[tuple[FormSpec, FormContext]]:
    """On the conclusions screen: a new conclusion (for the organisation of the row under the
    cursor), and closing that row's conclusion when it has no condition and is not done."""
    if row is None:
        return [(BY_ID["conclusion"], make(org_id=org_id))]
    ctx = make(org_id=row.org_id, org_code=row.org_code, org_name=row.org_name, conclusion_id=row.id,
               conclusion_text=row.text)
    out = [(BY_ID["conclusion"], ctx)]
    if row.condition is None and row.status.value != "done":
        out.append((BY_ID["conclusion_close"], ctx))
    return out


def org_choices(make: Callable[..., FormContext], org: Any) -> list[tuple[FormSpec, FormContext]]:
    """The forms about the organisation ``org`` (an OrgInfo): a cell's, and its target."""
    from models.enums import CELL_KINDS

    is_cell = org.kind in CELL_KINDS
    ctx = make(org_id=org.id, org_code=org.code, org_name=org.name, is_cell=is_cell)
    return [(spec, ctx) for spec in FORMS if spec.needs == "org" or (is_cell and spec.needs == "cell")]


def member_choices(make: Callable[..., FormContext], org: Any, member_id: int, name: str) -> list[tuple[FormSpec, FormContext]]:
    """The forms about one member, whose cell is ``org``."""
    from models.enums import CELL_KINDS

    ctx = make(org_id=org.id, org_code=org.code, org_name=org.name, is_cell=org.kind in CELL_KINDS,
               member_id=member_id, member_name=name)
    return [(spec, ctx) for spec in forms_for("member")]
