"""A probationary member admitted elsewhere and transferred in from outside the database: a
probationary member of the receiving catchment from the transfer on (counted so, due for
recognition at the end of the probation begun elsewhere, recognised here), never an admission
of it; the refusals name the field and cite the rule of the day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from figures_api import ask, find_problems, scope_from_events
from models import states, stats
from models.enums import EventKind
from models.errors import DomainError
from models.figures.data import Period
from models.figures.periods import parse_period
from models.figures.service import Part
from models.figures.statistics import member_statistics
from models.membership import member_state, members_on_rolls
from models.people import cell_members, member_history
from models.access import SYSTEM
from models.record import recognition, removal, transfer_in_from_outside
from models.rules import default_rules
from models.schema import MemberEvent
from models.uow import read_session, write_session
from record_helpers import D, admit, build_tree, counts, run

RULES = default_rules()
BEGAN = D(2025, 9, 2)  # the ceremony elsewhere
CAME = D(2026, 3, 1)  # the transfer in
ENDS = D(2026, 9, 2)  # twelve months after BEGAN


def _transfer_in(engine, **kw):  # type: ignore[no-untyped-def]
    values = dict(
        org="AP2", date=CAME, from_outside="Đảng bộ phường 1, quận 3", full_name="Lâm Thị Hoa", sex="female",
        birth_date=D(1998, 4, 2), ethnicity="Kinh", probation_since=BEGAN,
        admission_decision="125-QĐ/QU, Quận ủy quận 3", decision_no="45-QĐ/QU",
    )
    values.update(kw)
    return int(run(engine, transfer_in_from_outside, **values).params["member_id"])


@pytest.fixture
def scene(engine):  # type: ignore[no-untyped-def]
    ids = build_tree(engine)
    official = admit(engine, org="AP2", date=D(2020, 5, 19))  # an official member beside them
    run(engine, recognition, member_id=official, date=D(2021, 5, 20))
    return ids, _transfer_in(engine)


def test_the_member_is_probationary_from_the_transfer_until_recognised(engine, scene):
    ids, mid = scene
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP2"]], CAME - dt.timedelta(days=1)) == members_on_rolls(s, [ids["AP2"]], D(2026, 1, 1))
        at_came = members_on_rolls(s, [ids["AP2"]], CAME)
        assert (at_came.members, at_came.probationary) == (2, 1)
        state = member_state(s, mid, CAME, RULES)
        assert (state.admitted_on, state.probation_end, state.probationary) == (BEGAN, ENDS, True)
        assert state.admissions == 0  # no admission of this catchment
    with pytest.raises(DomainError) as err:
        run(engine, recognition, member_id=mid, date=ENDS - dt.timedelta(days=1))
    assert err.value.key == "record.probation_not_over"
    assert err.value.params["end"] == ENDS.isoformat()
    run(engine, recognition, member_id=mid, date=D(2026, 9, 10), decision_no="12-QĐ/ĐU")
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP2"]], D(2026, 9, 10)).probationary == 0
        # Official from the end of the twelve months, the decision dated after it.
        assert members_on_rolls(s, [ids["AP2"]], ENDS).probationary == 0
        assert members_on_rolls(s, [ids["AP2"]], ENDS - dt.timedelta(days=1)).probationary == 1


def test_the_probation_can_end_in_removal(engine, scene):
    ids, mid = scene
    run(engine, removal, member_id=mid, date=D(2026, 6, 1), ground="probation_failed")
    with read_session(engine) as s:
        assert members_on_rolls(s, [ids["AP2"]], D(2026, 6, 1)).members == 1


def test_figures_count_a_probationary_member_and_no_admission(engine, scene):
    ids, _ = scene
    day = D(2026, 6, 30)
    with read_session(engine) as s:
        for org in (ids["AP2"], ids["XA"]):
            # The engine's choice (the kept states) and the event log agree.
            scope = ask(s, org, Period.year(2026), day, parts=frozenset({Part.OVERVIEW})).overview
            assert scope is not None
            assert scope.figures.members == 2 and scope.figures.attainment.admitted == 0
            from_events = scope_from_events(s, org, Period.year(2026), day)
            assert from_events.official_members(org) == 1
        books = member_statistics(s, ids["XA"], parse_period("2026-H1"), day)[ids["XA"]]
        assert books.status("end", "probationary") == 1
        assert books.status("transfer_in", "probationary") == 1
        assert books.total("admitted") == 0


def test_an_unrecognised_probation_is_flagged_overdue_after_its_deadline(engine, scene):
    ids, _ = scene
    with read_session(engine) as s:
        before = [(p.org.code, h.rule) for p in find_problems(s, ids["XA"], Period.year(2026), D(2026, 9, 30)) for h in p.hits]
        after = [(p.org.code, h.rule) for p in find_problems(s, ids["XA"], Period.year(2026), D(2026, 11, 30)) for h in p.hits]
    assert ("AP2", "recognition_overdue") not in before
    assert ("AP2", "recognition_overdue") in after


def test_kept_states_agree_with_a_rebuild(engine, scene):
    _, mid = scene
    with read_session(engine) as s:
        kept = states.snapshot(s)
    with write_session(engine) as s:
        stats.rebuild(s)
    with read_session(engine) as s:
        assert states.snapshot(s) == kept
        row = next(r for r in kept["member_states"] if r[0] == mid)
    assert row[2] == BEGAN


def test_history_and_lists_say_transferred_in(engine, scene):
    ids, mid = scene
    rows = cell_members(engine, SYSTEM, ids["AP2"], D(2026, 6, 30))
    row = next(r for r in rows if r.id == mid)
    assert row.transferred_in and row.status.value == "probationary" and row.joined == CAME
    history = member_history(engine, SYSTEM, mid, as_of=D(2026, 6, 30))
    (event,) = history.events
    assert event.kind == EventKind.TRANSFER_IN
    assert "Chuyển sinh hoạt" in event.detail and "kết nạp" not in event.detail.lower()
    assert "dự bị từ 02/09/2025" in event.detail and "125-QĐ/QU" in event.detail


@pytest.mark.parametrize(
    ("kw", "key", "field"),
    [
        (dict(admission_decision=None), "record.field_required", "admission_decision"),
        (dict(probation_since=None), "record.field_required", "probation_since"),
        (dict(probation_since=CAME + dt.timedelta(days=1)), "record.probation_after_transfer", "probation_since"),
        (dict(probation_since=D(2025, 3, 1)), "record.probation_elsewhere_over", "probation_since"),
        (dict(birth_date=D(2008, 1, 1)), "record.probation_elsewhere_too_young", "birth_date"),
    ],
)
def test_refusals_name_the_field_and_change_nothing(engine, scene, kw, key, field):
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        _transfer_in(engine, full_name="Phạm Văn Tư", **kw)
    assert (err.value.key, err.value.field) == (key, field)
    assert counts(engine) == before


def test_a_probation_over_before_the_transfer_cites_the_rule_of_its_day(engine, scene):
    with pytest.raises(DomainError) as err:
        _transfer_in(engine, full_name="Phạm Văn Tư", probation_since=D(2025, 2, 1))
    assert err.value.regulation == RULES.on(D(2025, 2, 1)).probation.regulation
    assert err.value.params["end"] == "2026-02-01"


def test_a_returning_member_keeps_the_probation_recorded_here(engine, scene):
    _, mid = scene
    with pytest.raises(DomainError) as err:
        _transfer_in(engine, member_id=mid, full_name=None, sex=None, birth_date=None, ethnicity=None)
    assert err.value.key == "record.probation_elsewhere_returning"


def test_the_event_keeps_the_probation_and_the_decision(engine, scene):
    _, mid = scene
    with read_session(engine) as s:
        ev = s.scalars(select(MemberEvent).where(MemberEvent.member_id == mid)).one()
    assert (ev.kind, ev.probation_since, ev.admission_decision, ev.decision_no) == (
        EventKind.TRANSFER_IN, BEGAN, "125-QĐ/QU, Quận ủy quận 3", "45-QĐ/QU")
