"""What the two sources count per organisation, typed and addable: :class:`Counts`.

Each source (:mod:`models.figures.events`, :mod:`models.figures.kept`) fills one
:class:`Counts` per organisation with its own figures; adding an organisation's children's
into it (:meth:`Counts.add`) gives its figures over its catchment, which
:class:`models.figures.scope.Scope` turns into the sections. Counts may go below zero on the
way: a move between two organisations of one catchment is taken out where both meet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from models.enums import CandidateStage, EventKind, MassOrg, RemovalGround


def _add_into(into: dict, other: Mapping) -> None:  # type: ignore[type-arg]
    for key, n in other.items():
        into[key] = into.get(key, 0) + n


@dataclass
class YearCounts:
    """One year's admissions (and who the admitted are) and roll events other than admissions."""

    admitted: int = 0
    women: int = 0
    youth_union: int = 0
    on_occasion: int = 0
    aged_18_30: int = 0
    recommended: int = 0
    recommended_by: dict[MassOrg, int] = field(default_factory=dict)
    # Transfers in and out (permanent), removals, leaves, expulsions, deaths.
    flows: dict[EventKind, int] = field(default_factory=dict)
    removed_by_ground: dict[RemovalGround, int] = field(default_factory=dict)

    def add(self, other: YearCounts) -> None:
        self.admitted += other.admitted
        self.women += other.women
        self.youth_union += other.youth_union
        self.on_occasion += other.on_occasion
        self.aged_18_30 += other.aged_18_30
        self.recommended += other.recommended
        _add_into(self.recommended_by, other.recommended_by)
        _add_into(self.flows, other.flows)
        _add_into(self.removed_by_ground, other.removed_by_ground)

    def flow(self, kind: EventKind) -> int:
        return self.flows.get(kind, 0)

    def copy(self) -> YearCounts:
        out = YearCounts()
        out.add(self)
        return out


#: What a year without counts reads (never written: :meth:`Counts.year_of` hands it out).
NO_YEAR = YearCounts()


@dataclass
class Counts:
    """An organisation's counts: by year, members on the rolls by day, the states at the day."""

    years: dict[int, YearCounts] = field(default_factory=dict)
    members_on: dict[dt.date, int] = field(default_factory=dict)
    probationary: int = 0
    recognition_overdue: int = 0
    by_stage: dict[CandidateStage, int] = field(default_factory=dict)
    valid_certificates: int = 0
    expiring_this_year: int = 0
    r213_links: int = 0
    r213_exempt: int = 0
    r213_registered: int = 0
    r213_requested: int = 0
    r213_returned: int = 0
    away: int = 0
    away_without_contact: int = 0
    # Admission steps past their deadlines at the day, and those done late in the period
    # (models.figures.admission_deadlines: plain tuples, one a case).
    admission_deadlines: tuple[tuple[str, str, str, str, str, int], ...] = ()

    def year(self, year: int) -> YearCounts:
        """The counts of ``year``, to write into."""
        found = self.years.get(year)
        if found is None:
            found = self.years[year] = YearCounts()
        return found

    def year_of(self, year: int) -> YearCounts:
        """The counts of ``year``, to read (an empty one when there are none)."""
        return self.years.get(year, NO_YEAR)

    def members(self, day: dt.date) -> int:
        return self.members_on.get(day, 0)

    def add(self, other: Counts) -> None:
        """Add ``other`` into these counts (a child's into its parent's)."""
        for y, counts in other.years.items():
            self.year(y).add(counts)
        _add_into(self.members_on, other.members_on)
        self.add_states(other)

    def add_states(self, other: Counts) -> None:
        """Add only the states at the day (probation, pipeline, Regulation 213, far away, admission
        deadlines)."""
        _add_into(self.by_stage, other.by_stage)
        self.probationary += other.probationary
        self.recognition_overdue += other.recognition_overdue
        self.valid_certificates += other.valid_certificates
        self.expiring_this_year += other.expiring_this_year
        self.r213_links += other.r213_links
        self.r213_exempt += other.r213_exempt
        self.r213_registered += other.r213_registered
        self.r213_requested += other.r213_requested
        self.r213_returned += other.r213_returned
        self.away += other.away
        self.away_without_contact += other.away_without_contact
        if other.admission_deadlines:
            self.admission_deadlines += other.admission_deadlines

    def copy(self) -> Counts:
        out = Counts()
        out.add(self)
        return out

    def __bool__(self) -> bool:
        """Whether these counts differ from :data:`NO_COUNTS` (what ``self != NO_COUNTS`` says,
        without the dataclass comparing two tuples of every field: a large screen asks this of
        thousands of organisations)."""
        return bool(
            self.years or self.members_on or self.by_stage or self.probationary or self.recognition_overdue
            or self.valid_certificates or self.expiring_this_year or self.r213_links or self.r213_exempt
            or self.r213_registered or self.r213_requested or self.r213_returned or self.away
            or self.away_without_contact or self.admission_deadlines
        )


#: What an organisation without counts reads (never written).
NO_COUNTS = Counts()


__all__ = ["NO_COUNTS", "NO_YEAR", "Counts", "YearCounts"]
