"""Cross-border referral tables: a referral of one case from the sending member to the
receiving member, and the secure messages between the two sides.

Only the fields the sender chose travel (``fields``): the non-identifying ones as a plain
snapshot, the identity ones re-encrypted for the referral (bound to its ``uid``, so they open
nowhere else). Messages are sealed too: they may name the person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcf.db import Base, StrEnumType, UTCDateTime, utcnow
from rcf.trafficking.referrals import ReferralPurpose, ReferralStatus


class Approval:
    """Four eyes on identity data: ``pending`` until a second case worker of the sender approves;
    the receiver does not see a pending referral at all."""

    NOT_NEEDED = "not_needed"
    PENDING = "pending"
    APPROVED = "approved"


class TraffickingReferral(Base):
    __tablename__ = "trafficking_referrals"
    record_type = "trafficking_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_cases.id", ondelete="CASCADE"), index=True
    )
    sender_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    sender_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    receiver_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    receiver_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    purpose: Mapped[ReferralPurpose] = mapped_column(StrEnumType(ReferralPurpose, 24))
    status: Mapped[ReferralStatus] = mapped_column(StrEnumType(ReferralStatus, 24))
    status_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approval: Mapped[str] = mapped_column(String(12), default=Approval.NOT_NEEDED)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The chosen non-identifying fields, as they were when sent.
    case_fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The chosen identity fields, one sealed JSON object; erased when consent is withdrawn.
    identity_sealed: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReferralMessage(Base):
    __tablename__ = "trafficking_referral_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_referrals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    body_sealed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReferralAttachment(Base):
    """A file one side attached (PDF, PNG, JPEG or plain text, checked by its content). The
    file and its name are stored only sealed, bound to the referral and the attachment's
    ``uid``: no file is ever written under a web root, and a database dump shows neither."""

    __tablename__ = "trafficking_referral_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_referrals.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploader_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    name_sealed: Mapped[str] = mapped_column(Text)
    content_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReferralReminder(Base):
    """A reminder put in the responsible member's inbox by ``rcf trafficking reminders``: one
    per due state (due soon, due, and each later overdue round), never sent twice."""

    __tablename__ = "trafficking_referral_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("trafficking_referrals.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    side: Mapped[str] = mapped_column(String(8))
    status: Mapped[ReferralStatus] = mapped_column(StrEnumType(ReferralStatus, 24))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    overdue: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
