"""Where an organisation that has ended went: its successor, and the organisations its
children moved under when it ended (a split commune's hamlets went to two new communes).
Reports and screens asked for a date after the end point there instead of showing zeros."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.org_info import OrgInfo
from models.schema import OrgEdge
from models.tree import get_org_by_id, orgs_by_ids


def successors(session: Session, org: OrgInfo) -> list[OrgInfo]:
    """The organisations that took over ``org`` when it ended, its own successor first, then
    by name; none while it has not ended."""
    if org.valid_to is None:
        return []
    end: dt.date = org.valid_to
    children = select(OrgEdge.child_id).where(OrgEdge.parent_id == org.id, OrgEdge.valid_to == end)
    # The parents the children moved under on the day ``org`` ended.
    taken = set(session.scalars(select(OrgEdge.parent_id).where(OrgEdge.child_id.in_(children), OrgEdge.valid_from == end)))
    first = [get_org_by_id(session, org.successor_id)] if org.successor_id else []
    others = sorted(
        (o for oid, o in orgs_by_ids(session, taken - {org.successor_id}).items() if oid != org.id),
        key=lambda o: o.name,
    )
    return first + others
