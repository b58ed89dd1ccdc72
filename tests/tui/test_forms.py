"""Recording from the dashboard: the forms, their refusals, their confirmation, and the audit
screen that shows what was written. Every test drives the real app with keys, on SQLite and
(with GIAOBAN_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations


from sqlalchemy import Engine, func, select
from textual.widgets import Checkbox, Input, OptionList, Select

from models.enums import AuditOutcome
from models.schema import AuditEntry, Candidate, CandidateEvent, Member, MemberEvent
from models.uow import read_session
from tests.tui.conftest import Tree
from tests.tui.helpers import notifications, screen_text, settle, table_rows
from tui.periods import Span
from tui.screens.audit import AuditEntryScreen, AuditScreen
from tui.screens.cell import CellScreen
from tui.screens.forms import ConfirmScreen, FormChooser, FormScreen
from tui.screens.member import MemberScreen
from tui.widgets.titlebar import Breadcrumb

NEW_NAME = "Nguyễn Thị Hồng Nhung"


def counts(engine: Engine) -> dict[str, int]:
    with read_session(engine) as s:
        return {
            "members": s.scalar(select(func.count()).select_from(Member)) or 0,
            "events": s.scalar(select(func.count()).select_from(MemberEvent)) or 0,
            "candidates": s.scalar(select(func.count()).select_from(Candidate)) or 0,
            "candidate_events": s.scalar(select(func.count()).select_from(CandidateEvent)) or 0,
        }


def audit_rows(engine: Engine) -> list[AuditEntry]:
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.outcome != AuditOutcome.READ).order_by(AuditEntry.id)))


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*("space" if ch == " " else ch for ch in text))


async def fill(pilot, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus a text field of the form, clear it, and type ``text`` key by key."""
    box = pilot.app.screen.query_one(f"#field-{name}", Input)
    box.focus()
    await pilot.pause()
    await pilot.press("end")
    await pilot.press(*(["backspace"] * len(box.value)))
    await type_text(pilot, text)


async def submit(pilot, key: str = "enter", **fields: str) -> None:  # type: ignore[no-untyped-def]
    """Fill ``fields`` (in order), then go on with ``key`` and wait for the check."""
    for name, text in fields.items():
        await fill(pilot, name, text)
    await pilot.press(key)
    await settle(pilot)


def error_at(pilot, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one(f"#error-{name}").render())


async def open_cell(pilot, tree: Tree) -> None:  # type: ignore[no-untyped-def]
    """From the district: Enter on the lagging commune, Enter on its first cell."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CellScreen) and pilot.app.screen.org_id == tree.cell


async def choose(pilot, title: str) -> FormScreen:  # type: ignore[no-untyped-def]
    """``n``, then the form whose title starts with ``title``, by arrow keys and Enter."""
    await pilot.press("n")
    await settle(pilot)
    chooser = pilot.app.screen
    assert isinstance(chooser, FormChooser), notifications(pilot)
    options = chooser.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    index = next(i for i, text in enumerate(labels) if text.startswith(title))
    await pilot.press("home", *(["down"] * index), "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    return pilot.app.screen


def headline(pilot) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(w.render()) for w in pilot.app.screen.query("Headline Static"))


async def test_a_secretary_admits_a_member_through_the_form(engine, users, make_app):
    app = make_app(login="sec", span=Span.year(2023))
    async with app.run_test(size=(100, 34)) as pilot:
        await settle(pilot)
        # The secretary's dashboard opens on their own cell: 5 members, none admitted in 2023.
        assert "ĐV 5" in screen_text(pilot) and "Kết nạp 0/" in screen_text(pilot)
        before = counts(engine)
        form = await choose(pilot, "Kết nạp đảng viên")
        # Filled from the context: the cell under the cursor and today's date.
        assert form.query_one("#field-org", Input).value == "X1-A"
        assert form.query_one("#field-date", Input).value == "31/03/2023"
        # The cursor starts on the first field still to fill in; the filled one is a Shift+Tab away.
        assert app.focused is form.query_one("#field-full_name")
        await pilot.press("shift+tab")
        assert app.focused is form.query_one("#field-org")
        await pilot.press("tab")
        assert app.focused is form.query_one("#field-full_name")
        await type_text(pilot, NEW_NAME)
        await pilot.press("tab")
        assert app.focused is form.query_one("#field-sex", Select)
        form.query_one("#field-sex", Select).value = "female"
        await pilot.press("tab")
        await type_text(pilot, "02/09/2000")
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is form.query_one("#field-full_name")
        box = form.query_one("#field-youth_union", Checkbox)
        box.focus()
        # The box's mark only changes colour, so its label says the value in words.
        assert str(box.label) == "Không"
        await pilot.press("space")
        assert str(box.label) == "Có"
        await submit(pilot, decision_no="15-QĐ/ĐU")
        # The ethnicity is asked for, never assumed.
        assert "Chưa ghi trường bắt buộc này" in error_at(pilot, "ethnicity")
        await submit(pilot, ethnicity="Khmer")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        shown = screen_text(pilot)
        for words in ("Xác nhận: Kết nạp đảng viên", NEW_NAME, "Nữ", "02/09/2000", "31/03/2023", "15-QĐ/ĐU", "Là đoàn viên", "Khmer"):
            assert words in shown
        # Nothing is written before the confirmation.
        assert counts(engine) == before
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmScreen, FormScreen))
        assert any(f"Đã ghi kết nạp {NEW_NAME}" in m for m in notifications(pilot))
        # The figures on screen follow.
        assert "ĐV 6" in screen_text(pilot) and "Kết nạp 1/" in screen_text(pilot)
    assert counts(engine)["members"] == before["members"] + 1
    entry = audit_rows(engine)[-1]
    assert entry.action == "record.admission" and entry.outcome == AuditOutcome.OK and entry.login == "sec"
    assert entry.detail["after"]["full_name"] == NEW_NAME and entry.detail["after"]["youth_union"] is True
    # Whoever opens the cell's member list finds the new member there.
    app = make_app(login="chair", span=Span.year(2023))
    async with app.run_test(size=(100, 34)) as pilot:
        await open_cell(pilot, users)
        assert NEW_NAME in [row[0] for row in table_rows(pilot)]


async def test_an_applicant_under_18_is_refused_next_to_the_birth_date(engine, users, make_app):
    app = make_app(login="sec")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = counts(engine)
        form = await choose(pilot, "Kết nạp đảng viên")
        await submit(pilot, "ctrl+s", full_name="Lê Văn Nhỏ", birth_date="01/06/2006")
        assert app.screen is form
        message = error_at(pilot, "birth_date")
        assert "Ngày sinh" in message and "phải từ đủ 18 đến đủ 60 tuổi" in message and "Điều lệ Đảng, Điều 1" in message
        assert app.focused is form.query_one("#field-birth_date")
        # Nothing written; the refusal itself is kept in the audit log, naming the rule.
        assert counts(engine) == before
        refused = audit_rows(engine)[-1]
        assert refused.outcome == AuditOutcome.REFUSED and refused.detail["rule"] == "record.age_out_of_range"
        # Esc leaves the form, writing nothing.
        await pilot.press("escape")
        assert not isinstance(app.screen, FormScreen)
    assert counts(engine) == before


async def test_english_refusals_and_a_date_in_the_future(engine, users, make_app):
    app = make_app(login="sec", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = counts(engine)
        await choose(pilot, "Admission")
        await submit(pilot, full_name="Le Van Tuong Lai", birth_date="01/06/1990", date="01/01/2999")
        assert "only what has happened is recorded" in error_at(pilot, "date")
        await submit(pilot, date="31/02/2023")
        assert "There is no such day as '31/02/2023'" in error_at(pilot, "date")
        await submit(pilot, date="2023-03-01")
        assert "dd/mm/yyyy" in error_at(pilot, "date")
        assert isinstance(app.screen, FormScreen)
    assert counts(engine) == before


async def test_a_removal_without_its_ground_is_refused(engine, users, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cell(pilot, users)
        before = counts(engine)
        await choose(pilot, "Xóa tên đảng viên")
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = error_at(pilot, "ground")
        assert "Lý do xóa tên" in message and "Phải ghi lý do xóa tên" in message and "Điều lệ Đảng" in message
        assert counts(engine) == before
        # With a ground, the confirmation names it in words; Esc there goes back to the form.
        app.screen.query_one("#field-ground", Select).value = "abandoned_activities"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Bỏ sinh hoạt" in screen_text(pilot) or "sinh hoạt" in screen_text(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, FormScreen)
    assert counts(engine) == before


async def test_an_open_form_keeps_still_while_nobody_types(engine, users, make_app):
    """A form left open on the projector (or over SSH) does not repaint: the focused field's
    cursor is a steady block, not one that blinks twice a second."""
    app = make_app(login="sec")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = await choose(pilot, "Kết nạp đảng viên")
        assert app.focused is form.query_one("#field-full_name")
        shots = []
        for _ in range(4):
            shots.append(app.export_screenshot())
            await pilot.pause(0.3)
        assert len(set(shots)) == 1


async def test_a_viewer_cannot_open_the_forms(engine, users, make_app):
    app = make_app(login="watcher")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        help_keys = screen_text(pilot)
        assert "Ghi sự kiện" not in help_keys and "Nhật ký thao tác" not in help_keys
        await pilot.press("escape", "n")
        await settle(pilot)
        assert not isinstance(app.screen, (FormChooser, FormScreen))
        assert any("“Người xem” chỉ được xem, không được ghi" in m for m in notifications(pilot))


async def test_a_secretary_cannot_record_into_another_cell(engine, users, make_app):
    app = make_app(login="sec")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = counts(engine)
        await choose(pilot, "Kết nạp đảng viên")
        await submit(pilot, org="X1-B", full_name="Phạm Văn Khác", birth_date="01/06/1990", ethnicity="Kinh")
        assert "không có quyền với tổ chức “X1-B”" in error_at(pilot, "org")
        assert isinstance(app.screen, FormScreen)
    assert counts(engine) == before
    refused = audit_rows(engine)[-1]
    assert refused.outcome == AuditOutcome.REFUSED and refused.login == "sec" and refused.action == "record.admission"


async def test_recognition_from_the_member_screen_and_the_audit_screen(engine, users, make_app):
    app = make_app(login="staff")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_cell(pilot, users)
        # Lan, admitted on 26/03/2022, is probationary until 26/03/2023.
        table = app.screen.query_one("KeyedTable")
        assert table.select_key(str(users.member))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        await choose(pilot, "Công nhận đảng viên chính thức")
        await submit(pilot, date="20/03/2023")
        # The rule's message names the earliest allowed day, day first as the form takes it.
        assert "26/03/2023" in error_at(pilot, "date")
        await submit(pilot, date="28/03/2023", decision_no="88-QĐ/HU")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        assert ["28/03/2023", "Công nhận chính thức"] in [row[:2] for row in table_rows(pilot)]
        # The audit screen, newest first: the recognition just written, before and after.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        rows = table_rows(pilot)
        # Newest first: the reads of the member's details that followed the write, then it.
        assert rows[0][2] == "member.read" and "đã xem" in rows[0][3]
        # The write, and below it the refusal of the first try (too early), both at the cell.
        written = [row for row in rows if row[2] == "record.recognition"]
        assert [row[3] for row in written] == ["✓ đã ghi", "✗ từ chối"]
        assert all(row[1] == "staff" and row[5] == "X1-A Chi bộ ấp Bình An" for row in written)
        await pilot.press("slash", *"recognition", "enter")
        assert [row[2] for row in table_rows(pilot)] == ["record.recognition"] * 2
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditEntryScreen)
        entry = screen_text(pilot)
        assert "Trước" in entry and '"official": false' in entry
        assert "Sau" in entry and '"kind": "recognition"' in entry and "88-QĐ/HU" in entry
        await pilot.press("escape")
        assert isinstance(app.screen, AuditScreen)


async def test_a_secretary_opens_on_the_members_and_recognises_one(engine, users, make_app):
    app = make_app(login="sec")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # The cell's own screen at once: its members, nothing to drill through first.
        assert isinstance(app.screen, CellScreen) and app.screen.org_id == users.cell
        assert users.member_name in [row[0] for row in table_rows(pilot)]
        assert app.screen.query_one(Breadcrumb).names[-1] == "Chi bộ ấp Bình An"
        assert app.screen.query_one("KeyedTable").select_key(str(users.member))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        await choose(pilot, "Công nhận đảng viên chính thức")
        await submit(pilot, date="28/03/2023", decision_no="12-QĐ/CB")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        assert ["28/03/2023", "Công nhận chính thức"] in [row[:2] for row in table_rows(pilot)]
        # Back to the member list, the secretary's home: Esc goes no further.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CellScreen) and len(app.screen_stack) == 2
    entry = audit_rows(engine)[-1]
    assert entry.action == "record.recognition" and entry.outcome == AuditOutcome.OK and entry.login == "sec"


async def test_the_audit_screen_refuses_other_roles(engine, users, make_app):
    app = make_app(login="sec")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, AuditScreen)
        assert any("Chỉ quản trị viên và cán bộ cấp ủy được xem nhật ký thao tác" in m for m in notifications(pilot))


async def test_a_target_and_a_candidate_through_the_forms(engine, users, make_app):
    app = make_app(login="chair", span=Span.year(2023))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = counts(engine)
        # On the district's overview, the cursor on the commune X1: its target for the year.
        form = await choose(pilot, "Chỉ tiêu kết nạp năm — Đảng bộ xã Bình Khánh")
        assert form.query_one("#field-org", Input).value == "X1"
        assert form.query_one("#field-year", Input).value == "2023"
        await submit(pilot, target="-2")
        assert "không âm" in error_at(pilot, "target")
        await submit(pilot, target="7")
        assert "7" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("“X1”: 4 → 7" in m for m in notifications(pilot))
        assert any(row[0].strip().endswith("Đảng bộ xã Bình Khánh") and "7" in row for row in table_rows(pilot))
        # Into the cell: the candidate found in the fixture moves to the dossier stage.
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        form = await choose(pilot, "Chuyển bước quần chúng ưu tú")
        await settle(pilot)
        candidate = form.query_one("#field-candidate_id", Select)
        assert candidate.value is not Select.NULL, screen_text(pilot)  # the only open candidate is chosen already
        form.query_one("#field-stage", Select).value = "committee_decision"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "phải theo thứ tự các bước" in error_at(pilot, "stage")
        form.query_one("#field-stage", Select).value = "dossier"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("ở bước “" in m for m in notifications(pilot))
    after = counts(engine)
    assert after["candidate_events"] == before["candidate_events"] + 1 and after["events"] == before["events"]


async def test_a_temporary_transfer_asks_for_its_end(engine, users, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cell(pilot, users)
        before = counts(engine)
        form = await choose(pilot, "Chuyển sinh hoạt đảng đi")
        assert "-hidden" in form.query_one("#row-ends_on").classes
        form.query_one("#field-scope", Select).value = "temporary"
        await pilot.pause()
        assert "-hidden" not in form.query_one("#row-ends_on").classes
        await submit(pilot, to="X2-A")
        assert "Phải ghi lý do chuyển sinh hoạt tạm thời" in error_at(pilot, "reason")
        form.query_one("#field-reason", Select).value = "residence_or_work"
        await pilot.pause()
        await submit(pilot, "ctrl+s")
        assert "Phải ghi ngày kết thúc dự kiến" in error_at(pilot, "ends_on")
        await submit(pilot, ends_on="31/12/2023")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "Tạm thời" in text and "X2-A" in text and "31/12/2023" in text
        await pilot.press("enter")
        await settle(pilot)
    after = counts(engine)
    assert after["events"] == before["events"] + 2


async def test_a_probationary_member_transferred_in_from_outside(engine, users, make_app):
    """The transfer-in form asks for the probation's start and the admission decision only
    when the member comes as probationary, refuses one without them, and records both."""
    app = make_app(login="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_cell(pilot, users)
        before = counts(engine)
        form = await choose(pilot, "Chuyển sinh hoạt đến từ nơi khác")
        assert "-hidden" in form.query_one("#row-probation_since").classes
        form.query_one("#field-standing", Select).value = "probationary"
        await pilot.pause()
        assert "-hidden" not in form.query_one("#row-probation_since").classes
        form.query_one("#field-sex", Select).value = "female"
        await pilot.pause()
        await submit(pilot, "ctrl+s", from_outside="Đảng bộ phường 1, quận 3", full_name="Lâm Thị Hoa",
                     birth_date="02/04/1998", ethnicity="Kinh", date="01/03/2023")
        assert "Chưa ghi" in error_at(pilot, "probation_since")
        await submit(pilot, "ctrl+s", probation_since="01/01/2022", admission_decision="125-QĐ/QU")
        assert "đã hết ngày 01/01/2023" in error_at(pilot, "probation_since")
        await submit(pilot, "ctrl+s", probation_since="02/09/2022")
        assert isinstance(app.screen, ConfirmScreen), screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # The cell's list and the member's screen say she came by transfer, probationary.
        assert isinstance(app.screen, CellScreen)
        with read_session(engine) as s:
            hoa = s.scalar(select(Member.id).where(Member.full_name == "Lâm Thị Hoa"))
        row = next(r for r in table_rows(pilot) if "Lâm Thị Hoa" in r[0])
        assert "chuyển sinh hoạt đến 01/03/2023" in row and "dự bị" in row, row
        table = app.screen.query_one("KeyedTable")
        assert table.select_key(str(hoa))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        who = str(app.screen.query_one("#who").render())
        assert "chuyển sinh hoạt đến 01/03/2023 · dự bị" in who and "kết nạp" not in who
        history = table_rows(pilot)
        assert any("01/03/2023" in r[0] and any("dự bị từ 02/09/2022" in c for c in r) for r in history), history
    after = counts(engine)
    assert after["events"] == before["events"] + 1 and after["members"] == before["members"] + 1
    with read_session(engine) as s:
        ev = s.scalars(select(MemberEvent).order_by(MemberEvent.id.desc()).limit(1)).one()
    assert (str(ev.probation_since), ev.admission_decision) == ("2022-09-02", "125-QĐ/QU")
