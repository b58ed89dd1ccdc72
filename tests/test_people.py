"""Members as people: the cell list, one member's history, access and the audit of reads."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from models.access import resolve_actor
from models.enums import AuditOutcome, EventKind, MassOrg, OrgKind, Role, Sex
from models.errors import AccessDenied
from models.figures.data import MemberStatus
from models.people import cell_members, member_history
from models.schema import AuditEntry
from models.uow import read_session
from tests.builders import build

D = dt.date
AS_OF = D(2026, 11, 28)


def _setup(engine: Engine) -> dict[str, int]:
    with build(engine) as b:
        root = b.org("X", "Xã X", kind=OrgKind.COMMUNE_COMMITTEE)
        cell = b.org("X1", "Chi bộ ấp 1", kind=OrgKind.SUBORDINATE_CELL, parent=root)
        other = b.org("Y", "Xã Y", kind=OrgKind.COMMUNE_COMMITTEE)
        work = b.org("W", "Chi bộ trường", kind=OrgKind.GRASSROOTS_CELL)
        # Names chosen so the Vietnamese order (given name first) differs from the byte order.
        an = b.admit(cell, D(2015, 3, 26), name="Võ Văn An", recognised=True)
        binh = b.admit(cell, D(2026, 5, 19), name="Nguyễn Thị Bình", sex=Sex.FEMALE, youth_union=True,
                       recommended_by=MassOrg.WOMEN_UNION, occasion="Ngày sinh Chủ tịch Hồ Chí Minh (19/5)")
        anh = b.admit(cell, D(2010, 9, 2), name="Trần Minh Ánh", recognised=True)
        gone = b.admit(cell, D(2012, 1, 1), name="Lê Văn Dũng", recognised=True)
        b.remove(gone, cell, D(2024, 4, 1))
        moved = b.admit(other, D(2012, 1, 1), name="Phạm Văn Em", recognised=True)
        b.transfer(moved, other, cell, D(2025, 1, 1))
        b.event(an, cell, EventKind.FAR_AWAY_START, D(2026, 2, 1))
        b.event(anh, cell, EventKind.EXEMPTION_START, D(2026, 6, 1), ends_on=D(2027, 5, 31))
        worker = b.admit(work, D(2011, 1, 1), name="Hồ Văn Giang", recognised=True)
        b.residence_link(worker, work, cell, D(2020, 1, 1))
        b.user("admin", Role.ADMIN)
        b.user("sec", Role.CELL_SECRETARY, root)
        b.user("othersec", Role.CELL_SECRETARY, other)
        b.user("viewer", Role.VIEWER, root)
        return {"root": root.id, "cell": cell.id, "binh": binh.id, "gone": gone.id, "moved": moved.id}


def _actor(engine: Engine, login: str):  # type: ignore[no-untyped-def]
    with read_session(engine) as s:
        return resolve_actor(s, login)


def _audit(engine: Engine) -> list[AuditEntry]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_cell_members_in_vietnamese_order_with_status(engine: Engine) -> None:
    ids = _setup(engine)
    rows = cell_members(engine, _actor(engine, "sec"), ids["root"], AS_OF)
    assert [r.full_name for r in rows] == ["Võ Văn An", "Trần Minh Ánh", "Nguyễn Thị Bình", "Phạm Văn Em"]
    by_name = {r.full_name: r for r in rows}
    assert by_name["Nguyễn Thị Bình"].status is MemberStatus.PROBATIONARY
    assert by_name["Võ Văn An"].status is MemberStatus.OFFICIAL and by_name["Võ Văn An"].far_away
    assert by_name["Trần Minh Ánh"].exempt and not by_name["Trần Minh Ánh"].far_away
    assert by_name["Phạm Văn Em"].joined == D(2012, 1, 1)
    # The worker's residence cell is X1 but they are on the school cell's rolls.
    workers = cell_members(engine, _actor(engine, "admin"), _org_id(engine, "W"), AS_OF)
    assert [(r.full_name, r.r213) for r in workers] == [("Hồ Văn Giang", "not_registered")]
    entries = _audit(engine)
    assert [(e.action, e.outcome, e.login) for e in entries] == [
        ("members.read", AuditOutcome.READ, "sec"),
        ("members.read", AuditOutcome.READ, "admin"),
    ]


def _org_id(engine: Engine, code: str) -> int:
    from models.tree import get_org

    with read_session(engine) as s:
        return get_org(s, code).id


@pytest.mark.parametrize("login", ["viewer", "othersec"])
def test_viewers_and_outsiders_are_refused_and_the_refusal_logged(engine: Engine, login: str) -> None:
    ids = _setup(engine)
    with pytest.raises(AccessDenied):
        cell_members(engine, _actor(engine, login), ids["cell"], AS_OF)
    with pytest.raises(AccessDenied):
        member_history(engine, _actor(engine, login), ids["binh"], as_of=AS_OF)
    assert [(e.outcome, e.login) for e in _audit(engine)] == [(AuditOutcome.REFUSED, login)] * 2


def test_member_history_with_details(engine: Engine) -> None:
    ids = _setup(engine)
    h = member_history(engine, _actor(engine, "sec"), ids["binh"], lang="vi", as_of=AS_OF)
    assert h.org.code == "X1" and h.member.status is MemberStatus.PROBATIONARY
    (admission,) = h.events
    assert admission.kind is EventKind.ADMISSION
    assert "19/5" in admission.detail and "Hội Liên hiệp Phụ nữ" in admission.detail and "đoàn viên" in admission.detail
    en = member_history(engine, _actor(engine, "sec"), ids["binh"], lang="en", as_of=AS_OF)
    assert "Women's Union" in en.events[0].detail
    moved = member_history(engine, _actor(engine, "sec"), ids["moved"], lang="vi", as_of=AS_OF)
    assert [e.kind for e in moved.events] == [
        EventKind.ADMISSION, EventKind.RECOGNITION, EventKind.TRANSFER_OUT, EventKind.TRANSFER_IN
    ]
    assert "Xã Y" in moved.events[3].detail
    gone = member_history(engine, _actor(engine, "admin"), ids["gone"], lang="vi", as_of=AS_OF)
    assert gone.member.status is MemberStatus.REMOVED
    assert "Bỏ sinh hoạt" in gone.events[-1].detail
    reads = [e for e in _audit(engine) if e.action == "member.read"]
    assert len(reads) == 4 and all(e.outcome is AuditOutcome.READ for e in reads)
    assert reads[0].target_table == "members" and reads[0].target_id == ids["binh"]


def test_status_follows_recognition_not_the_calendar(engine: Engine) -> None:
    with build(engine) as b:
        cell = b.org("Z1", "Chi bộ Z1", kind=OrgKind.GRASSROOTS_CELL)
        b.admit(cell, D(2024, 1, 1), name="Đỗ Văn Chờ")  # probation over, never recognised
        late = b.admit(cell, D(2024, 2, 3), name="Mai Thị Muộn")
        b.event(late, cell, EventKind.RECOGNITION, D(2025, 6, 1))  # recognised late
        b.user("admin", Role.ADMIN)
        cid = cell.id
    rows = {r.full_name: r.status for r in cell_members(engine, _actor(engine, "admin"), cid, AS_OF)}
    assert rows == {"Đỗ Văn Chờ": MemberStatus.PROBATIONARY, "Mai Thị Muộn": MemberStatus.OFFICIAL}
    # Seen from before the decision, the late one was official already (from the end of probation).
    before = {r.full_name: r.status for r in cell_members(engine, _actor(engine, "admin"), cid, D(2025, 3, 1))}
    assert before["Mai Thị Muộn"] is MemberStatus.OFFICIAL


def test_member_list_pages_follow_the_name_order(engine: Engine) -> None:
    from models.people import cell_member_count

    ids = _setup(engine)
    actor = _actor(engine, "sec")
    whole = [r.full_name for r in cell_members(engine, actor, ids["root"], AS_OF)]
    pages = [r.full_name for off in (0, 3) for r in cell_members(engine, actor, ids["root"], AS_OF, limit=3, offset=off)]
    assert pages == whole == ["Võ Văn An", "Trần Minh Ánh", "Nguyễn Thị Bình", "Phạm Văn Em"]
    assert cell_member_count(engine, actor, ids["root"], AS_OF) == 4


def test_a_member_who_came_by_transfer_is_not_shown_as_admitted(engine):
    import datetime as dt

    from models.access import SYSTEM
    from models.people import member_history
    from models.record import transfer_in_from_outside
    from record_helpers import admit, build_tree, run

    build_tree(engine)
    came = run(engine, transfer_in_from_outside, org="AP2", full_name="Đỗ Văn Sáu", sex="male",
               birth_date=dt.date(1980, 1, 1), ethnicity="Kinh", from_outside="Huyện Nhà Bè", date=dt.date(2022, 1, 1))
    admitted = admit(engine, date=dt.date(2022, 3, 26))
    day = dt.date(2023, 1, 1)
    assert member_history(engine, SYSTEM, came.params["member_id"], as_of=day).member.transferred_in
    assert not member_history(engine, SYSTEM, admitted, as_of=day).member.transferred_in
