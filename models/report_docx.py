"""The report as a Word document in the form of a Party document (Hướng dẫn 36-HD/VPTW, 2018).

A4 portrait with the guide's margins, Times New Roman 13-14 in black everywhere (the styles'
fonts set for Latin, East Asian and complex scripts alike, so Vietnamese never falls back to
another font), the head as a borderless two-column table, parts numbered I., 1., a), tables
captioned "Biểu n" with their unit, figures right-aligned and the header row repeated on every
page, page numbers centred at the top from page 2, the signature and "Nơi nhận:", and the
tables too wide for a portrait page in a landscape annex (phụ lục) at the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from models.report import Report
from models.report_layout import (
    BODY_PT,
    BOTTOM_MM,
    FONT,
    HEAD_PT,
    HEADER_MM,
    LEFT_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    PARTY_PT,
    PORTRAIT_TEXT_MM,
    RIGHT_MM,
    SMALL_PT,
    TITLE_PT,
    TOP_MM,
    head_columns,
)
from models.report_text import (
    Document,
    Heading,
    Items,
    Office,
    Para,
    Table,
    report_document,
)

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr: Any, size_pt: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Times New Roman for every script, black, on a ``w:rPr`` element (a style's or the defaults')."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    color = rpr.find(qn("w:color"))
    if color is None:
        color = OxmlElement("w:color")
        rpr.append(color)
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        if color.get(qn(attr)) is not None:
            del color.attrib[qn(attr)]
    color.set(qn("w:val"), "000000")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))
    for tag, on in (("w:b", bold), ("w:i", italic)):
        if on is None:
            continue
        for t in (tag, tag + "Cs"):
            el = rpr.find(qn(t))
            if el is None:
                el = OxmlElement(t)
                rpr.append(el)
            el.set(qn("w:val"), "1" if on else "0")


def _styles(doc: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, BODY_PT)
    for style in doc.styles:
        el = style.element
        if el.get(qn("w:type")) not in ("paragraph", "character", "table"):
            continue
        rpr = el.get_or_add_rPr()
        _set_fonts(rpr)
    # Table styles' conditional parts (first row, banding...) carry fonts and colours of their own.
    for el in doc.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            el.attrib.pop(qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            el.set(qn(attr), FONT)
    for el in doc.styles.element.iter(qn("w:color")):
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            el.attrib.pop(qn(attr), None)
        el.set(qn("w:val"), "000000")
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing = 1.15
    for level, italic in ((1, False), (2, False), (3, True)):
        style = doc.styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr(), BODY_PT, bold=True, italic=italic)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(6)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.first_line_indent = Pt(28)
        style.paragraph_format.keep_with_next = True


def _page(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    w, h = (PAGE_HEIGHT_MM, PAGE_WIDTH_MM) if landscape else (PAGE_WIDTH_MM, PAGE_HEIGHT_MM)
    section.page_width, section.page_height = Mm(w), Mm(h)
    section.top_margin, section.bottom_margin = Mm(TOP_MM), Mm(BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
    section.header_distance = Mm(HEADER_MM)


def _page_number(section: Any) -> None:
    """The page number centred at the top, from page 2: a PAGE field in the header, and a
    different (empty) header for the first page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    section.first_page_header.is_linked_to_previous = False


def _para(container: Any, text: str, *, size: float | None = None, bold: bool = False, italic: bool = False,
          underline: bool = False, align: str = "justify", indent: bool = False, after: float | None = None,
          style: str | None = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = container.add_paragraph(style=style) if style else container.add_paragraph()
    p.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt(28)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size is not None:
            run.font.size = Pt(size)
    return p


def _element(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _no_cell_margins(table: Any) -> None:
    """Cells without inner left and right margins: the head's lines need the whole width."""
    margins = _element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(_element(f"w:{side}", w="0", type="dxa"))
    table._tbl.tblPr.append(margins)


def _widths(table: Any, widths_mm: tuple[float, ...]) -> None:
    """Fixed column widths, written to the grid and to every cell (Word reads one, LibreOffice
    the other)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _cell_text(cell: Any, text: str, *, size: float, bold: bool = False, italic: bool = False,
               underline: bool = False, align: str = "center", after: float = 0) -> None:
    """Fill a cell's first paragraph (or add one), with the given look."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs \
        else cell.add_paragraph()
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.first_line_indent = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        run.font.size = Pt(size)


def _head(doc: Any, d: Document) -> None:
    h = d.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _no_cell_margins(table)
    _widths(table, head_columns(
        ((h.superior, HEAD_PT, False), (h.issuer, HEAD_PT, True), (h.number, HEAD_PT, False)),
        ((h.party, PARTY_PT, True), (h.place_date, HEAD_PT, False)),
    ))
    left, right = table.rows[0].cells
    _cell_text(left, h.superior, size=HEAD_PT)
    _cell_text(left, h.issuer, size=HEAD_PT, bold=True)
    _cell_text(left, h.star, size=HEAD_PT)
    _cell_text(left, h.number, size=HEAD_PT)
    _cell_text(right, h.party, size=PARTY_PT, bold=True, underline=True, after=12)
    _cell_text(right, "", size=HEAD_PT)
    _cell_text(right, h.place_date, size=HEAD_PT, italic=True)
    _para(doc, "", after=6)
    _para(doc, h.kind, size=TITLE_PT, bold=True, align="center", after=0)
    _para(doc, h.subject, size=BODY_PT, bold=True, align="center", after=0)
    _para(doc, "-----", size=BODY_PT, align="center", after=12)


def _table(doc: Any, t: Table, lang: str) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    cap = _para(doc, t.caption(lang), bold=True, align="center", after=0)
    cap.paragraph_format.keep_with_next = True
    unit = _para(doc, t.unit_line(lang), italic=True, align="right", after=2, size=t.font_pt)
    unit.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, t.widths_mm)
    head_row = table.rows[0]
    # The header row repeats at the top of every page the table runs over.
    tr_pr = head_row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for cell, text in zip(head_row.cells, t.headers, strict=True):
        _cell_text(cell, text, size=t.font_pt, bold=True)
    last = len(t.rows) - 1
    for i, (row, values) in enumerate(zip(table.rows[1:], t.rows, strict=True)):
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
        bold = t.total_row and i == last
        for cell, text, numeric in zip(row.cells, values, t.numeric, strict=True):
            _cell_text(cell, text, size=t.font_pt, bold=bold, align="right" if numeric else "left")
    _para(doc, "", after=0)


def _signature(doc: Any, d: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (PORTRAIT_TEXT_MM / 2, PORTRAIT_TEXT_MM / 2))
    # The block moves to the next page whole rather than leave the name alone there.
    table.rows[0]._tr.get_or_add_trPr().append(_element("w:cantSplit"))
    left, right = table.rows[0].cells
    _cell_text(left, d.recipients_title, size=HEAD_PT, bold=True, italic=True, underline=True, align="left")
    for r in d.recipients:
        _cell_text(left, r, size=SMALL_PT, align="left")
    s = d.signature
    _cell_text(right, s.on_behalf, size=HEAD_PT, bold=True)
    _cell_text(right, s.position, size=HEAD_PT, bold=True)
    for _ in range(4):
        _cell_text(right, "", size=HEAD_PT)
    _cell_text(right, s.name, size=HEAD_PT, bold=True)


def _blocks(doc: Any, blocks: tuple, lang: str) -> None:  # type: ignore[type-arg]
    for b in blocks:
        if isinstance(b, Heading):
            _para(doc, b.full, style=f"Heading {b.level}", indent=True)
        elif isinstance(b, Para):
            _para(doc, b.text, indent=True)
        elif isinstance(b, Items):
            for item in b.items:
                _para(doc, f"- {item}", indent=True)
        else:
            _table(doc, b, lang)


def document_docx(d: Document, path: Path, *, force: bool = False) -> None:
    from docx import Document as new_document
    from docx.enum.section import WD_SECTION

    doc = new_document()
    _styles(doc)
    props = doc.core_properties
    props.title = f"{d.head.kind} {d.head.subject}"
    props.author = d.head.issuer
    props.language = "vi-VN" if d.lang == "vi" else "en"
    section = doc.sections[0]
    _page(section, landscape=False)
    _page_number(section)
    _head(doc, d)
    _blocks(doc, d.body, d.lang)
    _para(doc, "", after=0)
    _signature(doc, d)
    if d.annex:
        annex = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(annex, landscape=True)
        # Numbered from its first page: the annex continues the report.
        annex.different_first_page_header_footer = False
        annex.header.is_linked_to_previous = True
        _para(doc, d.annex_title, bold=True, align="center", after=0)
        _para(doc, d.annex_of, italic=True, align="center", after=12)
        _blocks(doc, d.annex, d.lang)
    from models.output_file import write_output

    # A new file, 0600, never through a link, replacing one only with force (models.output_file).
    write_output(path, doc.save, force=force)


def to_docx(report: Report, path: Path, lang: str | None = None, office: Office | None = None,
            issued: dt.date | None = None, number_text: str | None = None, *, force: bool = False) -> None:
    """Write the report as a Party document to ``path``."""
    document_docx(report_document(report, office, issued, lang, number_text), path, force=force)
