"""Tables of the travel-document register (like INTERPOL's SLTD), its hits and their exchange.

A register record is non-nominal: a document number, its issuing state and type, what happened
to it, and the reporting member's own reference. Only the issuing member's agencies write it;
other members only ever learn of one record at a time, through a hit on a number they checked.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcf.access.policy import HandlingCode
from rcf.db import Base, StrEnumType, UTCDateTime, utcnow
from rcf.webhooks import WebhookColumns


class DocumentType(StrEnum):
    PASSPORT = "passport"
    IDENTITY_CARD = "identity_card"
    VISA = "visa"
    TRAVEL_DOCUMENT = "travel_document"  # refugee, stateless, emergency travel documents
    OTHER = "other"


class DocumentStatus(StrEnum):
    LOST = "lost"
    STOLEN_BLANK = "stolen_blank"
    STOLEN_FROM_BEARER = "stolen_from_bearer"
    REVOKED = "revoked"  # revoked or invalidated by the issuer
    FRAUDULENT = "fraudulent"  # with a fraud type


class FraudType(StrEnum):
    COUNTERFEIT = "counterfeit"
    FORGED = "forged"
    FRAUDULENTLY_OBTAINED = "fraudulently_obtained"  # a genuine document obtained by fraud
    IMPOSTOR = "impostor"  # a genuine document used by someone else


class HitStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    NOT_SAME = "not_same"  # not the same document


class DocumentRecord(Base):
    """One lost, stolen, revoked or fraudulent document, reported by its issuing member."""

    __tablename__ = "document_records"
    __table_args__ = (
        UniqueConstraint("owner_member_id", "national_reference"),
        # Every check is one lookup of this key (issuing state + confusable key of the number);
        # exact matches share it, so one index answers both kinds.
        Index("ix_document_records_check_key", "check_key"),
        Index("ix_document_records_owner_id", "owner_member_id", "id"),
        Index("ix_document_records_review_date", "review_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The reporting agency's own reference: what makes re-imports idempotent.
    national_reference: Mapped[str] = mapped_column(String(64))
    document_number: Mapped[str] = mapped_column(String(40))  # normalised
    issuing_state: Mapped[str] = mapped_column(String(3))
    check_key: Mapped[str] = mapped_column(String(48))  # "<state>:<confusable key>"
    document_type: Mapped[DocumentType] = mapped_column(StrEnumType(DocumentType, 16))
    status: Mapped[DocumentStatus] = mapped_column(StrEnumType(DocumentStatus, 20))
    fraud_type: Mapped[FraudType | None] = mapped_column(StrEnumType(FraudType, 24))
    issue_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    loss_date: Mapped[date | None] = mapped_column(Date)  # date of loss or theft
    remarks: Mapped[str] = mapped_column(String(500), default="")  # non-nominal
    handling_code: Mapped[HandlingCode] = mapped_column(
        StrEnumType(HandlingCode, 2), default=HandlingCode.H0
    )
    review_date: Mapped[date] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DocumentHit(Base):
    """A check that found a register record: the start of the confirmation exchange between
    the checking member and the issuing (owner) member."""

    __tablename__ = "document_hits"
    __table_args__ = (
        Index("ix_document_hits_owner_created", "owner_member_id", "created_at"),
        Index("ix_document_hits_checking_created", "checking_member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)  # random, shown to both
    # The record may be removed at its review date; the hit keeps what the checker was told.
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_records.id", ondelete="SET NULL"), index=True
    )
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    checking_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    checking_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_number: Mapped[str] = mapped_column(String(40))  # as the checker sent it, normalised
    match: Mapped[str] = mapped_column(String(16))  # exact or confusable
    document_status: Mapped[DocumentStatus] = mapped_column(StrEnumType(DocumentStatus, 20))
    handling_code: Mapped[HandlingCode] = mapped_column(StrEnumType(HandlingCode, 2))
    status: Mapped[HitStatus] = mapped_column(StrEnumType(HitStatus, 16), default=HitStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    owner_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class HitMessage(Base):
    """A message between the two members of a hit (no names of travellers: references only)."""

    __tablename__ = "document_hit_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    hit_id: Mapped[int] = mapped_column(
        ForeignKey("document_hits.id", ondelete="CASCADE"), index=True
    )
    author_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HitWebhook(WebhookColumns, Base):
    """Where a member wants its document hits pushed (optional): a URL and the secret that
    signs them, stored encrypted like TOTP secrets (``rcf.webhooks``)."""

    __tablename__ = "document_hit_webhooks"
