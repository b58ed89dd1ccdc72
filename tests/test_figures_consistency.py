"""The same figures everywhere: for the Cần Giờ data set, every period from 2020 to 2026 (single
years, 2020–2022 and 2023–2025) and the city, the district and each commune, the dashboard's
overview (which its sections render), the slides' data, its problems screen, ``report
--format json`` and ``problems --format json`` give the same figures; and a parent shows as
admitted the sum of its rows, and as target too wherever it has no target of its own and
existed through the period.

The data set is built once for the module (SQLite; the property tests cover PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from fixtures.can_gio import load
from models.db import make_engine
from models.enums import OrgKind
from models.figures.data import Overview, Period, Problem
from models.figures.service import tree_day_for
from models.migrate import upgrade
from models.schema import AdmissionTarget, Organisation
from models.tree import get_org
from models.uow import read_session
from tui.cli import main
from tui.data import OverviewQuery, PresentQuery, ProblemsQuery, Store
from tui.periods import Span

TODAY = dt.date(2026, 11, 28)
PERIODS = [Period.year(y) for y in range(2020, 2027)] + [Period(2020, 2022), Period(2023, 2025)]
COMMUNE_KINDS = (OrgKind.COMMUNE_COMMITTEE,)


@pytest.fixture(autouse=True)
def _acting_as_admin(login_as):  # type: ignore[no-untyped-def]
    """The CLI runs as the data set's admin (identity comes from the system, not the environment)."""
    login_as("admin")


@pytest.fixture(scope="module")
def can_gio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path: Path = tmp_path_factory.mktemp("can_gio") / "giaoban.sqlite"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    load(engine, TODAY)
    engine.dispose()
    yield url


def _codes(url: str) -> list[str]:
    """The city, the district and every commune (those merged in 2025 and those formed then)."""
    engine = make_engine(url)
    with read_session(engine) as s:
        communes = s.scalars(select(Organisation.code).where(Organisation.kind.in_(COMMUNE_KINDS)).order_by(Organisation.code))
        codes = ["HCM", "CG", *communes]
    engine.dispose()
    return codes


def _figures(ov: Overview) -> dict[str, Any]:
    """An overview's figures under the keys of ``report --format json``."""
    f, a, c = ov.figures, ov.figures.attainment, ov.figures.composition
    return {
        "as_of": f.as_of.isoformat(), "admitted": a.admitted, "target": a.target, "status": a.status.value,
        "women": c.women, "youth_union": c.youth_union, "recommended": c.recommended, "on_occasion": c.on_occasion,
        "aged_18_30": c.aged_18_30, "removed": f.removed, "left": f.left, "expelled": f.expelled, "died": f.died,
        "members": f.members,
        "previous": None if f.previous_composition is None else f.previous_composition.admitted,
        "years": [(y.year, y.members_start, y.admitted, y.transfers_in, y.removed, y.left, y.expelled, y.died,
                   y.transfers_out, y.members_end, y.target) for y in f.years],
        "pipeline": (f.pipeline.valid_certificates, f.pipeline.expiring_this_year, f.pipeline.remaining_target),
        "r213": (f.r213.year, f.r213.links, f.r213.exempt, f.r213.registered, f.r213.comments_requested,
                 f.r213.comments_returned),
        "far_away": (f.far_away.members_away, f.far_away.without_contact),
        "children": [(r.org.code, r.admitted, r.target, r.status.value, r.removed, r.left, r.members, r.candidates_ready,
                      [h.rule for h in r.problems]) for r in ov.children],
    }


def _from_report(j: dict[str, Any]) -> dict[str, Any]:
    return {
        "as_of": j["as_of"], "admitted": j["admitted"], "target": j["target"], "status": j["status"],
        **{k: j[k] for k in ("women", "youth_union", "recommended", "on_occasion", "aged_18_30", "removed", "left",
                             "expelled", "died", "members")},
        "previous": None if j["previous"] is None else j["previous"]["admitted"],
        "years": [(y["year"], y["members_start"], y["admitted"], y["transfers_in"], y["removed"], y["left"],
                   y["expelled"], y["died"], y["transfers_out"], y["members_end"], y["target"]) for y in j["years"]],
        "pipeline": (j["pipeline"]["valid_certificates"], j["pipeline"]["expiring_this_year"],
                     j["pipeline"]["remaining_target"]),
        "r213": tuple(j["r213"][k] for k in ("year", "links", "exempt", "registered", "comments_requested",
                                             "comments_returned")),
        "far_away": (j["far_away"]["members_away"], j["far_away"]["without_contact"]),
        "children": [(c["code"], c["admitted"], c["target"], c["status"], c["removed"], c["left"], c["members"],
                      c["candidates_ready"], c["problems"]) for c in j["children"]],
    }


def _problems(found: tuple[Problem, ...] | list[Problem]) -> list[tuple[str, list[str], list[str]]]:
    return [(p.org.code, [h.rule for h in p.hits], [h.reason("vi") for h in p.hits]) for p in found]


def _cli(url: str, *args: str) -> Any:
    out = CliRunner().invoke(main, ["--db", url, *args])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_every_consumer_shows_the_same_figures(can_gio: str) -> None:
    store = Store(lambda: make_engine(can_gio), as_of=TODAY, login="admin")
    engine = make_engine(can_gio)
    with read_session(engine) as s:
        orgs = {code: get_org(s, code) for code in _codes(can_gio)}
        own_targets = {(org, year) for org, year in s.execute(select(AdmissionTarget.org_id, AdmissionTarget.year))}
    engine.dispose()
    compared = 0
    for code, org in orgs.items():
        day = tree_day_for(org, TODAY)
        for period in PERIODS:
            if day < period.start:
                continue  # an organisation that ended before the period has no report of it
            span = Span(period.start_year, period.end_year)
            ov = store.read(OverviewQuery(span, code=code))
            shown = _figures(ov)
            where = (code, period.label())
            # The slides read the same overview and problems.
            slides = store.read(PresentQuery(span, code=code))
            assert _figures(slides.overview) == shown, where
            problems = store.read(ProblemsQuery(ov.org.id, span))
            assert _problems(slides.problems) == _problems(problems), where
            # The report, under the same tree.
            args = ["--root", code, "--from", str(period.start_year), "--to", str(period.end_year),
                    "--as-of", day.isoformat(), "--format", "json"]
            report = _cli(can_gio, "report", *args)
            assert _from_report(report) == shown, where
            assert [(p["code"], p["rules"], p["reasons"]) for p in report["problems"]] == [
                (c, r, t) for c, r, t in _problems(problems)], where
            if period.length == 1:
                listed = _cli(can_gio, "problems", "--root", code, "--year", str(period.start_year),
                              "--as-of", day.isoformat(), "--format", "json")
                assert [(p["code"], p["rules"], p["reasons"]) for p in listed] == [
                    (c, r, t) for c, r, t in _problems(problems)], where
            # A parent without a target of its own: its rows add up to it.
            if ov.children:
                f = ov.figures
                assert f.attainment.admitted == sum(c.admitted for c in ov.children), where
                # (A commune formed after the period shows the targets of those merged into it,
                # which are no rows of today's tree.)
                if org.valid_from <= period.start and not any((ov.org.id, y) in own_targets for y in period.years):
                    assert f.attainment.target == (
                        sum(c.target for c in ov.children if c.target is not None)
                        if any(c.target is not None for c in ov.children) else None), where
            compared += 1
    assert compared > 40  # every organisation and period that existed was compared
