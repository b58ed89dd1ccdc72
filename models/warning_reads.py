"""The list of members at risk of removal for a person (:mod:`models.removal_warnings` holds
the definition): the list names members, so it needs the right to personal details and the read
is logged."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from models.access import Actor
from models.enums import AuditOutcome
from models.personal_reads import guard, log_read
from models.removal_warnings import RemovalWarning, removal_warnings
from models.rules import Rules
from models.tree import get_org_by_id
from models.uow import read_session


def read_warnings(engine: Engine, actor: Actor, root_id: int, as_of: dt.date, rules: Rules | None = None) -> list[RemovalWarning]:
    """:func:`removal_warnings` for a person: the list names members, so it needs the right to
    personal details of ``root_id`` and the read is logged (a refusal too)."""
    with read_session(engine) as session:
        org = get_org_by_id(session, root_id)
        guard(engine, session, actor, "warnings.read", "organisations", root_id, root_id, org.code, as_of)
        found = removal_warnings(session, root_id, as_of, rules)
    log_read(engine, actor, "warnings.read", AuditOutcome.READ, "organisations", root_id, root_id,
             {"as_of": as_of.isoformat(), "warnings": len(found)})
    return found
