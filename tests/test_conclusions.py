"""Briefing conclusions: recorded, closed by hand, and judged from the figures as events come."""

from __future__ import annotations

import pytest
from record_helpers import D, add_user, admit, build_tree, run
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from models.access import SYSTEM
from models.conclusions import ConclusionState, conclusions_for
from models.enums import ResidenceEventKind, Role
from models.errors import AccessDenied, DomainError
from models.record import (
    add_conclusion,
    close_conclusion,
    create_link,
    record_meeting,
    residence_event,
)
from models.schema import AuditEntry, ConclusionNote
from models.uow import read_session, write_session


@pytest.fixture
def ids(engine):
    return build_tree(engine)


def _status(engine, ids, day, root="DIST"):
    with read_session(engine) as s:
        return {c.id: c for c in conclusions_for(s, SYSTEM, ids[root], day)}


def _add(engine, **kw):
    kw.setdefault("briefing", D(2023, 3, 31))
    return run(engine, add_conclusion, **kw).target_id


def test_admissions_condition_open_then_done_then_overdue_when_not_met(engine, ids):
    met = _add(engine, org="AP1", text="Chi bộ ấp Thạnh Bình kết nạp 2 đảng viên trước 30/6",
               due=D(2023, 6, 30), condition="admitted_at_least", count=2, period="2023")
    missed = _add(engine, org="AP2", text="Chi bộ ấp Thiềng Liềng kết nạp 1 đảng viên trước 30/6",
                  due=D(2023, 6, 30), condition="admitted_at_least", count=1)
    got = _status(engine, ids, D(2023, 4, 1))
    assert got[met].status == ConclusionState.OPEN and (got[met].figure, got[met].goal) == (0, 2)
    admit(engine, org="AP1", date=D(2023, 4, 19), born=D(1999, 1, 1))
    got = _status(engine, ids, D(2023, 5, 1))
    assert got[met].status == ConclusionState.OPEN and got[met].figure == 1
    assert "1/2" in got[met].progress("vi")
    admit(engine, org="AP1", date=D(2023, 5, 19), born=D(1999, 2, 1))
    got = _status(engine, ids, D(2023, 7, 1))
    assert got[met].status == ConclusionState.DONE
    assert got[missed].status == ConclusionState.OVERDUE
    # The list for a commune has only its own organisations' conclusions, the overdue first.
    with read_session(engine) as s:
        rows = conclusions_for(s, SYSTEM, ids["XA"], D(2023, 7, 1))
    assert [r.id for r in rows] == [missed, met]
    assert _status(engine, ids, D(2023, 7, 1), root="OTHER") == {}


def test_no_member_at_risk_condition_follows_the_warnings(engine, ids):
    a = admit(engine, org="AP1", date=D(2020, 3, 26), born=D(1990, 1, 1))
    for month in (1, 2):
        run(engine, record_meeting, org="AP1", date=D(2023, month, 5), absent=[a])
    cid = _add(engine, org="AP1", text="Chi bộ giúp đỡ đảng viên bỏ sinh hoạt", due=D(2023, 5, 31),
               condition="no_member_at_risk")
    got = _status(engine, ids, D(2023, 3, 31))[cid]
    assert (got.status, got.figure) == (ConclusionState.OPEN, 1)
    run(engine, record_meeting, org="AP1", date=D(2023, 4, 5))
    assert _status(engine, ids, D(2023, 4, 30))[cid].status == ConclusionState.DONE


def test_r213_condition_is_met_when_every_comment_is_back(engine, ids):
    a = admit(engine, org="AP1", date=D(2020, 3, 26), born=D(1990, 1, 1))
    link = run(engine, create_link, member_id=a, residence="AP2", date=D(2021, 1, 10)).target_id
    run(engine, residence_event, link_id=link, kind=ResidenceEventKind.COMMENT_REQUESTED, date=D(2023, 3, 1), year=2023)
    cid = _add(engine, org="XA", text="Hoàn thành nhận xét đảng viên nơi cư trú năm 2023", due=D(2023, 4, 30),
               condition="r213_comments_complete", period="2023")
    got = _status(engine, ids, D(2023, 4, 1))[cid]
    assert (got.status, got.figure, got.goal) == (ConclusionState.OPEN, 0, 1)
    run(engine, residence_event, link_id=link, kind=ResidenceEventKind.COMMENT_RETURNED, date=D(2023, 4, 10), year=2023)
    assert _status(engine, ids, D(2023, 4, 11))[cid].status == ConclusionState.DONE


def test_a_conclusion_without_condition_is_closed_by_hand_once_and_kept(engine, ids):
    cid = _add(engine, org="XA", text="Đảng ủy xã rà soát đảng viên đi làm ăn xa trong quý II", due=D(2023, 6, 30))
    assert _status(engine, ids, D(2023, 7, 1))[cid].status == ConclusionState.OVERDUE
    run(engine, close_conclusion, conclusion_id=cid, note="Đã rà soát, báo cáo ngày 5/7", date=D(2023, 7, 5))
    got = _status(engine, ids, D(2023, 7, 6))[cid]
    assert got.status == ConclusionState.DONE and "Đã rà soát" in got.progress("vi")
    assert _status(engine, ids, D(2023, 7, 4))[cid].status == ConclusionState.OVERDUE
    with pytest.raises(DomainError) as err:
        run(engine, close_conclusion, conclusion_id=cid, note="lần nữa", date=D(2023, 7, 6))
    assert err.value.key == "record.conclusion_closed"
    with read_session(engine) as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("record.conclusion%"))))
    assert actions == ["record.conclusion", "record.conclusion_close"]
    # Nothing is deleted, in the database itself.
    with pytest.raises((DBAPIError, DomainError)), write_session(engine) as s:
        s.execute(text("DELETE FROM conclusion_notes"))
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(ConclusionNote)) == 1


def test_refusals_name_the_field(engine, ids):
    with pytest.raises(DomainError) as err:
        _add(engine, org="AP1", text="  ", due=D(2023, 6, 30))
    assert err.value.field == "text"
    with pytest.raises(DomainError) as err:
        _add(engine, org="AP1", text="Kết nạp", due=D(2023, 1, 1))
    assert err.value.field == "due" and "31/03/2023" in err.value.message("vi")
    with pytest.raises(DomainError) as err:
        _add(engine, org="AP1", text="Kết nạp", due=D(2023, 6, 30), condition="admitted_at_least", count=0)
    assert err.value.field == "count"
    with pytest.raises(DomainError) as err:
        _add(engine, org="AP1", text="Nhận xét", due=D(2023, 6, 30), condition="r213_comments_complete", period="2022-2023")
    assert err.value.field == "period"
    with pytest.raises(DomainError) as err:
        _add(engine, org="AP1", text="Kết nạp", due=D(2099, 6, 30), briefing=D(2099, 1, 1))
    assert err.value.key == "record.date_in_future" and err.value.field == "briefing"
    cid = _add(engine, org="AP1", text="Kết nạp 1", due=D(2023, 6, 30), condition="admitted_at_least", count=1)
    with pytest.raises(DomainError) as err:
        run(engine, close_conclusion, conclusion_id=cid, note="xong")
    assert err.value.key == "record.conclusion_has_condition"
    viewer = add_user(engine, "xem", Role.VIEWER, "DIST")
    with pytest.raises(AccessDenied):
        run(engine, add_conclusion, viewer, org="AP1", text="Kết nạp", due=D(2023, 6, 30), briefing=D(2023, 3, 31))


def test_a_conditions_figure_is_the_overviews_figure_for_the_same_organisation_and_period(engine, ids):
    """The conditions read the organisation's own figures (Part.FIGURES), not a whole overview:
    the same admissions and Regulation 213 comments as the overview shows, on the rollups (no
    event after the day) and on the event log (a day before the last admission)."""
    from models.figures import kept
    from models.figures.data import Period
    from models.figures.service import Part, briefing, figures_day

    for day in (D(2022, 3, 10), D(2023, 2, 14), D(2023, 8, 2)):
        admit(engine, org="AP1", date=day, born=D(1998, 1, 1))
    admit(engine, org="AP2", date=D(2023, 4, 19), born=D(1999, 1, 1))
    a = admit(engine, org="AP2", date=D(2020, 3, 26), born=D(1990, 1, 1))
    link = run(engine, create_link, member_id=a, residence="AP1", date=D(2021, 1, 10)).target_id
    run(engine, residence_event, link_id=link, kind=ResidenceEventKind.COMMENT_REQUESTED, date=D(2023, 3, 1), year=2023)
    run(engine, residence_event, link_id=link, kind=ResidenceEventKind.COMMENT_RETURNED, date=D(2023, 4, 10), year=2023)
    conds = {}
    for org in ("DIST", "XA", "AP1", "AP2"):
        for period in ("2023", "2022-2023"):
            conds[(org, period, "admitted")] = _add(engine, org=org, text=f"Kết nạp {org} {period}", due=D(2023, 12, 31),
                                                    condition="admitted_at_least", count=2, period=period)
        conds[(org, "2023", "r213")] = _add(engine, org=org, text=f"Nhận xét {org}", due=D(2023, 12, 31),
                                            condition="r213_comments_complete", period="2023")
    paths = set()
    for as_of in (D(2023, 5, 1), D(2024, 1, 2)):
        got = _status(engine, ids, as_of)
        with read_session(engine) as s:
            for (org, period, what), cid in conds.items():
                first, _, last = period.partition("-")
                p = Period(int(first), int(last or first))
                whole = briefing(s, SYSTEM, ids[org], p, tree_day=as_of, today=as_of)
                own = briefing(s, SYSTEM, ids[org], p, tree_day=as_of, today=as_of, parts=frozenset({Part.FIGURES}))
                assert whole.overview is not None and own.overview is None
                assert own.figures == whole.overview.figures
                paths.add(kept.eligible(s, p, figures_day(p, as_of)))
                fig = whole.overview.figures
                expected = fig.attainment.admitted if what == "admitted" else fig.r213.comments_returned
                assert got[cid].figure == expected, (org, period, what, as_of)
    # Both sources were compared, and the figures were not all zero.
    assert paths == {True, False}
    assert _status(engine, ids, D(2024, 1, 2))[conds[("XA", "2022-2023", "admitted")]].figure == 4
    assert _status(engine, ids, D(2023, 5, 1))[conds[("XA", "2023", "r213")]].figure == 1


def test_a_listing_of_many_conditions_on_many_organisations_gives_each_the_overviews_figure(engine, ids):
    """The conditions of a listing are read together (one engine call for every organisation
    and period, one reading of the warnings for every organisation): each still gets the
    figure its organisation's overview shows (admissions, Regulation 213 comments) and its
    warnings list counts (members at risk), at a day the rollups answer, a day they do not
    (an admission after it) and a day with an exemption recorded after it."""
    from models.figures import kept
    from models.figures.data import Period
    from models.figures.service import briefing, figures_day
    from models.removal_warnings import members_at_risk, removal_warnings

    for org, day in (("AP1", D(2022, 3, 10)), ("AP1", D(2023, 2, 14)), ("AP2", D(2023, 4, 19)), ("C3", D(2022, 6, 1)),
                     ("C3", D(2023, 8, 2))):
        admit(engine, org=org, date=day, born=D(1998, 1, 1))
    a, b, c, d = (admit(engine, org=org, date=D(2020, 3, 26), born=D(1990, 1, 1), full_name=name)
                  for org, name in (("AP2", "Lê Văn An"), ("C3", "Trần Văn Bình"), ("AP1", "Phạm Thị Cúc"),
                                    ("AP1", "Võ Văn Dũng")))
    returned = run(engine, create_link, member_id=a, residence="AP1", date=D(2021, 1, 10)).target_id
    asked = run(engine, create_link, member_id=b, residence="AP2", date=D(2021, 1, 10)).target_id
    exempt = run(engine, create_link, member_id=c, residence="C3", date=D(2021, 1, 10)).target_id
    for link in (returned, asked, exempt):
        run(engine, residence_event, link_id=link, kind=ResidenceEventKind.COMMENT_REQUESTED, date=D(2023, 3, 1), year=2023)
    run(engine, residence_event, link_id=returned, kind=ResidenceEventKind.COMMENT_RETURNED, date=D(2023, 4, 10), year=2023)
    run(engine, residence_event, link_id=exempt, kind=ResidenceEventKind.EXEMPTED, date=D(2023, 10, 1))
    for month in (6, 7):
        run(engine, record_meeting, org="AP1", date=D(2023, month, 5), absent=[d])
    for month in (5, 6, 7):
        run(engine, record_meeting, org="C3", date=D(2023, month, 5), absent=[b])
    conds = {}
    for org in ("DIST", "XA", "AP1", "AP2", "OTHER", "C3"):
        for period in ("2022", "2023", "2022-2023"):
            conds[(org, period, "admitted")] = _add(engine, org=org, text=f"Kết nạp {org} {period}", due=D(2024, 12, 31),
                                                    condition="admitted_at_least", count=2, period=period)
        conds[(org, "2023", "r213")] = _add(engine, org=org, text=f"Nhận xét {org}", due=D(2024, 12, 31),
                                            condition="r213_comments_complete", period="2023")
        conds[(org, "", "at_risk")] = _add(engine, org=org, text=f"Không còn đảng viên bỏ sinh hoạt {org}",
                                           due=D(2024, 12, 31), condition="no_member_at_risk")
    seen: dict[str, set[object]] = {"eligible": set(), "states": set(), "figures": set()}
    for as_of in (D(2023, 8, 1), D(2023, 9, 15), D(2024, 1, 2)):
        got = _status(engine, ids, as_of)
        assert set(got) == set(conds.values())
        commune = _status(engine, ids, as_of, root="XA")
        assert {cid for (org, _, _), cid in conds.items() if org in ("XA", "AP1", "AP2")} == set(commune)
        with read_session(engine) as s:
            for (org, period, what), cid in conds.items():
                assert commune.get(cid, got[cid]).figure == got[cid].figure
                if what == "at_risk":
                    expected, goal = members_at_risk(removal_warnings(s, ids[org], as_of)), 0
                else:
                    first, _, last = period.partition("-")
                    p = Period(int(first), int(last or first))
                    fig = briefing(s, SYSTEM, ids[org], p, tree_day=as_of, today=as_of).overview.figures
                    expected, goal = ((fig.attainment.admitted, 2) if what == "admitted"
                                      else (fig.r213.comments_returned, fig.r213.links))
                    day = figures_day(p, as_of)
                    eligible = kept.eligible(s, p, day)
                    seen["eligible"].add(eligible)
                    if eligible:
                        seen["states"].add(kept.condition_figures(s, [ids[org]], p, day) is not None)
                assert (got[cid].figure, got[cid].goal) == (expected, goal), (org, period, what, as_of)
                seen["figures"].add((what, expected))
    # Both sources and the fall back from the states were taken, and the figures were not all zero.
    assert seen["eligible"] == {True, False} and seen["states"] == {True, False}
    assert {("admitted", 2), ("admitted", 3), ("at_risk", 1)} <= seen["figures"]
    late = _status(engine, ids, D(2024, 1, 2))
    assert (late[conds[("DIST", "2023", "r213")]].figure, late[conds[("DIST", "2023", "r213")]].goal) == (1, 2)
    assert late[conds[("C3", "", "at_risk")]].figure == 1 and late[conds[("OTHER", "", "at_risk")]].figure == 1
