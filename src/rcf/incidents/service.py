"""Rules of incident reports. Reads go through the core policy's ``scope()``; every write is
audited in its transaction; an amendment keeps the previous content as a version."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, get_editable, get_visible, require, scope
from rcf.access.sharing import apply_sharing, shared_with_codes
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record, record_listing
from rcf.db import utcnow
from rcf.errors import InvalidInput
from rcf.incidents import rollups  # noqa: F401 - keeps the rollups exact at each commit
from rcf.incidents.codes import FeeBasis, ImpactLevel, IncidentKind
from rcf.incidents.models import CurrencyRate, Incident, IncidentVersion, PersonCount
from rcf.incidents.schemas import IncidentIn, content_of
from rcf.runtime import Runtime

# Fields of IncidentIn copied as they are onto the row.
PLAIN_FIELDS = [
    "reference", "kind", "occurred_on", "occurred_time", "country", "location_name", "latitude",
    "longitude", "border_type", "checkpoint", "origin_country", "transit_countries",
    "embarkation_point", "destination_country", "transport_means", "vehicle_type",
    "transport_identifier", "methods", "unaccompanied_children", "separated_children",
    "smuggled", "fee_amount", "fee_currency", "fee_basis", "payment_method", "deaths",
    "missing", "returned", "asylum_claims", "arrests", "prosecutions",
    "trafficking_suspected", "narrative", "impact_level",
]  # fmt: skip


@dataclass(frozen=True)
class IncidentFilters:
    """What the list and the summaries can be narrowed to (all optional)."""

    date_from: date | None = None
    date_to: date | None = None
    kind: IncidentKind | None = None
    country: str | None = None
    origin_country: str | None = None
    destination_country: str | None = None
    citizenship: str | None = None
    impact_level: ImpactLevel | None = None
    text: str | None = None
    own_only: bool = False

    def apply(self, stmt: Select[Any], actor: Actor) -> Select[Any]:
        exact = {
            "kind": self.kind,
            "country": self.country,
            "impact_level": self.impact_level,
            "origin_country": self.origin_country,
            "destination_country": self.destination_country,
        }
        for name, value in exact.items():
            if value is not None:
                stmt = stmt.where(getattr(Incident, name) == value)
        if self.date_from is not None:
            stmt = stmt.where(Incident.occurred_on >= self.date_from)
        if self.date_to is not None:
            stmt = stmt.where(Incident.occurred_on <= self.date_to)
        if self.citizenship is not None:
            stmt = stmt.where(
                Incident.id.in_(
                    select(PersonCount.incident_id).where(
                        PersonCount.citizenship == self.citizenship
                    )
                )
            )
        if self.text:
            stmt = stmt.where(Incident.narrative.icontains(self.text[:100], autoescape=True))
        if self.own_only:
            stmt = stmt.where(Incident.owner_member_id == actor.member_id)
        return stmt


@dataclass(frozen=True)
class Page:
    items: list[Incident]
    next_after: int | None


def visible_incidents(
    session: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters
) -> Select[Incident]:
    """Every report the actor may see, narrowed by the filters (the base of lists and exports)."""
    stmt = scope(select(Incident), session, actor, Incident, runtime.reciprocity)
    return filters.apply(stmt, actor)


def list_incidents(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    filters: IncidentFilters,
    *,
    after: int | None = None,
    limit: int = 50,
) -> Page:
    """Newest first, keyset-paginated on id; the listing is audited per owning member."""
    stmt = visible_incidents(session, runtime, actor, filters)
    if after is not None:
        stmt = stmt.where(Incident.id < after)
    rows = list(session.scalars(stmt.order_by(Incident.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    record_listing(session, actor=actor, object_type=Incident.record_type, records=items)
    return Page(items, items[-1].id if len(rows) > limit else None)


def count_incidents(
    session: Session, runtime: Runtime, actor: Actor, filters: IncidentFilters
) -> int:
    stmt = visible_incidents(session, runtime, actor, filters).with_only_columns(
        func.count(Incident.id)
    )
    return session.scalar(stmt) or 0


def read_incident(session: Session, runtime: Runtime, actor: Actor, incident_id: int) -> Incident:
    incident = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_READ,
        object_type="incident",
        object_id=incident.id,
        object_member_id=incident.owner_member_id,
    )
    return incident


def versions(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int
) -> list[IncidentVersion]:
    """Earlier versions of a report the actor may see, newest first."""
    incident = get_visible(session, actor, Incident, incident_id, runtime.reciprocity)
    return list(
        session.scalars(
            select(IncidentVersion)
            .where(IncidentVersion.incident_id == incident.id)
            .order_by(IncidentVersion.version.desc())
        )
    )


# --- Writing ------------------------------------------------------------------------------------


def content_hash(data: IncidentIn) -> str:
    """A fingerprint of the content (field order is the schema's, so it is stable)."""
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


def create_incident(session: Session, actor: Actor, data: IncidentIn) -> Incident:
    require(actor, Incident.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's user can report incidents."})
    if _find_by_reference(session, actor.member_id, data.reference) is not None:
        raise InvalidInput({"reference": "Your member already has a report with this reference."})
    incident = Incident(
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
    )
    session.add(incident)
    _fill(session, incident, data)
    session.flush()
    sharing = apply_sharing(session, incident, data.sharing)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type="incident",
        object_id=incident.id,
        object_member_id=incident.owner_member_id,
        changes={"reference": incident.reference, **sharing},
    )
    return incident


def amend_incident(
    session: Session, runtime: Runtime, actor: Actor, incident_id: int, data: IncidentIn
) -> Incident:
    incident = get_editable(session, actor, Incident, incident_id, runtime.reciprocity)
    return _amend(session, actor, incident, data)


def _amend(session: Session, actor: Actor, incident: Incident, data: IncidentIn) -> Incident:
    if data.reference != incident.reference:
        raise InvalidInput({"reference": "The reference of a report cannot change."})
    before = _snapshot(session, incident, actor)
    _fill(session, incident, data)
    incident.version += 1
    incident.updated_at = utcnow()
    after = {**content_of(data), "sharing": apply_sharing(session, incident, data.sharing)}
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_UPDATED,
        object_type="incident",
        object_id=incident.id,
        object_member_id=incident.owner_member_id,
        changes={"version": incident.version, **diff(before, after)},
    )
    return incident


def withdraw_incident(session: Session, runtime: Runtime, actor: Actor, incident_id: int) -> None:
    """Gone for everyone at once (and from every summary); kept for the audit and versions."""
    incident = get_editable(session, actor, Incident, incident_id, runtime.reciprocity)
    incident.withdrawn_at = utcnow()
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_WITHDRAWN,
        object_type="incident",
        object_id=incident.id,
        object_member_id=incident.owner_member_id,
    )


class Outcome(StrEnum):
    CREATED = "created"
    AMENDED = "amended"
    UNCHANGED = "unchanged"
    WITHDRAWN = "withdrawn"  # the member withdrew it; an import does not bring it back


def save_imported(session: Session, actor: Actor, data: IncidentIn) -> Outcome:
    """Create, amend or leave alone the report with this reference: what makes imports
    idempotent (the same file twice changes nothing)."""
    assert actor.member_id is not None
    existing = _find_by_reference(session, actor.member_id, data.reference)
    if existing is None:
        create_incident(session, actor, data)
        return Outcome.CREATED
    if existing.withdrawn_at is not None:
        return Outcome.WITHDRAWN
    if existing.content_hash == content_hash(data):
        return Outcome.UNCHANGED
    _amend(session, actor, existing, data)
    return Outcome.AMENDED


def _find_by_reference(session: Session, member_id: int, reference: str) -> Incident | None:
    return session.scalars(
        select(Incident).where(
            Incident.owner_member_id == member_id, Incident.reference == reference
        )
    ).first()


def _snapshot(session: Session, incident: Incident, actor: Actor) -> dict[str, Any]:
    """Keep the current content as a version before it changes; returns that content."""
    content = {
        **incident_content(incident),
        "sharing": {
            **incident.sharing_fields(),
            "shared_with": shared_with_codes(session, incident),
        },
    }
    content = _json_values(content)
    session.add(
        IncidentVersion(
            incident_id=incident.id,
            version=incident.version,
            content=content,
            saved_by_id=actor.user_id,
        )
    )
    return content


def incident_content(incident: Incident) -> dict[str, Any]:
    """The report's content in the shape of IncidentIn (without sharing), as JSON values."""
    content = {name: getattr(incident, name) for name in PLAIN_FIELDS}
    content["persons"] = [
        {"citizenship": p.citizenship, "sex": p.sex, "age_group": p.age_group, "count": p.count}
        for p in incident.person_counts
    ]
    content["facilitators"] = incident.facilitators
    content["fraudulent_documents"] = incident.fraudulent_documents
    return _json_values(content)


def _json_values(content: dict[str, Any]) -> dict[str, Any]:
    """Dates, decimals and enums as the JSON strings the API and files use."""
    converted: dict[str, Any] = json.loads(json.dumps(content, default=str))
    return converted


def _fill(session: Session, incident: Incident, data: IncidentIn) -> None:
    values = data.model_dump(include=set(PLAIN_FIELDS))
    for name, value in values.items():
        setattr(incident, name, value)
    incident.facilitators = [f.model_dump(mode="json") for f in data.facilitators]
    incident.fraudulent_documents = [d.model_dump(mode="json") for d in data.fraudulent_documents]
    incident.person_counts = [PersonCount(**p.model_dump()) for p in data.persons]
    incident.persons_total, incident.children_total = data.persons_total, data.children_total
    incident.fee_usd_per_person = fee_usd_per_person(session, data)
    incident.content_hash = content_hash(data)


def fee_usd_per_person(session: Session, data: IncidentIn) -> Decimal | None:
    """The fee per person in US dollars at the rate table's current rate (None if unknown)."""
    if data.fee_amount is None or data.fee_currency is None:
        return None
    rate = session.get(CurrencyRate, data.fee_currency)
    if rate is None:
        return None
    amount = data.fee_amount * rate.usd_per_unit
    if data.fee_basis is FeeBasis.TOTAL:
        amount = amount / max(data.persons_total, 1)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
