"""Plain rows for the administrative listings of the command line (``giaoban orgs``,
``giaoban users list``): frozen dataclasses, one query each, no ORM objects handed out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Actor, require_admin, scope_ids
from models.enums import OrgKind, Role, Sector
from models.org_names import NameSpan, name_history
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
    successor: str | None = None  # the code of the organisation that took it over
    # Every edge to a parent, oldest first: (parent code, from, to or None).
    parents: tuple[tuple[str, dt.date, dt.date | None], ...] = ()
    # False: ``valid_from`` is not the real founding day (shown as "không rõ").
    valid_from_known: bool = True
    # Every name it bore, oldest first (``name`` is the one of the date asked for).
    names: tuple[NameSpan, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind.value,
            "sector": self.sector.value if self.sector else None,
            "parent": self.parent,
            "valid_from": self.valid_from.isoformat(),
            "valid_from_known": self.valid_from_known,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "names": [n.as_json() for n in self.names],
            "successor": self.successor,
            "parents": [
                {"parent": code, "valid_from": start.isoformat(), "valid_to": end.isoformat() if end else None}
                for code, start, end in self.parents
            ],
        }


def org_rows(session: Session, as_of: dt.date, actor: Actor | None = None) -> list[OrgRow]:
    """The organisations ``actor`` may see (admins: every one, ended ones too), by code, with
    each one's parent and name at ``as_of`` and every name it bore; a scoped user sees their
    subtree at that date."""
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
    codes = {oid: code for oid, code in session.execute(select(Organisation.id, Organisation.code))}
    history: dict[int, list[tuple[str, dt.date, dt.date | None]]] = {}
    edge_q = select(OrgEdge.child_id, OrgEdge.parent_id, OrgEdge.valid_from, OrgEdge.valid_to).order_by(OrgEdge.valid_from)
    if ids is not None:
        edge_q = edge_q.where(OrgEdge.child_id.in_(sorted(ids)))
    for child, parent_id, start, end in session.execute(edge_q):
        history.setdefault(child, []).append((codes[parent_id], start, end))
    names = name_history(session, sorted(ids) if ids is not None else None)

    def name_on(org: Organisation) -> str:
        # A closed interval's name, else the latest, which organisations.name holds.
        return next((n.name for n in names.get(org.id, ())
                     if n.valid_to is not None and n.valid_from <= as_of < n.valid_to), org.name)

    def spans(org: Organisation) -> tuple[NameSpan, ...]:
        return tuple(n if n.valid_to is not None else replace(n, name=org.name) for n in names.get(org.id, ()))

    return [
        OrgRow(
            o.code, name_on(o), OrgKind(o.kind), Sector(o.sector) if o.sector else None, parent, o.valid_from, o.valid_to,
            codes.get(o.successor_id) if o.successor_id else None, tuple(history.get(o.id, ())),
            bool(o.valid_from_known), spans(o),
        )
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
