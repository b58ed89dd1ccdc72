"""Yearly admission targets (chỉ tiêu): set once, changed when the committee revises them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.access import Actor
from models.audit import audit
from models.errors import DomainError, NotFound
from models.record.common import OK, Recorded, writable_org
from models.schema import AdmissionTarget
from models.tree import get_org

#: The years the schema accepts (CHECK year_range).
MIN_YEAR, MAX_YEAR = 1930, 2200


def set_target(
    session: Session,
    actor: Actor,
    *,
    org: str,
    year: int,
    target: int,
    decision_no: str | None = None,
) -> Recorded:
    """Register or change ``org``'s admission target for ``year``; the audit keeps both values."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("record.year_invalid", field="year", year=year)
    if target < 0:
        raise DomainError("record.target_negative", field="target", target=target)
    try:
        info = get_org(session, org)
    except NotFound as exc:
        raise NotFound("org.not_found", field="org", code=org) from exc
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if info.valid_from > last or (info.valid_to is not None and info.valid_to <= first):
        raise DomainError("record.year_outside_org", field="year", code=info.code, year=year)
    # Rights are checked where the organisation sits on the first day of the year it exists.
    writable_org(session, actor, info, max(first, info.valid_from))
    row = session.scalar(
        select(AdmissionTarget)
        .where(AdmissionTarget.org_id == info.id, AdmissionTarget.year == year)
        .with_for_update()
    )
    before = None
    if row is None:
        row = AdmissionTarget(org_id=info.id, year=year, target=target, decision_no=decision_no, recorded_by=actor.user_id)
        session.add(row)
    else:
        before = {"target": row.target, "decision_no": row.decision_no}
        row.target = target
        row.decision_no = decision_no
        row.recorded_by = actor.user_id
    session.flush()
    audit(
        session, actor, "record.target", OK, "admission_targets", row.id, info.id,
        before=before, after={"year": year, "target": target, "decision_no": decision_no},
    )
    from models import i18n

    return Recorded(
        "record.target",
        "admission_targets",
        row.id,
        "record.done.target",
        {
            "year": year,
            "org": info.code,
            "before": before["target"] if before else i18n.t("record.none"),
            "target": target,
        },
    )
