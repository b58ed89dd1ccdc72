"""Small trees and users for the write-side tests (not fixtures of figures: a district,
a commune committee and two hamlet cells are enough to exercise every rule)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, func, select

from models.access import SYSTEM, Actor
from models.enums import OrgKind, Role, Sector
from models.record import create_org
from models.schema import AuditEntry, MemberEvent, Organisation, User
from models.uow import read_session, write_session

D = dt.date
START = D(2000, 1, 1)


def build_tree(engine: Engine) -> dict[str, int]:
    """DIST > XA (commune committee) > AP1, AP2 (hamlet cells); OTHER: a second commune with C3."""
    with write_session(engine) as s:
        create_org(s, SYSTEM, code="DIST", name="Huyện Cần Giờ", kind=OrgKind.DISTRICT_COMMITTEE, valid_from=START, sector=Sector.DISTRICT)
        create_org(s, SYSTEM, code="XA", name="Đảng bộ xã Thạnh An", kind=OrgKind.COMMUNE_COMMITTEE, valid_from=START, parent="DIST", sector=Sector.COMMUNE)
        create_org(s, SYSTEM, code="AP1", name="Chi bộ ấp Thạnh Bình", kind=OrgKind.SUBORDINATE_CELL, valid_from=START, parent="XA", sector=Sector.HAMLET)
        create_org(s, SYSTEM, code="AP2", name="Chi bộ ấp Thiềng Liềng", kind=OrgKind.SUBORDINATE_CELL, valid_from=START, parent="XA", sector=Sector.HAMLET)
        create_org(s, SYSTEM, code="OTHER", name="Đảng bộ xã Lý Nhơn", kind=OrgKind.COMMUNE_COMMITTEE, valid_from=START, parent="DIST", sector=Sector.COMMUNE)
        create_org(s, SYSTEM, code="C3", name="Chi bộ ấp Lý Hòa Hiệp", kind=OrgKind.SUBORDINATE_CELL, valid_from=START, parent="OTHER", sector=Sector.HAMLET)
    with read_session(engine) as s:
        return {o.code: o.id for o in s.scalars(select(Organisation))}


def add_user(engine: Engine, login: str, role: Role, scope: str | None = None) -> Actor:
    with write_session(engine) as s:
        scope_id = s.scalar(select(Organisation.id).where(Organisation.code == scope)) if scope else None
        u = User(login=login, display_name=login, role=role, scope_org_id=scope_id)
        s.add(u)
        s.flush()
        return Actor(u.id, login, role, scope_id, os_login=login)


def run(engine: Engine, op: Any, actor: Actor = SYSTEM, **kwargs: Any) -> Any:
    with write_session(engine) as s:
        return op(s, actor, **kwargs)


def counts(engine: Engine) -> tuple[int, int]:
    """(member events, audit rows): what a refused operation must leave unchanged."""
    with read_session(engine) as s:
        return (
            s.scalar(select(func.count()).select_from(MemberEvent)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def admit(engine: Engine, org: str = "AP1", date: dt.date = D(2020, 3, 26), born: dt.date = D(1995, 5, 1), **kw: Any) -> int:
    """Admit a person and return the member id."""
    from models.record import admission

    kw.setdefault("full_name", "Nguyễn Thị Lan")
    kw.setdefault("sex", "female")
    kw.setdefault("ethnicity", "Kinh")
    rec = run(engine, admission, org=org, date=date, birth_date=born, **kw)
    return int(rec.params["member_id"])
