"""The two rules of models.rolls, read the same way by every reader: the replay of one member,
the count of members on the rolls, the kept states, the figures engine and the reference."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from models.access import SYSTEM
from models.enums import EventKind, OrgKind, TransferScope
from models.figures.data import Period
from models.figures.reference import reference_books
from models.figures.service import briefing
from models.membership import member_state, members_on_rolls
from models.rolls import is_official, probation_cutoff, probation_end
from models.rules import default_rules
from models.schema import MEMBER_STATES
from models.uow import read_session
from tests.builders import build

D = dt.date
RULES = default_rules()


def test_one_days_events_count_in_the_same_order_everywhere(engine: Engine) -> None:
    with build(engine) as b:
        commune = b.org("X", "Xã X")
        a = b.org("A", "Chi bộ A", parent=commune, kind=OrgKind.SUBORDINATE_CELL)
        c = b.org("B", "Chi bộ B", parent=commune, kind=OrgKind.SUBORDINATE_CELL)
        moved = b.admit(a, D(2015, 3, 2), recognised=True)
        # The transfer in typed before the transfer out: the move still ends at B.
        b.event(moved, c, EventKind.TRANSFER_IN, D(2021, 5, 4), transfer_scope=TransferScope.PERMANENT,
                counterpart_org_id=a.id)
        b.event(moved, a, EventKind.TRANSFER_OUT, D(2021, 5, 4), transfer_scope=TransferScope.PERMANENT,
                counterpart_org_id=c.id)
        # Admitted and removed on one day, the removal typed first: the exit comes last, off the rolls.
        gone = b.member()
        b.remove(gone, a, D(2021, 6, 1))
        b.admit(a, D(2021, 6, 1), member=gone)
        ids = {"X": commune.id, "A": a.id, "B": c.id, "moved": moved.id, "gone": gone.id}
    day = D(2021, 12, 31)
    with read_session(engine) as s:
        assert member_state(s, ids["moved"], day).org_id == ids["B"]
        assert member_state(s, ids["moved"], day).on_rolls
        assert not member_state(s, ids["gone"], day).on_rolls
        assert members_on_rolls(s, [ids["A"]], day).members == 0
        assert members_on_rolls(s, [ids["B"]], day).members == 1
        kept = dict(s.execute(select(MEMBER_STATES.c.member_id, MEMBER_STATES.c.org_id)).all())
        assert kept[ids["moved"]] == ids["B"] and kept[ids["gone"]] is None
        for org, expected in (("A", 0), ("B", 1), ("X", 1)):
            got = briefing(s, SYSTEM, ids[org], Period.year(2021), tree_day=day, today=day).overview
            assert got is not None and got.figures.members == expected, org
            assert reference_books(s, ids[org], Period.year(2021), day, RULES).members == expected, org


def test_probation_ends_months_after_the_ceremony_and_needs_a_recognition() -> None:
    admitted = D(2024, 2, 29)
    end = probation_end(admitted, RULES)
    assert end == D(2025, 2, 28)  # clamped to the shorter month
    assert not is_official(admitted, None, D(2026, 1, 1), RULES)  # never recognised
    assert not is_official(admitted, D(2025, 3, 10), end - dt.timedelta(days=1), RULES)
    assert is_official(admitted, D(2025, 3, 10), end, RULES)  # from the end, though decided later
    assert is_official(None, None, end, RULES)  # joined elsewhere, came by transfer


@given(admitted=st.dates(D(2015, 1, 1), D(2030, 12, 31)), after=st.integers(-40, 40))
def test_the_probation_cutoff_of_queries_is_the_inverse_of_its_end(admitted: dt.date, after: int) -> None:
    day = probation_end(admitted, RULES) + dt.timedelta(days=after)
    assert (admitted <= probation_cutoff(day, RULES.probation.months)) == (probation_end(admitted, RULES) <= day)
