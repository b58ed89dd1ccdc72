"""An organisation's counts are empty only when nothing at all was counted for it: the sums up
the tree skip empty counts (models.figures.kept), so a count that read as empty would drop that
organisation's probationers, candidates or far-away members from every screen above it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from models.enums import CandidateStage, EventKind
from models.figures.counts import NO_COUNTS, Counts, YearCounts

#: One non-empty value for each field of Counts.
SAMPLES = {
    "years": {2026: YearCounts()},
    "members_on": {dt.date(2026, 10, 31): 0},
    "by_stage": {CandidateStage.DOSSIER: 1},
}


def test_counts_with_any_one_figure_are_not_empty() -> None:
    assert not Counts() and not NO_COUNTS
    for f in dataclasses.fields(Counts):
        value = SAMPLES.get(f.name, 1)
        counts = Counts(**{f.name: value})
        assert counts, f.name
        assert bool(counts) == (counts != NO_COUNTS), f.name
    # Figures that cancel out (a move netted inside a catchment) still leave their year.
    netted = Counts()
    netted.year(2026).flows[EventKind.TRANSFER_IN] = 0
    assert netted and netted != NO_COUNTS
