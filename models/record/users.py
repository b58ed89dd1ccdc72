"""Who may use giaoban: adding users and changing their roles (admins only, audited)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, require_admin
from models.audit import audit
from models.enums import AuditOutcome, Role
from models.errors import DomainError
from models.record.common import Recorded
from models.schema import User
from models.tree import get_org

i18n.register(
    {
        "record.users.added": ("Đã thêm người dùng “{login}” ({role}).", "Added the user '{login}' ({role})."),
        "record.users.role_set": ("Người dùng “{login}”: {before} → {role}.", "User '{login}': {before} → {role}."),
        "record.users.exists": ("Người dùng “{login}” đã có.", "The user '{login}' exists already."),
        "record.users.not_first": (
            "Cơ sở dữ liệu đã có người dùng; “init --admin” chỉ dùng cho quản trị viên đầu tiên. "
            "Quản trị viên hiện có thêm người dùng bằng “giaoban users add”.",
            "The database has users already; 'init --admin' is for the first admin only. "
            "An existing admin adds users with 'giaoban users add'.",
        ),
        "record.users.scope_required": (
            "Vai trò “{role}” cần phạm vi (mã một tổ chức).",
            "The role '{role}' needs a scope (an organisation's code).",
        ),
    }
)


def _scope_id(session: Session, role: Role, scope: str | None) -> int | None:
    if scope:
        return get_org(session, scope).id
    if role != Role.ADMIN:
        raise DomainError("record.users.scope_required", field="scope", role=i18n.label(role))
    return None


def first_admin(engine: Engine, login: str) -> None:
    """Register ``login`` as the first admin (``giaoban init --admin``): only while the users
    table is empty, so that running init on a populated database grants nobody anything. Who
    ran it is audited, and so is a refusal."""
    from models.access import current_login
    from models.record.runner import audit_refusal
    from models.ssh_access import check_login
    from models.uow import write_session

    try:
        check_login(login)
        with write_session(engine, changes_figures=False) as session:
            if session.get_bind().dialect.name == "postgresql":
                # Two first admins at once would both see an empty table.
                session.execute(text("LOCK TABLE users IN EXCLUSIVE MODE"))
            if session.scalar(select(func.count()).select_from(User)):
                raise DomainError("record.users.not_first", field="admin")
            user = User(login=login, display_name=login, role=Role.ADMIN, scope_org_id=None)
            session.add(user)
            session.flush()
            by = current_login(session)
            actor = Actor(None, by, Role.ADMIN, None, os_login=by)
            audit(session, actor, "users.init_admin", AuditOutcome.OK, "users", user.id, after={"login": login, "role": Role.ADMIN})
    except DomainError as exc:
        audit_refusal(engine, None, None, "users.init_admin", exc, {"login": login})
        raise


def ensure_admin(session: Session, login: str) -> bool:
    """Make ``login`` an admin user if there is no such user yet; True when added.

    Used only when the dashboard creates its own demo database on first run: whoever creates
    that private file administers it."""
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        return False
    user = User(login=login, display_name=login, role=Role.ADMIN, scope_org_id=None)
    session.add(user)
    session.flush()
    system = Actor(None, login, Role.ADMIN, None, os_login=login)
    audit(session, system, "users.init_admin", AuditOutcome.OK, "users", user.id, after={"login": login, "role": Role.ADMIN})
    return True


def add_user(
    session: Session, actor: Actor, *, login: str, role: Role | str, name: str | None = None, scope: str | None = None
) -> Recorded:
    require_admin(actor)
    role = Role(role)
    login = (login or "").strip()
    if not login:
        raise DomainError("record.field_required", field="user")
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise DomainError("record.users.exists", field="user", login=login)
    scope_id = _scope_id(session, role, scope)
    user = User(login=login, display_name=" ".join((name or login).split()), role=role, scope_org_id=scope_id)
    session.add(user)
    session.flush()
    audit(session, actor, "users.add", AuditOutcome.OK, "users", user.id, scope_id, after={"login": login, "role": role, "scope": scope})
    return Recorded("users.add", "users", user.id, "record.users.added", {"login": login, "role": i18n.label(role)})


def set_role(session: Session, actor: Actor, *, login: str, role: Role | str, scope: str | None = None) -> Recorded:
    require_admin(actor)
    role = Role(role)
    user = session.scalar(select(User).where(User.login == login).with_for_update())
    if user is None:
        raise DomainError("access.unknown_user", field="user", login=login)
    before_role = Role(user.role)
    before = {"role": before_role, "scope_org_id": user.scope_org_id}
    scope_id = _scope_id(session, role, scope) if scope or role == Role.ADMIN else user.scope_org_id
    if role != Role.ADMIN and scope_id is None:
        raise DomainError("record.users.scope_required", field="scope", role=i18n.label(role))
    user.role = role
    user.scope_org_id = scope_id
    session.flush()
    audit(
        session, actor, "users.set_role", AuditOutcome.OK, "users", user.id, scope_id,
        before=before, after={"role": role, "scope_org_id": scope_id},
    )
    return Recorded(
        "users.set_role", "users", user.id, "record.users.role_set",
        {"login": login, "before": i18n.label(before_role), "role": i18n.label(role)},
    )
