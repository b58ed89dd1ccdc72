"""The members' make-up (models.figures.makeup, issue 18): each figure against members built
here, through the engine's one entry point; the record operations that fill the new fields
refuse bad values naming the field and the allowed values, and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.access import SYSTEM
from models.enums import AreaKind, EventKind, OrgKind, Religion, Sector, Sex, TheoryLevel
from models.errors import DomainError
from models.figures.data import Period
from models.figures.makeup import AGE_BANDS
from models.figures.periods import DayPeriod
from models.figures.service import Part, briefing
from models.record import admission, member_makeup, org_ownership, residential_area
from models.schema import Member, ResidentialArea
from models.uow import read_session, write_session
from tests.builders import build
from tests.record_helpers import admit, build_tree, counts, run

D = dt.date
DAY = D(2022, 12, 31)


def _scene(engine):
    """A commune X with hamlet cells A (12 members) and B (3), an enterprise committee E
    (private) with a cell EC; hamlets Ấp Một (A), Ấp Hai (B), Ấp Ba (no cell) and one that
    ended before the day."""
    with build(engine) as b:
        root = b.org("R", kind=OrgKind.DISTRICT_COMMITTEE, sector=Sector.DISTRICT)
        x = b.org("X", parent=root, kind=OrgKind.COMMUNE_COMMITTEE, sector=Sector.COMMUNE)
        a = b.org("A", parent=x, kind=OrgKind.SUBORDINATE_CELL, sector=Sector.HAMLET)
        bb = b.org("B", parent=x, kind=OrgKind.SUBORDINATE_CELL, sector=Sector.HAMLET)
        e = b.org("E", parent=root, kind=OrgKind.GRASSROOTS_COMMITTEE, sector=Sector.ENTERPRISE)
        ec = b.org("EC", parent=e, kind=OrgKind.SUBORDINATE_CELL, sector=Sector.ENTERPRISE)
        s = b.org("S", parent=root, kind=OrgKind.GRASSROOTS_COMMITTEE, sector=Sector.ENTERPRISE)
        sc = b.org("SC", parent=s, kind=OrgKind.SUBORDINATE_CELL, sector=Sector.ENTERPRISE)
        # A: 12 members: ages 25, 35, 45, 55, 65, 75 twice each (at 31/12/2022); women the
        # first six; a Khmer and a Hoa; two Buddhists, a Catholic, one "none", the rest not
        # recorded; theory: 3 elementary, 1 intermediate.
        ages = [25, 35, 45, 55, 65, 75] * 2
        members = []
        for i, age in enumerate(ages):
            m = b.admit(a, D(2010, 1, 1), recognised=True, sex=Sex.FEMALE if i < 6 else Sex.MALE,
                        birth=D(2022 - age, 6, 1))
            members.append(m)
        members[0].ethnicity, members[1].ethnicity = "Khmer", "Hoa"
        members[2].religion = members[3].religion = Religion.BUDDHISM
        members[4].religion, members[5].religion = Religion.CATHOLICISM, Religion.NONE
        for m in members[:3]:
            m.theory_level = TheoryLevel.ELEMENTARY
        members[3].theory_level = TheoryLevel.INTERMEDIATE
        # Age exactly 30 on the day counts in 18-30; 31 the next band.
        b.admit(bb, D(2015, 1, 1), recognised=True, birth=D(1992, 12, 31))  # 30 on 31/12/2022
        b.admit(bb, D(2015, 1, 1), recognised=True, birth=D(1991, 12, 31))  # 31
        gone = b.admit(bb, D(2015, 1, 1), recognised=True)
        b.event(gone, bb, EventKind.DEATH, D(2022, 5, 1))  # not on the rolls at the day
        b.admit(bb, D(2015, 1, 1), recognised=True)
        # Admissions of 2022: two in the private enterprise, one in the state one, one in A.
        b.admit(ec, D(2022, 3, 26))
        b.admit(ec, D(2022, 9, 2))
        b.admit(sc, D(2022, 5, 19))
        b.admit(ec, D(2021, 9, 2))  # before the period
        ids = {o.code: o.id for o in (root, x, a, bb, e, ec, s, sc)}
    with write_session(engine) as s_:
        org_ownership(s_, SYSTEM, org="E", ownership="Doanh nghiệp tư nhân", date=D(2022, 1, 1))
        org_ownership(s_, SYSTEM, org="S", ownership="state", date=D(2022, 1, 1))
        for name, cell in (("Ấp Một", "A"), ("Ấp Hai", "B"), ("Ấp Ba", None)):
            residential_area(s_, SYSTEM, org="X", name=name, kind="ấp", date=D(2005, 1, 1), cell=cell)
        s_.add(ResidentialArea(commune_id=ids["X"], name="Ấp Cũ", kind=AreaKind.HAMLET,
                               valid_from=D(2000, 1, 1), valid_to=D(2005, 1, 1)))
    return ids


def _office(engine, org_id, day=DAY):
    with read_session(engine) as s:
        return briefing(s, SYSTEM, org_id, Period(2022, 2022), today=D(2026, 12, 7), tree_day=day,
                        parts=frozenset({Part.OFFICE})).office


def test_each_figure_of_the_makeup_comes_from_the_members(engine):
    ids = _scene(engine)
    office = _office(engine, ids["R"])
    assert office is not None
    root, x = office.makeup[ids["R"]], office.makeup[ids["X"]]
    assert set(office.makeup) == {ids[k] for k in ("R", "X", "E", "S")}  # the root and its children
    commune = _office(engine, ids["X"])
    assert commune is not None
    a = commune.makeup[ids["A"]]
    # On the rolls at 31/12/2022: A 12, B 3 (one died), EC 3, SC 1.
    assert (root.members, x.members, a.members) == (19, 15, 12)
    assert (a.women, a.minorities, a.religious) == (6, 2, 3)
    assert root.women == 6 and root.minorities == 2
    assert x.age_bands == {"18-30": 3, "31-40": 4, "41-50": 2, "51-60": 2, "61-70": 2, "over_70": 2}
    assert [k for k, _ in AGE_BANDS] == list(a.age_bands)
    assert a.levels["religion"] == {"none": 1, "buddhism": 2, "catholicism": 1, "protestantism": 0, "cao_dai": 0,
                                    "hoa_hao": 0, "islam": 0, "other": 0, "not_recorded": 8}
    assert a.levels["theory"] == {"none": 0, "elementary": 3, "intermediate": 1, "advanced": 0, "bachelor": 0,
                                  "not_recorded": 8}
    assert a.levels["education"]["not_recorded"] == 12 and sum(a.levels["education"].values()) == 12
    # Admissions of 2022 by the ownership of the enterprise (its cells share it).
    assert root.admitted_by_ownership == {"state": 1, "private": 2, "foreign_invested": 0}
    assert office.makeup[ids["E"]].admitted_by_ownership["private"] == 2
    assert x.admitted_by_ownership == {"state": 0, "private": 0, "foreign_invested": 0}
    # Hamlets: Ấp Ba has no cell; Ấp Hai's cell B has 3 members, under the threshold of 10.
    assert x.areas == 3 and root.areas == 3 and a.areas == 0
    assert [r.name for r in x.areas_without_cell] == ["Ấp Ba"]
    assert [(r.name, r.members) for r in x.areas_few_members] == [("Ấp Hai", 3)]
    assert x.few_members == 10


def test_the_report_json_carries_the_makeup_for_the_root_and_each_child(engine):
    ids = _scene(engine)
    office = _office(engine, ids["R"])
    assert office is not None
    js = office.json_for(ids["X"])["makeup"]
    assert js["members"] == 15 and js["women"] == 6
    assert js["areas_without_cell"] == [{"name": "Ấp Ba", "kind": "hamlet", "members": None}]
    assert js["areas_few_members"] == [{"name": "Ấp Hai", "kind": "hamlet", "members": 3}]
    assert office.json_for(ids["R"])["makeup"]["admitted_in_enterprises"]["private"] == 2


def test_a_past_day_counts_the_members_then(engine):
    ids = _scene(engine)
    with read_session(engine) as s:
        office = briefing(s, SYSTEM, ids["R"], Period(2021, 2021), today=D(2026, 12, 7),
                          parts=frozenset({Part.OFFICE})).office
    assert office is not None
    # The 2022 admissions are not yet on the rolls; the one who died in 2022 still is.
    assert office.makeup[ids["R"]].members == 12 + 4 + 1
    assert office.makeup[ids["R"]].admitted_by_ownership == {"state": 0, "private": 1, "foreign_invested": 0}


def test_a_member_gets_the_makeup_fields_and_a_bad_value_is_refused(engine):
    build_tree(engine)
    mid = admit(engine, religion="Phật giáo", theory_level="so cap")
    with read_session(engine) as s:
        m = s.get(Member, mid)
        assert m is not None
        assert (m.religion, m.theory_level, m.education_level, m.professional_level) == (
            Religion.BUDDHISM, TheoryLevel.ELEMENTARY, None, None)
    rec = run(engine, member_makeup, member_id=mid, education_level="Trung học phổ thông", professional_level="đại học")
    assert "Trình độ giáo dục phổ thông: trung học phổ thông" in rec.message("vi")
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        run(engine, member_makeup, member_id=mid, religion="Thờ cúng ông bà", theory_level="cao cấp")
    assert err.value.field == "religion"
    text = err.value.message("vi")
    assert "Thờ cúng ông bà" in text and "tôn giáo" in text and "Phật giáo, Công giáo" in text
    assert counts(engine) == before
    with read_session(engine) as s:
        m = s.get(Member, mid)
        assert m is not None and m.theory_level == TheoryLevel.ELEMENTARY  # nothing changed
        assert m.education_level is not None and m.education_level.value == "upper_secondary"


def test_an_admission_with_a_bad_level_writes_nothing(engine):
    build_tree(engine)
    before = counts(engine)
    with pytest.raises(DomainError) as err:
        admit(engine, theory_level="tiến sĩ")
    assert err.value.field == "theory_level"
    assert counts(engine) == before
    with read_session(engine) as s:
        assert s.scalars(select(Member)).all() == []


def test_ownership_only_for_enterprises_and_areas_only_for_communes(engine):
    build_tree(engine)
    with pytest.raises(DomainError) as err:
        run(engine, org_ownership, org="XA", ownership="private")
    assert err.value.field == "ownership" and "doanh nghiệp" in err.value.message("vi")
    with pytest.raises(DomainError) as err:
        run(engine, residential_area, org="AP1", name="Ấp X", kind="hamlet", date=D(2020, 1, 1))
    assert err.value.field == "org"
    with pytest.raises(DomainError) as err:
        run(engine, residential_area, org="XA", name="Ấp X", kind="hamlet", date=D(2020, 1, 1), cell="C3")
    assert err.value.field == "cell"
    with pytest.raises(DomainError) as err:
        run(engine, residential_area, org="XA", name="Ấp X", kind="thôn", date=D(2020, 1, 1))
    assert err.value.field == "kind" and "ấp, khu phố" in err.value.message("vi")
    rec = run(engine, residential_area, org="XA", name="Ấp Thạnh Bình", kind="ấp", date=D(2020, 1, 1), cell="AP1")
    assert rec.message("vi") == "Đã ghi ấp “Ấp Thạnh Bình” của “XA”; chi bộ phụ trách: “AP1”."
    with pytest.raises(DomainError):
        run(engine, admission, org="AP1", date=D(2020, 3, 26), full_name="Lê Văn Tư", sex="male",
            birth_date=D(1990, 1, 1), ethnicity="Kinh", religion="Cao Dai", education_level="lớp 12")


def test_the_day_period_of_a_quarter_is_used_for_admissions(engine):
    ids = _scene(engine)
    with read_session(engine) as s:
        office = briefing(s, SYSTEM, ids["R"], Period(2022, 2022), today=D(2026, 12, 7),
                          parts=frozenset({Part.OFFICE}), days=DayPeriod.quarter(2022, 3)).office
    assert office is not None
    mk = office.makeup[ids["R"]]
    assert mk.day == D(2022, 9, 30)
    assert mk.admitted_by_ownership == {"state": 0, "private": 1, "foreign_invested": 0}


def test_the_makeup_part_alone_equals_the_office_parts(engine):
    # The report's text asks Part.MAKEUP alone (no replay of the period); the same objects as
    # Part.OFFICE's, for the root and each child.
    ids = _scene(engine)
    office = _office(engine, ids["R"])
    with read_session(engine) as s:
        alone = briefing(s, SYSTEM, ids["R"], Period(2022, 2022), today=D(2026, 12, 7), tree_day=DAY,
                         parts=frozenset({Part.MAKEUP}))
    assert office is not None and alone.makeup is not None and alone.office is None
    assert dict(alone.makeup) == dict(office.makeup)


def test_report_json_and_markdown_carry_the_makeup(engine, login_as):
    # ``report --format json``: a ``makeup`` object for the root and each child; the Markdown
    # report: the section «Cơ cấu đảng viên» with the figures and their shares.
    import json

    from click.testing import CliRunner

    from tests.builders import db_url
    from tui.cli import main

    from models.enums import Role

    _scene(engine)
    with build(engine) as b:
        b.user("thu", Role.ADMIN)
    login_as("thu")
    url = db_url(engine)
    result = CliRunner().invoke(main, ["--db", url, "report", "--root", "R", "--period", "2022", "--format", "json",
                                       "--as-of", "2022-12-31"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["makeup"]["members"] == 19 and data["makeup"]["admitted_in_enterprises"]["private"] == 2
    commune = next(c for c in data["children"] if c["code"] == "X")
    assert commune["makeup"]["areas_without_cell"] == [{"name": "Ấp Ba", "kind": "hamlet", "members": None}]
    result = CliRunner().invoke(main, ["--db", url, "report", "--root", "R", "--period", "2022", "--format", "md",
                                       "--as-of", "2022-12-31"])
    assert result.exit_code == 0, result.output
    assert "Cơ cấu đảng viên" in result.output
    assert "Cơ cấu đảng viên ngày 31/12/2022: 19 đảng viên; nữ 6 (31,58%)" in result.output
    assert "chưa có chi bộ: Ấp Ba; chi bộ dưới 10 đảng viên (ngưỡng do cấp ủy tự đặt): Ấp Hai (3)" in result.output
