"""The early warning of removal from the rolls: the one definition.

The Charter (Article 8, clause 2) has the cell consider removing a member who, without good
reason, misses the cell's meetings or does not pay dues for three months within a year. For
each member and each of the two reasons this module counts the distinct months with an
unexcused absence (or an unpaid dues month) within the trailing window (``rules.toml``,
``[removal_warning]``): at ``warn_months`` (the committee's own setting) a *warning*, at
``flag_months`` (the Charter's) a *flag*.

A warning ends when the member attends a later meeting of their cell (or a later month's dues
book of their cell does not name them), or when its months fall out of the window; it becomes
a *removal* when the member is removed from the rolls. :func:`assess` decides all of it from a
member's dates; :func:`removal_warnings` (a catchment at a day) and :func:`warning_history`
(one member over time) only collect those dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, delete, distinct, func, insert, or_, select
from sqlalchemy.orm import Session

from models import i18n
from models.enums import (
    EXIT_KINDS,
    EventKind,
    TransferScope,
    WarningLevel,
    WarningReason,
)
from models.rules import RemovalWarningRules, Rules, add_months, default_rules
from models.schema import (
    MEMBER_EVENT_LATEST,
    ORG_CLOSURE,
    WARNING_LATEST,
    WARNING_STATES,
    CellMeeting,
    DuesArrear,
    DuesBook,
    MeetingAbsence,
    Member,
    MemberEvent,
    Organisation,
)
from models.db import core
from models.tree import catchment, orgs_by_id

i18n.register(
    {
        "warning_reason.missed_meetings": ("bỏ sinh hoạt chi bộ không có lý do", "missed cell meetings without reason"),
        "warning_reason.unpaid_dues": ("không đóng đảng phí", "did not pay dues"),
        "warning_level.warning": ("cảnh báo", "warning"),
        "warning_level.flag": ("đến ngưỡng xóa tên", "at the removal threshold"),
        "warning.reason": (
            "{reason} {count} tháng trong {window} tháng gần nhất ({months}); {level} ở mức {threshold} tháng ({basis}).",
            "{reason} in {count} month(s) of the last {window} ({months}); {level} at {threshold} month(s) ({basis}).",
        ),
        "warning.count": ("{count} đảng viên có nguy cơ bị xóa tên.", "{count} member(s) at risk of removal."),
        "warning.history.started": ("Bắt đầu cảnh báo: {reason}, {months}", "Warning began: {reason}, {months}"),
        "warning.history.flagged": ("Đến ngưỡng xóa tên: {reason}, {months}", "Reached the removal threshold: {reason}, {months}"),
        "warning.history.attended": ("Hết cảnh báo: đã dự họp chi bộ ngày {day}", "Warning ended: attended the cell meeting of {day}"),
        "warning.history.paid": ("Hết cảnh báo: đã đóng đảng phí tháng {month}", "Warning ended: paid the dues of {month}"),
        "warning.history.lapsed": (
            "Hết cảnh báo: các tháng vi phạm đã quá {window} tháng", "Warning ended: its months are older than {window} months",
        ),
        "warning.history.removed": ("Chuyển thành xóa tên ngày {day}", "Became a removal on {day}"),
        "warning.history.left_rolls": ("Hết cảnh báo: không còn trong danh sách ngày {day}", "Warning ended: off the rolls on {day}"),
    }
)

#: Reasons in the order they are shown.
REASONS = (WarningReason.MISSED_MEETINGS, WarningReason.UNPAID_DUES)
_CHUNK = 5000


@dataclass(frozen=True)
class Assessment:
    """Where one member stands on one reason at a day."""

    months: tuple[dt.date, ...]  # first days of the months counted, oldest first
    level: WarningLevel
    threshold: int  # the months of the level reached


@dataclass(frozen=True)
class RemovalWarning:
    """A member at risk of removal, for one reason, at a day."""

    member_id: int
    name: str
    sort_key: str
    org_id: int
    org_code: str
    org_name: str
    reason: WarningReason
    months: tuple[dt.date, ...]
    level: WarningLevel
    threshold: int
    window_months: int
    regulation: str
    basis: str  # the regulation for a flag, the committee's own label for a warning

    @property
    def month_labels(self) -> tuple[str, ...]:
        return tuple(m.strftime("%Y-%m") for m in self.months)

    def explanation(self, lang: str | None = None) -> str:
        return i18n.t(
            "warning.reason", lang, reason=i18n.label(self.reason, lang).capitalize(), count=len(self.months),
            window=self.window_months, months=", ".join(m.strftime("%m/%Y") for m in self.months),
            level=i18n.label(self.level, lang), threshold=self.threshold, basis=self.basis,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "org": self.org_code,
            "reason": self.reason.value,
            "months": list(self.month_labels),
            "threshold": self.threshold,
            "level": self.level.value,
        }


@dataclass(frozen=True)
class HistoryEntry:
    day: dt.date
    reason: WarningReason
    kind: str  # started, flagged, attended, paid, lapsed, removed, left_rolls
    months: tuple[dt.date, ...] = ()

    def text(self, window: int, lang: str | None = None) -> str:
        months = ", ".join(m.strftime("%m/%Y") for m in self.months)
        return i18n.t(f"warning.history.{self.kind}", lang, reason=i18n.label(self.reason, lang), months=months,
                      day=self.day.isoformat(), month=self.day.strftime("%m/%Y"), window=window)


# --- the definition ---------------------------------------------------------------------------
def window_start(as_of: dt.date, rules: RemovalWarningRules) -> dt.date:
    """The first day of the oldest month the trailing window counts."""
    return add_months(as_of.replace(day=1), 1 - rules.window_months)


def assess(misses: Iterable[dt.date], kept: Iterable[dt.date], as_of: dt.date, rules: RemovalWarningRules,
           reason: WarningReason) -> Assessment | None:
    """The member's warning on ``reason`` at ``as_of``: ``misses`` are the days of unexcused
    absences (or the first days of unpaid months), ``kept`` the days of meetings attended (or
    of months paid) at the member's cell. None when there is none: fewer months than the
    warning's in the window, or a meeting attended (a month paid) after the last miss."""
    start = window_start(as_of, rules)
    counted = sorted(d for d in misses if start <= d <= as_of)
    if not counted:
        return None
    months = tuple(sorted({d.replace(day=1) for d in counted}))
    if len(months) < rules.warn_months:
        return None
    last = counted[-1]
    after = (lambda d: d > last) if reason == WarningReason.MISSED_MEETINGS else (lambda d: d > last.replace(day=1))
    if any(after(d) and d <= as_of for d in kept):
        return None
    if len(months) >= rules.flag_months:
        return Assessment(months, WarningLevel.FLAG, rules.flag_months)
    return Assessment(months, WarningLevel.WARNING, rules.warn_months)


# --- collecting the dates ---------------------------------------------------------------------
@dataclass(frozen=True)
class _Spell:
    """A stretch on one organisation's rolls: ``[start, end)`` (end None: still there)."""

    org_id: int
    start: dt.date
    end: dt.date | None

    def holds(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _roll_history(session: Session, member_ids: list[int], up_to: dt.date) -> dict[int, tuple[list[_Spell], tuple[EventKind, dt.date] | None]]:
    """Each member's spells on the rolls up to ``up_to`` and their latest exit (kind, day)."""
    rows: dict[int, list[tuple[dt.date, int, EventKind, int, str | None]]] = defaultdict(list)
    for chunk in _chunks(member_ids):
        q = select(MemberEvent.member_id, MemberEvent.event_date, MemberEvent.id, MemberEvent.kind, MemberEvent.org_id,
                   MemberEvent.transfer_scope).where(
            MemberEvent.member_id.in_(chunk), MemberEvent.event_date <= up_to,
            MemberEvent.kind.in_([EventKind.ADMISSION, EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT, *EXIT_KINDS]))
        for mid, day, eid, kind, org, scope in core(session).execute(q):
            rows[mid].append((day, eid, EventKind(kind), org, scope))
    out: dict[int, tuple[list[_Spell], tuple[EventKind, dt.date] | None]] = {}
    for mid, events in rows.items():
        spells: list[_Spell] = []
        current: tuple[int, dt.date] | None = None
        exit_: tuple[EventKind, dt.date] | None = None
        for day, _eid, kind, org, transfer_scope in sorted(events):
            if kind in (EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT) and transfer_scope != TransferScope.PERMANENT:
                continue
            if current is not None:
                spells.append(_Spell(current[0], current[1], day))
                current = None
            if kind in (EventKind.ADMISSION, EventKind.TRANSFER_IN):
                current, exit_ = (org, day), None
            elif kind in EXIT_KINDS:
                exit_ = (kind, day)
        if current is not None:
            spells.append(_Spell(current[0], current[1], None))
        out[mid] = (spells, exit_)
    return out


def _misses(session: Session, member_ids: list[int], start: dt.date, as_of: dt.date) -> dict[tuple[int, WarningReason], list[dt.date]]:
    out: dict[tuple[int, WarningReason], list[dt.date]] = defaultdict(list)
    for chunk in _chunks(member_ids):
        q = select(MeetingAbsence.member_id, MeetingAbsence.meeting_date).where(
            MeetingAbsence.member_id.in_(chunk), MeetingAbsence.excused.is_(False),
            MeetingAbsence.meeting_date >= start, MeetingAbsence.meeting_date <= as_of)
        for mid, day in core(session).execute(q):
            out[(mid, WarningReason.MISSED_MEETINGS)].append(day)
        q = select(DuesArrear.member_id, DuesArrear.month).where(
            DuesArrear.member_id.in_(chunk), DuesArrear.month >= start, DuesArrear.month <= as_of)
        for mid, month in core(session).execute(q):
            out[(mid, WarningReason.UNPAID_DUES)].append(month)
    return out


def _kept(session: Session, spells: dict[int, list[_Spell]], since: dt.date, as_of: dt.date) -> dict[tuple[int, WarningReason], list[dt.date]]:
    """The days each member attended a meeting of their cell (and the months they paid) in
    ``[since, as_of]``: held while on its rolls, with no absence of theirs recorded."""
    orgs = sorted({s.org_id for member in spells.values() for s in member})
    meetings: dict[int, list[dt.date]] = defaultdict(list)
    books: dict[int, list[dt.date]] = defaultdict(list)
    for chunk in _chunks(orgs):
        for org, day in core(session).execute(select(CellMeeting.org_id, CellMeeting.meeting_date).where(
                CellMeeting.org_id.in_(chunk), CellMeeting.meeting_date >= since, CellMeeting.meeting_date <= as_of)):
            meetings[org].append(day)
        for org, month in core(session).execute(select(DuesBook.org_id, DuesBook.month).where(
                DuesBook.org_id.in_(chunk), DuesBook.month >= since.replace(day=1), DuesBook.month <= as_of)):
            books[org].append(month)
    absent: set[tuple[int, dt.date]] = set()
    unpaid: set[tuple[int, dt.date]] = set()
    members = sorted(spells)
    for chunk in _chunks(members):
        absent.update((r[0], r[1]) for r in core(session).execute(select(MeetingAbsence.member_id, MeetingAbsence.meeting_date)
                                                            .where(MeetingAbsence.member_id.in_(chunk),
                                                                   MeetingAbsence.meeting_date >= since)))
        unpaid.update((r[0], r[1]) for r in core(session).execute(select(DuesArrear.member_id, DuesArrear.month)
                                                            .where(DuesArrear.member_id.in_(chunk),
                                                                   DuesArrear.month >= since.replace(day=1))))
    # A month's book concerns whoever is on the rolls at the month's end (or at the day).
    closes = {m: min(_month_end(m), as_of) for m in {m for months in books.values() for m in months}}
    out: dict[tuple[int, WarningReason], list[dt.date]] = defaultdict(list)
    for mid, member_spells in spells.items():
        for s in member_spells:
            if s.end is not None and s.end < since:
                continue
            out[(mid, WarningReason.MISSED_MEETINGS)] += [
                d for d in meetings.get(s.org_id, ()) if s.holds(d) and (mid, d) not in absent]
            out[(mid, WarningReason.UNPAID_DUES)] += [
                m for m in books.get(s.org_id, ()) if s.holds(closes[m]) and (mid, m) not in unpaid]
    return out


def _first_kept(session: Session, spells: dict[int, list[_Spell]], last: dict[tuple[int, WarningReason], dt.date],
                as_of: dt.date) -> dict[tuple[int, WarningReason], list[dt.date]]:
    """For each member and reason, a meeting attended (month paid) at a cell whose rolls the
    member was on, after their last miss, if any: all :func:`assess` needs to end a warning,
    read for many members at once.

    Most members have no absence at all after their last miss: for them the cell's latest
    meeting (book) after it, while they were on its rolls, is one they attended (paid). Only
    the few with later (excused) absences, or who moved, have their cells' meetings read."""
    if not last:
        return {}
    since = min(last.values())
    members = sorted(spells)
    # The members' absences (arrears) after the earliest last miss: few, mostly excused.
    absent: set[tuple[int, dt.date]] = set()
    unpaid: set[tuple[int, dt.date]] = set()
    for chunk in _chunks(members):
        absent.update((r[0], r[1]) for r in core(session).execute(select(MeetingAbsence.member_id, MeetingAbsence.meeting_date)
                                                                  .where(MeetingAbsence.member_id.in_(chunk),
                                                                         MeetingAbsence.meeting_date > since)))
        unpaid.update((r[0], r[1]) for r in core(session).execute(select(DuesArrear.member_id, DuesArrear.month)
                                                                  .where(DuesArrear.member_id.in_(chunk),
                                                                         DuesArrear.month > since.replace(day=1))))
    later = {m for m, _ in absent} | {m for m, _ in unpaid}
    single = {mid for mid in members if len(spells[mid]) == 1}
    simple = single - later
    latest_meeting: dict[int, dt.date] = {}
    latest_book: dict[int, dt.date] = {}
    for chunk in _chunks(sorted({spells[mid][0].org_id for mid in simple})):
        latest_meeting.update((o, d) for o, d in core(session).execute(
            select(CellMeeting.org_id, func.max(CellMeeting.meeting_date)).where(
                CellMeeting.org_id.in_(chunk), CellMeeting.meeting_date <= as_of).group_by(CellMeeting.org_id)))
        latest_book.update((o, d) for o, d in core(session).execute(
            select(DuesBook.org_id, func.max(DuesBook.month)).where(
                DuesBook.org_id.in_(chunk), DuesBook.month <= as_of).group_by(DuesBook.org_id)))
    # Members on one cell's rolls with later absences: that cell's meetings after the earliest
    # last miss, less the ones they missed.
    meetings: dict[int, list[dt.date]] = defaultdict(list)
    books: dict[int, list[dt.date]] = defaultdict(list)
    for chunk in _chunks(sorted({spells[mid][0].org_id for mid in single & later})):
        for org, day in core(session).execute(select(CellMeeting.org_id, CellMeeting.meeting_date).where(
                CellMeeting.org_id.in_(chunk), CellMeeting.meeting_date > since, CellMeeting.meeting_date <= as_of)):
            meetings[org].append(day)
        for org, month in core(session).execute(select(DuesBook.org_id, DuesBook.month).where(
                DuesBook.org_id.in_(chunk), DuesBook.month > since.replace(day=1), DuesBook.month <= as_of)):
            books[org].append(month)
    out: dict[tuple[int, WarningReason], list[dt.date]] = {}
    rest: dict[tuple[int, WarningReason], dt.date] = {}
    for (mid, reason), after in last.items():
        if mid not in single:
            rest[(mid, reason)] = after
            continue
        spell = spells[mid][0]
        meeting = reason == WarningReason.MISSED_MEETINGS
        after = after if meeting else after.replace(day=1)
        if mid in simple:
            d = (latest_meeting if meeting else latest_book).get(spell.org_id)
            candidates = [d] if d is not None else []
        else:
            candidates = sorted((meetings if meeting else books).get(spell.org_id, ()))
        gone = absent if meeting else unpaid
        for d in candidates:
            if d > after and spell.holds(d if meeting else min(_month_end(d), as_of)) and (mid, d) not in gone:
                out[(mid, reason)] = [d]
                break
    if rest:
        kept = _kept(session, {mid: spells[mid] for mid, _ in rest}, min(rest.values()), as_of)
        for key, after in rest.items():
            found = [d for d in kept.get(key, ()) if d > (after if key[1] == WarningReason.MISSED_MEETINGS else after.replace(day=1))]
            if found:
                out[key] = [min(found)]
    return out


def _month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def _scope(session: Session, root_id: int, as_of: dt.date, inside: set[int] | None) -> Any:
    """A filter on an organisation column: in ``root_id``'s catchment at ``as_of``. When the
    tree has not changed since ``as_of``, the closure of today's tree is that catchment (one
    subquery); else the catchment at the day, as a list."""
    from models.tree import tree_version

    if inside is None:
        changed = tree_version(session)
        if changed is None or changed <= as_of:
            c = ORG_CLOSURE.c
            below = select(c.descendant_id).where(c.ancestor_id == root_id)
            return lambda column: column.in_(below), None
        inside = catchment(session, root_id, as_of)
    ids = sorted(inside)
    return (lambda column: or_(*(column.in_(ids[i : i + _CHUNK]) for i in range(0, len(ids), _CHUNK)))), set(ids)


def _month_of(column: Any) -> Any:
    """The month of a date column, as text ``YYYY-MM`` (both databases write dates ISO)."""
    return func.substr(cast(column, String), 1, 7)


def _candidates(session: Session, in_scope: Any, start: dt.date, as_of: dt.date, least: int) -> list[int]:
    """Members who may have ``least`` distinct months of unexcused absences, or of unpaid
    dues, in the window and be on a roll of the catchment at ``as_of``: those with that many
    at organisations of the catchment (counted by the database), and those who came onto a roll
    of the catchment within the window (their misses may be elsewhere: the warning follows the
    member). :func:`removal_warnings` counts each one's misses wherever they were."""
    A, R, E = MeetingAbsence, DuesArrear, MemberEvent
    missed = (select(A.member_id).where(in_scope(A.org_id), A.excused.is_(False), A.meeting_date >= start,
                                        A.meeting_date <= as_of)
              .group_by(A.member_id).having(func.count(distinct(_month_of(A.meeting_date))) >= least))
    unpaid = (select(R.member_id).where(in_scope(R.org_id), R.month >= start, R.month <= as_of)
              .group_by(R.member_id).having(func.count(distinct(R.month)) >= least))
    came = select(E.member_id).where(in_scope(E.org_id), E.kind.in_([EventKind.ADMISSION, EventKind.TRANSFER_IN]),
                                     E.event_date >= start, E.event_date <= as_of)
    found = set(core(session).scalars(missed)) | set(core(session).scalars(unpaid))
    return sorted(found | set(core(session).scalars(came)))


# --- the kept warnings (migration 0014) --------------------------------------------------------
#: A kept row holds the months with a miss within this many months up to its last miss: a
#: window up to this long is read from the kept rows (the Charter's is twelve months).
KEPT_MONTHS = 24
_EARLIEST = dt.date(1900, 1, 1)
_FAR = dt.date(9000, 1, 1)  # after every recorded day: "with everything recorded"
_BOOKS = ("meeting", "dues")


def kept_eligible(session: Session, as_of: dt.date, rw: RemovalWarningRules) -> bool:
    """Whether the kept rows give exactly the books' warnings at ``as_of``: the window fits in
    what a row holds, and no meeting, dues book or roll event is dated after ``as_of`` (the
    rows say where each member stands with everything recorded)."""
    if rw.window_months > KEPT_MONTHS:
        return False
    books = core(session).scalar(select(func.max(WARNING_LATEST.c.last_date)))
    if books is not None and books > as_of:
        return False
    L = MEMBER_EVENT_LATEST.c
    rolls = core(session).scalar(select(func.max(L.last_date)).where(L.kind.in_(
        [EventKind.ADMISSION, EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT, *EXIT_KINDS])))
    return rolls is None or rolls <= as_of


def _kept_found(session: Session, root_id: int, as_of: dt.date, rw: RemovalWarningRules,
                inside: set[int] | None) -> list[RemovalWarning]:
    """The warnings at ``as_of`` from the kept rows of the catchment (see :func:`kept_eligible`):
    the rows whose ``warn_months``-th newest month is in the window (through the index on the
    second month), with the months in the window, the member's name and the cell's, in one
    statement."""
    W, Org = WARNING_STATES.c, Organisation
    start = window_start(as_of, rw)
    in_scope, _ = _scope(session, root_id, as_of, inside)
    q = (select(W.member_id, W.org_id, W.reason, W.months, Member.full_name, Member.sort_key, Org.code, Org.name)
         .join(Member, Member.id == W.member_id).join(Org, Org.id == W.org_id).where(in_scope(W.org_id)))
    q = _in_window(q, start, rw)
    out = []
    for mid, org_id, reason, text, name, sort_key, code, org_name in core(session).execute(q):
        months = _kept_months(text, start, rw)
        if months is None:
            continue
        flag = len(months) >= rw.flag_months
        out.append(RemovalWarning(
            member_id=mid, name=name, sort_key=sort_key, org_id=org_id, org_code=code, org_name=org_name,
            reason=WarningReason(reason), months=months, level=WarningLevel.FLAG if flag else WarningLevel.WARNING,
            threshold=rw.flag_months if flag else rw.warn_months, window_months=rw.window_months,
            regulation=rw.regulation, basis=rw.regulation if flag else rw.warn_label,
        ))
    return _ordered(out)


def _in_window(q: Any, start: dt.date, rw: RemovalWarningRules) -> Any:
    """``q`` over ``warning_states`` narrowed to the rows with ``warn_months`` months from
    ``start`` on (through the index on the second month)."""
    W = WARNING_STATES.c
    q = q.where(W.second >= start) if rw.warn_months >= 2 else q.where(W.last_miss >= start)
    if rw.warn_months > 2:
        q = q.where(func.substr(W.months, 8 * (rw.warn_months - 1) + 1, 7) >= start.strftime("%Y-%m"))
    return q


def _kept_months(text: str, start: dt.date, rw: RemovalWarningRules) -> tuple[dt.date, ...] | None:
    """The months of a kept row's ``months`` from ``start`` on, oldest first; None when they
    are fewer than a warning's."""
    first = start.strftime("%Y-%m")
    months = tuple(sorted(dt.date(int(m[:4]), int(m[5:7]), 1) for m in text.split(",") if m >= first))
    return months if len(months) >= rw.warn_months else None


def _open_rows(session: Session, member_ids: list[int]) -> list[dict[str, Any]]:
    """The kept rows of ``member_ids`` from the books, with everything recorded: per member on
    a roll and reason, the last miss when no meeting attended (month paid) follows it."""
    misses = _misses(session, member_ids, _EARLIEST, _FAR)
    if not misses:
        return []
    rolls = _roll_history(session, sorted({mid for mid, _ in misses}), _FAR)
    current = {mid: spells[-1] for mid, (spells, _) in rolls.items() if spells and spells[-1].end is None}
    last = {key: max(days) for key, days in misses.items() if key[0] in current}
    kept = _first_kept(session, {mid: rolls[mid][0] for mid in current}, last, _FAR)
    rows = []
    for (mid, reason), day in sorted(last.items()):
        if kept.get((mid, reason)):
            continue
        oldest = add_months(day.replace(day=1), 1 - KEPT_MONTHS)
        months = sorted({d.replace(day=1) for d in misses[(mid, reason)] if d >= oldest}, reverse=True)
        rows.append({"member_id": mid, "reason": reason.value, "org_id": current[mid].org_id, "last_miss": day,
                     "second": months[1] if len(months) > 1 else None,
                     "months": ",".join(m.strftime("%Y-%m") for m in months)})
    return rows


def refresh_members(session: Session, member_ids: Iterable[int]) -> None:
    """Recompute the kept rows of ``member_ids`` from the books, in the writer's transaction:
    after a roll event of theirs, an absence or arrear, or a meeting or book of a cell they
    were on the rolls of."""
    ids = sorted(set(member_ids))
    if not ids:
        return
    rows = _open_rows(session, ids)
    for chunk in _chunks(ids):
        core(session).execute(delete(WARNING_STATES).where(WARNING_STATES.c.member_id.in_(chunk)))
    if rows:
        core(session).execute(insert(WARNING_STATES), rows)


def refresh_after_book(session: Session, org_id: int, book: str, day: dt.date, named: Iterable[int]) -> None:
    """After a meeting (``book`` ``meeting``, on ``day``) or a month's dues book (``dues``, the
    month's first day) of the cell ``org_id`` naming ``named``: the rows of the members it names
    and of those with an open warning who were ever on the cell's rolls (it may end theirs),
    and the latest day recorded."""
    W, E = WARNING_STATES.c, MemberEvent
    held = set(core(session).scalars(select(W.member_id).where(
        W.member_id.in_(select(E.member_id).where(E.org_id == org_id)))))
    refresh_members(session, held | set(named))
    L = WARNING_LATEST.c
    known = core(session).scalar(select(L.last_date).where(L.book == book))
    if known is None:
        core(session).execute(insert(WARNING_LATEST).values(book=book, last_date=day))
    elif day > known:
        core(session).execute(WARNING_LATEST.update().where(L.book == book).values(last_date=day))


def rebuild(session: Session) -> None:
    """Every kept row from the books (``giaoban rebuild-stats``, migrations, bulk loads)."""
    core(session).execute(delete(WARNING_STATES))
    core(session).execute(delete(WARNING_LATEST))
    A, R = MeetingAbsence, DuesArrear
    ids = set(core(session).scalars(select(A.member_id).where(A.excused.is_(False)).distinct()))
    ids |= set(core(session).scalars(select(R.member_id).distinct()))
    for chunk in _chunks(sorted(ids)):
        rows = _open_rows(session, chunk)
        if rows:
            core(session).execute(insert(WARNING_STATES), rows)
    for book, column in zip(_BOOKS, (CellMeeting.meeting_date, DuesBook.month), strict=True):
        day = core(session).scalar(select(func.max(column)))
        if day is not None:
            core(session).execute(insert(WARNING_LATEST).values(book=book, last_date=day))


def present(session: Session) -> bool:
    """Whether the database has the kept warnings (migration 0014)."""
    return session.get_bind().dialect.has_table(session.connection(), WARNING_STATES.name)


# --- entry points -----------------------------------------------------------------------------
def removal_warnings(session: Session, root_id: int, as_of: dt.date, rules: Rules | None = None,
                     inside: set[int] | None = None) -> list[RemovalWarning]:
    """Every member of ``root_id``'s catchment on the rolls at ``as_of`` with a warning or a
    flag, the flags first, then by organisation and name (``inside``: the catchment, when the
    caller has it)."""
    rw = (rules or default_rules()).on(as_of).removal_warning
    if kept_eligible(session, as_of, rw):
        return _kept_found(session, root_id, as_of, rw, inside)
    start = window_start(as_of, rw)
    in_scope, listed = _scope(session, root_id, as_of, inside)
    # Only members with enough months in the window need anything more read.
    enough = _candidates(session, in_scope, start, as_of, rw.warn_months)
    if not enough:
        return []
    misses = _misses(session, enough, start, as_of)
    rolls = _roll_history(session, enough, as_of)
    current = {mid: spells[-1] for mid, (spells, _) in rolls.items() if spells and spells[-1].end is None}
    # Warned where they are now: on the rolls of an organisation of the catchment.
    if listed is None:

        c = ORG_CLOSURE.c
        here = set(core(session).scalars(select(c.descendant_id).where(
            c.ancestor_id == root_id, c.descendant_id.in_(sorted({s.org_id for s in current.values()})))))
    else:
        here = listed
    current = {mid: s for mid, s in current.items() if s.org_id in here}
    # Only a meeting attended (a month paid) after the last miss can end a warning.
    last = {key: max(days) for key, days in misses.items() if key[0] in current}
    kept = _first_kept(session, {mid: rolls[mid][0] for mid in current}, last, as_of)
    found: list[tuple[int, int, WarningReason, Assessment]] = []
    for mid in current:
        for reason in REASONS:
            got = assess(misses.get((mid, reason), ()), kept.get((mid, reason), ()), as_of, rw, reason)
            if got is not None:
                found.append((mid, current[mid].org_id, reason, got))
    return _finish(session, found, rw)


def _finish(session: Session, found: list[tuple[int, int, WarningReason, Assessment]],
            rw: RemovalWarningRules) -> list[RemovalWarning]:
    """The warnings of (member, organisation, reason, assessment), with names, in their order."""
    if not found:
        return []
    people: dict[int, Any] = {}
    ids = sorted({f[0] for f in found})
    for chunk in _chunks(ids):
        people.update((m.id, m) for m in core(session).execute(
            select(Member.id, Member.full_name, Member.sort_key).where(Member.id.in_(chunk))))
    orgs = orgs_by_id(session, {f[1] for f in found})
    out = []
    for mid, org_id, reason, got in found:
        org = orgs[org_id]
        flag = got.level == WarningLevel.FLAG
        out.append(RemovalWarning(
            member_id=mid, name=people[mid].full_name, sort_key=people[mid].sort_key, org_id=org.id,
            org_code=org.code, org_name=org.name, reason=reason, months=got.months, level=got.level,
            threshold=got.threshold, window_months=rw.window_months, regulation=rw.regulation,
            basis=rw.regulation if flag else rw.warn_label,
        ))
    return _ordered(out)


def _ordered(found: list[RemovalWarning]) -> list[RemovalWarning]:
    """The flags first, then by organisation, name and reason."""
    found.sort(key=lambda w: (w.level != WarningLevel.FLAG, w.org_code, w.sort_key, w.member_id, REASONS.index(w.reason)))
    return found


def members_at_risk(warnings: Iterable[RemovalWarning]) -> int:
    """How many members the warnings concern (a member may be warned for both reasons)."""
    return len({w.member_id for w in warnings})


def at_risk_counts(session: Session, org_ids: Iterable[int], as_of: dt.date, rules: Rules | None = None) -> dict[int, int]:
    """:func:`members_at_risk` of :func:`removal_warnings` under each of ``org_ids`` at
    ``as_of``. When the kept rows answer (:func:`kept_eligible`) and the tree has not changed
    since ``as_of`` (the closure of today's tree is each catchment), one statement for all of
    them through the closure; otherwise one reading of the warnings per organisation."""
    from models.tree import tree_version

    ids = sorted(set(org_ids))
    rw = (rules or default_rules()).on(as_of).removal_warning
    changed = tree_version(session)
    if not ids or not kept_eligible(session, as_of, rw) or (changed is not None and changed > as_of):
        return {o: members_at_risk(removal_warnings(session, o, as_of, rules)) for o in ids}
    W, up = WARNING_STATES.c, ORG_CLOSURE.alias("up")
    start = window_start(as_of, rw)
    warned: dict[int, set[int]] = {o: set() for o in ids}
    for i in range(0, len(ids), _CHUNK):
        q = (select(up.c.ancestor_id, W.member_id, W.months).join(up, up.c.descendant_id == W.org_id)
             .where(up.c.ancestor_id.in_(ids[i : i + _CHUNK])))
        for org, mid, text in core(session).execute(_in_window(q, start, rw)):
            if _kept_months(text, start, rw) is not None:
                warned[org].add(mid)
    return {o: len(members) for o, members in warned.items()}


def warning_history(session: Session, member_id: int, as_of: dt.date, rules: Rules | None = None) -> list[HistoryEntry]:
    """When the member's warnings began, reached the threshold and ended (attended, paid,
    lapsed, off the rolls) or became a removal, up to ``as_of``, oldest first."""
    rw = (rules or default_rules()).on(as_of).removal_warning
    spells, _ = _roll_history(session, [member_id], as_of).get(member_id, ([], None))
    if not spells:
        return []
    first = spells[0].start
    misses = _misses(session, [member_id], first, as_of)
    kept = _kept(session, {member_id: spells}, first, as_of)
    exits = [(d, k) for d, k in core(session).execute(select(MemberEvent.event_date, MemberEvent.kind).where(
        MemberEvent.member_id == member_id, MemberEvent.kind.in_(list(EXIT_KINDS)), MemberEvent.event_date <= as_of))]
    out: list[HistoryEntry] = []
    for reason in REASONS:
        miss, keep = misses.get((member_id, reason), []), kept.get((member_id, reason), [])
        days = sorted(set(miss) | set(keep) | {d for d, _ in exits})
        state: Assessment | None = None
        for day in days:
            if state is not None and any(d == day for d, _ in exits):
                kind = next(EventKind(k) for d, k in exits if d == day)
                out.append(HistoryEntry(day, reason, "removed" if kind == EventKind.REMOVAL else "left_rolls", state.months))
                state = None
                continue
            now = assess(miss, keep, day, rw, reason)
            if state is None and now is not None:
                out.append(HistoryEntry(day, reason, "started" if now.level == WarningLevel.WARNING else "flagged", now.months))
            elif state is not None and now is None:
                ended = "attended" if reason == WarningReason.MISSED_MEETINGS else "paid"
                out.append(HistoryEntry(day, reason, ended if day in keep else "lapsed", state.months))
            elif state is not None and now is not None and now.level != state.level and now.level == WarningLevel.FLAG:
                out.append(HistoryEntry(day, reason, "flagged", now.months))
            state = now
    out.sort(key=lambda h: (h.day, REASONS.index(h.reason)))
    return out


def at_risk_by_child(session: Session, root_id: int, as_of: dt.date, warnings: Iterable[RemovalWarning]) -> dict[int, int]:
    """Members at risk under each child of ``root_id`` at ``as_of`` (a member counts once).

    When the tree has not changed since ``as_of``, from the closure of today's tree (one
    query); else up each warned cell's parents at that day (shared parents read once)."""
    from models.tree import tree_version
    from models.tree import children_at, parent_at

    found = list(warnings)
    children = {c.id for c in children_at(session, root_id, as_of)} if found else set()
    if not children:
        return {}
    warned = sorted({w.org_id for w in found})
    where: dict[int, int] = {}
    changed = tree_version(session)
    if changed is None or changed <= as_of:
        c = ORG_CLOSURE.c
        for i in range(0, len(warned), _CHUNK):
            where.update((d, a) for d, a in core(session).execute(select(c.descendant_id, c.ancestor_id).where(
                c.descendant_id.in_(warned[i : i + _CHUNK]), c.ancestor_id.in_(sorted(children)))))
    else:
        parents: dict[int, int | None] = {}
        for org_id in warned:
            current: int | None = org_id
            seen: set[int] = set()
            while current is not None and current not in children and current not in seen:
                seen.add(current)
                if current not in parents:
                    parents[current] = parent_at(session, current, as_of)
                current = parents[current]
            if current in children:
                where[org_id] = current
    members: dict[int, set[int]] = defaultdict(set)
    for w in found:
        if w.org_id in where:
            members[where[w.org_id]].add(w.member_id)
    return {child: len(ids) for child, ids in members.items()}


@dataclass(frozen=True)
class CellRisk:
    """The members at risk of a cell, counted (what shared screens and documents show)."""

    org_id: int
    org_code: str
    org_name: str
    members: int  # members at risk, either reason
    flagged: int  # of those, at the Charter's threshold
    missed_meetings: int  # members warned for missed meetings
    unpaid_dues: int  # members warned for unpaid dues


def at_risk_by_cell(warnings: Iterable[RemovalWarning]) -> list[CellRisk]:
    """Per cell, the most members at risk first."""
    cells: dict[int, list[RemovalWarning]] = defaultdict(list)
    for w in warnings:
        cells[w.org_id].append(w)
    out = []
    for org_id, found in cells.items():
        out.append(CellRisk(
            org_id, found[0].org_code, found[0].org_name, members_at_risk(found),
            members_at_risk(w for w in found if w.level == WarningLevel.FLAG),
            members_at_risk(w for w in found if w.reason == WarningReason.MISSED_MEETINGS),
            members_at_risk(w for w in found if w.reason == WarningReason.UNPAID_DUES),
        ))
    out.sort(key=lambda c: (-c.flagged, -c.members, c.org_name))
    return out
