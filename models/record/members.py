"""What happens to a member: admission (and readmission), recognition and the ends of
membership (exemption and work far away are in :mod:`models.record.absence`). Each call is one unit of work: checks, the event,
one audit row."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import EventKind, MassOrg, RemovalGround, Sex
from models.errors import DomainError
from models.membership import MemberState
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
from models.rules import Rules, add_months, age_in_months
from models.schema import Member, MemberEvent, table_of
from models.tree import OrgInfo
from models.text_rules import check_values
from models.uow import insert_row

_INSERT_MEMBER = insert(table_of(Member))


@dataclass(frozen=True)
class NewMember:
    """A person just written by an admission: what the rest of it reads."""

    id: int
    full_name: str
    sex: Sex
    birth_date: dt.date


def check_age(
    birth_date: dt.date, day: dt.date, rules: Rules, over_age_decision: str | None = None, basis: str = "resolution"
) -> None:
    """18 to 60 years on ``day`` (the cell's resolution to admit), counted in completed months
    (both ends included). Over the maximum only with the decision of the level the regulation
    names (``over_age_decision``, its number); under the minimum never."""
    adm = rules.on(day).admission
    if birth_date > day:
        raise DomainError("record.born_after_date", field="birth_date", born=birth_date.isoformat(), day=day.isoformat())
    months = age_in_months(birth_date, day)
    if months > adm.max_age_years * 12 and over_age_decision:
        return
    if not adm.min_age_years * 12 <= months <= adm.max_age_years * 12:
        over = months > adm.max_age_years * 12
        raise DomainError(
            "record.age_over_max" if over else "record.age_out_of_range",
            field="over_age_decision" if over else "birth_date",
            regulation=adm.age_regulation,
            years=months // 12,
            months=months % 12,
            min=adm.min_age_years,
            max=adm.max_age_years,
            level=adm.over_age_decided_by,
            day=day.isoformat(),
            basis=i18n.t(f"record.age_basis.{basis}"),
        )


#: What may be recorded of the circumstances of a former member's exit (readmission bars).
EXIT_CIRCUMSTANCES = ("family_hardship", "serious_disunity", "corruption_conviction", "serious_crime_conviction")


def _same_name(a: str, b: str) -> bool:
    def key(name: str) -> str:
        return " ".join(unicodedata.normalize("NFC", name).casefold().split())

    return key(a) == key(b)


def check_not_recorded(session: Session, name: str, birth_date: dt.date, day: dt.date, cell: OrgInfo) -> None:
    """The same person (the name compared in NFC, whatever the case and spacing, and the birth
    date) admitted to the same cell on the same day is one admission, already recorded."""
    found = session.execute(
        select(Member.id, Member.full_name)
        .join(MemberEvent, MemberEvent.member_id == Member.id)
        .where(
            Member.birth_date == birth_date,
            MemberEvent.kind == EventKind.ADMISSION,
            MemberEvent.event_date == day,
            MemberEvent.org_id == cell.id,
        )
    ).all()
    for member_id, stored in found:
        if _same_name(stored, name):
            raise DomainError(
                "record.duplicate_admission", field="full_name", name=name, born=birth_date.isoformat(),
                org=cell.code, day=day.isoformat(), member_id=member_id,
            )


def check_readmission(state: MemberState, day: dt.date, rules: Rules, circumstances: tuple[str, ...] = ()) -> None:
    """The bars the regulation in force on ``day`` lists: removal for abandoned activities; a
    leave on request, unless for special family hardship; serious disunity; a sentence for
    corruption or a serious crime. Expulsion and a returned card are not bars by themselves."""
    ra = rules.on(day).readmission
    mid = state.member_id
    if state.on_rolls:
        raise DomainError("record.already_member", field="member", member_id=mid)
    if not state.ever_member:
        raise DomainError("record.readmit_never_member", field="member", member_id=mid)
    if state.exit_kind is None:
        raise DomainError("record.readmit_transferred", field="member", member_id=mid)
    if state.exit_kind == EventKind.DEATH:
        raise DomainError("record.readmit_dead", field="member", member_id=mid)
    unknown = [c for c in circumstances if c not in EXIT_CIRCUMSTANCES]
    if unknown:
        raise DomainError(
            "record.unknown_circumstance", field="exit_circumstances", value=unknown[0],
            allowed=", ".join(i18n.t(f"exit_circumstance.{c}") for c in EXIT_CIRCUMSTANCES),
        )
    if state.exit_kind.value in ra.barred_exits and not set(circumstances) & set(ra.exit_exceptions):
        raise DomainError(
            "record.readmit_excluded_exit", field="member", regulation=ra.regulation, exit=i18n.label(state.exit_kind)
        )
    if state.removal_ground is not None and state.removal_ground.value in ra.barred_grounds:
        raise DomainError(
            "record.readmit_excluded_ground",
            field="member",
            regulation=ra.regulation,
            ground=i18n.label(state.removal_ground),
        )
    barred = [c for c in circumstances if c in ra.barred_circumstances]
    if barred:
        raise DomainError(
            "record.readmit_excluded_circumstance", field="exit_circumstances", regulation=ra.regulation,
            circumstance=i18n.t(f"exit_circumstance.{barred[0]}"),
        )
    assert state.exit_date is not None
    earliest = add_months(state.exit_date, ra.min_months_after_exit)
    if day < earliest:
        raise DomainError(
            "record.readmit_too_soon",
            field="date",
            regulation=ra.regulation,
            months=ra.min_months_after_exit,
            exit_date=state.exit_date.isoformat(),
            earliest=earliest.isoformat(),
        )
    readmissions = state.admissions - 1
    if readmissions >= ra.max_times:
        raise DomainError(
            "record.readmit_too_many",
            field="member",
            regulation=ra.regulation,
            member_id=mid,
            times=readmissions,
            max=ra.max_times,
        )


def admission_steps(
    date: dt.date, resolution_date: dt.date | None, decision_date: dt.date | None, rules: Rules
) -> tuple[tuple[str, dict], ...]:
    """Check the order of the cell's resolution, the superior committee's decision and the
    ceremony, and return the deadlines that were missed (each as a message key and its
    parameters): the decision later than the working days allowed after the resolution, the
    ceremony later than those allowed after the decision, each under the regulation in force
    on the day the time began to run."""
    from models.workdays import add_working_days, working_days_between

    if resolution_date is not None and resolution_date > (decision_date or date):
        raise DomainError(
            "record.steps_order", field="resolution_date", first=resolution_date.isoformat(),
            then=(decision_date or date).isoformat(),
        )
    if decision_date is not None and decision_date > date:
        raise DomainError("record.steps_order", field="decision_date", first=decision_date.isoformat(), then=date.isoformat())
    late: list[tuple[str, dict]] = []
    if resolution_date is not None and decision_date is not None:
        adm = rules.on(resolution_date).admission
        days = working_days_between(resolution_date, decision_date)
        if days > adm.decision_working_days:
            late.append(("record.late.decision", {
                "days": days, "limit": adm.decision_working_days, "from": resolution_date.isoformat(),
                "due": add_working_days(resolution_date, adm.decision_working_days).isoformat(),
                "regulation": adm.decision_regulation,
            }))
    if decision_date is not None:
        adm = rules.on(decision_date).admission
        days = working_days_between(decision_date, date)
        if days > adm.ceremony_working_days:
            late.append(("record.late.ceremony", {
                "days": days, "limit": adm.ceremony_working_days, "from": decision_date.isoformat(),
                "due": add_working_days(decision_date, adm.ceremony_working_days).isoformat(),
                "regulation": adm.ceremony_regulation,
            }))
    return tuple(late)


def admission(
    session: Session,
    actor: Actor,
    *,
    org: str,
    date: dt.date,
    full_name: str | None = None,
    sex: Sex | str | None = None,
    birth_date: dt.date | None = None,
    member_id: int | None = None,
    youth_union: bool = False,
    recommended_by: MassOrg | str | None = None,
    occasion: str | None = None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    ethnicity: str | None = None,
    residence: str | None = None,
    card_no: str | None = None,
    candidate_id: int | None = None,
    note: str | None = None,
    resolution_date: dt.date | None = None,
    decision_date: dt.date | None = None,
    over_age_decision: str | None = None,
    exit_circumstances: tuple[str, ...] | list[str] = (),
    rules: Rules | None = None,
    religion: str | None = None,
    education_level: str | None = None,
    professional_level: str | None = None,
    theory_level: str | None = None,
) -> Recorded:
    """Admit a new person (name, sex, birth date, ethnicity) or readmit a former member
    (``member_id``).

    The joining date is the ceremony date (``date``). Age is counted at the cell's resolution
    (``resolution_date``; the ceremony when it is not known); over the maximum age the
    decision of the level the regulation names is recorded (``over_age_decision``). The
    superior committee's decision (``decision_date``) and the resolution are stored with the
    ceremony, and a missed deadline between them is recorded and said. When no occasion is
    given and the ceremony falls on one of the occasions in the rules, that occasion is stored.
    A new person's make-up fields (religion, education, professional and theory levels) are
    stored when given (:mod:`models.record.makeup`), else left not recorded.
    """
    from models.record.makeup import parse_member_fields

    rules = rules_or_default(rules)
    makeup = parse_member_fields({"religion": religion, "education_level": education_level,
                                  "professional_level": professional_level, "theory_level": theory_level})
    late = admission_steps(date, resolution_date, decision_date, rules)
    age_day = resolution_date or date
    basis = "resolution" if resolution_date else "ceremony"
    over_age_decision = " ".join(over_age_decision.split()) if over_age_decision else None
    check_past(date)
    cell = org_at(session, org, date, cell=True)
    check_open(cell)
    writable_org(session, actor, cell, date)
    before = None
    member: Member | NewMember
    if member_id is not None:
        member = lock_member(session, member_id)
        state, _ = state_for_event(session, member_id, date, EventKind.ADMISSION, rules)
        check_readmission(state, date, rules, tuple(exit_circumstances))
        check_age(member.birth_date, age_day, rules, over_age_decision, basis)
        before = state_dict(state)
    else:
        if full_name is None or sex is None or birth_date is None:
            missing = "full_name" if full_name is None else "sex" if sex is None else "birth_date"
            raise DomainError("record.field_required", field=missing)
        name = clean_name(full_name)
        check_age(birth_date, age_day, rules, over_age_decision, basis)
        # Asked for, never assumed: the office records each person's own ethnicity.
        if ethnicity is None or not ethnicity.strip():
            raise DomainError("record.field_required", field="ethnicity")
        check_not_recorded(session, name, birth_date, date, cell)
        person = {
            "full_name": name,
            "sort_key": sort_key(name),
            "sex": Sex(sex),
            "birth_date": birth_date,
            "ethnicity": clean_name(ethnicity, "ethnicity"),
            "residence": " ".join(residence.split()) if residence else None,
            "card_no": card_no.strip() if card_no else None,
        }
        check_values(person)
        person.update(makeup)
        member = NewMember(insert_row(session, _INSERT_MEMBER, person), name, Sex(sex), birth_date)
    if occasion is None:
        found = rules.admission.occasion_on(date)
        occasion = found.name if found else None
    elif not occasion.strip():
        occasion = None
    ev = add_event(
        session,
        actor,
        member_id=member.id,
        org_id=cell.id,
        kind=EventKind.ADMISSION,
        event_date=date,
        decision_no=decision_no,
        decided_by=decided_by,
        occasion=occasion.strip() if occasion else None,
        youth_union=bool(youth_union),
        recommended_by=MassOrg(recommended_by) if recommended_by else None,
        resolution_date=resolution_date,
        decision_date=decision_date,
        over_age_decision=over_age_decision,
        note=note,
    )
    if candidate_id is not None:
        from models.record.candidates import mark_admitted

        mark_admitted(session, actor, candidate_id, member.id, cell, date)
    after = event_dict(ev) | {"full_name": member.full_name, "birth_date": member.birth_date, "sex": member.sex}
    if late:
        after["late"] = [key for key, _ in late]
    audit(session, actor, "record.admission", OK, "member_events", ev.id, cell.id, before=before, after=after)
    return Recorded(
        "record.admission",
        "member_events",
        ev.id,
        "record.done.admission",
        {"name": member.full_name, "member_id": member.id, "org": cell.code, "day": date.isoformat()},
        (ev.id,),
        warnings=late,
    )


def member_event(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    kind: EventKind,
    rules: Rules,
    check=None,  # type: ignore[no-untyped-def]
    need_rolls: bool = True,
    **values: object,
) -> Recorded:
    """The common path of an event at the member's own organisation."""
    check_past(date)
    lock_member(session, member_id)
    state, _ = state_for_event(session, member_id, date, kind, rules)
    if need_rolls:
        require_on_rolls(state, date)
    assert state.org_id is not None
    org = org_by_id_at(session, state.org_id, date)
    writable_org(session, actor, org, date)
    if check is not None:
        check(state)
    ev = add_event(session, actor, member_id=member_id, org_id=org.id, kind=kind, event_date=date, **values)
    action = f"record.{kind.value}"
    audit(session, actor, action, OK, "member_events", ev.id, org.id, before=state_dict(state), after=event_dict(ev))
    return Recorded(
        action,
        "member_events",
        ev.id,
        "record.done.event",
        {"kind": i18n.label(kind), "member_id": member_id, "org": org.code, "day": date.isoformat()},
        (ev.id,),
    )


def recognition(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    decision_no: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Official recognition: only a probationary member, not before 12 months of probation."""
    rules = rules_or_default(rules)

    def check(state: MemberState) -> None:
        if state.official:
            since = state.recognised_on or state.admitted_on
            raise DomainError(
                "record.already_official", field="member", member_id=member_id, since=since.isoformat() if since else "?"
            )
        assert state.probation_end is not None
        if date < state.probation_end:
            raise DomainError(
                "record.probation_not_over",
                field="date",
                regulation=rules.on(date).probation.regulation,
                member_id=member_id,
                months=rules.probation.months,
                end=state.probation_end.isoformat(),
                day=date.isoformat(),
            )

    return member_event(
        session, actor, member_id=member_id, date=date, kind=EventKind.RECOGNITION, rules=rules, check=check,
        decision_no=decision_no, decided_by=decided_by, note=note,
    )


def removal(
    session: Session,
    actor: Actor,
    *,
    member_id: int,
    date: dt.date,
    ground: RemovalGround | str | None,
    decision_no: str | None = None,
    decided_by: str | None = None,
    note: str | None = None,
    rules: Rules | None = None,
) -> Recorded:
    """Removal from the rolls (xóa tên), on one of the grounds of the Charter."""
    rules = rules_or_default(rules)
    if ground is None or not str(ground).strip():
        raise DomainError("record.ground_required", field="ground", regulation=rules.on(date).removal.regulation)
    try:
        ground = RemovalGround(ground)
    except ValueError:
        raise DomainError(
            "record.unknown_ground",
            field="ground",
            regulation=rules.on(date).removal.regulation,
            ground=ground,
            allowed=", ".join(g.value for g in RemovalGround),
        ) from None

    def check(state: MemberState) -> None:
        if ground == RemovalGround.PROBATION_FAILED and state.official:
            raise DomainError(
                "record.probation_failed_needs_probationary",
                field="ground",
                regulation=rules.on(date).removal.regulation,
                member_id=member_id,
            )

    return member_event(
        session, actor, member_id=member_id, date=date, kind=EventKind.REMOVAL, rules=rules, check=check,
        removal_ground=ground, decision_no=decision_no, decided_by=decided_by, note=note,
    )


def _simple(kind: EventKind, doc: str):  # type: ignore[no-untyped-def]
    def op(
        session: Session,
        actor: Actor,
        *,
        member_id: int,
        date: dt.date,
        decision_no: str | None = None,
        decided_by: str | None = None,
        note: str | None = None,
        rules: Rules | None = None,
    ) -> Recorded:
        return member_event(
            session, actor, member_id=member_id, date=date, kind=kind, rules=rules_or_default(rules),
            decision_no=decision_no, decided_by=decided_by, note=note,
        )

    op.__name__ = op.__qualname__ = kind.value
    op.__doc__ = doc
    return op


leave = _simple(EventKind.LEAVE, "Leave on request (xin ra khỏi Đảng): ends membership; counted apart from removals.")
expulsion = _simple(EventKind.EXPULSION, "Expulsion (khai trừ): ends membership.")
death = _simple(EventKind.DEATH, "Death: ends membership.")
