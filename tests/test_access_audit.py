"""Rights are checked for the organisation at the event date; every write and every
refusal for lack of rights leaves an audit row."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from models.access import SYSTEM
from models.audit import count_audit, list_audit
from models.enums import AuditOutcome, Role
from models.errors import AccessDenied, DomainError
from models.record import admission, move_org, perform, recognition
from models.schema import AuditEntry, MemberEvent
from models.uow import read_session, write_session
from record_helpers import D, add_user, admit, build_tree, counts, run

NEW_PERSON = dict(full_name="Đặng Thị Hoa", ethnicity="Kinh", sex="female", birth_date=D(1999, 9, 9), date=D(2021, 9, 2))


@pytest.fixture
def users(engine):
    build_tree(engine)
    return {
        "boss": add_user(engine, "boss", Role.ADMIN),
        "staff": add_user(engine, "staff", Role.DISTRICT_STAFF, "XA"),
        "sec": add_user(engine, "sec", Role.CELL_SECRETARY, "AP1"),
        "view": add_user(engine, "view", Role.VIEWER, "DIST"),
    }


def _audit_rows(engine):
    with read_session(engine) as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_cell_secretary_writes_in_scope(engine, users):
    rec = perform(engine, "sec", None, admission, org="AP1", **NEW_PERSON)
    last = _audit_rows(engine)[-1]
    assert last.login == "sec" and last.outcome == AuditOutcome.OK and last.action == "record.admission"
    assert last.target_id == rec.target_id and last.detail["after"]["full_name"] == "Đặng Thị Hoa"


def test_out_of_scope_refused_nothing_written_refusal_audited(engine, users):
    events_before, audit_before = counts(engine)
    with pytest.raises(AccessDenied) as err:
        perform(engine, "sec", None, admission, org="AP2", **NEW_PERSON)
    assert err.value.key == "access.out_of_scope"
    events_after, audit_after = counts(engine)
    assert events_after == events_before and audit_after == audit_before + 1
    last = _audit_rows(engine)[-1]
    assert last.outcome == AuditOutcome.REFUSED and last.login == "sec" and last.action == "record.admission"
    assert "AP2" in last.detail["message"]


def test_viewer_may_not_write(engine, users):
    with pytest.raises(AccessDenied) as err:
        perform(engine, "view", None, admission, org="AP1", **NEW_PERSON)
    assert err.value.key == "access.read_only"
    assert _audit_rows(engine)[-1].outcome == AuditOutcome.REFUSED


def test_unknown_login_refused_and_audited(engine, users):
    with pytest.raises(AccessDenied) as err:
        perform(engine, "stranger", None, admission, org="AP1", **NEW_PERSON)
    assert err.value.key == "access.unknown_user"
    last = _audit_rows(engine)[-1]
    assert last.login == "stranger" and last.outcome == AuditOutcome.REFUSED


def test_admin_acting_as_is_recorded(engine, users):
    perform(engine, "boss", "sec", admission, org="AP1", **NEW_PERSON)
    last = _audit_rows(engine)[-1]
    assert last.login == "boss" and last.acting_as == "sec" and last.outcome == AuditOutcome.OK
    # Acting as the secretary, the admin has the secretary's scope.
    with pytest.raises(AccessDenied):
        perform(engine, "boss", "sec", admission, org="AP2", **NEW_PERSON)


def test_only_admins_act_as_others(engine, users):
    with pytest.raises(AccessDenied) as err:
        perform(engine, "staff", "sec", admission, org="AP1", **NEW_PERSON)
    assert err.value.key == "access.as_needs_admin"


def test_scope_is_checked_at_the_event_date(engine, users):
    """AP2 moves from XA to OTHER in 2022: XA's staff may write there before, not after."""
    mid = admit(engine, org="AP2", date=D(2021, 1, 5))
    run(engine, move_org, org="AP2", parent="OTHER", date=D(2022, 1, 1))
    with pytest.raises(AccessDenied):
        perform(engine, "staff", None, recognition, member_id=mid, date=D(2022, 1, 5))
    mid2 = admit(engine, org="AP2", date=D(2020, 1, 5), full_name="Cao Văn Út", sex="male")
    perform(engine, "staff", None, recognition, member_id=mid2, date=D(2021, 1, 5))


def test_list_audit_for_admins_and_staff_only(engine, users):
    perform(engine, "sec", None, admission, org="AP1", **NEW_PERSON)
    with read_session(engine) as s:
        everything = list_audit(s, users["boss"])
        assert any(r.action == "record.admission" for r in everything)
        with pytest.raises(AccessDenied):
            list_audit(s, users["sec"])
        with pytest.raises(AccessDenied):
            list_audit(s, users["view"])
        staff_rows = list_audit(s, users["staff"])
        org_rows = {r.org_id for r in staff_rows}
        total = s.scalar(select(func.count()).select_from(AuditEntry))
    assert 0 < len(staff_rows) < total
    from models.tree import catchment

    with read_session(engine) as s:
        inside = catchment(s, users["staff"].scope_org_id, D.today())
    assert org_rows <= inside


def test_list_audit_since(engine, users):
    run(engine, admission, SYSTEM, org="AP1", **NEW_PERSON)
    with read_session(engine) as s:
        assert list_audit(s, users["boss"], since=D.today() + dt.timedelta(days=1)) == []
        assert list_audit(s, users["boss"], since=D.today())


def test_refused_validation_writes_nothing_but_the_refusal(engine, users):
    events, audits = counts(engine)
    with pytest.raises(DomainError):
        perform(engine, "sec", None, admission, org="AP1", **(NEW_PERSON | {"birth_date": D(2010, 1, 1)}))
    # The work is rolled back; the refusal is kept, naming the rule, in a transaction of its own.
    assert counts(engine) == (events, audits + 1)
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(MemberEvent)) == 0
    last = _audit_rows(engine)[-1]
    assert last.outcome == AuditOutcome.REFUSED and last.login == "sec" and last.action == "record.admission"
    assert last.detail["rule"] == "record.age_out_of_range" and last.detail["field"] == "birth_date"
    assert "Điều lệ Đảng" in last.detail["regulation"]


def test_a_dry_run_checks_everything_and_writes_nothing(engine, users):
    events, audits = counts(engine)
    rec = perform(engine, "sec", None, admission, org="AP1", dry_run=True, **NEW_PERSON)
    assert rec.action == "record.admission"
    assert counts(engine) == (events, audits)
    with pytest.raises(DomainError):
        perform(engine, "sec", None, admission, org="AP2", dry_run=True, **NEW_PERSON)
    last = _audit_rows(engine)[-1]
    assert last.outcome == AuditOutcome.REFUSED and last.detail["checked_before_writing"] is True
    assert counts(engine) == (events, audits + 1)


def test_list_audit_pages_newest_first(engine, users):
    for i in range(3):  # three people (one admission each: the same one twice is refused)
        perform(engine, "sec", None, admission, org="AP1", **{**NEW_PERSON, "birth_date": D(1999, 9, 9 + i)})
    with read_session(engine) as s:
        everything = list_audit(s, users["boss"])
        page = list_audit(s, users["boss"], limit=2, newest_first=True)
        next_page = list_audit(s, users["boss"], limit=2, offset=2, newest_first=True)
    assert [r.id for r in page + next_page] == [r.id for r in everything[::-1][:4]]


def _log_with_reads(engine, users):
    """Twelve reads of AP1's members around one admission of Đặng Thị Hoa at AP1, and a read at
    OTHER's cell (C3): the admission is on neither the first nor the last page of five."""
    from models.audit import audit

    ids = {o: i for o, i in build_tree_ids(engine).items()}
    with write_session(engine) as s:
        for _ in range(6):
            audit(s, users["staff"], "members.read", AuditOutcome.READ, "organisations", ids["AP1"], ids["AP1"])
    perform(engine, "sec", None, admission, org="AP1", **NEW_PERSON)
    with write_session(engine) as s:
        for _ in range(6):
            audit(s, users["staff"], "members.read", AuditOutcome.READ, "organisations", ids["AP1"], ids["AP1"])
        audit(s, users["boss"], "members.read", AuditOutcome.READ, "organisations", ids["C3"], ids["C3"])


def build_tree_ids(engine):
    from models.schema import Organisation

    with read_session(engine) as s:
        return {o.code: o.id for o in s.scalars(select(Organisation))}


def test_audit_search_covers_the_whole_log_not_one_page(engine, users):
    _log_with_reads(engine, users)
    boss = users["boss"]
    with read_session(engine) as s:
        # The name is in the admission's detail; typed in lower case, it still matches the capitals.
        pages = [list_audit(s, boss, limit=5, offset=o, newest_first=True, search="đặng thị") for o in (0, 5)]
        assert [r.action for r in pages[0]] == ["record.admission"] and pages[1] == []
        assert pages[0][0].after["full_name"] == "Đặng Thị Hoa"
        assert count_audit(s, boss, search="đặng thị") == 1 and count_audit(s, boss, search="ĐẶNG THỊ") == 1
        # Without diacritics, as typed on a terminal with no Vietnamese keyboard: the same row;
        # "hoa" also finds the two rows of Lý Hòa Hiệp.
        assert count_audit(s, boss, search="dang thi hoa") == 1
        assert count_audit(s, boss, search="HOA") == 3 and count_audit(s, boss, search="ly hoa hiep") == 2
        # The day as the screen shows it.
        day = list_audit(s, boss, limit=1)[0].at.strftime("%d/%m/%Y")
        assert count_audit(s, boss, search=day) == count_audit(s, boss)
        # By login, by action, by the organisation's code and by its name.
        assert count_audit(s, boss, search="BOSS") == 1
        assert count_audit(s, boss, search="MEMBERS.READ") == 13
        # The organisation: C3's read, and the tree's own creation of C3 (its code in the detail).
        assert {(r.action, r.login) for r in list_audit(s, boss, search="c3")} == {("members.read", "boss"), ("record.org_create", "system")}
        assert count_audit(s, boss, search="lý hòa hiệp") == 2
        assert count_audit(s, boss, search="thạnh bình") == 14
        # Wildcards are taken as they are typed: "_" is in the detail's keys (full_name ...),
        # the reads have no detail and no "_" anywhere.
        assert count_audit(s, boss, search="%") == 0 and count_audit(s, boss, search="_") == 7
        assert count_audit(s, boss, search="  ") == count_audit(s, boss) == 20
        # District staff search only what they may see: C3 is outside XA.
        assert count_audit(s, users["staff"], search="members.read") == 12


def test_audit_without_reads(engine, users):
    _log_with_reads(engine, users)
    boss = users["boss"]
    with read_session(engine) as s:
        # The tree's six organisations and the admission; none of the thirteen reads.
        rows = list_audit(s, boss, newest_first=True, reads=False)
        assert [r.action for r in rows] == ["record.admission"] + ["record.org_create"] * 6
        assert count_audit(s, boss, reads=False) == 7
        assert count_audit(s, boss, reads=False, search="members.read") == 0
        # The outcome, as stored or by its label: the reads are "đã xem" ("read").
        assert count_audit(s, boss, search="đã xem") == count_audit(s, boss, search="READ") == 13
        everything = list_audit(s, boss, limit=100)
        assert len(everything) == 20 and sum(r.outcome == AuditOutcome.READ for r in everything) == 13


def test_rows_written_before_the_search_text_are_found_after_the_migration(bare_engine):
    # Migration 0008 fills the folded search text of the rows already in the log, and the
    # log refuses updates again afterwards.
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from models.db import write_engine
    from models.migrate import alembic_config

    cfg = alembic_config()
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.execute(text("INSERT INTO audit_log (at, login, action, outcome, detail) VALUES "
                          "(:at, 'cu', 'record.admission', 'ok', :detail)"),
                     {"at": dt.datetime(2026, 5, 19, 8, 30), "detail": '{"after": {"full_name": "Trần Văn Đức"}}'})
    with write_engine(bare_engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with read_session(bare_engine) as s:
        assert count_audit(s, SYSTEM, search="tran van duc") == 1
        assert count_audit(s, SYSTEM, search="19/05/2026") == 1
    with pytest.raises(DBAPIError), write_engine(bare_engine).begin() as conn:
        conn.execute(text("UPDATE audit_log SET login = 'x'"))
