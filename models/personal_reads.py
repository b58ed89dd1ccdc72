"""Reads of personal details, checked and logged (Decree 13/2023 on sensitive personal data).

Every read that names members (:mod:`models.people`'s lists and histories,
:mod:`models.removal_warnings`' list of members at risk) first passes :func:`guard` (the actor
may see personal details of the organisation; a refusal is logged, then raised) and, once
done, is logged with :func:`log_read`. Both take an ``engine``, since the audit row is written
in a write session of its own while the read runs in a read session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.access import Actor, require_personal
from models.audit import audit
from models.db import read_only
from models.enums import AuditOutcome
from models.errors import AccessDenied
from models.uow import write_session


def log_read(engine: Engine, actor: Actor, action: str, outcome: AuditOutcome, table: str, target_id: int,
             org_id: int | None, detail: dict[str, Any]) -> None:
    """One audit row in a transaction of its own: a read (or a refused read) is logged even
    though the read itself writes nothing. It changes no figure, so no dashboard re-reads.
    A read-only copy of the database (handed to a viewer) can hold no log: nothing is kept."""
    if read_only(engine):
        return
    with write_session(engine, changes_figures=False) as session:
        audit(session, actor, action, outcome, target_table=table, target_id=target_id, org_id=org_id, extra=detail)


def guard(engine: Engine, session: Session, actor: Actor, action: str, table: str, target_id: int,
          org_id: int, org_code: str, on: dt.date) -> None:
    """Refuse (and log the refusal of) ``action`` unless ``actor`` may see personal details
    of ``org_id`` on ``on``."""
    try:
        require_personal(session, actor, org_id, org_code, on)
    except AccessDenied as exc:
        log_read(engine, actor, action, AuditOutcome.REFUSED, table, target_id, org_id, {"message": exc.message("en")})
        raise


__all__ = ["guard", "log_read"]
