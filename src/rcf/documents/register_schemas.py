"""Input and output of the register, the checks and the hits (API, forms and files alike).

Document numbers and states are normalised by ``documents.numbers`` as they are validated, so a
number typed with spaces, dashes, fillers, lower case or full-width characters is stored and
compared in one form.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from rcf.access.policy import HandlingCode
from rcf.documents.models import DocumentStatus, DocumentType, FraudType, HitStatus
from rcf.documents.numbers import is_known_state, normalise_number, normalise_state
from rcf.schemas import StrictModel

MAX_NUMBER = 40
MAX_BATCH = 10_000
# The first letter of an MRZ document code, for checks that send ``P``, ``ID``, ``V``...
MRZ_TYPES = {"P": DocumentType.PASSPORT, "I": DocumentType.IDENTITY_CARD}
MRZ_TYPES |= {"A": DocumentType.IDENTITY_CARD, "C": DocumentType.IDENTITY_CARD}
MRZ_TYPES |= {"V": DocumentType.VISA}

Reference = Annotated[str, Field(min_length=1, max_length=64)]


def clean_number(value: Any) -> str:
    """A document number as stored: normalised, then checked for its characters and length."""
    number = normalise_number(str(value)[: MAX_NUMBER * 4])
    if not number:
        raise ValueError("Enter the document number.")
    if len(number) > MAX_NUMBER or not (number.isascii() and number.isalnum()):
        raise ValueError(f"Use at most {MAX_NUMBER} letters A-Z and digits.")
    return number


def clean_state(value: Any) -> str:
    """An issuing state as its ICAO code (ISO alpha-2 and alpha-3 accepted)."""
    state = normalise_state(str(value)[:20])
    if not is_known_state(state):
        raise ValueError("Use the ICAO code of the issuing state (e.g. THA, IDN, D).")
    return state


def document_type_of(value: Any) -> DocumentType:
    """One of our types, or an MRZ document code (P, ID, V...)."""
    text = str(value).strip()
    if text.lower() in DocumentType.__members__.values():
        return DocumentType(text.lower())
    found = MRZ_TYPES.get(text[:1].upper()) if 1 <= len(text) <= 2 else None
    if found is None:
        names = ", ".join(t.value for t in DocumentType)
        raise ValueError(f"Use one of {names} (or an MRZ code such as P or ID).")
    return found


class RecordIn(StrictModel):
    """A register record as its issuing member reports it."""

    national_reference: Reference
    document_number: str
    issuing_state: str
    document_type: DocumentType
    status: DocumentStatus
    fraud_type: FraudType | None = None
    issue_date: date | None = None
    expiry_date: date | None = None
    loss_date: date | None = None
    remarks: str = Field("", max_length=500, description="Non-nominal: never a person's name.")
    handling_code: HandlingCode = HandlingCode.H0
    review_date: date | None = Field(
        None, description="When the record is removed; default: in RCF_DOCUMENT_REVIEW_YEARS."
    )

    _number = field_validator("document_number", mode="before")(clean_number)
    _state = field_validator("issuing_state", mode="before")(clean_state)
    _type = field_validator("document_type", mode="before")(document_type_of)

    @field_validator("national_reference", "remarks")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()

    @model_validator(mode="after")
    def _consistent(self) -> RecordIn:
        if (self.status is DocumentStatus.FRAUDULENT) != (self.fraud_type is not None):
            raise ValueError("A fraud type is given exactly when the status is fraudulent.")
        if self.issue_date and self.expiry_date and self.issue_date > self.expiry_date:
            raise ValueError("The issue date is after the expiry date.")
        if self.loss_date and self.loss_date > date.today():
            raise ValueError("The date of loss or theft is in the future.")
        if self.review_date and self.review_date <= date.today():
            raise ValueError("The review date must be in the future.")
        return self


class RecordOut(BaseModel):
    """A record as its own member (or the correcting RSO administrator) sees it."""

    id: int
    national_reference: str
    document_number: str
    issuing_state: str
    document_type: DocumentType
    status: DocumentStatus
    fraud_type: FraudType | None
    issue_date: date | None
    expiry_date: date | None
    loss_date: date | None
    remarks: str
    handling_code: HandlingCode
    review_date: date

    model_config = {"from_attributes": True}


class RecordPage(BaseModel):
    items: list[RecordOut]
    next_after: int | None


class CheckIn(StrictModel):
    """One document to check: its number and issuing state, or its MRZ lines."""

    document_number: str | None = Field(None, max_length=100)
    issuing_state: str | None = Field(None, max_length=20)
    document_type: str | None = Field(
        None,
        max_length=20,
        description="Optional (passport, P, ID, V...): a visa is checked against visas only, "
        "any other document against every document but visas.",
    )
    birth_date: date | None = Field(
        None,
        description="Accepted for national systems' convenience; the register is "
        "non-nominal, so it does not take part in the match.",
    )
    mrz: list[Annotated[str, Field(max_length=100)]] | None = Field(None, max_length=5)

    @model_validator(mode="after")
    def _one_form(self) -> CheckIn:
        by_number = self.document_number is not None or self.issuing_state is not None
        if self.mrz is not None and by_number:
            raise ValueError("Send either mrz or document_number and issuing_state, not both.")
        if self.mrz is None and not (self.document_number and self.issuing_state):
            raise ValueError("Send document_number and issuing_state (or mrz).")
        return self


class HitOut(BaseModel):
    """What a checker learns of a register record: nothing but these five values."""

    hit_reference: str
    match: Literal["exact", "confusable"]
    status: DocumentStatus
    owner_member: str
    handling_code: HandlingCode


class CheckedOut(BaseModel):
    document_number: str
    issuing_state: str


class CheckOut(BaseModel):
    result: Literal["hit", "no_hit"]
    checked: CheckedOut
    hits: list[HitOut]


class PassengerIn(StrictModel):
    """One passenger of a batch: the document and, optionally, what the manifest says of it."""

    document_number: str = Field(max_length=100)
    issuing_state: str = Field(max_length=20)
    document_type: str | None = Field(None, max_length=20)
    expiry_date: date | None = None
    birth_date: date | None = None
    reference: str = Field("", max_length=64, description="The passenger's line or id.")


class BatchIn(StrictModel):
    """Passengers as JSON, or a whole manifest file's text (CSV with a header row, or PAXLST)."""

    passengers: list[PassengerIn] | None = Field(None, min_length=1, max_length=MAX_BATCH)
    manifest: str | None = Field(None, min_length=1, max_length=2_000_000)

    @model_validator(mode="after")
    def _one_form(self) -> BatchIn:
        if (self.passengers is None) == (self.manifest is None):
            raise ValueError("Send either passengers or manifest.")
        return self


class IssueOut(BaseModel):
    code: str
    message: str


class PassengerOut(BaseModel):
    position: int
    reference: str
    surname: str
    given_names: str
    document_number: str
    issuing_state: str
    hits: list[HitOut]
    issues: list[IssueOut]


class BatchOut(BaseModel):
    passengers: int
    hits: int
    problems: list[IssueOut]  # about the manifest as a whole (e.g. a refused file)
    results: list[PassengerOut]


class HitMessageOut(BaseModel):
    member: str
    body: str
    at: str


class HitDetailOut(BaseModel):
    hit_reference: str
    status: HitStatus
    match: str
    document_status: DocumentStatus
    owner_member: str
    checking_member: str
    handling_code: HandlingCode
    checked_number: str
    created_at: str
    decided_at: str | None
    messages: list[HitMessageOut]
    # Only the owner sees which of its records was hit (its own national reference).
    national_reference: str | None = None


class DecisionIn(StrictModel):
    decision: Literal["confirmed", "not_same"]
    message: str = Field("", max_length=2000)


class MessageIn(StrictModel):
    body: str = Field(min_length=1, max_length=2000)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Write a message.")
        return value.strip()


class HitSummaryOut(BaseModel):
    hit_reference: str
    status: HitStatus
    match: str
    document_status: DocumentStatus
    owner_member: str
    checking_member: str
    created_at: str


class HitListOut(BaseModel):
    items: list[HitSummaryOut]
    next_after: int | None
