"""Property: the kept warnings (``warning_states``, migration 0014) give exactly the warnings the
books give, on random histories of meetings, dues books, transfers, removals and readmissions
recorded through the record operations, in any order; and the rows the record operations keep
are those a rebuild computes from the books.

The reference reads the books directly: each member on a roll of the catchment at the day, all
their unexcused absences and unpaid months, all the meetings they attended and months they paid
(:func:`models.removal_warnings._kept`), judged by :func:`models.removal_warnings.assess`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import removal_warnings as rw_module
from models.access import SYSTEM
from models.enums import OrgKind, RemovalGround, Sector
from models.errors import DomainError
from models.membership import member_ids_on_rolls
from models.record import admission, close_dues, create_org, record_meeting, removal, transfer
from models.removal_warnings import REASONS, assess, kept_eligible, removal_warnings
from models.rules import default_rules
from models.schema import WARNING_STATES, Member, Organisation
from models.tree import catchment
from models.uow import read_session, write_session

RULES = default_rules().removal_warning
START = dt.date(2000, 1, 1)
FIRST = dt.date(2021, 1, 1)
MONTHS = 16
_example = itertools.count()
_latest = [FIRST]  # the last day recorded in the database, over the examples it holds


def _tree(engine, p: str) -> dict[str, int]:
    """D > X (C0, C1), Y (C2)."""
    with write_session(engine) as s:
        create_org(s, SYSTEM, code=f"{p}D", name=f"Huyện {p}", kind=OrgKind.DISTRICT_COMMITTEE, valid_from=START,
                   sector=Sector.DISTRICT)
        for commune in ("X", "Y"):
            create_org(s, SYSTEM, code=f"{p}{commune}", name=f"Xã {p}{commune}", kind=OrgKind.COMMUNE_COMMITTEE,
                       valid_from=START, parent=f"{p}D", sector=Sector.COMMUNE)
        for cell, parent in (("C0", "X"), ("C1", "X"), ("C2", "Y")):
            create_org(s, SYSTEM, code=f"{p}{cell}", name=f"Chi bộ {p}{cell}", kind=OrgKind.SUBORDINATE_CELL,
                       valid_from=START, parent=f"{p}{parent}", sector=Sector.HAMLET)
    with read_session(engine) as s:
        return {o.code.removeprefix(p): o.id for o in s.scalars(select(Organisation).where(Organisation.code.startswith(p)))}


def _month(k: int) -> dt.date:
    y, m = divmod(FIRST.month - 1 + k, 12)
    return dt.date(FIRST.year + y, m + 1, 1)


def _history(engine, p: str, ids: dict[str, int], seed: int) -> dt.date:
    """A random history; returns its last day."""
    rng = random.Random(seed)
    members = []
    for i in range(6):
        with write_session(engine) as s:
            rec = admission(s, SYSTEM, org=f"{p}C{rng.randrange(3)}", date=dt.date(2020, 3, 1 + i), full_name=f"Người {p} {i}",
                            sex="female" if i % 2 else "male", birth_date=dt.date(1990, 1, 1 + i), ethnicity="Kinh")
            members.append(int(rec.params["member_id"]))
    ops = []
    for k in range(MONTHS):
        month = _month(k)
        for cell in range(3):
            if rng.random() < 0.85:
                ops.append(("meeting", cell, month.replace(day=rng.randint(3, 12))))
            if rng.random() < 0.8:
                ops.append(("dues", cell, month))
        if rng.random() < 0.35:
            ops.append(("transfer", rng.randrange(3), month.replace(day=rng.randint(13, 27))))
        if rng.random() < 0.12:
            ops.append(("removal", 0, month.replace(day=rng.randint(13, 27))))
        if rng.random() < 0.12:
            ops.append(("readmit", rng.randrange(3), month.replace(day=rng.randint(13, 27))))
    # Most in order, some books recorded late (after later meetings, books and transfers).
    order = sorted(range(len(ops)), key=lambda i: (ops[i][2] + dt.timedelta(days=rng.choice([0] * 6 + [40, 90])), i))
    # A few moves after the last books: only the roll events themselves can change the rows then.
    end = max(day for _, _, day in ops)
    for j in range(rng.randrange(4)):
        ops.append((rng.choice(["transfer", "transfer", "removal", "readmit"]), rng.randrange(3), end + dt.timedelta(days=20 + j)))
        order.append(len(ops) - 1)
    last = FIRST
    for i in order:
        op, cell, day = ops[i]
        code = f"{p}C{cell}"
        last = max(last, day)
        try:
            with write_session(engine) as s:
                if op == "meeting":
                    rolls = member_ids_on_rolls(s, [ids[f"C{cell}"]], day)
                    absent = [m for m in rolls if rng.random() < 0.3]
                    excused = [m for m in rolls if m not in absent and rng.random() < 0.15]
                    record_meeting(s, SYSTEM, org=code, date=day, absent=absent, excused=excused)
                elif op == "dues":
                    on_rolls = member_ids_on_rolls(s, [ids[f"C{cell}"]], _month_end(day))
                    close_dues(s, SYSTEM, org=code, month=day, unpaid=[m for m in on_rolls if rng.random() < 0.3])
                elif op == "transfer":
                    transfer(s, SYSTEM, member_id=rng.choice(members), date=day, to=code)
                elif op == "removal":
                    removal(s, SYSTEM, member_id=rng.choice(members), date=day, ground=RemovalGround.ABANDONED_ACTIVITIES)
                else:
                    admission(s, SYSTEM, org=code, member_id=rng.choice(members), date=day)
        except DomainError:
            pass  # refused (not on the rolls, a book twice...): nothing written
    return last


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _reference(s, root_id: int, as_of: dt.date) -> set[tuple]:
    inside = catchment(s, root_id, as_of)
    everyone = list(s.scalars(select(Member.id)))
    rolls = rw_module._roll_history(s, everyone, as_of)
    current = {mid: spells[-1] for mid, (spells, _) in rolls.items()
               if spells and spells[-1].end is None and spells[-1].org_id in inside}
    misses = rw_module._misses(s, list(current), dt.date(1900, 1, 1), as_of)
    kept = rw_module._kept(s, {mid: rolls[mid][0] for mid in current}, dt.date(1900, 1, 1), as_of)
    out = set()
    for mid, spell in current.items():
        for reason in REASONS:
            got = assess(misses.get((mid, reason), ()), kept.get((mid, reason), ()), as_of, RULES, reason)
            if got is not None:
                out.add((mid, spell.org_id, reason, got.months, got.level))
    return out


def _found(s, root_id: int, as_of: dt.date) -> set[tuple]:
    return {(w.member_id, w.org_id, w.reason, w.months, w.level) for w in removal_warnings(s, root_id, as_of)}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(seed=st.integers(0, 2**31))
def test_kept_warnings_are_the_books_warnings(engine, seed):
    p = f"W{next(_example)}"
    ids = _tree(engine, p)
    _latest[0] = last = max(_latest[0], _history(engine, p, ids, seed))
    with read_session(engine) as s:
        kept_rows = {tuple(r) for r in s.execute(WARNING_STATES.select())}
        # Days after everything recorded read the kept rows; earlier ones the books.
        for day in (last, last + dt.timedelta(days=20), _month_end(last) + dt.timedelta(days=150)):
            assert kept_eligible(s, day, RULES)
            for root in ("D", "X", "Y", "C0", "C2"):
                assert _found(s, ids[root], day) == _reference(s, ids[root], day), (root, day)
        for day in (_month(5) + dt.timedelta(days=20), _month(11) + dt.timedelta(days=3)):
            assert not kept_eligible(s, day, RULES)
            for root in ("D", "X", "C1"):
                assert _found(s, ids[root], day) == _reference(s, ids[root], day), (root, day)
    # What the record operations kept is what a rebuild computes from the books.
    with write_session(engine) as s:
        rw_module.rebuild(s)
    with read_session(engine) as s:
        assert {tuple(r) for r in s.execute(WARNING_STATES.select())} == kept_rows
