"""Audit tables. Actor and member ids are plain integers, not foreign keys, so that no later
change elsewhere can cascade into the trail."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rcf.db import Base, UTCDateTime


class AuditAction(StrEnum):
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    SECOND_FACTOR_FAILED = "login.second_factor_failed"
    RECOVERY_CODE_USED = "login.recovery_code_used"
    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout.everywhere"
    PASSWORD_CHANGED = "account.password_changed"
    PASSWORD_RESET = "account.password_reset"
    TOTP_ENROLLED = "account.totp_enrolled"
    TOTP_RESET = "account.totp_reset"
    RECOVERY_CODES_GENERATED = "account.recovery_codes_generated"
    USER_CREATED = "user.created"
    USER_UPDATED = "user.updated"
    USER_DISABLED = "user.disabled"
    USER_ENABLED = "user.enabled"
    TOKEN_CREATED = "token.created"
    TOKEN_REVOKED = "token.revoked"
    MEMBER_CREATED = "member.created"
    MEMBER_UPDATED = "member.updated"
    AGENCY_CREATED = "agency.created"
    AGENCY_UPDATED = "agency.updated"
    PROCESS_CREATED = "process.created"
    PROCESS_UPDATED = "process.updated"
    RATE_UPDATED = "reference.rate_updated"
    RECORD_CREATED = "record.created"
    RECORD_UPDATED = "record.updated"
    RECORD_WITHDRAWN = "record.withdrawn"
    RECORD_READ = "record.read"
    # A victim's identity field was decrypted for someone to see (the field named, never its value).
    IDENTITY_DECRYPTED = "record.identity_decrypted"
    RECORD_LISTED = "record.listed"
    RECORD_EXPORTED = "record.exported"
    RECORD_LINKED = "record.linked"
    RECORD_UNLINKED = "record.unlinked"
    ACCESS_DENIED = "access.denied"
    DOCUMENT_CHECKED = "document.checked"
    HIT_DECIDED = "document.hit_decided"
    HIT_MESSAGE_SENT = "document.hit_message_sent"
    WEBHOOK_SET = "document.webhook_set"
    WEBHOOK_REMOVED = "document.webhook_removed"
    # A screening against the watchlist (the screened name only as a keyed digest), a hit it
    # made on another member's entry, and the owner's answer to it.
    PERSON_SCREENED = "screening.performed"
    SCREENING_HIT_CREATED = "screening.hit_created"
    SCREENING_HIT_DECIDED = "screening.hit_decided"
    SCREENING_WEBHOOK_SET = "screening.webhook_set"
    SCREENING_WEBHOOK_REMOVED = "screening.webhook_removed"
    # An analyst's decision on a link the linkage engines proposed between two records.
    LINK_CONFIRMED = "linkage.confirmed"
    LINK_REJECTED = "linkage.rejected"


class Decision(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    actor_label: Mapped[str] = mapped_column(String(254))
    member_id: Mapped[int | None] = mapped_column(Integer, index=True)
    agency_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    object_member_id: Mapped[int | None] = mapped_column(Integer, index=True)
    decision: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str] = mapped_column(String(64))
    client_address: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The single row that names the end of the chain; updating it first serialises writers."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
