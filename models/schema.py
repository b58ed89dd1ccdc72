"""The tables, as SQLAlchemy 2.0 typed ORM classes.

Membership is an append-only event log (:class:`MemberEvent`); counts are derived from it,
never stored as a status column. The organisation tree changes over time: organisations and
their parent edges have validity intervals ``[valid_from, valid_to)`` (``valid_to`` is the
first day on which the row no longer holds; NULL means still valid).

On SQLite every table is STRICT, so the column types below render as SQLite's own
(TEXT, INTEGER) through the ``@compiles`` hooks at the bottom of this module.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Table,
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
    true,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from models.audit_hash import next_hash
from models.enums import (
    AuditOutcome,
    CandidateSource,
    CandidateStage,
    ConclusionCondition,
    AreaKind,
    EducationLevel,
    EventKind,
    MassOrg,
    OrgKind,
    Ownership,
    ProfessionalLevel,
    Religion,
    RemovalGround,
    ResidenceEventKind,
    Role,
    Sector,
    Sex,
    TheoryLevel,
    TransferScope,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[StrEnum], name: str) -> Enum:
    """A portable enum: a string column with a CHECK constraint listing the values."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(v.value) for v in cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def _table_args(*items: Any) -> tuple[Any, ...]:
    return (*items, {"sqlite_strict": True})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A mapped class's Core table, typed as one (``__table__`` is typed as any FROM clause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Organisation(Base):
    """A Party organisation: committee, cell or party group, at any level."""

    __tablename__ = "organisations"
    __table_args__ = _table_args(
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_interval"),
        CheckConstraint("successor_id IS NULL OR valid_to IS NOT NULL", name="successor_when_ended"),
        CheckConstraint("successor_id IS NULL OR successor_id <> id", name="successor_not_self"),
        CheckConstraint("length(trim(code)) > 0", name="code_not_blank"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        Index("ix_organisations_valid_from", "valid_from"),
        Index("ix_organisations_valid_to", "valid_to"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrgKind] = mapped_column(_enum(OrgKind, "org_kind"))
    sector: Mapped[Sector | None] = mapped_column(_enum(Sector, "org_sector"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # An enterprise's ownership (migration 0018); its cells and groups share it. NULL: not an
    # enterprise, or not recorded.
    ownership: Mapped[Ownership | None] = mapped_column(_enum(Ownership, "org_ownership"))
    # False: the founding day is not known; ``valid_from`` is then only the first day the data
    # count the organisation from, and is shown as "không rõ" (migration 0020).
    valid_from_known: Mapped[bool] = mapped_column(
        Boolean(create_constraint=True, name="valid_from_known_bool"), default=True, server_default=true()
    )


class OrgName(Base):
    """``org`` was called ``name`` during ``[valid_from, valid_to)`` (migration 0020).

    ``organisations.name`` keeps the latest name for cheap reads; these rows say what the
    organisation was called on a given day (:mod:`models.org_names`)."""

    __tablename__ = "org_names"
    __table_args__ = _table_args(
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_interval"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        UniqueConstraint("org_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class OrgEdge(Base):
    """``child`` sits under ``parent`` during ``[valid_from, valid_to)``."""

    __tablename__ = "org_edges"
    __table_args__ = _table_args(
        CheckConstraint("child_id <> parent_id", name="not_own_parent"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_interval"),
        UniqueConstraint("child_id", "valid_from"),
        Index("ix_org_edges_parent", "parent_id", "valid_from"),
        Index("ix_org_edges_valid_from", "valid_from"),
        Index("ix_org_edges_valid_to", "valid_to"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    parent_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)


class User(Base):
    """A person who uses giaoban, identified by the OS login."""

    __tablename__ = "users"
    __table_args__ = _table_args(
        CheckConstraint("role = 'admin' OR scope_org_id IS NOT NULL", name="scope_unless_admin"),
        CheckConstraint("length(trim(login)) > 0", name="login_not_blank"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role"))
    # The subtree the user may see and change; NULL (admins only) means everything.
    scope_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="active_bool"), default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Member(Base):
    """A person who is or was a Party member. Where they are comes from events."""

    __tablename__ = "members"
    __table_args__ = _table_args(
        CheckConstraint("length(trim(full_name)) > 0", name="name_not_blank"),
        Index("ix_members_sort_key", "sort_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    # Vietnamese collation key (given name, middle, family; Vietnamese alphabet), so
    # lists can be sorted and paged in SQL.
    sort_key: Mapped[str] = mapped_column(String(480))
    sex: Mapped[Sex] = mapped_column(_enum(Sex, "member_sex"))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    # Asked for at admission, never assumed.
    ethnicity: Mapped[str] = mapped_column(String(40))
    residence: Mapped[str | None] = mapped_column(String(200))
    card_no: Mapped[str | None] = mapped_column(String(20), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The make-up the office reports (migration 0018), from the personal history; NULL is "not
    # recorded yet" (shown «chưa cập nhật»), never a default.
    religion: Mapped[Religion | None] = mapped_column(_enum(Religion, "member_religion"))
    education_level: Mapped[EducationLevel | None] = mapped_column(_enum(EducationLevel, "member_education"))
    professional_level: Mapped[ProfessionalLevel | None] = mapped_column(_enum(ProfessionalLevel, "member_professional"))
    theory_level: Mapped[TheoryLevel | None] = mapped_column(_enum(TheoryLevel, "member_theory"))


class ResidentialArea(Base):
    """A hamlet (ấp) or neighbourhood (khu phố) of a commune, ward or township during
    ``[valid_from, valid_to)``, and the cell that serves it (NULL: none). The office asks which
    have no cell, or a cell with few members (migration 0018)."""

    __tablename__ = "residential_areas"
    __table_args__ = _table_args(
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_interval"),
        UniqueConstraint("commune_id", "name", "valid_from"),
        Index("ix_residential_areas_cell", "cell_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AreaKind] = mapped_column(_enum(AreaKind, "area_kind"))
    cell_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


#: The predicate of the partial index ``ix_member_events_far_away``. SQLite uses a partial
#: index only when the query's WHERE has this very term (same literals, no bound parameters).
FAR_AWAY_PREDICATE = "kind IN ('far_away_start', 'far_away_end', 'far_away_contact')"
#: The few transfers in that bring a probation begun elsewhere (migration 0017).
PROBATION_SINCE_PREDICATE = "probation_since IS NOT NULL"


class MemberEvent(Base):
    """One dated thing that happened to a member, at the organisation whose rolls it concerns.

    Append-only: a trigger refuses UPDATE and DELETE.
    """

    __tablename__ = "member_events"
    __table_args__ = _table_args(
        UniqueConstraint("member_id", "kind", "event_date"),
        Index("ix_member_events_org_kind_date", "org_id", "kind", "event_date"),
        Index("ix_member_events_member_date", "member_id", "event_date", "id"),
        # Only the rare far-away kinds (a partial index: the (kind, date) index over every
        # event was the country load's costliest); queries name FAR_AWAY_PREDICATE verbatim so
        # SQLite can use it. PostgreSQL's same predicate is attached when the index is created
        # there (:func:`_postgresql_predicate`).
        Index("ix_member_events_far_away", "kind", "event_date", sqlite_where=text(FAR_AWAY_PREDICATE)),
        Index("ix_member_events_counterpart", "counterpart_org_id"),
        # The events dated in a period (the office's statistics and badges, migration 0016).
        Index("ix_member_events_date", "event_date", "kind", "member_id"),
        # The few probations begun elsewhere (migration 0017): members whose probation ends in
        # a period are found by an index probe, as admissions are.
        Index("ix_member_events_probation_since", "probation_since", sqlite_where=text(PROBATION_SINCE_PREDICATE)),
        CheckConstraint(
            "(kind = 'admission' AND youth_union IS NOT NULL)"
            " OR (kind <> 'admission' AND youth_union IS NULL"
            " AND recommended_by IS NULL AND occasion IS NULL)",
            name="admission_fields",
        ),
        CheckConstraint(
            "(kind = 'removal') = (removal_ground IS NOT NULL)", name="removal_has_ground"
        ),
        CheckConstraint(
            "(kind IN ('transfer_in', 'transfer_out')) = (transfer_scope IS NOT NULL)",
            name="transfer_has_scope",
        ),
        CheckConstraint(
            "counterpart_org_id IS NULL OR kind IN ('transfer_in', 'transfer_out')",
            name="counterpart_only_for_transfers",
        ),
        CheckConstraint("counterpart_org_id IS NULL OR counterpart_org_id <> org_id", name="counterpart_other"),
        CheckConstraint(
            "ends_on IS NULL OR (ends_on > event_date AND kind IN"
            " ('transfer_in', 'transfer_out', 'exemption_start', 'far_away_start'))",
            name="ends_on_valid",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind, "event_kind"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    decision_no: Mapped[str | None] = mapped_column(String(60))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    # Admission only: the ceremony's occasion (holiday, anniversary), Youth Union
    # membership at admission, the mass organisation that recommended the person.
    occasion: Mapped[str | None] = mapped_column(String(120))
    youth_union: Mapped[bool | None] = mapped_column(Boolean(create_constraint=True, name="youth_union_bool"))
    recommended_by: Mapped[MassOrg | None] = mapped_column(_enum(MassOrg, "mass_org"))
    removal_ground: Mapped[RemovalGround | None] = mapped_column(_enum(RemovalGround, "removal_ground"))
    transfer_scope: Mapped[TransferScope | None] = mapped_column(_enum(TransferScope, "transfer_scope"))
    # The other side of a transfer: an organisation in the database, or a name when it
    # lies outside (another district, another city).
    counterpart_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    counterpart_text: Mapped[str | None] = mapped_column(String(200))
    # Planned end of a temporary transfer, an exemption or far-away work.
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # Admission: the cell's resolution to admit and the superior committee's decision, apart
    # from the ceremony (event_date); over the maximum age, the decision that allowed it.
    resolution_date: Mapped[dt.date | None] = mapped_column(Date)
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    over_age_decision: Mapped[str | None] = mapped_column(String(120))
    # Temporary transfer: why (models.enums.TransferReason); exemption: which kind
    # (models.enums.ExemptionKind).
    transfer_reason: Mapped[str | None] = mapped_column(String(30))
    exemption_kind: Mapped[str | None] = mapped_column(String(30))
    # Permanent transfer in from outside of a probationary member (migration 0017): the day
    # their probation began elsewhere (the admission ceremony there) and the admission
    # decision (number and issuing body) the recognition will refer to; NULL for an official
    # member and every other event.
    probation_since: Mapped[dt.date | None] = mapped_column(Date)
    admission_decision: Mapped[str | None] = mapped_column(String(120))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def _postgresql_predicate(index: Index, connection: Any, **_: Any) -> None:
    """A partial index's predicate on PostgreSQL too, given when the index is created there
    (the migrations create them so; the synthetic loader drops and recreates them from here).
    Declared with the index as ``postgresql_where``, it loaded SQLAlchemy's whole PostgreSQL
    dialect (its drivers, asyncpg and asyncio) into every process importing the models, SQLite
    ones too: a tenth of a dashboard's first read (issue 19)."""
    if connection.dialect.name == "postgresql":
        index.dialect_kwargs["postgresql_where"] = text(index.info["postgresql_where"])


def _postgresql_partial(table: Table, **predicates: str) -> None:
    """Give the named indexes of ``table`` their predicate on PostgreSQL (see above)."""
    for index in table.indexes:
        if index.name in predicates:
            index.info["postgresql_where"] = predicates[str(index.name)]
            event.listen(index, "before_create", _postgresql_predicate)


_postgresql_partial(MemberEvent.__table__,  # type: ignore[arg-type]
                    ix_member_events_far_away=FAR_AWAY_PREDICATE,
                    ix_member_events_probation_since=PROBATION_SINCE_PREDICATE)


class AdmissionTarget(Base):
    """An organisation's registered admission target (chỉ tiêu) for a year."""

    __tablename__ = "admission_targets"
    __table_args__ = _table_args(
        UniqueConstraint("org_id", "year"),
        # The first target year in one probe (models.figures.service.first_data_year; migration 0015).
        Index("ix_admission_targets_year", "year"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("year BETWEEN 1930 AND 2200", name="year_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    year: Mapped[int] = mapped_column(Integer)
    target: Mapped[int] = mapped_column(Integer)
    decision_no: Mapped[str | None] = mapped_column(String(60))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Candidate(Base):
    """An outstanding non-member in a cell's pipeline (nguồn phát triển đảng viên)."""

    __tablename__ = "candidates"
    __table_args__ = _table_args(
        CheckConstraint("length(trim(full_name)) > 0", name="name_not_blank"),
        Index("ix_candidates_org", "org_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    sort_key: Mapped[str] = mapped_column(String(480))
    sex: Mapped[Sex] = mapped_column(_enum(Sex, "candidate_sex"))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[CandidateSource] = mapped_column(_enum(CandidateSource, "candidate_source"))
    helper_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # Set when the candidate is admitted and becomes a member.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CandidateEvent(Base):
    """A candidate reached a stage. Append-only; the latest one gives the stage at a date."""

    __tablename__ = "candidate_events"
    __table_args__ = _table_args(
        UniqueConstraint("candidate_id", "stage", "event_date"),
        Index("ix_candidate_events_candidate_date", "candidate_id", "event_date", "id"),
        Index("ix_candidate_events_date", "event_date"),
        CheckConstraint(
            "(stage = 'class_attended') = (certificate_expiry IS NOT NULL)",
            name="certificate_with_class",
        ),
        CheckConstraint(
            "certificate_expiry IS NULL OR certificate_expiry > event_date", name="certificate_after_class"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    stage: Mapped[CandidateStage] = mapped_column(_enum(CandidateStage, "candidate_stage"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    certificate_expiry: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ResidenceLink(Base):
    """Regulation 213-QĐ/TW: a working member's tie to the organisation where they live."""

    __tablename__ = "residence_links"
    __table_args__ = _table_args(
        CheckConstraint("workplace_org_id <> residence_org_id", name="two_places"),
        CheckConstraint("ended_on IS NULL OR ended_on > started_on", name="valid_interval"),
        UniqueConstraint("member_id", "started_on"),
        Index("ix_residence_links_residence", "residence_org_id"),
        Index("ix_residence_links_workplace", "workplace_org_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    workplace_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    residence_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ResidenceEvent(Base):
    """Something that happened on a Regulation 213 link. Append-only."""

    __tablename__ = "residence_events"
    __table_args__ = _table_args(
        UniqueConstraint("link_id", "kind", "event_date"),
        Index("ix_residence_events_link", "link_id", "kind", "year"),
        Index("ix_residence_events_kind_date", "kind", "event_date"),
        CheckConstraint(
            "(kind IN ('comment_requested', 'comment_returned')) = (year IS NOT NULL)",
            name="year_for_comments",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("residence_links.id"))
    kind: Mapped[ResidenceEventKind] = mapped_column(_enum(ResidenceEventKind, "residence_event_kind"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    # The rating year that a comment request or comment belongs to.
    year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AuditEntry(Base):
    """Who did what, when, to what, with what before and after. Triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    __table_args__ = _table_args(Index("ix_audit_log_at", "at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    login: Mapped[str] = mapped_column(String(64))  # the OS login that acted
    acting_as: Mapped[str | None] = mapped_column(String(64))  # set when an admin used --as
    action: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[AuditOutcome] = mapped_column(_enum(AuditOutcome, "audit_outcome"))
    target_table: Mapped[str | None] = mapped_column(String(60))
    target_id: Mapped[int | None] = mapped_column(Integer)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the audit screen's search looks in, without diacritics or case (models.audit):
    # the logins, the action, the time as shown, the organisation's code and name at the
    # time, the detail's keys and values. Neither database folds Vietnamese diacritics.
    search_text: Mapped[str | None] = mapped_column(Text)
    # SHA-256 over this row's content and the previous row's chain_hash (models.audit_hash).
    chain_hash: Mapped[str | None] = mapped_column(String(64))


@event.listens_for(AuditEntry, "before_insert")
def _fill_search_text(_mapper: Any, connection: Any, row: AuditEntry) -> None:
    """A row added as an ORM object (``models.audit.audit`` writes its own) gets its search text."""
    if row.search_text is None:
        from models.audit_text import search_text

        if row.at is None:
            row.at = utcnow()
        row.search_text = search_text(connection, row.at, row.login, row.acting_as, row.action, row.org_id, row.detail)
    if row.chain_hash is None:
        names = ("at", "user_id", "login", "acting_as", "action", "outcome", "target_table", "target_id", "org_id", "detail")
        row.chain_hash = next_hash(connection, {n: getattr(row, n) for n in names})


class ChangeCounter(Base):
    """One row bumped by every write transaction: a cheap "has anything changed?" for
    dashboards on any database, and the time of the last change."""

    __tablename__ = "change_counter"
    __table_args__ = _table_args(CheckConstraint("id = 1", name="single_row"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


#: Tables that only ever grow; triggers (see the migrations) refuse UPDATE and DELETE.
APPEND_ONLY_TABLES = (
    "member_events", "candidate_events", "residence_events", "audit_log",
    "cell_meetings", "meeting_absences", "dues_books", "dues_arrears", "conclusions", "conclusion_notes",
    "member_discipline", "party_cards",
)


# --- SQLite STRICT tables accept only INTEGER, REAL, TEXT, BLOB and ANY as types. -------
@compiles(String, "sqlite")
@compiles(Text, "sqlite")
@compiles(Enum, "sqlite")
@compiles(Date, "sqlite")
@compiles(DateTime, "sqlite")
@compiles(JSON, "sqlite")
def _sqlite_text(_type: Any, _compiler: Any, **_kw: Any) -> str:
    return "TEXT"


@compiles(Boolean, "sqlite")
@compiles(BigInteger, "sqlite")
def _sqlite_integer(_type: Any, _compiler: Any, **_kw: Any) -> str:
    return "INTEGER"


# --- per-organisation, per-year figures (see models/stats.py) --------------------------------
def _year_figures_table(name: str, doc: str) -> Table:
    from models.stats_columns import COLUMN_NAMES

    return Table(
        name,
        Base.metadata,
        Column("org_id", Integer, ForeignKey("organisations.id"), primary_key=True),
        Column("year", Integer, primary_key=True),
        *(Column(c, Integer, nullable=False, server_default="0") for c in COLUMN_NAMES),
        comment=doc,
        sqlite_strict=True,
    )


#: Counts of each flow and composition item of an organisation's own events in a year; kept
#: current by a trigger on member_events.
ORG_YEAR_STATS = _year_figures_table("org_year_stats", "own events per organisation and year")
#: The same over the organisation's catchment in the current tree (moves between two
#: organisations of the catchment are no transfers of the catchment's); kept current by the
#: same trigger through org_closure, rebuilt for the affected ancestors when the tree changes.
ORG_YEAR_ROLLUP = _year_figures_table("org_year_rollup", "catchment events per organisation and year")
#: The current catchment forest, one row per (ancestor, descendant), depth 0 for itself.
ORG_CLOSURE = Table(
    "org_closure",
    Base.metadata,
    Column("descendant_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("ancestor_id", Integer, ForeignKey("organisations.id"), primary_key=True),
    Column("depth", Integer, nullable=False),
    Index("ix_org_closure_ancestor", "ancestor_id", "descendant_id"),
    sqlite_strict=True,
)
#: The latest and the first event date of each kind (models.stats keeps them with a trigger,
#: append-only events only ever move them outwards): "is any roll event dated after this day?"
#: and "the first year with data" (models.figures.service.first_data_year) in one read each.
#: ``first_date`` is NULL only in a row no migration or trigger has filled (never after 0015).
MEMBER_EVENT_LATEST = Table(
    "member_event_latest",
    Base.metadata,
    Column("kind", String(40), primary_key=True),
    Column("last_date", Date, nullable=False),
    Column("first_date", Date, nullable=True),
    sqlite_strict=True,
)
#: Each member's state after all their events (see models/states.py): the organisation whose
#: rolls they are on (NULL when off every roll), their latest admission, the first recognition
#: after it, the start of their current far-away work and their last report back from it;
#: kept current by a trigger on member_events.
#: The members of ``member_states`` admitted more than once (the partial index's condition,
#: repeated verbatim by its readers so that SQLite uses it).
READMITTED_PREDICATE = "first_joined < joined"
MEMBER_STATES = Table(
    "member_states",
    Base.metadata,
    Column("member_id", Integer, ForeignKey("members.id"), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id")),
    Column("joined", Date),
    Column("recognised", Date),
    Column("away_since", Date),
    Column("last_contact", Date),
    Column("first_joined", Date),  # the first admission (migration 0016)
    Index("ix_member_states_org", "org_id"),
    Index("ix_member_states_joined", "joined"),
    Index("ix_member_states_recognised", "recognised"),
    Index("ix_member_states_away", "away_since"),
    # The members admitted more than once (admission days of a member are distinct).
    Index("ix_member_states_readmitted", "member_id", sqlite_where=text(READMITTED_PREDICATE)),
    sqlite_strict=True,
)
_postgresql_partial(MEMBER_STATES, ix_member_states_readmitted=READMITTED_PREDICATE)
#: Each candidate's stage after their latest stage event and the latest expiry of their class
#: certificates (see models/states.py); kept current by a trigger on candidate_events.
CANDIDATE_STATES = Table(
    "candidate_states",
    Base.metadata,
    Column("candidate_id", Integer, ForeignKey("candidates.id"), primary_key=True),
    Column("stage", String(40), nullable=False),
    Column("expiry", Date),
    sqlite_strict=True,
)
#: Each Regulation 213 link's latest exemption and its end, and the first days it was ended
#: and registered; kept current by a trigger on residence_events.
LINK_STATES = Table(
    "link_states",
    Base.metadata,
    Column("link_id", Integer, ForeignKey("residence_links.id"), primary_key=True),
    Column("ex_on", Date),
    Column("ex_off", Date),
    Column("ended_on", Date),
    Column("registered_on", Date),
    sqlite_strict=True,
)
#: The first days a comment on a link was requested and returned for a rating year; same trigger.
LINK_YEAR_COMMENTS = Table(
    "link_year_comments",
    Base.metadata,
    Column("link_id", Integer, ForeignKey("residence_links.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("requested_on", Date),
    Column("returned_on", Date),
    sqlite_strict=True,
)
#: Each member's open early warning of removal, per reason (see models/warning_states.py,
#: migration 0014): a row only while the member is on a roll and no meeting of their cell
#: attended (no month paid) follows their last unexcused absence (unpaid month). The cell they
#: are on the rolls of, the last miss, and the distinct months with a miss, newest first, as
#: ``YYYY-MM,YYYY-MM,...`` (those within ``KEPT_MONTHS`` up to the last); ``second`` is the
#: second of them (NULL with one), what "two months or more in the window" reads through an index.
#: Kept by the record operations in their own transaction, rebuilt with the other kept tables.
WARNING_STATES = Table(
    "warning_states",
    Base.metadata,
    Column("member_id", Integer, ForeignKey("members.id"), primary_key=True),
    Column("reason", String(16), primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id"), nullable=False),
    Column("last_miss", Date, nullable=False),
    Column("second", Date),
    Column("months", String(200), nullable=False),
    Index("ix_warning_states_second", "second"),
    Index("ix_warning_states_org", "org_id"),
    sqlite_strict=True,
)
#: The latest meeting day and the latest dues month recorded (``book``: ``meeting`` or ``dues``):
#: the kept warnings answer for a day no meeting, book or roll event is dated after.
WARNING_LATEST = Table(
    "warning_latest",
    Base.metadata,
    Column("book", String(16), primary_key=True),
    Column("last_date", Date, nullable=False),
    sqlite_strict=True,
)
#: Which organisations' figures changed, and when (see models/org_changes.py): one row holding
#: the last change's number (``seq``) and the number of the tree's last change (``tree_seq``),
#: and per organisation the number of the last change that touched its own rows (events,
#: candidates, links, targets) and of the last change of its targets. Kept by triggers, so a dashboard can tell which of the
#: figures it holds are still current without reading them again.
CHANGE_SEQ = Table(
    "change_seq",
    Base.metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("tree_seq", BigInteger, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
    sqlite_strict=True,
)
ORG_CHANGES = Table(
    "org_changes",
    Base.metadata,
    Column("org_id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("target_seq", BigInteger, nullable=False, server_default=text("0")),
    Index("ix_org_changes_seq", "seq"),
    sqlite_strict=True,
)


# --- cell meetings, dues, briefing conclusions (migration 0011) -------------------------------
class CellMeeting(Base):
    """A cell's meeting (sinh hoạt chi bộ). Only the absent are stored: every other member on
    the cell's rolls that day attended. Append-only."""

    __tablename__ = "cell_meetings"
    __table_args__ = _table_args(UniqueConstraint("org_id", "meeting_date"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MeetingAbsence(Base):
    """A member absent from a meeting, excused or not. The cell and date repeat the meeting's,
    so the early warning reads a catchment's absences through one index. Append-only."""

    __tablename__ = "meeting_absences"
    __table_args__ = _table_args(
        Index("ix_meeting_absences_org_date", "org_id", "meeting_date"),
        Index("ix_meeting_absences_member_date", "member_id", "meeting_date"),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("cell_meetings.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    excused: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="excused_bool"))


class DuesBook(Base):
    """A cell's dues book for a month (``month`` is its first day), closed once. Append-only."""

    __tablename__ = "dues_books"
    __table_args__ = _table_args(UniqueConstraint("org_id", "month"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    month: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class DuesArrear(Base):
    """A member who had not paid the month's dues when the book was closed. Append-only."""

    __tablename__ = "dues_arrears"
    __table_args__ = _table_args(
        Index("ix_dues_arrears_org_month", "org_id", "month"),
        Index("ix_dues_arrears_member_month", "member_id", "month"),
    )

    book_id: Mapped[int] = mapped_column(ForeignKey("dues_books.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    month: Mapped[dt.date] = mapped_column(Date)


class Conclusion(Base):
    """A conclusion of a briefing (kết luận giao ban): what an organisation must do by when,
    optionally with a condition on a figure that says when it is done. Append-only."""

    __tablename__ = "conclusions"
    __table_args__ = _table_args(
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
        CheckConstraint("due >= briefing_date", name="due_after_briefing"),
        CheckConstraint(
            "(condition = 'admitted_at_least' AND cond_count >= 1 AND cond_from_year IS NOT NULL"
            " AND cond_to_year >= cond_from_year)"
            " OR (condition = 'r213_comments_complete' AND cond_from_year IS NOT NULL"
            " AND cond_to_year = cond_from_year AND cond_count IS NULL)"
            " OR ((condition = 'no_member_at_risk' OR condition IS NULL) AND cond_from_year IS NULL"
            " AND cond_to_year IS NULL AND cond_count IS NULL)",
            name="condition_fields",
        ),
        Index("ix_conclusions_org", "org_id", "due"),
        Index("ix_conclusions_briefing_org", "briefing_org_id", "briefing_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    briefing_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    briefing_date: Mapped[dt.date] = mapped_column(Date)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[dt.date] = mapped_column(Date)
    condition: Mapped[ConclusionCondition | None] = mapped_column(_enum(ConclusionCondition, "conclusion_condition"))
    cond_from_year: Mapped[int | None] = mapped_column(Integer)
    cond_to_year: Mapped[int | None] = mapped_column(Integer)
    cond_count: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ConclusionNote(Base):
    """A note on a conclusion; one that ``closes`` it marks it done by hand. Append-only."""

    __tablename__ = "conclusion_notes"
    __table_args__ = _table_args(
        CheckConstraint("length(trim(note)) > 0", name="note_not_blank"),
        Index("ix_conclusion_notes_conclusion", "conclusion_id", "noted_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conclusion_id: Mapped[int] = mapped_column(ForeignKey("conclusions.id"))
    noted_on: Mapped[dt.date] = mapped_column(Date)
    closes: Mapped[bool] = mapped_column(Boolean(create_constraint=True, name="closes_bool"))
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
