"""The members' make-up fields (issue 18): a member's religion, general education, professional
and political theory levels; an enterprise's ownership; the hamlets and neighbourhoods of a
commune and the cell that serves each. Read by :mod:`models.figures.makeup`.

A value is given as the enum's value or its Vietnamese (or English) label, in any case and with
or without diacritics («Phật giáo», «phat giao», ``buddhism``); anything else is refused naming
the field and the values allowed. A field left out is left as it is; nothing is defaulted.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import i18n
from models.access import Actor
from models.audit import audit
from models.enums import AreaKind, AuditOutcome, EducationLevel, Ownership, ProfessionalLevel, Religion, Sector, TheoryLevel
from models.errors import DomainError
from models.membership import member_events, replay
from models.record.common import (
    Recorded,
    check_org_valid,
    check_past,
    clean_name,
    lock_member,
    org_at,
    org_by_id_at,
    require_on_rolls,
    today,
    writable_org,
)
from models.schema import Organisation, ResidentialArea
from models.tree import subtree_at

i18n.register(
    {
        "record.makeup_unknown": (
            "Giá trị “{value}” không có trong danh mục {what}; chọn một trong: {allowed}.",
            "'{value}' is not one of the {what}; choose one of: {allowed}.",
        ),
        "record.makeup_nothing": (
            "Chưa ghi thông tin nào để cập nhật (tôn giáo, trình độ giáo dục phổ thông, chuyên môn, lý luận chính trị).",
            "Nothing to update (religion, education, professional or political theory level).",
        ),
        "record.ownership_not_enterprise": (
            "“{org}” không phải tổ chức đảng trong doanh nghiệp (lĩnh vực: {sector}); chỉ doanh nghiệp mới có loại hình sở hữu.",
            "'{org}' is not a Party organisation of an enterprise (sector: {sector}); only enterprises have an ownership.",
        ),
        "record.area_commune": (
            "“{org}” không phải đảng bộ xã, phường, thị trấn; ấp và khu phố thuộc xã, phường, thị trấn.",
            "'{org}' is not the committee of a commune, ward or township, where hamlets and neighbourhoods are.",
        ),
        "record.area_cell_outside": (
            "Chi bộ “{cell}” không trực thuộc “{org}” vào ngày {day}.",
            "The cell '{cell}' is not under '{org}' on {day}.",
        ),
        "record.area_duplicate": (
            "“{org}” đã có {kind} “{name}” từ ngày {day}.",
            "'{org}' already has the {kind} '{name}' from {day}.",
        ),
        "record.done.makeup": (
            "Đã cập nhật thông tin của đảng viên mã số {member_id}: {fields}.",
            "Updated member {member_id}: {fields}.",
        ),
        "record.done.ownership": ("Đã ghi loại hình sở hữu của “{org}”: {ownership}.", "Recorded the ownership of '{org}': {ownership}."),
        "record.done.area": ("Đã ghi {kind} “{name}” của “{org}”{cell}.", "Recorded the {kind} '{name}' of '{org}'{cell}."),
        "record.done.area.cell": ("; chi bộ phụ trách: “{cell}”", "; served by the cell '{cell}'"),
        "record.done.area.no_cell": ("; chưa có chi bộ", "; no cell yet"),
        "makeup.what.religion": ("tôn giáo", "religions"),
        "makeup.what.education": ("trình độ giáo dục phổ thông", "general education levels"),
        "makeup.what.professional": ("trình độ chuyên môn", "professional levels"),
        "makeup.what.theory": ("trình độ lý luận chính trị", "political theory levels"),
        "makeup.what.ownership": ("loại hình sở hữu doanh nghiệp", "enterprise ownerships"),
        "makeup.what.area_kind": ("ấp, khu phố", "kinds of residential area"),
        "field.religion": ("Tôn giáo", "religion"),
        "field.education_level": ("Trình độ giáo dục phổ thông", "general education"),
        "field.professional_level": ("Trình độ chuyên môn", "professional level"),
        "field.theory_level": ("Trình độ lý luận chính trị", "political theory level"),
        "field.ownership": ("Loại hình sở hữu", "ownership"),
        "field.cell": ("Chi bộ", "cell"),
    }
)

E = TypeVar("E", bound=StrEnum)

#: The member fields of the make-up: field name -> (enum, label prefix in models.i18n).
MEMBER_FIELDS: dict[str, tuple[type[StrEnum], str]] = {
    "religion": (Religion, "religion"),
    "education_level": (EducationLevel, "education"),
    "professional_level": (ProfessionalLevel, "professional"),
    "theory_level": (TheoryLevel, "theory"),
}


def fold(text: str) -> str:
    """Lower case, without diacritics or extra spaces (đ as d): how a typed value is matched."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().replace("_", " ").split())


def parse_choice(enum: type[E], prefix: str, value: E | str, field: str) -> E:
    """``value`` as a member of ``enum``: its value or its label in either language."""
    if isinstance(value, enum):
        return value
    wanted = fold(str(value))
    for member in enum:
        names = {member.value, i18n.t(f"{prefix}.{member.value}", "vi"), i18n.t(f"{prefix}.{member.value}", "en")}
        if wanted in {fold(n) for n in names}:
            return member
    raise DomainError(
        "record.makeup_unknown", field=field, value=str(value), what=i18n.t(f"makeup.what.{prefix}"),
        allowed=", ".join(i18n.t(f"{prefix}.{m.value}") for m in enum),
    )


def parse_member_fields(values: dict[str, Any]) -> dict[str, StrEnum]:
    """The make-up fields given in ``values`` (None and blank left out), parsed."""
    out: dict[str, StrEnum] = {}
    for name, (enum, prefix) in MEMBER_FIELDS.items():
        raw = values.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        out[name] = parse_choice(enum, prefix, raw, name)
    return out


def member_makeup(
    session: Session, actor: Actor, *, member_id: int, religion: Religion | str | None = None,
    education_level: EducationLevel | str | None = None, professional_level: ProfessionalLevel | str | None = None,
    theory_level: TheoryLevel | str | None = None, date: dt.date | None = None,
) -> Recorded:
    """Record a member's make-up fields (those given; the rest stay as they are). The actor
    must be able to write at the organisation whose rolls the member is on at ``date`` (today)."""
    fields = parse_member_fields({"religion": religion, "education_level": education_level,
                                  "professional_level": professional_level, "theory_level": theory_level})
    if not fields:
        raise DomainError("record.makeup_nothing", field="religion")
    day = date or today()
    check_past(day)
    member = lock_member(session, member_id)
    state = replay(member_id, member_events(session, member_id), day)
    require_on_rolls(state, day)
    assert state.org_id is not None
    org = org_by_id_at(session, state.org_id, day)
    writable_org(session, actor, org, day)
    before = {name: _value(getattr(member, name)) for name in fields}
    for name, value in fields.items():
        setattr(member, name, value)
    session.flush()
    after = {name: value.value for name, value in fields.items()}
    audit(session, actor, "record.member_makeup", AuditOutcome.OK, "members", member_id, org.id, before=before, after=after)
    shown = "; ".join(f"{i18n.t(f'field.{n}')}: {i18n.t(f'{MEMBER_FIELDS[n][1]}.{v.value}')}" for n, v in fields.items())
    return Recorded("record.member_makeup", "members", member_id, "record.done.makeup",
                    {"member_id": member_id, "fields": shown})


def _value(v: Any) -> str | None:
    return None if v is None else str(getattr(v, "value", v))


def org_ownership(session: Session, actor: Actor, *, org: str, ownership: Ownership | str, date: dt.date | None = None) -> Recorded:
    """Record an enterprise organisation's ownership (state, private, foreign-invested)."""
    value = parse_choice(Ownership, "ownership", ownership, "ownership")
    day = date or today()
    target = org_at(session, org, day)
    if target.sector != Sector.ENTERPRISE:
        raise DomainError("record.ownership_not_enterprise", field="ownership", org=target.code,
                          sector=i18n.label(target.sector) if target.sector else "—")
    writable_org(session, actor, target, day)
    row = session.get(Organisation, target.id)
    assert row is not None
    before = _value(row.ownership)
    row.ownership = value
    session.flush()
    audit(session, actor, "record.org_ownership", AuditOutcome.OK, "organisations", target.id, target.id,
          before={"ownership": before}, after={"ownership": value.value})
    return Recorded("record.org_ownership", "organisations", target.id, "record.done.ownership",
                    {"org": target.code, "ownership": i18n.label(value)})


#: Sectors of the committees whose territory has hamlets or neighbourhoods.
AREA_SECTORS = frozenset({Sector.COMMUNE, Sector.WARD, Sector.TOWNSHIP})


def residential_area(
    session: Session, actor: Actor, *, org: str, name: str, kind: AreaKind | str, date: dt.date,
    cell: str | None = None,
) -> Recorded:
    """Record a hamlet or neighbourhood of the commune (ward, township) committee ``org`` from
    ``date``, served by ``cell`` (a cell under it that day) or by none yet."""
    area_kind = parse_choice(AreaKind, "area_kind", kind, "kind")
    clean = clean_name(name, "name")
    check_past(date)
    commune = org_at(session, org, date)
    if commune.sector not in AREA_SECTORS:
        raise DomainError("record.area_commune", field="org", org=commune.code)
    writable_org(session, actor, commune, date)
    cell_id = None
    if cell is not None and cell.strip():
        serving = org_at(session, cell.strip(), date, field_name="cell", cell=True)
        check_org_valid(serving, date, "cell")
        if serving.id not in subtree_at(session, commune.id, date):
            raise DomainError("record.area_cell_outside", field="cell", cell=serving.code, org=commune.code, day=date.isoformat())
        cell_id = serving.id
    found = session.scalar(select(ResidentialArea.id).where(
        ResidentialArea.commune_id == commune.id, ResidentialArea.name == clean, ResidentialArea.valid_from == date))
    if found is not None:
        raise DomainError("record.area_duplicate", field="name", org=commune.code, kind=i18n.label(area_kind),
                          name=clean, day=date.isoformat())
    row = ResidentialArea(commune_id=commune.id, name=clean, kind=area_kind, cell_id=cell_id, valid_from=date,
                          recorded_by=actor.user_id)
    session.add(row)
    session.flush()
    audit(session, actor, "record.residential_area", AuditOutcome.OK, "residential_areas", row.id, commune.id,
          after={"name": clean, "kind": area_kind.value, "cell_id": cell_id, "valid_from": date.isoformat()})
    shown_cell = (i18n.t("record.done.area.cell", cell=(cell or "").strip()) if cell_id is not None
                  else i18n.t("record.done.area.no_cell"))
    return Recorded("record.residential_area", "residential_areas", row.id, "record.done.area",
                    {"kind": i18n.label(area_kind), "name": clean, "org": commune.code, "cell": shown_cell})


__all__ = ["AREA_SECTORS", "MEMBER_FIELDS", "fold", "member_makeup", "org_ownership", "parse_choice",
           "parse_member_fields", "residential_area"]
