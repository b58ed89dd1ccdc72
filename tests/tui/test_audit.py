"""The audit screen over a log longer than a page: ``/`` searches the whole log in the
database, ``w`` hides and shows the reads of personal details. The real app, driven with keys,
on SQLite and (with GIAOBAN_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from models.enums import AuditOutcome
from models.schema import AuditEntry
from tests.builders import build
from tests.tui.conftest import Tree
from tests.tui.helpers import screen_text, settle, table_rows
from tui.screens.audit import AuditEntryScreen, AuditScreen

START = dt.datetime(2023, 3, 1, 8, 0)


@pytest.fixture
def log(engine: Engine, tree: Tree) -> Tree:
    """Oldest first: the admission of Đặng Thị Hoa at the cell X1-A, then 240 reads of the
    cell's members by chair, each followed every 40 by a refused admission: the admission is
    on the second page of 200, newest first."""
    rows = [("sec", "record.admission", AuditOutcome.OK, {"after": {"full_name": "Đặng Thị Hoa", "kind": "admission"}})]
    for i in range(240):
        rows.append(("chair", "members.read", AuditOutcome.READ, None))
        if i % 40 == 39:
            rows.append(("sec", "record.admission", AuditOutcome.REFUSED, {"message": "Quá tuổi", "rule": "record.age_out_of_range"}))
    with build(engine) as b:
        for i, (login, action, outcome, detail) in enumerate(rows):
            b.s.add(AuditEntry(at=START + dt.timedelta(minutes=i), login=login, action=action, outcome=outcome,
                               target_table="organisations", target_id=tree.cell, org_id=tree.cell, detail=detail))
    return tree


def page_line(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one("#page").render())


async def open_audit(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AuditScreen)


async def test_slash_searches_the_whole_log(engine, log, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_audit(pilot)
        rows = table_rows(pilot)
        assert len(rows) == 200 and "record.admission" not in [r[2] for r in rows if "đã ghi" in r[3]]
        assert "Mục 1–200 trong 247, mới nhất trước · tất cả, kể cả lượt xem" in page_line(pilot)
        # The admission is on the older page, yet the search finds it, typed without capitals.
        await pilot.press("slash", *"đặng", "space", *"thị", "enter")
        await settle(pilot)
        rows = table_rows(pilot)
        assert [(r[1], r[2], r[3]) for r in rows] == [("sec", "record.admission", "✓ đã ghi")]
        assert "Mục 1–1 trong 1" in page_line(pilot) and "khớp “đặng thị”" in page_line(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditEntryScreen) and "Đặng Thị Hoa" in screen_text(pilot)
        await pilot.press("escape")
        # By the organisation's name: everything is at the cell, over two pages.
        await pilot.press("slash", *(["backspace"] * 9), *"bình", "space", *"an", "enter")
        await settle(pilot)
        assert len(table_rows(pilot)) == 200 and "trong 247" in page_line(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        # Each read of the log is itself logged, with what was searched: the search for
        # "bình an" is now one more entry that matches it.
        assert len(table_rows(pilot)) == 48 and "Mục 201–248 trong 248" in page_line(pilot)
        # Nothing matches: said so, no table rows.
        await pilot.press("slash", *"zzz", "enter")
        await settle(pilot)
        assert table_rows(pilot) == [] and "Không có mục nào" in page_line(pilot)
        # Esc clears the line: the whole log again, from the first page, newest first: the reads
        # of the log so far (the opening, the searches, the second page) on top.
        await pilot.press("slash", "escape")
        await settle(pilot)
        line = page_line(pilot)
        assert line.startswith("Mục 1–200 trong ") and "khớp" not in line
        reads = int(line.split("trong ")[1].split(",")[0]) - 247
        assert reads >= 5
        assert [r[2] for r in table_rows(pilot)[: reads + 1]] == ["audit.read"] * reads + ["record.admission"]


async def test_search_waits_for_the_typing_to_stop(engine, log, make_app):
    app = make_app(login="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_audit(pilot)
        await pilot.press("slash", *"từ", "space", *"chối")
        # No Enter: the search runs a moment after the last key, on what the line holds then
        # (a machine slow enough to pause between two keys may run one on "từ" before it).
        for _ in range(50):
            await pilot.pause(0.1)
            await settle(pilot)
            if "khớp “từ chối”" in page_line(pilot):
                break
        assert "khớp “từ chối”" in page_line(pilot) and "trong 6" in page_line(pilot)
        assert {r[3] for r in table_rows(pilot)} == {"✗ từ chối"}


async def test_w_hides_and_shows_the_reads(engine, log, make_app):
    app = make_app(login="chair", lang="en")
    async with app.run_test(size=(120, 36)) as pilot:
        await open_audit(pilot)
        assert "everything, reads included" in page_line(pilot)
        assert "w Hide/show reads" in screen_text(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert "Entries 1–7 of 7, newest first · writes and refusals only, no reads" in page_line(pilot)
        assert [r[3] for r in table_rows(pilot)] == ["✗ refused"] * 6 + ["✓ written"]
        # With a search: both narrow the log.
        await pilot.press("slash", *"hoa", "enter")
        await settle(pilot)
        assert [r[2] for r in table_rows(pilot)] == ["record.admission"] and "of 1" in page_line(pilot)
        await pilot.press("w")
        await settle(pilot)
        # With the reads: the admission, and the search for "hoa" itself (reads of the log are logged).
        assert "everything, reads included" in page_line(pilot)
        assert [r[2] for r in table_rows(pilot)] == ["audit.read", "record.admission"]
        await pilot.press("slash", "escape", "w")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert "Entries 1–200 of" in page_line(pilot) and "writes and refusals" not in page_line(pilot)
