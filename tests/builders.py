"""Build small trees, members and events for tests by direct ORM inserts.

    with build(engine) as b:
        district = b.org("H", kind=OrgKind.DISTRICT_COMMITTEE)
        commune = b.org("X1", parent=district)
        cell = b.org("X1-A", parent=commune, kind=OrgKind.SUBORDINATE_CELL)
        an = b.admit(cell, dt.date(2021, 3, 26), sex=Sex.FEMALE, youth_union=True)
        b.target(commune, 2021, 4)

Everything goes through ``write_session`` (one transaction per ``with``). Names, codes and birth
dates get plausible defaults so a test states only what it checks. No write-side validation
runs here: tests of the read side decide exactly which events exist.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from models.collation import name_sort_key
from models.enums import (
    CandidateSource,
    CandidateStage,
    EventKind,
    MassOrg,
    OrgKind,
    RemovalGround,
    ResidenceEventKind,
    Role,
    Sector,
    Sex,
    TransferScope,
)
from models.schema import (
    AdmissionTarget,
    Candidate,
    CandidateEvent,
    Member,
    MemberEvent,
    Organisation,
    OrgEdge,
    ResidenceEvent,
    ResidenceLink,
    User,
)
from models.uow import write_session

EPOCH = dt.date(2000, 1, 1)
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quân", "Thảo", "Vy"]
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh"]


class Builder:
    def __init__(self, session: Session) -> None:
        self.s = session
        self._n = itertools.count(1)

    # -- organisations --
    def org(
        self,
        code: str,
        name: str | None = None,
        *,
        kind: OrgKind = OrgKind.GRASSROOTS_COMMITTEE,
        parent: Organisation | None = None,
        sector: Sector | None = None,
        valid_from: dt.date = EPOCH,
        valid_to: dt.date | None = None,
        successor: Organisation | None = None,
    ) -> Organisation:
        o = Organisation(
            code=code,
            name=name or f"Tổ chức {code}",
            kind=kind,
            sector=sector,
            valid_from=valid_from,
            valid_to=valid_to,
            successor_id=successor.id if successor else None,
        )
        self.s.add(o)
        self.s.flush()
        if parent is not None:
            self.edge(o, parent, valid_from, valid_to)
        return o

    def edge(self, child: Organisation, parent: Organisation, valid_from: dt.date, valid_to: dt.date | None = None) -> OrgEdge:
        e = OrgEdge(child_id=child.id, parent_id=parent.id, valid_from=valid_from, valid_to=valid_to)
        self.s.add(e)
        self.s.flush()
        return e

    def move(self, child: Organisation, new_parent: Organisation, on: dt.date) -> None:
        """Close the child's open edge on ``on`` and hang it under ``new_parent`` from then."""
        for e in self.s.scalars(select(OrgEdge).where(OrgEdge.child_id == child.id, OrgEdge.valid_to.is_(None))):
            e.valid_to = on
        self.s.flush()
        self.edge(child, new_parent, on)

    def end(self, org: Organisation, on: dt.date, successor: Organisation | None = None) -> None:
        """The organisation ends on ``on`` (merged into ``successor`` when given)."""
        for e in self.s.scalars(select(OrgEdge).where(OrgEdge.child_id == org.id, OrgEdge.valid_to.is_(None))):
            e.valid_to = on
        org.valid_to = on
        org.successor_id = successor.id if successor else None
        self.s.flush()

    def target(self, org: Organisation, year: int, target: int) -> None:
        self.s.add(AdmissionTarget(org_id=org.id, year=year, target=target))
        self.s.flush()

    # -- members and their events --
    def member(self, *, name: str | None = None, sex: Sex = Sex.MALE, birth: dt.date = dt.date(1990, 6, 15)) -> Member:
        n = next(self._n)
        full = name or f"{_FAMILY[n % len(_FAMILY)]} Văn {_GIVEN[n % len(_GIVEN)]} {n}"
        m = Member(full_name=full, sort_key=name_sort_key(full), sex=sex, birth_date=birth, ethnicity="Kinh")
        self.s.add(m)
        self.s.flush()
        return m

    def event(self, member: Member, org: Organisation, kind: EventKind, on: dt.date, **fields: object) -> MemberEvent:
        e = MemberEvent(member_id=member.id, org_id=org.id, kind=kind, event_date=on, **fields)
        self.s.add(e)
        self.s.flush()
        return e

    def admit(
        self,
        org: Organisation,
        on: dt.date,
        *,
        member: Member | None = None,
        sex: Sex = Sex.MALE,
        birth: dt.date = dt.date(1990, 6, 15),
        name: str | None = None,
        youth_union: bool = False,
        recommended_by: MassOrg | None = None,
        occasion: str | None = None,
        recognised: bool = False,
    ) -> Member:
        """A new member admitted at ``org`` on ``on`` (recognised 12 months later if asked)."""
        m = member or self.member(name=name, sex=sex, birth=birth)
        self.event(m, org, EventKind.ADMISSION, on, youth_union=youth_union, recommended_by=recommended_by, occasion=occasion)
        if recognised:
            self.event(m, org, EventKind.RECOGNITION, _plus_year(on))
        return m

    def members(self, org: Organisation, count: int, on: dt.date = dt.date(2010, 1, 1)) -> list[Member]:
        """``count`` long-standing official members of ``org`` (admitted and recognised)."""
        return [self.admit(org, on, recognised=True) for _ in range(count)]

    def transfer(
        self,
        member: Member,
        source: Organisation,
        dest: Organisation,
        on: dt.date,
        scope: TransferScope = TransferScope.PERMANENT,
    ) -> None:
        self.event(member, source, EventKind.TRANSFER_OUT, on, transfer_scope=scope, counterpart_org_id=dest.id)
        self.event(member, dest, EventKind.TRANSFER_IN, on, transfer_scope=scope, counterpart_org_id=source.id)

    def remove(self, member: Member, org: Organisation, on: dt.date, ground: RemovalGround = RemovalGround.ABANDONED_ACTIVITIES) -> None:
        self.event(member, org, EventKind.REMOVAL, on, removal_ground=ground)

    # -- candidates --
    def candidate(
        self,
        org: Organisation,
        *stages: tuple[CandidateStage, dt.date],
        certificate_years: int = 5,
        source: CandidateSource = CandidateSource.CELL,
        name: str | None = None,
    ) -> Candidate:
        n = next(self._n)
        full = name or f"Lê Thị Quần Chúng {n}"
        c = Candidate(
            org_id=org.id, full_name=full, sort_key=name_sort_key(full), sex=Sex.FEMALE,
            birth_date=dt.date(1998, 1, 1), source=source,
        )
        self.s.add(c)
        self.s.flush()
        for stage, on in stages:
            expiry = on.replace(year=on.year + certificate_years) if stage == CandidateStage.CLASS_ATTENDED else None
            self.s.add(CandidateEvent(candidate_id=c.id, stage=stage, event_date=on, certificate_expiry=expiry))
        self.s.flush()
        return c

    # -- Regulation 213 --
    def residence_link(
        self,
        member: Member,
        workplace: Organisation,
        residence: Organisation,
        started: dt.date,
        *events: tuple[ResidenceEventKind, dt.date, int | None],
    ) -> ResidenceLink:
        link = ResidenceLink(member_id=member.id, workplace_org_id=workplace.id, residence_org_id=residence.id, started_on=started)
        self.s.add(link)
        self.s.flush()
        for kind, on, year in events:
            self.s.add(ResidenceEvent(link_id=link.id, kind=kind, event_date=on, year=year))
        self.s.flush()
        return link

    # -- users --
    def user(self, login: str, role: Role, scope: Organisation | None = None) -> User:
        u = User(login=login, display_name=login, role=role, scope_org_id=scope.id if scope else None)
        self.s.add(u)
        self.s.flush()
        return u


def _plus_year(day: dt.date) -> dt.date:
    from models.rules import add_months

    return add_months(day, 12)


@contextmanager
def build(engine: Engine) -> Iterator[Builder]:
    """A :class:`Builder` whose inserts commit together at the end of the block."""
    with write_session(engine) as session:
        yield Builder(session)


def db_url(engine: Engine) -> str:
    """A URL that reaches the same database as ``engine`` (for running the CLI against it);
    on PostgreSQL it carries the test's schema as the connection's search path."""
    from urllib.parse import quote

    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name != "postgresql":
        return url
    with engine.connect() as conn:
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
