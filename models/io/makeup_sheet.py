"""The sheet «Cơ cấu đảng viên» of an export: the members' make-up
(:mod:`models.figures.makeup`, through :func:`models.figures.service.briefing`) of the root and
each child at the last day of the period, one line per figure (group, item, members, share):
the make-up has more figures than a sheet may have columns.

Output only, like «Thống kê đảng viên»: the importer skips it (``io.sheet_ignored``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from models import i18n
from models.enums import EducationLevel, Ownership, ProfessionalLevel, Religion, TheoryLevel
from models.figures.service import AGE_BANDS, NOT_RECORDED, Makeup, OfficeFigures
from models.tree import orgs_by_ids

SHEET = "Cơ cấu đảng viên"

_AGE_LABELS = {"over_70": "trên 70"}


def items(m: Makeup) -> list[tuple[str, str, int, str | None]]:
    """The make-up as (group, item, members, note) lines, in the office's order; shares are of
    the members on the rolls."""
    out: list[tuple[str, str, int, str | None]] = [
        ("Đảng viên", "Tổng số", m.members, None),
        ("Đảng viên", "Nữ", m.women, None),
        ("Đảng viên", "Dân tộc thiểu số", m.minorities, None),
        ("Đảng viên", "Theo tôn giáo", m.religious, None),
    ]
    out += [("Tuổi đời", _AGE_LABELS.get(k, k.replace("-", "–")), m.age_bands[k], None) for k, _ in AGE_BANDS]
    for name, prefix, enum, title in (("religion", "religion", Religion, "Tôn giáo"),
                                      ("education", "education", EducationLevel, "Giáo dục phổ thông"),
                                      ("professional", "professional", ProfessionalLevel, "Chuyên môn"),
                                      ("theory", "theory", TheoryLevel, "Lý luận chính trị")):
        out += [(title, i18n.t(f"{prefix}.{v.value}", "vi"), m.levels[name][v.value], None) for v in enum]
        out.append((title, i18n.t("makeup.not_recorded", "vi"), m.levels[name][NOT_RECORDED], None))
    out += [("Kết nạp trong kỳ", f"trong {i18n.t(f'ownership.{w.value}', 'vi')}", m.admitted_by_ownership[w.value], None)
            for w in Ownership]
    out += [
        ("Ấp, khu phố", "Tổng số", m.areas, None),
        ("Ấp, khu phố", "Chưa có chi bộ", len(m.areas_without_cell), "; ".join(a.name for a in m.areas_without_cell) or None),
        ("Ấp, khu phố", f"Chi bộ dưới {m.few_members} đảng viên (ngưỡng do cấp ủy tự đặt)", len(m.areas_few_members),
         "; ".join(f"{a.name} ({a.members})" for a in m.areas_few_members) or None),
    ]
    return out


HEADER = ["Mã tổ chức", "Tên tổ chức", "Đến ngày", "Nhóm", "Chỉ tiêu", "Số lượng", "Tỷ lệ (%)", "Ghi chú"]


def makeup_rows(session: Session, office: OfficeFigures) -> list[list[Any]]:
    """The sheet's rows under :data:`HEADER`: the root's lines first, then each child's."""
    makeup: dict[int, Makeup] = dict(office.makeup)
    orgs = orgs_by_ids(session, makeup)
    rows: list[list[Any]] = []
    for oid, m in makeup.items():
        for group, item, n, note in items(m):
            share = m.share(n) if group in ("Đảng viên", "Tuổi đời", "Tôn giáo", "Giáo dục phổ thông", "Chuyên môn",
                                             "Lý luận chính trị") and item != "Tổng số" else None
            rows.append([orgs[oid].code, orgs[oid].name, m.day, group, item, n,
                         None if share is None else round(share * 100, 2), note])
    return rows


__all__ = ["HEADER", "SHEET", "items", "makeup_rows"]
