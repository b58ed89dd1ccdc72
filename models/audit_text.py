"""What the audit screen's search looks in for one row of the log (``audit_log.search_text``):
the logins, the action, the time as the screen shows it, the organisation's code and name when
the row was written, the detail's keys and values; all folded (no diacritics, no case), since
neither database folds Vietnamese diacritics by itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, text

from models.collation import fold

#: The time as the audit screen shows it (tui/screens/audit.py), so that a day can be searched.
SHOWN_TIME = "%d/%m/%Y %H:%M:%S"
_ORG_NAMES = text("SELECT code, name FROM organisations WHERE id = :org_id")


def _words(value: Any) -> Iterable[str]:
    """The keys and values of a detail, as text; an ISO date also as the screen writes days."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from _words(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _words(v)
    elif value is not None:
        shown = str(value)
        yield shown
        if len(shown) == 10 and shown[4] == "-" and shown[7] == "-":
            try:
                day = dt.date.fromisoformat(shown)
            except ValueError:
                return  # shaped like a day but none (a code, say): searched as stored only
            yield day.strftime("%d/%m/%Y")


def search_text(conn: Connection, at: dt.datetime, login: str, acting_as: str | None, action: str,
                org_id: int | None, detail: Mapping[str, Any] | None) -> str:
    parts = [login, acting_as or "", action, at.strftime(SHOWN_TIME)]
    if org_id is not None:
        row = conn.execute(_ORG_NAMES, {"org_id": org_id}).first()
        if row is not None:
            parts += [row[0], row[1]]
    parts += _words(detail or {})
    return fold("\n".join(parts))
