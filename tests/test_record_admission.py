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
    assert err.value.regulation == RULES.citation("admission.age_regulation", CEREMONY)
    assert "Quy định 29-QĐ/TW (2016)" in err.value.message("vi")  # a ceremony of May 2021
    assert "18" in err.value.message("vi") and "Ngày sinh" in err.value.message("vi")
    assert counts(engine) == before
    with read_session(engine) as s:
        assert s.scalar(select(Member.id)) is None


def test_exactly_max_age_is_accepted_and_a_month_more_refused(engine, tree):
    born = _born_years_before(CEREMONY, RULES.admission.max_age_years)
    admit(engine, date=CEREMONY, born=born)
    with pytest.raises(DomainError) as err:
        admit(engine, date=CEREMONY, born=born - dt.timedelta(days=31), full_name="Trần Văn Hai", sex="male")
    assert err.value.key == "record.age_over_max"


def test_age_limits_come_from_the_rules(engine, tree):
    stricter = dataclasses.replace(RULES, admission=dataclasses.replace(RULES.admission, min_age_years=20))
    born = _born_years_before(CEREMONY, 19)
    with pytest.raises(DomainError, match="20"):
        run(engine, admission, org="AP1", date=CEREMONY, full_name="Lê Văn Ba", sex="male", birth_date=born,
            ethnicity="Kinh", rules=stricter)


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
HARDSHIP = ("family_hardship",)


def _left(engine, exit_date: dt.date = D(2015, 6, 1)) -> int:
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, leave, member_id=mid, date=exit_date)
    return mid


def test_readmission_at_the_minimum_wait_accepted_a_day_earlier_refused(engine, tree):
    mid = _left(engine)
    earliest = add_months(D(2015, 6, 1), RA.min_months_after_exit)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP2", member_id=mid, date=earliest - dt.timedelta(days=1), exit_circumstances=HARDSHIP)
    assert err.value.key == "record.readmit_too_soon"
    assert err.value.regulation == RULES.citation("readmission.regulation", earliest)
    run(engine, admission, org="AP2", member_id=mid, date=earliest, exit_circumstances=HARDSHIP)


def test_readmission_limited_in_number(engine, tree):
    mid = _left(engine, D(2012, 1, 1))
    second = add_months(D(2012, 1, 1), RA.min_months_after_exit)
    run(engine, admission, org="AP1", member_id=mid, date=second, exit_circumstances=HARDSHIP)
    run(engine, leave, member_id=mid, date=second + dt.timedelta(days=30))
    third = add_months(second + dt.timedelta(days=30), RA.min_months_after_exit)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=third, exit_circumstances=HARDSHIP)
    assert err.value.key == "record.readmit_too_many"


def test_readmission_after_a_leave_only_for_family_hardship(engine, tree):
    mid = _left(engine)
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))
    assert err.value.key == "record.readmit_excluded_exit"
    assert "hoàn cảnh gia đình đặc biệt khó khăn" in err.value.message("vi")
    run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1), exit_circumstances=("family_hardship",))


def test_removal_for_abandoned_activities_bars_readmission(engine, tree):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, removal, member_id=mid, date=D(2012, 1, 1), ground="abandoned_activities")
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))
    assert err.value.key == "record.readmit_excluded_ground"


@pytest.mark.parametrize("ground", ["card_returned", "no_progress", "failed_standards"])
def test_readmission_after_other_removal_grounds_accepted(engine, tree, ground):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, removal, member_id=mid, date=D(2012, 1, 1), ground=ground)
    run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))


@pytest.mark.parametrize("circumstance", ["serious_disunity", "corruption_conviction", "serious_crime_conviction"])
def test_barred_circumstances_refuse_readmission_even_after_expulsion(engine, tree, circumstance):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, expulsion, member_id=mid, date=D(2012, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1), exit_circumstances=(circumstance,))
    assert err.value.key == "record.readmit_excluded_circumstance"
    assert err.value.field == "exit_circumstances"


def test_expulsion_alone_is_not_a_bar(engine, tree):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, expulsion, member_id=mid, date=D(2012, 1, 1))
    run(engine, admission, org="AP1", member_id=mid, date=D(2020, 1, 1))


@pytest.mark.parametrize(
    ("day", "regulation"),
    [
        (D(2025, 1, 19), "Quy định 24-QĐ/TW (2021)"),
        (D(2025, 1, 20), "Quy định 232-QĐ/TW (2025)"),
        (D(2025, 6, 30), "Quy định 232-QĐ/TW (2025)"),
        (D(2025, 7, 1), "Quy định 294-QĐ/TW (2025)"),
    ],
)
def test_readmission_refusal_cites_the_regulation_of_its_day(engine, tree, day, regulation):
    mid = admit(engine, date=D(2010, 5, 19), born=D(1985, 1, 1))
    run(engine, removal, member_id=mid, date=D(2012, 1, 1), ground="abandoned_activities")
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", member_id=mid, date=day)
    assert regulation in err.value.regulation and regulation in err.value.message("vi")


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


# --- the day the age is counted, over 60, and the steps before the ceremony ---------------
@pytest.mark.parametrize(
    ("day", "regulation"),
    [
        (D(2021, 7, 29), "Quy định 29-QĐ/TW (2016)"),
        (D(2021, 7, 30), "Quy định 24-QĐ/TW (2021)"),
        (D(2025, 1, 19), "Quy định 24-QĐ/TW (2021)"),
        (D(2025, 1, 20), "Quy định 232-QĐ/TW (2025)"),
        (D(2025, 6, 30), "Quy định 232-QĐ/TW (2025)"),
        (D(2025, 7, 1), "Quy định 294-QĐ/TW (2025)"),
    ],
)
def test_age_refused_and_accepted_with_the_citation_of_the_day(engine, tree, day, regulation):
    with pytest.raises(DomainError) as err:
        admit(engine, date=day, born=_born_years_before(day, 18) + dt.timedelta(days=1))
    assert regulation in err.value.regulation and regulation in err.value.message("vi")
    admit(engine, date=day, born=_born_years_before(day, 18))


def test_age_is_counted_at_the_cells_resolution_not_the_ceremony(engine, tree):
    resolution, ceremony = D(2023, 3, 1), D(2023, 5, 19)
    born = _born_years_before(resolution, 18) + dt.timedelta(days=10)  # 18 by the ceremony, not at the resolution
    with pytest.raises(DomainError) as err:
        admit(engine, date=ceremony, born=born, resolution_date=resolution, decision_date=D(2023, 4, 20))
    assert err.value.key == "record.age_out_of_range" and "01/03/2023" in err.value.message("vi")
    old = _born_years_before(resolution, 60) + dt.timedelta(days=1)  # 60 at the resolution, over by the ceremony
    mid = admit(engine, date=ceremony, born=old, resolution_date=resolution, decision_date=D(2023, 4, 20))
    with read_session(engine) as s:
        ev = s.scalar(select(MemberEvent).where(MemberEvent.member_id == mid))
        assert (ev.resolution_date, ev.decision_date, ev.event_date) == (resolution, D(2023, 4, 20), ceremony)


def test_over_60_needs_the_decision_of_the_level_named_and_is_then_recorded(engine, tree):
    born = _born_years_before(CEREMONY, 61)
    with pytest.raises(DomainError) as err:
        admit(engine, date=CEREMONY, born=born)
    assert err.value.key == "record.age_over_max" and err.value.field == "over_age_decision"
    assert "Cấp ủy trực thuộc Trung ương" in err.value.message("vi")
    mid = admit(engine, date=CEREMONY, born=born, over_age_decision="125-QĐ/TU")
    with read_session(engine) as s:
        assert s.scalar(select(MemberEvent.over_age_decision).where(MemberEvent.member_id == mid)) == "125-QĐ/TU"


def test_steps_out_of_order_refused(engine, tree):
    with pytest.raises(DomainError) as err:
        admit(engine, date=D(2023, 5, 19), resolution_date=D(2023, 5, 1), decision_date=D(2023, 4, 1))
    assert err.value.key == "record.steps_order" and err.value.field == "resolution_date"
    with pytest.raises(DomainError) as err:
        admit(engine, date=D(2023, 5, 19), decision_date=D(2023, 5, 20))
    assert err.value.field == "decision_date"


def test_deadlines_on_working_days_with_tet_are_flagged_when_missed(engine, tree):
    # The weekends, 2/1/2023 (New Year observed) and Tết 2023 (20-26 January) are not working
    # days: the 60th working day after 1/12/2022 is 3/3/2023, and the 30th after that 14/4/2023.
    from models.workdays import add_working_days

    assert add_working_days(D(2022, 12, 1), 60) == D(2023, 3, 3)
    assert add_working_days(D(2023, 3, 3), 30) == D(2023, 4, 14)
    on_time = run(engine, admission, org="AP1", date=D(2023, 4, 14), full_name="Lê Văn Một", sex="male",
                  birth_date=D(1995, 1, 1), ethnicity="Khmer", resolution_date=D(2022, 12, 1), decision_date=D(2023, 3, 3))
    assert on_time.warnings == ()
    late = run(engine, admission, org="AP2", date=D(2023, 4, 18), full_name="Lê Văn Hai", sex="male",
               birth_date=D(1995, 1, 1), ethnicity="Kinh", resolution_date=D(2022, 12, 1), decision_date=D(2023, 3, 6))
    assert [key for key, _ in late.warnings] == ["record.late.decision", "record.late.ceremony"]
    text = late.message("vi")
    assert "61 ngày làm việc" in text and "hạn ngày 03/03/2023" in text and "Hướng dẫn 01-HD/TW (2021)" in text


def test_ethnicity_is_asked_for_never_assumed(engine, tree):
    with pytest.raises(DomainError) as err:
        run(engine, admission, org="AP1", date=CEREMONY, full_name="Lê Văn Ba", sex="male", birth_date=D(1995, 1, 1))
    assert err.value.field == "ethnicity" and "Dân tộc" in err.value.message("vi")
    mid = admit(engine, ethnicity="Khmer")
    with read_session(engine) as s:
        assert s.get(Member, mid).ethnicity == "Khmer"
