"""A second start on an unchanged database shows the figures the dashboard kept from the
first in its very first frame; after any write, another day, or with a broken file, it shows
nothing kept (the figures come from the query, as on a first start). PostgreSQL keeps none."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from models.access import SYSTEM
from models.record import admission
from models.uow import write_session
from tests.tui.conftest import AS_OF, new_app
from tests.tui.helpers import settle, table_rows
from tui import snapshot
from tui.widgets.tables import KeyedTable


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def kept_files() -> list[Path]:
    return sorted(snapshot.snapshot_dir().glob("*.json"))


async def first_run(engine: Engine, **kw: Any) -> list[list[str]]:
    """Start, wait for the figures and for them to be kept; the children's rows shown."""
    app = new_app(engine, url=url_of(engine), **kw)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        for _ in range(100):
            if kept_files() or engine.dialect.name != "sqlite":
                break
            await pilot.pause(0.05)
        await settle(pilot)
        return table_rows(pilot)


async def second_start(engine: Engine, **kw: Any) -> tuple[list[list[str]] | None, list[list[str]]]:
    """The children's rows in the first frame (None: no figures yet), then once settled."""
    app = new_app(engine, url=url_of(engine), **kw)
    first: list[Any] = []
    display = app._display  # noqa: SLF001 - the frame handed to the driver, as bench/ui.py times it

    def painted(screen: Any, update: Any) -> None:
        display(screen, update)
        if not first:
            if getattr(screen, "result", None) is None:
                first.append(None)  # (no table either: it is mounted after that frame)
                return
            table = screen.query_one(KeyedTable)
            first.append([[str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)])

    app._display = painted  # noqa: SLF001
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        return first[0], table_rows(pilot)


async def test_a_second_start_on_an_unchanged_database_shows_the_figures_in_its_first_frame(engine, tree) -> None:
    shown = await first_run(engine)
    assert any("Bình Khánh" in row[0] for row in shown)
    at_first_frame, settled = await second_start(engine)
    if engine.dialect.name != "sqlite":
        assert kept_files() == [] and at_first_frame is None  # PostgreSQL: nothing kept
    else:
        assert len(kept_files()) == 1
        assert at_first_frame == shown  # the kept figures, in the first frame
    assert settled == shown  # the query's own answer replaces them: the same figures


async def test_after_a_write_between_runs_no_kept_figures_are_shown(engine, tree) -> None:
    before = await first_run(engine)
    with write_session(engine) as s:
        admission(s, SYSTEM, org="X1-A", date=dt.date(2022, 11, 7), ethnicity="Kinh", full_name="Lê Văn Tư", sex="male",
                  birth_date=dt.date(1990, 4, 1))
    at_first_frame, settled = await second_start(engine)
    assert at_first_frame is None  # loading, as on a first start: never the figures before the write
    x1_before, x1_now = (next(row for row in rows if "Bình Khánh" in row[0]) for rows in (before, settled))
    assert x1_now != x1_before  # the commune's admissions went up by one


async def test_another_day_or_another_period_shows_no_kept_figures(engine, tree) -> None:
    await first_run(engine)
    at_first_frame, _ = await second_start(engine, as_of=AS_OF + dt.timedelta(days=1))
    assert at_first_frame is None
    from tui.periods import Span

    at_first_frame, _ = await second_start(engine, span=Span.year(2023))
    assert at_first_frame is None


async def test_a_broken_snapshot_file_is_ignored_with_a_warning(engine, tree, caplog) -> None:
    shown = await first_run(engine)
    if engine.dialect.name != "sqlite":
        return
    (path,) = kept_files()
    for broken in (path.read_bytes()[:40], b"not JSON at all", b"\x80\x04\x95" + b"\xff" * 30):
        path.write_bytes(broken)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="tui.snapshot"):
            at_first_frame, settled = await second_start(engine)
        assert at_first_frame is None and settled == shown  # ignored; the dashboard works as always
        assert any("ignored" in r.getMessage() for r in caplog.records)


class _Payload:
    """What a hostile snapshot would hold: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        import os

        return (os.system, (f"touch {self.marker}",))


async def test_a_planted_pickle_runs_nothing_and_the_dashboard_starts(engine, tree, caplog, tmp_path) -> None:
    """Finding 8: a pickle planted in the snapshot directory, under the old name or the new,
    is never unpickled."""
    import pickle

    shown = await first_run(engine)
    if engine.dialect.name != "sqlite":
        return
    (path,) = kept_files()
    marker = tmp_path / "ran"
    evil = pickle.dumps({"format": 1, "overview": _Payload(marker)})
    path.write_bytes(evil)
    path.with_suffix(".pickle").write_bytes(evil)
    with caplog.at_level(logging.WARNING, logger="tui.snapshot"):
        at_first_frame, settled = await second_start(engine)
    assert at_first_frame is None and settled == shown
    assert not marker.exists()
    assert any("ignored" in r.getMessage() for r in caplog.records)


async def test_a_snapshot_of_the_wrong_shape_is_ignored(engine, tree, caplog) -> None:
    """Right envelope (key, stamp, day, code), wrong contents: checked field by field into the
    dataclasses, refused, and the dashboard starts as without a file."""
    import json

    shown = await first_run(engine)
    if engine.dialect.name != "sqlite":
        return
    (path,) = kept_files()
    good = json.loads(path.read_text(encoding="utf-8"))
    wrong = []
    for change in (
        lambda o: o["children"][0].__setitem__("members", "rất nhiều"),
        lambda o: o["org"].__setitem__("kind", "i18n.os.system"),
        lambda o: o.__setitem__("__class__", "os.system"),
        lambda o: o["figures"].__setitem__("as_of", [2023, 3, 31]),
        lambda o: o.pop("path"),
    ):
        kept = json.loads(json.dumps(good))
        change(kept["overview"])
        wrong.append(json.dumps(kept))
    for text in wrong:
        path.write_text(text, encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="tui.snapshot"):
            at_first_frame, settled = await second_start(engine)
        assert at_first_frame is None and settled == shown
        assert any("ignored" in r.getMessage() for r in caplog.records)


def test_no_password_in_the_kept_file_nor_its_name(tmp_path: Path) -> None:
    from models.enums import OrgKind
    from models.org_info import OrgInfo

    org = OrgInfo(1, "H", "Huyện ủy", OrgKind.DISTRICT_COMMITTEE, None, dt.date(2000, 1, 1), None, None)
    for url in ("postgresql://bob:s3cr3t-pw@db.example/giaoban", "postgresql://bob@db.example/giaoban?password=s3cr3t-pw",
                "sqlite:////tmp/x.sqlite?password=s3cr3t-pw"):
        key = snapshot.SnapshotKey(url, "bob", None, None, (2023, 2023))
        snapshot.save(key, (1, "2023-03-31 10:00:00.000000"), AS_OF, {"org": org})
        for path in snapshot.snapshot_dir().iterdir():
            assert "s3cr3t" not in path.name and b"s3cr3t" not in path.read_bytes()
        # Only the password is left out: the same database with another password is the same key.
        assert key.digest() == snapshot.SnapshotKey(url.replace("s3cr3t-pw", "other"), "bob", None, None, (2023, 2023)).digest()
