"""Regulation 213-QĐ/TW: a working member's link to the organisation where they live, and
what happens on it (letter, registration, exemption, yearly comments, end)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import ResidenceEventKind
from models.errors import DomainError, NotFound
from models.membership import member_state
from models.record.common import OK, Recorded, check_past, lock_member, org_at, org_by_id_at, rules_or_default, writable_org
from models.rules import Rules
from models.schema import ResidenceEvent, ResidenceLink

COMMENT_KINDS = frozenset({ResidenceEventKind.COMMENT_REQUESTED, ResidenceEventKind.COMMENT_RETURNED})


def create_link(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    residence: str,
    date: dt.date,
    workplace: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Start following a working member's contact with the residence organisation. The
    workplace is the member's own cell at the date."""
    rules = rules_or_default(rules)
    check_past(date)
    lock_member(session, member_id)
    state = member_state(session, member_id, date, rules)
    if not state.on_rolls or state.org_id is None:
        raise DomainError("record.not_on_rolls", field="member", member_id=member_id, day=date.isoformat())
    work = org_by_id_at(session, state.org_id, date, field_name="workplace")
    if workplace is not None and workplace != work.code:
        raise DomainError("record.link_workplace", field="workplace", member_id=member_id, code=workplace, day=date.isoformat())
    writable_org(session, actor, work, date)
    home = org_at(session, residence, date, field_name="residence")
    if home.id == work.id:
        raise DomainError("record.transfer_same_org", field="residence", code=home.code)
    open_link = session.scalar(
        select(ResidenceLink).where(ResidenceLink.member_id == member_id, ResidenceLink.ended_on.is_(None))
    )
    if open_link is not None:
        raise DomainError("record.link_exists", field="member", member_id=member_id, link_id=open_link.id)
    link = ResidenceLink(member_id=member_id, workplace_org_id=work.id, residence_org_id=home.id, started_on=date)
    session.add(link)
    session.flush()
    after = {"member_id": member_id, "workplace_org_id": work.id, "residence_org_id": home.id, "started_on": date}
    audit(session, actor, "record.r213_link", OK, "residence_links", link.id, work.id, after=after)
    return Recorded(
        "record.r213_link", "residence_links", link.id, "record.done.residence",
        {"link_id": link.id, "kind": i18n.t("record.what.created"), "day": date.isoformat()},
    )


def residence_event(
    session: Session,
    actor: Actor,
    *,
    link_id: int,
    kind: ResidenceEventKind | str,
    date: dt.date,
    year: int | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Record something that happened on a link. Comments belong to a rating year; returned
    comments need a request for the same year first; nothing follows the end of a link."""
    rules = rules_or_default(rules)
    r213 = rules.on(date).regulation_213
    kind = ResidenceEventKind(kind)
    # Requests are the workplace's duty (Article 3, clause 4), comments the residence
    # organisation's (Article 4).
    reg = r213.residence_duties_regulation if kind == ResidenceEventKind.COMMENT_RETURNED else r213.comment_request_regulation
    check_past(date)
    link = session.scalar(select(ResidenceLink).where(ResidenceLink.id == link_id).with_for_update())
    if link is None:
        raise NotFound("record.link_not_found", field="link", link_id=link_id)
    work = org_by_id_at(session, link.workplace_org_id, date, field_name="workplace")
    writable_org(session, actor, work, date)
    if link.ended_on is not None:
        raise DomainError("record.link_ended", field="link", link_id=link_id, ended_on=link.ended_on.isoformat())
    if date < link.started_on:
        raise DomainError(
            "record.link_before_start", field="date", link_id=link_id, started_on=link.started_on.isoformat(), day=date.isoformat()
        )
    if kind in COMMENT_KINDS:
        if year is None:
            raise DomainError("record.year_required", field="year", regulation=reg)
        # A request goes out for the year being rated, during it or early the next year.
        if not date.year - 1 <= year <= date.year:
            raise DomainError("record.comment_year", field="year", regulation=reg, year=year, day=date.isoformat())
    else:
        year = None
    if kind == ResidenceEventKind.COMMENT_RETURNED:
        requested = session.scalar(
            select(ResidenceEvent.id).where(
                ResidenceEvent.link_id == link_id,
                ResidenceEvent.kind == ResidenceEventKind.COMMENT_REQUESTED,
                ResidenceEvent.year == year,
                ResidenceEvent.event_date <= date,
            )
        )
        if requested is None:
            raise DomainError("record.comment_not_requested", field="kind", regulation=reg, year=year, link_id=link_id)
    duplicate = session.scalar(
        select(ResidenceEvent.id).where(
            ResidenceEvent.link_id == link_id, ResidenceEvent.kind == kind, ResidenceEvent.event_date == date
        )
    )
    if duplicate is not None:
        raise DomainError(
            "record.duplicate_event", field="date", member_id=link.member_id, kind=i18n.label(kind), day=date.isoformat()
        )
    ev = ResidenceEvent(link_id=link_id, kind=kind, event_date=date, year=year, note=note, recorded_by=actor.user_id)
    session.add(ev)
    if kind == ResidenceEventKind.ENDED:
        if date <= link.started_on:
            raise DomainError(
                "record.link_before_start", field="date", link_id=link_id, started_on=link.started_on.isoformat(), day=date.isoformat()
            )
        link.ended_on = date
    session.flush()
    audit(
        session, actor, "record.r213_event", OK, "residence_events", ev.id, work.id,
        after={"link_id": link_id, "kind": kind, "event_date": date, "year": year},
    )
    return Recorded(
        "record.r213_event", "residence_events", ev.id, "record.done.residence",
        {"link_id": link_id, "kind": i18n.label(kind), "day": date.isoformat()},
        (ev.id,),
    )
