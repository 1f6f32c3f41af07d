"""Incident report tables. One report is one event; the people in it are counts by citizenship,
sex and age group (``incident_person_counts``), never names. Each amendment keeps the previous
content as a version. The rollups of the reports are in ``rollup_models``."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcf.access.permissions import Permission
from rcf.access.policy import SharedRecord
from rcf.db import Base, StrEnumType, UTCDateTime, utcnow
from rcf.incidents.codes import (
    AgeGroup,
    Answer,
    BorderType,
    FeeBasis,
    ImpactLevel,
    IncidentKind,
    PaymentMethod,
    Sex,
    TransportMeans,
)


class Incident(SharedRecord, Base):
    __tablename__ = "incidents"
    record_type = "incident"
    read_permission = Permission.INCIDENT_READ
    write_permission = Permission.INCIDENT_WRITE

    # The reporting agency's own reference: what makes re-imports idempotent.
    reference: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[IncidentKind] = mapped_column(StrEnumType(IncidentKind, 32))
    occurred_on: Mapped[date] = mapped_column(Date)
    occurred_time: Mapped[time | None] = mapped_column(Time)
    country: Mapped[str] = mapped_column(String(3), index=True)
    location_name: Mapped[str] = mapped_column(String(200), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    border_type: Mapped[BorderType | None] = mapped_column(StrEnumType(BorderType, 8))
    checkpoint: Mapped[str] = mapped_column(String(200), default="")
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    embarkation_point: Mapped[str] = mapped_column(String(200), default="")
    destination_country: Mapped[str | None] = mapped_column(String(3))
    transport_means: Mapped[TransportMeans] = mapped_column(
        StrEnumType(TransportMeans, 16), default=TransportMeans.UNKNOWN
    )
    vehicle_type: Mapped[str] = mapped_column(String(100), default="")
    transport_identifier: Mapped[str] = mapped_column(String(100), default="")
    methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    persons_total: Mapped[int] = mapped_column(Integer, default=0)
    children_total: Mapped[int] = mapped_column(Integer, default=0)
    unaccompanied_children: Mapped[int] = mapped_column(Integer, default=0)
    separated_children: Mapped[int] = mapped_column(Integer, default=0)
    smuggled: Mapped[Answer] = mapped_column(StrEnumType(Answer, 8), default=Answer.UNKNOWN)
    fee_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    fee_currency: Mapped[str | None] = mapped_column(String(3))
    fee_basis: Mapped[FeeBasis | None] = mapped_column(StrEnumType(FeeBasis, 12))
    payment_method: Mapped[PaymentMethod | None] = mapped_column(StrEnumType(PaymentMethod, 16))
    # Normalised when reported, at the rate then in force (what the fee was worth at the time).
    fee_usd_per_person: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    facilitators: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fraudulent_documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    deaths: Mapped[int] = mapped_column(Integer, default=0)
    missing: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
    asylum_claims: Mapped[int] = mapped_column(Integer, default=0)
    arrests: Mapped[int] = mapped_column(Integer, default=0)
    prosecutions: Mapped[int] = mapped_column(Integer, default=0)
    trafficking_suspected: Mapped[Answer] = mapped_column(
        StrEnumType(Answer, 8), default=Answer.UNKNOWN
    )
    narrative: Mapped[str] = mapped_column(Text, default="")
    impact_level: Mapped[ImpactLevel] = mapped_column(
        StrEnumType(ImpactLevel, 8), default=ImpactLevel.LOW
    )
    # A fingerprint of the content, so a re-imported unchanged row is recognised cheaply.
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    person_counts: Mapped[list[PersonCount]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="PersonCount.id"
    )

    extra_table_args = (
        UniqueConstraint("owner_member_id", "reference"),
        Index("ix_incidents_occurred_kind", "occurred_on", "kind"),
        # What a rollup refresh reads: one member's reports of one month.
        Index("ix_incidents_owner_occurred", "owner_member_id", "occurred_on"),
    )


class PersonCount(Base):
    """How many persons of one citizenship, sex and age group an incident detected."""

    __tablename__ = "incident_person_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    citizenship: Mapped[str] = mapped_column(String(3))
    sex: Mapped[Sex] = mapped_column(StrEnumType(Sex, 1))
    age_group: Mapped[AgeGroup] = mapped_column(StrEnumType(AgeGroup, 8))
    count: Mapped[int] = mapped_column(Integer)

    incident: Mapped[Incident] = relationship(back_populates="person_counts")


class IncidentVersion(Base):
    """The content of a report as it stood before each amendment (and at withdrawal)."""

    __tablename__ = "incident_versions"
    __table_args__ = (UniqueConstraint("incident_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class CurrencyRate(Base):
    """US dollars per unit of a currency; shipped as a reference file and editable."""

    __tablename__ = "currency_rates"

    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    usd_per_unit: Mapped[Decimal] = mapped_column(Numeric(18, 8))
    as_of: Mapped[date] = mapped_column(Date)


class IncidentLink(Base):
    """An analyst's finding that two reports describe the same event: the duplicate is then
    counted once, through its canonical report, in every summary (events are not persons)."""

    __tablename__ = "incident_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    duplicate_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), unique=True
    )
    canonical_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    linked_by_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
