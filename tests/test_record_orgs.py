"""Organisations: create, move, merge (members move with transfer events; books balance)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.enums import EventKind
from models.errors import AccessDenied, DomainError
from models.access import SYSTEM
from models.membership import members_on_rolls
from models.record import create_org, merge_orgs, move_org
from models.enums import Role
from models.schema import MemberEvent, Organisation
from models.tree import catchment, children_at, parent_at
from models.uow import read_session
from record_helpers import D, add_user, admit, build_tree, run


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_create_refuses_taken_code_and_parent_not_valid(engine, tree):
    with pytest.raises(DomainError) as err:
        run(engine, create_org, code="AP1", name="Trùng", kind="subordinate_cell", parent="XA", valid_from=D(2010, 1, 1))
    assert err.value.key == "record.org_code_taken"
    with pytest.raises(DomainError) as err:
        run(engine, create_org, code="AP9", name="Chi bộ", kind="subordinate_cell", parent="XA", valid_from=D(1999, 1, 1))
    assert err.value.key == "org.not_valid_at"
    run(engine, create_org, code="AP9", name="Chi bộ ấp 9", kind="subordinate_cell", parent="XA", valid_from=D(2000, 1, 1))


def test_top_level_organisations_are_for_admins(engine, tree):
    staff = add_user(engine, "staff", Role.DISTRICT_STAFF, "DIST")
    with pytest.raises(AccessDenied):
        run(engine, create_org, staff, code="ROOT2", name="Thành ủy", kind="city_committee", valid_from=D(2000, 1, 1))
    run(engine, create_org, SYSTEM, code="ROOT2", name="Thành ủy", kind="city_committee", valid_from=D(2000, 1, 1))


def test_move_ends_the_old_edge_and_starts_a_new_one(engine, tree):
    run(engine, move_org, org="AP2", parent="OTHER", date=D(2020, 1, 1))
    with read_session(engine) as s:
        assert parent_at(s, tree["AP2"], D(2019, 12, 31)) == tree["XA"]
        assert parent_at(s, tree["AP2"], D(2020, 1, 1)) == tree["OTHER"]
    with pytest.raises(DomainError) as err:
        run(engine, move_org, org="AP2", parent="OTHER", date=D(2021, 1, 1))
    assert err.value.key == "record.org_same_parent"


def test_move_under_own_subtree_refused(engine, tree):
    with pytest.raises(DomainError) as err:
        run(engine, move_org, org="XA", parent="AP1", date=D(2020, 1, 1))
    assert err.value.key == "record.org_cycle"


def test_merge_moves_members_and_children_and_balances_books(engine, tree):
    run(engine, create_org, code="NEW", name="Chi bộ ấp mới", kind="subordinate_cell", parent="OTHER", valid_from=D(2020, 1, 1))
    a = admit(engine, org="AP1", date=D(2019, 5, 19))
    b = admit(engine, org="AP1", date=D(2019, 9, 2), full_name="Mai Văn Tám", sex="male")
    run(engine, merge_orgs, merged=["AP1"], into="NEW", date=D(2021, 1, 1))
    with read_session(engine) as s:
        ids = {o.code: o.id for o in s.scalars(select(Organisation))}
        ap1 = s.get(Organisation, ids["AP1"])
        assert ap1.valid_to == D(2021, 1, 1) and ap1.successor_id == ids["NEW"]
        assert members_on_rolls(s, [ids["AP1"]], D(2021, 1, 1)).members == 0
        assert members_on_rolls(s, [ids["NEW"]], D(2021, 1, 1)).members == 2
        assert members_on_rolls(s, [ids["AP1"]], D(2020, 12, 31)).members == 2
        moved = s.scalars(select(MemberEvent.member_id).where(MemberEvent.kind == EventKind.TRANSFER_IN)).all()
        assert sorted(moved) == sorted([a, b])
        assert ids["AP1"] in catchment(s, ids["OTHER"], D(2021, 1, 1))
        assert "AP1" not in [c.code for c in children_at(s, ids["XA"], D(2021, 1, 1))]


def test_merge_reparents_children_as_asked(engine, tree):
    run(engine, create_org, code="BIG", name="Đảng bộ xã mới", kind="commune_committee", parent="DIST", valid_from=D(2020, 1, 1))
    run(engine, merge_orgs, merged=["XA"], into="BIG", date=D(2021, 1, 1), children={"AP2": "OTHER"})
    with read_session(engine) as s:
        assert parent_at(s, tree["AP1"], D(2021, 1, 1)) is not None
        big = s.scalar(select(Organisation.id).where(Organisation.code == "BIG"))
        assert parent_at(s, tree["AP1"], D(2021, 1, 1)) == big
        assert parent_at(s, tree["AP2"], D(2021, 1, 1)) == tree["OTHER"]
        assert parent_at(s, tree["XA"], D(2021, 1, 1)) is None


def test_merge_refusals(engine, tree):
    with pytest.raises(DomainError) as err:
        run(engine, merge_orgs, merged=["AP1"], into="AP1", date=D(2021, 1, 1))
    assert err.value.key == "record.merge_into_itself"
    admit(engine, org="AP1", date=D(2019, 5, 19))
    with pytest.raises(DomainError) as err:
        run(engine, merge_orgs, merged=["AP1"], into="OTHER", date=D(2021, 1, 1))
    assert err.value.key == "record.merge_members_need_cell"
    with pytest.raises(DomainError) as err:
        run(engine, merge_orgs, merged=["XA"], into="OTHER", date=D(2021, 1, 1), children={"C3": "OTHER"})
    assert err.value.key == "record.merge_unknown_child"


def test_no_event_at_an_organisation_after_it_ended(engine, tree):
    run(engine, create_org, code="NEW", name="Chi bộ ấp mới", kind="subordinate_cell", parent="XA", valid_from=D(2020, 1, 1))
    run(engine, merge_orgs, merged=["AP2"], into="NEW", date=D(2021, 1, 1))
    with pytest.raises(DomainError) as err:
        admit(engine, org="AP2", date=D(2021, 1, 1), full_name="Hồ Văn Mười", sex="male")
    assert err.value.key == "org.not_valid_at"
    # Back-dated, the member would stay on the rolls of an organisation that no longer exists.
    with pytest.raises(DomainError) as err:
        admit(engine, org="AP2", date=D(2020, 12, 31))
    assert err.value.key == "record.org_ended"
    admit(engine, org="NEW", date=D(2020, 12, 31))


def test_one_parent_change_per_day_and_no_children_under_a_party_group(engine, tree):
    run(engine, create_org, code="G1", name="Tổ đảng 1", kind="party_group", parent="AP1", valid_from=D(2010, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, create_org, code="G2", name="Tổ đảng 2", kind="party_group", parent="G1", valid_from=D(2010, 1, 1))
    assert err.value.key == "record.org_parent_kind"
    run(engine, move_org, org="AP2", parent="OTHER", date=D(2020, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, move_org, org="AP2", parent="DIST", date=D(2020, 1, 1))
    assert err.value.key == "record.org_edge_same_day"
    run(engine, move_org, org="AP2", parent="DIST", date=D(2020, 1, 2))
