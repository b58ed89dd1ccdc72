"""The catchment forest: where each organisation counts on a day, over a tree that changes.

The forest as of a day ``D`` is the tree at ``D`` in which an organisation that had ended
hangs under its successor (when merged) or else under the parent it last had, so an
organisation's catchment holds every organisation whose events count for it: a commune formed
in 2025 shows the past of the communes merged into it. The figures read the tree through
:class:`TreeSnapshot`; the kept closure (:mod:`models.stats`) is this forest as of today.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.org_info import OrgInfo
from models.schema import ORG_CLOSURE, Organisation, OrgEdge
from models.tree import tree_version


# --- the tree, loaded once --------------------------------------------------------------------
@dataclass
class TreeSnapshot:
    """All organisations and edges, with the catchment forest as of ``as_of``."""

    as_of: dt.date
    orgs: dict[int, OrgInfo]
    edges_by_child: dict[int, list[tuple[dt.date, dt.date | None, int]]]
    parent: dict[int, int] = field(default_factory=dict)  # catchment forest
    children: dict[int, list[int]] = field(default_factory=dict)
    # When loaded for one catchment: the closure select naming its organisations.
    closure_subquery: object = None

    @classmethod
    def load(cls, session: Session, as_of: dt.date, within: int | None = None) -> TreeSnapshot:
        """The whole tree or, with ``within``, only that organisation's catchment when the
        tree has not changed since ``as_of`` (the closure of the current forest then names
        the catchment exactly, see :mod:`models.stats`): a cell's screen need not load the
        country's 300,000 organisations."""
        restricted = None
        org_q = select(Organisation)
        edge_q = select(OrgEdge.child_id, OrgEdge.parent_id, OrgEdge.valid_from, OrgEdge.valid_to)
        if within is not None:
            version = tree_version(session)
            if version is not None and version <= as_of:
                inside = select(ORG_CLOSURE.c.descendant_id).where(ORG_CLOSURE.c.ancestor_id == within)
                org_q = org_q.where(Organisation.id.in_(inside))
                edge_q = edge_q.where(OrgEdge.child_id.in_(inside))
                restricted = inside
        orgs = {
            o.id: OrgInfo(o.id, o.code, o.name, o.kind, o.sector, o.valid_from, o.valid_to, o.successor_id)
            for o in session.scalars(org_q)
        }
        edges: dict[int, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
        for child, parent, vf, vt in session.execute(edge_q):
            edges[child].append((vf, vt, parent))
        snap = cls(as_of, orgs, dict(edges))
        snap.closure_subquery = restricted
        snap._build_forest()
        return snap

    def parent_on(self, org_id: int, day: dt.date) -> int | None:
        for vf, vt, parent in self.edges_by_child.get(org_id, ()):
            if vf <= day and (vt is None or day < vt):
                return parent
        return None

    def _build_forest(self) -> None:
        for oid, info in self.orgs.items():
            parent = self.parent_on(oid, self.as_of)
            if parent is None and info.valid_to is not None and info.valid_to <= self.as_of:
                parent = info.successor_id or self.parent_on(oid, info.valid_to - dt.timedelta(days=1))
            if parent is not None and parent != oid:
                self.parent[oid] = parent
        children: dict[int, list[int]] = defaultdict(list)
        for child, parent in self.parent.items():
            children[parent].append(child)
        self.children = dict(children)

    def catchment(self, org_id: int) -> list[int]:
        """``org_id`` and everything hanging below it in the catchment forest (pre-order)."""
        out, seen, stack = [], set(), [org_id]
        while stack:
            oid = stack.pop()
            if oid in seen:  # a cycle would be a data error; never loop on it
                continue
            seen.add(oid)
            out.append(oid)
            stack.extend(self.children.get(oid, ()))
        return out

    def live_children(self, org_id: int) -> list[int]:
        """Children in the tree as it stands at ``as_of`` (what a screen drills into)."""
        return [
            c
            for c in self.children.get(org_id, ())
            if self.orgs[c].valid_at(self.as_of) and self.parent_on(c, self.as_of) == org_id
        ]

    def chain(self, org_id: int) -> list[int]:
        """``org_id`` and its ancestors in the catchment forest, nearest first."""
        out, seen, current = [org_id], {org_id}, org_id
        while (p := self.parent.get(current)) is not None and p not in seen:
            out.append(p)
            seen.add(p)
            current = p
        return out

    def common_ancestor(self, a: int, b: int) -> int | None:
        """The lowest organisation whose catchment holds both ``a`` and ``b``."""
        if a not in self.orgs or b not in self.orgs:
            return None
        above_a = set(self.chain(a))
        return next((x for x in self.chain(b) if x in above_a), None)

    def path(self, from_id: int, to_id: int) -> tuple[int, ...]:
        """Forest path ``from_id`` .. ``to_id`` (inclusive); ``(to_id,)`` if not below."""
        chain = [to_id]
        seen = {to_id}
        current = to_id
        while current != from_id and (p := self.parent.get(current)) is not None and p not in seen:
            chain.append(p)
            seen.add(p)
            current = p
        return tuple(reversed(chain)) if current == from_id else (to_id,)

