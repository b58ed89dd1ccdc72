"""An organisation as screens and reports see it: plain data, importable without SQLAlchemy
(the dashboard shows a snapshot of its last figures before the data layer is loaded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from models.enums import OrgKind, Sector


@dataclass(frozen=True)
class OrgInfo:
    """An organisation as screens and reports see it."""

    id: int
    code: str
    name: str
    kind: OrgKind
    sector: Sector | None
    valid_from: dt.date
    valid_to: dt.date | None
    successor_id: int | None

    def valid_at(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)
