"""Plain rows for the administrative listings of the command line (``giaoban orgs``,
``giaoban users list``): frozen dataclasses, one query each, no ORM objects handed out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Actor, require_admin, scope_ids
from models.enums import OrgKind, Role, Sector
from models.schema import Organisation, OrgEdge, User
from models.tree import edge_valid_at


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    kind: OrgKind
    sector: Sector | None
    parent: str | None  # the parent's code at the date asked for
    valid_from: dt.date
    valid_to: dt.date | None

    def as_json(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "sector": self.sector.value if self.sector else None,
            "parent": self.parent,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


def org_rows(session: Session, as_of: dt.date, actor: Actor | None = None) -> list[OrgRow]:
    """The organisations ``actor`` may see (admins: every one, ended ones too), by code, with
    each one's parent at ``as_of``; a scoped user sees their subtree at that date."""
    ids = scope_ids(session, actor, as_of) if actor is not None else None
    edges = select(OrgEdge.child_id, OrgEdge.parent_id).where(edge_valid_at(as_of)).subquery()
    parents = select(Organisation.id, Organisation.code).subquery()
    stmt = (
        select(Organisation, parents.c.code)
        .outerjoin(edges, edges.c.child_id == Organisation.id)
        .outerjoin(parents, parents.c.id == edges.c.parent_id)
        .order_by(Organisation.code)
    )
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(sorted(ids)))
    return [
        OrgRow(o.code, o.name, OrgKind(o.kind), Sector(o.sector) if o.sector else None, parent, o.valid_from, o.valid_to)
        for o, parent in session.execute(stmt)
    ]


@dataclass(frozen=True)
class UserRow:
    login: str
    display_name: str
    role: Role
    scope: str | None  # organisation code; None means everything
    active: bool


def user_rows(session: Session, actor: Actor) -> list[UserRow]:
    """The users (admins only: the list says who may see what)."""
    require_admin(actor)
    stmt = (
        select(User, Organisation.code)
        .outerjoin(Organisation, Organisation.id == User.scope_org_id)
        .order_by(User.login)
    )
    return [UserRow(u.login, u.display_name, Role(u.role), code, bool(u.active)) for u, code in session.execute(stmt)]
