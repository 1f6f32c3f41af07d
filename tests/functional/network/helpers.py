"""Watchlist rows made directly through the models (the watchlist's service is built
elsewhere), with the core's sharing metadata, for the network and proposal tests."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcf.access.policy import HandlingCode, RecordShare, Visibility
from rcf.access.roles import Role
from rcf.incidents.models import Incident
from rcf.screening.models import (
    IdentifierKind,
    LinkedRecordType,
    ScreeningHit,
    WatchlistIdentifier,
    WatchlistLink,
    WatchlistName,
    WatchlistPerson,
)
from tests.factories import World, make_incident

_serial = itertools.count(1)


def make_person(
    db: Session,
    world: World,
    member: str,
    name: str,
    *,
    visibility: Visibility = Visibility.REGIONAL,
    shared_with: Sequence[str] = (),
    handling: HandlingCode = HandlingCode.H0,
    phones: Sequence[str] = (),
    documents: Sequence[str] = (),
    incidents: Sequence[int] = (),
    cases: Sequence[int] = (),
    birth_dates: Sequence[str] = (),
    nationalities: Sequence[str] = (),
) -> WatchlistPerson:
    """A synthetic person of interest of ``member`` ("A", "B", "C" or "RSO")."""
    agency = world.agencies[member]
    person = WatchlistPerson(
        reference=f"WL-{member}-{next(_serial)}",
        primary_name=name,
        owner_member_id=agency.member_id,
        owner_agency_id=agency.id,
        visibility=visibility,
        handling_code=handling,
        birth_dates=list(birth_dates),
        nationalities=list(nationalities),
        names=[WatchlistName(name=name, is_primary=True)],
        identifiers=[WatchlistIdentifier(kind=IdentifierKind.PHONE, value=p) for p in phones]
        + [WatchlistIdentifier(kind=IdentifierKind.DOCUMENT, value=d) for d in documents],
        links=[WatchlistLink(record_type=LinkedRecordType.INCIDENT, record_id=i) for i in incidents]
        + [
            WatchlistLink(record_type=LinkedRecordType.TRAFFICKING_CASE, record_id=c) for c in cases
        ],
    )
    db.add(person)
    db.flush()
    for code in shared_with:
        db.add(RecordShare(record_type=person.record_type, record_id=person.id,
                           member_id=world.members[code].id))  # fmt: skip
    db.flush()
    return person


def make_report(db: Session, world: World, member: str, reference: str, **overrides: object) -> int:
    """A synthetic incident report of ``member`` (regional unless ``sharing`` says otherwise)."""
    made = make_incident(
        db, world.persona(member, Role.CONTRIBUTOR), reference=reference, **overrides
    )
    assert isinstance(made, Incident)
    return made.id


def make_hit(db: Session, world: World, screener: str, person: WatchlistPerson) -> str:
    """A screening hit of ``screener``'s member on ``person``: returns its reference."""
    reference = f"SH-NET{next(_serial)}"
    db.add(ScreeningHit(reference=reference, person_id=person.id,
                        owner_member_id=person.owner_member_id,
                        screening_member_id=world.members[screener].id, score=0.9,
                        handling_code=person.handling_code))  # fmt: skip
    db.flush()
    return reference
