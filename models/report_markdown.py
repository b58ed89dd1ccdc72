"""The report as Markdown, for those who paste it elsewhere: the same document as the DOCX
(:func:`models.report_text.report_document`), with the same head, numbering, captions, units,
signature and annex."""

from __future__ import annotations

import datetime as dt

from models.report import Report
from models.report_text import (
    Document,
    Heading,
    Items,
    Office,
    Para,
    Table,
    report_document,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(t: Table, lang: str) -> list[str]:
    lines = [f"**{t.caption(lang)}**", "", f"*{t.unit_line(lang)}*", ""]
    lines.append("| " + " | ".join(_cell(h) for h in t.headers) + " |")
    lines.append("|" + "|".join("---:" if n else "---" for n in t.numeric) + "|")
    for i, row in enumerate(t.rows):
        cells = [_cell(c) for c in row]
        if t.total_row and i == len(t.rows) - 1:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _blocks(blocks: tuple, lang: str) -> list[str]:  # type: ignore[type-arg]
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            lines.append(f"{'#' * (b.level + 1)} {b.full}")
        elif isinstance(b, Para):
            lines.append(b.text)
        elif isinstance(b, Items):
            lines.extend(f"- {item}" for item in b.items)
        else:
            lines.extend(_table(b, lang))
        lines.append("")
    return lines


def document_markdown(doc: Document) -> str:
    h, lang = doc.head, doc.lang
    # The two columns of the head, one after the other; a line break is two trailing spaces.
    lines = [
        f"{h.superior}  ", f"**{h.issuer}**  ", f"\\{h.star}  ", h.number, "",
        f"**<u>{h.party}</u>**  ", f"*{h.place_date}*", "",
        f"# {h.kind}", "", f"**{h.subject}**", "",
    ]
    lines.extend(_blocks(doc.body, lang))
    s = doc.signature
    lines.extend([f"**{s.on_behalf}**  ", f"**{s.position}**  ", "", f"**{s.name}**", ""])
    lines.extend([f"**<u>{doc.recipients_title}</u>**", *(f"{r}  " for r in doc.recipients), ""])
    if doc.annex:
        lines.extend(["---", "", f"# {doc.annex_title}", "", f"*{doc.annex_of}*", ""])
        lines.extend(_blocks(doc.annex, lang))
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(report: Report, lang: str | None = None, office: Office | None = None,
                issued: dt.date | None = None, number_text: str | None = None) -> str:
    return document_markdown(report_document(report, office, issued, lang, number_text))
