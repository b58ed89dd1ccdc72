"""Numbers written the way the reader writes them: 3.119; 18,7; 107,73% in Vietnamese,
3,119; 18.7; 107.73% in English. One definition, used by the dashboard and the report."""

from __future__ import annotations

DASH = "–"


def number(value: float | None, digits: int = 0, lang: str = "vi") -> str:
    """``value`` with thousands grouped and ``digits`` decimals; a dash for None."""
    if value is None:
        return DASH
    text = f"{value:,.{digits}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(ratio: float | None, digits: int = 0, lang: str = "vi") -> str:
    """``ratio`` (0.5 for half) as a percentage with ``digits`` decimals; a dash for None."""
    if ratio is None:
        return DASH
    return number(ratio * 100, digits, lang) + "%"


def share(part: int, whole: int | None, digits: int = 2, lang: str = "vi") -> str:
    """``part`` as a percentage of ``whole``; a dash when ``whole`` is zero or None."""
    return percent(part / whole if whole else None, digits, lang)
