"""The DOCX report has the form of a Party document (Hướng dẫn 36-HD/VPTW, 2018), read from its
XML as Word and LibreOffice read it, and (when LibreOffice is installed) rendered to pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import Engine

from models.access import SYSTEM
from models.enums import OrgKind, Sex
from models.figures.data import Period
from models.report import build_report
from models.report_docx import to_docx
from models.report_layout import MAX_NAME_LINES, name_lines
from models.report_pdf import docx_to_pdf, soffice
from models.report_text import Office
from models.uow import read_session
from tests.builders import build

D = dt.date
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PERIOD = Period(2020, 2022)
LONG_NAME = "Chi bộ Trường Trung học cơ sở và Trung học phổ thông Thạnh An, xã Thạnh An, huyện Cần Giờ"
OFFICE = Office(
    superior="ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH",
    issuer="HUYỆN ỦY CẦN GIỜ",
    place="Cần Giờ",
    number_symbol="BC/HU",
    signer_position="PHÓ BÍ THƯ THƯỜNG TRỰC",
    signer_name="Nguyễn Văn Thử",
    recipients=("Ban Thường vụ Thành ủy (để báo cáo),", "Các tổ chức cơ sở đảng,", "Lưu Văn phòng Huyện ủy."),
)


def _mm(twips: str) -> float:
    return int(twips) * 25.4 / 1440


def _district(engine: Engine) -> int:
    """A district of fourteen cells, twelve of which missed their targets (so the problem list
    runs past ten), one with a very long name, and two removals (the committee's threshold for
    a pattern, rules.toml) to start the log in 2020."""
    with build(engine) as b:
        city = b.org("TP", "Đảng bộ Thành phố Thử", kind=OrgKind.CITY_COMMITTEE)
        h = b.org("HT", "Đảng bộ huyện Thử", kind=OrgKind.DISTRICT_COMMITTEE, parent=city)
        for i in range(14):
            name = LONG_NAME if i == 0 else f"Chi bộ cơ sở số {i}"
            cell = b.org(f"C{i:02d}", name, kind=OrgKind.GRASSROOTS_CELL, parent=h)
            members = b.members(cell, 5)
            for year in PERIOD.years:
                b.target(cell, year, 2)
            if i >= 12:  # two cells meet their targets
                for year in PERIOD.years:
                    b.admit(cell, D(year, 2, 3), sex=Sex.FEMALE, occasion="3/2")
                    b.admit(cell, D(year, 9, 2))
            if i == 1:
                b.remove(members[0], cell, D(2020, 6, 1))
                b.remove(members[1], cell, D(2020, 9, 1))
        return h.id


@pytest.fixture
def report_path(engine: Engine, tmp_path: Path) -> Path:
    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, PERIOD, D(2022, 12, 31))
    path = tmp_path / "bao-cao.docx"
    to_docx(report, path, "vi", OFFICE, issued=D(2023, 2, 3))
    return path


def _xml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def _text(el: etree._Element) -> str:
    return "".join(el.itertext())


def _paragraphs(el: etree._Element) -> list[str]:
    return [_text(p) for p in el.iter(f"{{{W}}}p")]


def test_a4_portrait_with_the_guides_margins_and_a_landscape_annex(report_path: Path) -> None:
    body = _xml(report_path, "word/document.xml").find("w:body", NS)
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 2  # the report, then the annex
    main, annex = sections
    size = main.find("w:pgSz", NS)
    assert (round(_mm(size.get(f"{{{W}}}w"))), round(_mm(size.get(f"{{{W}}}h")))) == (210, 297)
    assert size.get(f"{{{W}}}orient") in (None, "portrait")
    margins = main.find("w:pgMar", NS)
    side = {k: round(_mm(margins.get(f"{{{W}}}{k}")), 1) for k in ("top", "bottom", "left", "right")}  # twips
    assert 20 <= side["top"] <= 25 and 20 <= side["bottom"] <= 25
    assert 30 <= side["left"] <= 35 and 15 <= side["right"] <= 20
    asize = annex.find("w:pgSz", NS)
    assert (round(_mm(asize.get(f"{{{W}}}w"))), round(_mm(asize.get(f"{{{W}}}h")))) == (297, 210)
    assert asize.get(f"{{{W}}}orient") == "landscape"


def test_times_new_roman_13_to_14_black_for_every_script(report_path: Path) -> None:
    styles = _xml(report_path, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = default.find("w:rFonts", NS)
    assert {a: fonts.get(f"{{{W}}}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == dict.fromkeys(
        ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman")
    assert default.find("w:sz", NS).get(f"{{{W}}}val") in ("26", "27", "28")
    # No style reaches for a theme font or a theme colour (Word's blue headings).
    for el in styles.iter(f"{{{W}}}rFonts"):
        assert not any("Theme" in k or "theme" in k for k in el.attrib), el.attrib
        assert el.get(f"{{{W}}}ascii") in (None, "Times New Roman")
    for el in styles.iter(f"{{{W}}}color"):
        assert el.get(f"{{{W}}}val") == "000000" and el.get(f"{{{W}}}themeColor") is None
    doc = _xml(report_path, "word/document.xml")
    # Sizes set on runs stay within the guide (12 for the recipients, 15-16 for the head lines).
    sizes = {int(el.get(f"{{{W}}}val")) / 2 for el in doc.iter(f"{{{W}}}sz")}
    assert sizes <= {12, 13, 14, 15, 16}
    assert not list(doc.iter(f"{{{W}}}rFonts")) or all(
        el.get(f"{{{W}}}ascii") in (None, "Times New Roman") for el in doc.iter(f"{{{W}}}rFonts"))


def test_the_head_two_borderless_columns_then_the_title(report_path: Path) -> None:
    body = _xml(report_path, "word/document.xml").find("w:body", NS)
    head = body[0]
    assert head.tag == f"{{{W}}}tbl"
    borders = head.find("w:tblPr/w:tblBorders", NS)
    assert all(b.get(f"{{{W}}}val") in ("nil", "none") for b in borders)
    left, right = head.findall("w:tr/w:tc", NS)
    assert _paragraphs(left) == ["ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "HUYỆN ỦY CẦN GIỜ", "*", "Số ……-BC/HU"]
    party = right.find("w:p/w:r", NS)
    assert _text(party) == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert party.find("w:rPr/w:u", NS).get(f"{{{W}}}val") == "single"
    date_run = [r for r in right.iter(f"{{{W}}}r") if "ngày" in _text(r)][0]
    # Days below 10 and the months 1 and 2 take a leading zero.
    assert _text(date_run) == "Cần Giờ, ngày 03 tháng 02 năm 2023"
    assert date_run.find("w:rPr/w:i", NS) is not None
    after = [_text(p) for p in body[1:6] if p.tag == f"{{{W}}}p" and _text(p)]
    assert after[:2] == ["BÁO CÁO", "đề dẫn hội nghị giao ban công tác phát triển đảng viên giai đoạn 2020–2022"]
    title = next(p for p in body[1:6] if _text(p) == "BÁO CÁO")
    assert title.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    subject = next(p for p in body[1:6] if _text(p).startswith("đề dẫn"))
    assert subject.find("w:r/w:rPr/w:b", NS) is not None


def test_parts_numbered_and_every_table_captioned_with_its_unit(report_path: Path) -> None:
    import docx

    doc = docx.Document(str(report_path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    parts = [h for h in headings if re.match(r"^[IVX]+\. ", h)]
    assert [p.split(".")[0] for p in parts] == ["I", "II", "III"]
    assert "1. Kết quả kết nạp đảng viên" in headings and "a) Nguồn hiện có" in headings
    text = [p.text for p in doc.paragraphs]
    captions = [t for t in text if t.startswith("Biểu ")]
    assert [int(re.match(r"Biểu (\d+):", c).group(1)) for c in sorted(captions, key=lambda c: int(c.split()[1][:-1]))] \
        == list(range(1, len(captions) + 1))
    for c in captions:
        unit = text[text.index(c) + 1]
        assert unit.startswith("Đơn vị tính: "), c
    data_tables = [t for t in doc.tables if t.style is not None and t.style.name == "Table Grid"]
    assert len(data_tables) == len(captions) >= 4


def test_tables_repeat_their_header_align_figures_right_and_fit_the_names(report_path: Path) -> None:
    body = _xml(report_path, "word/document.xml").find("w:body", NS)
    data = [t for t in body.iter(f"{{{W}}}tbl") if t.find("w:tblPr/w:tblStyle", NS) is not None]
    assert len(data) >= 4
    for t in data:
        first = t.find("w:tr", NS)
        assert first.find("w:trPr/w:tblHeader", NS) is not None
        assert t.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
    children = next(t for t in data if _text(t.find("w:tr/w:tc", NS)) == "Tổ chức đảng")
    rows = children.findall("w:tr", NS)
    widths = [_mm(c.get(f"{{{W}}}w")) for c in children.find("w:tblGrid", NS)]
    name_row = next(r for r in rows if _text(r.find("w:tc", NS)) == LONG_NAME)
    assert name_lines(LONG_NAME, widths[0]) <= MAX_NAME_LINES
    members = name_row.findall("w:tc", NS)[1]
    assert members.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "right"
    assert name_row.find("w:tc/w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "left"
    # The children's table is too wide for a portrait page: it is in the annex, after the break.
    annex_start = [i for i, el in enumerate(body) if el.find("w:pPr/w:sectPr", NS) is not None][0]
    assert list(body).index(children) > annex_start


def test_page_numbers_centred_at_the_top_from_page_two(report_path: Path) -> None:
    body = _xml(report_path, "word/document.xml").find("w:body", NS)
    main = body.findall(".//w:sectPr", NS)[0]
    assert main.find("w:titlePg", NS) is not None
    rels = _xml(report_path, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {h.get(f"{{{W}}}type"): targets[h.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")]
            for h in main.findall("w:headerReference", NS)}
    default = _xml(report_path, f"word/{refs['default']}")
    instr = "".join(el.text for el in default.iter(f"{{{W}}}instrText"))
    assert instr.strip() == "PAGE"
    assert default.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    first = _xml(report_path, f"word/{refs['first']}")
    assert not "".join(first.itertext()).strip() and not list(first.iter(f"{{{W}}}instrText"))


def test_signature_and_recipients_from_the_settings(report_path: Path) -> None:
    body = _xml(report_path, "word/document.xml").find("w:body", NS)
    tables = body.findall("w:tbl", NS)
    sign = next(t for t in tables if "T/M BAN THƯỜNG VỤ" in _text(t))
    left, right = sign.findall("w:tr/w:tc", NS)
    signed = [p for p in _paragraphs(right) if p]
    assert signed == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Nguyễn Văn Thử"]
    assert _paragraphs(left) == ["Nơi nhận:", "- Ban Thường vụ Thành ủy (để báo cáo),", "- Các tổ chức cơ sở đảng,",
                                 "- Lưu Văn phòng Huyện ủy."]


def test_the_problem_list_stops_at_ten_and_the_rest_go_to_the_annex(report_path: Path) -> None:
    import docx

    doc = docx.Document(str(report_path))
    text = [p.text for p in doc.paragraphs]
    listed = [t for t in text if re.match(r"^\d+\. .*:$", t)]
    assert len(listed) == 10
    intro = next(t for t in text if t.startswith("Có 14 tổ chức đảng bị cảnh báo"))
    assert "4 tổ chức còn lại tại Biểu" in intro
    # The worst first: the cell that also lost two members to removal heads the list.
    assert listed[0] == "1. Chi bộ cơ sở số 1:"
    rest = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [r.cells[0].text for r in rest.rows[1:]] == ["11", "12", "13", "14"]


def test_empty_settings_leave_dotted_blanks(engine: Engine, tmp_path: Path) -> None:
    import docx

    root = _district(engine)
    with read_session(engine) as s:
        report = build_report(s, SYSTEM, root, PERIOD, D(2022, 12, 31))
    path = tmp_path / "trong.docx"
    to_docx(report, path, "vi", Office(), issued=D(2023, 11, 20))
    doc = docx.Document(str(path))
    head = [p.text for c in doc.tables[0].rows[0].cells for p in c.paragraphs if p.text]
    # The parent and the organisation's own name stand in for the issuing body.
    assert head[:4] == ["ĐẢNG BỘ THÀNH PHỐ THỬ", "ĐẢNG BỘ HUYỆN THỬ", "*", "Số ……-BC/……"]
    assert "……, ngày 20 tháng 11 năm 2023" in head
    signature = next(t for t in doc.tables if t.rows[0].cells[1].text.startswith("T/M"))
    sign = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert sign == ["T/M BAN THƯỜNG VỤ", "……", "……"]
    recipients = [p.text for p in signature.rows[0].cells[0].paragraphs]
    assert recipients == ["Nơi nhận:", "- ……,", "- Lưu văn phòng."]
    assert doc.core_properties.author == "ĐẢNG BỘ HUYỆN THỬ"


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed: the DOCX is not rendered to pages")
@pytest.mark.skipif(shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils (pdfinfo, pdftotext) is not installed")
def test_rendered_pages_portrait_then_a_landscape_annex_numbered_from_two(report_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "bao-cao.pdf"
    docx_to_pdf(report_path, pdf)
    sizes = _page_sizes(pdf)
    assert 3 <= len(sizes) <= 8
    portrait = [(w, h) for w, h in sizes if h > w]
    landscape = [(w, h) for w, h in sizes if w > h]
    assert portrait and landscape and sizes.index(landscape[0]) == len(portrait)  # the annex comes last
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in portrait)  # A4
    for page in range(1, len(sizes) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        first_line = next(line.strip() for line in text.splitlines() if line.strip())
        if page == 1:
            assert first_line.startswith("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH")
        else:
            assert first_line == str(page)
