"""Changes to the organisation tree: create, move under another parent, merge.

Rows of ``organisations`` and ``org_edges`` are closed (``valid_to`` set), never deleted, so
the tree stays computable for any past date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor, require_admin
from models.audit import audit
from models.enums import CELL_KINDS, EventKind, OrgKind, Sector, TransferScope
from models.errors import DomainError, NotFound
from models.membership import member_ids_on_rolls
from models.text_rules import check_code
from models.record.common import (
    OK, Recorded, add_event, check_org_valid, check_past, clean_name, org_at, org_dict, writable_org,
)
from models.schema import Organisation, OrgEdge, OrgName
from models.tree import OrgInfo, children_at, edge_valid_at, get_org, subtree_at

#: Kinds under which nothing else may sit.
LEAF_KINDS = frozenset({OrgKind.PARTY_GROUP})


def _check_parent(parent: OrgInfo) -> None:
    if parent.kind in LEAF_KINDS:
        raise DomainError("record.org_parent_kind", field="parent", code=parent.code, kind=i18n.label(parent.kind))


def create_org(
    session: Session,
    actor: Actor,
    *,
    code: str,
    name: str,
    kind: OrgKind | str,
    valid_from: dt.date,
    parent: str | None = None,
    sector: Sector | str | None = None,
    valid_from_known: bool = True,
) -> Recorded:
    """A new organisation, under ``parent`` from ``valid_from`` (top level: admins only);
    ``valid_from_known`` false: its founding day is not known, ``valid_from`` is only the day
    the books count it from (shown as "không rõ")."""
    check_past(valid_from)
    code = (code or "").strip()
    if not code:
        raise DomainError("record.field_required", field="code")
    code = check_code(code)
    name = clean_name(name, "name")
    kind = OrgKind(kind)
    if session.scalar(select(Organisation.id).where(Organisation.code == code)) is not None:
        raise DomainError("record.org_code_taken", field="code", code=code)
    if parent is None:
        try:
            require_admin(actor)
        except DomainError as exc:
            raise type(exc)("record.org_new_root", field="parent") from exc
        parent_info = None
    else:
        parent_info = org_at(session, parent, valid_from, field_name="parent")
        _check_parent(parent_info)
        writable_org(session, actor, parent_info, valid_from)
    org = Organisation(code=code, name=name, kind=kind, sector=Sector(sector) if sector else None, valid_from=valid_from,
                       valid_from_known=valid_from_known)
    session.add(org)
    session.flush()
    session.add(OrgName(org_id=org.id, name=name, valid_from=valid_from))
    if parent_info is not None:
        session.add(OrgEdge(child_id=org.id, parent_id=parent_info.id, valid_from=valid_from))
        session.flush()
    after = org_dict(org) | {"parent": parent_info.code if parent_info else None}
    audit(session, actor, "record.org_create", OK, "organisations", org.id, org.id, after=after)
    return Recorded(
        "record.org_create", "organisations", org.id, "record.done.org",
        {"code": code, "what": i18n.t("record.what.created"), "day": valid_from.isoformat()},
    )


def _current_edge(session: Session, org_id: int, day: dt.date) -> OrgEdge | None:
    return session.scalar(select(OrgEdge).where(OrgEdge.child_id == org_id, edge_valid_at(day)).with_for_update())


def _reparent(session: Session, child: OrgInfo, new_parent: OrgInfo, day: dt.date) -> dict[str, object]:
    """End ``child``'s edge at ``day`` and start one under ``new_parent``."""
    edge = _current_edge(session, child.id, day)
    old_parent = edge.parent_id if edge else None
    if edge is not None:
        if edge.parent_id == new_parent.id:
            raise DomainError("record.org_same_parent", field="parent", code=child.code, parent=new_parent.code, day=day.isoformat())
        if edge.valid_from >= day:
            raise DomainError("record.org_edge_same_day", field="date", code=child.code, day=day.isoformat())
        edge.valid_to = day
    if new_parent.id in subtree_at(session, child.id, day):
        raise DomainError("record.org_cycle", field="parent", code=child.code, parent=new_parent.code)
    session.add(OrgEdge(child_id=child.id, parent_id=new_parent.id, valid_from=day))
    session.flush()
    return {"org": child.code, "old_parent_id": old_parent, "new_parent_id": new_parent.id}


def move_org(session: Session, actor: Actor, *, org: str, parent: str, date: dt.date) -> Recorded:
    """``org`` (with its subtree) sits under ``parent`` from ``date``."""
    check_past(date)
    child = org_at(session, org, date)
    new_parent = org_at(session, parent, date, field_name="parent")
    _check_parent(new_parent)
    writable_org(session, actor, child, date)
    writable_org(session, actor, new_parent, date)
    change = _reparent(session, child, new_parent, date)
    audit(
        session, actor, "record.org_move", OK, "organisations", child.id, child.id,
        before={"parent_id": change["old_parent_id"]}, after={"parent_id": new_parent.id, "from": date},
    )
    return Recorded(
        "record.org_move", "organisations", child.id, "record.done.org",
        {"code": child.code, "what": i18n.t("record.what.moved", None, parent=new_parent.code), "day": date.isoformat()},
    )


def merge_orgs(
    session: Session,
    actor: Actor,
    *,
    merged: Sequence[str],
    into: str,
    date: dt.date,
    children: Mapping[str, str] | None = None,
    keep_children: bool = False,
) -> Recorded:
    """Merge ``merged`` into ``into`` on ``date`` (their first day of not existing).

    Each merged organisation ends with ``into`` as successor and leaves its parent. Its
    still-valid children go under ``into`` (or the parent that ``children`` names for them,
    by code), unless ``keep_children``. Members still on its own rolls move to ``into`` by
    permanent transfer events dated ``date``, so every organisation's books balance.
    """
    check_past(date)
    successor = org_at(session, into, date, field_name="successor")
    writable_org(session, actor, successor, date)
    targets: list[OrgInfo] = []
    for code in merged:
        info = org_at(session, code, date, field_name="org")
        if info.id == successor.id:
            raise DomainError("record.merge_into_itself", field="successor", code=code)
        if info.valid_from >= date:
            raise DomainError("record.merge_started_same_day", field="date", code=code, day=date.isoformat())
        writable_org(session, actor, info, date)
        targets.append(info)
    merged_ids = {t.id for t in targets}
    children = dict(children or {})
    # Children named in ``children`` must be under a merged organisation.
    kids: list[tuple[OrgInfo, OrgInfo]] = []
    for t in targets:
        for kid in children_at(session, t.id, date):
            kids.append((t, kid))
    kid_codes = {kid.code for _, kid in kids}
    for code in children:
        if code not in kid_codes:
            raise DomainError("record.merge_unknown_child", field="children", child=code, day=date.isoformat())
    moved_members: list[int] = []
    reparented: list[dict[str, object]] = []
    before = []
    for t in targets:
        row = session.scalar(select(Organisation).where(Organisation.id == t.id).with_for_update())
        assert row is not None
        before.append(org_dict(row))
        ids = member_ids_on_rolls(session, [t.id], date)
        if ids and successor.kind not in CELL_KINDS:
            raise DomainError(
                "record.merge_members_need_cell", field="successor", code=t.code, count=len(ids), successor=successor.code
            )
        for member_id in ids:
            common = dict(member_id=member_id, event_date=date, transfer_scope=TransferScope.PERMANENT, note="merge")
            add_event(session, actor, org_id=t.id, kind=EventKind.TRANSFER_OUT, counterpart_org_id=successor.id, **common)
            add_event(session, actor, org_id=successor.id, kind=EventKind.TRANSFER_IN, counterpart_org_id=t.id, **common)
        moved_members.extend(ids)
        edge = _current_edge(session, t.id, date)
        if edge is not None:
            edge.valid_to = date
        row.valid_to = date
        row.successor_id = successor.id
    if not keep_children:
        for _, kid in kids:
            if kid.id in merged_ids:
                continue
            new_parent_code = children.get(kid.code, successor.code)
            new_parent = org_at(session, new_parent_code, date, field_name="children")
            if new_parent.id in merged_ids:
                raise DomainError("record.merge_unknown_child", field="children", child=kid.code, day=date.isoformat())
            _check_parent(new_parent)
            writable_org(session, actor, new_parent, date)
            reparented.append(_reparent(session, kid, new_parent, date))
    session.flush()
    after = {
        "successor_id": successor.id,
        "valid_to": date,
        "merged": [t.code for t in targets],
        "members_moved": moved_members,
        "children": reparented,
    }
    audit(session, actor, "record.org_merge", OK, "organisations", successor.id, successor.id, before={"orgs": before}, after=after)
    return Recorded(
        "record.org_merge", "organisations", successor.id, "record.done.org",
        {
            "code": successor.code,
            "what": i18n.t("record.what.merged", None, merged=", ".join(t.code for t in targets), members=len(moved_members)),
            "day": date.isoformat(),
        },
    )


def rename_org(session: Session, actor: Actor, *, org: str, name: str, date: dt.date) -> Recorded:
    """``org`` is called ``name`` from ``date`` on (its earlier names stay for earlier days).

    Refused before the organisation's start, after its end, on a name it already bears that
    day, and when a name already recorded from a later day would overlap the new one."""
    check_past(date)
    try:
        info = get_org(session, org)
    except NotFound as exc:
        raise NotFound("org.not_found", field="org", code=org) from exc
    if date < info.valid_from:
        raise DomainError("record.rename_before_start", field="date", code=info.code, day=date.isoformat(),
                          start=info.valid_from.isoformat())
    check_org_valid(info, date)
    writable_org(session, actor, info, date)
    name = clean_name(name, "name")
    row = session.scalar(select(Organisation).where(Organisation.id == info.id).with_for_update())
    assert row is not None
    spans = list(session.scalars(select(OrgName).where(OrgName.org_id == info.id).order_by(OrgName.valid_from)))
    if not spans:  # written before migration 0020 by a loader that knew no names: its one name
        first = OrgName(org_id=info.id, name=row.name, valid_from=row.valid_from)
        session.add(first)
        spans = [first]
    later = [s for s in spans if s.valid_from >= date]
    if later:
        raise DomainError("record.rename_overlap", field="date", code=info.code, day=date.isoformat(),
                          name=later[0].name, start=later[0].valid_from.isoformat())
    current = spans[-1]
    if current.name == name:
        raise DomainError("record.rename_same", field="name", code=info.code, name=name, day=date.isoformat())
    before = {"name": current.name, "valid_from": current.valid_from}
    current.valid_to = date
    session.add(OrgName(org_id=info.id, name=name, valid_from=date))
    row.name = name
    session.flush()
    audit(session, actor, "record.org_rename", OK, "organisations", info.id, info.id,
          before=before, after={"name": name, "valid_from": date})
    return Recorded(
        "record.org_rename", "organisations", info.id, "record.done.org",
        {"code": info.code, "what": i18n.t("record.what.renamed", None, name=name), "day": date.isoformat()},
    )


__all__ = ["create_org", "merge_orgs", "move_org", "rename_org"]
