"""The page of a Party document (Hướng dẫn 36-HD/VPTW, 2018) and the tables fitted to it.

One definition of the page (A4, the margins, the fonts) for the DOCX renderer and of the test
that checks it, and the rule that decides where a table goes: in the text when its columns
fit a portrait page, else in the landscape annex (phụ lục) at the end. Column widths are fitted
from the text they hold, so that a name wraps over at most :data:`MAX_NAME_LINES` lines.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

FONT = "Times New Roman"
BODY_PT = 14  # 13-14 by the guide
TABLE_PT = 13
HEAD_PT = 14  # the issuing body, the place and date line
PARTY_PT = 15  # "ĐẢNG CỘNG SẢN VIỆT NAM"
TITLE_PT = 16  # "BÁO CÁO"
SMALL_PT = 12  # the recipients' lines
# An annex table too wide for a landscape page at TABLE_PT is set smaller, down to the last.
ANNEX_TABLE_PTS = (TABLE_PT, 12, 11)

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210.0, 297.0  # A4 portrait
TOP_MM, BOTTOM_MM = 20.0, 20.0  # 20-25 mm by the guide
LEFT_MM, RIGHT_MM = 30.0, 15.0  # 30-35 mm and 15-20 mm
HEADER_MM = 10.0  # from the page's top edge to the page number
PORTRAIT_TEXT_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM
# The annex turns the page; the binding margin stays on the left.
LANDSCAPE_TEXT_MM = PAGE_HEIGHT_MM - LEFT_MM - RIGHT_MM

MAX_NAME_LINES = 4
CELL_PADDING_MM = 2 * 1.9 + 1.2  # Word's default left and right cell margins, and a little air

_PT_MM = 25.4 / 72


# Advances in ems of Times New Roman's glyphs (its metrics, per thousand, rounded); a
# Vietnamese letter is as wide as its base letter.
_EM = {
    **dict.fromkeys("0123456789", 0.5),
    " ": 0.25, ".": 0.25, ",": 0.25, ":": 0.28, ";": 0.28, "/": 0.28, "(": 0.33, ")": 0.33, "-": 0.33,
    "–": 0.5, "—": 1.0, "%": 0.83, "*": 0.5, "…": 1.0, "›": 0.33, "|": 0.2,
    **dict.fromkeys("ijlt", 0.28), **dict.fromkeys("fr", 0.33), "m": 0.78, "s": 0.39,
    "w": 0.72, "I": 0.33, "J": 0.39, "M": 0.89, "W": 0.94, "L": 0.61, "T": 0.61, "E": 0.61, "F": 0.56,
    "P": 0.56, "S": 0.56,
}


def _char_em(c: str) -> float:
    """A Times New Roman glyph's advance in ems, near enough to size columns by."""
    known = _EM.get(c)
    if known is not None:
        return known
    base = unicodedata.normalize("NFD", c)[0]
    if base != c and base in _EM:
        return _EM[base]
    if base.isupper():
        return 0.72
    return 0.47 if base.isalpha() else 0.5


def text_mm(text: str, pt: float = TABLE_PT, bold: bool = False) -> float:
    """The width of ``text`` on one line, in millimetres."""
    return sum(_char_em(c) for c in text) * pt * _PT_MM * (1.06 if bold else 1.0)


def _longest_word_mm(text: str, bold: bool = False, pt: float = TABLE_PT) -> float:
    return max((text_mm(w, pt, bold) for w in text.split()), default=0.0)


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool],
                  width: float, name_col: int = 0, pt: float = TABLE_PT) -> tuple[tuple[float, ...], bool]:
    """Widths in mm for a table on a text column ``width`` mm wide, and whether they fit.

    A numeric column is as wide as its widest figure (figures never wrap); a text column at
    least as wide as its longest word; the column of names (``name_col``) wide enough that the
    longest wraps over at most MAX_NAME_LINES lines. What is left goes first to the columns
    (names, headers) that wrap over the most lines, so they wrap as little as the page allows.
    """
    n = len(headers)
    need: list[float] = []
    natural: list[float] = []
    for i in range(n):
        cells = [r[i] for r in rows]
        head_word = _longest_word_mm(headers[i], True, pt)
        if numeric[i]:
            w = max([head_word, *(text_mm(c, pt) for c in cells)])
            need.append(w + CELL_PADDING_MM)
            # Room for the header on one line is welcome, never needed.
            natural.append(max(w, text_mm(headers[i], pt, True)) + CELL_PADDING_MM)
            continue
        longest_word = max([head_word, *(_longest_word_mm(c, False, pt) for c in cells)])
        full = max([text_mm(headers[i], pt, True), *(text_mm(c, pt) for c in cells)])
        lines = MAX_NAME_LINES - 0.5 if i == name_col else None  # half a line for where words break
        minimum = max(longest_word, full / lines) if lines else longest_word
        need.append(minimum + CELL_PADDING_MM)
        natural.append(full + CELL_PADDING_MM)
    total = sum(need)
    fits = total <= width
    if not fits:
        scale = width / total
        return tuple(w * scale for w in need), False
    spare = width - total
    widths = list(need)
    # Widen, a millimetre at a time, the column (a name, or a header) that would still wrap over
    # the most lines, so none keeps four lines while another has room to spare.
    while spare > 1e-9:
        wrapping = [i for i in range(n) if widths[i] < natural[i] - 1e-9]
        if not wrapping:
            break
        i = max(wrapping, key=lambda j: (natural[j] / widths[j], -j))
        step = min(1.0, spare, natural[i] - widths[i])
        widths[i] += step
        spare -= step
    # Whatever is still spare widens every column alike, so the table spans the text width.
    widths = [w + spare / n for w in widths]
    return tuple(widths), True


def name_lines(text: str, width_mm: float, pt: float = TABLE_PT) -> int:
    """About how many lines ``text`` takes in a column ``width_mm`` wide (word wrap)."""
    room = width_mm - CELL_PADDING_MM
    lines, used = 1, 0.0
    for word in text.split():
        w = text_mm(word, pt)
        step = w if used == 0 else text_mm(" ", pt) + w
        if used and used + step > room:
            lines += 1
            used = w
        else:
            used += step
    return max(lines, math.ceil(used / room) if room > 0 and used > room else lines)


def head_columns(left_lines: Sequence[tuple[str, float, bool]],
                 right_lines: Sequence[tuple[str, float, bool]]) -> tuple[float, float]:
    """Widths in mm of the head's two columns (cells without inner margins), each line given as
    (text, size, bold): the issuing body on the left as wide as its longest line, so that
    "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH" stays on one line, the right column at least as wide as
    "ĐẢNG CỘNG SẢN VIỆT NAM" and the date line, the rest shared between them."""
    air = 1.0
    left_need = max(text_mm(t, pt, bold) for t, pt, bold in left_lines) + air
    right_need = max(text_mm(t, pt, bold) for t, pt, bold in right_lines) + air
    spare = max(0.0, PORTRAIT_TEXT_MM - left_need - right_need)
    left = min(left_need + spare / 2, PORTRAIT_TEXT_MM - right_need)
    return left, PORTRAIT_TEXT_MM - left
