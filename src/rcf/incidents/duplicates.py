"""Probable duplicate reports of one event, and the analyst's links between them.

Members report events, not persons: one boat intercepted by Australia and first sighted by
Indonesia arrives as two reports. Candidates are searched with one scoped SQL query, so only
reports the analyst may already see are ever compared (C4: no leak through a duplicate check),
then scored in Python with the reasons shown to the analyst.

A link says "this report (the duplicate) describes the same event as that one (the canonical)";
summaries then count the duplicate once, through its canonical report.

Examples:
    >>> from datetime import date
    >>> a = EventFacts(date(2024, 3, 1), "IDN", "Rote", "LKA", "AUS", 30, "KM 7")
    >>> b = EventFacts(date(2024, 3, 2), "AUS", "Ashmore Reef", "LKA", "AUS", 28, "km 7")
    >>> [r.code for r in score(a, b).reasons]
    ['date', 'route', 'persons', 'vessel']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, get_visible, require, scope
from rcf.audit.models import AuditAction
from rcf.audit.service import record, record_listing
from rcf.errors import Forbidden, InvalidInput
from rcf.incidents import rollups
from rcf.incidents.models import Incident, IncidentLink
from rcf.runtime import Runtime

DATE_WINDOW_DAYS = 2
PERSONS_TOLERANCE = 0.20
MAX_COMPARED = 200  # rows read from the database for one report
MAX_SHOWN = 20

# What each agreement adds to the score (out of 100).
WEIGHTS = {"date": 25, "route": 20, "place": 20, "persons": 20, "vessel": 30}


class Facts(Protocol):
    """The fields of a report the comparison reads (an Incident row has them all)."""

    @property
    def occurred_on(self) -> date: ...
    @property
    def country(self) -> str: ...
    @property
    def location_name(self) -> str: ...
    @property
    def origin_country(self) -> str | None: ...
    @property
    def destination_country(self) -> str | None: ...
    @property
    def persons_total(self) -> int: ...
    @property
    def transport_identifier(self) -> str: ...


@dataclass(frozen=True)
class EventFacts:
    """A plain ``Facts`` (for tests and benchmarks)."""

    occurred_on: date
    country: str
    location_name: str
    origin_country: str | None
    destination_country: str | None
    persons_total: int
    transport_identifier: str


@dataclass(frozen=True)
class Reason:
    code: str  # date | route | place | persons | vessel
    text: str


@dataclass(frozen=True)
class Score:
    value: int
    reasons: list[Reason]

    @property
    def probable(self) -> bool:
        """Same days, same route or place, and similar counts or the same vessel."""
        codes = {r.code for r in self.reasons}
        return (
            "date" in codes
            and bool(codes & {"route", "place"})
            and bool(codes & {"persons", "vessel"})
        )


@dataclass(frozen=True)
class Candidate:
    incident: Incident
    score: Score


def _normal(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def persons_similar(a: int, b: int) -> bool:
    """Within 20% of the larger count; two empty counts say nothing."""
    if a <= 0 or b <= 0:
        return False
    return abs(a - b) <= PERSONS_TOLERANCE * max(a, b)


def score(subject: Facts, other: Facts) -> Score:
    """How much two reports look like one event, with the reasons (pure, no I/O)."""
    reasons = []
    days = abs((subject.occurred_on - other.occurred_on).days)
    if days <= DATE_WINDOW_DAYS:
        when = "same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart"
        reasons.append(Reason("date", f"Dates {when}"))
    route = (subject.origin_country, subject.destination_country)
    if None not in route and route == (other.origin_country, other.destination_country):
        reasons.append(Reason("route", f"Same route {route[0]} to {route[1]}"))
    place = _normal(subject.location_name)
    if place and subject.country == other.country and place == _normal(other.location_name):
        reasons.append(Reason("place", f"Same place: {other.location_name}, {other.country}"))
    if persons_similar(subject.persons_total, other.persons_total):
        reasons.append(
            Reason("persons", f"Persons {subject.persons_total} and {other.persons_total}")
        )
    vessel = _normal(subject.transport_identifier)
    if vessel and vessel == _normal(other.transport_identifier):
        reasons.append(Reason("vessel", f"Same vessel or vehicle: {other.transport_identifier}"))
    return Score(sum(WEIGHTS[r.code] for r in reasons), reasons)


# --- Reading ------------------------------------------------------------------------------------


def candidates(
    session: Session, runtime: Runtime, actor: Actor, subject: Incident
) -> list[Candidate]:
    """Probable duplicates of ``subject`` among the reports the actor may see, best first."""
    window = timedelta(days=DATE_WINDOW_DAYS)
    linked = select(IncidentLink.duplicate_id).where(IncidentLink.canonical_id == subject.id)
    near = []
    if subject.location_name.strip():
        place = func.lower(func.trim(Incident.location_name))
        near.append(
            and_(
                Incident.country == subject.country, place == subject.location_name.strip().lower()
            )
        )
    if subject.origin_country and subject.destination_country:
        near.append(
            and_(
                Incident.origin_country == subject.origin_country,
                Incident.destination_country == subject.destination_country,
            )
        )
    if subject.transport_identifier:
        near.append(Incident.transport_identifier == subject.transport_identifier)
    if not near:
        return []  # nothing to compare on: no place, route or vessel
    stmt = scope(select(Incident), session, actor, Incident, runtime.reciprocity).where(
        Incident.id != subject.id,
        Incident.occurred_on.between(subject.occurred_on - window, subject.occurred_on + window),
        Incident.id.not_in(linked),
        or_(*near),
    )
    rows = session.scalars(stmt.order_by(Incident.id).limit(MAX_COMPARED))
    found = [Candidate(row, score(subject, row)) for row in rows]
    probable = [c for c in found if c.score.probable]
    probable.sort(key=lambda c: (-c.score.value, c.incident.id))
    return probable[:MAX_SHOWN]


@dataclass(frozen=True)
class LinkView:
    link: IncidentLink
    other: Incident  # the canonical report, or one of the subject's duplicates
    subject_is_duplicate: bool


def visible_links(
    session: Session, runtime: Runtime, actor: Actor, subject: Incident
) -> list[LinkView]:
    """The subject's links whose other report the actor may see (a hidden one stays hidden)."""
    either_way = or_(
        and_(IncidentLink.duplicate_id == subject.id, IncidentLink.canonical_id == Incident.id),
        and_(IncidentLink.canonical_id == subject.id, IncidentLink.duplicate_id == Incident.id),
    )
    stmt = scope(select(Incident), session, actor, Incident, runtime.reciprocity)
    stmt = stmt.join(IncidentLink, either_way).add_columns(IncidentLink)
    rows = session.execute(stmt.order_by(IncidentLink.id)).all()
    return [LinkView(link, other, link.duplicate_id == subject.id) for other, link in rows]


@dataclass(frozen=True)
class Duplicates:
    subject: Incident
    candidates: list[Candidate]
    links: list[LinkView]


def find_duplicates(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int
) -> Duplicates:
    """The duplicates view of one report; the reports shown are audited as listed."""
    subject = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    found = candidates(session, runtime, actor, subject)
    links = visible_links(session, runtime, actor, subject)
    shown = [c.incident for c in found] + [v.other for v in links]
    record_listing(session, actor=actor, object_type=Incident.record_type, records=shown)
    return Duplicates(subject, found, links)


# --- Linking ------------------------------------------------------------------------------------


def link_duplicate(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int, canonical_id: int | None
) -> IncidentLink:
    """Mark ``incident_id`` as a duplicate of ``canonical_id``; both must be visible (404)."""
    duplicate = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    require(actor, Permission.INCIDENT_LINK)
    if canonical_id is None:
        raise InvalidInput({"canonical_id": "Choose the report this one duplicates."})
    canonical = get_visible(session, actor, Incident, canonical_id, runtime.reciprocity)
    _check_linkable(session, duplicate, canonical)
    assert actor.member_id is not None  # every role holding INCIDENT_LINK belongs to a member
    link = IncidentLink(
        duplicate_id=duplicate.id,
        canonical_id=canonical.id,
        linked_by_id=actor.user_id,
        linked_by_member_id=actor.member_id,
    )
    session.add(link)
    session.flush()
    _audit(session, actor, AuditAction.RECORD_LINKED, duplicate, canonical)
    return link


def _check_linkable(session: Session, duplicate: Incident, canonical: Incident) -> None:
    if duplicate.id == canonical.id:
        raise InvalidInput({"canonical_id": "A report cannot be linked to itself."})
    if _link_of(session, duplicate.id) is not None:
        raise InvalidInput(
            {"canonical_id": "This report is already linked as a duplicate. Unlink it first."}
        )
    if _link_of(session, canonical.id) is not None:
        raise InvalidInput(
            {
                "canonical_id": "That report is itself a duplicate: link to the report it "
                "duplicates instead."
            }
        )
    has_duplicates = session.scalar(
        select(func.count(IncidentLink.id)).where(IncidentLink.canonical_id == duplicate.id)
    )
    if has_duplicates:
        raise InvalidInput(
            {
                "canonical_id": "Other reports are linked to this one as duplicates; link them "
                "to the other report instead, or make that report their duplicate."
            }
        )


def unlink_duplicate(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int
) -> IncidentLink:
    """Remove the link that makes ``incident_id`` a duplicate. Only the linking member may."""
    duplicate = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    require(actor, Permission.INCIDENT_LINK)
    link = _link_of(session, duplicate.id)
    if link is None:
        raise InvalidInput({"__all__": "This report is not linked as a duplicate."})
    if link.linked_by_member_id != actor.member_id:
        raise Forbidden("Only the member that linked these reports can unlink them.")
    canonical = session.get(Incident, link.canonical_id)
    rollups.touch_incidents(session, [duplicate.id])  # it counts again: back in its rollup
    session.execute(delete(IncidentLink).where(IncidentLink.id == link.id))
    _audit(session, actor, AuditAction.RECORD_UNLINKED, duplicate, canonical)
    return link


def _link_of(session: Session, duplicate_id: int) -> IncidentLink | None:
    return session.scalars(
        select(IncidentLink).where(IncidentLink.duplicate_id == duplicate_id)
    ).first()


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    duplicate: Incident,
    canonical: Incident | None,
) -> None:
    """One entry about each report, so each owning member finds it in its own trail."""
    pair = {"duplicate_id": duplicate.id, "canonical_id": canonical.id if canonical else None}
    for report in (duplicate, canonical):
        if report is None:
            continue
        record(
            session,
            actor=actor,
            action=action,
            object_type=Incident.record_type,
            object_id=report.id,
            object_member_id=report.owner_member_id,
            changes=pair,
        )


def counted_once_clause() -> ColumnElement[bool]:
    """WHERE clause keeping only reports that are not linked duplicates (for summaries)."""
    return Incident.id.not_in(select(IncidentLink.duplicate_id))
