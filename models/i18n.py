"""The message catalogue of ``models``: every sentence a person reads, in Vietnamese and English.

Modules register their own messages with :func:`register`, keyed by a dotted id; :func:`t`
renders one in a language. Vietnamese is the default. The TUI keeps its own catalogue for
screen strings but renders domain messages through this one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import Any

from models.safe_text import one_line

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
ENV_LANG = "GIAOBAN_LANG"

_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: Mapping[str, tuple[str, str]]) -> None:
    """Add ``{key: (vietnamese, english)}`` to the catalogue; a key may be registered once."""
    for key, (vi, en) in messages.items():
        if key in _CATALOGUE and _CATALOGUE[key] != {"vi": vi, "en": en}:
            raise ValueError(f"message {key!r} registered twice with different text")
        _CATALOGUE[key] = {"vi": vi, "en": en}


def current_language() -> str:
    lang = os.environ.get(ENV_LANG, DEFAULT_LANGUAGE).lower()[:2]
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in."""
    entry = _CATALOGUE.get(key)
    if entry is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    lang = lang or current_language()
    text = entry[lang]
    if not params:
        return text
    # A parameter that is itself words (clauses of a reason) is said in the same language.
    params = {k: v.said_in(lang) if hasattr(v, "said_in") else v for k, v in params.items()}
    # Parameters are often stored or typed text (a name, a code): shown, never acted on by
    # the terminal that prints the message (see models.safe_text).
    params = {k: one_line(v) if isinstance(v, str) else v for k, v in params.items()}
    if lang == "vi":
        # Operations pass days as ISO strings (they also go into audit rows as such); a
        # Vietnamese reader writes and reads them day first, as the forms take them.
        params = {k: _day_first(v) for k, v in params.items()}
    return text.format(**params)


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _day_first(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and (m := _ISO_DAY.fullmatch(value)):
        return f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    return value


def has(key: str) -> bool:
    return key in _CATALOGUE


def keys() -> list[str]:
    return sorted(_CATALOGUE)


# Labels of the closed vocabularies in models.enums, keyed "<enum>.<value>".
register(
    {
        "org_kind.city_committee": ("Đảng bộ thành phố", "city committee"),
        "org_kind.district_committee": ("Đảng bộ huyện", "district committee"),
        "org_kind.commune_committee": ("Đảng bộ xã", "commune committee"),
        "org_kind.grassroots_committee": ("Đảng bộ cơ sở", "grassroots committee"),
        "org_kind.grassroots_cell": ("Chi bộ cơ sở", "grassroots cell"),
        "org_kind.sub_committee": ("Đảng bộ bộ phận", "sub-committee"),
        "org_kind.subordinate_cell": ("Chi bộ trực thuộc", "subordinate cell"),
        "org_kind.party_group": ("Tổ đảng", "party group"),
        "sector.city": ("thành phố", "city"),
        "sector.district": ("huyện", "district"),
        "sector.commune": ("xã", "commune"),
        "sector.township": ("thị trấn", "township"),
        "sector.ward": ("phường", "ward"),
        "sector.agency": ("cơ quan", "agency"),
        "sector.school": ("trường học", "school"),
        "sector.health": ("y tế", "health"),
        "sector.enterprise": ("doanh nghiệp", "enterprise"),
        "sector.military": ("quân sự", "military"),
        "sector.police": ("công an", "police"),
        "sector.border_guard": ("biên phòng", "border guard"),
        "sector.hamlet": ("ấp", "hamlet"),
        "ownership.state": ("doanh nghiệp nhà nước", "state-owned"),
        "ownership.private": ("doanh nghiệp tư nhân", "private"),
        "ownership.foreign_invested": ("doanh nghiệp có vốn đầu tư nước ngoài", "foreign-invested"),
        "religion.none": ("không", "none"),
        "religion.buddhism": ("Phật giáo", "Buddhism"),
        "religion.catholicism": ("Công giáo", "Catholicism"),
        "religion.protestantism": ("Tin Lành", "Protestantism"),
        "religion.cao_dai": ("Cao Đài", "Cao Dai"),
        "religion.hoa_hao": ("Phật giáo Hòa Hảo", "Hoa Hao Buddhism"),
        "religion.islam": ("Hồi giáo", "Islam"),
        "religion.other": ("tôn giáo khác", "another religion"),
        "education.primary": ("tiểu học", "primary"),
        "education.lower_secondary": ("trung học cơ sở", "lower secondary"),
        "education.upper_secondary": ("trung học phổ thông", "upper secondary"),
        "professional.none": ("chưa qua đào tạo", "no training"),
        "professional.elementary": ("sơ cấp", "elementary"),
        "professional.intermediate": ("trung cấp", "intermediate"),
        "professional.college": ("cao đẳng", "college"),
        "professional.university": ("đại học", "university"),
        "professional.master": ("thạc sĩ", "master's"),
        "professional.doctor": ("tiến sĩ", "doctorate"),
        "theory.none": ("chưa qua đào tạo", "no training"),
        "theory.elementary": ("sơ cấp", "elementary"),
        "theory.intermediate": ("trung cấp", "intermediate"),
        "theory.advanced": ("cao cấp", "advanced"),
        "theory.bachelor": ("cử nhân", "bachelor"),
        "area_kind.hamlet": ("ấp", "hamlet"),
        "area_kind.neighbourhood": ("khu phố", "neighbourhood"),
        "makeup.not_recorded": ("chưa cập nhật", "not recorded"),
        "sector.neighbourhood": ("khu phố", "neighbourhood"),
        "sector.mass_organisation": ("đoàn thể", "mass organisation"),
        "sector.other": ("khác", "other"),
        "sex.male": ("Nam", "male"),
        "sex.female": ("Nữ", "female"),
        "event_kind.admission": ("Kết nạp", "admission"),
        "event_kind.recognition": ("Công nhận chính thức", "official recognition"),
        "event_kind.transfer_in": ("Chuyển sinh hoạt đến", "transfer in"),
        "event_kind.transfer_out": ("Chuyển sinh hoạt đi", "transfer out"),
        "event_kind.removal": ("Xóa tên", "removal from the rolls"),
        "event_kind.leave": ("Xin ra khỏi Đảng", "leave on request"),
        "event_kind.expulsion": ("Khai trừ", "expulsion"),
        "event_kind.death": ("Từ trần", "death"),
        "event_kind.exemption_start": ("Tạm miễn sinh hoạt", "temporary exemption"),
        "event_kind.exemption_end": ("Hết tạm miễn sinh hoạt", "exemption ended"),
        "event_kind.far_away_start": ("Đi làm ăn xa", "started working far away"),
        "event_kind.far_away_end": ("Trở về từ làm ăn xa", "back from working far away"),
        "event_kind.far_away_contact": ("Báo cáo khi làm ăn xa", "reported back while away"),
        "transfer_scope.permanent": ("chính thức", "permanent"),
        "transfer_scope.temporary": ("tạm thời", "temporary"),
        "removal_ground.abandoned_activities": (
            "Bỏ sinh hoạt đảng hoặc không đóng đảng phí 3 tháng trong năm",
            "abandoned Party activities or unpaid dues for 3 months in a year",
        ),
        "removal_ground.card_returned": ("Tự trả thẻ hoặc hủy thẻ đảng viên", "returned or destroyed the card"),
        "removal_ground.no_progress": (
            "Không tiến bộ sau 12 tháng được chi bộ giáo dục",
            "no progress 12 months after the cell's education",
        ),
        "removal_ground.failed_standards": (
            "Hai năm liền vi phạm tư cách đảng viên",
            "violated member standing two years running",
        ),
        "removal_ground.political_standard": (
            "Không bảo đảm tiêu chuẩn chính trị",
            "failed the political standard",
        ),
        "removal_ground.probation_failed": (
            "Đảng viên dự bị không đủ tư cách",
            "probation failed",
        ),
        "transfer_reason.residence_or_work": ("Thay đổi nơi cư trú hoặc nơi làm việc", "change of residence or work"),
        "transfer_reason.full_time_training": ("Đi học tập trung", "full-time training"),
        "exemption_kind.elderly_or_sick": (
            "Miễn công tác và sinh hoạt đảng (tuổi cao, sức khỏe yếu)",
            "exempt from duties and activities (elderly or sick)",
        ),
        "exemption_kind.far_away": ("Tạm miễn sinh hoạt (đi làm ăn xa)", "temporary exemption (working far away)"),
        "mass_org.youth_union": ("Đoàn TNCS Hồ Chí Minh", "Ho Chi Minh Communist Youth Union"),
        "mass_org.women_union": ("Hội Liên hiệp Phụ nữ", "Women's Union"),
        "mass_org.trade_union": ("Công đoàn", "trade union"),
        "mass_org.farmers_union": ("Hội Nông dân", "Farmers' Union"),
        "mass_org.veterans_union": ("Hội Cựu chiến binh", "Veterans' Association"),
        "mass_org.fatherland_front": ("Mặt trận Tổ quốc", "Fatherland Front"),
        "candidate_source.cell": ("Chi bộ chọn", "picked by the cell"),
        "candidate_source.youth_union": ("Đoàn TNCS Hồ Chí Minh giới thiệu", "Youth Union"),
        "candidate_source.women_union": ("Hội Liên hiệp Phụ nữ giới thiệu", "Women's Union"),
        "candidate_source.trade_union": ("Công đoàn giới thiệu", "trade union"),
        "candidate_source.farmers_union": ("Hội Nông dân giới thiệu", "Farmers' Union"),
        "candidate_source.veterans_union": ("Hội Cựu chiến binh giới thiệu", "Veterans' Association"),
        "candidate_source.fatherland_front": ("Mặt trận Tổ quốc giới thiệu", "Fatherland Front"),
        "candidate_stage.identified": ("Quần chúng ưu tú", "identified"),
        "candidate_stage.class_attended": ("Đã học lớp bồi dưỡng nhận thức về Đảng", "awareness class done"),
        "candidate_stage.dossier": ("Đang hoàn thiện hồ sơ", "dossier"),
        "candidate_stage.cell_resolution": ("Chi bộ đã có nghị quyết đề nghị kết nạp", "cell resolution"),
        "candidate_stage.committee_decision": ("Đã có quyết định kết nạp", "admission decided"),
        "candidate_stage.admitted": ("Đã kết nạp", "admitted"),
        "candidate_stage.dropped": ("Không tiếp tục", "dropped"),
        "residence_event_kind.letter_sent": ("Đã gửi giấy giới thiệu", "letter sent"),
        "residence_event_kind.registered": ("Đã đăng ký nơi cư trú", "registered"),
        "residence_event_kind.exempted": ("Được miễn", "exempted"),
        "residence_event_kind.exemption_ended": ("Hết miễn", "exemption ended"),
        "residence_event_kind.comment_requested": ("Đã gửi phiếu xin ý kiến", "comments requested"),
        "residence_event_kind.comment_returned": ("Đã nhận xét", "comments returned"),
        "residence_event_kind.ended": ("Kết thúc theo dõi", "link ended"),
        "role.admin": ("Quản trị", "admin"),
        "role.district_staff": ("Chuyên viên cơ quan tham mưu cấp ủy", "committee staff"),
        "role.cell_secretary": ("Bí thư chi bộ", "cell secretary"),
        "role.viewer": ("Người xem", "viewer"),
        "audit_outcome.ok": ("đã ghi", "written"),
        "audit_outcome.refused": ("từ chối", "refused"),
        "audit_outcome.read": ("đã xem", "read"),
        "conclusion_condition.admitted_at_least": ("kết nạp ít nhất N đảng viên", "admitted at least N members"),
        "conclusion_condition.no_member_at_risk": ("không còn đảng viên có nguy cơ bị xóa tên", "no member at risk of removal"),
        "conclusion_condition.r213_comments_complete": (
            "nhận xét đảng viên theo Quy định 213 đủ", "Regulation 213 comments complete",
        ),
    }
)


def label(enum_value: Any, lang: str | None = None) -> str:
    """The label of a member of one of the enums in :mod:`models.enums`."""
    prefix = {
        "OrgKind": "org_kind",
        "Sector": "sector",
        "Sex": "sex",
        "EventKind": "event_kind",
        "TransferScope": "transfer_scope",
        "RemovalGround": "removal_ground",
        "TransferReason": "transfer_reason",
        "ExemptionKind": "exemption_kind",
        "MassOrg": "mass_org",
        "CandidateSource": "candidate_source",
        "CandidateStage": "candidate_stage",
        "ResidenceEventKind": "residence_event_kind",
        "Role": "role",
        "AuditOutcome": "audit_outcome",
        "ConclusionCondition": "conclusion_condition",
        "WarningReason": "warning_reason",
        "WarningLevel": "warning_level",
        "DisciplineKind": "discipline",  # models.discipline
        "QualityRating": "rating",  # models.ratings
        "Ownership": "ownership",
        "Religion": "religion",
        "EducationLevel": "education",
        "ProfessionalLevel": "professional",
        "TheoryLevel": "theory",
        "AreaKind": "area_kind",
    }[type(enum_value).__name__]
    return t(f"{prefix}.{enum_value.value}", lang)
