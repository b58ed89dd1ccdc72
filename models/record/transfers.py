"""Transfers: permanent ones move a member's count from one cell to another (or to or from
outside the database); temporary ones (3 months to under a year for residence or work, up to 2
years for full-time training) leave the count where it is."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import EventKind, Sex, TransferReason, TransferScope
from models.errors import DomainError
from models.record.common import (
    OK,
    Recorded,
    add_event,
    check_open,
    check_past,
    clean_name,
    event_dict,
    lock_member,
    org_at,
    org_by_id_at,
    require_on_rolls,
    rules_or_default,
    sort_key,
    state_dict,
    state_for_event,
    writable_org,
)
from models.rules import Rules, add_months
from models.schema import Member


def _destination(session: Session, to: str | None, to_outside: str | None, day: dt.date):  # type: ignore[no-untyped-def]
    if (to is None) == (not (to_outside or "").strip()):
        raise DomainError("record.transfer_destination", field="to")
    if to is not None:
        dest = org_at(session, to, day, field_name="to", cell=True)
        check_open(dest, "to")
        return dest, None
    return None, " ".join((to_outside or "").split())


def _source_and_destination(
    session: Session,
    actor: Actor,
    member_id: int,
    date: dt.date,
    to: str | None,
    to_outside: str | None,
    rules: Rules,
):  # type: ignore[no-untyped-def]
    """Checks shared by every transfer out: the member is on a cell's rolls at ``date``, the
    actor may write there, and the destination is another open cell or a name outside."""
    check_past(date)
    lock_member(session, member_id)
    state, _ = state_for_event(session, member_id, date, EventKind.TRANSFER_OUT, rules)
    require_on_rolls(state, date)
    assert state.org_id is not None
    source = org_by_id_at(session, state.org_id, date, field_name="from")
    writable_org(session, actor, source, date)
    dest, outside = _destination(session, to, to_outside, date)
    if dest is not None and dest.id == source.id:
        raise DomainError("record.transfer_same_org", field="to", code=dest.code)
    return state, source, dest, outside


def _write_out_and_in(session: Session, actor: Actor, source, dest, outside: str | None, common: dict):  # type: ignore[no-untyped-def]
    """The transfer_out at the source and, when the destination is in the database, the
    transfer_in there on the same date; returns the out event, the ids written and the events
    for the audit."""
    out = add_event(
        session, actor, org_id=source.id, kind=EventKind.TRANSFER_OUT,
        counterpart_org_id=dest.id if dest else None, counterpart_text=outside, **common,
    )
    ids, after = [out.id], [event_dict(out)]
    if dest is not None:
        inn = add_event(session, actor, org_id=dest.id, kind=EventKind.TRANSFER_IN, counterpart_org_id=source.id, **common)
        ids.append(inn.id)
        after.append(event_dict(inn))
    return out, ids, after


def transfer(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    to: str | None = None,
    to_outside: str | None = None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Permanent transfer (chuyển sinh hoạt chính thức): out of the member's cell and, on the
    same date, into the cell ``to``; or out of the database to ``to_outside``."""
    rules = rules_or_default(rules)
    state, source, dest, outside = _source_and_destination(session, actor, member_id, date, to, to_outside, rules)
    common = dict(
        member_id=member_id,
        event_date=date,
        transfer_scope=TransferScope.PERMANENT,
        decision_no=decision_no,
        decided_by=decided_by,
        note=note,
    )
    out, ids, after = _write_out_and_in(session, actor, source, dest, outside, common)
    audit(
        session, actor, "record.transfer", OK, "member_events", out.id, source.id,
        before=state_dict(state), after={"events": after},
    )
    return Recorded(
        "record.transfer",
        "member_events",
        out.id,
        "record.done.transfer",
        {
            "scope": i18n.label(TransferScope.PERMANENT),
            "member_id": member_id,
            "source": source.code,
            "dest": dest.code if dest else i18n.t("record.outside", None, text=outside),
            "day": date.isoformat(),
        },
        tuple(ids),
    )


def transfer_in_from_outside(
    session: Session,
    actor: Actor,
    *,
    org: str,
    date: dt.date,
    from_outside: str,
    member_id: int | None = None,
    full_name: str | None = None,
    sex: Sex | str | None = None,
    birth_date: dt.date | None = None,
    ethnicity: str | None = None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
    probationary: bool = False,
    probation_since: dt.date | None = None,
    admission_decision: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """A member joins a cell from an organisation outside the database: a person new to the
    database (name, sex, birth date, ethnicity) or one who transferred out earlier
    (``member_id``).

    A probationary member admitted elsewhere comes with ``probation_since`` (the day their
    probation began: the admission ceremony there) and ``admission_decision`` (the number and
    issuing body of the decision that admitted them, which their recognition refers to): from
    then on they are a probationary member of this catchment (models.rolls), due for
    recognition at the end of the probation, but no admission of it. ``probationary`` says the
    member comes as probationary (a form's choice): then both are required."""
    rules = rules_or_default(rules)
    check_past(date)
    decision = " ".join((admission_decision or "").split()) or None
    if probationary or probation_since is not None or decision is not None:
        check_probation_elsewhere(probation_since, decision, date, member_id, rules)
    cell = org_at(session, org, date, cell=True)
    check_open(cell)
    writable_org(session, actor, cell, date)
    origin = " ".join((from_outside or "").split())
    if not origin:
        raise DomainError("record.field_required", field="from")
    before = None
    if member_id is not None:
        lock_member(session, member_id)
        state, _ = state_for_event(session, member_id, date, EventKind.TRANSFER_IN, rules)
        if state.on_rolls:
            raise DomainError("record.already_member", field="member", member_id=member_id)
        if not state.transferred_out:
            if state.exit_kind is not None:
                require_on_rolls(state, date)
            raise DomainError("record.not_transferred_out", field="member", member_id=member_id)
        before = state_dict(state)
        mid = member_id
    else:
        if full_name is None or sex is None or birth_date is None or not (ethnicity or "").strip():
            missing = (
                "full_name" if full_name is None else "sex" if sex is None else "birth_date" if birth_date is None
                else "ethnicity"
            )
            raise DomainError("record.field_required", field=missing)
        name = clean_name(full_name)
        # No age limit: the member was admitted elsewhere, under the rules checked there.
        if birth_date > date:
            raise DomainError("record.born_after_date", field="birth_date", born=birth_date.isoformat(), day=date.isoformat())
        if probation_since is not None:
            check_age_at_probation(birth_date, probation_since, rules)
        member = Member(
            full_name=name, sort_key=sort_key(name), sex=Sex(sex), birth_date=birth_date,
            ethnicity=clean_name(ethnicity or "", "ethnicity"),
        )
        session.add(member)
        session.flush()
        mid = member.id
    ev = add_event(
        session, actor, member_id=mid, org_id=cell.id, kind=EventKind.TRANSFER_IN, event_date=date,
        transfer_scope=TransferScope.PERMANENT, counterpart_text=origin,
        decision_no=decision_no, decided_by=decided_by, note=note,
        probation_since=probation_since, admission_decision=decision,
    )
    audit(session, actor, "record.transfer_in", OK, "member_events", ev.id, cell.id, before=before, after=event_dict(ev))
    return Recorded(
        "record.transfer_in",
        "member_events",
        ev.id,
        "record.done.transfer",
        {
            "scope": i18n.label(TransferScope.PERMANENT),
            "member_id": mid,
            "source": i18n.t("record.outside", None, text=origin),
            "dest": cell.code,
            "day": date.isoformat(),
        },
        (ev.id,),
    )


def check_probation_elsewhere(since: dt.date | None, decision: str | None, date: dt.date, member_id: int | None,
                              rules: Rules) -> None:
    """A probation begun elsewhere, as a transfer in records it: a person new to the database
    (one who transferred out of it keeps the probation recorded here), the day it began and the
    admission decision both given, that day not in the future nor after the transfer, and the
    probation (of the months of the regulation in force on that day) still running on the day
    of the transfer: a member whose probation ended before is recognised where they were and
    comes in as an official member."""
    if member_id is not None:
        raise DomainError("record.probation_elsewhere_returning", field="probation_since", member_id=member_id)
    if since is None:
        raise DomainError("record.field_required", field="probation_since")
    if decision is None:
        raise DomainError("record.field_required", field="admission_decision")
    check_past(since, "probation_since")
    if since > date:
        raise DomainError("record.probation_after_transfer", field="probation_since", since=since.isoformat(),
                          day=date.isoformat())
    pr = rules.on(since).probation
    ends = add_months(since, pr.months)
    if ends <= date:
        raise DomainError("record.probation_elsewhere_over", field="probation_since", since=since.isoformat(),
                          months=pr.months, end=ends.isoformat(), day=date.isoformat(), regulation=pr.regulation)


def check_age_at_probation(birth_date: dt.date, since: dt.date, rules: Rules) -> None:
    """A probation begins at an admission, which the regulation of its day allows only from
    the admission age: a birth date that makes the member younger then is a typing error."""
    adm = rules.on(since).admission
    if add_months(birth_date, adm.min_age_years * 12) > since:
        raise DomainError("record.probation_elsewhere_too_young", field="birth_date", born=birth_date.isoformat(),
                          since=since.isoformat(), min=adm.min_age_years, regulation=adm.age_regulation)


def check_temporary_length(date: dt.date, ends_on: dt.date | None, reason: TransferReason | str | None, rules: Rules) -> TransferReason:
    """The length the regulation in force on ``date`` allows for the reason: from 3 months to
    under a year for a change of residence or work, up to 2 years only for full-time training."""
    tr = rules.on(date).transfer
    allowed = ", ".join(i18n.label(r) for r in TransferReason)
    try:
        why = TransferReason(reason) if reason is not None and str(reason).strip() else None
    except ValueError:
        why = None
    if why is None:
        raise DomainError("record.transfer_reason_required", field="reason", regulation=tr.regulation, allowed=allowed)
    if ends_on is None:
        raise DomainError("record.ends_on_required", field="ends_on", regulation=tr.regulation)
    shortest = add_months(date, tr.temporary_min_months)
    if why == TransferReason.FULL_TIME_TRAINING:
        if not shortest <= ends_on <= add_months(date, tr.training_max_months):
            raise DomainError(
                "record.temporary_training_length", field="ends_on", regulation=tr.regulation,
                min=tr.temporary_min_months, max=tr.training_max_months, day=date.isoformat(), ends_on=ends_on.isoformat(),
            )
    elif not shortest <= ends_on < add_months(date, tr.residence_or_work_below_months):
        raise DomainError(
            "record.temporary_length", field="ends_on", regulation=tr.regulation,
            min=tr.temporary_min_months, below=tr.residence_or_work_below_months, day=date.isoformat(),
            ends_on=ends_on.isoformat(),
        )
    return why


def temporary_transfer(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    ends_on: dt.date | None,
    reason: TransferReason | str | None = None,
    to: str | None = None,
    to_outside: str | None = None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Temporary transfer (chuyển sinh hoạt tạm thời), of a length that depends on the
    ``reason``: the member stays on the rolls of their cell; the host (in the database or
    not) does not count them."""
    rules = rules_or_default(rules)
    why = check_temporary_length(date, ends_on, reason, rules)
    state, source, host, outside = _source_and_destination(session, actor, member_id, date, to, to_outside, rules)
    common = dict(
        member_id=member_id, event_date=date, transfer_scope=TransferScope.TEMPORARY, ends_on=ends_on,
        transfer_reason=why.value, decision_no=decision_no, decided_by=decided_by, note=note,
    )
    out, ids, after = _write_out_and_in(session, actor, source, host, outside, common)
    audit(
        session, actor, "record.temporary_transfer", OK, "member_events", out.id, source.id,
        before=state_dict(state), after={"events": after},
    )
    return Recorded(
        "record.temporary_transfer",
        "member_events",
        out.id,
        "record.done.transfer",
        {
            "scope": i18n.label(TransferScope.TEMPORARY),
            "member_id": member_id,
            "source": source.code,
            "dest": host.code if host else i18n.t("record.outside", None, text=outside),
            "day": date.isoformat(),
        },
        tuple(ids),
    )
