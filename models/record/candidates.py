"""The candidate pipeline: a candidate is created at ``identified`` and moves forward stage by
stage; ``dropped`` may come from any stage; ``admitted`` comes with the admission itself."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import CANDIDATE_STAGE_ORDER, CandidateSource, CandidateStage, Sex
from models.errors import DomainError, NotFound
from models.membership import member_state
from models.record.common import OK, Recorded, check_past, clean_name, org_at, org_by_id_at, rules_or_default, sort_key, writable_org
from models.rules import Rules, add_months
from models.schema import Candidate, CandidateEvent
from models.tree import OrgInfo

FINAL_STAGES = frozenset({CandidateStage.ADMITTED, CandidateStage.DROPPED})


def _lock_candidate(session: Session, candidate_id: int) -> Candidate:
    cand = session.scalar(select(Candidate).where(Candidate.id == candidate_id).with_for_update())
    if cand is None:
        raise NotFound("record.candidate_not_found", field="candidate", candidate_id=candidate_id)
    return cand


def _events(session: Session, candidate_id: int) -> list[CandidateEvent]:
    return list(
        session.scalars(
            select(CandidateEvent)
            .where(CandidateEvent.candidate_id == candidate_id)
            .order_by(CandidateEvent.event_date, CandidateEvent.id)
        )
    )


def _event(candidate: Candidate, stage: CandidateStage, day: dt.date, rules: Rules, actor: Actor, note: str | None) -> CandidateEvent:
    expiry = None
    if stage == CandidateStage.CLASS_ATTENDED:
        expiry = add_months(day, rules.awareness_class.certificate_valid_years * 12)
    return CandidateEvent(
        candidate_id=candidate.id, stage=stage, event_date=day, certificate_expiry=expiry, note=note, recorded_by=actor.user_id
    )


def create_candidate(
    session: Session,
    actor: Actor,
    *,
    org: str,
    date: dt.date,
    full_name: str,
    sex: Sex | str,
    birth_date: dt.date,
    source: CandidateSource | str = CandidateSource.CELL,
    helper_member_id: int | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """A cell lists an outstanding non-member (stage ``identified``), with a helper."""
    rules = rules_or_default(rules)
    check_past(date)
    cell = org_at(session, org, date, cell=True)
    writable_org(session, actor, cell, date)
    name = clean_name(full_name)
    if birth_date > date:
        raise DomainError("record.born_after_date", field="birth_date", born=birth_date.isoformat(), day=date.isoformat())
    if helper_member_id is not None:
        helper = member_state(session, helper_member_id, date, rules)
        if not helper.official:
            raise DomainError("record.helper_not_member", field="helper", member_id=helper_member_id, day=date.isoformat())
    cand = Candidate(
        org_id=cell.id, full_name=name, sort_key=sort_key(name), sex=Sex(sex), birth_date=birth_date,
        source=CandidateSource(source), helper_member_id=helper_member_id, recorded_by=actor.user_id,
    )
    session.add(cand)
    session.flush()
    ev = _event(cand, CandidateStage.IDENTIFIED, date, rules, actor, note)
    session.add(ev)
    session.flush()
    after = {"org_id": cell.id, "full_name": name, "source": cand.source, "stage": ev.stage, "event_date": date}
    audit(session, actor, "record.candidate", OK, "candidates", cand.id, cell.id, after=after)
    return Recorded(
        "record.candidate", "candidates", cand.id, "record.done.candidate",
        {"name": name, "candidate_id": cand.id, "stage": i18n.label(CandidateStage.IDENTIFIED), "day": date.isoformat()},
        (ev.id,),
    )


def _check_stage(candidate_id: int, events: list[CandidateEvent], stage: CandidateStage, day: dt.date) -> CandidateStage:
    current = CandidateStage(events[-1].stage)
    if current in FINAL_STAGES:
        raise DomainError("record.candidate_closed", field="candidate", candidate_id=candidate_id, current=i18n.label(current))
    if day < events[-1].event_date:
        raise DomainError(
            "record.stage_order", field="date", candidate_id=candidate_id,
            current=i18n.label(current), stage=i18n.label(stage),
        )
    # Forward one stage at a time (no certificate, no dossier...); dropping is always possible.
    if stage != CandidateStage.DROPPED and CANDIDATE_STAGE_ORDER.index(stage) != CANDIDATE_STAGE_ORDER.index(current) + 1:
        raise DomainError(
            "record.stage_order", field="stage", candidate_id=candidate_id,
            current=i18n.label(current), stage=i18n.label(stage),
        )
    return current


def candidate_stage(
    session: Session,
    actor: Actor,
    *,
    candidate_id: int,
    stage: CandidateStage | str,
    date: dt.date,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Move a candidate to the next stage of the pipeline, or drop them from any stage."""
    rules = rules_or_default(rules)
    stage = CandidateStage(stage)
    if stage == CandidateStage.ADMITTED:
        raise DomainError("record.candidate_admit_via_admission", field="stage")
    check_past(date)
    cand = _lock_candidate(session, candidate_id)
    org = org_by_id_at(session, cand.org_id, date)
    writable_org(session, actor, org, date)
    events = _events(session, candidate_id)
    current = _check_stage(candidate_id, events, stage, date)
    ev = _event(cand, stage, date, rules, actor, note)
    session.add(ev)
    session.flush()
    audit(
        session, actor, "record.candidate_stage", OK, "candidate_events", ev.id, org.id,
        before={"stage": current}, after={"stage": stage, "event_date": date, "certificate_expiry": ev.certificate_expiry},
    )
    return Recorded(
        "record.candidate_stage", "candidate_events", ev.id, "record.done.candidate",
        {"name": cand.full_name, "candidate_id": cand.id, "stage": i18n.label(stage), "day": date.isoformat()},
        (ev.id,),
    )


def mark_admitted(session: Session, actor: Actor, candidate_id: int, member_id: int, cell: OrgInfo, day: dt.date) -> None:
    """Called by the admission: the candidate reaches ``admitted`` and points to the member."""
    cand = _lock_candidate(session, candidate_id)
    writable_org(session, actor, org_by_id_at(session, cand.org_id, day), day)
    events = _events(session, candidate_id)
    _check_stage(candidate_id, events, CandidateStage.ADMITTED, day)
    cand.member_id = member_id
    session.add(CandidateEvent(candidate_id=cand.id, stage=CandidateStage.ADMITTED, event_date=day, recorded_by=actor.user_id))
    session.flush()
