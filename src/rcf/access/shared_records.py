"""The sharing metadata every capability's records carry (``SharedRecord``), its vocabularies
(visibility, SIENA handling codes, source and information grading) and the share list of
records of visibility ``members`` (``RecordShare``)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from sqlalchemy import Date, ForeignKey, Index, Select, String, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from rcf.access.permissions import Permission
from rcf.db import Base, StrEnumType, UTCDateTime, utcnow


class Visibility(StrEnum):
    NATIONAL = "national"
    MEMBERS = "members"
    REGIONAL = "regional"


class HandlingCode(StrEnum):
    """Europol SIENA handling codes."""

    H0 = "H0"  # use only to prevent and combat crime
    H1 = "H1"  # not as evidence in court without the provider's permission
    H2 = "H2"  # not to be passed on without the provider's permission
    H3 = "H3"  # other restrictions, stated in handling_restriction


class SourceReliability(StrEnum):
    A = "A"  # no doubt
    B = "B"  # mostly reliable
    C = "C"  # mostly unreliable
    X = "X"  # cannot be assessed


class InformationAccuracy(StrEnum):
    CONFIRMED = "1"  # not in doubt
    KNOWN_TO_SOURCE = "2"  # known personally to the source
    CORROBORATED = "3"
    NOT_CORROBORATED = "4"


class RecordShare(Base):
    """A record of visibility ``members`` is shared with each member listed here."""

    __tablename__ = "record_shares"

    record_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# The sharing metadata of a record, as columns, form fields and file columns (``shared_with``,
# the list of members, lives in record_shares).
SHARING_FIELDS = (
    "visibility",
    "handling_code",
    "handling_restriction",
    "source_reliability",
    "information_accuracy",
    "review_date",
)


class SharedRecord:
    """Mixin with the sharing metadata every capability's records carry.

    A capability model sets ``record_type`` (its name in record_shares and audit) and
    ``read_permission``/``write_permission``.
    """

    record_type: ClassVar[str]
    read_permission: ClassVar[Permission]
    write_permission: ClassVar[Permission]
    extra_table_args: ClassVar[tuple[Any, ...]] = ()  # a capability's own indexes/constraints

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visibility: Mapped[Visibility] = mapped_column(
        StrEnumType(Visibility, 16), default=Visibility.NATIONAL
    )
    handling_code: Mapped[HandlingCode] = mapped_column(
        StrEnumType(HandlingCode, 2), default=HandlingCode.H0
    )
    handling_restriction: Mapped[str] = mapped_column(String(500), default="")
    source_reliability: Mapped[SourceReliability] = mapped_column(
        StrEnumType(SourceReliability, 1), default=SourceReliability.X
    )
    information_accuracy: Mapped[InformationAccuracy] = mapped_column(
        StrEnumType(InformationAccuracy, 1), default=InformationAccuracy.NOT_CORROBORATED
    )
    review_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        return (
            Index(f"ix_{name}_owner_created", "owner_member_id", "created_at"),
            Index(f"ix_{name}_visibility_id", "visibility", "id"),
            *cls.extra_table_args,
        )

    def sharing_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in SHARING_FIELDS}


R = TypeVar("R", bound=SharedRecord)


def shares_with(member: int, model: type[SharedRecord]) -> Select[Any]:
    """The share-list rows giving ``member`` a record of ``model`` (correlated on its id)."""
    return select(RecordShare.record_id).where(
        RecordShare.record_type == model.record_type,
        RecordShare.record_id == model.id,
        RecordShare.member_id == member,
    )
