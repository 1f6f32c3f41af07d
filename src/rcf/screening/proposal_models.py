"""The links the linkage engines propose between two members' records, and the analyst's
decision on each.

A proposal names two records of one kind (two watchlist persons, or two incident reports) by id
only: whether a reviewer may see it is decided by both records' own sharing policy, inside the
query that lists proposals (``screening.proposals``). The explanation holds comparison levels
("name: close"), never the values compared, so a proposal says nothing a record does not.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcf.db import Base, StrEnumType, UTCDateTime, utcnow


class ProposalKind(StrEnum):
    PERSON = "watchlist_person"  # the record_type of WatchlistPerson
    EVENT = "incident"  # the record_type of Incident


class ProposalStatus(StrEnum):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class LinkProposal(Base):
    """ "These two records may describe one person (or one event)": proposed by the engine,
    then confirmed or rejected by an analyst who may see both."""

    __tablename__ = "link_proposals"
    __table_args__ = (
        # One proposal per pair, stored smaller id first: re-running the engines is idempotent.
        UniqueConstraint("kind", "left_id", "right_id"),
        CheckConstraint("left_id < right_id", name="ordered_pair"),
        Index("ix_link_proposals_kind_status", "kind", "status"),
        Index("ix_link_proposals_right", "kind", "right_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ProposalKind] = mapped_column(StrEnumType(ProposalKind, 24))
    left_id: Mapped[int] = mapped_column(Integer)
    right_id: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)  # in [0, 1], higher is stronger
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[ProposalStatus] = mapped_column(
        StrEnumType(ProposalStatus, 16), default=ProposalStatus.PROPOSED
    )
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
