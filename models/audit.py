"""The audit log: who did what, as whom, to what, with what before and after.

Rows are only ever added (triggers refuse UPDATE and DELETE). Every write operation adds one
in its own transaction; refusals for lack of rights are written by the runner in a transaction
of their own, so they survive the rollback of the refused work.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, insert, or_, select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, scope_ids
from models.enums import AuditOutcome, Role
from models.errors import AccessDenied
from models.audit_hash import next_hash
from models.audit_text import search_text
from models.collation import fold
from models.schema import AuditEntry, Organisation, table_of, utcnow
from models.db import core
from models.uow import insert_row

i18n.register(
    {
        "audit.staff_only": (
            "Chỉ quản trị viên và cán bộ cấp ủy được xem nhật ký thao tác.",
            "Only admins and district staff may read the audit log.",
        ),
    }
)


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it: dates as ISO text, enums as their values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_INSERT = insert(table_of(AuditEntry))


def audit(
    session: Session,
    actor: Actor,
    action: str,
    outcome: AuditOutcome,
    target_table: str | None = None,
    target_id: int | None = None,
    org_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    message: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> int:
    """Add one audit row in ``session``'s transaction (``extra``: more facts for the detail);
    its id. What the session holds unwritten is written first."""
    detail: dict[str, Any] = _plain(extra) if extra else {}
    if before is not None:
        detail["before"] = _plain(before)
    if after is not None:
        detail["after"] = _plain(after)
    if message is not None:
        detail["message"] = message
    at = utcnow()
    conn = core(session)
    values = {
        "at": at,
        "search_text": search_text(conn, at, actor.os_login, actor.acting_as, action, org_id, detail),
        "user_id": actor.user_id,
        "login": actor.os_login,
        "acting_as": actor.acting_as,
        "action": action,
        "outcome": outcome,
        "target_table": target_table,
        "target_id": target_id,
        "org_id": org_id,
        "detail": detail or None,
    }
    values["chain_hash"] = next_hash(conn, values)
    return insert_row(session, _INSERT, values)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    login: str
    acting_as: str | None
    action: str
    outcome: AuditOutcome
    target_table: str | None
    target_id: int | None
    org_id: int | None
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    message: str | None


def _variants(text: str) -> list[str]:
    """``text`` as typed, in lower case, upper case and title case: SQLite's ``lower`` folds
    ASCII letters only, so Vietnamese capitals (Đ, Ấ ...) in organisations' names are matched
    through these. Forms that differ in ASCII case only are one for a case-insensitive match:
    kept once."""
    seen: dict[str, str] = {}
    for v in (text, text.lower(), text.upper(), text.title()):
        seen.setdefault("".join(c.lower() if c.isascii() else c for c in v), v)
    return list(seen.values())


def _matches(text: str) -> ColumnElement[bool]:
    """Rows whose logins, action, time as shown, organisation (its code and name when the row
    was written, or now) or detail (keys and values) contain ``text``, whatever the case and
    the diacritics ("dang thi hoa" finds "Đặng Thị Hoa"), or whose outcome is ``text`` (as
    stored, or its label in either language: ``từ chối``, ``refused``)."""
    folded = fold(text)
    orgs = select(Organisation.id).where(
        or_(*(c.icontains(v, autoescape=True) for c in (Organisation.code, Organisation.name) for v in _variants(text)))
    )
    outcomes = [
        o for o in AuditOutcome
        if any(text.casefold() in w.casefold() for w in (o.value, i18n.label(o, "vi"), i18n.label(o, "en")))
    ]
    return or_(
        AuditEntry.outcome.in_(outcomes),
        AuditEntry.search_text.contains(folded, autoescape=True),
        AuditEntry.org_id.in_(orgs),
    )


def require_audit_reader(actor: Actor) -> None:
    """Only admins and district staff read the audit log (or check its chain)."""
    if actor.role not in (Role.ADMIN, Role.DISTRICT_STAFF):
        raise AccessDenied("audit.staff_only")


def _where(
    session: Session,
    actor: Actor,
    stmt: Select[Any],
    since: dt.date | dt.datetime | None,
    search: str | None,
    reads: bool,
) -> Select[Any]:
    """``stmt`` narrowed to what ``actor`` may see and what was asked for."""
    require_audit_reader(actor)
    if since is not None:
        start = since if isinstance(since, dt.datetime) else dt.datetime.combine(since, dt.time())
        stmt = stmt.where(AuditEntry.at >= start)
    ids = scope_ids(session, actor, dt.date.today())
    if ids is not None:
        stmt = stmt.where(
            or_(AuditEntry.org_id.in_(sorted(ids)), AuditEntry.login == actor.os_login, AuditEntry.acting_as == actor.login)
        )
    if not reads:
        stmt = stmt.where(AuditEntry.outcome != AuditOutcome.READ)
    if search and search.strip():
        stmt = stmt.where(_matches(search.strip()))
    return stmt


def list_audit(
    session: Session,
    actor: Actor,
    since: dt.date | dt.datetime | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    search: str | None = None,
    reads: bool = True,
) -> list[AuditRow]:
    """The audit log, oldest first (``newest_first``: the other way), ``limit`` rows from
    ``offset`` (None: all). Admins see everything; district staff see the rows about
    organisations in their scope and their own rows. ``search``: only rows containing that
    text (see :func:`_matches`); ``reads=False``: writes and refusals only, no reads."""
    if newest_first:
        stmt = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    else:
        stmt = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    stmt = _where(session, actor, stmt, since, search, reads)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = []
    for e in session.scalars(stmt):
        detail = e.detail or {}
        rows.append(
            AuditRow(
                id=e.id,
                at=e.at,
                login=e.login,
                acting_as=e.acting_as,
                action=e.action,
                outcome=AuditOutcome(e.outcome),
                target_table=e.target_table,
                target_id=e.target_id,
                org_id=e.org_id,
                before=detail.get("before"),
                after=detail.get("after"),
                message=detail.get("message"),
            )
        )
    return rows


def count_audit(
    session: Session,
    actor: Actor,
    since: dt.date | dt.datetime | None = None,
    *,
    search: str | None = None,
    reads: bool = True,
) -> int:
    """How many rows :func:`list_audit` gives for the same arguments, all pages together."""
    stmt = _where(session, actor, select(func.count()).select_from(AuditEntry), since, search, reads)
    return session.scalar(stmt) or 0


__all__ = ["AuditRow", "audit", "count_audit", "list_audit", "require_audit_reader"]
