"""The organisation tree at a date.

An organisation ``X`` is *under* ``O`` as of a date ``D`` when its position at ``D`` lies in
``O``'s subtree at ``D``. The position of an organisation that still exists at ``D`` is
itself; of one that had ended, the position of its successor (when merged) or else of the
parent it last had. So a commune formed in 2025 counts, for 2020–2022, the events of the
communes merged into it, while the hamlet cells that moved elsewhere count where they are now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from models import i18n
from models.enums import SECTOR_GROUPS
from models.errors import NotFound
from models.org_info import OrgInfo
from models.schema import Organisation, OrgEdge
from models.db import core

i18n.register(
    {
        "org.not_found": ("Không có tổ chức đảng có mã “{code}”.", "No Party organisation has the code '{code}'."),
        "org.not_valid_at": (
            "Tổ chức “{code}” không tồn tại vào ngày {day}.",
            "The organisation '{code}' does not exist on {day}.",
        ),
    }
)


def _info(o: Organisation) -> OrgInfo:
    return OrgInfo(o.id, o.code, o.name, o.kind, o.sector, o.valid_from, o.valid_to, o.successor_id)


def edge_valid_at(day: dt.date):  # type: ignore[no-untyped-def]
    return and_(OrgEdge.valid_from <= day, or_(OrgEdge.valid_to.is_(None), OrgEdge.valid_to > day))


def org_valid_at(day: dt.date):  # type: ignore[no-untyped-def]
    return and_(
        Organisation.valid_from <= day, or_(Organisation.valid_to.is_(None), Organisation.valid_to > day)
    )


_ORGS = Organisation.__table__
_ORG_BY_CODE = select(
    _ORGS.c.id, _ORGS.c.code, _ORGS.c.name, _ORGS.c.kind, _ORGS.c.sector, _ORGS.c.valid_from, _ORGS.c.valid_to,
    _ORGS.c.successor_id,
).where(_ORGS.c.code == bindparam("code"))


def get_org(session: Session, code: str) -> OrgInfo:
    row = core(session).execute(_ORG_BY_CODE, {"code": code}).first()
    if row is None:
        raise NotFound("org.not_found", field="org", code=code)
    return OrgInfo(*row)


def get_org_by_id(session: Session, org_id: int) -> OrgInfo:
    org = session.get(Organisation, org_id)
    if org is None:
        raise NotFound("org.not_found", field="org", code=str(org_id))
    return _info(org)


def orgs_by_ids(session: Session, ids: Iterable[int]) -> dict[int, OrgInfo]:
    ids = list(ids)
    out: dict[int, OrgInfo] = {}
    for chunk in range(0, len(ids), 5000):
        for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids[chunk : chunk + 5000]))):
            out[o.id] = _info(o)
    return out


def orgs_by_id(session: Session, ids: Iterable[int]) -> dict[int, OrgInfo]:
    """The organisations of ``ids`` (a page's worth), by id."""
    wanted = sorted(set(ids))
    out: dict[int, OrgInfo] = {}
    for i in range(0, len(wanted), 900):
        rows = core(session).execute(select(*_ORG_BY_CODE.selected_columns).where(_ORGS.c.id.in_(wanted[i:i + 900])))
        out.update((row[0], OrgInfo(*row)) for row in rows)
    return out


def orgs_valid_at(session: Session, day: dt.date) -> list[OrgInfo]:
    """Every organisation valid at ``day``, by code (one Core statement: at country scale they
    are 320,000, too many to load as ORM objects)."""
    rows = core(session).execute(
        select(*_ORG_BY_CODE.selected_columns)
        .where(_ORGS.c.valid_from <= day, or_(_ORGS.c.valid_to.is_(None), _ORGS.c.valid_to > day))
        .order_by(_ORGS.c.code)
    )
    return [OrgInfo(*row) for row in rows]


def all_orgs(session: Session) -> list[OrgInfo]:
    return [_info(o) for o in session.scalars(select(Organisation).order_by(Organisation.code))]


def parent_at(session: Session, org_id: int, day: dt.date) -> int | None:
    return session.scalar(select(OrgEdge.parent_id).where(OrgEdge.child_id == org_id, edge_valid_at(day)))


_EDGES = OrgEdge.__table__
_CHILDREN_AT = (
    select(*_ORG_BY_CODE.selected_columns)
    .join(_EDGES, _EDGES.c.child_id == _ORGS.c.id)
    .where(
        _EDGES.c.parent_id == bindparam("parent_id"),
        _EDGES.c.valid_from <= bindparam("day"),
        or_(_EDGES.c.valid_to.is_(None), _EDGES.c.valid_to > bindparam("day")),
        _ORGS.c.valid_from <= bindparam("day"),
        or_(_ORGS.c.valid_to.is_(None), _ORGS.c.valid_to > bindparam("day")),
    )
    # Grouped by sector as the office lists them (models.enums.SECTOR_GROUPS), each group by code.
    .order_by(
        case(
            *((_ORGS.c.sector.in_([s.value for s in group]), i) for i, group in enumerate(SECTOR_GROUPS)),
            else_=len(SECTOR_GROUPS),
        ),
        _ORGS.c.code,
    )
)


def children_at(session: Session, org_id: int, day: dt.date) -> list[OrgInfo]:
    """The organisations directly under ``org_id`` at ``day``, grouped by sector, by code (a Core statement built
    once: a district's two hundred children as ORM objects cost more than the query)."""
    return [OrgInfo(*row) for row in core(session).execute(_CHILDREN_AT, {"parent_id": org_id, "day": day})]


def ancestors_at(session: Session, org_id: int, day: dt.date) -> list[OrgInfo]:
    """The path from the root down to ``org_id`` (inclusive) at ``day``."""
    path = [get_org_by_id(session, org_id)]
    seen = {org_id}
    current = org_id
    while (parent := parent_at(session, current, day)) is not None and parent not in seen:
        path.append(get_org_by_id(session, parent))
        seen.add(parent)
        current = parent
    return list(reversed(path))


def roots_at(session: Session, day: dt.date) -> list[OrgInfo]:
    """Organisations valid at ``day`` with no parent at ``day``."""
    has_parent = select(OrgEdge.child_id).where(edge_valid_at(day))
    rows = session.scalars(
        select(Organisation).where(org_valid_at(day), Organisation.id.not_in(has_parent)).order_by(Organisation.code)
    )
    return [_info(o) for o in rows]


def subtree_at(session: Session, org_id: int, day: dt.date) -> set[int]:
    """``org_id`` and every organisation below it in the tree as it stood at ``day``."""
    day_param = day
    sub = select(OrgEdge.child_id.label("id")).where(OrgEdge.parent_id == org_id, edge_valid_at(day_param))
    sub_cte = sub.cte("sub", recursive=True)
    e = aliased(OrgEdge)
    sub_cte = sub_cte.union(
        select(e.child_id).join(sub_cte, e.parent_id == sub_cte.c.id).where(
            e.valid_from <= day_param, or_(e.valid_to.is_(None), e.valid_to > day_param)
        )
    )
    ids = set(session.scalars(select(sub_cte.c.id)))
    ids.add(org_id)
    return ids


def catchment(session: Session, org_id: int, as_of: dt.date) -> set[int]:
    """Every organisation whose events count for ``org_id`` under the tree as of ``as_of``:
    its subtree at ``as_of`` plus the ended organisations whose position lies in it."""
    inside = subtree_at(session, org_id, as_of)
    for oid, pos in _ended_positions(session, as_of).items():
        if pos is not None and pos in inside:
            inside.add(oid)
    return inside


def catchments(session: Session, org_id: int, children: Iterable[int], as_of: dt.date) -> dict[int, set[int]]:
    """:func:`catchment` of ``org_id`` and of each of ``children`` (organisations directly
    under it at ``as_of``), from one read of its subtree's edges and one of the ended
    organisations instead of one of each per child."""
    day = as_of
    sub = select(OrgEdge.parent_id.label("parent"), OrgEdge.child_id.label("id")).where(
        OrgEdge.parent_id == org_id, edge_valid_at(day))
    sub_cte = sub.cte("sub", recursive=True)
    e = aliased(OrgEdge)
    sub_cte = sub_cte.union(
        select(e.parent_id, e.child_id).join(sub_cte, e.parent_id == sub_cte.c.id).where(
            e.valid_from <= day, or_(e.valid_to.is_(None), e.valid_to > day)
        )
    )
    below: dict[int, list[int]] = {}
    for parent, child in session.execute(select(sub_cte.c.parent, sub_cte.c.id)):
        below.setdefault(parent, []).append(child)
    top: dict[int, int] = {}  # organisation of the subtree -> the child of org_id it lies under
    out: dict[int, set[int]] = {org_id: {org_id}}
    for child in children:
        out[child] = {child}
        stack = [child]
        while stack:
            o = stack.pop()
            top[o] = child
            out[child].add(o)
            stack.extend(below.get(o, ()))
    out[org_id] |= {c for kids in below.values() for c in kids}
    for oid, pos in _ended_positions(session, as_of).items():
        if pos is None or pos not in out[org_id]:
            continue
        out[org_id].add(oid)
        if pos in top:
            out[top[pos]].add(oid)
    return out


def _ended_positions(session: Session, as_of: dt.date) -> dict[int, int | None]:
    """Each organisation ended by ``as_of`` -> its position then (see the module's text): its
    successor's position when merged, else that of the parent it last had; None when lost."""
    ended = session.execute(
        select(Organisation.id, Organisation.valid_to, Organisation.successor_id).where(
            Organisation.valid_to.is_not(None), Organisation.valid_to <= as_of
        )
    ).all()
    if not ended:
        return {}
    ended_info = {row.id: (row.valid_to, row.successor_id) for row in ended}
    last_parent: dict[int, int | None] = {}
    for oid, (valid_to, successor) in ended_info.items():
        if successor is None:
            last_day = valid_to - dt.timedelta(days=1)
            last_parent[oid] = parent_at(session, oid, last_day)

    memo: dict[int, int | None] = {}

    def position(oid: int, depth: int = 0) -> int | None:
        if oid not in ended_info:
            return oid
        if oid in memo:
            return memo[oid]
        if depth > 64:  # a cycle of successors would be a data error; stop rather than loop
            return None
        _, successor = ended_info[oid]
        target = successor if successor is not None else last_parent.get(oid)
        result = position(target, depth + 1) if target is not None else None
        memo[oid] = result
        return result

    return {oid: position(oid) for oid in ended_info}


def tree_version(session: Session) -> dt.date | None:
    """The last day on which the tree changed: the closure (and the rollups) describe the
    forest as of any day from then on. Four index probes (migration 0003)."""
    days = [
        session.scalar(select(func.max(Organisation.valid_from))),
        session.scalar(select(func.max(Organisation.valid_to))),
        session.scalar(select(func.max(OrgEdge.valid_from))),
        session.scalar(select(func.max(OrgEdge.valid_to))),
    ]
    known = [d for d in days if d is not None]
    return max(known) if known else None


__all__ = [
    "OrgInfo",
    "all_orgs",
    "ancestors_at",
    "catchment",
    "catchments",
    "children_at",
    "edge_valid_at",
    "get_org",
    "get_org_by_id",
    "org_valid_at",
    "orgs_by_ids",
    "parent_at",
    "roots_at",
    "subtree_at",
    "tree_version",
]
