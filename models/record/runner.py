"""Running an operation for a person: resolve who acts, do the work in one transaction, and
keep a trace of refusals (for lack of rights, or because a rule was broken) even though the
work itself is rolled back.

Access comes first: the actor is resolved (unregistered and disabled logins are refused)
and the request's target checked against their scope (:func:`models.access.require_targets`)
before the operation reads anything about it, so that no refusal tells a fact the actor may
not see.

A *dry run* does the same work in a transaction that is rolled back: the dashboard's forms
validate with it, so what they check is exactly what the real write checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.access import Actor, current_login, require_targets, resolve_actor
from models.audit import audit
from models.enums import AuditOutcome, Role
from models.errors import AccessDenied, DomainError
from models.schema import Organisation, User
from models.uow import read_session, write_session

T = TypeVar("T")

#: Refusals that say nothing about the request itself (the database was busy, a constraint
#: of the database): they are not kept in the audit log.
UNAUDITED_PREFIX = "db."


class _RollBack(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a dry run's transaction so that it is rolled back; carries the result."""

    def __init__(self, result: Any) -> None:
        super().__init__("dry run")
        self.result = result


def perform(
    engine: Engine,
    actor_login: str | None,
    as_user: str | None,
    op: Callable[..., T],
    *,
    dry_run: bool = False,
    **kwargs: Any,
) -> T:
    """Run ``op(session, actor, **kwargs)`` for the login ``actor_login`` (default: this
    process's, :func:`models.access.current_login`), acting as ``as_user`` when an admin asks. Returns what ``op`` returns.

    With ``dry_run`` the work is done and checked, then rolled back: the result says what
    would be written. A refusal (a :class:`DomainError`) is audited in a short transaction of
    its own either way, after the refused work was rolled back."""
    login = actor_login
    try:
        with write_session(engine) as session:
            login = login or current_login(session)
            actor = resolve_actor(session, login, as_user)
            require_targets(session, actor, kwargs)
            result = op(session, actor, **kwargs)
            if dry_run:
                raise _RollBack(result)
            return result
    except _RollBack as done:
        return done.result  # type: ignore[no-any-return]
    except DomainError as exc:
        if not exc.key.startswith(UNAUDITED_PREFIX):
            _audit_refusal(engine, login, as_user, op, kwargs, exc, dry_run=dry_run)
        raise


def _audit_refusal(
    engine: Engine,
    login: str | None,
    as_user: str | None,
    op: Callable[..., Any],
    kwargs: dict[str, Any],
    exc: DomainError,
    *,
    dry_run: bool = False,
) -> None:
    # The figures did not change: open dashboards need not re-read for a refusal.
    with write_session(engine, changes_figures=False) as session:
        actor = _actor_for_refusal(session, login or current_login(session), as_user)
        extra: dict[str, Any] = {"rule": exc.key}
        if exc.field:
            extra["field"] = exc.field
        if exc.regulation:
            extra["regulation"] = exc.regulation
        if dry_run:
            extra["checked_before_writing"] = True
        audit(
            session,
            actor,
            f"record.{getattr(op, '__name__', 'operation')}",
            AuditOutcome.REFUSED,
            org_id=_org_id(session, kwargs),
            after={k: v for k, v in kwargs.items() if k != "rules"},
            message=exc.message("en"),
            extra=extra,
        )


def _actor_for_refusal(session: Session, login: str, as_user: str | None) -> Actor:
    """Who tried, as far as the database knows them (an unknown login is still written)."""
    try:
        return resolve_actor(session, login, as_user)
    except AccessDenied:
        user = session.scalar(select(User).where(User.login == login))
        return Actor(
            user_id=user.id if user else None,
            login=as_user or login,
            role=Role(user.role) if user else Role.VIEWER,
            scope_org_id=user.scope_org_id if user else None,
            os_login=login,
        )


def _org_id(session: Session, kwargs: dict[str, Any]) -> int | None:
    """The organisation a refused request was about: the one named, else the member's (their
    latest event's), the candidate's or the residence link's workplace."""
    from models.schema import Candidate, MemberEvent, ResidenceLink

    for key in ("org", "into", "parent"):
        code = kwargs.get(key)
        if isinstance(code, str):
            found = session.scalar(select(Organisation.id).where(Organisation.code == code))
            if found is not None:
                return found
    lookups = (
        ("member_id", select(MemberEvent.org_id).order_by(MemberEvent.event_date.desc(), MemberEvent.id.desc()), MemberEvent.member_id),
        ("candidate_id", select(Candidate.org_id), Candidate.id),
        ("link_id", select(ResidenceLink.workplace_org_id), ResidenceLink.id),
    )
    for key, stmt, column in lookups:
        value = kwargs.get(key)
        if isinstance(value, int) and 0 < value < 2**63:  # larger ids name nothing (and overflow)
            return session.scalar(stmt.where(column == value).limit(1))
    return None


def authorise(
    engine: Engine,
    action: str,
    as_user: str | None = None,
    check: Callable[[Session, Actor], None] | None = None,
    detail: dict[str, Any] | None = None,
) -> Actor:
    """The actor of a command that is not a record operation (a listing, a report, an export,
    an import), once ``check(session, actor)`` allowed it; reads nothing else first. A refusal
    (unregistered or disabled login, out of scope, wrong role) is audited under ``action``
    with ``detail``, then raised."""
    login: str | None = None
    try:
        with read_session(engine) as session:
            login = current_login(session)
            actor = resolve_actor(session, login, as_user)
            if check is not None:
                check(session, actor)
            return actor
    except AccessDenied as exc:
        audit_refusal(engine, login, as_user, action, exc, detail)
        raise


def audit_refusal(
    engine: Engine, login: str | None, as_user: str | None, action: str, exc: DomainError, detail: dict[str, Any] | None = None
) -> None:
    """Keep a refusal of ``action`` in the audit log, in a transaction of its own (not on a
    read-only copy of the database, which can hold no log: the refusal is still raised)."""
    from models.db import read_only

    if read_only(engine):
        return
    with write_session(engine, changes_figures=False) as session:
        actor = _actor_for_refusal(session, login or current_login(session), as_user)
        extra: dict[str, Any] = {"rule": exc.key}
        if exc.field:
            extra["field"] = exc.field
        audit(session, actor, action, AuditOutcome.REFUSED, after=detail, message=exc.message("en"), extra=extra)
