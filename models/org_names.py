"""An organisation's name on a day: names have validity intervals (``org_names``, migration 0020).

``organisations.name`` is the latest name; :func:`names_on` gives, for a batch of
organisations, the name each bore on a day when it differs from the latest (one query per 900
ids: nothing for an organisation never renamed), and :func:`named_on` applies them to the
organisations a screen or report shows. An organisation asked for before its first name
interval (the day before it existed) keeps its latest name. The latest (open) interval's name
is ``organisations.name``: a closed interval's name is the only one read from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import Session

from models.db import core
from models.org_info import OrgInfo
from models.schema import Organisation, OrgName

_N = OrgName.__table__
_O = Organisation.__table__

# The names borne on ``day`` that differ from the latest (the same query for every batch).
# Only closed intervals: the open one is the latest name, which ``organisations.name`` holds.
_DIFFERENT_ON = (
    select(_N.c.org_id, _N.c.name)
    .join(_O, _O.c.id == _N.c.org_id)
    .where(
        _N.c.org_id.in_(bindparam("ids", expanding=True)),
        _N.c.valid_from <= bindparam("day"),
        _N.c.valid_to > bindparam("day"),
        _N.c.name != _O.c.name,
    )
)


def names_on(session: Session, ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """The name each organisation of ``ids`` bore on ``day``, for those it differs from the latest."""
    wanted = sorted(set(ids))
    out: dict[int, str] = {}
    for i in range(0, len(wanted), 900):
        out.update(core(session).execute(_DIFFERENT_ON, {"ids": wanted[i:i + 900], "day": day}).all())
    return out


def renamed(org: OrgInfo, names: Mapping[int, str]) -> OrgInfo:
    """``org`` with the name ``names`` gives it, if any."""
    name = names.get(org.id)
    return org if name is None or name == org.name else replace(org, name=name)


def named_on(session: Session, orgs: Iterable[OrgInfo], day: dt.date) -> list[OrgInfo]:
    """``orgs`` each with the name it bore on ``day``."""
    orgs = list(orgs)
    names = names_on(session, (o.id for o in orgs), day)
    return [renamed(o, names) for o in orgs]


@dataclass(frozen=True)
class NameSpan:
    name: str
    valid_from: dt.date
    valid_to: dt.date | None

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }


def name_history(session: Session, ids: Iterable[int] | None = None) -> dict[int, tuple[NameSpan, ...]]:
    """Every name of each organisation (of ``ids``, or all), oldest first."""
    q = select(_N.c.org_id, _N.c.name, _N.c.valid_from, _N.c.valid_to).order_by(_N.c.org_id, _N.c.valid_from)
    out: dict[int, list[NameSpan]] = {}
    if ids is None:
        batches: list[list[int] | None] = [None]
    else:
        wanted = sorted(set(ids))
        batches = [wanted[i:i + 900] for i in range(0, len(wanted), 900)]
    for batch in batches:
        stmt = q if batch is None else q.where(_N.c.org_id.in_(batch))
        for org_id, name, start, end in core(session).execute(stmt):
            out.setdefault(org_id, []).append(NameSpan(name, start, end))
    return {k: tuple(v) for k, v in out.items()}


def former_names(session: Session) -> dict[int, tuple[str, ...]]:
    """The names other than the latest of every organisation ever renamed (the palette finds
    an organisation by any of them): one query, rows only for renamed organisations."""
    rows = core(session).execute(
        select(_N.c.org_id, _N.c.name).join(_O, and_(_O.c.id == _N.c.org_id, _N.c.name != _O.c.name))
        .order_by(_N.c.org_id, _N.c.valid_from)
    )
    out: dict[int, list[str]] = {}
    for org_id, name in rows:
        out.setdefault(org_id, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


__all__ = ["NameSpan", "former_names", "name_history", "named_on", "names_on", "renamed"]
