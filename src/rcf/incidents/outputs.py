"""What the API (and the detail page) show of an incident report: its content in the shape of
``IncidentIn`` plus what the server sets. Only the owner learns whom else it is shared with."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, computed_field, model_validator
from sqlalchemy.orm import Session

from rcf.access.policy import (
    Actor,
    HandlingCode,
    InformationAccuracy,
    SourceReliability,
    Visibility,
)
from rcf.access.sharing import shared_with_codes
from rcf.incidents.models import Incident, IncidentVersion
from rcf.incidents.schemas import IncidentIn
from rcf.incidents.service import incident_content
from rcf.members.models import Agency, Member


class SharingOut(BaseModel):
    visibility: Visibility
    shared_with: list[str] = Field(description="Only shown to the owning member.")
    handling_code: HandlingCode
    handling_restriction: str
    source_reliability: SourceReliability
    information_accuracy: InformationAccuracy
    review_date: date | None


class IncidentOut(IncidentIn):
    """A stored report. Its content was checked when it was saved, so the cross-field checks
    (which depend on today's date) are not run again on the way out."""

    id: int
    version: int = Field(description="1 when first reported, one more after each amendment.")
    owner_member: str = Field(description="Code of the member that reported it, like THA.")
    owner_agency: str
    sharing: SharingOut  # type: ignore[assignment]
    fee_usd_per_person: Decimal | None = Field(
        description="The fee per person in US dollars at the rate in force when it was reported."
    )
    created_at: datetime
    updated_at: datetime

    @model_validator(mode="after")
    def _consistent(self) -> IncidentOut:
        return self

    @computed_field(description="The sum of the person counts.")  # type: ignore[prop-decorator]
    @property
    def persons_total(self) -> int:
        return sum(p.count for p in self.persons)


class IncidentPage(BaseModel):
    items: list[IncidentOut]
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null at the end."
    )


class VersionOut(BaseModel):
    version: int
    saved_at: datetime
    content: dict[str, Any] = Field(description="The report as it stood, in the shape of input.")


def to_out(session: Session, actor: Actor, incident: Incident) -> IncidentOut:
    """The report as ``actor`` may see it."""
    member = session.get(Member, incident.owner_member_id)
    agency = session.get(Agency, incident.owner_agency_id)
    own = incident.owner_member_id == actor.member_id
    sharing = {
        **incident.sharing_fields(),
        "shared_with": shared_with_codes(session, incident) if own else [],
    }
    return IncidentOut.model_validate(
        {
            **incident_content(incident),
            "id": incident.id,
            "version": incident.version,
            "owner_member": member.code if member else "",
            "owner_agency": agency.name if agency else "",
            "sharing": sharing,
            "fee_usd_per_person": incident.fee_usd_per_person,
            "created_at": incident.created_at,
            "updated_at": incident.updated_at,
        }
    )


def version_out(version: IncidentVersion) -> VersionOut:
    return VersionOut(version=version.version, saved_at=version.saved_at, content=version.content)
