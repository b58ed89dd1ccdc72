"""The sheets of the import workbook: their names, their columns and what each column takes.

One :class:`SheetSpec` per sheet. Headers are matched after folding (case, spacing, NFD/NFC);
each column may have a few aliases that real offices use. Choice columns take the Vietnamese
label of the value (what the template's drop-down lists offer), matched without regard to
case, spacing or diacritics, and a few short forms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from models import i18n
from models.enums import (
    CandidateSource,
    CandidateStage,
    ConclusionCondition,
    EducationLevel,
    MassOrg,
    ProfessionalLevel,
    Religion,
    RemovalGround,
    ResidenceEventKind,
    Sex,
    TheoryLevel,
)
from models.io import messages as _messages  # noqa: F401  registers the catalogue
from models.io.normalise import fold_loose
from models.office_schema import DisciplineKind, QualityRating
from models import discipline as _discipline  # noqa: F401  registers the measures' labels
from models import ratings as _ratings  # noqa: F401  registers the ratings' labels


class Kind(StrEnum):
    ORG = "org"  # an organisation code
    NAME = "name"  # a person's full name
    TEXT = "text"  # free text (decision numbers, occasions)
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    INTEGER = "integer"
    MONTH = "month"  # a month (its first day)
    IDS = "ids"  # member ids, several in one cell


@dataclass(frozen=True)
class Column:
    name: str  # the header, exactly as the template writes it
    kind: Kind
    required: bool = True
    aliases: tuple[str, ...] = ()
    # For CHOICE: label -> value; the first label of each value is the canonical one.
    choices: tuple[tuple[str, Any], ...] = ()
    low: int | None = None  # INTEGER bounds
    high: int | None = None
    help_vi: str = ""  # shown on the instructions sheet and in the docs

    @property
    def choice_map(self) -> dict[str, Any]:
        return dict(self.choices)

    def canonical_labels(self) -> list[str]:
        seen: dict[Any, str] = {}
        for label, value in self.choices:
            seen.setdefault(value, label)
        return list(seen.values())

    def label_of(self, value: Any) -> str:
        for label, v in self.choices:
            if v == value:
                return label
        raise KeyError(value)


@dataclass(frozen=True)
class SheetSpec:
    key: str  # stable id in code: admission, removal, leave, target, candidate, r213
    name: str  # the sheet's name in the workbook
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    # Columns whose values identify a row: two rows with equal keys are duplicates.
    key_columns: tuple[str, ...] = ()
    # DomainError.field of the write operations -> the column to blame.
    field_columns: dict[str, str] = field(default_factory=dict)
    help_vi: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def _vi(key: str) -> str:
    return i18n.t(key, "vi")


def _enum_choices(enum: type[Enum], prefix: str, extra: dict[str, Any] | None = None) -> tuple[tuple[str, Any], ...]:
    """Vietnamese labels first (canonical), then the stored values, then short forms."""
    out: list[tuple[str, Any]] = [(_vi(f"{prefix}.{m.value}"), m) for m in enum]  # type: ignore[attr-defined]
    out += [(m.value, m) for m in enum]  # type: ignore[attr-defined]
    out += list((extra or {}).items())
    return tuple(out)


SEX = tuple([(_vi("sex.male"), Sex.MALE), (_vi("sex.female"), Sex.FEMALE), ("male", Sex.MALE), ("female", Sex.FEMALE)])
MASS_ORGS = _enum_choices(
    MassOrg,
    "mass_org",
    {
        "Đoàn Thanh niên": MassOrg.YOUTH_UNION,
        "Đoàn TNCS": MassOrg.YOUTH_UNION,
        "Đoàn": MassOrg.YOUTH_UNION,
        "Hội LHPN": MassOrg.WOMEN_UNION,
        "Hội Phụ nữ": MassOrg.WOMEN_UNION,
        "Phụ nữ": MassOrg.WOMEN_UNION,
        "Hội Nông dân Việt Nam": MassOrg.FARMERS_UNION,
        "Nông dân": MassOrg.FARMERS_UNION,
        "Hội CCB": MassOrg.VETERANS_UNION,
        "Cựu chiến binh": MassOrg.VETERANS_UNION,
        "MTTQ": MassOrg.FATHERLAND_FRONT,
        "Ủy ban MTTQ": MassOrg.FATHERLAND_FRONT,
        "Mặt trận": MassOrg.FATHERLAND_FRONT,
    },
)
GROUNDS = _enum_choices(
    RemovalGround,
    "removal_ground",
    {
        "Bỏ sinh hoạt": RemovalGround.ABANDONED_ACTIVITIES,
        "Không đóng đảng phí": RemovalGround.ABANDONED_ACTIVITIES,
        "Trả thẻ": RemovalGround.CARD_RETURNED,
        "Không tiến bộ": RemovalGround.NO_PROGRESS,
        "Không hoàn thành nhiệm vụ": RemovalGround.FAILED_STANDARDS,
        "Hai năm liền không hoàn thành nhiệm vụ": RemovalGround.FAILED_STANDARDS,
        "Vi phạm tư cách đảng viên": RemovalGround.FAILED_STANDARDS,
        "Tiêu chuẩn chính trị": RemovalGround.POLITICAL_STANDARD,
        "Dự bị không đủ tư cách": RemovalGround.PROBATION_FAILED,
    },
)
SOURCES = _enum_choices(
    CandidateSource,
    "candidate_source",
    {
        "Chi bộ": CandidateSource.CELL,
        "Đoàn TNCS Hồ Chí Minh": CandidateSource.YOUTH_UNION,
        "Đoàn Thanh niên": CandidateSource.YOUTH_UNION,
        "Hội Liên hiệp Phụ nữ": CandidateSource.WOMEN_UNION,
        "Công đoàn": CandidateSource.TRADE_UNION,
        "Hội Nông dân": CandidateSource.FARMERS_UNION,
        "Hội Cựu chiến binh": CandidateSource.VETERANS_UNION,
        "Mặt trận Tổ quốc": CandidateSource.FATHERLAND_FRONT,
    },
)
STAGES = _enum_choices(
    CandidateStage,
    "candidate_stage",
    {
        # The labels of earlier versions, still in workbooks filled from their templates.
        "Đã học lớp nhận thức về Đảng": CandidateStage.CLASS_ATTENDED,
        "Chi bộ đã biểu quyết": CandidateStage.CELL_RESOLUTION,
        "Cấp ủy cấp trên đã quyết định": CandidateStage.COMMITTEE_DECISION,
    },
)
R213_KINDS = _enum_choices(ResidenceEventKind, "residence_event_kind")

ORG = Column("Mã tổ chức", Kind.ORG, aliases=("Mã TC", "Mã tổ chức đảng", "Mã chi bộ"), help_vi="Mã của chi bộ trong giaoban (xem “giaoban orgs”).")
FULL_NAME = Column("Họ và tên", Kind.NAME, aliases=("Họ tên", "Họ và tên đảng viên"), help_vi="Họ, chữ đệm và tên, có dấu, bảng mã Unicode.")
SEX_COL = Column("Giới tính", Kind.CHOICE, choices=SEX, help_vi="Nam hoặc Nữ.")
BIRTH = Column("Ngày sinh", Kind.DATE, aliases=("Sinh ngày",), help_vi="dd/mm/yyyy, hoặc ô ngày của Excel.")
DECISION = Column("Số quyết định", Kind.TEXT, required=False, aliases=("Số QĐ", "Quyết định số"), help_vi="Số và ký hiệu quyết định, ví dụ 123-QĐ/ĐU.")

# The members' make-up (issue 18): optional everywhere; a blank cell is "not recorded yet".
RELIGIONS = _enum_choices(Religion, "religion", {"Không có": Religion.NONE, "Không tôn giáo": Religion.NONE,
                                                 "Hòa Hảo": Religion.HOA_HAO, "Tin lành": Religion.PROTESTANTISM})
EDUCATIONS = _enum_choices(EducationLevel, "education", {"THPT": EducationLevel.UPPER_SECONDARY, "12/12": EducationLevel.UPPER_SECONDARY,
                                                         "THCS": EducationLevel.LOWER_SECONDARY, "9/12": EducationLevel.LOWER_SECONDARY,
                                                         "Tiểu học": EducationLevel.PRIMARY})
PROFESSIONALS = _enum_choices(ProfessionalLevel, "professional", {"Không": ProfessionalLevel.NONE, "Thạc sỹ": ProfessionalLevel.MASTER,
                                                                  "Tiến sỹ": ProfessionalLevel.DOCTOR})
THEORIES = _enum_choices(TheoryLevel, "theory", {"Không": TheoryLevel.NONE, "Chưa qua đào tạo": TheoryLevel.NONE})
RELIGION_COL = Column("Tôn giáo", Kind.CHOICE, required=False, choices=RELIGIONS,
                      help_vi="Để trống nếu chưa cập nhật; Không, Phật giáo, Công giáo, Tin Lành, Cao Đài, Phật giáo Hòa Hảo, Hồi giáo hoặc tôn giáo khác (danh sách chọn).")
EDUCATION_COL = Column("Giáo dục phổ thông", Kind.CHOICE, required=False, choices=EDUCATIONS, aliases=("Trình độ giáo dục phổ thông", "Trình độ văn hóa"),
                       help_vi="Để trống nếu chưa cập nhật; Tiểu học, Trung học cơ sở hoặc Trung học phổ thông (nhận cả THCS, THPT, 9/12, 12/12).")
PROFESSIONAL_COL = Column("Chuyên môn", Kind.CHOICE, required=False, choices=PROFESSIONALS, aliases=("Trình độ chuyên môn", "Chuyên môn nghiệp vụ"),
                          help_vi="Để trống nếu chưa cập nhật; Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao đẳng, Đại học, Thạc sĩ hoặc Tiến sĩ.")
THEORY_COL = Column("Lý luận chính trị", Kind.CHOICE, required=False, choices=THEORIES, aliases=("Trình độ lý luận chính trị", "LLCT"),
                    help_vi="Để trống nếu chưa cập nhật; Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân.")
MAKEUP_COLUMNS = (RELIGION_COL, EDUCATION_COL, PROFESSIONAL_COL, THEORY_COL)
MAKEUP_FIELDS = {"religion": "Tôn giáo", "education_level": "Giáo dục phổ thông",
                 "professional_level": "Chuyên môn", "theory_level": "Lý luận chính trị"}

ADMISSION = SheetSpec(
    key="admission",
    name="Kết nạp",
    aliases=("Ket nap", "Kết nạp đảng viên"),
    columns=(
        ORG,
        FULL_NAME,
        SEX_COL,
        BIRTH,
        Column("Ngày kết nạp", Kind.DATE, help_vi="Ngày tổ chức lễ kết nạp (ngày vào Đảng)."),
        Column("Đoàn viên", Kind.YES_NO, choices=tuple((k, v) for k, v in (("Có", True), ("Không", False))), help_vi="Có nếu là đoàn viên Đoàn TNCS Hồ Chí Minh khi kết nạp, ngược lại Không."),
        Column("Đoàn thể giới thiệu", Kind.CHOICE, required=False, choices=MASS_ORGS, help_vi="Để trống, hoặc đoàn thể đã giới thiệu quần chúng."),
        Column("Dịp kết nạp", Kind.TEXT, required=False, help_vi="Để trống, hoặc ngày lễ, kỷ niệm mà lễ kết nạp gắn với (ví dụ “Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3)”). Để trống mà lễ rơi đúng một ngày lễ trong quy định thì giaoban tự ghi dịp đó."),
        DECISION,
        # Last, so that sheets laid out before it still read; a new person's row without it
        # is refused (the ethnicity is asked for, never assumed).
        Column("Dân tộc", Kind.TEXT, required=False, help_vi="Dân tộc của người được kết nạp, ví dụ Kinh, Hoa, Khmer (bắt buộc với người mới)."),
        # The make-up (issue 18), after it for the same reason; optional.
        *MAKEUP_COLUMNS,
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Ngày kết nạp"),
    field_columns={
        "org": "Mã tổ chức",
        "date": "Ngày kết nạp",
        "full_name": "Họ và tên",
        "member": "Họ và tên",
        "sex": "Giới tính",
        "birth_date": "Ngày sinh",
        "recommended_by": "Đoàn thể giới thiệu",
        "occasion": "Dịp kết nạp",
        "decision_no": "Số quyết định",
        "youth_union": "Đoàn viên",
        "ethnicity": "Dân tộc",
        **MAKEUP_FIELDS,
    },
    help_vi="Mỗi dòng một người được kết nạp.",
)

TRANSFER_IN = SheetSpec(
    key="transfer_in",
    name="Chuyển đến",
    aliases=("Chuyen den", "Chuyển sinh hoạt đến", "Chuyển đến từ nơi khác"),
    columns=(
        ORG,
        FULL_NAME,
        SEX_COL,
        BIRTH,
        Column("Ngày chuyển đến", Kind.DATE, aliases=("Ngày chuyển sinh hoạt đến",), help_vi="Ngày đảng viên chuyển sinh hoạt chính thức đến chi bộ."),
        Column("Chuyển đến từ", Kind.TEXT, aliases=("Nơi chuyển đến", "Nơi đi"), help_vi="Tổ chức đảng nơi đi, ngoài cơ sở dữ liệu (ví dụ “Đảng bộ phường 1, quận 3”)."),
        DECISION,
        Column("Dân tộc", Kind.TEXT, help_vi="Dân tộc của đảng viên, ví dụ Kinh, Hoa, Khmer."),
        Column("Ngày bắt đầu dự bị", Kind.DATE, required=False, aliases=("Ngày kết nạp ở nơi đi",), help_vi="Để trống nếu là đảng viên chính thức. Đảng viên dự bị: ngày lễ kết nạp ở nơi đi; chưa quá 12 tháng trước ngày chuyển đến."),
        Column("Quyết định kết nạp", Kind.TEXT, required=False, aliases=("Số quyết định kết nạp",), help_vi="Đảng viên dự bị: số quyết định kết nạp và cơ quan ban hành (ví dụ “125-QĐ/QU, Quận ủy quận 3”)."),
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Ngày chuyển đến"),
    field_columns={
        "org": "Mã tổ chức",
        "date": "Ngày chuyển đến",
        "full_name": "Họ và tên",
        "member": "Họ và tên",
        "sex": "Giới tính",
        "birth_date": "Ngày sinh",
        "from": "Chuyển đến từ",
        "decision_no": "Số quyết định",
        "ethnicity": "Dân tộc",
        "probation_since": "Ngày bắt đầu dự bị",
        "admission_decision": "Quyết định kết nạp",
    },
    help_vi="Mỗi dòng một đảng viên chuyển sinh hoạt chính thức đến từ tổ chức đảng ngoài cơ sở dữ liệu (không phải kết nạp); đảng viên dự bị ghi thêm ngày bắt đầu dự bị và quyết định kết nạp.",
)

REMOVAL = SheetSpec(
    key="removal",
    name="Xóa tên",
    aliases=("Xoá tên", "Xoa ten"),
    columns=(
        ORG,
        FULL_NAME,
        BIRTH,
        Column("Ngày xóa tên", Kind.DATE, aliases=("Ngày xoá tên",), help_vi="Ngày của quyết định xóa tên."),
        Column("Lý do xóa tên", Kind.CHOICE, choices=GROUNDS, aliases=("Lý do",), help_vi="Một trong các lý do theo Điều lệ Đảng (danh sách chọn)."),
        DECISION,
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Ngày xóa tên"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", "date": "Ngày xóa tên", "ground": "Lý do xóa tên", "decision_no": "Số quyết định"},
    help_vi="Mỗi dòng một đảng viên bị xóa tên; người đó phải đang trong danh sách của tổ chức vào ngày xóa tên.",
)

LEAVE = SheetSpec(
    key="leave",
    name="Xin ra khỏi Đảng",
    aliases=("Xin ra khoi Dang", "Ra khỏi Đảng"),
    columns=(
        ORG,
        FULL_NAME,
        BIRTH,
        Column("Ngày ra khỏi Đảng", Kind.DATE, aliases=("Ngày",), help_vi="Ngày của quyết định cho ra khỏi Đảng."),
        DECISION,
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Ngày ra khỏi Đảng"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", "date": "Ngày ra khỏi Đảng", "decision_no": "Số quyết định"},
    help_vi="Mỗi dòng một đảng viên xin ra khỏi Đảng và được cấp ủy đồng ý.",
)

TARGET = SheetSpec(
    key="target",
    name="Chỉ tiêu",
    aliases=("Chi tieu", "Chỉ tiêu kết nạp"),
    columns=(
        ORG,
        Column("Năm", Kind.INTEGER, low=1930, high=2200, help_vi="Năm của chỉ tiêu, 4 chữ số."),
        Column("Chỉ tiêu", Kind.INTEGER, low=0, high=100000, aliases=("Chỉ tiêu kết nạp", "Số chỉ tiêu"), help_vi="Số đảng viên đăng ký kết nạp trong năm."),
        DECISION,
    ),
    key_columns=("Mã tổ chức", "Năm"),
    field_columns={"org": "Mã tổ chức", "year": "Năm", "target": "Chỉ tiêu", "decision_no": "Số quyết định"},
    help_vi="Mỗi dòng chỉ tiêu kết nạp của một tổ chức trong một năm; ghi lại dòng đã có với số mới là sửa chỉ tiêu.",
)

CANDIDATE = SheetSpec(
    key="candidate",
    name="Nguồn phát triển",
    aliases=("Nguon phat trien", "Nguồn phát triển đảng viên", "Quần chúng ưu tú"),
    columns=(
        ORG,
        FULL_NAME,
        SEX_COL,
        BIRTH,
        Column("Nguồn", Kind.CHOICE, choices=SOURCES, aliases=("Nguồn giới thiệu",), help_vi="Chi bộ chọn, hoặc đoàn thể giới thiệu."),
        Column("Bước", Kind.CHOICE, choices=STAGES, aliases=("Giai đoạn",), help_vi="Bước mà quần chúng đạt được vào ngày ở cột sau (danh sách chọn)."),
        Column("Ngày", Kind.DATE, aliases=("Ngày đạt",), help_vi="Ngày đạt bước đó (ngày học xong lớp bồi dưỡng nhận thức về Đảng, ngày chi bộ biểu quyết...)."),
    ),
    key_columns=("Mã tổ chức", "Họ và tên", "Ngày sinh", "Bước", "Ngày"),
    field_columns={
        "org": "Mã tổ chức",
        "full_name": "Họ và tên",
        "candidate": "Họ và tên",
        "sex": "Giới tính",
        "birth_date": "Ngày sinh",
        "source": "Nguồn",
        "stage": "Bước",
        "date": "Ngày",
    },
    help_vi="Mỗi dòng một bước của một quần chúng ưu tú; người chưa có trong giaoban được thêm vào danh sách nguồn ở ngày của dòng đầu tiên.",
)

R213 = SheetSpec(
    key="r213",
    name="Quy định 213",
    aliases=("Quy dinh 213", "QĐ 213", "213"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=("Mã chi bộ nơi công tác", "Mã tổ chức nơi công tác"), help_vi="Mã chi bộ nơi đảng viên công tác (sinh hoạt chính thức)."),
        FULL_NAME,
        BIRTH,
        Column("Mã tổ chức nơi cư trú", Kind.ORG, aliases=("Mã nơi cư trú", "Mã chi bộ nơi cư trú"), help_vi="Mã tổ chức đảng nơi đảng viên cư trú."),
        Column("Việc", Kind.CHOICE, choices=R213_KINDS, aliases=("Nội dung",), help_vi="Việc đã làm (danh sách chọn)."),
        Column("Ngày", Kind.DATE, help_vi="Ngày làm việc đó."),
        Column("Năm đánh giá", Kind.INTEGER, required=False, low=1930, high=2200, help_vi="Với phiếu xin ý kiến và nhận xét: năm được đánh giá."),
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Mã tổ chức nơi cư trú", "Việc", "Ngày"),
    field_columns={
        "org": "Mã tổ chức",
        "workplace": "Mã tổ chức",
        "member": "Họ và tên",
        "residence": "Mã tổ chức nơi cư trú",
        "link": "Mã tổ chức nơi cư trú",
        "kind": "Việc",
        "date": "Ngày",
        "year": "Năm đánh giá",
    },
    help_vi="Đảng viên đang công tác giữ mối liên hệ với nơi cư trú (Quy định 213-QĐ/TW): mỗi dòng một việc.",
)

MEETING = SheetSpec(
    key="meeting",
    name="Sinh hoạt chi bộ",
    aliases=("Sinh hoat chi bo", "Họp chi bộ", "Sinh hoạt"),
    columns=(
        ORG,
        Column("Ngày họp", Kind.DATE, aliases=("Ngày sinh hoạt", "Ngày"), help_vi="Ngày chi bộ họp."),
        Column("Vắng không lý do", Kind.IDS, required=False, aliases=("Vắng",),
               help_vi="Mã đảng viên vắng không có lý do, cách nhau bằng dấu phẩy (xem “giaoban members”); để trống nếu không ai vắng."),
        Column("Vắng có lý do", Kind.IDS, required=False,
               help_vi="Mã đảng viên vắng có lý do, cách nhau bằng dấu phẩy."),
    ),
    key_columns=("Mã tổ chức", "Ngày họp"),
    field_columns={"org": "Mã tổ chức", "date": "Ngày họp", "absent": "Vắng không lý do", "excused": "Vắng có lý do"},
    help_vi="Mỗi dòng một cuộc họp chi bộ; chỉ ghi người vắng, người không ghi là có mặt.",
)

DUES = SheetSpec(
    key="dues",
    name="Đảng phí",
    aliases=("Dang phi", "Sổ đảng phí", "Thu đảng phí"),
    columns=(
        ORG,
        Column("Tháng", Kind.MONTH, aliases=("Tháng đóng",), help_vi="Tháng của sổ đảng phí, mm/yyyy."),
        Column("Chưa đóng", Kind.IDS, required=False, aliases=("Chưa đóng đảng phí", "Không đóng"),
               help_vi="Mã đảng viên chưa đóng đảng phí tháng đó khi khóa sổ, cách nhau bằng dấu phẩy; để trống nếu tất cả đã đóng."),
    ),
    key_columns=("Mã tổ chức", "Tháng"),
    field_columns={"org": "Mã tổ chức", "month": "Tháng", "unpaid": "Chưa đóng"},
    help_vi="Mỗi dòng sổ đảng phí một tháng của một chi bộ, khóa một lần.",
)

CONDITIONS = _enum_choices(ConclusionCondition, "conclusion_condition")

CONCLUSION = SheetSpec(
    key="conclusion",
    name="Kết luận giao ban",
    aliases=("Ket luan giao ban", "Kết luận"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=("Mã tổ chức thực hiện",), help_vi="Mã tổ chức phải thực hiện kết luận."),
        Column("Nội dung", Kind.TEXT, aliases=("Kết luận", "Nội dung kết luận"), help_vi="Nội dung kết luận."),
        Column("Hạn", Kind.DATE, aliases=("Thời hạn",), help_vi="Hạn thực hiện, dd/mm/yyyy."),
        Column("Ngày giao ban", Kind.DATE, help_vi="Ngày hội nghị giao ban ra kết luận."),
        Column("Mã cấp ủy chủ trì", Kind.ORG, required=False,
               help_vi="Để trống: cấp ủy cấp trên trực tiếp của tổ chức thực hiện."),
        Column("Điều kiện", Kind.CHOICE, required=False, choices=CONDITIONS,
               help_vi="Để trống, hoặc số liệu cho biết kết luận đã thực hiện (danh sách chọn)."),
        Column("Số lượng", Kind.INTEGER, required=False, low=1, high=100000,
               help_vi="Với “kết nạp ít nhất N đảng viên”: N."),
        Column("Năm", Kind.TEXT, required=False, help_vi="Với điều kiện kết nạp: năm hoặc các năm (2023 hoặc 2023-2024); với nhận xét Quy định 213: một năm."),
    ),
    key_columns=("Mã tổ chức", "Ngày giao ban", "Nội dung"),
    field_columns={"org": "Mã tổ chức", "text": "Nội dung", "due": "Hạn", "briefing": "Ngày giao ban",
                   "briefing_org": "Mã cấp ủy chủ trì", "condition": "Điều kiện", "count": "Số lượng", "period": "Năm"},
    help_vi="Mỗi dòng một kết luận của hội nghị giao ban; kết luận có điều kiện được tính tự động từ số liệu.",
)

RATINGS = _enum_choices(
    QualityRating,
    "rating",
    {
        # The short forms of the office's forms and of the yearly review's minutes.
        "HTXSNV": QualityRating.EXCELLENT,
        "Hoàn thành xuất sắc": QualityRating.EXCELLENT,
        "Xuất sắc": QualityRating.EXCELLENT,
        "HTTNV": QualityRating.GOOD,
        "Hoàn thành tốt": QualityRating.GOOD,
        "Tốt": QualityRating.GOOD,
        "HTNV": QualityRating.COMPLETED,
        "Hoàn thành": QualityRating.COMPLETED,
        "KHTNV": QualityRating.NOT_COMPLETED,
        "Không hoàn thành": QualityRating.NOT_COMPLETED,
    },
)
MEASURES = _enum_choices(DisciplineKind, "discipline")
RATING_YEAR = Column("Năm", Kind.INTEGER, low=1930, high=2200, aliases=("Năm đánh giá", "Năm xếp loại"),
                     help_vi="Năm được đánh giá, xếp loại, 4 chữ số (không thể là năm chưa bắt đầu).")
RATING_COL = Column("Xếp loại", Kind.CHOICE, choices=RATINGS, aliases=("Mức xếp loại", "Xếp loại chất lượng"),
                    help_vi="Một trong bốn mức: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, "
                            "Không hoàn thành nhiệm vụ (danh sách chọn; nhận cả HTXSNV, HTTNV, HTNV, KHTNV).")

MEMBER_RATING = SheetSpec(
    key="member_rating",
    name="Xếp loại đảng viên",
    aliases=("Xep loai dang vien", "Đánh giá đảng viên", "Xếp loại chất lượng đảng viên"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=ORG.aliases,
               help_vi="Mã chi bộ có đảng viên trong danh sách vào cuối năm được xếp loại (hoặc hôm nay, với năm đang diễn ra)."),
        FULL_NAME,
        BIRTH,
        RATING_YEAR,
        RATING_COL,
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Năm"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", "year": "Năm", "rating": "Xếp loại", "date": "Năm"},
    help_vi="Mỗi dòng kết quả xếp loại chất lượng một năm của một đảng viên; mỗi đảng viên một lần mỗi năm.",
)

ORG_RATING = SheetSpec(
    key="org_rating",
    name="Xếp loại tổ chức đảng",
    aliases=("Xep loai to chuc dang", "Xếp loại tổ chức", "Đánh giá tổ chức đảng"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=ORG.aliases,
               help_vi="Mã tổ chức đảng được xếp loại; việc ghi cần quyền ở cấp ủy cấp trên của tổ chức đó."),
        RATING_YEAR,
        RATING_COL,
    ),
    key_columns=("Mã tổ chức", "Năm"),
    field_columns={"org": "Mã tổ chức", "year": "Năm", "rating": "Xếp loại"},
    help_vi="Mỗi dòng kết quả xếp loại chất lượng một năm của một tổ chức đảng; mỗi tổ chức một lần mỗi năm.",
)

DISCIPLINE = SheetSpec(
    key="discipline",
    name="Kỷ luật",
    aliases=("Ky luat", "Kỷ luật đảng viên"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=ORG.aliases,
               help_vi="Mã chi bộ có đảng viên trong danh sách vào ngày kỷ luật."),
        FULL_NAME,
        BIRTH,
        Column("Hình thức", Kind.CHOICE, choices=MEASURES, aliases=("Hình thức kỷ luật",),
               help_vi="Khiển trách, Cảnh cáo hoặc Cách chức (danh sách chọn). Khai trừ chấm dứt tư cách đảng viên: "
                       "ghi qua “giaoban record expel”, không qua trang này."),
        Column("Ngày kỷ luật", Kind.DATE, aliases=("Ngày quyết định", "Ngày"), help_vi="Ngày của quyết định kỷ luật."),
        Column("Số quyết định", Kind.TEXT, aliases=DECISION.aliases, help_vi="Số và ký hiệu quyết định kỷ luật (bắt buộc), ví dụ 12-QĐ/UBKT."),
        Column("Cấp quyết định", Kind.TEXT, required=False, aliases=("Cơ quan quyết định",),
               help_vi="Để trống, hoặc cấp ủy, ủy ban kiểm tra đã quyết định."),
        Column("Ghi chú kỷ luật", Kind.TEXT, required=False, aliases=("Nội dung vi phạm",),
               help_vi="Để trống, hoặc nội dung vi phạm tóm tắt."),
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Hình thức", "Ngày kỷ luật"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", "kind": "Hình thức", "date": "Ngày kỷ luật",
                   "decision": "Số quyết định", "decision_no": "Số quyết định", "decided_by": "Cấp quyết định",
                   "note": "Ghi chú kỷ luật"},
    help_vi="Mỗi dòng một hình thức kỷ luật (khiển trách, cảnh cáo, cách chức) của một đảng viên, với quyết định.",
)

MEMBER_INFO = SheetSpec(
    key="member_info",
    name="Thông tin đảng viên",
    aliases=("Thong tin dang vien", "Lý lịch đảng viên"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=ORG.aliases,
               help_vi="Mã chi bộ có đảng viên trong danh sách hôm nay."),
        FULL_NAME,
        BIRTH,
        *MAKEUP_COLUMNS,
    ),
    key_columns=("Họ và tên", "Ngày sinh"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", **MAKEUP_FIELDS},
    help_vi="Mỗi dòng tôn giáo, trình độ giáo dục phổ thông, chuyên môn, lý luận chính trị của một đảng viên đang sinh hoạt; "
            "ô để trống giữ nguyên thông tin đã có, ô có giá trị khác thì cập nhật.",
)

CARD = SheetSpec(
    key="card",
    name="Thẻ đảng viên",
    aliases=("The dang vien", "Cấp thẻ đảng viên", "Phát thẻ đảng viên"),
    columns=(
        Column("Mã tổ chức", Kind.ORG, aliases=ORG.aliases,
               help_vi="Mã chi bộ có đảng viên trong danh sách vào ngày cấp thẻ."),
        FULL_NAME,
        BIRTH,
        Column("Số thẻ", Kind.TEXT, aliases=("Số thẻ đảng viên",),
               help_vi="Số thẻ đảng viên (bắt buộc); mỗi số thẻ chỉ của một đảng viên."),
        Column("Ngày cấp thẻ", Kind.DATE, aliases=("Ngày cấp", "Ngày phát thẻ"),
               help_vi="Ngày cấp thẻ: không trước ngày công nhận đảng viên chính thức."),
        Column("Số quyết định", Kind.TEXT, required=False, aliases=DECISION.aliases,
               help_vi="Để trống, hoặc số và ký hiệu quyết định cấp thẻ."),
    ),
    key_columns=("Họ và tên", "Ngày sinh", "Ngày cấp thẻ"),
    field_columns={"org": "Mã tổ chức", "member": "Họ và tên", "number": "Số thẻ", "date": "Ngày cấp thẻ",
                   "decision": "Số quyết định", "decision_no": "Số quyết định"},
    help_vi="Mỗi dòng một thẻ đảng viên đã cấp cho một đảng viên chính thức (cấp lại: một dòng mới với ngày cấp lại).",
)

SHEETS: tuple[SheetSpec, ...] = (ADMISSION, TRANSFER_IN, REMOVAL, LEAVE, TARGET, CANDIDATE, R213, MEETING, DUES, CONCLUSION,
                                 MEMBER_RATING, ORG_RATING, DISCIPLINE, MEMBER_INFO, CARD)

#: Columns that offices add and that carry nothing to import (row numbers, notes).
IGNORED_COLUMNS = ("STT", "TT", "Số TT", "Số thứ tự", "Ghi chú")


def sheet_for_name(name: str) -> SheetSpec | None:
    """The sheet a workbook tab or CSV file name stands for (case, diacritics and
    punctuation aside: ``ket_nap.csv`` is ``Kết nạp``)."""
    wanted = fold_loose(name)
    for spec in SHEETS:
        if wanted in {fold_loose(spec.name), spec.key, *(fold_loose(a) for a in spec.aliases)}:
            return spec
    return None


def sheet_by_key(key: str) -> SheetSpec:
    for spec in SHEETS:
        if spec.key == key:
            return spec
    raise KeyError(key)
