"""Rollup tables: exact pre-aggregates of the live, non-duplicate incident reports, kept in step
by every write (see ``incidents.rollups``), so that summaries over any date range sum groups
instead of reports. ``RollupStatus`` and ``RollupTail`` say when, and for which reports, the
rollups are not to be relied on alone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcf.access.policy import Visibility
from rcf.db import Base, StrEnumType, UTCDateTime

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
