"""The bulletin table: sharing metadata from the core mixin plus its own fields."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rcf.access.permissions import Permission
from rcf.access.policy import SharedRecord
from rcf.db import Base, StrEnumType


class BulletinCategory(StrEnum):
    ALERT = "alert"
    TREND = "trend"
    MODUS_OPERANDI = "modus_operandi"
    REQUEST_FOR_INFORMATION = "request_for_information"
    GOOD_PRACTICE = "good_practice"


class Bulletin(SharedRecord, Base):
    __tablename__ = "bulletins"
    record_type = "bulletin"
    read_permission = Permission.BULLETIN_READ
    write_permission = Permission.BULLETIN_WRITE

    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[BulletinCategory] = mapped_column(StrEnumType(BulletinCategory, 32))
    body: Mapped[str] = mapped_column(Text)
