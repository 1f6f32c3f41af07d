"""Tables of the shared watchlist of persons of interest, and of the hits screening finds on it.

A watchlist entry is contributed by one member with the core's sharing metadata. Its names,
identifiers (document and phone numbers) and links to incident reports and trafficking cases are
child rows, so that the network view can join persons through what they share (a phone number,
a document, an event) with plain indexed queries.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcf.access.permissions import Permission
from rcf.access.policy import HandlingCode, SharedRecord
from rcf.db import Base, StrEnumType, UTCDateTime, utcnow
from rcf.webhooks import WebhookColumns


class PersonRole(StrEnum):
    """What a person of interest is suspected of doing (non-exclusive)."""

    ORGANISER = "organiser"
    RECRUITER = "recruiter"
    TRANSPORTER = "transporter"
    BOAT_CAPTAIN = "boat_captain"
    GUIDE = "guide"
    DOCUMENT_FORGER = "document_forger"
    FINANCIER = "financier"  # collects or moves fees (hawala, mobile money...)
    CORRUPT_OFFICIAL = "corrupt_official"
    EXPLOITER = "exploiter"
    OTHER = "other"


class IdentifierKind(StrEnum):
    DOCUMENT = "document"  # a travel or identity document number (normalised), with its issuer
    PHONE = "phone"  # E.164, normalised with phonenumbers


class LinkedRecordType(StrEnum):
    INCIDENT = "incident"
    TRAFFICKING_CASE = "trafficking_case"


class ScreeningHitStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"  # the owner confirms it is the same person
    NOT_SAME = "not_same"


class WatchlistPerson(SharedRecord, Base):
    """One person of interest, as one member knows them."""

    __tablename__ = "watchlist_persons"
    record_type = "watchlist_person"
    read_permission = Permission.SCREENING_READ
    write_permission = Permission.SCREENING_WRITE

    # The contributing agency's own reference: what makes re-imports idempotent.
    reference: Mapped[str] = mapped_column(String(64))
    primary_name: Mapped[str] = mapped_column(String(300))
    gender: Mapped[str] = mapped_column(String(1), default="")  # M, F, X or "" (unknown)
    # "YYYY-MM-DD", "YYYY" or "YYYY..YYYY" (a range), as screening.persons parses them.
    birth_dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    nationalities: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 3166-1 alpha-2
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)  # PersonRole values
    remarks: Mapped[str] = mapped_column(String(1000), default="")
    # A fingerprint of the content, so a re-imported unchanged row is recognised cheaply.
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    names: Mapped[list[WatchlistName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="WatchlistName.id"
    )
    identifiers: Mapped[list[WatchlistIdentifier]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="WatchlistIdentifier.id"
    )
    links: Mapped[list[WatchlistLink]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="WatchlistLink.id"
    )

    extra_table_args = (UniqueConstraint("owner_member_id", "reference"),)


class WatchlistName(Base):
    """A name of a person: the primary name and each alias, in Latin or in the original script."""

    __tablename__ = "watchlist_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("watchlist_persons.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[WatchlistPerson] = relationship(back_populates="names")


class WatchlistIdentifier(Base):
    """A document or phone number of a person; shared values connect persons in the network."""

    __tablename__ = "watchlist_identifiers"
    __table_args__ = (Index("ix_watchlist_identifiers_kind_value", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("watchlist_persons.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[IdentifierKind] = mapped_column(StrEnumType(IdentifierKind, 16))
    value: Mapped[str] = mapped_column(String(64))  # normalised number
    issuing_state: Mapped[str] = mapped_column(String(3), default="")  # documents only

    person: Mapped[WatchlistPerson] = relationship(back_populates="identifiers")


class WatchlistLink(Base):
    """A link from a person to an incident report or a trafficking case (by id only: whether
    the viewer may see the linked record is decided by that record's own policy)."""

    __tablename__ = "watchlist_links"
    __table_args__ = (
        UniqueConstraint("person_id", "record_type", "record_id"),
        Index("ix_watchlist_links_record", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("watchlist_persons.id", ondelete="CASCADE"))
    record_type: Mapped[LinkedRecordType] = mapped_column(StrEnumType(LinkedRecordType, 24))
    record_id: Mapped[int] = mapped_column(Integer)

    person: Mapped[WatchlistPerson] = relationship(back_populates="links")


class ScreeningHit(Base):
    """A screening that matched another member's entry: the owner is told, and the two members
    can confirm or rule out that it is the same person. The screened name is not kept here;
    the screening member holds it, and the hit reference lets the two talk."""

    __tablename__ = "screening_hits"
    __table_args__ = (
        Index("ix_screening_hits_owner_created", "owner_member_id", "created_at"),
        Index("ix_screening_hits_screening_created", "screening_member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # random, shown to both
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("watchlist_persons.id", ondelete="SET NULL"), index=True
    )
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    screening_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    screening_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    screened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    score: Mapped[float] = mapped_column(Float)
    handling_code: Mapped[HandlingCode] = mapped_column(StrEnumType(HandlingCode, 2))
    status: Mapped[ScreeningHitStatus] = mapped_column(
        StrEnumType(ScreeningHitStatus, 16), default=ScreeningHitStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    owner_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScreeningHitWebhook(WebhookColumns, Base):
    """Where a member wants the hits on its watchlist entries pushed (optional), besides its
    inbox: set by its focal point (``screening.hit_webhooks``)."""

    __tablename__ = "screening_hit_webhooks"


class WatchlistVersion(Base):
    """One row whose token changes in every transaction that changes the watchlist (entries,
    names or sharing). Each process keeps its screening indexes in memory and rebuilds one when
    the token it was built at is no longer current: one primary-key read per screening. The row
    lock of the update orders concurrent writers, so the last token committed is always new."""

    __tablename__ = "watchlist_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
