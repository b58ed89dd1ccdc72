"""The sheet «Thống kê đảng viên» of an export: the statistical report of Party members
(:mod:`models.figures.statistics`, through :func:`models.figures.service.briefing`) for the root and each child, one row each, as the office lays it
out (start, every flow in and out, end; by status where the form asks), then the Party cards
issued in the period and awaiting at its end (:mod:`models.figures.cards`).

Output only: the figures are computed from the event log, so there is nothing to import; the
importer skips the sheet with its notice «bỏ qua, không phải trang nhập số liệu»
(``io.sheet_ignored``), and an export imported back changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models.figures.service import OfficeFigures
from models.tree import orgs_by_ids

SHEET = "Thống kê đảng viên"

#: (header, how to read the value from a MemberStatistics), in the office's order.
COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Đầu kỳ", lambda s: s.total("start")),
    ("Đầu kỳ: dự bị", lambda s: s.status("start", "probationary")),
    ("Đầu kỳ: chính thức", lambda s: s.status("start", "official")),
    ("Kết nạp", lambda s: s.total("admitted")),
    ("Công nhận chính thức", lambda s: s.recognised),
    ("Chuyển đến (chính thức): trong đảng bộ", lambda s: s.transfers.get(("in", "permanent", "within"), 0)),
    ("Chuyển đến (chính thức): từ nơi khác", lambda s: s.transfers.get(("in", "permanent", "outside"), 0)),
    ("Chuyển đi (chính thức): trong đảng bộ", lambda s: s.transfers.get(("out", "permanent", "within"), 0)),
    ("Chuyển đi (chính thức): đến nơi khác", lambda s: s.transfers.get(("out", "permanent", "outside"), 0)),
    ("Chuyển sinh hoạt tạm thời đến", lambda s: sum(s.transfers.get(("in", "temporary", a), 0) for a in ("within", "outside"))),
    ("Chuyển sinh hoạt tạm thời đi", lambda s: sum(s.transfers.get(("out", "temporary", a), 0) for a in ("within", "outside"))),
    ("Xóa tên", lambda s: s.total("removed")),
    ("Xin ra khỏi Đảng", lambda s: s.total("left")),
    ("Khai trừ", lambda s: s.total("expelled")),
    ("Từ trần", lambda s: s.total("died")),
    ("Cuối kỳ", lambda s: s.total("end")),
    ("Cuối kỳ: dự bị", lambda s: s.status("end", "probationary")),
    ("Cuối kỳ: chính thức", lambda s: s.status("end", "official")),
)
#: (header, key of the ``cards`` figures of models.figures.cards), after the statistics.
CARD_COLUMNS = (("Thẻ đảng viên: cấp trong kỳ", "issued"), ("Thẻ đảng viên: chờ cấp cuối kỳ", "awaiting"))
HEADER = ["Mã tổ chức", "Tên tổ chức", "Kỳ", "Từ ngày", "Đến ngày", *(h for h, _ in COLUMNS), *(h for h, _ in CARD_COLUMNS)]


def statistics_rows(session: Session, office: OfficeFigures) -> list[list[Any]]:
    """The sheet's rows under :data:`HEADER`: the root first, then each child (``office``:
    :attr:`models.figures.service.Part.OFFICE` of the root)."""
    stats = office.statistics
    period = office.period
    orgs = orgs_by_ids(session, stats)
    return [
        [orgs[oid].code, orgs[oid].name, period.label, period.start, period.end, *(read(s) for _, read in COLUMNS),
         *(office.cards.get(oid, {}).get(key, 0) for _, key in CARD_COLUMNS)]
        for oid, s in stats.items()
    ]


__all__ = ["COLUMNS", "HEADER", "SHEET", "statistics_rows"]
