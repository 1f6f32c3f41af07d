"""Output shapes of the watchlist and of screenings (API responses, also used by the pages)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import HandlingCode, InformationAccuracy, SourceReliability, Visibility
from rcf.access.sharing import shared_with_codes
from rcf.members.models import Agency, Member
from rcf.screening.models import IdentifierKind, WatchlistPerson
from rcf.screening.screenings import Candidate


class DocumentOut(BaseModel):
    number: str
    issuing_state: str


class LinkOut(BaseModel):
    record_type: str
    record_id: int


class PersonOut(BaseModel):
    id: int
    reference: str
    primary_name: str
    aliases: list[str]
    birth_dates: list[str]
    nationalities: list[str]
    gender: str
    documents: list[DocumentOut]
    phones: list[str]
    roles: list[str]
    remarks: str
    links: list[LinkOut]
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


class PersonPage(BaseModel):
    items: list[PersonOut]
    next_after: int | None


class CandidateOut(BaseModel):
    """A matched entry. For another member's entry, only the contact line is certain: names,
    dates and the explanation appear as far as the entry's handling code allows (null when not)."""

    score: float
    contact: str
    owner_member: str
    handling_code: str
    own: bool
    hit_reference: str | None
    person_id: int | None
    reference: str | None
    names: list[str] | None
    birth_dates: list[str] | None
    nationalities: list[str] | None
    gender: str | None
    explanation: dict[str, Any] | None


class MatchOut(BaseModel):
    candidates: list[CandidateOut]


class PassengerOut(BaseModel):
    position: int
    surname: str
    given_names: str
    birth_date: date | None
    nationality: str
    candidates: list[CandidateOut]


class ManifestOut(BaseModel):
    passengers: int
    screened: int
    with_candidates: int
    problems: list[str]
    results: list[PassengerOut]


def candidate_out(candidate: Candidate) -> CandidateOut:
    return CandidateOut(contact=candidate.contact, **vars(candidate))


def person_out(session: Session, person: WatchlistPerson) -> PersonOut:
    """The whole entry: only its own member's people ever get here."""
    member = session.scalar(select(Member.code).where(Member.id == person.owner_member_id))
    agency = session.scalar(select(Agency.name).where(Agency.id == person.owner_agency_id))
    identifiers = person.identifiers
    return PersonOut(
        id=person.id,
        reference=person.reference,
        primary_name=person.primary_name,
        aliases=[n.name for n in person.names if not n.is_primary],
        birth_dates=list(person.birth_dates),
        nationalities=list(person.nationalities),
        gender=person.gender,
        documents=[
            DocumentOut(number=i.value, issuing_state=i.issuing_state)
            for i in identifiers
            if i.kind is IdentifierKind.DOCUMENT
        ],
        phones=[i.value for i in identifiers if i.kind is IdentifierKind.PHONE],
        roles=list(person.roles),
        remarks=person.remarks,
        links=[LinkOut(record_type=k.record_type, record_id=k.record_id) for k in person.links],
        owner_member=member or "",
        owner_agency=agency or "",
        shared_with=shared_with_codes(session, person),
        created_at=person.created_at,
        updated_at=person.updated_at,
        **person.sharing_fields(),
    )
