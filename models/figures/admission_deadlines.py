"""The admission steps' deadlines at a day: what :func:`models.figures.problems.admission_overdue`
reads, collected as a state of :class:`models.figures.counts.Counts` by both sources.

The regulation's deadlines run on Vietnam's working days (:mod:`models.workdays`): the superior
committee decides within ``admission.decision_working_days`` of the cell's resolution, the
ceremony follows within ``admission.ceremony_working_days`` of the decision, each deadline as
the rules stood on the day its step began. Two kinds of case:

* **pending**: a candidate whose latest stage at the day is the cell's resolution (no decision
  yet) or the committee's decision (no ceremony yet), past its deadline at the day;
* **late**: an admission held in the period (up to the day) whose decision or ceremony came
  after its deadline (what the record operation said when it was recorded).

Each case is a plain tuple (the dashboard's start snapshot writes a reason's parameters as
JSON): ``(step, name, began, due, done, working_days)``, ``step`` "decision" or "ceremony",
dates ISO, ``done`` "" while pending, ``working_days`` from ``began`` to ``done`` (or to the day).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.enums import CandidateStage, EventKind
from models.figures.counts import Counts
from models.figures.sql import narrowed, org_filter, stage_subquery
from models.rules import Rules
from models.schema import Candidate, CandidateEvent, Member, MemberEvent
from models.workdays import add_working_days, working_days_between

#: One case: (step, name, began, due, done, working days).
Case = tuple[str, str, str, str, str, int]


def _due(step: str, began: dt.date, rules: Rules) -> dt.date:
    adm = rules.on(began).admission
    n = adm.decision_working_days if step == "decision" else adm.ceremony_working_days
    return add_working_days(began, n)


def pending_case(step: str, name: str, began: dt.date, as_of: dt.date, rules: Rules) -> Case | None:
    """The case of a step begun on ``began`` and not done by ``as_of``, when past its deadline."""
    due = _due(step, began, rules)
    if as_of <= due:
        return None
    return (step, name, began.isoformat(), due.isoformat(), "", working_days_between(began, as_of))


def late_case(step: str, name: str, began: dt.date, done: dt.date, rules: Rules) -> Case | None:
    """The case of a step begun on ``began`` and done on ``done``, when done after its deadline."""
    due = _due(step, began, rules)
    if done <= due:
        return None
    return (step, name, began.isoformat(), due.isoformat(), done.isoformat(), working_days_between(began, done))


def collect_admission_deadlines(session: Session, ids: Any, wanted: set[int], as_of: dt.date, since: dt.date | None,
                                rules: Rules, raw: dict[int, Counts]) -> None:
    """The cases of each of ``ids`` alone (its own candidates and admissions) at ``as_of``;
    late admissions held from ``since`` (the period's start; none when None)."""
    found: dict[int, list[tuple[str, Case]]] = {}
    # Pending: the latest stage at the day is the resolution or the decision.
    mine = select(Candidate.id).where(org_filter(Candidate.org_id, ids)) if narrowed(ids) else None
    stage = stage_subquery(as_of, mine)
    began = (
        select(CandidateEvent.candidate_id, CandidateEvent.stage, CandidateEvent.event_date)
        .where(CandidateEvent.event_date <= as_of,
               CandidateEvent.stage.in_([CandidateStage.CELL_RESOLUTION, CandidateStage.COMMITTEE_DECISION]))
        .subquery("began")
    )
    q = (
        select(Candidate.org_id, Candidate.full_name, Candidate.sort_key, stage.c.stage, began.c.event_date)
        .join(stage, stage.c.candidate_id == Candidate.id)
        .join(began, (began.c.candidate_id == Candidate.id) & (began.c.stage == stage.c.stage))
        .where(stage.c.stage.in_([CandidateStage.CELL_RESOLUTION, CandidateStage.COMMITTEE_DECISION]),
               org_filter(Candidate.org_id, ids))
    )
    latest: dict[tuple[int, str, str, str], dt.date] = {}
    for org, name, key, st, day in session.execute(q):
        if org in wanted:
            k = (org, name, key, str(st))
            latest[k] = max(day, latest.get(k, day))
    for (org, name, key, st), day in latest.items():
        step = "decision" if st == CandidateStage.CELL_RESOLUTION else "ceremony"
        if (case := pending_case(step, name, day, as_of, rules)) is not None:
            found.setdefault(org, []).append((key, case))
    # Late: admissions held in the period whose steps ran past their deadlines.
    if since is not None and since <= as_of:
        q2 = (
            select(MemberEvent.org_id, Member.full_name, Member.sort_key, MemberEvent.resolution_date,
                   MemberEvent.decision_date, MemberEvent.event_date)
            .join(Member, Member.id == MemberEvent.member_id)
            .where(MemberEvent.kind == EventKind.ADMISSION, MemberEvent.event_date >= since,
                   MemberEvent.event_date <= as_of,
                   or_(MemberEvent.resolution_date.is_not(None), MemberEvent.decision_date.is_not(None)),
                   org_filter(MemberEvent.org_id, ids))
        )
        for org, name, key, resolved, decided, held in session.execute(q2):
            if org not in wanted:
                continue
            late: list[Case | None] = []
            if resolved is not None and decided is not None:
                late.append(late_case("decision", name, resolved, decided, rules))
            if decided is not None:
                late.append(late_case("ceremony", name, decided, held, rules))
            found.setdefault(org, []).extend((key, c) for c in late if c is not None)
    for org, cases in found.items():
        cases.sort(key=lambda kc: (kc[1][2], kc[0], kc[1][0]))
        raw[org].admission_deadlines += tuple(c for _, c in cases)


__all__ = ["Case", "collect_admission_deadlines", "late_case", "pending_case"]
