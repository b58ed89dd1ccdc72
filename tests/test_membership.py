"""A member's state at a date, and the count of members on the rolls, from events."""

from __future__ import annotations

import datetime as dt

import pytest

from models.enums import EventKind, RemovalGround
from models.membership import member_ids_on_rolls, member_state, members_on_rolls
from models.rolls import probation_cutoff
from models.record import leave, recognition, removal, temporary_transfer, transfer, admission
from models.rules import add_months, default_rules
from models.uow import read_session
from record_helpers import D, admit, build_tree, run

RULES = default_rules()


@pytest.fixture
def ids(engine):
    return build_tree(engine)


def test_state_replays_admission_recognition_transfer_and_exit(engine, ids):
    mid = admit(engine, date=D(2018, 5, 19), born=D(1990, 1, 1))
    run(engine, recognition, member_id=mid, date=D(2019, 5, 19))
    run(engine, transfer, member_id=mid, to="AP2", date=D(2020, 1, 1))
    run(engine, removal, member_id=mid, date=D(2021, 1, 1), ground=RemovalGround.NO_PROGRESS)
    with read_session(engine) as s:
        before = member_state(s, mid, D(2018, 5, 18))
        assert not before.on_rolls and not before.ever_member
        st = member_state(s, mid, D(2018, 12, 1))
        assert st.org_id == ids["AP1"] and st.probationary and st.probation_end == add_months(D(2018, 5, 19), RULES.probation.months)
        assert member_state(s, mid, D(2019, 5, 19)).official
        assert member_state(s, mid, D(2020, 1, 1)).org_id == ids["AP2"]
        end = member_state(s, mid, D(2021, 1, 1))
        assert not end.on_rolls and end.exit_kind == EventKind.REMOVAL
        assert end.removal_ground == RemovalGround.NO_PROGRESS and end.exits == 1 and end.admissions == 1


def test_readmitted_member_is_probationary_again(engine, ids):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, recognition, member_id=mid, date=D(2011, 5, 19))
    run(engine, leave, member_id=mid, date=D(2012, 1, 1))
    back = add_months(D(2012, 1, 1), RULES.readmission.min_months_after_exit)
    run(engine, admission, org="AP2", member_id=mid, date=back, exit_circumstances=("family_hardship",))
    with read_session(engine) as s:
        st = member_state(s, mid, back)
        assert st.on_rolls and st.probationary and st.admissions == 2 and st.exits == 1
        assert members_on_rolls(s, [ids["AP2"]], back).official == 0


def test_members_on_rolls_counts_official_and_probationary(engine, ids):
    a = admit(engine, date=D(2019, 5, 19))
    admit(engine, date=D(2020, 5, 19), full_name="Bùi Văn Chín", sex="male")
    c = admit(engine, org="AP2", date=D(2020, 5, 19), full_name="Lý Thị Mười", sex="female")
    run(engine, recognition, member_id=a, date=D(2020, 5, 19))
    run(engine, temporary_transfer, member_id=c, to="AP1", date=D(2021, 1, 1), ends_on=D(2021, 12, 1), reason="residence_or_work")
    with read_session(engine) as s:
        on = members_on_rolls(s, [ids["AP1"]], D(2021, 6, 1))
        assert (on.members, on.official, on.probationary) == (2, 1, 1)
        assert members_on_rolls(s, [ids["AP1"], ids["AP2"]], D(2021, 6, 1)).members == 3
        assert members_on_rolls(s, [ids["AP1"]], D(2019, 5, 18)).members == 0
        assert members_on_rolls(s, [], D(2021, 6, 1)).members == 0
        assert member_ids_on_rolls(s, [ids["AP2"]], D(2021, 6, 1)) == [c]


def test_official_from_the_end_of_probation_even_when_the_decision_is_late(engine, ids):
    admitted = D(2020, 2, 29)
    end = add_months(admitted, RULES.probation.months)
    mid = admit(engine, date=admitted)
    late = end + dt.timedelta(days=40)
    run(engine, recognition, member_id=mid, date=late)
    with read_session(engine) as s:
        for day, official in ((end - dt.timedelta(days=1), False), (end, True), (late, True)):
            assert member_state(s, mid, day).official is official, day
            assert members_on_rolls(s, [ids["AP1"]], day).official == int(official), day


def test_no_recognition_means_still_probationary(engine, ids):
    mid = admit(engine, date=D(2020, 1, 31))
    with read_session(engine) as s:
        assert member_state(s, mid, D(2022, 1, 1)).probationary
        assert members_on_rolls(s, [ids["AP1"]], D(2022, 1, 1)).official == 0


@pytest.mark.parametrize(
    ("day", "cutoff"),
    [(D(2021, 2, 28), D(2020, 2, 29)), (D(2021, 2, 27), D(2020, 2, 27)), (D(2021, 4, 30), D(2020, 4, 30)), (D(2021, 12, 31), D(2020, 12, 31))],
)
def test_probation_cutoff_matches_add_months(day, cutoff):
    assert probation_cutoff(day, 12) == cutoff
    assert add_months(cutoff, 12) <= day < add_months(cutoff + dt.timedelta(days=1), 12)


def test_official_count_does_not_depend_on_other_members(engine, ids):
    """Regression: the recognition check once compared with every member's admission."""
    admit(engine, org="C3", date=D(2018, 5, 19), full_name="Trịnh Văn Cũ", sex="male")
    mid = admit(engine, date=D(2019, 5, 19))
    run(engine, recognition, member_id=mid, date=D(2020, 5, 19))
    with read_session(engine) as s:
        on = members_on_rolls(s, [ids["AP1"]], D(2021, 1, 1))
        assert (on.members, on.official) == (1, 1)
