"""Party cards (thẻ đảng viên, issue 18): recording a card issued to a member, in the
append-only table ``party_cards`` (migration 0019, table in models/office_schema.py).

A card is issued to an official member (Quy định 24-QĐ/TW: the card is given after the
recognition as official), so the day of issue may not come before the recognition of the
running spell, and the member must be on the rolls that day. A number belongs to one member;
the same member may be issued a card again (lost, damaged) on another day, with the same number
or a new one. ``members.card_no`` keeps the number of the member's latest card.

The figures (cards issued in a period, official members awaiting a card) are
:mod:`models.figures.cards`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import AuditOutcome
from models.errors import DomainError
from models.membership import member_events, replay
from models.office_schema import PartyCard
from models.record.common import Recorded, check_past, lock_member, org_by_id_at, require_on_rolls, writable_org
from models.rules import Rules, default_rules
from models.schema import Member
from models.text_rules import check_values

i18n.register(
    {
        "card.number_required": (
            "Cấp thẻ đảng viên cho đảng viên {member_id} cần số thẻ (--number).",
            "Issuing a Party card to member {member_id} needs the card's number (--number).",
        ),
        "card.not_official": (
            "Đảng viên {member_id} chưa là đảng viên chính thức ngày {day}: thẻ đảng viên chỉ cấp cho đảng viên chính thức.",
            "Member {member_id} is not an official member on {day}: Party cards are issued to official members only.",
        ),
        "card.before_recognition": (
            "Ngày cấp thẻ {day} trước ngày công nhận đảng viên chính thức của đảng viên {member_id} ({recognised}).",
            "The card's date {day} is before member {member_id} was recognised as official ({recognised}).",
        ),
        "card.number_taken": (
            "Số thẻ «{number}» đã cấp cho đảng viên {holder}; mỗi số thẻ chỉ của một đảng viên.",
            "Card number '{number}' belongs to member {holder}; a card number belongs to one member only.",
        ),
        "card.duplicate": (
            "Đảng viên {member_id} đã có thẻ cấp ngày {day}.",
            "Member {member_id} already has a card issued on {day}.",
        ),
        "card.done": (
            "Đã ghi cấp thẻ đảng viên số {number} cho đảng viên {member_id} tại «{org}» ngày {day}.",
            "Recorded Party card {number} issued to member {member_id} at '{org}' on {day}.",
        ),
    }
)


def issue_card(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    number: str | None,
    date: dt.date,
    decision_no: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Record the Party card ``number`` issued to ``member_id`` on ``date`` (by the decision
    ``decision_no`` when the office records one), at the organisation whose rolls they are on."""
    number = " ".join((number or "").split())
    if not number:
        raise DomainError("card.number_required", field="number", member_id=member_id)
    check_past(date)
    member = lock_member(session, member_id)
    state = replay(member_id, member_events(session, member_id), date, rules or default_rules())
    require_on_rolls(state, date)
    if state.admitted_on is not None and state.recognised_on is not None and date < state.recognised_on:
        raise DomainError("card.before_recognition", field="date", member_id=member_id, day=date.isoformat(),
                          recognised=state.recognised_on.isoformat())
    if not state.official:
        raise DomainError("card.not_official", field="member", member_id=member_id, day=date.isoformat())
    assert state.org_id is not None
    org = org_by_id_at(session, state.org_id, date)
    writable_org(session, actor, org, date)
    holder = session.scalar(
        select(PartyCard.member_id).where(PartyCard.card_no == number, PartyCard.member_id != member_id).limit(1)
    ) or session.scalar(select(Member.id).where(Member.card_no == number, Member.id != member_id))
    if holder is not None:
        raise DomainError("card.number_taken", field="number", number=number, holder=holder)
    if session.scalar(select(PartyCard.id).where(PartyCard.member_id == member_id, PartyCard.issued_on == date)):
        raise DomainError("card.duplicate", field="date", member_id=member_id, day=date.isoformat())
    values: dict[str, object] = {
        "card_no": number,
        "decision_no": " ".join(decision_no.split()) if decision_no and decision_no.strip() else None,
    }
    check_values(values)
    row = PartyCard(member_id=member_id, org_id=org.id, issued_on=date, recorded_by=actor.user_id, **values)
    session.add(row)
    before = member.card_no
    later = session.scalar(select(PartyCard.id).where(PartyCard.member_id == member_id, PartyCard.issued_on > date).limit(1))
    if later is None:  # the latest card's number is the member's
        member.card_no = number
    session.flush()
    audit(session, actor, "record.card", AuditOutcome.OK, "party_cards", row.id, org.id,
          before={"card_no": before} if before else None,
          after={"member_id": member_id, "issued_on": date, **{k: v for k, v in values.items() if v}})
    return Recorded("record.card", "party_cards", row.id, "card.done",
                    {"number": number, "member_id": member_id, "org": org.code, "day": date.isoformat()})


def member_cards(session: Session, member_id: int) -> list[PartyCard]:
    """One member's cards, oldest first (those with no recorded day first)."""
    return list(session.scalars(select(PartyCard).where(PartyCard.member_id == member_id)
                                .order_by(PartyCard.issued_on.is_not(None), PartyCard.issued_on, PartyCard.id)))


__all__ = ["PartyCard", "issue_card", "member_cards"]
