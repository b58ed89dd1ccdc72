"""Closed vocabularies of the domain, stored as their snake_case English values.

The database carries each as a CHECK constraint. Labels for people live in
:mod:`models.i18n`; the rule parameters (ages, months, thresholds) live in
``rules.toml``, not here.
"""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    CITY_COMMITTEE = "city_committee"  # Đảng bộ thành phố / Thành ủy
    DISTRICT_COMMITTEE = "district_committee"  # Đảng bộ huyện / Huyện ủy
    COMMUNE_COMMITTEE = "commune_committee"  # Đảng bộ xã (since 2025: directly under the city)
    GRASSROOTS_COMMITTEE = "grassroots_committee"  # Đảng bộ cơ sở
    GRASSROOTS_CELL = "grassroots_cell"  # Chi bộ cơ sở
    SUB_COMMITTEE = "sub_committee"  # Đảng bộ bộ phận
    SUBORDINATE_CELL = "subordinate_cell"  # Chi bộ trực thuộc
    PARTY_GROUP = "party_group"  # Tổ đảng


#: Kinds that are cells (hold members directly and meet as a chi bộ).
CELL_KINDS = frozenset({OrgKind.GRASSROOTS_CELL, OrgKind.SUBORDINATE_CELL, OrgKind.PARTY_GROUP})
#: Kinds that are grassroots organisations (TCCSĐ).
GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL})


class Sector(StrEnum):
    CITY = "city"
    DISTRICT = "district"
    COMMUNE = "commune"
    TOWNSHIP = "township"
    WARD = "ward"
    AGENCY = "agency"
    SCHOOL = "school"
    HEALTH = "health"
    ENTERPRISE = "enterprise"
    MILITARY = "military"
    POLICE = "police"
    BORDER_GUARD = "border_guard"
    HAMLET = "hamlet"
    NEIGHBOURHOOD = "neighbourhood"
    MASS_ORGANISATION = "mass_organisation"
    OTHER = "other"


#: The order in which the office lists the organisations under a committee: the communes (and
#: their hamlets and neighbourhoods), then the agencies and public-service units, the
#: enterprises, the armed forces; each group by code. (Sectors not named: last.)
SECTOR_GROUPS: tuple[tuple[Sector, ...], ...] = (
    (Sector.CITY, Sector.DISTRICT, Sector.COMMUNE, Sector.TOWNSHIP, Sector.WARD, Sector.HAMLET, Sector.NEIGHBOURHOOD),
    (Sector.AGENCY, Sector.MASS_ORGANISATION, Sector.SCHOOL, Sector.HEALTH),
    (Sector.ENTERPRISE,),
    (Sector.MILITARY, Sector.POLICE, Sector.BORDER_GUARD),
)


def sector_group(sector: Sector | str | None) -> int:
    """The place of ``sector``'s group in :data:`SECTOR_GROUPS` (unknown sectors last)."""
    for i, group in enumerate(SECTOR_GROUPS):
        if sector in group:
            return i
    return len(SECTOR_GROUPS)


class Ownership(StrEnum):
    """Who owns an enterprise (doanh nghiệp nhà nước / tư nhân / có vốn đầu tư nước ngoài):
    admissions in private enterprises are a standing figure of the office (issue 18)."""

    STATE = "state"
    PRIVATE = "private"
    FOREIGN_INVESTED = "foreign_invested"


class Religion(StrEnum):
    """A member's religion as the personal history (lý lịch) records it; NONE is "không"."""

    NONE = "none"
    BUDDHISM = "buddhism"  # Phật giáo
    CATHOLICISM = "catholicism"  # Công giáo
    PROTESTANTISM = "protestantism"  # Tin Lành
    CAO_DAI = "cao_dai"  # Cao Đài
    HOA_HAO = "hoa_hao"  # Phật giáo Hòa Hảo
    ISLAM = "islam"  # Hồi giáo
    OTHER = "other"  # tôn giáo khác


class EducationLevel(StrEnum):
    """General education (giáo dục phổ thông) completed."""

    PRIMARY = "primary"  # tiểu học
    LOWER_SECONDARY = "lower_secondary"  # trung học cơ sở
    UPPER_SECONDARY = "upper_secondary"  # trung học phổ thông


class ProfessionalLevel(StrEnum):
    """Highest professional qualification (chuyên môn, nghiệp vụ)."""

    NONE = "none"  # chưa qua đào tạo
    ELEMENTARY = "elementary"  # sơ cấp
    INTERMEDIATE = "intermediate"  # trung cấp
    COLLEGE = "college"  # cao đẳng
    UNIVERSITY = "university"  # đại học
    MASTER = "master"  # thạc sĩ
    DOCTOR = "doctor"  # tiến sĩ


class TheoryLevel(StrEnum):
    """Political theory (lý luận chính trị)."""

    NONE = "none"  # chưa qua đào tạo
    ELEMENTARY = "elementary"  # sơ cấp
    INTERMEDIATE = "intermediate"  # trung cấp
    ADVANCED = "advanced"  # cao cấp
    BACHELOR = "bachelor"  # cử nhân


class AreaKind(StrEnum):
    """A residential area of a commune or ward: a hamlet (ấp) or a neighbourhood (khu phố)."""

    HAMLET = "hamlet"
    NEIGHBOURHOOD = "neighbourhood"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class EventKind(StrEnum):
    """What can happen to a member. Every change is one of these, dated and append-only."""

    ADMISSION = "admission"  # lễ kết nạp: the joining date is the ceremony date
    RECOGNITION = "recognition"  # công nhận đảng viên chính thức
    TRANSFER_IN = "transfer_in"  # chuyển sinh hoạt đến
    TRANSFER_OUT = "transfer_out"  # chuyển sinh hoạt đi
    REMOVAL = "removal"  # xóa tên
    LEAVE = "leave"  # xin ra khỏi Đảng
    EXPULSION = "expulsion"  # khai trừ
    DEATH = "death"  # từ trần
    EXEMPTION_START = "exemption_start"  # tạm miễn sinh hoạt
    EXEMPTION_END = "exemption_end"
    FAR_AWAY_START = "far_away_start"  # đi làm ăn xa
    FAR_AWAY_END = "far_away_end"
    FAR_AWAY_CONTACT = "far_away_contact"  # a member away reported back to the cell


#: Events that end membership.
EXIT_KINDS = frozenset({EventKind.REMOVAL, EventKind.LEAVE, EventKind.EXPULSION, EventKind.DEATH})


class TransferScope(StrEnum):
    PERMANENT = "permanent"  # chính thức: moves the member's count
    TEMPORARY = "temporary"  # tạm thời: the host cell does not count the member


class RemovalGround(StrEnum):
    """Grounds for removal from the rolls (Điều lệ Đảng Điều 8; Quy định 24-QĐ/TW)."""

    ABANDONED_ACTIVITIES = "abandoned_activities"  # bỏ sinh hoạt / không đóng đảng phí 3 tháng
    CARD_RETURNED = "card_returned"  # tự trả thẻ hoặc hủy thẻ đảng viên
    NO_PROGRESS = "no_progress"  # không tiến bộ sau 12 tháng giáo dục
    FAILED_STANDARDS = "failed_standards"  # hai năm liền vi phạm tư cách đảng viên
    POLITICAL_STANDARD = "political_standard"  # không bảo đảm tiêu chuẩn chính trị
    PROBATION_FAILED = "probation_failed"  # dự bị không đủ tư cách


class TransferReason(StrEnum):
    """Why a member transfers temporarily: the regulation allows different lengths."""

    RESIDENCE_OR_WORK = "residence_or_work"  # thay đổi nơi cư trú hoặc nơi làm việc
    FULL_TIME_TRAINING = "full_time_training"  # đi học tập trung


class ExemptionKind(StrEnum):
    """Two different things, counted apart."""

    ELDERLY_OR_SICK = "elderly_or_sick"  # Điều lệ Đảng, Điều 7: tuổi cao, sức khỏe yếu; no time limit
    FAR_AWAY = "far_away"  # đi làm ăn xa: temporary, under 12 months


class MassOrg(StrEnum):
    """Mass organisations that recommend their outstanding members."""

    YOUTH_UNION = "youth_union"  # Đoàn TNCS Hồ Chí Minh
    WOMEN_UNION = "women_union"  # Hội Liên hiệp Phụ nữ
    TRADE_UNION = "trade_union"  # Công đoàn
    FARMERS_UNION = "farmers_union"  # Hội Nông dân
    VETERANS_UNION = "veterans_union"  # Hội Cựu chiến binh
    FATHERLAND_FRONT = "fatherland_front"  # Mặt trận Tổ quốc


class CandidateSource(StrEnum):
    CELL = "cell"  # picked by the cell itself
    YOUTH_UNION = "youth_union"
    WOMEN_UNION = "women_union"
    TRADE_UNION = "trade_union"
    FARMERS_UNION = "farmers_union"
    VETERANS_UNION = "veterans_union"
    FATHERLAND_FRONT = "fatherland_front"


class CandidateStage(StrEnum):
    """The pipeline, in order. A candidate's stage is that of its latest stage event."""

    IDENTIFIED = "identified"  # quần chúng ưu tú in the cell's list, helper assigned
    CLASS_ATTENDED = "class_attended"  # lớp bồi dưỡng nhận thức về Đảng, certificate issued
    DOSSIER = "dossier"  # hồ sơ: application, history and its verification, introducers
    CELL_RESOLUTION = "cell_resolution"  # chi bộ voted (at least 2/3 of official members)
    COMMITTEE_DECISION = "committee_decision"  # superior standing board decided
    ADMITTED = "admitted"  # ceremony held: now a member
    DROPPED = "dropped"  # left the pipeline


CANDIDATE_STAGE_ORDER = tuple(CandidateStage)


class ResidenceEventKind(StrEnum):
    """Regulation 213-QĐ/TW: a working member's contact with the residence Party organisation."""

    LETTER_SENT = "letter_sent"  # giấy giới thiệu sent by the workplace committee
    REGISTERED = "registered"  # member registered with the residence cell
    EXEMPTED = "exempted"  # exempt (barracks, far away, long training, students away)
    EXEMPTION_ENDED = "exemption_ended"
    COMMENT_REQUESTED = "comment_requested"  # phiếu xin ý kiến for a year
    COMMENT_RETURNED = "comment_returned"  # nhận xét returned by the residence cell
    ENDED = "ended"  # link closed (member moved, retired, left)


class Role(StrEnum):
    ADMIN = "admin"
    DISTRICT_STAFF = "district_staff"
    CELL_SECRETARY = "cell_secretary"
    VIEWER = "viewer"


class AuditOutcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"
    READ = "read"  # a read of personal details (Decree 13/2023)


class ConclusionCondition(StrEnum):
    """A figure that tells when a briefing conclusion is done (models.conclusions)."""

    ADMITTED_AT_LEAST = "admitted_at_least"  # admitted in the organisation over years >= N
    NO_MEMBER_AT_RISK = "no_member_at_risk"  # no early warning of removal in the organisation
    R213_COMMENTS_COMPLETE = "r213_comments_complete"  # every Regulation 213 comment of a year returned


class WarningReason(StrEnum):
    """Why a member is warned of removal (Charter, Article 8, clause 2)."""

    MISSED_MEETINGS = "missed_meetings"
    UNPAID_DUES = "unpaid_dues"


class WarningLevel(StrEnum):
    WARNING = "warning"  # the committee's own early threshold
    FLAG = "flag"  # the Charter's threshold is reached
