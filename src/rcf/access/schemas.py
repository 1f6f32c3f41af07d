"""The sharing metadata every record's input carries (one schema reused by all capabilities)."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator, model_validator

from rcf.access.policy import HandlingCode, InformationAccuracy, SourceReliability, Visibility
from rcf.schemas import StrictModel


class SharingIn(StrictModel):
    visibility: Visibility = Visibility.NATIONAL
    shared_with: list[str] = Field(default_factory=list, max_length=100)
    handling_code: HandlingCode = HandlingCode.H0
    handling_restriction: str = Field("", max_length=500)
    source_reliability: SourceReliability = SourceReliability.X
    information_accuracy: InformationAccuracy = InformationAccuracy.NOT_CORROBORATED
    review_date: date | None = None

    @field_validator("shared_with")
    @classmethod
    def _codes(cls, codes: list[str]) -> list[str]:
        return sorted({code.strip().upper()[:8] for code in codes if code.strip()})

    @model_validator(mode="after")
    def _consistent(self) -> SharingIn:
        if self.visibility is Visibility.MEMBERS and not self.shared_with:
            raise ValueError("Choose at least one member to share with, or another visibility.")
        if self.visibility is not Visibility.MEMBERS and self.shared_with:
            raise ValueError("Members to share with apply only to the 'listed members' visibility.")
        if self.handling_code is HandlingCode.H3 and not self.handling_restriction.strip():
            raise ValueError("Handling code H3 needs its restriction stated.")
        if self.review_date is not None and self.review_date <= date.today():
            raise ValueError("The review date must be in the future.")
        return self
