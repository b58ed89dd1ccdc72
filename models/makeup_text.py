"""The members' make-up in words (issue 18): the lines the statistics screen and the report's
text show for one :class:`models.figures.makeup.Makeup`, in the office's way of writing a
figure with its share («nữ 121 (51,05%)»). One definition, so the screen and the report say
the same."""

from __future__ import annotations

from enum import StrEnum

from models import i18n
from models.enums import EducationLevel, Ownership, ProfessionalLevel, Religion, TheoryLevel
from models.figures.service import AGE_BANDS, NOT_RECORDED, Makeup
from models.numbers import number, share

i18n.register(
    {
        "makeup.members": (
            "Cơ cấu đảng viên ngày {day}: {members} đảng viên; nữ {women}; dân tộc thiểu số {minorities}; theo tôn giáo {religious}.",
            "Members' make-up on {day}: {members} members; women {women}; ethnic minorities {minorities}; religious followers {religious}.",
        ),
        "makeup.ages": ("Tuổi đời: {list}.", "Age: {list}."),
        "makeup.age.over_70": ("trên 70", "over 70"),
        "makeup.religion": ("Tôn giáo: {list}.", "Religion: {list}."),
        "makeup.education": ("Giáo dục phổ thông: {list}.", "General education: {list}."),
        "makeup.professional": ("Chuyên môn: {list}.", "Professional level: {list}."),
        "makeup.theory": ("Lý luận chính trị: {list}.", "Political theory: {list}."),
        "makeup.admitted": (
            "Kết nạp trong kỳ tại doanh nghiệp tư nhân {private}, doanh nghiệp có vốn đầu tư nước ngoài {foreign}, doanh nghiệp nhà nước {state}.",
            "Admitted in the period in private enterprises {private}, foreign-invested {foreign}, state-owned {state}.",
        ),
        "makeup.areas": (
            "Ấp, khu phố: {areas}; chưa có chi bộ: {without}; chi bộ dưới {few} đảng viên ({label}): {small}.",
            "Hamlets and neighbourhoods: {areas}; without a cell: {without}; a cell under {few} members ({label}): {small}.",
        ),
        "makeup.none": ("không", "none"),
        "makeup.local_label": ("ngưỡng do cấp ủy tự đặt", "the committee's own threshold"),
    }
)


def with_share(n: int, whole: int, lang: str) -> str:
    """«121 (51,05%)»: a count and its share of ``whole``."""
    return f"{number(n, 0, lang)} ({share(n, whole, 2, lang)})"


def _levels(m: Makeup, name: str, prefix: str, enum: type[StrEnum], lang: str) -> str:
    counts = m.levels[name]
    parts = [f"{i18n.t(f'{prefix}.{v.value}', lang)} {with_share(counts[v.value], m.members, lang)}"
             for v in enum if counts[v.value]]
    if counts[NOT_RECORDED]:
        parts.append(f"{i18n.t('makeup.not_recorded', lang)} {with_share(counts[NOT_RECORDED], m.members, lang)}")
    return ", ".join(parts) or i18n.t("makeup.none", lang)


def makeup_lines(m: Makeup, lang: str | None = None, day: str | None = None) -> list[str]:
    """The make-up of ``m`` as sentences: members, ages, each level, the period's admissions in
    enterprises, the hamlets and neighbourhoods (named when without a cell or with few members).
    ``day``: the date as the caller writes it (default ISO)."""
    lang = lang or i18n.current_language()
    total = m.members
    ages = ", ".join(
        f"{i18n.t('makeup.age.over_70', lang) if last is None else key.replace('-', '–')} {with_share(m.age_bands[key], total, lang)}"
        for key, last in AGE_BANDS
    )
    by = m.admitted_by_ownership
    none = i18n.t("makeup.none", lang)
    return [
        i18n.t("makeup.members", lang, day=day or m.day.isoformat(), members=number(total, 0, lang),
               women=with_share(m.women, total, lang), minorities=with_share(m.minorities, total, lang),
               religious=with_share(m.religious, total, lang)),
        i18n.t("makeup.ages", lang, list=ages),
        i18n.t("makeup.religion", lang, list=_levels(m, "religion", "religion", Religion, lang)),
        i18n.t("makeup.education", lang, list=_levels(m, "education", "education", EducationLevel, lang)),
        i18n.t("makeup.professional", lang, list=_levels(m, "professional", "professional", ProfessionalLevel, lang)),
        i18n.t("makeup.theory", lang, list=_levels(m, "theory", "theory", TheoryLevel, lang)),
        i18n.t("makeup.admitted", lang, private=number(by[Ownership.PRIVATE.value], 0, lang),
               foreign=number(by[Ownership.FOREIGN_INVESTED.value], 0, lang), state=number(by[Ownership.STATE.value], 0, lang)),
        i18n.t("makeup.areas", lang, areas=number(m.areas, 0, lang),
               without=", ".join(a.name for a in m.areas_without_cell) or none, few=m.few_members,
               label=i18n.t("makeup.local_label", lang),
               small=", ".join(f"{a.name} ({number(a.members, 0, lang)})" for a in m.areas_few_members) or none),
    ]


__all__ = ["makeup_lines", "with_share"]
