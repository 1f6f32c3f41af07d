"""Trafficking case tables, aligned with the HTCDS field groups.

The person's identity (names, birth date, identity documents, contact, address) and the free
text (support plan, notes) are stored only sealed by ``rcf.trafficking.crypto``: a database dump
alone reveals no victim. Identity numbers are also kept as a keyed blind index for exact
look-ups. Everything else on the case is non-identifying and coded (HTCDS / CTDC code lists).
A case is never regional: it is national or shared with listed members while consent stands.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcf.access.permissions import Permission
from rcf.access.policy import SharedRecord
from rcf.db import Base, StrEnumType, UTCDateTime
from rcf.trafficking.codes import (
    AgeBand,
    CaseStatus,
    Gender,
    JourneyEventType,
    PerpetratorKind,
    StatusDecidedBy,
    TraffickingStatus,
)

# The sealed columns, by the field name the service, the forms and referrals use.
IDENTITY_COLUMNS = {
    "names": "names_sealed",
    "birth_date": "birth_date_sealed",
    "identity_documents": "identity_documents_sealed",
    "contact": "contact_sealed",
    "address": "address_sealed",
}
# Free text may name the person: sealed too, and shown only with the identity.
PRIVATE_TEXT_COLUMNS = {"support_plan": "support_plan_sealed", "notes": "notes_sealed"}
SEALED_COLUMNS = {**IDENTITY_COLUMNS, **PRIVATE_TEXT_COLUMNS}


class TraffickingCase(SharedRecord, Base):
    __tablename__ = "trafficking_cases"
    extra_table_args = (UniqueConstraint("owner_agency_id", "external_id"),)
    record_type = "trafficking_case"
    read_permission = Permission.TRAFFICKING_READ
    write_permission = Permission.TRAFFICKING_WRITE

    # Pseudonymous: what everyone allowed to see the case sees; says nothing about the person.
    case_number: Mapped[str] = mapped_column(String(24), unique=True)
    # Bound into every sealed value (crypto.FieldAddress): known before the insert.
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Imported from an HTCDS workbook: the source system's case id (unique per owning agency)
    # and a keyed digest of the row, so importing the same file again changes nothing.
    external_id: Mapped[str | None] = mapped_column(String(80))
    import_digest: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[CaseStatus] = mapped_column(
        StrEnumType(CaseStatus, 16), default=CaseStatus.ACTIVE
    )
    identified_on: Mapped[date] = mapped_column(Date)

    names_sealed: Mapped[str | None] = mapped_column(Text)
    birth_date_sealed: Mapped[str | None] = mapped_column(Text)
    identity_documents_sealed: Mapped[str | None] = mapped_column(Text)
    contact_sealed: Mapped[str | None] = mapped_column(Text)
    address_sealed: Mapped[str | None] = mapped_column(Text)
    support_plan_sealed: Mapped[str | None] = mapped_column(Text)
    notes_sealed: Mapped[str | None] = mapped_column(Text)

    gender: Mapped[Gender] = mapped_column(StrEnumType(Gender, 32), default=Gender.UNKNOWN)
    age_band: Mapped[AgeBand] = mapped_column(StrEnumType(AgeBand, 8), default=AgeBand.UNKNOWN)
    citizenships: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    trafficking_status: Mapped[TraffickingStatus] = mapped_column(
        StrEnumType(TraffickingStatus, 16), default=TraffickingStatus.POSSIBLE
    )
    status_decided_by: Mapped[StatusDecidedBy | None] = mapped_column(
        StrEnumType(StatusDecidedBy, 32)
    )
    recruitment_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    recruitment_country: Mapped[str | None] = mapped_column(String(3))
    online_platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    recruiter_relations: Mapped[list[str]] = mapped_column(JSON, default=list)
    means_of_control: Mapped[list[str]] = mapped_column(JSON, default=list)
    exploitation_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    isic_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    country_of_exploitation: Mapped[str | None] = mapped_column(String(3), index=True)
    place_of_exploitation: Mapped[str] = mapped_column(String(200), default="")
    duration_months: Mapped[int | None] = mapped_column(Integer)
    protection_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    protection_steps_done: Mapped[list[str]] = mapped_column(JSON, default=list)

    consent_purposes: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_given_on: Mapped[date | None] = mapped_column(Date)
    consent_retention_until: Mapped[date | None] = mapped_column(Date)
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The identification screening, kept when the officer chose to save it with the case.
    screening_indicators: Mapped[list[str] | None] = mapped_column(JSON)
    screening_minor: Mapped[bool | None] = mapped_column(Boolean)
    screening_outcome: Mapped[str | None] = mapped_column(String(16))

    perpetrators: Mapped[list[CasePerpetrator]] = relationship(
        order_by="CasePerpetrator.position", cascade="all, delete-orphan"
    )
    journey: Mapped[list[JourneyEvent]] = relationship(
        order_by="JourneyEvent.position", cascade="all, delete-orphan"
    )


class CasePerpetrator(Base):
    """A structured, non-nominal perpetrator profile: never a name."""

    __tablename__ = "trafficking_perpetrators"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_cases.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PerpetratorKind] = mapped_column(
        StrEnumType(PerpetratorKind, 16), default=PerpetratorKind.UNKNOWN
    )
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    citizenship: Mapped[str | None] = mapped_column(String(3))
    gender: Mapped[Gender] = mapped_column(StrEnumType(Gender, 32), default=Gender.UNKNOWN)
    age_band: Mapped[AgeBand] = mapped_column(StrEnumType(AgeBand, 8), default=AgeBand.UNKNOWN)


class JourneyEvent(Base):
    """Recruitment, transit or exploitation: where (country, place) and when (month precision
    is enough for the case; releases keep only the year)."""

    __tablename__ = "trafficking_journey_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_cases.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    event_type: Mapped[JourneyEventType] = mapped_column(StrEnumType(JourneyEventType, 16))
    country: Mapped[str] = mapped_column(String(3))
    place: Mapped[str] = mapped_column(String(200), default="")
    occurred_on: Mapped[date | None] = mapped_column(Date)


class IdentityIndex(Base):
    """Blind index of a case's identity document numbers (keyed HMAC, never the number)."""

    __tablename__ = "trafficking_identity_index"
    __table_args__ = (UniqueConstraint("case_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_cases.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(String(80), index=True)
