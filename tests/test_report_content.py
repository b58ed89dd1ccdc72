"""What the report says: comparisons only with recorded spans (the same days of last year for a
year in progress), next year's target once the year is over, the pipeline's stock apart from
its flow, Regulation 213 with the exempt inside the total, numbers written the Vietnamese way,
and the Markdown with the document's structure."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Engine

from models.access import SYSTEM
from models.comparisons import same_span_last_year, year_closing
from models.enums import CandidateStage, OrgKind, ResidenceEventKind, Sex
from models.figures.data import Period
from models.figures.service import first_data_year
from models.numbers import number, percent, share
from models.report import build_report
from models.report_markdown import to_markdown
from models.report_text import Office, headline
from models.rules import default_rules
from models.uow import read_session
from tests.builders import build

D = dt.date
#: The day the reports are made: after the days they are made as of (the engine reads the tree
#: of a day never after today, so a later day would be read as of the machine's today).
AFTER = D(2027, 1, 5)
S = CandidateStage


def _commune(engine: Engine, next_target: int | None = 5) -> int:
    """A commune recorded from 2025 (its first target), admitting on the occasions."""
    with build(engine) as b:
        x = b.org("XO", "Đảng bộ xã O", kind=OrgKind.COMMUNE_COMMITTEE)
        b.members(x, 5)
        b.target(x, 2025, 4)
        b.target(x, 2026, 4)
        if next_target is not None:
            b.target(x, 2027, next_target)
        for day in (D(2025, 2, 3), D(2025, 3, 26), D(2025, 5, 19), D(2025, 9, 2)):
            b.admit(x, day, sex=Sex.FEMALE)
        for day in (D(2026, 2, 3), D(2026, 2, 3), D(2026, 3, 26)):
            b.admit(x, day)
        return x.id


def test_a_year_in_progress_is_set_against_the_same_days_of_last_year(engine: Engine) -> None:
    xid = _commune(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 3, 26))
    # 2025 admitted four, but only two by 26 March: those are what 2026's three are set against.
    assert headline(report) == [
        "Từ đầu năm 2026 đến ngày 26/03/2026, đã kết nạp được 3 đảng viên trong tổng số 4 chỉ tiêu kết nạp,"
        " đạt 75,00% chỉ tiêu năm (còn 1 đảng viên).",
        "So với cùng kỳ năm 2025 (từ 01/01/2025 đến 26/03/2025), kết nạp 2 đảng viên, nay tăng 1 đảng viên (50,00%).",
    ]
    md = to_markdown(report)
    assert "| Nội dung | Số lượng | Tỷ lệ | Cùng kỳ năm 2025 |" in md
    assert "| Nữ | 0 | 0,00% | 2 |" in md


def test_a_past_period_is_set_against_the_period_before_only_when_recorded(engine: Engine) -> None:
    xid = _commune(engine)
    with read_session(engine) as s:
        recorded = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 31), today=AFTER)
        first = build_report(s, SYSTEM, xid, Period.year(2025), D(2025, 12, 31), today=AFTER)
    assert headline(recorded)[1] == "So với kỳ trước (2025), kết nạp 4 đảng viên, nay giảm 1 đảng viên (25,00%)."
    # 2024 is before the log: the members admitted then who are still on the rolls are not all of them.
    assert headline(first)[1] == "Chưa so sánh với kỳ trước vì dữ liệu chỉ có từ năm 2025."
    assert first.comparison is None and first.first_data_year == 2025


def test_at_the_end_of_a_year_the_next_years_target_instead_of_nothing_left(engine: Engine) -> None:
    xid = _commune(engine)
    with read_session(engine) as s:
        december = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 20), today=AFTER)  # 22/12 is still to come
        closing = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 28), today=AFTER)
    assert "Chỉ tiêu kết nạp năm 2026 còn lại 1 đảng viên." in to_markdown(december)
    text = to_markdown(closing)
    assert "Năm 2026 đã khép lại; chỉ tiêu kết nạp năm 2027 là 5 đảng viên." in text
    assert "Chỉ tiêu kết nạp năm 2026 còn lại" not in text


def test_no_next_target_registered_is_said(engine: Engine) -> None:
    xid = _commune(engine, next_target=None)
    with read_session(engine) as s:
        past = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 31), today=AFTER)
    assert "Năm 2026 đã khép lại; năm 2027 chưa đăng ký chỉ tiêu kết nạp." in to_markdown(past)


def test_the_pipelines_stock_apart_from_the_periods_flow(engine: Engine) -> None:
    with build(engine) as b:
        x = b.org("XP", "Đảng bộ xã P", kind=OrgKind.COMMUNE_COMMITTEE)
        b.members(x, 5)
        b.target(x, 2026, 2)
        b.candidate(x, (S.IDENTIFIED, D(2025, 5, 1)))  # in the pipeline since last year
        b.candidate(x, (S.IDENTIFIED, D(2026, 1, 10)), (S.CLASS_ATTENDED, D(2026, 2, 20)))
        b.candidate(x, (S.IDENTIFIED, D(2025, 3, 1)), (S.CLASS_ATTENDED, D(2025, 6, 1)), (S.ADMITTED, D(2026, 3, 26)))
        b.candidate(x, (S.IDENTIFIED, D(2025, 3, 1)), (S.DROPPED, D(2026, 4, 2)))
        xid = x.id
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 6, 30))
    md = to_markdown(report)
    stock = md.split("#### a)")[1].split("#### b)")[0]
    assert "có 2 quần chúng ưu tú trong danh sách nguồn, trong đó 1 người có giấy chứng nhận" in stock
    assert "| Quần chúng ưu tú | 1 |" in stock and "| Đã học lớp bồi dưỡng nhận thức về Đảng | 1 |" in stock
    # Those admitted or dropped are the flow, not the stock.
    assert "Đã kết nạp" not in stock and "Không tiếp tục" not in stock
    flow = md.split("#### b)")[1].split("## II.")[0]
    assert ("Từ ngày 01/01/2026 đến ngày 30/06/2026: bổ sung 1 quần chúng ưu tú vào danh sách nguồn; 1 người học lớp"
            " bồi dưỡng nhận thức về Đảng; 1 người được kết nạp; 1 người ra khỏi danh sách nguồn.") in flow


def test_regulation_213_says_the_exempt_are_inside_the_total(engine: Engine) -> None:
    K = ResidenceEventKind
    with build(engine) as b:
        home = b.org("XR", "Đảng bộ xã R", kind=OrgKind.COMMUNE_COMMITTEE)
        work = b.org("CQ", "Chi bộ Cơ quan", kind=OrgKind.GRASSROOTS_CELL)
        staff = b.members(work, 3)
        b.target(home, 2026, 1)
        b.residence_link(staff[0], work, home, D(2024, 1, 1), (K.REGISTERED, D(2024, 2, 1), None))
        b.residence_link(staff[1], work, home, D(2024, 1, 1))
        b.residence_link(staff[2], work, home, D(2024, 1, 1), (K.EXEMPTED, D(2024, 2, 1), None))
        hid = home.id
    with read_session(engine) as s:
        md = to_markdown(build_report(s, SYSTEM, hid, Period.year(2026), D(2026, 6, 30)))
    assert ("Năm 2026, có 3 đảng viên đang công tác thuộc diện thực hiện Quy định 213-QĐ/TW, trong đó 1 đồng chí"
            " được miễn và 2 đồng chí phải giữ mối liên hệ với chi bộ nơi cư trú. Trong số 2 đồng chí này: 1 đã"
            " đăng ký với chi bộ nơi cư trú;") in md


def test_markdown_keeps_the_documents_structure(engine: Engine) -> None:
    xid = _commune(engine)
    office = Office(issuer="ĐẢNG ỦY XÃ O", superior="ĐẢNG BỘ HUYỆN THỬ", place="Thử", number_symbol="BC/ĐU",
                    signer_position="BÍ THƯ", signer_name="Trần Văn Thử", recipients=("Huyện ủy (để báo cáo),",))
    with read_session(engine) as s:
        md = to_markdown(build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 31), today=AFTER), "vi", office, D(2027, 1, 5), "12")
    lines = md.splitlines()
    assert lines[:4] == ["ĐẢNG BỘ HUYỆN THỬ  ", "**ĐẢNG ỦY XÃ O**  ", "\\*  ", "Số 12-BC/ĐU"]
    assert "*Thử, ngày 05 tháng 01 năm 2027*" in lines and "# BÁO CÁO" in lines
    headings = [line for line in lines if line.startswith("#")]
    assert [h.split()[1] for h in headings if h.startswith("## ")] == ["I.", "II.", "III."]
    assert "### 1. Kết quả kết nạp đảng viên" in headings and "#### a) Nguồn hiện có" in headings
    captions = [int(m.group(1)) for m in re.finditer(r"^\*\*Biểu (\d+): ", md, re.M)]
    assert captions == list(range(1, len(captions) + 1)) and captions
    assert md.count("*Đơn vị tính: ") == len(captions)
    tail = md.split("**T/M BAN THƯỜNG VỤ**")[1]
    assert "**BÍ THƯ**" in tail and "**Trần Văn Thử**" in tail and "- Huyện ủy (để báo cáo)," in tail


def test_first_data_year_from_the_log(engine: Engine) -> None:
    with read_session(engine) as s:
        assert first_data_year(s) is None
    with build(engine) as b:
        x = b.org("X", "Chi bộ X", kind=OrgKind.GRASSROOTS_CELL)
        old = b.members(x, 2, on=D(1990, 1, 1))
    with read_session(engine) as s:
        # Admissions alone (a roster): the year of the first one (the engine's rule).
        assert first_data_year(s) == 1990
    with build(engine) as b:
        b.target(b.s.get(type(x), x.id), 2021, 1)
    with read_session(engine) as s:
        assert first_data_year(s) == 2021
    with build(engine) as b:
        b.remove(b.s.get(type(old[0]), old[0].id), b.s.get(type(x), x.id), D(2019, 5, 1))
    with read_session(engine) as s:
        assert first_data_year(s) == 2019


def test_same_days_of_last_year_and_the_closing_of_a_year() -> None:
    assert same_span_last_year(D(2026, 3, 26)) == (D(2025, 1, 1), D(2025, 3, 26))
    assert same_span_last_year(D(2024, 2, 29)) == (D(2023, 1, 1), D(2023, 2, 28))
    rules = default_rules()
    year = Period.year(2026)
    assert not year_closing(year, D(2026, 11, 30), rules)
    assert not year_closing(year, D(2026, 12, 22), rules)  # the army's day, an occasion
    assert year_closing(year, D(2026, 12, 23), rules)
    assert year_closing(Period(2020, 2022), D(2022, 12, 31), rules)


def test_numbers_the_vietnamese_way() -> None:
    assert (number(3119), number(18.7, 1), percent(237 / 220, 2)) == ("3.119", "18,7", "107,73%")
    assert (number(3119, lang="en"), number(18.7, 1, "en"), percent(237 / 220, 2, "en")) == ("3,119", "18.7", "107.73%")
    assert share(121, 237) == "51,05%" and share(1, 0) == "–" and number(None) == "–"


def test_json_carries_the_comparison_the_flow_and_next_years_target(engine: Engine) -> None:
    from models.report import to_json

    xid = _commune(engine)
    with read_session(engine) as s:
        data = to_json(build_report(s, SYSTEM, xid, Period.year(2026), D(2026, 12, 31), today=AFTER))
    assert data["first_data_year"] == 2025
    assert (data["comparison"]["from"], data["comparison"]["previous"]["admitted"], data["comparison"]["current"]["admitted"]) \
        == ("2025-01-01", 4, 3)
    assert data["next_target"] == {"year": 2027, "target": 5}
    assert data["pipeline"]["flow"]["admitted"] == 0 and data["pipeline"]["flow"]["to"] == "2026-12-31"


def test_a_year_in_progress_gives_no_verdict_on_an_even_pace(engine: Engine) -> None:
    with build(engine) as b:
        h = b.org("HV", "Huyện V", kind=OrgKind.DISTRICT_COMMITTEE)
        for code in ("A", "B"):
            cell = b.org(code, f"Chi bộ {code}", kind=OrgKind.GRASSROOTS_CELL, parent=h)
            b.members(cell, 4)
            b.target(cell, 2026, 4)
        hid = h.id
    with read_session(engine) as s:
        md = to_markdown(build_report(s, SYSTEM, hid, Period.year(2026), D(2026, 3, 1)))
    table = next(line for line in md.splitlines() if line.startswith("| Tổ chức đảng"))
    assert "Đánh giá" not in table and "Tỷ lệ đạt" in table
    assert "chưa đạt chỉ tiêu kết nạp:" not in md
