"""Each sheet's rows against the database: already there, or written through the write
operations of :mod:`models.record` (which check rights and the Party rules and audit).

Every ``apply_*`` returns ``"present"``, ``"added"`` or ``"changed"``, or raises a
:class:`~models.errors.DomainError` (the importer turns it into a located problem).
A person is found by name (compared after folding case and spacing) and birth date, at the
organisation whose rolls they are on at the row's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import record
from models.access import Actor, member_in_scope
from models.enums import CandidateStage, EventKind, ResidenceEventKind
from models.errors import DomainError, NotFound
from models.io.normalise import fold
from models.io.parse import Row
from models.membership import member_state
from models.schema import AdmissionTarget, Candidate, CandidateEvent, Member, MemberEvent, Organisation, ResidenceEvent, ResidenceLink

PRESENT, ADDED, CHANGED = "present", "added", "changed"


def _org(session: Session, code: str, field: str = "org") -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == code))
    if org is None:
        raise NotFound("org.not_found", field=field, code=code)
    return org


def _people(session: Session, name: str, born: dt.date) -> list[Member]:
    wanted = fold(name)
    return [m for m in session.scalars(select(Member).where(Member.birth_date == born).order_by(Member.id)) if fold(m.full_name) == wanted]


def _event(session: Session, member_id: int, kind: EventKind, day: dt.date) -> MemberEvent | None:
    return session.scalar(
        select(MemberEvent).where(MemberEvent.member_id == member_id, MemberEvent.kind == kind, MemberEvent.event_date == day)
    )


def _member_on_rolls(session: Session, row: Row, org: Organisation, day: dt.date) -> int:
    name, born = row["Họ và tên"], row["Ngày sinh"]
    found = []
    for m in _people(session, name, born):
        state = member_state(session, m.id, day)
        if state.on_rolls and state.org_id == org.id:
            found.append(m.id)
    if not found:
        raise DomainError("io.member_not_found", field="member", name=name, born=born.strftime("%d/%m/%Y"), org=org.code, day=day.strftime("%d/%m/%Y"))
    if len(found) > 1:
        raise DomainError("io.member_ambiguous", field="member", count=len(found), name=name, born=born.strftime("%d/%m/%Y"), org=org.code)
    return found[0]


def apply_admission(session: Session, actor: Actor, row: Row) -> str:
    day, name, born = row["Ngày kết nạp"], row["Họ và tên"], row["Ngày sinh"]
    people = _people(session, name, born)
    org = session.scalar(select(Organisation).where(Organisation.code == row["Mã tổ chức"]))
    for m in people:
        ev = _event(session, m.id, EventKind.ADMISSION, day)
        if ev is not None and org is not None and ev.org_id == org.id:
            _same(m.sex, row["Giới tính"], "sex")
            _same(ev.youth_union, bool(row["Đoàn viên"]), "youth_union")
            _same(ev.recommended_by, row["Đoàn thể giới thiệu"], "recommended_by")
            # The make-up: a value stored is a fact to agree with; one not recorded yet is
            # recorded now (the member must then be on the rolls today).
            added = {}
            for name, value in _makeup(row).items():
                stored = getattr(m, name)
                if stored is None:
                    added[name] = value
                else:
                    _same(getattr(stored, "value", stored), value, name)
            if added:
                record.member_makeup(session, actor, member_id=m.id, **added)
                return CHANGED
            return PRESENT
    if people:
        m = people[0]
        if not member_in_scope(session, actor, m.id, day):
            # Said without the id or anything else on file about someone outside the scope.
            raise DomainError("io.member_exists_elsewhere", field="member", name=name, born=born.strftime("%d/%m/%Y"))
        raise DomainError("io.member_exists", field="member", name=m.full_name, born=born.strftime("%d/%m/%Y"), member_id=m.id)
    candidate_id = _open_candidate(session, org, name, born) if org is not None else None
    record.admission(
        session,
        actor,
        org=row["Mã tổ chức"],
        date=day,
        full_name=name,
        sex=row["Giới tính"],
        birth_date=born,
        youth_union=bool(row["Đoàn viên"]),
        recommended_by=row["Đoàn thể giới thiệu"],
        occasion=row["Dịp kết nạp"],
        decision_no=row["Số quyết định"],
        ethnicity=row["Dân tộc"],
        candidate_id=candidate_id,
        **_makeup(row),
    )
    return ADDED


def apply_transfer_in(session: Session, actor: Actor, row: Row) -> str:
    """A member new to the database transferred in from outside it (never an admission);
    a probationary one with the day their probation began and the admission decision."""
    day, name, born = row["Ngày chuyển đến"], row["Họ và tên"], row["Ngày sinh"]
    people = _people(session, name, born)
    org = session.scalar(select(Organisation).where(Organisation.code == row["Mã tổ chức"]))
    for m in people:
        ev = _event(session, m.id, EventKind.TRANSFER_IN, day)
        if ev is not None and org is not None and ev.org_id == org.id:
            _same(m.sex, row["Giới tính"], "sex")
            _same(ev.probation_since, row["Ngày bắt đầu dự bị"], "probation_since")
            return PRESENT
    if people:
        m = people[0]
        if not member_in_scope(session, actor, m.id, day):
            raise DomainError("io.member_exists_elsewhere", field="member", name=name, born=born.strftime("%d/%m/%Y"))
        raise DomainError("io.member_exists", field="member", name=m.full_name, born=born.strftime("%d/%m/%Y"), member_id=m.id)
    record.transfer_in_from_outside(
        session,
        actor,
        org=row["Mã tổ chức"],
        date=day,
        from_outside=row["Chuyển đến từ"],
        full_name=name,
        sex=row["Giới tính"],
        birth_date=born,
        ethnicity=row["Dân tộc"],
        decision_no=row["Số quyết định"],
        probation_since=row["Ngày bắt đầu dự bị"],
        admission_decision=row["Quyết định kết nạp"],
    )
    return ADDED


def _makeup(row: Row) -> dict[str, Any]:
    """The make-up cells of a row (blank ones left out), as :mod:`models.record.makeup` takes them."""
    from models.io.sheets import MAKEUP_FIELDS

    out = {}
    for name, column in MAKEUP_FIELDS.items():
        value = row[column]
        if value is not None:
            out[name] = value.value if isinstance(value, Enum) else value
    return out


def _open_candidate(session: Session, org: Organisation, name: str, born: dt.date) -> int | None:
    """The cell's candidate who is this person and whose superior committee has decided: the
    admission closes their pipeline (stage ``admitted``), as the form does. None unless exactly
    one (a candidate at an earlier stage stays as they are: the pipeline moves one stage at a
    time, and the admission itself is valid on its own)."""
    wanted = fold(name)
    open_ids = []
    for cand in session.scalars(select(Candidate).where(Candidate.org_id == org.id, Candidate.birth_date == born)):
        if fold(cand.full_name) != wanted or cand.member_id is not None:
            continue
        last = session.scalar(
            select(CandidateEvent.stage)
            .where(CandidateEvent.candidate_id == cand.id)
            .order_by(CandidateEvent.event_date.desc(), CandidateEvent.id.desc())
            .limit(1)
        )
        if last == CandidateStage.COMMITTEE_DECISION:
            open_ids.append(cand.id)
    return open_ids[0] if len(open_ids) == 1 else None


def _same(stored: Any, given: Any, field: str) -> None:
    """A row that names a fact already recorded must agree with it: a present row that
    says otherwise is a conflict to settle, not something to skip in silence."""
    if stored != given:
        raise DomainError("io.conflict", field=field, stored=_shown(stored), given=_shown(given))


def _shown(value: Any) -> str:
    from models import i18n

    if value is None:
        return "—"
    if isinstance(value, bool):
        return i18n.t("io.yes" if value else "io.no", "vi")
    if isinstance(value, Enum):
        return i18n.label(value)
    return str(value)


def _exit(kind: EventKind, date_column: str, op: Callable[..., Any], extra: Callable[[Row], dict[str, Any]]) -> Callable[[Session, Actor, Row], str]:
    def apply(session: Session, actor: Actor, row: Row) -> str:
        day = row[date_column]
        org = _org(session, row["Mã tổ chức"])
        for m in _people(session, row["Họ và tên"], row["Ngày sinh"]):
            ev = _event(session, m.id, kind, day)
            if ev is not None and ev.org_id == org.id:
                if kind == EventKind.REMOVAL:
                    _same(ev.removal_ground, row["Lý do xóa tên"], "ground")
                return PRESENT
        member_id = _member_on_rolls(session, row, org, day)
        op(session, actor, member_id=member_id, date=day, decision_no=row["Số quyết định"], **extra(row))
        return ADDED

    return apply


apply_removal = _exit(EventKind.REMOVAL, "Ngày xóa tên", record.removal, lambda row: {"ground": row["Lý do xóa tên"]})
apply_leave = _exit(EventKind.LEAVE, "Ngày ra khỏi Đảng", record.leave, lambda row: {})


def apply_target(session: Session, actor: Actor, row: Row) -> str:
    org = _org(session, row["Mã tổ chức"])
    year, target, decision = row["Năm"], row["Chỉ tiêu"], row["Số quyết định"]
    existing = session.scalar(select(AdmissionTarget).where(AdmissionTarget.org_id == org.id, AdmissionTarget.year == year))
    if existing is not None and existing.target == target and (decision is None or decision == existing.decision_no):
        return PRESENT
    if existing is not None and decision is None:
        decision = existing.decision_no  # a row without a number keeps the one on record
    record.set_target(session, actor, org=org.code, year=year, target=target, decision_no=decision)
    return ADDED if existing is None else CHANGED


def apply_candidate(session: Session, actor: Actor, row: Row) -> str:
    org = _org(session, row["Mã tổ chức"])
    stage, day = row["Bước"], row["Ngày"]
    wanted = fold(row["Họ và tên"])
    found = [
        c
        for c in session.scalars(
            select(Candidate).where(Candidate.org_id == org.id, Candidate.birth_date == row["Ngày sinh"]).order_by(Candidate.id)
        )
        if fold(c.full_name) == wanted
    ]
    for cand in found:
        hit = session.scalar(
            select(CandidateEvent.id).where(
                CandidateEvent.candidate_id == cand.id, CandidateEvent.stage == stage, CandidateEvent.event_date == day
            )
        )
        if hit is not None:
            return PRESENT
    if stage == CandidateStage.ADMITTED:
        raise DomainError("io.candidate_admitted", field="stage")
    if found:
        record.candidate_stage(session, actor, candidate_id=found[-1].id, stage=stage, date=day)
        return ADDED
    created = record.create_candidate(
        session, actor, org=org.code, date=day, full_name=row["Họ và tên"], sex=row["Giới tính"],
        birth_date=row["Ngày sinh"], source=row["Nguồn"],
    )
    if stage != CandidateStage.IDENTIFIED:
        record.candidate_stage(session, actor, candidate_id=created.target_id, stage=stage, date=day)
    return ADDED


#: Events that may open a Regulation 213 link when none is open yet.
_OPENING = frozenset({ResidenceEventKind.LETTER_SENT, ResidenceEventKind.REGISTERED})


def apply_r213(session: Session, actor: Actor, row: Row) -> str:
    kind, day = row["Việc"], row["Ngày"]
    work = _org(session, row["Mã tổ chức"], "workplace")
    home = _org(session, row["Mã tổ chức nơi cư trú"], "residence")
    for m in _people(session, row["Họ và tên"], row["Ngày sinh"]):
        hit = session.scalar(
            select(ResidenceEvent.id)
            .join(ResidenceLink, ResidenceLink.id == ResidenceEvent.link_id)
            .where(
                ResidenceLink.member_id == m.id,
                ResidenceLink.residence_org_id == home.id,
                ResidenceEvent.kind == kind,
                ResidenceEvent.event_date == day,
            )
        )
        if hit is not None:
            return PRESENT
    member_id = _member_on_rolls(session, row, work, day)
    link = session.scalar(
        select(ResidenceLink).where(
            ResidenceLink.member_id == member_id,
            ResidenceLink.residence_org_id == home.id,
            ResidenceLink.started_on <= day,
            ResidenceLink.ended_on.is_(None),
        )
    )
    if link is None:
        if kind not in _OPENING:
            raise DomainError("io.no_link", field="link", name=row["Họ và tên"], residence=home.code)
        created = record.create_link(session, actor, member_id=member_id, residence=home.code, date=day, workplace=work.code)
        link_id = created.target_id
    else:
        link_id = link.id
    record.residence_event(session, actor, link_id=link_id, kind=kind, date=day, year=row["Năm đánh giá"])
    return ADDED


def apply_meeting(session: Session, actor: Actor, row: Row) -> str:
    """A meeting already recorded with the same absences is present; with others, the write
    operation refuses it (a meeting is recorded once)."""
    from models.schema import CellMeeting, MeetingAbsence

    org = _org(session, row["Mã tổ chức"])
    day, absent, excused = row["Ngày họp"], row["Vắng không lý do"] or [], row["Vắng có lý do"] or []
    held = session.scalar(select(CellMeeting.id).where(CellMeeting.org_id == org.id, CellMeeting.meeting_date == day))
    if held is not None:
        stored = {(m, e) for m, e in session.execute(select(MeetingAbsence.member_id, MeetingAbsence.excused)
                                                     .where(MeetingAbsence.meeting_id == held))}
        if stored == {(m, False) for m in absent} | {(m, True) for m in excused}:
            return PRESENT
    record.record_meeting(session, actor, org=org.code, date=day, absent=absent, excused=excused)
    return ADDED


def apply_dues(session: Session, actor: Actor, row: Row) -> str:
    from models.schema import DuesArrear, DuesBook

    org = _org(session, row["Mã tổ chức"])
    month, unpaid = row["Tháng"], row["Chưa đóng"] or []
    book = session.scalar(select(DuesBook.id).where(DuesBook.org_id == org.id, DuesBook.month == month))
    if book is not None and set(session.scalars(select(DuesArrear.member_id).where(DuesArrear.book_id == book))) == set(unpaid):
        return PRESENT
    record.close_dues(session, actor, org=org.code, month=month, unpaid=unpaid)
    return ADDED


def apply_conclusion(session: Session, actor: Actor, row: Row) -> str:
    from models.schema import Conclusion

    org = _org(session, row["Mã tổ chức"])
    text = " ".join((row["Nội dung"] or "").split())
    same = session.scalar(select(Conclusion.id).where(Conclusion.org_id == org.id, Conclusion.briefing_date == row["Ngày giao ban"],
                                                      Conclusion.text == text))
    if same is not None:
        return PRESENT
    record.add_conclusion(session, actor, org=org.code, text=text, due=row["Hạn"], briefing=row["Ngày giao ban"],
                          briefing_org=row["Mã cấp ủy chủ trì"], condition=row["Điều kiện"], count=row["Số lượng"],
                          period=row["Năm"])
    return ADDED


def apply_member_rating(session: Session, actor: Actor, row: Row) -> str:
    """A member's rating for a year: the member is found on the rolls of the row's
    organisation at the end of that year (today, in the year in progress), where
    :func:`models.ratings.member_rating` rates them; the same rating already recorded is
    present, another one a conflict."""
    from models.office_schema import MemberRating
    from models.ratings import member_rating, year_day

    org = _org(session, row["Mã tổ chức"])
    year, rating = row["Năm"], row["Xếp loại"]
    member_id = _member_on_rolls(session, row, org, year_day(year))
    stored = session.scalar(select(MemberRating.rating).where(MemberRating.member_id == member_id, MemberRating.year == year))
    if stored is not None:
        _same(stored, rating, "rating")
        return PRESENT
    member_rating(session, actor, member_id=member_id, year=year, rating=rating)
    return ADDED


def apply_org_rating(session: Session, actor: Actor, row: Row) -> str:
    """An organisation's rating for a year, recorded at its superior by
    :func:`models.ratings.org_rating` (which checks the right to write there)."""
    from models.office_schema import OrgRating
    from models.ratings import org_rating

    org = _org(session, row["Mã tổ chức"])
    year, rating = row["Năm"], row["Xếp loại"]
    stored = session.scalar(select(OrgRating.rating).where(OrgRating.org_id == org.id, OrgRating.year == year))
    if stored is not None:
        _same(stored, rating, "rating")
        return PRESENT
    org_rating(session, actor, org=org.code, year=year, rating=rating)
    return ADDED


def apply_discipline(session: Session, actor: Actor, row: Row) -> str:
    """A reprimand, warning or dismissal, through :func:`models.discipline.discipline`; the
    same measure on the same day with the same decision is present, with another a conflict."""
    from models.discipline import discipline
    from models.office_schema import MemberDiscipline

    org = _org(session, row["Mã tổ chức"])
    kind, day = row["Hình thức"], row["Ngày kỷ luật"]
    member_id = _member_on_rolls(session, row, org, day)
    stored = session.scalar(select(MemberDiscipline).where(
        MemberDiscipline.member_id == member_id, MemberDiscipline.kind == kind, MemberDiscipline.event_date == day))
    if stored is not None:
        _same(stored.decision_no, " ".join(str(row["Số quyết định"]).split()), "decision_no")
        return PRESENT
    discipline(session, actor, member_id=member_id, kind=kind, date=day, decision_no=row["Số quyết định"],
               decided_by=row["Cấp quyết định"], note=row["Ghi chú kỷ luật"])
    return ADDED


def apply_member_info(session: Session, actor: Actor, row: Row) -> str:
    """A member's make-up fields: the member is found on the rolls of the row's organisation
    today; the cells that differ from what is stored are recorded through
    :func:`models.record.makeup.member_makeup` (blank cells leave the stored value)."""
    from models.record.common import today

    org = _org(session, row["Mã tổ chức"])
    member_id = _member_on_rolls(session, row, org, today())
    member = session.get(Member, member_id)
    assert member is not None
    changed = {name: value for name, value in _makeup(row).items()
               if getattr(getattr(member, name), "value", getattr(member, name)) != value}
    if not changed:
        return PRESENT
    record.member_makeup(session, actor, member_id=member_id, **changed)
    return CHANGED


def apply_card(session: Session, actor: Actor, row: Row) -> str:
    """A Party card issued, through :func:`models.cards.issue_card`; the member's card of the
    same day with the same number is present, with another number a conflict."""
    from models.cards import issue_card
    from models.office_schema import PartyCard

    org = _org(session, row["Mã tổ chức"])
    day = row["Ngày cấp thẻ"]
    member_id = _member_on_rolls(session, row, org, day)
    stored = session.scalar(select(PartyCard.card_no).where(PartyCard.member_id == member_id, PartyCard.issued_on == day))
    if stored is not None:
        _same(stored, " ".join(str(row["Số thẻ"]).split()), "number")
        return PRESENT
    issue_card(session, actor, member_id=member_id, number=row["Số thẻ"], date=day, decision_no=row["Số quyết định"])
    return ADDED


APPLY: dict[str, Callable[[Session, Actor, Row], str]] = {
    "target": apply_target,
    "admission": apply_admission,
    "transfer_in": apply_transfer_in,
    "candidate": apply_candidate,
    "r213": apply_r213,
    "removal": apply_removal,
    "leave": apply_leave,
    # After the rolls: absences and arrears name members on them; conclusions last.
    "meeting": apply_meeting,
    "dues": apply_dues,
    "conclusion": apply_conclusion,
    # The organisation office's records (issue 18), of members on the rolls set above.
    "member_rating": apply_member_rating,
    "org_rating": apply_org_rating,
    "discipline": apply_discipline,
    "member_info": apply_member_info,
    "card": apply_card,
}
#: Sheets are applied in this order, so a file can set targets and admit before it removes.
ORDER = tuple(APPLY)
