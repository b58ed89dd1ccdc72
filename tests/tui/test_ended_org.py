"""An organisation that ended before the chosen period: the dashboard says where its work went
(its successor, the organisations its units moved under: models.successors, through the
figures engine's overview) instead of showing figures that would all be empty."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from models.enums import OrgKind, Role, Sector
from tests.builders import build
from tests.tui.conftest import new_app
from tests.tui.helpers import screen_text, settle
from tui.periods import Span
from tui.widgets.kpis import Headline

ENDED = dt.date(2025, 7, 1)
TODAY = dt.date(2026, 11, 28)


def _split_commune(engine: Engine) -> None:
    """Commune AT ends on 01/07/2025: its successor XA takes hamlet 1, commune XB hamlet 2."""
    with build(engine) as b:
        city = b.org("HCM", "Thành ủy Thử", kind=OrgKind.CITY_COMMITTEE)
        old = b.org("AT", "Đảng bộ xã An Thới", parent=city, sector=Sector.COMMUNE, valid_to=ENDED)
        xa = b.org("XA", "Đảng bộ xã An Thới mới", parent=city, sector=Sector.COMMUNE, valid_from=ENDED)
        xb = b.org("XB", "Đảng bộ xã Bình Khánh mới", parent=city, sector=Sector.COMMUNE, valid_from=ENDED)
        h1 = b.org("AT1", "Chi bộ Ấp 1", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET)
        h2 = b.org("AT2", "Chi bộ Ấp 2", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET)
        h3 = b.org("AT3", "Chi bộ Ấp 3", kind=OrgKind.SUBORDINATE_CELL, parent=old, sector=Sector.HAMLET,
                   valid_to=ENDED, successor=h1)  # merged into hamlet 1
        b.members(h1, 3)
        b.members(h2, 3)
        b.members(h3, 3)
        b.target(old, 2024, 2)
        b.move(h1, xa, ENDED)
        b.move(h2, xb, ENDED)
        old.successor_id = xa.id
        b.user("chair", Role.ADMIN)


async def test_a_period_after_the_end_names_the_successors(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Đảng bộ xã An Thới (AT) đã kết thúc hoạt động từ ngày 01/07/2025, trước kỳ 2026" in text
        # Its own successor first, then the commune that took a hamlet.
        assert "Đảng bộ xã An Thới mới (XA), Đảng bộ xã Bình Khánh mới (XB)" in text
        assert not app.screen.query_one(Headline).display or not app.screen.query_one(Headline).region.height


async def test_a_period_before_the_end_shows_its_figures(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT", span=Span.year(2024), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert "đã kết thúc hoạt động" not in screen_text(pilot)
        assert app.screen.query_one(Headline).region.height > 0


async def test_an_ended_cell_names_the_cell_it_merged_into(engine: Engine) -> None:
    _split_commune(engine)
    app = new_app(engine, root="AT3", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        text = screen_text(pilot)
        assert "Chi bộ Ấp 3 (AT3) đã kết thúc hoạt động từ ngày 01/07/2025" in text
        assert "Công việc đã chuyển sang: Chi bộ Ấp 1 (AT1)." in " ".join(text.split())
        assert not app.screen.query_one(Headline).display


async def test_a_successor_named_with_terminal_escapes_is_shown_harmless(engine: Engine) -> None:
    """Stored names are hostile until cleaned: an OSC 52 (set the clipboard) planted in a
    successor's name reaches the banner as visible text, never as an escape sequence."""
    from sqlalchemy import text

    from models.db import write_engine
    from textual.widgets import Static

    _split_commune(engine)
    with write_engine(engine).begin() as conn:
        conn.execute(text("UPDATE organisations SET name = :n WHERE code = 'XA'"),
                     {"n": "Đảng bộ xã \x1b]52;c;aGk=\x07An Thới mới"})
    app = new_app(engine, root="AT", span=Span.year(2026), as_of=TODAY)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#ended", Static).render())
    assert "An Thới mới (XA)" in shown
    assert "\x1b" not in shown and "\x07" not in shown
