"""Input and output shapes of bulletins."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from rcf.access.policy import HandlingCode, InformationAccuracy, SourceReliability, Visibility
from rcf.access.schemas import SharingIn
from rcf.bulletins.models import BulletinCategory
from rcf.schemas import ShortText, StrictModel


class BulletinIn(StrictModel):
    title: ShortText
    category: BulletinCategory
    body: str = Field(min_length=1, max_length=20000)
    sharing: SharingIn = Field(default_factory=SharingIn)


class BulletinOut(StrictModel):
    id: int
    title: str
    category: BulletinCategory
    body: str
    owner_member: str
    owner_agency: str
    visibility: Visibility
    shared_with: list[str]
    handling_code: HandlingCode
    handling_restriction: str
    source_reliability: SourceReliability
    information_accuracy: InformationAccuracy
    review_date: date | None
    created_at: datetime
    updated_at: datetime
