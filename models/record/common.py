"""What every write operation shares: today's date, organisation and member checks, the
event writer and the result handed back to callers."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import i18n, removal_warnings
from models.access import Actor, require_write
from models.collation import name_sort_key
from models.enums import CELL_KINDS, AuditOutcome, EventKind
from models.errors import DomainError, NotFound
from models.membership import ROLL_KINDS, MemberState, member_events, replay
from models.record import messages as _messages  # noqa: F401  registers the catalogue
from models.rules import Rules, default_rules
from models.schema import Member, MemberEvent, Organisation, table_of
from models.tree import OrgInfo, get_org, get_org_by_id
from models.text_rules import check_text, check_values
from models.uow import insert_row


@dataclass(frozen=True)
class Recorded:
    """What an operation wrote: the row it is about and a sentence for people."""

    action: str
    target_table: str
    target_id: int
    message_key: str
    params: dict[str, Any] = field(default_factory=dict)
    event_ids: tuple[int, ...] = ()
    # What was recorded but is not as the rules want it (a deadline missed): message keys and
    # their parameters, said after the sentence of what was done.
    warnings: tuple[tuple[str, dict[str, Any]], ...] = ()

    def message(self, lang: str | None = None) -> str:
        done = i18n.t(self.message_key, lang, **self.params)
        return " ".join([done, *(i18n.t(key, lang, **params) for key, params in self.warnings)])


def today() -> dt.date:
    return dt.date.today()


def rules_or_default(rules: Rules | None) -> Rules:
    return rules if rules is not None else default_rules()


def clean_name(name: str, field_name: str = "full_name") -> str:
    """NFC, single spaces, no edges: one spelling per name, whatever the keyboard sent."""
    cleaned = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not cleaned:
        raise DomainError("record.name_blank", field=field_name)
    return check_text(cleaned, field_name)


def sort_key(name: str) -> str:
    return name_sort_key(name)


def check_past(day: dt.date, field_name: str = "date") -> None:
    now = today()
    if day > now:
        raise DomainError("record.date_in_future", field=field_name, day=day.isoformat(), today=now.isoformat())


def org_at(session: Session, code: str, day: dt.date, *, field_name: str = "org", cell: bool = False) -> OrgInfo:
    """The organisation ``code``, which must exist at ``day`` (and be a cell when asked)."""
    try:
        org = get_org(session, code)
    except NotFound as exc:
        raise NotFound("org.not_found", field=field_name, code=code) from exc
    check_org_valid(org, day, field_name)
    if cell:
        check_cell(org, field_name)
    return org


def org_by_id_at(session: Session, org_id: int, day: dt.date, *, field_name: str = "org", cell: bool = False) -> OrgInfo:
    org = get_org_by_id(session, org_id)
    check_org_valid(org, day, field_name)
    if cell:
        check_cell(org, field_name)
    return org


def check_org_valid(org: OrgInfo, day: dt.date, field_name: str = "org") -> None:
    if not org.valid_at(day):
        raise DomainError("org.not_valid_at", field=field_name, code=org.code, day=day.isoformat())


def check_cell(org: OrgInfo, field_name: str = "org") -> None:
    if org.kind not in CELL_KINDS:
        raise DomainError("record.not_a_cell", field=field_name, code=org.code, kind=i18n.label(org.kind))


def check_open(org: OrgInfo, field_name: str = "org") -> None:
    """Members put on the rolls of an organisation that has since ended would be stranded
    there (a merge moves only the members on its rolls when it is recorded)."""
    if org.valid_to is not None:
        raise DomainError("record.org_ended", field=field_name, code=org.code, end=org.valid_to.isoformat())


def writable_org(session: Session, actor: Actor, org: OrgInfo, day: dt.date) -> None:
    require_write(session, actor, org.id, org.code, day)


def lock_member(session: Session, member_id: int) -> Member:
    """The member row, locked until commit (PostgreSQL; SQLite already holds the write lock)."""
    member = session.scalar(select(Member).where(Member.id == member_id).with_for_update())
    if member is None:
        raise NotFound("record.member_not_found", field="member", member_id=member_id)
    return member


def state_for_event(
    session: Session, member_id: int, day: dt.date, kind: EventKind, rules: Rules
) -> tuple[MemberState, list[MemberEvent]]:
    """The member's state at ``day``, after refusing an event that would rewrite history:
    one dated before a later change of the rolls, or one of the same kind on the same day."""
    events = member_events(session, member_id)
    for ev in events:
        if ev.kind == kind and ev.event_date == day:
            raise DomainError(
                "record.duplicate_event", field="date", member_id=member_id, kind=i18n.label(kind), day=day.isoformat()
            )
    # A later change of the rolls was checked against the history without this event; an
    # event that changes the rolls (or the probation) may not slip in before it. A late-entered
    # recognition may still precede a transfer, which does not depend on it.
    guarded = ROLL_KINDS | {EventKind.RECOGNITION}
    later_roll = [
        ev
        for ev in events
        if ev.event_date > day
        and ev.kind in guarded
        and not (kind == EventKind.RECOGNITION and ev.kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT))
    ]
    if later_roll and kind in guarded:
        raise DomainError(
            "record.out_of_order",
            field="date",
            member_id=member_id,
            kind=i18n.label(kind),
            day=day.isoformat(),
            last=max(ev.event_date for ev in later_roll).isoformat(),
        )
    state = replay(member_id, events, day, rules)
    return state, events


def require_on_rolls(state: MemberState, day: dt.date) -> None:
    """The member must be on the rolls at ``day``; after an exit, say so."""
    if state.on_rolls:
        return
    if state.exit_kind is not None and state.exit_date is not None:
        raise DomainError(
            "record.membership_ended",
            field="member",
            member_id=state.member_id,
            exit=i18n.label(state.exit_kind),
            exit_date=state.exit_date.isoformat(),
        )
    raise DomainError("record.not_on_rolls", field="member", member_id=state.member_id, day=day.isoformat())


@dataclass(frozen=True)
class NewEvent:
    """A member event just written (by :func:`add_event`): the values it was given."""

    id: int
    member_id: int
    org_id: int
    kind: EventKind
    event_date: dt.date
    decision_no: str | None = None
    decided_by: str | None = None
    occasion: str | None = None
    youth_union: bool | None = None
    recommended_by: Any = None
    removal_ground: Any = None
    transfer_scope: Any = None
    counterpart_org_id: int | None = None
    counterpart_text: str | None = None
    ends_on: dt.date | None = None
    note: str | None = None
    recorded_by: int | None = None
    resolution_date: dt.date | None = None
    decision_date: dt.date | None = None
    over_age_decision: str | None = None
    transfer_reason: str | None = None
    exemption_kind: str | None = None
    probation_since: dt.date | None = None
    admission_decision: str | None = None


_INSERT_EVENT = insert(table_of(MemberEvent))


def add_event(session: Session, actor: Actor, **values: Any) -> NewEvent:
    """Write one member event (a Core insert: the trigger keeps the rollups current; a roll
    event recomputes the member's kept warnings, which follow the rolls)."""
    row = {"recorded_by": actor.user_id, **values}
    check_values(row)
    new = NewEvent(id=insert_row(session, _INSERT_EVENT, row), **row)
    if EventKind(row["kind"]) in ROLL_KINDS:
        removal_warnings.refresh_members(session, [row["member_id"]])
    return new


def event_dict(ev: MemberEvent | NewEvent) -> dict[str, Any]:
    """An event as the audit log keeps it."""
    out = {
        "id": ev.id,
        "member_id": ev.member_id,
        "org_id": ev.org_id,
        "kind": ev.kind,
        "event_date": ev.event_date,
    }
    for name in (
        "decision_no",
        "decided_by",
        "occasion",
        "youth_union",
        "recommended_by",
        "removal_ground",
        "transfer_scope",
        "counterpart_org_id",
        "counterpart_text",
        "ends_on",
        "note",
        "resolution_date",
        "decision_date",
        "over_age_decision",
        "transfer_reason",
        "exemption_kind",
        "probation_since",
        "admission_decision",
    ):
        value = getattr(ev, name)
        if value is not None:
            out[name] = value
    return out


def state_dict(state: MemberState) -> dict[str, Any]:
    return {
        "org_id": state.org_id,
        "on_rolls": state.on_rolls,
        "official": state.official,
        "exit_kind": state.exit_kind,
        "far_away": state.far_away,
        "exempt": state.exempt,
    }


def org_dict(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.id,
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "sector": org.sector,
        "valid_from": org.valid_from,
        "valid_to": org.valid_to,
        "successor_id": org.successor_id,
    }


OK = AuditOutcome.OK
