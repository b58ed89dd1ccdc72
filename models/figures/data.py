"""Plain data that the read side hands to screens and reports: frozen dataclasses, never ORM
objects. :mod:`models.figures.service` builds the figures' (one entry point for every
consumer); :mod:`models.people` the members' lists and histories.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from models import i18n
from models.enums import CandidateStage, EventKind, MassOrg, RemovalGround, Sex
from models.org_info import OrgInfo

i18n.register(
    {
        "period.invalid": (
            "Kỳ “{text}” không hợp lệ; hãy viết một năm (2023) hoặc một khoảng năm (2020-2022).",
            "The period '{text}' is not valid; write a year (2023) or a range of years (2020-2022).",
        ),
        "status.met": ("đạt", "met"),
        "status.on_pace": ("đúng tiến độ", "on pace"),
        "status.behind": ("chưa đạt", "behind"),
        "status.no_target": ("không có chỉ tiêu", "no target"),
        "member_status.probationary": ("dự bị", "probationary"),
        "member_status.official": ("chính thức", "official"),
        "member_status.removed": ("đã xóa tên", "removed"),
        "member_status.left": ("đã ra khỏi Đảng", "left"),
        "member_status.expelled": ("đã bị khai trừ", "expelled"),
        "member_status.died": ("đã từ trần", "died"),
        "member_status.transferred": ("đã chuyển đi", "transferred out"),
    }
)


@dataclass(frozen=True, order=True)
class Period:
    """Whole calendar years ``start_year``..``end_year`` inclusive."""

    start_year: int
    end_year: int

    def __post_init__(self) -> None:
        if self.end_year < self.start_year:
            raise ValueError("period ends before it starts")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(year, year)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``"2023"`` or ``"2020-2022"`` (also with an en dash)."""
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*", text)
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            from models.errors import DomainError

            raise DomainError("period.invalid", field="period", text=text)
        start = int(m.group(1))
        return cls(start, int(m.group(2) or start))

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        return dt.date(self.end_year, 12, 31)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.start_year, self.end_year + 1))

    @property
    def length(self) -> int:
        return self.end_year - self.start_year + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start_year - self.length, self.start_year - 1)

    def shifted(self, by: int) -> Period:
        """Moved by ``by`` periods of its own length (``[`` and ``]`` in the dashboard)."""
        step = self.length * by
        return Period(self.start_year + step, self.end_year + step)

    def is_open(self, as_of: dt.date) -> bool:
        return self.start <= as_of < self.end

    def label(self) -> str:
        return str(self.start_year) if self.length == 1 else f"{self.start_year}–{self.end_year}"


class Status(StrEnum):
    MET = "met"  # admitted >= target
    ON_PACE = "on_pace"  # open year, at or above the pace expected at the date
    BEHIND = "behind"  # below target, or below the pace in an open year
    NO_TARGET = "no_target"

    def label(self, lang: str | None = None) -> str:
        return i18n.t(f"status.{self.value}", lang)


@dataclass(frozen=True)
class Attainment:
    admitted: int
    target: int | None  # None when no target is registered for any year of the period
    # admitted / target, None without a target.
    ratio: float | None
    # In an open period: the admissions expected by the date at an even pace
    # (target x elapsed share of the period); None when the period is closed.
    expected_by_now: float | None
    status: Status


@dataclass(frozen=True)
class Composition:
    """Who the admitted are."""

    admitted: int
    women: int
    youth_union: int
    recommended: int  # recommended by any mass organisation
    recommended_by: Mapping[MassOrg, int]
    on_occasion: int  # ceremony held on a holiday or anniversary
    aged_18_30: int  # age at the ceremony


@dataclass(frozen=True)
class YearFlows:
    """One year of the books of an organisation (its whole catchment)."""

    year: int
    members_start: int  # members at the end of the previous year
    admitted: int
    transfers_in: int
    removed: int
    left: int
    expelled: int
    died: int
    transfers_out: int
    members_end: int
    removed_by_ground: Mapping[RemovalGround, int]
    target: int | None

    @property
    def balances(self) -> bool:
        return (
            self.members_start
            + self.admitted
            + self.transfers_in
            - self.removed
            - self.left
            - self.expelled
            - self.died
            - self.transfers_out
            == self.members_end
        )


@dataclass(frozen=True)
class Pipeline:
    """Candidates at each stage as of a date, against the rest of the year's target."""

    by_stage: Mapping[CandidateStage, int]
    # Candidates past the awareness class whose certificate is still valid at the date.
    valid_certificates: int
    # Of those, the certificates that expire before the year ends.
    expiring_this_year: int
    # The year's target minus the admissions so far (never negative); None without target.
    remaining_target: int | None

    @property
    def coverage(self) -> float | None:
        if not self.remaining_target:
            return None
        return self.valid_certificates / self.remaining_target


@dataclass(frozen=True)
class Regulation213:
    """Working members' contact with their place of residence, for a rating year."""

    year: int
    links: int  # working members who must keep contact (not exempt)
    exempt: int
    registered: int  # registered with the residence cell
    comments_requested: int
    comments_returned: int

    @property
    def comments_missing(self) -> int:
        return self.comments_requested - self.comments_returned


@dataclass(frozen=True)
class ConditionFigures:
    """What a briefing conclusion's condition reads of an organisation for a period
    (:mod:`models.conclusions`): the same numbers as its :class:`OrgFigures`."""

    admitted: int  # ``attainment.admitted``: admitted in the period's years up to the day
    r213: Regulation213  # ``r213``: for the day's year


@dataclass(frozen=True)
class FarAway:
    members_away: int  # members working far away at the date
    without_contact: int  # of those, no report back within the configured months


@dataclass(frozen=True)
class RuleHit:
    """One problem-cell rule that fired, with what makes the sentence that explains it."""

    rule: str  # the rule's name in rules.toml, e.g. "below_target"
    severity: int  # 1 low .. 3 high
    regulation: str
    params: Mapping[str, object] = field(default_factory=dict)

    def title(self, lang: str | None = None) -> str:
        return i18n.t(f"problem.{self.rule}.title", lang)

    def reason(self, lang: str | None = None) -> str:
        """A sentence that says why, in ``lang``, ending with the regulation. ``params`` stay
        plain values (the dashboard's start snapshot writes them as JSON); clauses that are
        words are said here, in ``lang``: ``clauses`` names the counts said one clause each,
        only those not zero, in two digits as the office writes them ("01")."""
        params = dict(self.params)
        cases = params.pop("cases", None)
        if isinstance(cases, str):
            # One clause a case, the cases a JSON list (a parameter stays a plain value) of
            # (step, name, began, due, done, working days), dates ISO, ``done`` empty while
            # pending (models.figures.admission_deadlines).
            cases = json.loads(cases)
            params["cases"] = "; ".join(
                i18n.t(f"problem.{self.rule}.{step}_{'late' if done else 'pending'}", lang,  # type: ignore[call-overload]
                       name=name, began=_dmy(began), due=_dmy(due), done=_dmy(done) if done else "", days=days)
                for step, name, began, due, done, days in cases
            )
        keys = params.pop("clauses", None)
        if isinstance(keys, str):
            said = [i18n.t(f"problem.{self.rule}.{k}", lang, n=f"{int(params[k]):02d}")  # type: ignore[call-overload]
                    for k in keys.split(",") if params.get(k)]
            params["what"] = i18n.t("problem.and", lang).join(said)
        return i18n.t(f"problem.{self.rule}.reason", lang, **params)


def _dmy(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Problem:
    """An organisation flagged by one or more rules."""

    org: OrgInfo
    path: tuple[str, ...]  # names from the root of the query down to the organisation
    hits: tuple[RuleHit, ...]
    path_ids: tuple[int, ...] = ()  # the organisations ``path`` names (to name them as on a day)

    @property
    def severity(self) -> int:
        return max(h.severity for h in self.hits)

    @property
    def score(self) -> int:
        """Sort key: the worst rule first, then how many rules fired."""
        return self.severity * 100 + sum(h.severity for h in self.hits)


@dataclass(frozen=True)
class OrgFigures:
    """Everything the briefing shows for one organisation and period."""

    org: OrgInfo
    period: Period
    as_of: dt.date
    attainment: Attainment
    composition: Composition
    # The period of the same length before: None when it reaches before the first year with
    # data (a comparison with the admissions of a seeded roster would be an artefact).
    previous_composition: Composition | None
    years: tuple[YearFlows, ...]  # one per year of the period (trend)
    members: int  # members at the end of the period (or at as_of in an open period)
    removed: int
    left: int
    expelled: int
    died: int
    pipeline: Pipeline
    r213: Regulation213
    far_away: FarAway
    # The first year whose figures are data (models.figures.service.first_data_year); None:
    # no data at all.
    first_data_year: int | None = None

    @property
    def trend_years(self) -> tuple[YearFlows, ...]:
        """The years of the period that have data, for a trend (never a year before the data)."""
        first = self.first_data_year
        return tuple(y for y in self.years if first is not None and y.year >= first)


@dataclass(frozen=True)
class ChildRow:
    """A line of the children table of an overview."""

    org: OrgInfo
    has_children: bool
    members: int
    target: int | None
    admitted: int
    ratio: float | None
    expected_by_now: float | None
    status: Status
    removed: int
    left: int
    candidates_ready: int  # valid certificates
    problems: tuple[RuleHit, ...]


@dataclass(frozen=True)
class Overview:
    """One screen: an organisation, its path, its figures and its children."""

    org: OrgInfo
    path: tuple[OrgInfo, ...]  # root .. org, for the breadcrumb
    figures: OrgFigures
    children: tuple[ChildRow, ...]
    problem_count: int  # organisations flagged in the subtree
    # The day of the tree the catchments and rows were read under (the figures are those of
    # ``figures.as_of``, the period's end or this day if earlier); None: that day.
    tree_day: dt.date | None = None
    # The organisation ended before the period began: where its work went (models.successors,
    # its own successor first), said instead of figures that would all be empty.
    successors: tuple[OrgInfo, ...] = ()

    @property
    def ended_before_period(self) -> bool:
        """Whether the organisation had ended by the first day of the period shown."""
        return self.org.valid_to is not None and self.org.valid_to <= self.figures.period.start

    @property
    def children_with_target(self) -> tuple[ChildRow, ...]:
        """The rows that have a target: the only ones that can be below it."""
        return tuple(c for c in self.children if c.target is not None)

    @property
    def children_behind(self) -> tuple[ChildRow, ...]:
        """The rows below their target (or its pace); "n of m below target" counts these
        against :attr:`children_with_target`."""
        return tuple(c for c in self.children if c.status is Status.BEHIND)


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"
    OFFICIAL = "official"
    REMOVED = "removed"
    LEFT = "left"
    EXPELLED = "expelled"
    DIED = "died"
    TRANSFERRED = "transferred"

    def label(self, lang: str | None = None) -> str:
        return i18n.t(f"member_status.{self.value}", lang)


@dataclass(frozen=True)
class MemberRow:
    """A member in a cell's list (personal details: only for users entitled to the cell)."""

    id: int
    full_name: str
    sort_key: str
    sex: Sex
    birth_date: dt.date
    joined: dt.date  # the admission ceremony
    status: MemberStatus
    far_away: bool
    exempt: bool
    # Regulation 213: None when the member is not a working member with a residence link;
    # else "ok", "not_registered" or "comments_missing".
    r213: str | None
    # ``joined`` is the day they came in by transfer (admitted elsewhere), not an admission here.
    transferred_in: bool = False


@dataclass(frozen=True)
class EventRow:
    id: int
    date: dt.date
    kind: EventKind | StrEnum  # or a disciplinary measure (models.discipline.DisciplineKind)
    org_code: str
    org_name: str
    decision_no: str | None
    detail: str  # a short sentence in the requested language (ground, occasion, ...)


@dataclass(frozen=True)
class MemberHistory:
    member: MemberRow
    org: OrgInfo  # where the member is (or was last)
    events: tuple[EventRow, ...]
    # Early warnings of removal: (day, sentence) when one began, reached the threshold, ended
    # or became a removal (models.removal_warnings.warning_history).
    warnings: tuple[tuple[dt.date, str], ...] = ()
