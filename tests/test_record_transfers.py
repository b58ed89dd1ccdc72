"""Permanent transfers move counts; temporary ones (3 months to under a year, or up to 2 years
for full-time training) do not."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.enums import EventKind, TransferScope
from models.errors import DomainError
from models.membership import member_state, members_on_rolls
from models.record import temporary_transfer, transfer, transfer_in_from_outside
from models.rules import add_months, default_rules
from models.schema import MemberEvent
from models.uow import read_session
from record_helpers import D, admit, build_tree, run

RULES = default_rules()


@pytest.fixture
def setup(engine):
    ids = build_tree(engine)
    return ids, admit(engine, date=D(2020, 5, 19), born=D(1995, 1, 1))


def test_permanent_transfer_moves_the_count_on_the_date(engine, setup):
    ids, mid = setup
    run(engine, transfer, member_id=mid, to="C3", date=D(2022, 4, 1))
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP1"]], D(2022, 3, 31)).members == 1
        assert members_on_rolls(s, [ids["AP1"]], D(2022, 4, 1)).members == 0
        assert members_on_rolls(s, [ids["C3"]], D(2022, 4, 1)).members == 1
        evs = s.execute(select(MemberEvent.kind, MemberEvent.org_id, MemberEvent.event_date).where(
            MemberEvent.member_id == mid, MemberEvent.kind.in_([EventKind.TRANSFER_IN, EventKind.TRANSFER_OUT])
        )).all()
    assert {(e.kind, e.org_id) for e in evs} == {(EventKind.TRANSFER_OUT, ids["AP1"]), (EventKind.TRANSFER_IN, ids["C3"])}
    assert {e.event_date for e in evs} == {D(2022, 4, 1)}


def test_transfer_needs_one_destination(engine, setup):
    _, mid = setup
    with pytest.raises(DomainError) as err:
        run(engine, transfer, member_id=mid, date=D(2022, 4, 1))
    assert err.value.key == "record.transfer_destination"
    with pytest.raises(DomainError):
        run(engine, transfer, member_id=mid, to="C3", to_outside="Quận 1", date=D(2022, 4, 1))
    with pytest.raises(DomainError) as err:
        run(engine, transfer, member_id=mid, to="AP1", date=D(2022, 4, 1))
    assert err.value.key == "record.transfer_same_org"
    with pytest.raises(DomainError) as err:
        run(engine, transfer, member_id=mid, to="XA", date=D(2022, 4, 1))
    assert err.value.key == "record.not_a_cell"


def test_transfer_out_of_the_database_and_back(engine, setup):
    ids, mid = setup
    run(engine, transfer, member_id=mid, to_outside="Đảng bộ phường Bến Nghé, quận 1", date=D(2022, 4, 1))
    with read_session(engine) as s:
        st = member_state(s, mid, D(2022, 4, 1))
        assert not st.on_rolls and st.transferred_out and st.exit_kind is None
    run(engine, transfer_in_from_outside, org="AP2", member_id=mid, from_outside="Quận 1", date=D(2023, 1, 1))
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP2"]], D(2023, 1, 1)).members == 1


def test_transfer_in_of_a_new_person(engine, setup):
    ids, _ = setup
    rec = run(engine, transfer_in_from_outside, org="AP2", full_name="Đỗ Văn Sáu", sex="male", birth_date=D(1980, 1, 1), ethnicity="Hoa",
              from_outside="Huyện Nhà Bè", date=D(2022, 1, 1))
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP2"]], D(2022, 1, 1)).members == 1
    with pytest.raises(DomainError) as err:
        run(engine, transfer_in_from_outside, org="AP2", member_id=rec.params["member_id"], from_outside="X", date=D(2022, 2, 1))
    assert err.value.key == "record.already_member"


RW, TRAINING = "residence_or_work", "full_time_training"


def test_temporary_transfer_for_residence_or_work_lasts_3_months_to_under_a_year(engine, setup):
    ids, mid = setup
    start = D(2022, 1, 10)
    tr = RULES.on(start).transfer
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to="C3", date=start, reason=RW,
            ends_on=add_months(start, 3) - dt.timedelta(days=1))
    assert err.value.key == "record.temporary_length" and err.value.regulation == tr.regulation
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to="C3", date=start, reason=RW, ends_on=add_months(start, 12))
    assert err.value.key == "record.temporary_length" and "dưới 12 tháng" in err.value.message("vi")
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to="C3", date=start, reason=RW, ends_on=None)
    assert err.value.key == "record.ends_on_required"
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to="C3", date=start, ends_on=add_months(start, 6))
    assert err.value.key == "record.transfer_reason_required" and err.value.field == "reason"
    run(engine, temporary_transfer, member_id=mid, to="C3", date=start, reason=RW,
        ends_on=add_months(start, 12) - dt.timedelta(days=1))


def test_temporary_transfer_up_to_two_years_only_for_full_time_training(engine, setup):
    ids, mid = setup
    start = D(2023, 1, 1)
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to_outside="Quận 7", date=start, reason=TRAINING,
            ends_on=add_months(start, 24) + dt.timedelta(days=1))
    assert err.value.key == "record.temporary_training_length"
    run(engine, temporary_transfer, member_id=mid, to_outside="Quận 7", date=start, reason=TRAINING,
        ends_on=add_months(start, 24))
    with read_session(engine) as s:
        reasons = set(s.scalars(select(MemberEvent.transfer_reason).where(MemberEvent.member_id == mid, MemberEvent.kind == "transfer_out")))
    assert reasons == {TRAINING}


@pytest.mark.parametrize(
    ("day", "regulation"),
    [(D(2021, 7, 29), "29-QĐ/TW"), (D(2021, 7, 30), "24-QĐ/TW"), (D(2025, 1, 20), "232-QĐ/TW"), (D(2025, 7, 1), "294-QĐ/TW")],
)
def test_temporary_transfer_refusal_cites_the_regulation_of_its_day(engine, setup, day, regulation):
    ids, mid = setup
    with pytest.raises(DomainError) as err:
        run(engine, temporary_transfer, member_id=mid, to="C3", date=day, reason=RW, ends_on=add_months(day, 13))
    assert regulation in err.value.regulation


def test_temporary_transfer_does_not_change_counts(engine, setup):
    ids, mid = setup
    run(engine, temporary_transfer, member_id=mid, to="C3", date=D(2022, 1, 10), ends_on=D(2022, 12, 10), reason=RW)
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP1"]], D(2022, 6, 1)).members == 1
        assert members_on_rolls(s, [ids["C3"]], D(2022, 6, 1)).members == 0
        st = member_state(s, mid, D(2022, 6, 1))
        assert st.temporary_host_id == ids["C3"] and st.org_id == ids["AP1"]
        scopes = set(s.scalars(select(MemberEvent.transfer_scope).where(MemberEvent.member_id == mid, MemberEvent.transfer_scope.is_not(None))))
    assert scopes == {TransferScope.TEMPORARY}
