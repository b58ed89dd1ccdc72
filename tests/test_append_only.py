"""The event log and the audit log refuse UPDATE and DELETE in the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from record_helpers import admit, build_tree


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE member_events SET note = 'changed'",
        "DELETE FROM member_events",
        "UPDATE audit_log SET action = 'changed'",
        "DELETE FROM audit_log",
    ],
)
def test_update_and_delete_refused(engine, statement):
    build_tree(engine)
    admit(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM member_events")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'changed'")).scalar() == 0
