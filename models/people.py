"""Members as people: a cell's list and one member's history (personal details).

Both functions enforce :func:`models.access.require_personal` (viewers and users outside the
organisation's scope are refused) and log the read in the audit log (outcome ``read``; a
refusal is logged as ``refused``), as Decree 13/2023 asks of sensitive personal data. Because
they write that audit row, they take an ``engine`` and open their own units of work: the read
in a read session, the audit row in a write session of its own (:mod:`models.personal_reads`,
shared with the list of members at risk of removal).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

from models import i18n
from models.access import Actor, require_member
from models.enums import AuditOutcome, CandidateStage, EventKind, MassOrg, RemovalGround, ResidenceEventKind, Sex, TransferScope
from models.errors import AccessDenied, NotFound
from models.figures.data import EventRow, MemberHistory, MemberRow, MemberStatus
from models.personal_reads import guard, log_read
from models.removal_warnings import warning_history
from models.rolls import is_official, on_rolls_subquery, probation_start_expr, probation_starts
from models.rules import default_rules
from models.schema import Member, MemberEvent, Organisation, ResidenceEvent, ResidenceLink
from models.tree import catchment, get_org_by_id
from models.uow import read_session

i18n.register(
    {
        "member.not_found": ("Không có đảng viên mã số {id}.", "No member has the id {id}."),
        "history.admission": ("Kết nạp{occasion}{youth}{recommended}", "Admitted{occasion}{youth}{recommended}"),
        "history.admission.occasion": (" nhân {occasion}", " on {occasion}"),
        "history.admission.youth": ("; là đoàn viên", "; a Youth Union member"),
        "history.admission.recommended": ("; do {org} giới thiệu", "; recommended by the {org}"),
        "history.recognition": ("Công nhận đảng viên chính thức", "Recognised as an official member"),
        "history.transfer_in": ("Chuyển sinh hoạt {scope} đến, từ {other}", "Transferred in ({scope}) from {other}"),
        "history.transfer_in.probation": ("; đảng viên dự bị từ {day} (quyết định {decision})",
                                          "; probationary since {day} (decision {decision})"),
        "history.transfer_out": ("Chuyển sinh hoạt {scope} đi {other}", "Transferred out ({scope}) to {other}"),
        "history.removal": ("Xóa tên: {ground}", "Removed from the rolls: {ground}"),
        "history.leave": ("Xin ra khỏi Đảng", "Left the Party on request"),
        "history.expulsion": ("Khai trừ khỏi Đảng", "Expelled"),
        "history.death": ("Từ trần", "Died"),
        "history.discipline": ("Kỷ luật; cấp quyết định: {by}", "Disciplinary measure; decided by: {by}"),
        "history.exemption_start": ("Tạm miễn sinh hoạt{until}", "Temporarily exempt{until}"),
        "history.exemption_end": ("Hết tạm miễn sinh hoạt", "Exemption ended"),
        "history.far_away_start": ("Đi làm ăn xa{until}", "Started working far away{until}"),
        "history.far_away_end": ("Trở về sinh hoạt tại chi bộ", "Back from working far away"),
        "history.far_away_contact": ("Báo cáo với chi bộ khi làm ăn xa", "Reported back to the cell"),
        # How a member on a list came onto the rolls: a transferred-in member was not admitted here.
        "member.came.admission": ("kết nạp {day}", "admitted {day}"),
        "member.came.transfer_in": ("chuyển sinh hoạt đến {day}", "transferred in {day}"),
        "history.until": (" đến {day}", " until {day}"),
        "history.unknown_place": ("nơi khác", "elsewhere"),
    }
)

R213_OK = "ok"
R213_NOT_REGISTERED = "not_registered"
R213_COMMENTS_MISSING = "comments_missing"

_EXIT_STATUS = {
    EventKind.REMOVAL: MemberStatus.REMOVED,
    EventKind.LEAVE: MemberStatus.LEFT,
    EventKind.EXPULSION: MemberStatus.EXPELLED,
    EventKind.DEATH: MemberStatus.DIED,
    EventKind.TRANSFER_OUT: MemberStatus.TRANSFERRED,
}


def _first(engine: Engine, session: Session, actor: Actor, member_id: int, on: dt.date) -> None:
    """Access first: nothing about the member is read unless the actor may see them."""
    try:
        require_member(session, actor, member_id, on)
    except AccessDenied as exc:
        log_read(engine, actor, "member.read", AuditOutcome.REFUSED, "members", member_id, None, {"message": exc.message("en")})
        raise


# --- a cell's members ------------------------------------------------------------------------
def cell_members(engine: Engine, actor: Actor, org_id: int, as_of: dt.date, *,
                 limit: int | None = None, offset: int = 0) -> list[MemberRow]:
    """Members on the rolls of ``org_id``'s catchment at ``as_of``, in Vietnamese name order;
    with ``limit``, only that many from ``offset`` on (a screen loads what it shows and a page)."""
    with read_session(engine) as session:
        org = get_org_by_id(session, org_id)
        guard(engine, session, actor, "members.read", "organisations", org_id, org_id, org.code, as_of)
        inside = catchment(session, org_id, as_of)
        rows = _member_rows(session, as_of, inside, limit=limit, offset=offset)
    detail: dict[str, object] = {"as_of": as_of.isoformat(), "members": len(rows)}
    if limit is not None:
        detail["offset"] = offset
    log_read(engine, actor, "members.read", AuditOutcome.READ, "organisations", org_id, org_id, detail)
    return rows


def cell_member_count(engine: Engine, actor: Actor, org_id: int, as_of: dt.date) -> int:
    """How many members :func:`cell_members` lists in all (for paging)."""
    with read_session(engine) as session:
        org = get_org_by_id(session, org_id)
        guard(engine, session, actor, "members.read", "organisations", org_id, org_id, org.code, as_of)
        inside = sorted(catchment(session, org_id, as_of))
        concerned = select(MemberEvent.member_id).where(MemberEvent.org_id.in_(inside))
        rolls = on_rolls_subquery(as_of, members=concerned)
        return session.scalar(select(func.count()).select_from(rolls).where(rolls.c.org_id.in_(inside))) or 0


def _member_rows(session: Session, as_of: dt.date, inside: set[int] | None = None,
                 member_ids: Iterable[int] | None = None, limit: int | None = None, offset: int = 0) -> list[MemberRow]:
    # The window that finds each member's roll organisation runs only over the members who
    # ever had an event in the catchment (or the members asked for), and the dates come from
    # per-member index probes: no join of aggregates for the planner to misjudge.
    if member_ids is not None:
        concerned: Any = list(member_ids)
    else:
        concerned = select(MemberEvent.member_id).where(MemberEvent.org_id.in_(sorted(inside or ())))
    rolls = on_rolls_subquery(as_of, members=concerned)
    ev = aliased(MemberEvent, name="ev")
    joined = (
        select(func.max(ev.event_date))
        .where(ev.member_id == Member.id, ev.kind == EventKind.ADMISSION, ev.event_date <= as_of)
        .scalar_subquery()
    )
    arrived = (
        select(func.min(ev.event_date))
        .where(ev.member_id == Member.id, ev.kind == EventKind.TRANSFER_IN, ev.event_date <= as_of)
        .scalar_subquery()
    )
    # The latest probation start (models.rolls): the admission here or a probation begun
    # elsewhere that a transfer in recorded.
    started = (
        select(func.max(probation_start_expr(ev)))
        .where(ev.member_id == Member.id, probation_starts(ev), ev.event_date <= as_of)
        .scalar_subquery()
    )
    q = (select(Member, joined, arrived, started).join(rolls, rolls.c.member_id == Member.id)
         .order_by(Member.sort_key, Member.id))
    if inside is not None:
        q = q.where(rolls.c.org_id.in_(sorted(inside)))
    if limit is not None:
        q = q.limit(limit).offset(offset)
    found = session.execute(q).all()
    ids = [m.id for m, *_ in found]
    recognitions = _recognitions(session, ids)
    away, exempt = _away_and_exempt(session, ids, as_of)
    r213 = _r213_states(session, ids, as_of)
    rules = default_rules()
    out = []
    for m, adm, arr, began in found:
        start = adm or arr or as_of
        rec = next((d for d in recognitions.get(m.id, ()) if began is not None and d >= began), None)
        # Official once probation has ended and its recognition is recorded (models.rolls).
        probationary = not is_official(began, rec, as_of, rules)
        out.append(
            MemberRow(
                id=m.id,
                full_name=m.full_name,
                sort_key=m.sort_key,
                sex=Sex(m.sex),
                birth_date=m.birth_date,
                joined=start,
                transferred_in=adm is None and arr is not None,
                status=MemberStatus.PROBATIONARY if probationary else MemberStatus.OFFICIAL,
                far_away=m.id in away,
                exempt=m.id in exempt,
                r213=r213.get(m.id),
            )
        )
    return out


def _chunks(ids: list[int], size: int = 5000) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _recognitions(session: Session, ids: list[int]) -> dict[int, list[dt.date]]:
    """Every recognition date of each member, oldest first (any date: a late decision still
    makes the member official from the end of probation)."""
    out: dict[int, list[dt.date]] = {}
    for chunk in _chunks(ids):
        q = (
            select(MemberEvent.member_id, MemberEvent.event_date)
            .where(MemberEvent.member_id.in_(chunk), MemberEvent.kind == EventKind.RECOGNITION)
            .order_by(MemberEvent.member_id, MemberEvent.event_date)
        )
        for mid, day in session.execute(q):
            out.setdefault(mid, []).append(day)
    return out


def _away_and_exempt(session: Session, ids: list[int], as_of: dt.date) -> tuple[set[int], set[int]]:
    """Members working far away, and members exempt from activities, at ``as_of``."""
    kinds = (EventKind.FAR_AWAY_START, EventKind.FAR_AWAY_END, EventKind.EXEMPTION_START, EventKind.EXEMPTION_END)
    away: set[int] = set()
    exempt: set[int] = set()
    for chunk in _chunks(ids):
        q = (
            select(MemberEvent.member_id, MemberEvent.kind, MemberEvent.ends_on)
            .where(MemberEvent.member_id.in_(chunk), MemberEvent.kind.in_(kinds), MemberEvent.event_date <= as_of)
            .order_by(MemberEvent.member_id, MemberEvent.event_date, MemberEvent.id)
        )
        for mid, kind, ends_on in session.execute(q):
            kind = EventKind(kind)
            if kind == EventKind.FAR_AWAY_START:
                away.add(mid)
            elif kind == EventKind.FAR_AWAY_END:
                away.discard(mid)
            elif kind == EventKind.EXEMPTION_START and (ends_on is None or ends_on > as_of):
                exempt.add(mid)
            else:
                exempt.discard(mid)
    return away, exempt


def _r213_states(session: Session, ids: list[int], as_of: dt.date) -> dict[int, str]:
    """Regulation 213 state of each working member with a residence link open at ``as_of``."""
    state: dict[int, dict[str, bool]] = {}
    link_member: dict[int, int] = {}
    for chunk in _chunks(ids):
        for lid, mid in session.execute(
            select(ResidenceLink.id, ResidenceLink.member_id).where(
                ResidenceLink.member_id.in_(chunk),
                ResidenceLink.started_on <= as_of,
                (ResidenceLink.ended_on.is_(None)) | (ResidenceLink.ended_on > as_of),
            )
        ):
            link_member[lid] = mid
            state[lid] = {}
    for chunk in _chunks(list(link_member)):
        q = (
            select(ResidenceEvent.link_id, ResidenceEvent.kind, ResidenceEvent.year)
            .where(ResidenceEvent.link_id.in_(chunk), ResidenceEvent.event_date <= as_of)
            .order_by(ResidenceEvent.link_id, ResidenceEvent.event_date, ResidenceEvent.id)
        )
        for lid, kind, year in session.execute(q):
            s = state[lid]
            kind = ResidenceEventKind(kind)
            if kind == ResidenceEventKind.EXEMPTED:
                s["exempt"] = True
            elif kind == ResidenceEventKind.EXEMPTION_ENDED:
                s["exempt"] = False
            elif kind == ResidenceEventKind.ENDED:
                s["ended"] = True
            elif kind == ResidenceEventKind.REGISTERED:
                s["registered"] = True
            elif kind == ResidenceEventKind.COMMENT_REQUESTED and year == as_of.year:
                s["requested"] = True
            elif kind == ResidenceEventKind.COMMENT_RETURNED and year == as_of.year:
                s["returned"] = True
    out: dict[int, str] = {}
    for lid, s in state.items():
        if s.get("ended"):
            continue
        mid = link_member[lid]
        if s.get("exempt"):
            value = R213_OK
        elif not s.get("registered"):
            value = R213_NOT_REGISTERED
        elif s.get("requested") and not s.get("returned"):
            value = R213_COMMENTS_MISSING
        else:
            value = R213_OK
        # A member with two open links shows the worse of them.
        if out.get(mid) in (None, R213_OK):
            out[mid] = value
    return out


# --- one member's history --------------------------------------------------------------------
def member_history(engine: Engine, actor: Actor, member_id: int, lang: str | None = None,
                   as_of: dt.date | None = None) -> MemberHistory:
    """Every event of one member, oldest first, with where they are (or were last)."""
    as_of = as_of or dt.date.today()
    with read_session(engine) as session:
        _first(engine, session, actor, member_id, as_of)
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("member.not_found", field="member", id=member_id)
        events = session.scalars(
            select(MemberEvent).where(MemberEvent.member_id == member_id).order_by(MemberEvent.event_date, MemberEvent.id)
        ).all()
        orgs = {
            o.id: o
            for o in session.scalars(
                select(Organisation).where(
                    Organisation.id.in_({e.org_id for e in events} | {e.counterpart_org_id for e in events if e.counterpart_org_id})
                )
            )
        }
        home_id = _home_org(events, as_of)
        if home_id is None:
            raise NotFound("member.not_found", field="member", id=member_id)
        home = get_org_by_id(session, home_id)
        guard(engine, session, actor, "member.read", "members", member_id, home.id, home.code, as_of)
        on_rolls = _member_rows(session, as_of, member_ids=[member_id])
        row = on_rolls[0] if on_rolls else _former_member_row(member, events, as_of)
        history = tuple(_event_row(e, orgs, lang) for e in events if e.event_date <= as_of)
        history = _with_discipline(session, history, member_id, as_of, lang)
        window = default_rules().on(as_of).removal_warning.window_months
        warned = tuple((h.day, h.text(window, lang)) for h in warning_history(session, member_id, as_of))
    log_read(engine, actor, "member.read", AuditOutcome.READ, "members", member_id, home.id, {"events": len(history)})
    return MemberHistory(member=row, org=home, events=history, warnings=warned)


def _with_discipline(session: Session, history: tuple[EventRow, ...], member_id: int, as_of: dt.date,
                     lang: str | None) -> tuple[EventRow, ...]:
    """The member's disciplinary measures (models.discipline) among their events, by date."""
    from models.discipline import member_discipline

    measures = member_discipline(session, member_id, as_of)
    if not measures:
        return history
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_({m.org_id for m in measures})))}
    rows = [
        EventRow(id=m.id, date=m.event_date, kind=m.kind, org_code=orgs[m.org_id].code, org_name=orgs[m.org_id].name,
                 decision_no=m.decision_no, detail=i18n.t("history.discipline", lang, by=m.decided_by or "–"))
        for m in measures
    ]
    return tuple(sorted((*history, *rows), key=lambda r: r.date))


def _roll_events(events: Iterable[MemberEvent], as_of: dt.date) -> list[MemberEvent]:
    roll = {EventKind.ADMISSION, EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH}
    rank = {EventKind.TRANSFER_OUT: 0, EventKind.REMOVAL: 2, EventKind.LEAVE: 2, EventKind.EXPULSION: 2, EventKind.DEATH: 2}
    out = [
        e
        for e in events
        if e.event_date <= as_of
        and (e.kind in roll or (e.kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT) and e.transfer_scope == TransferScope.PERMANENT))
    ]
    return sorted(out, key=lambda e: (e.event_date, rank.get(EventKind(e.kind), 1), e.id))


def _home_org(events: Iterable[MemberEvent], as_of: dt.date) -> int | None:
    """The organisation whose rolls the member is on, or left last."""
    roll = _roll_events(events, as_of)
    return roll[-1].org_id if roll else None


def _former_member_row(member: Member, events: Sequence[MemberEvent], as_of: dt.date) -> MemberRow:
    roll = _roll_events(events, as_of)
    last = roll[-1]
    admissions = [e.event_date for e in roll if e.kind == EventKind.ADMISSION]
    arrivals = [e.event_date for e in roll if e.kind == EventKind.TRANSFER_IN]
    return MemberRow(
        id=member.id,
        full_name=member.full_name,
        sort_key=member.sort_key,
        sex=Sex(member.sex),
        birth_date=member.birth_date,
        joined=(admissions or arrivals or [last.event_date])[-1 if admissions else 0],
        transferred_in=not admissions and bool(arrivals),
        status=_EXIT_STATUS[EventKind(last.kind)],
        far_away=False,
        exempt=False,
        r213=None,
    )


def _event_row(e: MemberEvent, orgs: dict[int, Organisation], lang: str | None) -> EventRow:
    kind = EventKind(e.kind)
    org = orgs[e.org_id]
    return EventRow(
        id=e.id,
        date=e.event_date,
        kind=kind,
        org_code=org.code,
        org_name=org.name,
        decision_no=e.decision_no,
        detail=_detail(e, kind, orgs, lang),
    )


def _detail(e: MemberEvent, kind: EventKind, orgs: dict[int, Organisation], lang: str | None) -> str:
    t = i18n.t
    until = t("history.until", lang, day=e.ends_on.strftime("%d/%m/%Y")) if e.ends_on else ""
    if kind == EventKind.ADMISSION:
        return t(
            "history.admission",
            lang,
            occasion=t("history.admission.occasion", lang, occasion=e.occasion) if e.occasion else "",
            youth=t("history.admission.youth", lang) if e.youth_union else "",
            recommended=(
                t("history.admission.recommended", lang, org=i18n.label(MassOrg(e.recommended_by), lang))
                if e.recommended_by
                else ""
            ),
        )
    if kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT):
        other = (
            orgs[e.counterpart_org_id].name
            if e.counterpart_org_id in orgs
            else e.counterpart_text or t("history.unknown_place", lang)
        )
        scope = i18n.label(TransferScope(e.transfer_scope or ""), lang)
        text = t(f"history.{kind.value}", lang, scope=scope, other=other)
        if kind == EventKind.TRANSFER_IN and e.probation_since is not None:
            text += t("history.transfer_in.probation", lang, day=e.probation_since.strftime("%d/%m/%Y"),
                      decision=e.admission_decision or "–")
        return text
    if kind == EventKind.REMOVAL:
        return t("history.removal", lang, ground=i18n.label(RemovalGround(e.removal_ground or ""), lang))
    if kind in (EventKind.EXEMPTION_START, EventKind.FAR_AWAY_START):
        return t(f"history.{kind.value}", lang, until=until)
    return t(f"history.{kind.value}", lang)


__all__ = ["R213_COMMENTS_MISSING", "R213_NOT_REGISTERED", "R213_OK", "cell_members", "member_history"]


# --- what a form may pick from ---------------------------------------------------------------
@dataclass(frozen=True)
class CandidateChoice:
    """A candidate still in a cell's pipeline, at their latest stage."""

    id: int
    full_name: str
    stage: CandidateStage
    since: dt.date


@dataclass(frozen=True)
class LinkChoice:
    """A member's Regulation 213 link that is still followed."""

    id: int
    residence_code: str
    residence_name: str
    started_on: dt.date


def open_candidates(engine: Engine, actor: Actor, org_id: int, as_of: dt.date) -> list[CandidateChoice]:
    """The candidates of the cell ``org_id`` not yet admitted or dropped, in name order."""
    from models.collation import name_sort_key
    from models.schema import Candidate, CandidateEvent

    with read_session(engine) as session:
        org = get_org_by_id(session, org_id)
        guard(engine, session, actor, "candidates.read", "organisations", org_id, org_id, org.code, as_of)
        latest = (
            select(CandidateEvent.candidate_id, CandidateEvent.stage, CandidateEvent.event_date)
            .join(Candidate, Candidate.id == CandidateEvent.candidate_id)
            .where(Candidate.org_id == org_id)
            .order_by(CandidateEvent.candidate_id, CandidateEvent.event_date, CandidateEvent.id)
        )
        stages: dict[int, tuple[CandidateStage, dt.date]] = {}
        for cid, stage, day in session.execute(latest):
            stages[cid] = (CandidateStage(stage), day)
        names = {cid: name for cid, name in session.execute(select(Candidate.id, Candidate.full_name).where(Candidate.org_id == org_id))}
    closed = {CandidateStage.ADMITTED, CandidateStage.DROPPED}
    rows = [
        CandidateChoice(cid, names[cid], stage, day) for cid, (stage, day) in stages.items() if stage not in closed
    ]
    rows.sort(key=lambda c: name_sort_key(c.full_name))
    log_read(engine, actor, "candidates.read", AuditOutcome.READ, "organisations", org_id, org_id, {"candidates": len(rows)})
    return rows


def open_residence_links(engine: Engine, actor: Actor, member_id: int, as_of: dt.date) -> list[LinkChoice]:
    """The member's Regulation 213 links not ended (normally one)."""
    with read_session(engine) as session:
        _first(engine, session, actor, member_id, as_of)
        links = session.scalars(
            select(ResidenceLink).where(ResidenceLink.member_id == member_id, ResidenceLink.ended_on.is_(None))
            .order_by(ResidenceLink.started_on)
        ).all()
        out = []
        for link in links:
            work = get_org_by_id(session, link.workplace_org_id)
            guard(engine, session, actor, "member.read", "members", member_id, work.id, work.code, as_of)
            home = get_org_by_id(session, link.residence_org_id)
            out.append(LinkChoice(link.id, home.code, home.name, link.started_on))
    return out
