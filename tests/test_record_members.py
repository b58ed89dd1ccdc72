"""Recognition, removal, leave, expulsion, death, exemption, far away: refusals and boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from models.errors import DomainError
from models.membership import member_state
from models.record import (
    death,
    exemption_end,
    exemption_start,
    expulsion,
    far_away_contact,
    far_away_end,
    far_away_start,
    leave,
    recognition,
    removal,
    transfer,
)
from models.rules import add_months, default_rules
from models.schema import MemberEvent
from models.uow import read_session
from sqlalchemy import select
from record_helpers import D, admit, build_tree, counts, run

RULES = default_rules()
ADMITTED = D(2021, 5, 19)
PROBATION_END = add_months(ADMITTED, RULES.probation.months)


@pytest.fixture
def member(engine):
    build_tree(engine)
    return admit(engine, date=ADMITTED, born=D(1998, 7, 7))


def test_recognition_exactly_at_the_end_of_probation_accepted(engine, member):
    run(engine, recognition, member_id=member, date=PROBATION_END)
    with read_session(engine) as s:
        assert member_state(s, member, PROBATION_END).official


def test_recognition_the_day_before_refused(engine, member):
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        run(engine, recognition, member_id=member, date=PROBATION_END - dt.timedelta(days=1))
    assert err.value.key == "record.probation_not_over"
    assert err.value.regulation == RULES.probation.regulation
    assert PROBATION_END.isoformat() in err.value.message("en")
    assert counts(engine) == before


def test_recognition_only_for_probationary_members(engine, member):
    run(engine, recognition, member_id=member, date=PROBATION_END)
    with pytest.raises(DomainError) as err:
        run(engine, recognition, member_id=member, date=PROBATION_END + dt.timedelta(days=10))
    assert err.value.key == "record.already_official"


def test_probation_failed_only_for_probationary(engine, member):
    run(engine, removal, member_id=member, date=PROBATION_END, ground="probation_failed")
    other = admit(engine, date=ADMITTED, full_name="Phạm Văn Năm", sex="male")
    run(engine, recognition, member_id=other, date=PROBATION_END)
    with pytest.raises(DomainError) as err:
        run(engine, removal, member_id=other, date=PROBATION_END + dt.timedelta(days=1), ground="probation_failed")
    assert err.value.key == "record.probation_failed_needs_probationary" and err.value.field == "ground"


def test_removal_ground_must_be_in_the_list(engine, member):
    with pytest.raises(DomainError) as err:
        run(engine, removal, member_id=member, date=D(2022, 1, 1), ground="laziness")
    assert err.value.key == "record.unknown_ground" and err.value.field == "ground"
    run(engine, removal, member_id=member, date=D(2022, 1, 1), ground="abandoned_activities")


@pytest.mark.parametrize("end", [leave, expulsion, death])
def test_no_event_after_membership_has_ended(engine, member, end):
    run(engine, end, member_id=member, date=D(2022, 6, 1))
    for op, extra in ((recognition, {}), (leave, {}), (far_away_start, {}), (removal, {"ground": "no_progress"})):
        with pytest.raises(DomainError) as err:
            run(engine, op, member_id=member, date=D(2022, 7, 1), **extra)
        assert err.value.key == "record.membership_ended"


def test_events_on_the_day_of_an_exit_are_not_after_it(engine, member):
    """An event dated before the exit is refused once the exit is recorded (out of order)."""
    run(engine, death, member_id=member, date=D(2022, 6, 1))
    with pytest.raises(DomainError) as err:
        run(engine, leave, member_id=member, date=D(2022, 5, 1))
    assert err.value.key == "record.out_of_order"


def test_one_event_per_member_kind_and_date(engine, member):
    run(engine, far_away_start, member_id=member, date=D(2022, 1, 1))
    run(engine, far_away_contact, member_id=member, date=D(2022, 2, 1))
    with pytest.raises(DomainError) as err:
        run(engine, far_away_contact, member_id=member, date=D(2022, 2, 1))
    assert err.value.key == "record.duplicate_event"


def test_unknown_member_refused(engine, member):
    with pytest.raises(DomainError) as err:
        run(engine, leave, member_id=member + 999, date=D(2022, 1, 1))
    assert err.value.key == "record.member_not_found"


def test_far_away_exemption_under_12_months_exactly_12_refused(engine, member):
    start = D(2022, 3, 1)
    limit = add_months(start, 12)
    with pytest.raises(DomainError) as err:
        run(engine, exemption_start, member_id=member, date=start, kind="far_away", ends_on=limit)
    assert err.value.key == "record.exemption_length"
    assert err.value.regulation == RULES.citation("exemption.far_away_regulation", start)
    run(engine, exemption_start, member_id=member, date=start, kind="far_away", ends_on=limit - dt.timedelta(days=1))
    with read_session(engine) as s:
        assert member_state(s, member, D(2022, 6, 1)).exempt
        assert not member_state(s, member, limit).exempt


def test_charter_article_7_exemption_has_no_time_limit(engine, member):
    run(engine, exemption_start, member_id=member, date=D(2022, 3, 1), kind="elderly_or_sick")
    with read_session(engine) as s:
        assert member_state(s, member, D(2030, 1, 1)).exempt
        kinds = set(s.scalars(select(MemberEvent.exemption_kind).where(MemberEvent.member_id == member)).all()) - {None}
    assert kinds == {"elderly_or_sick"}


def test_exemption_needs_its_kind(engine, member):
    with pytest.raises(DomainError) as err:
        run(engine, exemption_start, member_id=member, date=D(2022, 3, 1), ends_on=D(2022, 9, 1))
    assert err.value.key == "record.exemption_kind_required" and err.value.field == "exemption_kind"
    assert "Điều lệ Đảng, Điều 7" in err.value.message("vi")


def test_far_away_exemption_needs_an_end_and_cannot_overlap(engine, member):
    with pytest.raises(DomainError) as err:
        run(engine, exemption_start, member_id=member, date=D(2022, 3, 1), kind="far_away", ends_on=None)
    assert err.value.key == "record.ends_on_required"
    run(engine, exemption_start, member_id=member, date=D(2022, 3, 1), kind="far_away", ends_on=D(2022, 9, 1))
    with pytest.raises(DomainError) as err:
        run(engine, exemption_start, member_id=member, date=D(2022, 4, 1), kind="far_away", ends_on=D(2022, 9, 1))
    assert err.value.key == "record.already_exempt"
    run(engine, exemption_end, member_id=member, date=D(2022, 5, 1))
    with pytest.raises(DomainError) as err:
        run(engine, exemption_end, member_id=member, date=D(2022, 6, 1))
    assert err.value.key == "record.not_exempt"


@pytest.mark.parametrize(
    ("day", "regulation"),
    [(D(2021, 7, 29), "29-QĐ/TW"), (D(2021, 7, 30), "24-QĐ/TW"), (D(2025, 6, 30), "232-QĐ/TW"), (D(2025, 7, 1), "294-QĐ/TW")],
)
def test_removal_without_a_valid_ground_cites_the_removal_rule_of_its_day(engine, member, day, regulation):
    with pytest.raises(DomainError) as err:
        run(engine, removal, member_id=member, date=day, ground=None)
    assert err.value.key == "record.ground_required"
    assert "Điều lệ Đảng, Điều 8, khoản 2" in err.value.regulation and regulation in err.value.regulation
    with pytest.raises(DomainError) as err:
        run(engine, removal, member_id=member, date=day, ground="laziness")
    assert "Điều 8" in err.value.regulation
    run(engine, removal, member_id=member, date=day, ground="failed_standards")


def test_removal_ground_in_the_charters_words():
    from models import i18n
    from models.enums import RemovalGround

    assert i18n.label(RemovalGround.FAILED_STANDARDS, "vi") == "Hai năm liền vi phạm tư cách đảng viên"


def test_far_away_start_contact_end(engine, member):
    with pytest.raises(DomainError) as err:
        run(engine, far_away_contact, member_id=member, date=D(2022, 1, 1))
    assert err.value.key == "record.not_far_away"
    run(engine, far_away_start, member_id=member, date=D(2022, 1, 1), note="Bình Dương")
    with pytest.raises(DomainError) as err:
        run(engine, far_away_start, member_id=member, date=D(2022, 2, 1))
    assert err.value.key == "record.already_far_away"
    run(engine, far_away_contact, member_id=member, date=D(2022, 4, 1))
    with read_session(engine) as s:
        st = member_state(s, member, D(2022, 5, 1))
        assert st.far_away and st.last_contact == D(2022, 4, 1)
    run(engine, far_away_end, member_id=member, date=D(2022, 8, 1))
    with read_session(engine) as s:
        assert not member_state(s, member, D(2022, 8, 1)).far_away


def test_late_entered_recognition_may_precede_a_transfer_but_not_an_exit(engine, member):
    run(engine, transfer, member_id=member, to="AP2", date=PROBATION_END + dt.timedelta(days=60))
    rec = run(engine, recognition, member_id=member, date=PROBATION_END + dt.timedelta(days=10))
    assert rec.params["org"] == "AP1"  # recorded where the member was on that date
    other = admit(engine, date=ADMITTED, full_name="Hà Văn Lộc", sex="male")
    run(engine, leave, member_id=other, date=PROBATION_END + dt.timedelta(days=60))
    with pytest.raises(DomainError) as err:
        run(engine, recognition, member_id=other, date=PROBATION_END + dt.timedelta(days=10))
    assert err.value.key == "record.out_of_order"
