"""Admission and readmission: every rule refuses, and accepts its boundary case."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from models.enums import EventKind
from models.errors import DomainError
from models.record import admission, expulsion, leave, removal, transfer
from models.rules import add_months, default_rules
from models.schema import Member, MemberEvent
from models.uow import read_session
from record_helpers import D, admit, build_tree, counts, run

RULES = default_rules()
CEREMONY = D(2021, 5, 19)


@pytest.fixture
def tree(engine):
    return build_tree(engine)


def _born_years_before(day: dt.date, years: int) -> dt.date:
    return add_months(day, -12 * years)


def test_exactly_min_age_is_accepted(engine, tree):
    born = _born_years_before(CEREMONY, RULES.admission.min_age_years)
    mid = admit(engine, date=CEREMONY, born=born)
    with read_session(engine) as s:
        assert s.get(Member, mid).birth_date == born


def test_one_day_under_min_age_is_refused_and_nothing_written(engine, tree):
    born = _born_years_before(CEREMONY, RULES.admission.min_age_years) + dt.timedelta(days=1)
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        admit(engine, date=CEREMONY, born=born)
    assert err.value.key == "record.age_out_of_range"
    assert err.value.field == "birth_date"
    assert err.value.regulation == RULES.admission.age_regulation
    assert "18" in err.value.message("vi") and "Ngày sinh" in err.value.message("vi")
    assert counts(engine) == before
    with read_session(engine) as s:
        assert s.scalar(select(Member.id)) is None


def test_exactly_max_age_is_accepted_and_a_month_more_refused(engine, tree):
    born = _born_years_before(CEREMONY, RULES.admission.max_age_years)
    admit(engine, date=CEREMONY, born=born)
    with pytest.raises(DomainError) as err:
        admit(engine, date=CEREMONY, born=born - dt.timedelta(days=31), full_name="Trần Văn Hai", sex="male")
    assert err.value.key == "record.age_out_of_range"


def test_age_limits_come_from_the_rules(engine, tree):
    stricter = dataclasses.replace(RULES, admission=dataclasses.replace(RULES.admission, min_age_years=20))
    born = _born_years_before(CEREMONY, 19)
    with pytest.raises(DomainError, match="20"):
        run(engine, admission, org="AP1", date=CEREMONY, full_name="Lê Văn Ba", sex="male", birth_date=born, rules=stricter)


def test_admission_needs_a_cell(engine, tree):
    with pytest.raises(DomainError) as err:
        admit(engine, org="XA", date=CEREMONY)
    assert err.value.key == "record.not_a_cell"


def test_date_in_the_future_refused_today_accepted(engine, tree):
    today = dt.date.today()
    with pytest.raises(DomainError) as err:
        admit(engine, date=today + dt.timedelta(days=1), born=D(1990, 1, 1))
    assert err.value.key == "record.date_in_future"
    admit(engine, date=today, born=D(1990, 1, 1))


def test_date_before_the_organisation_exists_refused(engine, tree):
    with pytest.raises(DomainError) as err:
        admit(engine, date=D(1999, 12, 31), born=D(1970, 1, 1))
    assert err.value.key == "org.not_valid_at"
    admit(engine, date=D(2000, 1, 1), born=D(1970, 1, 1))


def test_names_are_normalised_and_sorted_by_vietnamese_key(engine, tree):
    decomposed = "  Nguye\u0302\u0303n   Thi\u0323 Lan "
    mid = admit(engine, full_name=decomposed)
    with read_session(engine) as s:
        m = s.get(Member, mid)
        assert m.full_name == "Nguyễn Thị Lan"
        from models.collation import name_sort_key

        assert m.sort_key == name_sort_key("Nguyễn Thị Lan")


def test_blank_name_refused(engine, tree):
    with pytest.raises(DomainError) as err:
        admit(engine, full_name="   ")
    assert err.value.field == "full_name"


def test_admission_fields_and_occasion_from_the_rules(engine, tree):
    mid = admit(engine, date=D(2021, 3, 26), youth_union=True, recommended_by="youth_union", decision_no="12-QĐ/HU")
    with read_session(engine) as s:
        ev = s.scalar(select(MemberEvent).where(MemberEvent.member_id == mid))
        assert ev.kind == EventKind.ADMISSION and ev.youth_union is True
        assert ev.recommended_by == "youth_union" and ev.decision_no == "12-QĐ/HU"
        assert ev.occasion == RULES.admission.occasion_on(D(2021, 3, 26)).name
    other = admit(engine, date=D(2021, 3, 27), full_name="Võ Văn Tư", sex="male")
    with read_session(engine) as s:
        assert s.scalar(select(MemberEvent.occasion).where(MemberEvent.member_id == other)) is None


# --- readmission -------------------------------------------------------------------------
RA = RULES.readmission


def _left(engine, exit_date: dt.date = D(2015, 6, 1)) -> int:
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, leave, member_id=mid, date=exit_date)
    return mid


def test_readmission_at_the_minimum_wait_accepted_a_day_earlier_refused(engine, tree):
    mid = _left(engine)
    earliest = add_months(D(2015, 6, 1), RA.min_months_after_exit)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP2", member_id=mid, date=earliest - dt.timedelta(days=1))
    assert err.value.key == "record.readmit_too_soon" and err.value.regulation == RA.regulation
    run(engine, admission, org="AP2", member_id=mid, date=earliest)


def test_readmission_limited_in_number(engine, tree):
    mid = _left(engine, D(2012, 1, 1))
    second = add_months(D(2012, 1, 1), RA.min_months_after_exit)
    run(engine, admission, org="AP1", member_id=mid, date=second)
    run(engine, leave, member_id=mid, date=second + dt.timedelta(days=30))
    third = add_months(second + dt.timedelta(days=30), RA.min_months_after_exit)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=third)
    assert err.value.key == "record.readmit_too_many"


def test_no_readmission_after_expulsion(engine, tree):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, expulsion, member_id=mid, date=D(2012, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))
    assert err.value.key == "record.readmit_excluded_exit"


@pytest.mark.parametrize("ground", RA.excluded_grounds)
def test_no_readmission_after_excluded_removal_grounds(engine, tree, ground):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, removal, member_id=mid, date=D(2012, 1, 1), ground=ground)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))
    assert err.value.key == "record.readmit_excluded_ground"


def test_readmission_after_other_removal_grounds_accepted(engine, tree):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, removal, member_id=mid, date=D(2012, 1, 1), ground="no_progress")
    run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))


def test_member_on_the_rolls_is_not_admitted_again(engine, tree):
    mid = admit(engine)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2024, 1, 1))
    assert err.value.key == "record.already_member"


def test_transferred_out_member_is_not_readmitted(engine, tree):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, transfer, member_id=mid, to_outside="Đảng bộ quận 1", date=D(2012, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))
    assert err.value.key == "record.readmit_transferred"
