"""Incident report tables. One report is one event; the people in it are counts by citizenship,
sex and age group (``incident_person_counts``), never names. Each amendment keeps the previous
content as a version."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
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
from rcf.access.policy import SharedRecord, Visibility
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


# --- Rollups: exact pre-aggregates of the live, non-duplicate reports (see incidents.rollups) ---


# The indexes a date range reads (month tables by owner and month, day tables by day): holding
# every column the charts read, they are all a query visits (no lookup of each row).
_KEY = ("visibility", "shared_with")
_ROUTE = ("origin_country", "transit", "destination_country")
_MAIN = ("kind", "country", *_ROUTE, "events", "persons", "deaths", "missing")
_CITIZENSHIP = ("kind", "country", "citizenship", "persons")
_FEE = (*_ROUTE, "fee_usd", "reports")
COVERING = {
    "incident_rollups": ("owner_member_id", "month", *_KEY, *_MAIN),
    "incident_citizenship_rollups": ("owner_member_id", "month", *_KEY, *_CITIZENSHIP),
    "incident_fee_rollups": ("owner_member_id", "month", *_KEY, *_FEE),
    "incident_day_rollups": ("day", "owner_member_id", *_KEY, *_MAIN),
    "incident_day_citizenship_rollups": ("day", "owner_member_id", *_KEY, *_CITIZENSHIP),
    "incident_day_fee_rollups": ("day", "owner_member_id", *_KEY, *_FEE),
}
# The fee histograms over a date range, in the order they are grouped (month, route, fee): a
# range of months is summed as the index is read, with no sort of its ~100,000 entries.
FEE_ORDER = {
    "incident_fee_rollups": ("month", *_ROUTE, "fee_usd", "owner_member_id", *_KEY, "reports"),
    "incident_day_fee_rollups": (
        "month", *_ROUTE, "fee_usd", "day", "owner_member_id", *_KEY, "reports",
    ),
}  # fmt: skip


class _RollupKey:
    """What the sharing policy decides on (owner, visibility, members shared with as ",3,7,")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_member_id: Mapped[int] = mapped_column(Integer)
    visibility: Mapped[Visibility] = mapped_column(StrEnumType(Visibility, 16))
    shared_with: Mapped[str] = mapped_column(Text, default="")


class IncidentRollup(_RollupKey, Base):
    """Events, persons, deaths and missing per month, kind, country and route."""

    __tablename__ = "incident_rollups"
    __table_args__ = (Index("ix_incident_rollups_owner_month", *COVERING["incident_rollups"]),)

    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)  # the JSON text of transit_countries
    destination_country: Mapped[str | None] = mapped_column(String(3))
    events: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)


class CitizenshipRollup(_RollupKey, Base):
    """Persons per month, kind, country and citizenship."""

    __tablename__ = "incident_citizenship_rollups"
    __table_args__ = (
        Index(
            "ix_incident_citizenship_rollups_owner_month",
            *COVERING["incident_citizenship_rollups"],
        ),
    )

    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    citizenship: Mapped[str] = mapped_column(String(3))
    persons: Mapped[int] = mapped_column(Integer)


class CitizenshipTotal(_RollupKey, Base):
    """``CitizenshipRollup`` summed over months, kinds and countries (the unfiltered chart)."""

    __tablename__ = "incident_citizenship_totals"
    __table_args__ = (Index("ix_incident_citizenship_totals_owner", "owner_member_id"),)

    citizenship: Mapped[str] = mapped_column(String(3))
    persons: Mapped[int] = mapped_column(Integer)


class FeeRollup(_RollupKey, Base):
    """How many reports gave each fee (USD per person) per month and route: a histogram, because
    a median cannot be summed, but counts can (a write adds and subtracts)."""

    __tablename__ = "incident_fee_rollups"
    __table_args__ = (
        Index("ix_incident_fee_rollups_owner_month", *COVERING["incident_fee_rollups"]),
        Index("ix_incident_fee_rollups_month_route", *FEE_ORDER["incident_fee_rollups"]),
    )

    month: Mapped[date] = mapped_column(Date)
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str | None] = mapped_column(String(3))
    fee_usd: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reports: Mapped[int] = mapped_column(Integer)


class RouteFeeRollup(_RollupKey, Base):
    """``FeeRollup`` summed over all months: what the unfiltered fee chart reads."""

    __tablename__ = "incident_route_fee_rollups"
    __table_args__ = (Index("ix_incident_route_fee_rollups_owner", "owner_member_id"),)

    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str | None] = mapped_column(String(3))
    fee_usd: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reports: Mapped[int] = mapped_column(Integer)


class DayRollup(_RollupKey, Base):
    """``IncidentRollup`` per day, for the partly chosen months at the ends of a date range
    (so that those days are summed from groups too, not from every report)."""

    __tablename__ = "incident_day_rollups"
    __table_args__ = (
        Index("ix_incident_day_rollups_owner_month", "owner_member_id", "month"),
        Index("ix_incident_day_rollups_day", *COVERING["incident_day_rollups"]),
    )

    month: Mapped[date] = mapped_column(Date)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str | None] = mapped_column(String(3))
    events: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)


class DayCitizenshipRollup(_RollupKey, Base):
    """``CitizenshipRollup`` per day (the partial months of a date range)."""

    __tablename__ = "incident_day_citizenship_rollups"
    __table_args__ = (
        Index("ix_incident_day_citizenship_rollups_owner_month", "owner_member_id", "month"),
        Index(
            "ix_incident_day_citizenship_rollups_day",
            *COVERING["incident_day_citizenship_rollups"],
        ),
    )

    month: Mapped[date] = mapped_column(Date)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    citizenship: Mapped[str] = mapped_column(String(3))
    persons: Mapped[int] = mapped_column(Integer)


class DayFeeRollup(_RollupKey, Base):
    """``FeeRollup`` per day (the partial months of a date range)."""

    __tablename__ = "incident_day_fee_rollups"
    __table_args__ = (
        Index("ix_incident_day_fee_rollups_owner_month", "owner_member_id", "month"),
        Index("ix_incident_day_fee_rollups_day", *COVERING["incident_day_fee_rollups"]),
        Index("ix_incident_day_fee_rollups_month_route", *FEE_ORDER["incident_day_fee_rollups"]),
    )

    month: Mapped[date] = mapped_column(Date)
    day: Mapped[date] = mapped_column(Date)
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str | None] = mapped_column(String(3))
    fee_usd: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    reports: Mapped[int] = mapped_column(Integer)


class DuplicateRollup(_RollupKey, Base):
    """One row per live linked duplicate: its own keys and figures beside its canonical report's
    keys, so that "counted once" (the duplicate counts only when the caller does not count its
    canonical report) is decided over columns, without joining the reports."""

    __tablename__ = "incident_duplicate_rollups"
    __table_args__ = (
        Index("ix_incident_duplicate_rollups_owner_month", "owner_member_id", "month"),
        Index(
            "ix_incident_duplicate_rollups_canonical",
            "canonical_owner_member_id",
            "canonical_month",
        ),
    )

    duplicate_id: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[date] = mapped_column(Date)
    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    country: Mapped[str] = mapped_column(String(3))
    origin_country: Mapped[str | None] = mapped_column(String(3))
    transit: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str | None] = mapped_column(String(3))
    persons: Mapped[int] = mapped_column(Integer)
    deaths: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)
    fee_usd: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    canonical_owner_member_id: Mapped[int] = mapped_column(Integer)
    canonical_visibility: Mapped[Visibility] = mapped_column(StrEnumType(Visibility, 16))
    canonical_shared_with: Mapped[str] = mapped_column(Text)
    canonical_occurred_on: Mapped[date] = mapped_column(Date)
    canonical_month: Mapped[date] = mapped_column(Date)
    canonical_kind: Mapped[str] = mapped_column(String(32))
    canonical_country: Mapped[str] = mapped_column(String(3))
    canonical_live: Mapped[bool] = mapped_column(Boolean)


class RollupStatus(Base):
    """A row here means the rollups are not to be trusted (e.g. the table was added to a database
    that already held reports): summaries then aggregate the reports directly until
    ``rcf incidents rollups rebuild`` removes it."""

    __tablename__ = "incident_rollup_status"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))


class RollupTail(Base):
    """Reports an import wrote that the rollups do not hold yet (``import_rollups``): the
    owner's reports with ids from ``first_id`` to ``last_id`` created at ``created_at``. The
    summaries add them up from the reports; ``import_rollups.fold`` moves them into the rollups
    and deletes the row, in one transaction."""

    __tablename__ = "incident_rollup_tail"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_member_id: Mapped[int] = mapped_column(Integer)
    first_id: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
