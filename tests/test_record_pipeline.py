"""Targets, the candidate pipeline and Regulation 213 links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models.enums import CandidateStage
from models.errors import DomainError
from models.record import admission, candidate_stage, create_candidate, create_link, recognition, residence_event, set_target
from models.rules import add_months, default_rules
from models.schema import AdmissionTarget, AuditEntry, Candidate, CandidateEvent
from models.uow import read_session
from record_helpers import D, admit, build_tree, run

RULES = default_rules()


@pytest.fixture
def tree(engine):
    return build_tree(engine)


# --- targets -------------------------------------------------------------------------------
def test_target_set_then_changed_with_before_and_after_audited(engine, tree):
    run(engine, set_target, org="XA", year=2022, target=5)
    run(engine, set_target, org="XA", year=2022, target=7, decision_no="03-NQ/ĐU")
    with read_session(engine) as s:
        assert s.scalar(select(AdmissionTarget.target).where(AdmissionTarget.org_id == tree["XA"])) == 7
        last = s.scalars(select(AuditEntry).where(AuditEntry.action == "record.target").order_by(AuditEntry.id)).all()[-1]
    assert last.detail["before"]["target"] == 5 and last.detail["after"]["target"] == 7


def test_target_zero_accepted_negative_refused(engine, tree):
    run(engine, set_target, org="AP1", year=2022, target=0)
    with pytest.raises(DomainError) as err:
        run(engine, set_target, org="AP1", year=2022, target=-1)
    assert err.value.key == "record.target_negative" and err.value.field == "target"


def test_target_only_in_a_year_the_organisation_exists(engine, tree):
    with pytest.raises(DomainError) as err:
        run(engine, set_target, org="AP1", year=1999, target=1)
    assert err.value.key == "record.year_outside_org"
    run(engine, set_target, org="AP1", year=2000, target=1)


# --- candidates ------------------------------------------------------------------------------
def _candidate(engine, day=D(2021, 1, 5)) -> int:
    rec = run(engine, create_candidate, org="AP1", date=day, full_name="Huỳnh Thị Mai", sex="female",
              birth_date=D(2001, 2, 2), source="youth_union")
    return rec.target_id


def test_class_attended_computes_certificate_expiry(engine, tree):
    cid = _candidate(engine)
    run(engine, candidate_stage, candidate_id=cid, stage="class_attended", date=D(2021, 4, 1))
    with read_session(engine) as s:
        expiry = s.scalar(select(CandidateEvent.certificate_expiry).where(CandidateEvent.stage == CandidateStage.CLASS_ATTENDED))
    assert expiry == add_months(D(2021, 4, 1), 12 * RULES.awareness_class.certificate_valid_years)


def test_stages_in_pipeline_order(engine, tree):
    cid = _candidate(engine)
    with pytest.raises(DomainError) as err:
        run(engine, candidate_stage, candidate_id=cid, stage="cell_resolution", date=D(2021, 2, 1))
    assert err.value.key == "record.stage_order"
    run(engine, candidate_stage, candidate_id=cid, stage="class_attended", date=D(2021, 2, 1))
    with pytest.raises(DomainError):
        run(engine, candidate_stage, candidate_id=cid, stage="class_attended", date=D(2021, 3, 1))
    with pytest.raises(DomainError):
        run(engine, candidate_stage, candidate_id=cid, stage="dossier", date=D(2021, 1, 31))
    for stage, day in (("dossier", D(2021, 3, 1)), ("cell_resolution", D(2021, 4, 1)), ("committee_decision", D(2021, 5, 1))):
        run(engine, candidate_stage, candidate_id=cid, stage=stage, date=day)
    with pytest.raises(DomainError) as err:
        run(engine, candidate_stage, candidate_id=cid, stage="admitted", date=D(2021, 5, 19))
    assert err.value.key == "record.candidate_admit_via_admission"
    rec = run(engine, admission, org="AP1", date=D(2021, 5, 19), ethnicity="Kinh", full_name="Huỳnh Thị Mai", sex="female",
              birth_date=D(2001, 2, 2), candidate_id=cid)
    with read_session(engine) as s:
        assert s.get(Candidate, cid).member_id == rec.params["member_id"]
    with pytest.raises(DomainError) as err:
        run(engine, candidate_stage, candidate_id=cid, stage="dropped", date=D(2021, 6, 1))
    assert err.value.key == "record.candidate_closed"


def test_dropped_from_any_stage(engine, tree):
    first = _candidate(engine)
    run(engine, candidate_stage, candidate_id=first, stage="dropped", date=D(2021, 1, 6))
    second = _candidate(engine)
    run(engine, candidate_stage, candidate_id=second, stage="class_attended", date=D(2021, 2, 1))
    run(engine, candidate_stage, candidate_id=second, stage="dropped", date=D(2021, 2, 2))
    with pytest.raises(DomainError):
        run(engine, candidate_stage, candidate_id=second, stage="dossier", date=D(2021, 3, 1))


def test_helper_must_be_an_official_member(engine, tree):
    helper = admit(engine, date=D(2019, 5, 19))
    with pytest.raises(DomainError) as err:
        run(engine, create_candidate, org="AP1", date=D(2020, 1, 1), full_name="Tô Văn Bảy", sex="male",
            birth_date=D(2000, 1, 1), helper_member_id=helper)
    assert err.value.key == "record.helper_not_member"
    run(engine, recognition, member_id=helper, date=D(2020, 5, 19))
    run(engine, create_candidate, org="AP1", date=D(2020, 6, 1), full_name="Tô Văn Bảy", sex="male",
        birth_date=D(2000, 1, 1), helper_member_id=helper)


# --- Regulation 213 --------------------------------------------------------------------------
@pytest.fixture
def link(engine, tree):
    mid = admit(engine, org="AP1", date=D(2019, 5, 19))
    return run(engine, create_link, member_id=mid, residence="C3", date=D(2021, 1, 1)).target_id


def test_comment_returned_only_after_requested_for_that_year(engine, link):
    with pytest.raises(DomainError) as err:
        run(engine, residence_event, link_id=link, kind="comment_returned", year=2021, date=D(2021, 12, 1))
    assert err.value.key == "record.comment_not_requested"
    assert err.value.regulation == "Quy định 213-QĐ/TW (2020), Điều 4"  # the residence organisation's duties
    with pytest.raises(DomainError) as err:
        run(engine, residence_event, link_id=link, kind="comment_requested", date=D(2021, 11, 1))
    assert err.value.regulation == "Quy định 213-QĐ/TW (2020), Điều 3, khoản 4"  # the yearly request
    run(engine, residence_event, link_id=link, kind="comment_requested", year=2021, date=D(2021, 11, 1))
    with pytest.raises(DomainError):
        run(engine, residence_event, link_id=link, kind="comment_returned", year=2022, date=D(2022, 1, 10))
    run(engine, residence_event, link_id=link, kind="comment_returned", year=2021, date=D(2021, 11, 1))


def test_comments_need_a_year_and_nothing_follows_the_end(engine, link):
    with pytest.raises(DomainError) as err:
        run(engine, residence_event, link_id=link, kind="comment_requested", date=D(2021, 11, 1))
    assert err.value.key == "record.year_required"
    run(engine, residence_event, link_id=link, kind="letter_sent", date=D(2021, 1, 1))
    run(engine, residence_event, link_id=link, kind="registered", date=D(2021, 2, 1))
    run(engine, residence_event, link_id=link, kind="exempted", date=D(2021, 3, 1))
    run(engine, residence_event, link_id=link, kind="ended", date=D(2021, 6, 1))
    with pytest.raises(DomainError) as err:
        run(engine, residence_event, link_id=link, kind="registered", date=D(2021, 7, 1))
    assert err.value.key == "record.link_ended"


def test_link_workplace_is_the_member_cell_and_one_open_link(engine, tree):
    mid = admit(engine, org="AP1", date=D(2019, 5, 19))
    with pytest.raises(DomainError) as err:
        run(engine, create_link, member_id=mid, workplace="AP2", residence="C3", date=D(2021, 1, 1))
    assert err.value.key == "record.link_workplace"
    run(engine, create_link, member_id=mid, workplace="AP1", residence="C3", date=D(2021, 1, 1))
    with pytest.raises(DomainError) as err:
        run(engine, create_link, member_id=mid, residence="AP2", date=D(2021, 2, 1))
    assert err.value.key == "record.link_exists"


def test_comment_year_is_the_year_of_the_date_or_the_one_before(engine, link):
    with pytest.raises(DomainError) as err:
        run(engine, residence_event, link_id=link, kind="comment_requested", year=2020, date=D(2022, 1, 10))
    assert err.value.key == "record.comment_year"
    with pytest.raises(DomainError):
        run(engine, residence_event, link_id=link, kind="comment_requested", year=2023, date=D(2022, 1, 10))
    run(engine, residence_event, link_id=link, kind="comment_requested", year=2021, date=D(2022, 1, 10))
    run(engine, residence_event, link_id=link, kind="comment_returned", year=2021, date=D(2022, 1, 20))
