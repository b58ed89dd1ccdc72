"""The candidate pipeline's flow over a period, apart from its stock at a date.

The stock (:class:`models.figures.data.Pipeline`) says who is in the pipeline on a day; the
flow says what happened in the period: candidates newly listed, classes attended, candidates
admitted and candidates dropped. A report that mixes the two (a table of stages that counts
every candidate ever admitted as "at the admitted stage") cannot be read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.enums import CandidateStage
from models.schema import Candidate, CandidateEvent

#: The stages a candidate is still in the pipeline at (the stock).
IN_PIPELINE = (
    CandidateStage.IDENTIFIED,
    CandidateStage.CLASS_ATTENDED,
    CandidateStage.DOSSIER,
    CandidateStage.CELL_RESOLUTION,
    CandidateStage.COMMITTEE_DECISION,
)

#: The stages whose entries make the period's flow.
FLOW_STAGES = (
    CandidateStage.IDENTIFIED,
    CandidateStage.CLASS_ATTENDED,
    CandidateStage.ADMITTED,
    CandidateStage.DROPPED,
)


@dataclass(frozen=True)
class PipelineFlow:
    start: dt.date
    end: dt.date
    # Candidates who reached each stage of FLOW_STAGES between start and end (inclusive).
    entered: dict[CandidateStage, int]


#: Organisations per IN list (SQLite binds at most 32,766 parameters).
_CHUNK = 5000


def pipeline_flow(session: Session, ids: list[int], start: dt.date, end: dt.date) -> PipelineFlow:
    """Candidates of the organisations ``ids`` (a catchment) who reached each flow stage from
    ``start`` to ``end``."""
    entered = dict.fromkeys(FLOW_STAGES, 0)
    if start > end:
        return PipelineFlow(start, end, entered)
    # A candidate belongs to one organisation, so counts over chunks of the catchment add up.
    for i in range(0, len(ids), _CHUNK):
        q = (
            select(CandidateEvent.stage, func.count(func.distinct(CandidateEvent.candidate_id)))
            .join(Candidate, Candidate.id == CandidateEvent.candidate_id)
            .where(
                Candidate.org_id.in_(ids[i : i + _CHUNK]),
                CandidateEvent.stage.in_(FLOW_STAGES),
                CandidateEvent.event_date >= start,
                CandidateEvent.event_date <= end,
            )
            .group_by(CandidateEvent.stage)
        )
        for stage, n in session.execute(q):
            entered[CandidateStage(stage)] += int(n)
    return PipelineFlow(start, end, entered)
