"""Running an operation for a person: resolve who acts, do the work in one transaction, and
keep a trace of refusals for lack of rights even though the work itself is rolled back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.access import Actor, os_login, resolve_actor
from models.audit import audit
from models.enums import AuditOutcome, Role
from models.errors import AccessDenied
from models.schema import Organisation, User
from models.uow import write_session

T = TypeVar("T")


def perform(
    engine: Engine,
    actor_login: str | None,
    as_user: str | None,
    op: Callable[..., T],
    **kwargs: Any,
) -> T:
    """Run ``op(session, actor, **kwargs)`` for the OS login ``actor_login`` (default: this
    process's), acting as ``as_user`` when an admin asks. Returns what ``op`` returns."""
    login = actor_login or os_login()
    try:
        with write_session(engine) as session:
            actor = resolve_actor(session, login, as_user)
            return op(session, actor, **kwargs)
    except AccessDenied as exc:
        _audit_refusal(engine, login, as_user, op, kwargs, exc)
        raise


def _audit_refusal(
    engine: Engine, login: str, as_user: str | None, op: Callable[..., Any], kwargs: dict[str, Any], exc: AccessDenied
) -> None:
    with write_session(engine) as session:
        actor = _actor_for_refusal(session, login, as_user)
        audit(
            session,
            actor,
            f"record.{getattr(op, '__name__', 'operation')}",
            AuditOutcome.REFUSED,
            org_id=_org_id(session, kwargs),
            after={k: v for k, v in kwargs.items() if k != "rules"},
            message=exc.message("en"),
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
    for key in ("org", "into", "parent"):
        code = kwargs.get(key)
        if isinstance(code, str):
            found = session.scalar(select(Organisation.id).where(Organisation.code == code))
            if found is not None:
                return found
    return None
