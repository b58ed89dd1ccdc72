"""Who is acting, and what they may see and change.

Identity is the login of the process's real uid (never the environment), or the login an
SSH forced command names (:mod:`models.ssh_access`), or on PostgreSQL, when configured, the
connected database role; it is mapped to a row of ``users``. Roles: ``admin`` (everything), ``district_staff`` (read and write in their
scope), ``cell_secretary`` (read and write in their scope, normally one cell or
grassroots organisation), ``viewer`` (aggregates in their scope, no personal details).
Scopes are subtrees of the organisation tree as it stands at the date concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from models import i18n
from models.enums import Role
from models.errors import AccessDenied, DomainError
from models.login import database_role_is_login, os_login
from models.schema import Candidate, MemberEvent, Organisation, ResidenceLink, User
from models.tree import catchment
from models.db import core

i18n.register(
    {
        "access.unknown_user": (
            "Người dùng “{login}” chưa được đăng ký trong giaoban; nhờ quản trị viên chạy “giaoban users add {login} ...”.",
            "The user '{login}' is not registered in giaoban; ask an admin to run 'giaoban users add {login} ...'.",
        ),
        "access.inactive_user": ("Người dùng “{login}” đã bị khóa.", "The user '{login}' is disabled."),
        "access.as_needs_admin": (
            "Chỉ quản trị viên mới được dùng --as để làm thay người khác.",
            "Only an admin may act as another user with --as.",
        ),
        "access.read_only": (
            "Vai trò “{role}” chỉ được xem, không được ghi.",
            "The role '{role}' may read but not write.",
        ),
        "access.out_of_scope": (
            "Người dùng “{login}” không có quyền với tổ chức “{org}”: ngoài phạm vi được giao.",
            "The user '{login}' has no rights over the organisation '{org}': outside the assigned scope.",
        ),
        "access.personal_details": (
            "Vai trò “{role}” chỉ được xem số liệu tổng hợp, không xem thông tin cá nhân đảng viên.",
            "The role '{role}' sees aggregates only, not members' personal details.",
        ),
        "access.admin_only": ("Việc này chỉ quản trị viên được làm.", "Only an admin may do this."),
        # One message whether the thing exists or not: a refusal must not let ids be probed.
        "access.member_out_of_scope": (
            "Không có đảng viên số {member_id} trong phạm vi của người dùng “{login}”.",
            "There is no member {member_id} within the scope of the user '{login}'.",
        ),
        "access.candidate_out_of_scope": (
            "Không có quần chúng ưu tú số {candidate_id} trong phạm vi của người dùng “{login}”.",
            "There is no candidate {candidate_id} within the scope of the user '{login}'.",
        ),
        "access.link_out_of_scope": (
            "Không có mối liên hệ nơi cư trú số {link_id} trong phạm vi của người dùng “{login}”.",
            "There is no residence link {link_id} within the scope of the user '{login}'.",
        ),
    }
)

@dataclass(frozen=True)
class Actor:
    """The user on whose behalf an operation runs."""

    user_id: int | None
    login: str  # the giaoban user acted as
    role: Role
    scope_org_id: int | None  # None: everything (admins)
    os_login: str  # who really acted (differs from ``login`` with --as)

    @property
    def acting_as(self) -> str | None:
        return self.login if self.login != self.os_login else None

    @property
    def can_write(self) -> bool:
        return self.role in (Role.ADMIN, Role.DISTRICT_STAFF, Role.CELL_SECRETARY)

    @property
    def sees_personal_details(self) -> bool:
        return self.role != Role.VIEWER


#: For code paths that run without a person (migrations, fixture loading, tests).
SYSTEM = Actor(user_id=None, login="system", role=Role.ADMIN, scope_org_id=None, os_login="system")


def current_login(session: Session) -> str:
    """Who acts in ``session``: the connected role on PostgreSQL when each person has their
    own (a setting), else the forced SSH login or the real uid's (:mod:`models.login`)."""
    if database_role_is_login() and session.get_bind().dialect.name == "postgresql":
        return str(core(session).execute(text("SELECT current_user")).scalar_one())
    return os_login()


def resolve_actor(session: Session, login: str | None = None, as_user: str | None = None) -> Actor:
    """The actor for the current login (or ``login``), acting as ``as_user`` when an admin asks.
    Unregistered and disabled logins are refused here, before anything else is read."""
    real = login or current_login(session)
    user = _user(session, real)
    if as_user and as_user != real:
        if user.role != Role.ADMIN:
            raise AccessDenied("access.as_needs_admin", field="as")
        target = _user(session, as_user)
        return Actor(target.id, target.login, target.role, target.scope_org_id, os_login=real)
    return Actor(user.id, user.login, user.role, user.scope_org_id, os_login=real)


_USERS = User.__table__
_USER = select(_USERS.c.id, _USERS.c.login, _USERS.c.role, _USERS.c.scope_org_id, _USERS.c.active).where(
    _USERS.c.login == bindparam("login")
)


def _user(session: Session, login: str) -> Row[Any, Any, Any, Any, Any]:
    try:
        user = core(session).execute(_USER, {"login": login}).first()
    except (OperationalError, ProgrammingError) as exc:
        # The first thing every command reads: a database giaoban never initialised has no
        # users table, and is said so in words (the refusal cannot be audited there).
        from models.db import redacted

        orig = exc.orig
        missing = getattr(orig, "sqlstate", None) == "42P01" or "no such table" in str(orig)  # PostgreSQL, SQLite
        if not missing:
            raise
        raise DomainError("db.not_initialised", url=redacted(session.get_bind().engine.url)) from exc
    if user is None:
        raise AccessDenied("access.unknown_user", field="user", login=login)
    if not user.active:
        raise AccessDenied("access.inactive_user", field="user", login=login)
    return user


def scope_ids(session: Session, actor: Actor, on: dt.date) -> set[int] | None:
    """The organisations ``actor`` may see at ``on``; None means all of them."""
    if actor.scope_org_id is None:
        return None
    return catchment(session, actor.scope_org_id, on)


def in_scope(session: Session, actor: Actor, org_id: int, on: dt.date) -> bool:
    ids = scope_ids(session, actor, on)
    return ids is None or org_id in ids


def require_read(session: Session, actor: Actor, org_id: int, org_code: str, on: dt.date) -> None:
    if not in_scope(session, actor, org_id, on):
        raise AccessDenied("access.out_of_scope", field="org", login=actor.login, org=org_code)


def require_personal(session: Session, actor: Actor, org_id: int, org_code: str, on: dt.date) -> None:
    """Personal details of members: only for non-viewers entitled to the organisation."""
    if not actor.sees_personal_details:
        raise AccessDenied("access.personal_details", role=i18n.label(actor.role))
    require_read(session, actor, org_id, org_code, on)


def require_write(session: Session, actor: Actor, org_id: int, org_code: str, on: dt.date) -> None:
    if not actor.can_write:
        raise AccessDenied("access.read_only", role=i18n.label(actor.role))
    require_read(session, actor, org_id, org_code, on)


def require_admin(actor: Actor) -> None:
    if actor.role != Role.ADMIN:
        raise AccessDenied("access.admin_only")


# Access first: the target of a request is checked against the actor's scope before any
# rule reads anything about it, so that a refusal can say nothing the actor may not know.


def _scope_union(session: Session, actor: Actor, on: dt.date) -> set[int] | None:
    """The organisations ``actor`` may touch at ``on`` or today (the tree may have changed
    between the two); None means all of them."""
    if actor.scope_org_id is None:
        return None
    today = dt.date.today()
    ids = set(catchment(session, actor.scope_org_id, today))
    if on != today:
        ids |= catchment(session, actor.scope_org_id, on)
    return ids


def require_org_code(session: Session, actor: Actor, code: str, on: dt.date, field: str = "org") -> None:
    """The organisation ``code`` is the actor's to touch; a code that does not exist is refused
    with the same words as one outside the scope (admins get the rules' own messages)."""
    ids = _scope_union(session, actor, on)
    if ids is None:
        return
    org_id = core(session).execute(select(Organisation.id).where(Organisation.code == code)).scalar()
    if org_id is None or org_id not in ids:
        raise AccessDenied("access.out_of_scope", field=field, login=actor.login, org=code)


def _member_org(session: Session, member_id: int) -> int | None:
    stmt = (
        select(MemberEvent.org_id)
        .where(MemberEvent.member_id == member_id)
        .order_by(MemberEvent.event_date.desc(), MemberEvent.id.desc())
        .limit(1)
    )
    return core(session).execute(stmt).scalar()


_TARGETS: dict[str, tuple[str, Any]] = {
    "member_id": ("access.member_out_of_scope", _member_org),
    "helper_member_id": ("access.member_out_of_scope", _member_org),
    "candidate_id": (
        "access.candidate_out_of_scope",
        lambda s, i: core(s).execute(select(Candidate.org_id).where(Candidate.id == i)).scalar(),
    ),
    "link_id": (
        "access.link_out_of_scope",
        lambda s, i: core(s).execute(select(ResidenceLink.workplace_org_id).where(ResidenceLink.id == i)).scalar(),
    ),
}

#: Keyword arguments of the write operations that name an organisation the request is about
#: (not those naming where a member goes: a cell may send a member outside its scope).
ORG_ARGUMENTS = ("org", "into", "parent", "merged")


def request_day(request: dict[str, Any]) -> dt.date:
    """The day a request is about (its date, or the first day of its year), else today: the
    scope is taken at that day and today, so a past tree and today's both count."""
    day = request.get("date")
    if isinstance(day, dt.date):
        return day
    year = request.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date(year, 1, 1)
    return dt.date.today()


def require_targets(session: Session, actor: Actor, request: dict[str, Any]) -> None:
    """Refuse a request whose member, candidate, residence link or organisation lies outside
    the actor's scope (or does not exist: the same words), before anything about it is read.
    Read-only roles are refused first, whatever the target."""
    if not actor.can_write:
        raise AccessDenied("access.read_only", role=i18n.label(actor.role))
    if actor.scope_org_id is None:
        return
    on = request_day(request)
    ids = _scope_union(session, actor, on)
    assert ids is not None
    for key, (message, org_of) in _TARGETS.items():
        value = request.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            # An id no database integer can hold names nothing (and must not crash the query).
            org_id = org_of(session, value) if 0 < value < 2**63 else None
            if org_id is None or org_id not in ids:
                params: dict[str, Any] = {key if key != "helper_member_id" else "member_id": value}
                raise AccessDenied(message, field=key.removesuffix("_id"), login=actor.login, **params)
    for key in ORG_ARGUMENTS:
        value = request.get(key)
        for code in [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []:
            require_org_code(session, actor, code, on, field=key)


def require_member(session: Session, actor: Actor, member_id: int, on: dt.date) -> None:
    """Before one member's details are read: the role may see personal details at all, and the
    member (their latest organisation) is in the actor's scope; a member outside it and one
    that does not exist are refused with the same words."""
    if not actor.sees_personal_details:
        raise AccessDenied("access.personal_details", role=i18n.label(actor.role))
    if not member_in_scope(session, actor, member_id, on):
        raise AccessDenied("access.member_out_of_scope", field="member", login=actor.login, member_id=member_id)


def member_in_scope(session: Session, actor: Actor, member_id: int, on: dt.date) -> bool:
    """Whether the member exists and their latest organisation is in the actor's scope."""
    ids = _scope_union(session, actor, on)
    if ids is None:
        return True
    org_id = _member_org(session, member_id) if 0 < member_id < 2**63 else None
    return org_id is not None and org_id in ids
