"""Who is acting, and what they may see and change.

Identity is the OS login (so an SSH login decides who you are), mapped to a row of
``users``. Roles: ``admin`` (everything), ``district_staff`` (read and write in their
scope), ``cell_secretary`` (read and write in their scope, normally one cell or
grassroots organisation), ``viewer`` (aggregates in their scope, no personal details).
Scopes are subtrees of the organisation tree as it stands at the date concerned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from models import i18n
from models.enums import Role
from models.errors import AccessDenied
from models.login import os_login
from models.schema import User
from models.tree import catchment
from models.uow import core

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


def resolve_actor(session: Session, login: str | None = None, as_user: str | None = None) -> Actor:
    """The actor for the OS login (or ``login``), acting as ``as_user`` when an admin asks."""
    real = login or os_login()
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


def _user(session: Session, login: str) -> Row[Any]:
    user = core(session).execute(_USER, {"login": login}).first()
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
