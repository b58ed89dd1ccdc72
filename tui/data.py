"""The only place the dashboard touches ``models``.

A :class:`Store` opens read sessions, resolves who is looking, checks their scope and calls
the read functions; it returns the plain dataclasses of :mod:`models.figures.data`. Writes (the
recording forms) go through :func:`models.record.perform` only: once rolled back to check, once
for real, so the check and the write are the same code. Screens
ask for data through :class:`DataClient.fetch`, a thread worker that posts :class:`Loaded`
back, so the first frame never waits for SQLAlchemy (imported lazily here) or a query. A
failed load becomes one visible notification (:meth:`DataClient.on_worker_state_changed`),
never a traceback, and the figures already on screen stay.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from tui.i18n import domain, language, tr
from tui.periods import Span

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from models.access import Actor
    from models.figures.data import MemberHistory, MemberRow, Overview, Problem, YearFlows
    from models.tree import OrgInfo


# ---------------------------------------------------------------- what a screen can ask for


@dataclass(frozen=True)
class OverviewQuery:
    """An organisation's overview: by id, or by code, or (neither) the user's root."""

    span: Span
    org_id: int | None = None
    code: str | None = None
    # The tree's day when the screen was drilled into from a past tree (a dissolved district);
    # None: today's.
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> Overview:
        return store.overview(session, self)


@dataclass(frozen=True)
class CellData:
    overview: Overview
    members: tuple[MemberRow, ...] | None  # None when the user may not see personal details
    refusal: str | None


@dataclass(frozen=True)
class CellQuery:
    org_id: int
    span: Span
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> CellData:
        return store.cell(session, self)


@dataclass(frozen=True)
class HistoryQuery:
    member_id: int
    lang: str  # the event details are sentences in this language
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> MemberHistory:
        return store.history(session, self.member_id, self.lang, self.day)


@dataclass(frozen=True)
class ProblemsQuery:
    org_id: int
    span: Span
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> list[Problem]:
        return store.problems(session, self.org_id, self.span, self.day)


@dataclass(frozen=True)
class PresentData:
    """What the slides show: the organisation's overview and its problem cells."""

    overview: Overview
    problems: tuple[Problem, ...]
    # The books of the last years with data up to the period's end, for the trend slide
    # (empty when no year has data).
    trend: tuple[YearFlows, ...]
    at_risk: AtRisk | None = None  # members at risk of removal, counted (no names on a projector)
    conclusions: tuple[Any, ...] = ()  # models.conclusions.ConclusionRow


@dataclass(frozen=True)
class PresentQuery:
    """The slides of an organisation (None: the user's root) for a period."""

    span: Span
    org_id: int | None = None
    code: str | None = None
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> PresentData:
        return store.present(session, self)


@dataclass(frozen=True)
class AtRisk:
    """Members at risk of removal under an organisation: counts for everyone (aggregates),
    the list for users entitled to personal details."""

    members: int  # members with a warning or a flag
    flagged: int  # of those, members at the Charter's threshold
    by_child: dict[int, int]  # members at risk under each child organisation
    cells: tuple[Any, ...]  # models.removal_warnings.CellRisk: counts per cell, no names
    warnings: tuple[Any, ...] | None  # models.removal_warnings.RemovalWarning; None: not entitled
    refusal: str | None = None


@dataclass(frozen=True)
class AtRiskQuery:
    """Members at risk under ``org_id``; ``names``: the list with names (a logged read)."""

    org_id: int
    day: dt.date | None = None
    names: bool = False

    def run(self, store: Store, session: Session) -> AtRisk:
        return store.at_risk(session, self.org_id, self.day, names=self.names)


@dataclass(frozen=True)
class OfficeOrg:
    """One row of the statistics screen: an organisation (the one shown, then each child)."""

    org_id: int
    code: str
    name: str


@dataclass(frozen=True)
class OfficeView:
    """The organisation office's figures (issue 18) of an organisation and each child, as the
    statistics screen shows them; ``previous``: the same days of the year before, for a period
    in progress (``models.figures.service.Briefing.office_previous``)."""

    orgs: tuple[OfficeOrg, ...]  # the organisation first, then its children
    office: Any  # models.figures.office.OfficeFigures
    previous: Any = None


@dataclass(frozen=True)
class OfficeQuery:
    """The statistical report of members, discipline, badges and ratings under ``org_id``."""

    org_id: int
    span: Span
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> OfficeView:
        return store.office(session, self.org_id, self.span, self.day)


@dataclass(frozen=True)
class ConclusionsQuery:
    """The conclusions of past briefings for organisations under ``org_id``, as they stand."""

    org_id: int
    day: dt.date | None = None

    def run(self, store: Store, session: Session) -> tuple[Any, ...]:
        return store.conclusions(session, self.org_id, self.day)




@dataclass(frozen=True)
class AuditLine:
    """One audit row as the audit screen shows it (the organisation by code and name)."""

    row: Any  # models.audit.AuditRow
    org: str


@dataclass(frozen=True)
class AuditPage:
    lines: tuple[AuditLine, ...]
    offset: int
    has_more: bool
    total: int  # entries matching the query, all pages together


@dataclass(frozen=True)
class AuditQuery:
    """A page of the audit log, newest first: the entries containing ``search`` (the whole
    log, in the database), reads of personal details included unless ``reads`` is False."""

    offset: int = 0
    limit: int = 200
    search: str = ""
    reads: bool = True

    def run(self, store: Store, session: Session) -> AuditPage:
        return store.audit_page(session, self)


Query = (OverviewQuery | CellQuery | HistoryQuery | ProblemsQuery | PresentQuery | AuditQuery | AtRiskQuery
         | ConclusionsQuery | OfficeQuery)


class Loaded(Message):
    """The result of a query, posted from the worker to the screen that asked."""

    def __init__(self, query: Any, result: Any) -> None:
        super().__init__()
        self.query = query
        self.result = result


# ---------------------------------------------------------------- the store

#: How many overview answers the store remembers the change counter of (for the snapshot).
STAMPED_KEEP = 16


def to_period(span: Span) -> Any:
    from models.figures.data import Period

    return Period(span.start_year, span.end_year)


class Store:
    """Reads for the dashboard. Thread-safe: every call opens its own session."""

    def __init__(
        self,
        engine_factory: Callable[[], Engine],
        *,
        as_of: dt.date,
        login: str | None = None,
        as_user: str | None = None,
        demo_fallback: bool = False,
        url: str | None = None,
    ) -> None:
        self._engine_factory = engine_factory
        # The database's URL as configured, for the snapshot of the first screen's figures
        # (:mod:`tui.snapshot`; SQLite only); None: no snapshots.
        self._url = url
        self._stamped: dict[Any, tuple[tuple[int, str], Any]] = {}
        self._engine: Engine | None = None  # set once the schema is known to be current
        self._built: Engine | None = None
        self.as_of = as_of
        self._login = login
        self._as_user = as_user
        self._demo_fallback = demo_fallback
        self._actor: Actor | None = None
        self.is_demo_actor = False
        self.demo_login = ""
        self._lock = threading.Lock()
        self._memo: Any = None
        # The change counter when the first screen's figures were read (on PostgreSQL they
        # may be of a later one), so that the live updates, started once they are painted,
        # notice a commit made meanwhile.
        self.first_revision: int | None = None

    def figures_memo(self) -> Any:
        """The :class:`models.figures.memo.FiguresMemo` of this dashboard (made at first use:
        its module loads SQLAlchemy, which the first frame does without)."""
        with self._lock:
            if self._memo is None:
                from models.figures.service import FiguresMemo

                self._memo = FiguresMemo()
            return self._memo

    # Sessions and identity

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                engine = self._built_engine()
                self._ensure_schema(engine)
                self._engine = engine
            return self._engine

    def close(self) -> None:
        """Close the connections this store holds (the app ends; from any thread)."""
        built = self._built
        if built is not None:
            built.dispose()

    def _built_engine(self) -> Engine:
        if self._built is None:
            self._built = self._engine_factory()
        return self._built

    def database_url(self) -> str:
        """The database's URL as it may be shown (password hidden), even when unreachable."""
        from models.db import redacted

        return redacted(self._built_engine().url)

    def without_secrets(self, text: str) -> str:
        """``text`` (a driver's message) with the database password hidden, wherever it is."""
        from models.db import without_secrets

        return without_secrets(text, self._built_engine().url)

    def _ensure_schema(self, engine: Engine) -> None:
        """A database behind the newest migration: the demo database is giaoban's own and is
        upgraded in place; any other is refused with the command that upgrades it, since a
        shared database is upgraded by its administrator, once."""
        from models.db import redacted
        from models.errors import DomainError
        from models.schema_version import is_current  # Alembic is loaded only to upgrade

        if is_current(engine):
            return
        if self._demo_fallback:
            from models.migrate import upgrade

            upgrade(engine)
            return
        raise DomainError("db.not_initialised", url=redacted(engine.url))

    def read(self, query: Query) -> Any:
        from models.uow import read_session

        with read_session(self.engine()) as session:
            # The change counter first, in the same read transaction: the figures are those
            # of that revision or, on PostgreSQL, a later one (never shown as current).
            stamp = self._read_stamp(session) if self._stamps(query) else None
            first = self.first_revision is None and isinstance(query, OverviewQuery)
            revision = self._read_revision(session) if first else None
            result = query.run(self, session)
        if revision is not None:
            with self._lock:
                if self.first_revision is None:
                    self.first_revision = revision
        if stamp is not None:
            with self._lock:
                self._stamped.pop(query, None)
                self._stamped[query] = (stamp, result)
                while len(self._stamped) > STAMPED_KEEP:
                    del self._stamped[next(iter(self._stamped))]
        return result

    # The snapshot of the first screen's figures (tui.snapshot)

    def _stamps(self, query: Query) -> bool:
        from models.revision import sqlite_file

        return (isinstance(query, OverviewQuery) and query.day is None and self._url is not None
                and sqlite_file(self._url) is not None)

    @staticmethod
    def _read_revision(session: Session) -> int:
        """The change counter (0 before any write), as :class:`models.changes.ChangeWatcher`
        reads it."""
        from sqlalchemy import text

        from models.revision import STAMP_SQL

        row = session.execute(text(STAMP_SQL)).first()
        return int(row[0]) if row is not None else 0

    @staticmethod
    def _read_stamp(session: Session) -> tuple[int, str] | None:
        from sqlalchemy import text

        from models.revision import STAMP_SQL

        row = session.execute(text(STAMP_SQL)).first()
        return (int(row[0]), str(row[1])) if row is not None and row[1] is not None else None

    def snapshot_key(self, root: str | None, span: Span) -> Any:
        """What the first screen's figures are kept under; None without snapshots."""
        if self._url is None:
            return None
        from models.login import os_login
        from tui.snapshot import SnapshotKey

        return SnapshotKey(self._url, self._login or os_login(), self._as_user, root, (span.start_year, span.end_year))

    def snapshots_kept(self) -> bool:
        """Whether any figures were kept at all (else a start need not work out its key: the
        user's login, a hash of what was asked)."""
        if self._url is None:
            return False
        from tui.snapshot import snapshot_dir

        directory = snapshot_dir()
        return directory.is_dir() and any(directory.glob("*.json"))

    def start_snapshot(self, key: Any) -> Overview | None:
        """The figures kept for ``key`` when nothing was written to the database since they
        were read, today (read without SQLAlchemy, before the first frame); else None."""
        if key is None or not key.path().is_file():
            return None
        from models.revision import sqlite_stamp

        stamp = sqlite_stamp(self._url or "")
        if stamp is None:
            return None
        from tui import snapshot

        return snapshot.load(key, stamp, self.as_of)  # type: ignore[no-any-return]

    def save_snapshot(self, key: Any, query: OverviewQuery, result: Overview) -> None:
        """Keep ``result`` for ``key`` with the counter it was read at (in a worker)."""
        with self._lock:
            stamp, read = self._stamped.get(query, (None, None))
        if key is None or stamp is None or read is not result:
            return
        from tui import snapshot

        snapshot.save(key, stamp, self.as_of, result)

    def actor(self, session: Session) -> Actor:
        if self._actor is not None:
            return self._actor
        from models.access import Actor, resolve_actor
        from models.enums import Role
        from models.errors import AccessDenied

        try:
            actor = resolve_actor(session, self._login, self._as_user)
        except AccessDenied as exc:
            # Only on the demo database the fixture created: whoever opens it may look around.
            if not (self._demo_fallback and exc.key == "access.unknown_user"):
                from models.record.runner import audit_refusal

                audit_refusal(self.engine(), self._login, self._as_user, "dashboard.open", exc)
                raise
            from models.access import os_login

            real = self._login or os_login()
            actor = Actor(user_id=None, login=real, role=Role.ADMIN, scope_org_id=None, os_login=real)
            self.is_demo_actor = True
            self.demo_login = real
        self._actor = actor
        return actor

    def whoami(self) -> Actor:
        from models.uow import read_session

        with read_session(self.engine()) as session:
            return self.actor(session)

    def watcher(self, interval: float = 0.25) -> Any:
        """A :class:`models.changes.ChangeWatcher` on this store's database (its own connection)."""
        from models.changes import ChangeWatcher

        return ChangeWatcher(self.engine(), sqlite_interval=interval)

    @staticmethod
    def watch_errors() -> tuple[type[BaseException], ...]:
        """What a watcher raises when the database is out of reach."""
        from sqlalchemy.exc import DBAPIError

        from models.changes import DatabaseUnavailable

        return (DatabaseUnavailable, DBAPIError)

    # Reads

    def _org_id(self, session: Session, org_id: int | None, code: str | None) -> int:
        from models.tree import get_org, roots_at

        if org_id is not None:
            return org_id
        if code:
            return get_org(session, code).id
        actor = self.actor(session)
        if actor.scope_org_id is not None:
            return actor.scope_org_id
        roots = roots_at(session, self.as_of)
        if not roots:
            from models.errors import NotFound

            raise NotFound("org.not_found", field="org", code="—")
        return roots[0].id

    def _readable_tree_day(self, session: Session, org_id: int, day: dt.date | None) -> dt.date:
        """The day whose tree ``org_id`` is read under (as the figures engine chooses it), once
        the user is known to may read it there: for the reads beside the engine (members at
        risk, conclusions), which check access first as the engine does."""
        from models.access import require_read
        from models.figures.service import tree_day_for
        from models.tree import get_org_by_id

        org = get_org_by_id(session, org_id)
        tree_day = tree_day_for(org, self.as_of, day)
        require_read(session, self.actor(session), org.id, org.code, tree_day)
        return tree_day

    def _briefing(self, session: Session, org_id: int, span: Span, day: dt.date | None, parts: Any) -> Any:
        """The figures engine's one entry point (models.figures.service), which checks that
        the user may read the organisation under the tree of ``day`` (today when None)."""
        from models.figures.service import briefing

        # A quarter or a half: the year figures of its year, the office's figures of its days.
        return briefing(session, self.actor(session), org_id, to_period(span), today=self.as_of, tree_day=day,
                        parts=parts, memo=self.figures_memo(), days=span.days())

    def overview(self, session: Session, query: OverviewQuery) -> Overview:
        from models.figures.service import Part

        org_id = self._org_id(session, query.org_id, query.code)
        return self._briefing(session, org_id, query.span, query.day, frozenset({Part.OVERVIEW})).overview  # type: ignore[no-any-return]

    def present(self, session: Session, query: PresentQuery) -> PresentData:
        from models.figures.service import Part

        org_id = self._org_id(session, query.org_id, query.code)
        got = self._briefing(session, org_id, query.span, query.day, frozenset({Part.OVERVIEW, Part.PROBLEMS, Part.TREND}))
        return PresentData(got.overview, got.problems, got.trend, self.at_risk(session, org_id, query.day),
                           self.conclusions(session, org_id, query.day))

    def cell(self, session: Session, query: CellQuery) -> CellData:
        from models.errors import AccessDenied
        from models.figures.service import Part
        from models.people import cell_members

        got = self._briefing(session, query.org_id, query.span, query.day, frozenset({Part.OVERVIEW}))
        try:
            # The read side opens its own sessions: it audits the read in a write transaction.
            members = tuple(cell_members(self.engine(), self.actor(session), query.org_id, got.tree_day))
        except AccessDenied as exc:
            return CellData(got.overview, None, exc.message(language()))
        return CellData(got.overview, members, None)

    def history(self, session: Session, member_id: int, lang: str, day: dt.date | None = None) -> MemberHistory:
        from models.people import member_history

        as_of = min(day, self.as_of) if day else self.as_of
        return member_history(self.engine(), self.actor(session), member_id, lang=lang, as_of=as_of)

    def problems(self, session: Session, org_id: int, span: Span, day: dt.date | None = None) -> list[Problem]:
        from models.figures.service import Part

        return list(self._briefing(session, org_id, span, day, frozenset({Part.PROBLEMS})).problems)

    def at_risk(self, session: Session, org_id: int, day: dt.date | None = None, *, names: bool = False) -> AtRisk:
        """Members at risk of removal under ``org_id`` (models.removal_warnings): the counts
        always, the names only for users entitled to them (that read is logged)."""
        from models.errors import AccessDenied
        from models.removal_warnings import (
            at_risk_by_cell,
            at_risk_by_child,
            members_at_risk,
            removal_warnings,
        )
        from models.warning_reads import read_warnings

        as_of = self._readable_tree_day(session, org_id, day)
        refusal = None
        listed: tuple[Any, ...] | None = None
        if names:
            try:
                listed = tuple(read_warnings(self.engine(), self.actor(session), org_id, as_of))
            except AccessDenied as exc:
                refusal = exc.message(language())
        found = list(listed) if listed is not None else removal_warnings(session, org_id, as_of)
        flagged = members_at_risk(w for w in found if w.level.value == "flag")
        return AtRisk(members_at_risk(found), flagged, at_risk_by_child(session, org_id, as_of, found),
                      tuple(at_risk_by_cell(found)), listed, refusal)

    def office(self, session: Session, org_id: int, span: Span, day: dt.date | None = None) -> OfficeView:
        """The office's figures of ``org_id`` and its children for ``span`` (the engine's
        :attr:`Part.OFFICE`, which checks access first)."""
        from models.figures.service import Part
        from models.tree import orgs_by_ids

        got = self._briefing(session, org_id, span, day, frozenset({Part.OFFICE}))
        orgs = orgs_by_ids(session, got.office.statistics)
        rows = tuple(OfficeOrg(oid, orgs[oid].code, orgs[oid].name) for oid in got.office.statistics)
        return OfficeView(rows, got.office, got.office_previous)

    def conclusions(self, session: Session, org_id: int, day: dt.date | None = None) -> tuple[Any, ...]:
        from models.conclusions import conclusions_for

        as_of = self._readable_tree_day(session, org_id, day)
        return tuple(conclusions_for(session, self.actor(session), org_id, as_of))

    def audit_page(self, session: Session, query: AuditQuery) -> AuditPage:
        """Refused (with the rule's words) for anyone but admins and district staff."""
        from models.audit import count_audit, list_audit
        from models.enums import AuditOutcome
        from models.errors import AccessDenied
        from models.tree import orgs_by_id

        actor = self.actor(session)
        try:
            rows = list_audit(session, actor, limit=query.limit + 1, offset=query.offset, newest_first=True,
                              search=query.search, reads=query.reads)
        except AccessDenied as exc:
            self._log_audit_read(actor, AuditOutcome.REFUSED, query, exc.message("en"))
            raise
        total = count_audit(session, actor, search=query.search, reads=query.reads)
        # Who read the log, and what they asked for, is itself kept in it.
        self._log_audit_read(actor, AuditOutcome.READ, query, None)
        # Only the page's organisations (all of them is 320,000 at country scale: seconds).
        orgs = orgs_by_id(session, (r.org_id for r in rows if r.org_id is not None))
        lines = tuple(
            AuditLine(r, f"{orgs[r.org_id].code} {orgs[r.org_id].name}" if r.org_id in orgs else "")
            for r in rows[: query.limit]
        )
        return AuditPage(lines, query.offset, len(rows) > query.limit, total)

    def _log_audit_read(self, actor: Actor, outcome: Any, query: AuditQuery, message: str | None) -> None:
        from models.audit import audit
        from models.uow import write_session

        asked = {"search": query.search, "reads": query.reads, "offset": query.offset}
        # No screen shows it: other dashboards need not re-read (nor log their re-reading).
        with write_session(self.engine(), changes_figures=False) as session:
            audit(session, actor, "audit.read", outcome, after=asked, message=message)

    # Writes: every one goes through an operation of models.record, run by models.record.perform

    def current_actor(self) -> Actor | None:
        """Who is looking, once a first read has said so (None before)."""
        return self._actor

    def may_record(self) -> bool:
        """Whether this user writes anywhere; where exactly is checked by :meth:`check_write`."""
        actor = self._actor
        return actor is not None and actor.can_write and not self.is_demo_actor and not self.read_only()

    def read_only(self) -> bool:
        """The database is a SQLite file this process may not write (a copy for a viewer)."""
        from models.db import read_only

        return self._engine is not None and read_only(self._engine)

    def may_audit(self) -> bool:
        from models.enums import Role

        actor = self._actor
        return actor is not None and actor.role in (Role.ADMIN, Role.DISTRICT_STAFF) and not self.is_demo_actor

    def write_refusal(self) -> str:
        """Why this user may not record anything, in the app's language."""
        from models.errors import AccessDenied

        actor = self._actor
        if self.read_only() and self._engine is not None:
            from models.db import sqlite_path
            from models.errors import DomainError

            return DomainError("db.read_only", path=sqlite_path(self._engine) or "").message(language())
        if self.is_demo_actor or actor is None:
            exc = AccessDenied("access.unknown_user", field="user", login=self.demo_login or (self._login or ""))
        else:
            from models import i18n

            exc = AccessDenied("access.read_only", role=i18n.label(actor.role, language()))
        return exc.message(language())

    def audit_refusal(self) -> str:
        """Why this user may not read the audit log (the read side's own sentence)."""
        import models.audit  # noqa: F401  registers the sentence
        from models.errors import AccessDenied

        return AccessDenied("audit.staff_only").message(language())

    def check_write(self, org_id: int) -> None:
        """Raise :class:`~models.errors.AccessDenied` unless the user may write at ``org_id``
        today (the operations check again, at the event's date)."""
        from models.access import require_write
        from models.errors import AccessDenied
        from models.tree import get_org_by_id
        from models.uow import read_session

        with read_session(self.engine()) as session:
            actor = self.actor(session)
            if self.is_demo_actor:
                raise AccessDenied("access.unknown_user", field="user", login=self.demo_login)
            require_write(session, actor, org_id, get_org_by_id(session, org_id).code, self.as_of)

    def _operation(self, name: str) -> Callable[..., Any]:
        import models.record as record

        if name in ("member_rating", "org_rating"):
            from models import ratings

            return getattr(ratings, name)  # type: ignore[no-any-return]
        if name == "discipline":
            from models.discipline import discipline

            return discipline
        if name == "issue_card":
            from models.cards import issue_card

            return issue_card
        if name not in record.__all__ or name in ("perform", "Recorded"):
            raise ValueError(f"no write operation {name!r}")
        return getattr(record, name)  # type: ignore[no-any-return]

    def check_record(self, op: str, kwargs: dict[str, Any]) -> Any:
        """Run the operation in a transaction that is rolled back: its refusal, or what it
        would record. The same code as :meth:`record`, so the check cannot drift from it."""
        from models.record import perform

        return perform(self.engine(), self._login, self._as_user, self._operation(op), dry_run=True, **kwargs)

    def record(self, op: str, kwargs: dict[str, Any]) -> Any:
        """Write: one transaction, the operation's checks, one audit row."""
        from models.record import perform

        return perform(self.engine(), self._login, self._as_user, self._operation(op), **kwargs)

    def open_candidates(self, org_id: int) -> list[Any]:
        from models.people import open_candidates
        from models.uow import read_session

        with read_session(self.engine()) as session:
            actor = self.actor(session)
        return open_candidates(self.engine(), actor, org_id, self.as_of)

    def open_links(self, member_id: int) -> list[Any]:
        from models.people import open_residence_links
        from models.uow import read_session

        with read_session(self.engine()) as session:
            actor = self.actor(session)
        return open_residence_links(self.engine(), actor, member_id, self.as_of)

    def org_index(self) -> list[OrgInfo]:
        """Organisations valid today in the user's scope, for "go to organisation"."""
        from models.access import scope_ids
        from models.tree import orgs_valid_at
        from models.uow import read_session

        with read_session(self.engine()) as session:
            ids = scope_ids(session, self.actor(session), self.as_of)
            return [o for o in orgs_valid_at(session, self.as_of) if ids is None or o.id in ids]

    def org_former_names(self) -> dict[int, tuple[str, ...]]:
        """The names other than the latest of every organisation ever renamed: "go to
        organisation" finds one by any name it bore."""
        from models.org_names import former_names
        from models.uow import read_session

        with read_session(self.engine()) as session:
            return former_names(session)


# ---------------------------------------------------------------- screens that load data


def error_text(error: BaseException, store: Store | None = None) -> str:
    """What a person reads when a load fails: the domain's own sentence when there is one."""
    from sqlalchemy.exc import OperationalError

    from models.errors import DomainError

    if isinstance(error, DomainError):
        return tr("app.error", message=error.message(language()))
    if isinstance(error, OperationalError) and store is not None:
        detail = str(error.orig).strip().splitlines()[0] if error.orig is not None else ""
        return domain("db.unreachable", url=store.database_url(), detail=store.without_secrets(detail))
    return tr("app.unexpected_error", kind=type(error).__name__, message=str(error).splitlines()[0] if str(error) else "")


class DataClient:
    """Mixin for screens whose content comes from one query.

    A screen sets :attr:`data_query` and calls :meth:`reload`; the result arrives as a
    :class:`Loaded` message. Re-issuing a query cancels the one in flight (``exclusive``).
    """

    data_query: Any = None
    stale: bool = False

    def reload(self) -> None:
        if self.data_query is not None:
            self.stale = False
            self.fetch(self.data_query)

    @work(thread=True, exclusive=True, group="data", exit_on_error=False)
    def fetch(self, query: Any) -> None:
        worker = get_current_worker()
        result = self.app.store.read(query)  # type: ignore[attr-defined]
        if not worker.is_cancelled:
            self.post_message(Loaded(query, result))  # type: ignore[attr-defined]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
            self.load_failed(event.worker.error)

    def load_failed(self, error: BaseException) -> None:
        """Screens may show something in place of data that never came."""
