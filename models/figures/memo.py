"""The figures of large catchments kept between reads, read again only where a write changed them.

A province's screen adds up the states (probation, pipeline, Regulation 213, far away) of every
organisation of its catchment and runs the problem rules over every grassroots organisation and
cell in it: seconds at country scale, however little changed since the last read. A
:class:`FiguresMemo` (one per dashboard, for the life of the process) keeps, for one period,
day and set of rules at a time:

* for every organisation with children in a catchment it has read, the states over its
  catchment and how many organisations of its catchment the rules flag;
* for every organisation the rules look at, its hits.

:mod:`models.org_changes` numbers every change and stamps it on the organisation whose rows it
touched. Before answering, the memo asks which organisations changed since the number it holds
(usually a handful) and marks them and every organisation above them stale; a screen whose
organisation is stale has just those organisations read again, the deepest first, each from
its own rows and its children's kept totals. A change of the tree, the day, the period or the
rules starts afresh. Everything else on a screen (the organisation's and its children's books,
attainment, composition, targets: a few rows of the per-year rollups) is read every time.

It answers only what :func:`models.figures.kept.eligible` allows, and only for organisations
with children: a cell's own screen is a few milliseconds without it.
``tests/test_figures_memo.py`` compares it with a fresh read after writes of every kind.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from models import org_changes
from models.figures import kept as fr
from models.figures.counts import Counts
from models.figures.data import ChildRow, Overview, Period, Problem, RuleHit
from models.figures.problems import FLAGGED_KINDS, evaluate_org, problem_order
from models.figures.scope import child_row
from models.rules import Rules
from models.schema import ORG_CLOSURE
from models.tree import OrgInfo, ancestors_at, children_at

_C = ORG_CLOSURE.c


@dataclass(frozen=True)
class _Screen:
    """What a screen reads of one organisation: its details, whether it has children at the
    day, its figures (books, composition, states)."""

    info: OrgInfo
    has_children: bool
    raw: Counts


@dataclass
class _Generation:
    """What the memo holds for one period, day and set of rules, current at change ``seq``."""

    period: Period
    as_of: dt.date
    rules: Rules
    seq: int
    #: Organisations with children: their states over their catchment.
    states: dict[int, Counts] = field(default_factory=dict)
    #: Organisations with children: how many organisations of their catchment the rules flag.
    problem_counts: dict[int, int] = field(default_factory=dict)
    #: Organisations the rules look at (grassroots, cells; valid at the day): their hits.
    hits: dict[int, tuple[RuleHit, ...]] = field(default_factory=dict)
    #: Organisations shown on a screen (its own or a child row): what a screen reads of them.
    screens: dict[int, _Screen] = field(default_factory=dict)
    #: Organisations without children that were read: their states.
    own: dict[int, Counts] = field(default_factory=dict)
    #: Organisations shown or looked at by the rules: their targets by year (a target changes
    #: seldom; the figures with every event).
    targets: dict[int, dict[int, int | None]] = field(default_factory=dict)
    #: What the screens were given: overviews, child rows and problem lists by organisation.
    overviews: dict[int, Overview] = field(default_factory=dict)
    rows: dict[int, ChildRow] = field(default_factory=dict)
    problem_lists: dict[int, list[Problem]] = field(default_factory=dict)
    #: The children of the organisations shown (the tree does not change within a generation).
    children: dict[int, list[OrgInfo]] = field(default_factory=dict)
    #: Organisations whose figures a change made since may have moved.
    stale: set[int] = field(default_factory=set)

    def mark_stale(self, orgs: set[int], targets: set[int]) -> None:
        """``orgs``: changed or above a change; ``targets``: changed targets or above one."""
        self.stale |= orgs
        for kept in (self.screens, self.own, self.overviews, self.rows, self.problem_lists):
            for oid in orgs:
                kept.pop(oid, None)
        for oid in targets:
            self.targets.pop(oid, None)

    def targets_of(self, session: Session, ids: list[int]) -> dict[tuple[int, int], int | None]:
        """The targets of ``ids`` for the years the rules and the screens read, as
        :func:`models.figures.kept.rollup_scope` holds them."""
        years = sorted(fr.target_years(self.period, self.as_of))
        missing = [oid for oid in ids if oid not in self.targets]
        if missing:
            read = fr.read_targets(session, missing, years)
            for oid in missing:
                self.targets[oid] = {y: read.get((oid, y)) for y in years}
        return {(oid, y): t for oid in ids for y, t in self.targets[oid].items() if t is not None}

    def own_states(self, session: Session, ids: list[int]) -> dict[int, Counts]:
        """The states of ``ids`` (organisations without children) alone, kept."""
        missing = [oid for oid in ids if oid not in self.own]
        if missing:
            read = fr.states_of(session, missing, self.as_of, self.rules, self.period.start)
            for oid in missing:
                self.own[oid] = read.get(oid) or Counts()
        return {oid: self.own[oid] for oid in ids}

    def children_of(self, session: Session, org_id: int) -> list[OrgInfo]:
        """The organisations directly under ``org_id`` at the day (the tree does not change
        within a generation)."""

        kids = self.children.get(org_id)
        if kids is None:
            kids = self.children[org_id] = children_at(session, org_id, self.as_of)
        return kids


class FiguresMemo:
    """Per dashboard: see the module. ``generations``: how many periods/days are kept at once
    (flipping between this year and the last should not start afresh each time)."""

    def __init__(self, generations: int = 2) -> None:
        self._generations: list[_Generation] = []
        self._limit = generations
        # A dashboard reads in worker threads (a screen and the child read ahead at once).
        self._lock = threading.RLock()

    # -- what the screens call ---------------------------------------------------------------
    def overview(self, session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules) -> Overview:
        """:func:`models.figures.kept.overview`, with what the memo holds (the caller checked
        :func:`models.figures.kept.eligible`)."""
        with self._lock:
            gen = self._generation(session, period, as_of, rules)
            answer = gen.overviews.get(org_id)
            if answer is None:
                answer = gen.overviews[org_id] = self._overview(session, gen, org_id)
            return answer

    def problems(self, session: Session, org_id: int, period: Period, as_of: dt.date, rules: Rules) -> list[Problem]:
        """:func:`models.figures.kept.problems`, with what the memo holds."""
        with self._lock:
            gen = self._generation(session, period, as_of, rules)
            answer = gen.problem_lists.get(org_id)
            if answer is None:
                answer = gen.problem_lists[org_id] = self._problems(session, gen, org_id)
            return list(answer)

    # -- reading what the memo lacks ------------------------------------------------------------
    def _generation(self, session: Session, period: Period, as_of: dt.date, rules: Rules) -> _Generation:
        """The generation for (period, day, rules), told of every change since it was read."""
        # The change number first: whatever is read after it is at least that current.
        seq, tree_seq = org_changes.current(session)
        # A tree changed since, or a number gone back (a database restored from a copy): what
        # was read before is not to be trusted.
        if any(tree_seq > g.seq or seq < g.seq for g in self._generations):
            self._generations = [g for g in self._generations if tree_seq <= g.seq <= seq]
        gen = next((g for g in self._generations
                    if g.period == period and g.as_of == as_of and g.rules is rules), None)
        if gen is None:
            gen = _Generation(period, as_of, rules, seq)
            self._generations = [gen, *self._generations][: self._limit]
        elif seq > gen.seq:
            changed = org_changes.changed_since(session, gen.seq)
            targets = [oid for oid, target in changed.items() if target]
            gen.mark_stale(_with_ancestors(session, list(changed)), _with_ancestors(session, targets))
            gen.seq = seq
        return gen

    def _overview(self, session: Session, gen: _Generation, org_id: int) -> Overview:

        period, as_of, rules = gen.period, gen.as_of, gen.rules
        children = gen.children_of(session, org_id)
        if not children:
            return fr.overview(session, org_id, period, as_of, rules)
        ids = [org_id, *(c.id for c in children)]
        _cover(session, gen, org_id, ids)
        scope = self._screen_scope(session, gen, org_id, ids)
        rows = []
        for c in children:
            row = gen.rows.get(c.id)
            if row is None:
                # A child the rules look at has its hits kept (the same rules over the same
                # figures); any other child is evaluated here.
                hits = gen.hits.get(c.id)
                if hits is None:
                    hits = tuple(evaluate_org(scope, c.id))
                row = gen.rows[c.id] = child_row(scope, c.id, hits)
            rows.append(row)
        path = fr.breadcrumb(session, org_id, as_of)
        return Overview(
            org=scope.snap.orgs[org_id],
            path=tuple(path if path is not None else ancestors_at(session, org_id, as_of)),
            figures=scope.figures(org_id),
            children=tuple(rows),
            problem_count=gen.problem_counts[org_id],
        )

    def _problems(self, session: Session, gen: _Generation, org_id: int) -> list[Problem]:

        period, as_of, rules = gen.period, gen.as_of, gen.rules
        if not _has_children(session, org_id):
            return fr.problems(session, org_id, period, as_of, rules)
        _cover(session, gen, org_id)
        catchment = session.scalars(select(_C.descendant_id).where(_C.ancestor_id == org_id))
        hits = {oid: gen.hits[oid] for oid in catchment if gen.hits.get(oid)}
        scope = fr.RollupScope(fr.SmallTree(as_of, {}), org_id, period, as_of, rules, [], {}, {})  # type: ignore[arg-type]
        fr.problem_paths(session, scope, list(hits))
        orgs = scope.snap.orgs
        out = [Problem(org=orgs[oid], path=tuple(orgs[p].name for p in ids), hits=h, path_ids=ids)
               for oid, h in hits.items() for ids in (scope.snap.path(org_id, oid),)]
        out.sort(key=problem_order)
        return out

    def _screen_scope(self, session: Session, gen: _Generation, org_id: int, ids: list[int]) -> fr.RollupScope:
        """The scope of one screen (its organisation and its children), from what the memo
        holds of each; what it lacks (stale or never shown) is read now: books and targets
        from the rollups, states from the memo (a child without children: read now)."""
        period, as_of, rules = gen.period, gen.as_of, gen.rules
        missing = [oid for oid in ids if oid not in gen.screens]
        if missing:
            tree = fr.load_orgs(session, missing, as_of)
            raw: dict[int, Counts] = defaultdict(Counts)
            fr.screen_counts(session, missing, period, as_of, raw)
            own = gen.own_states(session, [oid for oid in missing if oid not in gen.states])
            for oid in missing:
                c = raw[oid]
                states = gen.states.get(oid)
                c.add_states(states if states is not None else own[oid])
                gen.screens[oid] = _Screen(tree.orgs[oid], oid in tree.with_children, c)
        shown = [gen.screens[oid] for oid in ids]
        tree = fr.SmallTree(as_of, {oid: sc.info for oid, sc in zip(ids, shown, strict=True)},
                            {oid for oid, sc in zip(ids, shown, strict=True) if sc.has_children})
        raw = {oid: sc.raw for oid, sc in zip(ids, shown, strict=True)}
        return fr.make_scope(tree, org_id, ids, period, as_of, rules, raw, gen.targets_of(session, ids))


def _cover(session: Session, gen: _Generation, org_id: int, shown: list[int] | None = None) -> None:
    """Make the states and problem counts of ``org_id``'s catchment current in ``gen``
    (``shown``: the organisations on its screen, read at the same time when all is read)."""
    if org_id not in gen.states:
        _read_whole(session, gen, org_id, shown or [org_id])
    elif org_id in gen.stale:
        _read_stale(session, gen, org_id)


def _has_children(session: Session, org_id: int) -> bool:
    q = fr.statement("has_children", lambda: select(_C.descendant_id).where(
        _C.ancestor_id == bindparam("org_id", type_=Integer), _C.depth == 1).limit(1))
    return session.execute(q, {"org_id": org_id}).first() is not None


def _with_ancestors(session: Session, orgs: list[int]) -> set[int]:
    """``orgs`` and every organisation above them in the current tree."""
    q = fr.statement("ancestors_of", lambda: select(_C.ancestor_id).where(
        _C.descendant_id.in_(fr.ids_param())).distinct())
    out = set(orgs)
    for part in fr.chunks(orgs):
        out.update(session.scalars(q, {"ids": part}))
    return out


def _read_whole(session: Session, gen: _Generation, root_id: int, shown: list[int]) -> None:
    """Read the whole catchment of ``root_id`` as the rollups' path does, and keep it, with
    what a screen reads of the organisations ``shown`` (the root's screen)."""

    keep = fr.CatchmentStates()
    scope = fr.rollup_scope(session, root_id, shown, gen.period, gen.as_of, gen.rules, with_flagged=True, keep=keep)
    years = sorted(fr.target_years(gen.period, gen.as_of))
    for oid in shown:
        gen.screens[oid] = _Screen(scope.snap.orgs[oid], oid in scope.snap.with_children,  # type: ignore[attr-defined]
                                   scope.totals[oid])
        gen.targets[oid] = {y: scope.targets.get((oid, y)) for y in years}
    parents = {parent for _, parent in keep.edges}
    parents.add(root_id)
    for oid in parents:
        gen.states[oid] = keep.totals.get(oid) or Counts()
    # Every rule for every organisation the rules look at: one that has no problem runs every
    # rule either way, so telling it apart first (has_problem) only doubled the work for the
    # others.
    hits = {oid: tuple(evaluate_org(scope, oid)) for oid in scope.flagged}
    gen.hits.update(hits)
    counts = {oid: 1 if hits.get(oid) else 0 for oid in parents}
    for child, parent in keep.edges:  # the deepest first
        counts[parent] += counts[child] if child in counts else 1 if hits.get(child) else 0
    gen.problem_counts.update(counts)
    gen.stale -= {root_id, *(child for child, _ in keep.edges)}


def _read_stale(session: Session, gen: _Generation, root_id: int) -> None:
    """Read again the stale organisations of ``root_id``'s catchment, the deepest first: each
    one's own states plus its children's totals; the hits of those the rules look at."""

    period, as_of, rules = gen.period, gen.as_of, gen.rules
    depth_of: dict[int, int] = {}
    stale = sorted(gen.stale)
    q = fr.statement("stale_below", lambda: select(_C.descendant_id, _C.depth).where(
        _C.ancestor_id == bindparam("root_id", type_=Integer), _C.descendant_id.in_(fr.ids_param())))
    for part in fr.chunks(stale):
        depth_of.update((int(o), int(d)) for o, d in session.execute(q, {"root_id": root_id, "ids": part}))
    todo = sorted(depth_of, key=lambda oid: -depth_of[oid])
    children: dict[int, list[int]] = defaultdict(list)
    edges = fr.statement("children_of", lambda: select(_C.ancestor_id, _C.descendant_id).where(
        _C.ancestor_id.in_(fr.ids_param()), _C.depth == 1))
    for part in fr.chunks(todo):
        for parent, child in session.execute(edges, {"ids": part}):
            children[parent].append(child)
    # Own states of the stale organisations and of their children without children (those
    # keep no totals in the memo).
    leaves = sorted({c for kids in children.values() for c in kids if c not in gen.states and c not in depth_of})
    inner = [oid for oid in todo if children.get(oid)]
    own = fr.states_of(session, inner, as_of, rules, period.start) if inner else {}
    own.update(gen.own_states(session, [*(oid for oid in todo if not children.get(oid)), *leaves]))
    tree = fr.load_orgs(session, todo, as_of)
    totals: dict[int, Counts] = {}
    for oid in todo:
        mine = own.get(oid)
        total = mine.copy() if mine is not None else Counts()
        for child in children.get(oid, ()):
            below = totals.get(child)
            if below is None:
                below = gen.states.get(child)
            if below is None:
                below = own.get(child) or Counts()
            total.add_states(below)
        totals[oid] = total
    # The hits of the stale organisations the rules look at, from what the rules read.

    flagged = [oid for oid in todo if tree.orgs[oid].kind in FLAGGED_KINDS and tree.orgs[oid].valid_at(as_of)]
    if flagged:
        raw: dict[int, Counts] = defaultdict(Counts)
        fr.flagged_counts(session, flagged, period, as_of, raw)
        targets = gen.targets_of(session, flagged)
        for oid in flagged:
            raw[oid].add_states(totals[oid])
        scope = fr.make_scope(tree, root_id, flagged, period, as_of, rules, raw, targets)
        for oid in flagged:
            gen.hits[oid] = tuple(evaluate_org(scope, oid))
    for oid in todo:
        if oid not in flagged:
            gen.hits.pop(oid, None)  # ended since, or never looked at
        if children.get(oid):
            gen.states[oid] = totals[oid]
            count = 1 if gen.hits.get(oid) else 0
            for child in children[oid]:
                count += gen.problem_counts[child] if child in gen.problem_counts else 1 if gen.hits.get(child) else 0
            gen.problem_counts[oid] = count
        else:
            gen.states.pop(oid, None)
            gen.problem_counts.pop(oid, None)
    gen.stale -= set(todo)


__all__ = ["FiguresMemo"]
