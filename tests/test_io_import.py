"""Importing workbooks from real offices: the messy but valid ones import exactly their rows,
once; every broken one is refused with sheet, row, column and rule, and the database is
unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from io_helpers import ADMISSION_HEADER, D, dump, messages, messy_workbook, workbook
from models.access import SYSTEM
from models.enums import (
    AuditOutcome,
    CandidateStage,
    EventKind,
    MassOrg,
    RemovalGround,
    ResidenceEventKind,
    Role,
    Sex,
)
from models.io.importer import import_file
from models.io.problems import ImportRefused
from models.rules import default_rules
from models.schema import (
    AdmissionTarget,
    AuditEntry,
    Candidate,
    CandidateEvent,
    Member,
    MemberEvent,
    ResidenceEvent,
    ResidenceLink,
)
from models.uow import read_session
from record_helpers import add_user, admit, build_tree

@pytest.fixture
def tree(engine):
    return build_tree(engine)


def test_messy_but_valid_workbook_imports_exactly_its_rows(engine, tree, tmp_path):
    path = messy_workbook(tmp_path / "messy.xlsx")
    result = import_file(engine, SYSTEM, path)
    assert result.written and result.added == 12 and result.changed == 0 and result.present == 0
    with read_session(engine) as s:
        members = {m.full_name: m for m in s.scalars(select(Member))}
        assert set(members) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
        assert members["Trần Thị Bình"].birth_date == D(1998, 7, 24)  # serial 36000
        assert members["Trần Thị Bình"].sex == Sex.FEMALE
        assert members["Lê Văn Cường"].birth_date == D(1990, 2, 3)
        events = {(e.member_id, e.kind): e for e in s.scalars(select(MemberEvent))}
        assert len(events) == 5
        an = events[(members["Nguyễn Văn An"].id, EventKind.ADMISSION)]
        assert an.event_date == D(2021, 3, 26) and an.youth_union is True and an.recommended_by == MassOrg.YOUTH_UNION
        binh = events[(members["Trần Thị Bình"].id, EventKind.ADMISSION)]
        assert binh.event_date == D(2021, 5, 19) and binh.youth_union is False
        assert binh.recommended_by == MassOrg.WOMEN_UNION and binh.decision_no == "15-QĐ/ĐU"
        # An empty occasion on 19/5 takes the occasion of the rules.
        assert binh.occasion == default_rules().admission.occasion_on(D(2021, 5, 19)).name
        cuong = members["Lê Văn Cường"].id
        assert events[(cuong, EventKind.ADMISSION)].occasion == "Quốc khánh"
        removal = events[(cuong, EventKind.REMOVAL)]
        assert removal.event_date == D(2022, 6, 15) and removal.removal_ground == RemovalGround.ABANDONED_ACTIVITIES
        assert events[(members["Trần Thị Bình"].id, EventKind.LEAVE)].event_date == D(2022, 12, 1)
        targets = {(t.org_id, t.year): t.target for t in s.scalars(select(AdmissionTarget))}
        assert targets == {(tree["AP1"], 2021): 2, (tree["XA"], 2021): 5}
        cand = s.scalar(select(Candidate))
        assert cand.full_name == "Phạm Văn Dũng"
        stages = [(e.stage, e.event_date) for e in s.scalars(select(CandidateEvent).order_by(CandidateEvent.id))]
        assert stages == [(CandidateStage.IDENTIFIED, D(2022, 1, 10)), (CandidateStage.CLASS_ATTENDED, D(2022, 3, 15))]
        link = s.scalar(select(ResidenceLink))
        assert (link.workplace_org_id, link.residence_org_id) == (tree["AP1"], tree["C3"])
        kinds = [(e.kind, e.year) for e in s.scalars(select(ResidenceEvent).order_by(ResidenceEvent.id))]
        assert kinds == [
            (ResidenceEventKind.LETTER_SENT, None),
            (ResidenceEventKind.COMMENT_REQUESTED, 2022),
            (ResidenceEventKind.COMMENT_RETURNED, 2022),
        ]
        # One audit row per write, and one for the import itself.
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "io.import")) is not None
    assert any("Ghi chú của văn phòng" in n.message("vi") for n in result.notices)


def test_importing_the_same_file_twice_changes_nothing_the_second_time(engine, tree, tmp_path):
    path = messy_workbook(tmp_path / "messy.xlsx")
    import_file(engine, SYSTEM, path)
    before = dump(engine)
    again = import_file(engine, SYSTEM, path)
    assert not again.written and again.added == 0 and again.present == 12
    assert all(o.status == "present" for o in again.rows)
    assert dump(engine) == before


def test_dry_run_shows_the_changes_and_writes_nothing(engine, tree, tmp_path):
    path = messy_workbook(tmp_path / "messy.xlsx")
    before = dump(engine)
    result = import_file(engine, SYSTEM, path, dry_run=True)
    assert result.dry_run and not result.written and result.added == 12
    assert "Chạy thử" in result.summary("vi")
    assert dump(engine) == before


def test_a_changed_target_is_reported_as_changed(engine, tree, tmp_path):
    first = workbook(tmp_path / "a.xlsx", {"Chỉ tiêu": [["Mã tổ chức", "Năm", "Chỉ tiêu"], ["AP1", 2022, 3]]})
    import_file(engine, SYSTEM, first)
    second = workbook(tmp_path / "b.xlsx", {"Chỉ tiêu": [["Mã tổ chức", "Năm", "Chỉ tiêu"], ["AP1", 2022, 4]]})
    result = import_file(engine, SYSTEM, second)
    assert result.changed == 1
    with read_session(engine) as s:
        assert s.scalar(select(AdmissionTarget.target)) == 4


GOOD = ["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "26/03/2021", "Có", None, None, "01-QĐ/ĐU", "Kinh"]


def _bad(row: list[object]) -> dict[str, list[list[object]]]:
    return {"Kết nạp": [["Danh sách"], ADMISSION_HEADER, GOOD, row]}


BROKEN = {
    "tcvn3": (["AP1", "NguyÔn V¨n Hïng", "Nam", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Họ và tên", "io.legacy_text", "TCVN3"),
    "vni": (["AP1", "Nguyeãn Vaên Huøng", "Nam", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Họ và tên", "io.legacy_text", "VNI"),
    "mojibake": (["AP1", "Nguyá»…n Thá»‹ Ngá»", "Nữ", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Họ và tên", "io.legacy_text", "UTF-8"),
    "legacy_in_free_text": (["AP1", "Lê Hùng", "Nam", "01/01/1990", "19/05/2021", "Có", None, "Ngµy Quèc kh¸nh", None, "Kinh"], "Dịp kết nạp", "io.legacy_text", "TCVN3"),
    "month_first_date": (["AP1", "Lê Hùng", "Nam", "01/01/1990", "05/19/2021", "Có", None, None, None, "Kinh"], "Ngày kết nạp", "io.date_month_first", "05/19/2021"),
    "two_digit_year": (["AP1", "Lê Hùng", "Nam", "4/3/90", "19/05/2021", "Có", None, None, None, "Kinh"], "Ngày sinh", "io.date_two_digit_year", "4/3/90"),
    "impossible_date": (["AP1", "Lê Hùng", "Nam", "31/02/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Ngày sinh", "io.date_invalid", "31/02/1990"),
    "unknown_org": (["ZZ9", "Lê Hùng", "Nam", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Mã tổ chức", "org.not_found", "ZZ9"),
    "not_a_cell": (["XA", "Lê Hùng", "Nam", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Mã tổ chức", "record.not_a_cell", "XA"),
    "under_age": (["AP1", "Lê Hùng", "Nam", "20/05/2003", "19/05/2021", "Có", None, None, None, "Kinh"], "Ngày sinh", "record.age_out_of_range", "Quy định 29"),
    "bad_choice": (["AP1", "Lê Hùng", "Khác", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"], "Giới tính", "io.choice", "Nam, Nữ"),
    "missing_required": (["AP1", "Lê Hùng", "Nam", None, "19/05/2021", "Có", None, None, None, "Kinh"], "Ngày sinh", "io.required", "trống"),
    "duplicate_in_file": (["AP1", " nguyễn văn  an", "Nam", "03/04/1995", "26/03/2021", "Có", None, None, None, "Kinh"], "Họ và tên", "io.duplicate_in_file", "dòng 3"),
    "future_date": (["AP1", "Lê Hùng", "Nam", "01/01/1990", (dt.date.today() + dt.timedelta(days=40)).strftime("%d/%m/%Y"), "Có", None, None, None, "Kinh"], "Ngày kết nạp", "record.date_in_future", ""),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_workbook_is_refused_naming_sheet_row_column_rule(engine, tree, tmp_path, case):
    row, column, key, hint = BROKEN[case]
    path = workbook(tmp_path / f"{case}.xlsx", _bad(row))
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    problems = err.value.problems
    assert [(p.sheet, p.row, p.column, p.key) for p in problems] == [("Kết nạp", 4, column, key)]
    text = messages(err.value)[0]
    assert text.startswith(f"Trang “Kết nạp”, dòng 4, cột “{column}”: ")
    assert hint in text
    assert "chưa ghi gì" in err.value.message("vi")
    assert dump(engine) == before


def test_duplicate_against_the_database_is_refused(engine, tree, tmp_path):
    admit(engine, org="AP2", date=D(2019, 9, 2), born=D(1995, 4, 3), full_name="Nguyễn Văn An", sex="male")
    before = dump(engine)
    path = workbook(tmp_path / "dup.xlsx", {"Kết nạp": [ADMISSION_HEADER, GOOD]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column, p.key) == ("Kết nạp", 2, "Họ và tên", "io.member_exists")
    assert dump(engine) == before


def test_every_problem_of_a_file_is_listed(engine, tree, tmp_path):
    rows = [ADMISSION_HEADER, GOOD]
    rows += [BROKEN[c][0] for c in ("tcvn3", "month_first_date", "bad_choice")]
    path = workbook(tmp_path / "many.xlsx", {"Kết nạp": rows})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    assert [(p.row, p.key) for p in err.value.problems] == [(3, "io.legacy_text"), (4, "io.date_month_first"), (5, "io.choice")]


def test_rules_broken_in_the_database_phase_roll_back_the_good_rows(engine, tree, tmp_path):
    rows = [ADMISSION_HEADER, GOOD, BROKEN["under_age"][0], BROKEN["unknown_org"][0]]
    path = workbook(tmp_path / "db.xlsx", {"Kết nạp": rows})
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    assert [(p.row, p.column, p.key) for p in err.value.problems] == [
        (3, "Ngày sinh", "record.age_out_of_range"),
        (4, "Mã tổ chức", "org.not_found"),
    ]
    assert dump(engine) == before


def test_removal_of_someone_not_on_the_rolls_is_refused(engine, tree, tmp_path):
    path = workbook(
        tmp_path / "rm.xlsx",
        {"Xóa tên": [["Mã tổ chức", "Họ và tên", "Ngày sinh", "Ngày xóa tên", "Lý do xóa tên"],
                     ["AP1", "Không Có Ai", "01/01/1990", "01/06/2022", "Trả thẻ"]]},
    )
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column, p.key) == ("Xóa tên", 2, "Họ và tên", "io.member_not_found")


def test_a_cell_secretary_importing_into_another_cell_is_refused_and_audited(engine, tree, tmp_path):
    secretary = add_user(engine, "bithu_ap1", Role.CELL_SECRETARY, scope="AP1")
    path = workbook(tmp_path / "other.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["C3", "Lê Hùng", "Nam", "01/01/1990", "19/05/2021", "Có", None, None, None, "Kinh"]]})
    before = dump(engine)
    with pytest.raises(ImportRefused) as err:
        import_file(engine, secretary, path)
    (p,) = err.value.problems
    assert (p.row, p.column, p.key) == (2, "Mã tổ chức", "access.out_of_scope")
    after = dump(engine)
    assert {k: v for k, v in after.items() if k not in ("audit_log", "change_counter")} == {
        k: v for k, v in before.items() if k not in ("audit_log", "change_counter")
    }
    with read_session(engine) as s:
        refused = list(s.scalars(select(AuditEntry).where(AuditEntry.outcome == AuditOutcome.REFUSED)))
    assert len(refused) == 1 and refused[0].login == "bithu_ap1" and refused[0].action == "io.import.admission"


def test_repairable_mojibake_is_converted_and_reported(engine, tree, tmp_path):
    broken = "Nguyễn Văn An".encode().decode("cp1252")
    path = workbook(tmp_path / "m.xlsx", {"Kết nạp": [ADMISSION_HEADER, ["AP1", broken, "Nam", "03/04/1995", "26/03/2021", "Có", None, None, None, "Kinh"]]})
    result = import_file(engine, SYSTEM, path)
    assert result.added == 1
    assert any(n.key == "io.text_repaired" and n.row == 2 for n in result.notices)
    with read_session(engine) as s:
        assert s.scalar(select(Member.full_name)) == "Nguyễn Văn An"


def test_header_missing_a_column_is_refused(engine, tree, tmp_path):
    path = workbook(tmp_path / "h.xlsx", {"Kết nạp": [ADMISSION_HEADER[:3] + ADMISSION_HEADER[4:], GOOD]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    (p,) = err.value.problems
    assert p.key == "io.no_header" and p.sheet == "Kết nạp" and "Ngày sinh" in p.message("vi")


def test_unknown_column_in_the_header_is_refused(engine, tree, tmp_path):
    path = workbook(tmp_path / "u.xlsx", {"Kết nạp": [ADMISSION_HEADER + ["Số điện thoại"], GOOD]})
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, path)
    (p,) = err.value.problems
    assert (p.row, p.column, p.key) == (1, "Số điện thoại", "io.unknown_column")


def test_a_present_row_that_disagrees_with_the_database_is_a_conflict(engine, tree, tmp_path):
    import_file(engine, SYSTEM, workbook(tmp_path / "a.xlsx", {"Kết nạp": [ADMISSION_HEADER, GOOD]}))
    before = dump(engine)
    changed = list(GOOD)
    changed[5] = "Không"
    with pytest.raises(ImportRefused) as err:
        import_file(engine, SYSTEM, workbook(tmp_path / "b.xlsx", {"Kết nạp": [ADMISSION_HEADER, changed]}))
    (p,) = err.value.problems
    assert (p.row, p.column, p.key) == (2, "Đoàn viên", "io.conflict")
    assert "“Có”" in p.message("vi") and "“Không”" in p.message("vi")
    assert dump(engine) == before


def test_a_viewer_may_not_import_and_the_refusal_is_audited(engine, tree, tmp_path):
    from models.errors import AccessDenied

    viewer = add_user(engine, "xem", Role.VIEWER, scope="DIST")
    path = workbook(tmp_path / "v.xlsx", {"Kết nạp": [ADMISSION_HEADER, GOOD]})
    with pytest.raises(AccessDenied):
        import_file(engine, viewer, path)
    with read_session(engine) as s:
        assert s.scalar(select(MemberEvent.id)) is None
        (row,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "io.import"))
        assert row.outcome == AuditOutcome.REFUSED and row.login == "xem"


def test_admitting_a_candidate_closes_their_pipeline(engine, tree, tmp_path):
    cand = workbook(tmp_path / "c.xlsx", {"Nguồn phát triển": [
        ["Mã tổ chức", "Họ và tên", "Giới tính", "Ngày sinh", "Nguồn", "Bước", "Ngày"],
        *[["AP1", "Nguyễn Văn An", "Nam", "03/04/1995", "Đoàn TNCS Hồ Chí Minh", stage, day] for stage, day in (
            ("Quần chúng ưu tú", "01/03/2020"), ("Đã học lớp nhận thức về Đảng", "01/06/2020"), ("Đang hoàn thiện hồ sơ", "01/09/2020"),
            ("Chi bộ đã biểu quyết", "01/12/2020"), ("Cấp ủy cấp trên đã quyết định", "01/03/2021"),
        )],
    ]})
    import_file(engine, SYSTEM, cand)
    import_file(engine, SYSTEM, workbook(tmp_path / "a.xlsx", {"Kết nạp": [ADMISSION_HEADER, GOOD]}))
    with read_session(engine) as s:
        c = s.scalar(select(Candidate))
        assert c.member_id == s.scalar(select(Member.id))
        last = s.scalars(select(CandidateEvent).order_by(CandidateEvent.id.desc())).first()
        assert (last.stage, last.event_date) == (CandidateStage.ADMITTED, D(2021, 3, 26))
