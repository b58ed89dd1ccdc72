"""The rules as they stood on each day: versions with validity intervals, chosen by date, and
the working-day calendar their deadlines are counted on."""

from __future__ import annotations

import datetime as dt
import itertools
import tomllib

import pytest

from models.rules import (
    DEFAULT_RULES,
    RulesFileError,
    default_rules,
    parse_rules,
    problem_basis,
)
from models.workdays import (
    add_working_days,
    is_working_day,
    latest_start_overdue,
    working_days_between,
)

D = dt.date
RULES = default_rules()

# The day each regulation on implementing the Charter took effect, and the day before.
SWITCHES = [
    (D(2021, 7, 29), "Quy định 29-QĐ/TW (2016)", D(2021, 7, 30), "Quy định 24-QĐ/TW (2021)"),
    (D(2025, 1, 19), "Quy định 24-QĐ/TW (2021)", D(2025, 1, 20), "Quy định 232-QĐ/TW (2025)"),
    (D(2025, 6, 30), "Quy định 232-QĐ/TW (2025)", D(2025, 7, 1), "Quy định 294-QĐ/TW (2025)"),
]
DATED_CITATIONS = [
    "admission.age_regulation", "admission.ceremony_regulation", "probation.recognition_regulation",
    "readmission.regulation", "removal.regulation", "transfer.regulation", "exemption.far_away_regulation",
    "removal_warning.regulation",
]


@pytest.mark.parametrize("key", DATED_CITATIONS)
@pytest.mark.parametrize(("before", "old", "after", "new"), SWITCHES)
def test_each_citation_changes_on_the_day_the_regulation_took_effect(key, before, old, after, new):
    assert old in RULES.citation(key, before) and new not in RULES.citation(key, before)
    assert new in RULES.citation(key, after) and old not in RULES.citation(key, after)


def test_the_guide_of_2021_is_cited_from_its_own_date():
    assert "Hướng dẫn 01-HD/TW (2016)" in RULES.citation("admission.decision_regulation", D(2021, 9, 27))
    assert "Hướng dẫn 01-HD/TW (2021)" in RULES.citation("admission.decision_regulation", D(2021, 9, 28))
    assert "Hướng dẫn 01-HD/TW (2021)" in RULES.citation("awareness_class.regulation", D(2025, 6, 30))


def test_regulation_213_citations():
    day = D(2023, 3, 31)
    assert RULES.citation("regulation_213.comment_request_regulation", day).endswith("Điều 3, khoản 4")
    assert RULES.citation("regulation_213.residence_duties_regulation", day).endswith("Điều 4")
    assert "Hướng dẫn 33-HD/BTCTW (2020)" in RULES.citation("regulation_213.exemptions_regulation", day)


def test_every_section_is_covered_without_gap_or_overlap_from_its_start():
    for name, versions in RULES.versions.items():
        assert versions[-1].valid_to is None, name
        assert versions[0].valid_from in (D(2016, 7, 25), D(2020, 1, 2)), name  # 29-QĐ/TW; 213-QĐ/TW
        for a, b in itertools.pairwise(versions):
            assert b.valid_from == a.valid_to + dt.timedelta(days=1), name
        day = versions[0].valid_from
        while day < D(2027, 1, 1):
            assert sum(v.covers(day) for v in versions) == 1, (name, day)
            day += dt.timedelta(days=17)


def test_parameters_by_key_and_date():
    assert RULES.param("admission.max_age_years", D(2020, 1, 1)) == 60
    assert RULES.param("transfer.residence_or_work_below_months", D(2026, 1, 1)) == 12
    assert RULES.interval("admission", D(2025, 3, 1)) == (D(2025, 1, 20), D(2025, 6, 30))
    with pytest.raises(KeyError):
        RULES.param("admission.nothing", D(2020, 1, 1))
    with pytest.raises(KeyError):
        RULES.citation("admission.max_age_years", D(2020, 1, 1))


def _data():
    return tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))


def test_a_gap_between_versions_is_refused_when_the_file_is_read():
    data = _data()
    data["removal"][1]["valid_from"] = D(2021, 8, 1)
    with pytest.raises(RulesFileError, match="removal"):
        parse_rules(data)


def test_a_version_that_lacks_a_parameter_is_refused():
    data = _data()
    del data["organisation"][0]["min_official_members"]
    with pytest.raises(RulesFileError, match="min_official_members"):
        parse_rules(data)


def test_a_new_version_in_a_users_file_applies_from_its_day():
    data = _data()
    data["admission"][-1]["valid_to"] = D(2026, 12, 31)
    data["admission"].append({"valid_from": D(2027, 1, 1), "max_age_years": 62, "age_regulation": "Quy định 1-QĐ/TW (2027)"})
    rules = parse_rules(data)
    assert rules.on(D(2026, 12, 31)).admission.max_age_years == 60
    assert rules.on(D(2027, 1, 1)).admission.max_age_years == 62
    assert rules.citation("admission.age_regulation", D(2027, 1, 1)) == "Quy định 1-QĐ/TW (2027)"


def test_local_thresholds_are_labelled_as_the_committees_own():
    day = D(2022, 12, 31)
    far = problem_basis(RULES, RULES.problems["far_away_no_contact"], day, "vi")
    assert far.startswith("Điều lệ Đảng, Điều 7; Quy định 24-QĐ/TW (2021)") and far.endswith("ngưỡng do cấp ủy tự đặt")
    assert problem_basis(RULES, RULES.problems["below_target"], day, "en") == "the committee's own threshold"
    assert "ngưỡng" not in problem_basis(RULES, RULES.problems["too_few_official"], day, "vi")


# --- the working-day calendar ----------------------------------------------------------------
def test_tet_and_national_holidays_are_not_working_days():
    for day in (D(2023, 1, 20), D(2023, 1, 23), D(2023, 1, 26), D(2025, 1, 29), D(2026, 2, 17), D(2025, 9, 2), D(2023, 5, 1)):
        assert not is_working_day(day), day
    assert is_working_day(D(2023, 1, 27)) and not is_working_day(D(2023, 1, 28))  # a Friday after Tết; a Saturday


def test_the_calendar_loaded_alone_is_the_holidays_packages_own_for_vietnam():
    """models.workdays loads Vietnam's calendar without the package's 250 countries (issue 19:
    a dashboard's first figures count working days); it must be the very calendar
    ``holidays.country_holidays("VN")`` gives, checked in a fresh interpreter."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from models.workdays import is_working_day\n"
        "assert not is_working_day(dt.date(2026, 2, 17))\n"
        "assert 'holidays.countries' not in sys.modules, 'all countries loaded'\n"
        "from models.workdays import _vietnam\n"
        "mine = {y: sorted(_vietnam()(years=y).items()) for y in range(2000, 2036)}\n"
        "import holidays\n"
        "theirs = {y: sorted(holidays.country_holidays('VN', years=y).items()) for y in range(2000, 2036)}\n"
        "assert mine == theirs\n"
        "import holidays.countries\n"  # all countries, later: they find Vietnam's loaded
        "assert holidays.countries.Vietnam is _vietnam()\n"
        "print('same')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "same"


def test_working_days_count_across_tet():
    # 19/1/2023 (Thursday) + 3 working days: Tết 20-26 January, then 27, 30, 31.
    assert add_working_days(D(2023, 1, 19), 3) == D(2023, 1, 31)
    assert working_days_between(D(2023, 1, 19), D(2023, 1, 31)) == 3
    assert working_days_between(D(2023, 1, 31), D(2023, 1, 19)) == 0


def test_latest_start_overdue_is_the_boundary():
    end = latest_start_overdue(D(2023, 3, 31), 30)
    assert working_days_between(end, D(2023, 3, 31)) == 31
    assert working_days_between(end + dt.timedelta(days=1), D(2023, 3, 31)) == 30
