"""The figures engine on the Cần Giờ data set, through what people use: the dashboard's store
(overview, slides, problems) and the ``report`` and ``problems`` commands. The four cases of
issue 13, each of which the code before the engine got wrong:

1. a past period's sections (pipeline, Regulation 213, far away, problem reasons) showed
   today's states;
2. the slides' trend reached back to years before the event log has data;
3. a parent's target counted both the merged communes' and their successors' targets;
4. "n of m organisations below target" counted organisations without a target in m; and the
   report compared with a previous period made of the seeded roster's admissions.

The data set is built once for the module (SQLite; the property tests cover PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures.can_gio import load
from models.db import make_engine
from models.migrate import upgrade
from tui.cli import main
from tui.data import OverviewQuery, PresentQuery, ProblemsQuery, Store
from tui.periods import Span

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _acting_as_admin(login_as):  # type: ignore[no-untyped-def]
    """The CLI runs as the data set's admin (identity comes from the system, not the environment)."""
    login_as("admin")


@pytest.fixture(scope="module")
def can_gio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a database holding the Cần Giờ data set as of :data:`TODAY`."""
    path: Path = tmp_path_factory.mktemp("can_gio") / "giaoban.sqlite"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    load(engine, TODAY)
    engine.dispose()
    yield url


def store(url: str) -> Store:
    return Store(lambda: make_engine(url), as_of=TODAY, login="admin")


def report(url: str, *args: str) -> dict:  # type: ignore[type-arg]
    out = CliRunner().invoke(main, ["--db", url, "report", *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_a_past_period_shows_the_states_at_its_end_not_today(can_gio: str) -> None:
    dash = store(can_gio)
    ov = dash.read(OverviewQuery(Span(2020, 2022), code="HCM"))
    fig = ov.figures
    assert fig.as_of == dt.date(2022, 12, 31)
    assert fig.r213.year == 2022  # the rating year of the period, not 2026
    # The pipeline against what was left of the 2022 target at its end, as the report says.
    same = report(can_gio, "--root", "HCM", "--from", "2020", "--to", "2022", "--as-of", TODAY.isoformat())
    assert same["as_of"] == "2022-12-31"
    assert fig.pipeline.valid_certificates == same["pipeline"]["valid_certificates"]
    assert fig.pipeline.remaining_target == same["pipeline"]["remaining_target"]
    assert fig.r213.comments_requested == same["r213"]["comments_requested"]
    assert fig.far_away.members_away == same["far_away"]["members_away"]
    # No reason of the period cites a later year or day.
    problems = dash.read(ProblemsQuery(ov.org.id, Span(2020, 2022)))
    reasons = [h.reason("vi") for p in problems for h in p.hits]
    assert reasons and not any("2026" in r or "2025" in r or "2024" in r or "2023" in r for r in reasons)


def test_the_trend_never_reaches_before_the_first_year_with_data(can_gio: str) -> None:
    data = store(can_gio).read(PresentQuery(Span(2022, 2022), code="CG.BK"))
    # The event log's books begin in 2020 (the roster before it holds admissions only).
    assert [y.year for y in data.trend] == [2020, 2021, 2022]
    assert data.overview.figures.previous_composition is not None  # 2021 has data
    # The report's comparison with 2017-2019 is no data, not the seeded roster's admissions.
    district = report(can_gio, "--root", "CG", "--from", "2020", "--to", "2022")
    assert district["previous"] is None
    later = report(can_gio, "--root", "CG", "--from", "2023", "--to", "2025", "--as-of", "2025-06-30")
    assert later["previous"]["from"] == 2020 and later["previous"]["admitted"] == 237


@pytest.mark.parametrize(("first", "last"), [(2025, 2025), (2023, 2025)])
def test_a_parent_target_is_what_its_rows_add_up_to_over_the_2025_merger(can_gio: str, first: int, last: int) -> None:
    city = report(can_gio, "--root", "HCM", "--from", str(first), "--to", str(last), "--as-of", TODAY.isoformat())
    assert city["target"] == sum(c["target"] or 0 for c in city["children"])
    for year in city["years"]:
        assert year["target"] is not None
    # The dashboard shows the same.
    ov = store(can_gio).read(OverviewQuery(Span(first, last), code="HCM"))
    assert ov.figures.attainment.target == city["target"] == sum(c.target or 0 for c in ov.children)


def test_below_target_counts_only_organisations_with_a_target(can_gio: str) -> None:
    out = CliRunner().invoke(main, ["--db", can_gio, "report", "--root", "CG", "--from", "2020", "--to", "2022"])
    assert out.exit_code == 0, out.output
    district = report(can_gio, "--root", "CG", "--from", "2020", "--to", "2022")
    with_target = [c for c in district["children"] if c["target"] is not None]
    behind = [c for c in with_target if c["status"] == "behind"]
    assert len(with_target) < len(district["children"])  # some have no target
    assert f"Có {len(behind)}/{len(with_target)} tổ chức đảng trực thuộc chưa đạt chỉ tiêu kết nạp" in out.stdout
