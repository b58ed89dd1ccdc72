"""The members' make-up (cơ cấu đảng viên, issue 18), the one definition every consumer reads
through :attr:`models.figures.service.Part.OFFICE`.

For an organisation's catchment at the day of the figures (the members on the rolls then):
how many, women, ethnic minorities (any ethnicity but Kinh), religious followers (a religion
recorded and not "none"), age bands, general education, professional and political theory
levels, each with how many are not recorded yet (NULL is never counted as a level). For the
period: admissions at organisations of each enterprise ownership (an enterprise's cells share
its ownership). And the hamlets and neighbourhoods of its communes (``residential_areas``) that
had no cell on that day, or a cell with fewer members than the committee's threshold
(``[makeup] few_members`` in ``rules.toml``, a local choice).

Members are counted in one grouped pass over the rolls of the catchment (conditional sums),
never one query per member or per organisation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from models.enums import EducationLevel, EventKind, Ownership, ProfessionalLevel, Religion, Sex, TheoryLevel
from models.figures.periods import DayPeriod
from models.forest import TreeSnapshot
from models.rolls import on_rolls_subquery
from models.rules import Rules, default_rules
from models.schema import Member, MemberEvent, Organisation, ResidentialArea

#: The office's age bands (tuổi đời), by completed years at the day of the figures: the key,
#: and the band's last year (None: open). A reporting convention of the office's statistical
#: forms, not a rule parameter.
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("18-30", 30), ("31-40", 40), ("41-50", 50), ("51-60", 60), ("61-70", 70), ("over_70", None),
)
#: The ethnicity of the majority; every other recorded ethnicity is a minority.
MAJORITY_ETHNICITY = "kinh"
#: The key of the members whose field is not recorded yet (NULL).
NOT_RECORDED = "not_recorded"

_LEVELS: tuple[tuple[str, Any, type[StrEnum]], ...] = (
    ("religion", Member.religion, Religion),
    ("education", Member.education_level, EducationLevel),
    ("professional", Member.professional_level, ProfessionalLevel),
    ("theory", Member.theory_level, TheoryLevel),
)


@dataclass(frozen=True)
class AreaRow:
    """A hamlet or neighbourhood worth naming: no cell, or a cell with few members."""

    area_id: int
    name: str
    kind: str  # models.enums.AreaKind value
    commune_id: int
    cell_id: int | None  # None: no cell serves it on the day
    members: int | None  # the cell's members on the rolls; None without a cell


@dataclass(frozen=True)
class Makeup:
    """One organisation's make-up (its catchment) at ``day``, and its admissions of ``period``
    by enterprise ownership."""

    org_id: int
    day: dt.date
    period: DayPeriod
    members: int
    women: int
    minorities: int
    religious: int  # followers of a religion (recorded, not "none")
    # key -> members, every key present: age bands (AGE_BANDS), and for each of "religion",
    # "education", "professional", "theory" the enum's values plus NOT_RECORDED.
    age_bands: Mapping[str, int]
    levels: Mapping[str, Mapping[str, int]]
    admitted_by_ownership: Mapping[str, int]  # Ownership value -> admissions in the period
    areas: int  # hamlets and neighbourhoods of its communes on the day
    areas_without_cell: tuple[AreaRow, ...]
    areas_few_members: tuple[AreaRow, ...]
    few_members: int  # the threshold in force on the day (a local choice)

    def share(self, n: int) -> float | None:
        """``n`` as a share of the members (None when there are none)."""
        return n / self.members if self.members else None

    def as_json(self) -> dict[str, Any]:
        """The report's ``makeup`` object."""

        def area(a: AreaRow) -> dict[str, Any]:
            return {"name": a.name, "kind": a.kind, "members": a.members}

        return {
            "day": self.day.isoformat(),
            "members": self.members,
            "women": self.women,
            "minorities": self.minorities,
            "religious": self.religious,
            "age_bands": dict(self.age_bands),
            **{name: dict(counts) for name, counts in self.levels.items()},
            "admitted_in_enterprises": dict(self.admitted_by_ownership),
            "areas": self.areas,
            "areas_without_cell": [area(a) for a in self.areas_without_cell],
            "areas_few_members": [area(a) for a in self.areas_few_members],
            "few_members_threshold": self.few_members,
        }


def _counted_columns(day: dt.date) -> list[tuple[str, Any]]:
    """(key, SQL sum) of each count, over members joined to the rolls."""

    def count_if(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    cols: list[tuple[str, Any]] = [
        ("members", func.count()),
        ("women", count_if(Member.sex == Sex.FEMALE)),
        ("minorities", count_if(func.lower(func.trim(Member.ethnicity)) != MAJORITY_ETHNICITY)),
        ("religious", count_if(and_(Member.religion.is_not(None), Member.religion != Religion.NONE))),
    ]
    # Completed years at ``day``: at most ``last`` years old means born after the day
    # ``last + 1`` years before it.
    lower: dt.date | None = None
    for key, last in AGE_BANDS:
        born_after = _years_before(day, last + 1) if last is not None else None
        conds = []
        if born_after is not None:
            conds.append(Member.birth_date > born_after)
        if lower is not None:
            conds.append(Member.birth_date <= lower)
        cols.append((f"age:{key}", count_if(and_(*conds)) if conds else func.count()))
        lower = born_after
    for name, column, enum in _LEVELS:
        for value in enum:
            cols.append((f"{name}:{value.value}", count_if(column == value)))
        cols.append((f"{name}:{NOT_RECORDED}", count_if(column.is_(None))))
    return cols


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _chunked_in(column: Any, ids: list[int]) -> Any:
    # SQLite limits bound parameters per statement; whole cities have many organisations.
    return or_(*(column.in_(ids[i:i + 5000]) for i in range(0, len(ids), 5000))) if ids else literal(False)


def member_counts(session: Session, orgs: set[int], day: dt.date, inside: Any = None) -> dict[int, dict[str, int]]:
    """For each organisation of ``orgs`` with members on its own rolls at ``day``: every count
    of :class:`Makeup` (keys of :func:`_counted_columns`). ``inside``: a select of the same
    organisations (the kept closure's, when it describes the tree of ``day``), used instead of
    listing tens of thousands of ids in the statement."""
    ids = sorted(orgs)

    def where(column: Any) -> Any:
        return column.in_(inside) if inside is not None else _chunked_in(column, ids)

    concerned = select(MemberEvent.member_id).where(where(MemberEvent.org_id))
    rolls = on_rolls_subquery(day, members=concerned)
    cols = _counted_columns(day)
    rows = session.execute(
        select(rolls.c.org_id, *(expr.label(f"c{i}") for i, (_, expr) in enumerate(cols)))
        .select_from(rolls)
        .join(Member, Member.id == rolls.c.member_id)
        .where(where(rolls.c.org_id))
        .group_by(rolls.c.org_id)
    )
    return {row[0]: {key: int(row[i + 1]) for i, (key, _) in enumerate(cols)} for row in rows
            if row[0] in orgs}


def _ownership_of(session: Session, tree: TreeSnapshot, area: set[int]) -> dict[int, str]:
    """Each organisation of ``area`` inside an enterprise whose ownership is recorded: the
    ownership of the nearest such organisation at or above it."""
    marked = dict(session.execute(
        select(Organisation.id, Organisation.ownership).where(
            Organisation.ownership.is_not(None), _chunked_in(Organisation.id, sorted(area)))
    ).all())
    out: dict[int, str] = {}
    # Outer enterprises first, so an inner one's own ownership wins below it.
    depth = {oid: len(tree.chain(oid)) if oid in tree.orgs else 0 for oid in marked}
    for oid in sorted(marked, key=lambda o: depth[o]):
        value = str(getattr(marked[oid], "value", marked[oid]))
        for below in (tree.catchment(oid) if oid in tree.orgs else [oid]):
            out[below] = value
    return out


def _admitted_by_ownership(session: Session, owned: Mapping[int, str], period: DayPeriod) -> dict[int, int]:
    ids = sorted(owned)
    if not ids:
        return {}
    rows = session.execute(
        select(MemberEvent.org_id, func.count()).where(
            MemberEvent.kind == EventKind.ADMISSION, MemberEvent.event_date.between(period.start, period.end),
            _chunked_in(MemberEvent.org_id, ids)).group_by(MemberEvent.org_id)
    )
    return {org_id: int(n) for org_id, n in rows}


def _areas(session: Session, area: set[int], day: dt.date) -> list[ResidentialArea]:
    return list(session.scalars(
        select(ResidentialArea).where(
            _chunked_in(ResidentialArea.commune_id, sorted(area)),
            ResidentialArea.valid_from <= day,
            or_(ResidentialArea.valid_to.is_(None), ResidentialArea.valid_to > day),
        ).order_by(ResidentialArea.commune_id, ResidentialArea.name, ResidentialArea.id)
    ))


def makeup_figures(
    session: Session, groups: Mapping[int, set[int]] | None, root_id: int, period: DayPeriod, day: dt.date,
    rules: Rules | None = None,
) -> dict[int, Makeup]:
    """The make-up of each organisation of ``groups`` (id -> its catchment, the root's the
    union: :func:`models.figures.statistics.report_groups`; None: the root and its children at
    ``day``, read from the catchment forest in one load) at ``day``, with the admissions of
    ``period``."""
    rules = rules or default_rules()
    few = int(rules.on(day).makeup.few_members)
    tree = TreeSnapshot.load(session, day, within=root_id)
    if groups is None:
        groups = {oid: set(tree.catchment(oid)) for oid in (root_id, *tree.live_children(root_id))}
    area = groups[root_id]
    # The kept closure names the root's catchment when the tree has not changed since ``day``
    # (TreeSnapshot.load restricted itself to it then): a subquery, not the ids.
    per_org = member_counts(session, area, day, tree.closure_subquery)
    owned = _ownership_of(session, tree, area)
    admitted = _admitted_by_ownership(session, owned, period)
    areas = _areas(session, area, day)
    rows: list[AreaRow] = []
    for a in areas:
        cell = tree.orgs.get(a.cell_id) if a.cell_id is not None else None
        if cell is None or not cell.valid_at(day):
            rows.append(AreaRow(a.id, a.name, str(a.kind.value if hasattr(a.kind, "value") else a.kind), a.commune_id, None, None))
            continue
        n = sum(per_org.get(o, {}).get("members", 0) for o in tree.catchment(cell.id))
        rows.append(AreaRow(a.id, a.name, str(a.kind.value if hasattr(a.kind, "value") else a.kind), a.commune_id, cell.id, n))
    keys = [k for k, _ in _counted_columns(day)]
    out: dict[int, Makeup] = {}
    for oid, catchment in groups.items():
        total: dict[str, int] = defaultdict(int)
        for o in catchment:
            for k, n in per_org.get(o, {}).items():
                total[k] += n
        by_ownership = {w.value: 0 for w in Ownership}
        for o, w in owned.items():
            if o in catchment:
                by_ownership[w] += admitted.get(o, 0)
        mine = [r for r in rows if r.commune_id in catchment]
        out[oid] = Makeup(
            org_id=oid, day=day, period=period,
            members=total["members"], women=total["women"], minorities=total["minorities"],
            religious=total["religious"],
            age_bands={key: total[f"age:{key}"] for key, _ in AGE_BANDS},
            levels={name: {k.split(":", 1)[1]: total[k] for k in keys if k.startswith(f"{name}:")}
                    for name, _, _ in _LEVELS},
            admitted_by_ownership=by_ownership,
            areas=len(mine),
            areas_without_cell=tuple(r for r in mine if r.cell_id is None),
            areas_few_members=tuple(r for r in mine if r.members is not None and r.members < few),
            few_members=few,
        )
    return out


__all__ = ["AGE_BANDS", "NOT_RECORDED", "AreaRow", "Makeup", "makeup_figures", "member_counts"]
