"""The write side: every operation that changes the books, one module per family.

Each operation is ``fn(session, actor, *, ...)``: it checks the actor's rights for the
organisation at the event date, validates against the Party rules (parameters from
:mod:`models.rules`, never literals), writes its rows and one audit row, and raises a
:class:`~models.errors.DomainError` naming the field and the rule when it refuses. Run them
with :func:`perform` (or inside :func:`models.uow.write_session`) so each is one transaction.
"""

from __future__ import annotations

from models.record import messages as _messages  # noqa: F401  registers the catalogue
from models.record.candidates import candidate_stage, create_candidate
from models.record.common import Recorded
from models.record.attendance import close_dues, record_meeting
from models.record.conclusions import add_conclusion, close_conclusion
from models.record.absence import exemption_end, exemption_start, far_away_contact, far_away_end, far_away_start
from models.record.makeup import member_makeup, org_ownership, residential_area
from models.record.members import admission, death, expulsion, leave, recognition, removal
from models.record.orgs import create_org, merge_orgs, move_org, rename_org
from models.record.residence import create_link, residence_event
from models.record.runner import perform
from models.record.targets import set_target
from models.record.transfers import temporary_transfer, transfer, transfer_in_from_outside

__all__ = [
    "Recorded",
    "add_conclusion",
    "admission",
    "candidate_stage",
    "close_conclusion",
    "close_dues",
    "create_candidate",
    "create_link",
    "create_org",
    "rename_org",
    "death",
    "exemption_end",
    "exemption_start",
    "expulsion",
    "far_away_contact",
    "far_away_end",
    "far_away_start",
    "leave",
    "member_makeup",
    "merge_orgs",
    "move_org",
    "org_ownership",
    "perform",
    "recognition",
    "record_meeting",
    "removal",
    "residence_event",
    "residential_area",
    "set_target",
    "temporary_transfer",
    "transfer",
    "transfer_in_from_outside",
]
