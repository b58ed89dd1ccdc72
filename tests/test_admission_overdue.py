"""The problem rule ``admission_overdue`` (models/figures/problems.py, collected by
models/figures/admission_deadlines.py): an admission whose superior committee's decision is
still pending more than 60 working days after the cell's resolution, or whose ceremony is
still pending more than 30 working days after the decision, on Vietnam's calendar, and one
done late in the period; each names the person, the dates and the working days, under the
regulation in force on the briefing's day. Both figure sources (the kept tables through the
briefing, the event log) give the same problems."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from models import dataclass_json
from models.enums import CandidateStage, EventKind, OrgKind
from models.figures.data import Period, RuleHit
from models.rules import default_rules
from models.schema import Organisation
from models.uow import read_session
from tests.builders import Builder, build
from tests.figures_api import find_problems, find_problems_from_events

D = dt.date
S = CandidateStage


def _build(engine: Engine, setup: Callable[[Builder, Organisation], None]) -> int:
    with build(engine) as b:
        root = b.org("H", "Huyện Thử", kind=OrgKind.DISTRICT_COMMITTEE)
        cell = b.org("C", "Chi bộ cơ sở Thử", kind=OrgKind.GRASSROOTS_CELL, parent=root)
        b.members(cell, 3)
        setup(b, cell)
        return root.id


def _at(engine: Engine, root_id: int, as_of: dt.date, period: Period | None = None) -> RuleHit | None:
    with read_session(engine) as s:
        both = [{p.org.code: p for p in find(s, root_id, period or Period.year(as_of.year), as_of)}
                for find in (find_problems, find_problems_from_events)]
    hits = [next((h for h in p["C"].hits if h.rule == "admission_overdue"), None) if "C" in p else None
            for p in both]
    assert hits[0] == hits[1], hits  # the kept tables and the event log agree
    return hits[0]


def _hit(engine: Engine, setup: Callable[[Builder, Organisation], None], as_of: dt.date,
         period: Period | None = None) -> RuleHit | None:
    return _at(engine, _build(engine, setup), as_of, period)


def _resolved_on_5_january_2026(b: Builder, c: Organisation) -> None:
    b.candidate(c, (S.CLASS_ATTENDED, D(2025, 6, 2)), (S.DOSSIER, D(2025, 11, 3)),
                (S.CELL_RESOLUTION, D(2026, 1, 5)), name="Nguyễn Thị Hoa")


def test_a_decision_pending_across_tet_is_due_after_the_holidays(engine: Engine) -> None:
    # 60 working days from 05/01/2026 would end on 30/03 with weekends alone; Tết (16-20/02)
    # and the Hùng Kings' day move it to 06/04. On 06/04 it is not yet overdue; on 07/04 it is.
    assert _hit(engine, _resolved_on_5_january_2026, D(2026, 4, 6)) is None


def test_a_decision_pending_past_its_deadline_is_flagged_with_the_dates(engine: Engine) -> None:
    hit = _hit(engine, _resolved_on_5_january_2026, D(2026, 4, 7))
    assert hit is not None and hit.severity == default_rules().problems["admission_overdue"].severity
    vi = hit.reason("vi")
    assert vi == (
        "1 trường hợp kết nạp quá hạn tính đến ngày 07/04/2026: Nguyễn Thị Hoa: chi bộ có nghị quyết đề nghị"
        " kết nạp ngày 05/01/2026, chưa có quyết định kết nạp (hạn 06/04/2026, đã 61 ngày làm việc)"
        " (theo Điều lệ Đảng, Điều 4; Quy định 294-QĐ/TW (2025))."
    )
    assert "no admission decision yet (due 06/04/2026, 61 working days)" in hit.reason("en")


def test_a_decision_taken_clears_the_pending_case(engine: Engine) -> None:
    def setup(b: Builder, c: Organisation) -> None:
        b.candidate(c, (S.CELL_RESOLUTION, D(2026, 1, 5)), (S.COMMITTEE_DECISION, D(2026, 3, 20)), name="Võ Thị Lan")

    # Decided in time; the ceremony's 30 working days from 20/03 run to 06/05 (30/04 and 01/05 off).
    root = _build(engine, setup)
    assert _at(engine, root, D(2026, 5, 6)) is None
    hit = _at(engine, root, D(2026, 5, 7))
    assert hit is not None and json.loads(hit.params["cases"])[0][:5] == ["ceremony", "Võ Thị Lan", "2026-03-20",
                                                                          "2026-05-06", ""]


def test_an_admission_done_late_in_the_period_is_flagged_with_that_days_citation(engine: Engine) -> None:
    def setup(b: Builder, c: Organisation) -> None:
        m = b.member(name="Trần Văn Bình")
        # Resolved 01/03/2022, decided 30/05 (the next working day after the 27/05 deadline), ceremony 10/06 (in time).
        b.event(m, c, EventKind.ADMISSION, D(2022, 6, 10), youth_union=False, resolution_date=D(2022, 3, 1),
                decision_date=D(2022, 5, 30))

    root = _build(engine, setup)
    hit = _at(engine, root, D(2022, 12, 31), Period.year(2022))
    assert hit is not None
    assert json.loads(hit.params["cases"]) == [["decision", "Trần Văn Bình", "2022-03-01", "2022-05-27", "2022-05-30", 61]]
    assert "quyết định kết nạp ngày 30/05/2022 (hạn 27/05/2022, 61 ngày làm việc)" in hit.reason("vi")
    assert hit.regulation == "Điều lệ Đảng, Điều 4; Hướng dẫn 01-HD/TW (2021), điểm 3.5"
    # Not in the next year's period: that year's problems do not repeat it.
    assert _at(engine, root, D(2023, 12, 31), Period.year(2023)) is None


def test_before_the_2021_guide_the_2016_guide_is_cited(engine: Engine) -> None:
    def setup(b: Builder, c: Organisation) -> None:
        b.candidate(c, (S.CELL_RESOLUTION, D(2021, 2, 1)))

    hit = _hit(engine, setup, D(2021, 6, 30))
    assert hit is not None and hit.regulation == "Điều lệ Đảng, Điều 4; Hướng dẫn 01-HD/TW (2016)"


@pytest.mark.parametrize("day", [D(2021, 9, 15)])
def test_a_ceremony_in_time_is_not_flagged(engine: Engine, day: dt.date) -> None:
    def setup(b: Builder, c: Organisation) -> None:
        m = b.member()
        b.event(m, c, EventKind.ADMISSION, day, youth_union=False, resolution_date=D(2021, 6, 1), decision_date=D(2021, 8, 2))

    assert _hit(engine, setup, D(2021, 12, 31)) is None


def test_the_hit_survives_the_dashboards_start_snapshot(engine: Engine) -> None:
    # The start snapshot writes a reason's parameters as JSON scalars and reads them back
    # checked (models.dataclass_json): the cases travel as one plain string.
    hit = _hit(engine, _resolved_on_5_january_2026, D(2026, 4, 7))
    assert hit is not None
    back = dataclass_json.load(RuleHit, json.loads(json.dumps(dataclass_json.encode(hit))))
    assert back.reason("vi") == hit.reason("vi") and "Nguyễn Thị Hoa" in back.reason("en")
