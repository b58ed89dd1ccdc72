"""Briefing conclusions followed to the next briefing ("Thực hiện kết luận kỳ trước").

Each conclusion is *done* when its condition holds on the figures at the day (or, without a
condition, when a note closed it), else *overdue* once its deadline has passed, else *open*.
The figures come from two entry points only: :func:`models.figures.service.condition_figures`
(admissions, Regulation 213 comments: the numbers of :func:`models.figures.service.briefing`'s
``Part.FIGURES``) and :func:`models.removal_warnings.at_risk_counts` (members at risk, as
:func:`models.removal_warnings.removal_warnings` finds them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, exists, func, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, require_read
from models.enums import ConclusionCondition
from models.figures.data import ConditionFigures, Period
from models.figures.service import condition_figures as service_condition_figures
from models.removal_warnings import at_risk_counts
from models.rules import Rules, default_rules
from models.schema import ORG_CLOSURE, Conclusion, ConclusionNote
from models.tree import catchment, get_org_by_id, orgs_by_id, tree_version
from models.uow import read_session

i18n.register(
    {
        "conclusion_state.done": ("đã thực hiện", "done"),
        "conclusion_state.open": ("đang thực hiện", "in progress"),
        "conclusion_state.overdue": ("quá hạn", "overdue"),
        "conclusion.progress.admitted_at_least": (
            "đã kết nạp {figure}/{goal} ({period})", "admitted {figure} of {goal} ({period})",
        ),
        "conclusion.progress.no_member_at_risk": (
            "còn {figure} đảng viên có nguy cơ bị xóa tên", "{figure} member(s) still at risk of removal",
        ),
        "conclusion.progress.r213_comments_complete": (
            "đã có {figure}/{goal} nhận xét năm {period}", "{figure} of {goal} comments returned for {period}",
        ),
        "conclusion.progress.closed": ("đóng ngày {day}: {note}", "closed on {day}: {note}"),
        "conclusion.progress.none": ("chưa có ghi nhận hoàn thành", "not reported done yet"),
    }
)


class ConclusionState(StrEnum):
    DONE = "done"
    OPEN = "open"
    OVERDUE = "overdue"

    def label(self, lang: str | None = None) -> str:
        return i18n.t(f"conclusion_state.{self.value}", lang)


@dataclass(frozen=True)
class ConclusionRow:
    """One conclusion as the next briefing sees it at ``as_of``."""

    id: int
    briefing_date: dt.date
    briefing_org_code: str
    org_id: int
    org_code: str
    org_name: str
    text: str
    due: dt.date
    condition: ConclusionCondition | None
    period: Period | None
    status: ConclusionState
    figure: int | None  # the condition's figure at the day
    goal: int | None  # what the condition asks of it
    closed_on: dt.date | None
    note: str | None

    def progress(self, lang: str | None = None) -> str:
        """The figure against the condition, or the closing note."""
        if self.condition is not None:
            return i18n.t(f"conclusion.progress.{self.condition.value}", lang, figure=self.figure, goal=self.goal,
                          period=self.period.label() if self.period else "")
        if self.closed_on is not None:
            return i18n.t("conclusion.progress.closed", lang, day=self.closed_on.isoformat(), note=self.note or "")
        return i18n.t("conclusion.progress.none", lang)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "org": self.org_code,
            "text": self.text,
            "due": self.due.isoformat(),
            "status": self.status.value,
            "briefing": self.briefing_date.isoformat(),
            "condition": self.condition.value if self.condition else None,
            "figure": self.figure,
            "goal": self.goal,
        }


def _figure(cond: ConclusionCondition, row: Conclusion, figures: ConditionFigures | None, at_risk: int | None) -> tuple[int, int, bool]:
    """(figure, goal, met) of a conclusion's condition from what was read for it."""
    if cond == ConclusionCondition.NO_MEMBER_AT_RISK:
        assert at_risk is not None
        return at_risk, 0, at_risk == 0
    assert figures is not None
    if cond == ConclusionCondition.ADMITTED_AT_LEAST:
        admitted = figures.admitted
        return admitted, int(row.cond_count or 0), admitted >= int(row.cond_count or 0)
    # Every working member who must keep contact has had the residence cell's comments back.
    r213 = figures.r213
    return r213.comments_returned, r213.links, r213.comments_returned >= r213.links


def _cond(row: Conclusion) -> ConclusionCondition:
    assert row.condition is not None, "only a conclusion with a condition has a figure"
    return ConclusionCondition(row.condition)


def _period(row: Conclusion) -> Period:
    return Period(row.cond_from_year, row.cond_to_year)  # type: ignore[arg-type]


def condition_figures(session: Session, actor: Actor, rows: list[Conclusion], as_of: dt.date,
                      rules: Rules) -> dict[int, tuple[int, int, bool]]:
    """(figure, goal, met) of each conclusion with a condition, by id, at ``as_of``, read in one
    batch for ``actor``: the admissions and Regulation 213 comments of every organisation and
    period the conditions name in one call of the engine
    (:func:`models.figures.service.condition_figures`: the numbers of each one's
    ``Part.FIGURES``, read for all of them together), and the members at risk under every
    organisation named in one read of the warnings
    (:func:`models.removal_warnings.at_risk_counts`)."""
    with_condition = [r for r in rows if r.condition is not None]
    # Read at the period's end at the latest: no admission of the period comes after it, and
    # a year's Regulation 213 comments come before its year-end rating (the figures count
    # those of the day's year).
    figures = service_condition_figures(
        session, actor,
        [(r.org_id, _period(r)) for r in with_condition if _cond(r) != ConclusionCondition.NO_MEMBER_AT_RISK],
        tree_day=as_of, today=as_of, rules=rules)
    risk_orgs = {r.org_id for r in with_condition if _cond(r) == ConclusionCondition.NO_MEMBER_AT_RISK}
    at_risk = at_risk_counts(session, sorted(risk_orgs), as_of, rules) if risk_orgs else {}
    out = {}
    for r in with_condition:
        cond = _cond(r)
        got = None if cond == ConclusionCondition.NO_MEMBER_AT_RISK else figures[(r.org_id, _period(r))]
        out[r.id] = _figure(cond, r, got, at_risk.get(r.org_id))
    return out


def conclusions_for(session: Session, actor: Actor, root_id: int, as_of: dt.date,
                    rules: Rules | None = None) -> list[ConclusionRow]:
    """The conclusions made for organisations of ``root_id``'s catchment up to ``as_of``, the
    overdue first, then the open, then the done, each by deadline."""
    rules = rules or default_rules()
    rows: list[Conclusion] = []
    changed = tree_version(session)
    if changed is None or changed <= as_of:
        # The tree has not changed since as_of: the closure of today's tree is the catchment.
        c = ORG_CLOSURE.c
        # Driven from the smaller side: every conclusion recorded (never deleted, so the last
        # id bounds their number), each probed in the closure, when they are fewer than the
        # organisations of the catchment (a city root's 20,000 against a few hundred
        # conclusions); else the catchment's organisations, each probed for its conclusions.
        recorded = session.scalar(select(func.max(Conclusion.id))) or 0
        if not recorded:
            return []
        bounded = select(c.descendant_id).where(c.ancestor_id == root_id).limit(recorded).subquery()
        if (session.scalar(select(func.count()).select_from(bounded)) or 0) >= recorded:
            inside: Any = exists().where(c.descendant_id == Conclusion.org_id, c.ancestor_id == root_id)
        else:
            inside = Conclusion.org_id.in_(select(c.descendant_id).where(c.ancestor_id == root_id))
        rows += session.scalars(select(Conclusion).where(inside, Conclusion.briefing_date <= as_of))
    else:
        listed = sorted(catchment(session, root_id, as_of))
        for i in range(0, len(listed), 5000):
            rows += session.scalars(select(Conclusion).where(
                Conclusion.org_id.in_(listed[i : i + 5000]), Conclusion.briefing_date <= as_of))
    if not rows:
        return []
    notes: dict[int, tuple[dt.date, str]] = {}
    for cid, day, note in session.execute(
        select(ConclusionNote.conclusion_id, ConclusionNote.noted_on, ConclusionNote.note)
        .where(ConclusionNote.conclusion_id.in_([r.id for r in rows]), ConclusionNote.closes.is_(True),
               ConclusionNote.noted_on <= as_of)
    ):
        notes[cid] = (day, note)
    orgs = orgs_by_id(session, {r.org_id for r in rows} | {r.briefing_org_id for r in rows})
    # Conclusions on the same organisation and period share one reading of the figures.
    figures = condition_figures(session, actor, rows, as_of, rules)
    out = []
    for r in rows:
        figure = goal = None
        done = False
        if r.condition is not None:
            figure, goal, done = figures[r.id]
        closed = notes.get(r.id)
        done = done or closed is not None
        status = ConclusionState.DONE if done else ConclusionState.OVERDUE if as_of > r.due else ConclusionState.OPEN
        org = orgs[r.org_id]
        cond = ConclusionCondition(r.condition) if r.condition else None
        out.append(ConclusionRow(
            id=r.id, briefing_date=r.briefing_date, briefing_org_code=orgs[r.briefing_org_id].code, org_id=r.org_id,
            org_code=org.code, org_name=org.name, text=r.text, due=r.due, condition=cond,
            period=Period(r.cond_from_year, r.cond_to_year) if r.cond_from_year is not None and r.cond_to_year is not None else None,
            status=status, figure=figure, goal=goal,
            closed_on=closed[0] if closed else None, note=closed[1] if closed else None,
        ))
    order = {ConclusionState.OVERDUE: 0, ConclusionState.OPEN: 1, ConclusionState.DONE: 2}
    out.sort(key=lambda c: (order[c.status], c.due, c.id))
    return out


def status_counts(rows: list[ConclusionRow]) -> dict[ConclusionState, int]:
    counts: dict[ConclusionState, int] = defaultdict(int)
    for r in rows:
        counts[r.status] += 1
    return {s: counts[s] for s in ConclusionState}


def read_conclusions(engine: Engine, actor: Actor, root_id: int, as_of: dt.date, rules: Rules | None = None) -> list[ConclusionRow]:
    """:func:`conclusions_for` for a person entitled to see ``root_id``."""
    with read_session(engine) as session:
        org = get_org_by_id(session, root_id)
        require_read(session, actor, root_id, org.code, as_of)
        return conclusions_for(session, actor, root_id, as_of, rules)
