"""Tables of the members registry."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcf.db import Base, StrEnumType


class MemberKind(StrEnum):
    MEMBER_STATE = "member_state"
    MEMBER_ORGANISATION = "member_organisation"
    OBSERVER_STATE = "observer_state"
    OBSERVER_ORGANISATION = "observer_organisation"
    RSO = "rso"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    FORMER = "former"


class AgencyKind(StrEnum):
    IMMIGRATION = "immigration"
    BORDER_POLICE = "border_police"
    POLICE = "police"
    ANTI_TRAFFICKING = "anti_trafficking"
    COAST_GUARD = "coast_guard"
    FOREIGN_AFFAIRS = "foreign_affairs"
    JUSTICE = "justice"
    SOCIAL_WELFARE = "social_welfare"
    SECRETARIAT = "secretariat"
    OTHER = "other"


class Member(Base):
    """A participant of the Bali Process: a state, an organisation, an observer or the RSO."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MemberKind] = mapped_column(StrEnumType(MemberKind, 32))
    status: Mapped[MemberStatus] = mapped_column(
        StrEnumType(MemberStatus, 16), default=MemberStatus.ACTIVE
    )
    joined_on: Mapped[date | None] = mapped_column(Date)

    agencies: Mapped[list[Agency]] = relationship(
        back_populates="member", order_by="Agency.name", cascade="all, delete-orphan"
    )

    @property
    def is_state(self) -> bool:
        return self.kind in (MemberKind.MEMBER_STATE, MemberKind.OBSERVER_STATE)


class Agency(Base):
    """A national agency (or an organisation's office) inside one member."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("member_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(StrEnumType(AgencyKind, 32))

    member: Mapped[Member] = relationship(back_populates="agencies")


class ConsultativeProcess(Base):
    """A sister Regional Consultative Process on migration (directory entry only)."""

    __tablename__ = "consultative_processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(200))
    established: Mapped[int | None] = mapped_column()
    secretariat: Mapped[str] = mapped_column(String(200), default="")
