"""A case as the API and the pages show it. ``identity`` and ``private`` are present only for
the owning agency's case workers; everyone else gets the pseudonymous case number and the
non-identifying fields, with ``identity_visible`` false."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_see_identity
from rcf.access.sharing import shared_with_codes
from rcf.runtime import Runtime
from rcf.trafficking import service
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.protection import ProtectionFlag, outstanding_steps

CONTEXT_FIELDS = [*service.PLAIN_FIELDS]


class PerpetratorOut(BaseModel):
    kind: str
    roles: list[str]
    citizenship: str | None
    gender: str
    age_band: str


class JourneyEventOut(BaseModel):
    event_type: str
    country: str
    place: str
    occurred_on: date | None


class ConsentOut(BaseModel):
    purposes: list[str]
    given_on: date | None
    retention_until: date | None
    withdrawn_at: datetime | None


class ScreeningOut(BaseModel):
    indicators: list[str]
    minor: bool | None
    outcome: str


class IdentityOut(BaseModel):
    names: str
    birth_date: str
    identity_documents: list[dict[str, Any]]
    contact: str
    address: str


class CaseOut(BaseModel):
    id: int
    case_number: str
    version: int
    owner_member: str
    identity_visible: bool  # whether this caller may open the identity (one case at a time)
    identity: IdentityOut | None
    support_plan: str | None
    notes: str | None
    context: dict[str, Any]
    perpetrators: list[PerpetratorOut]
    journey: list[JourneyEventOut]
    consent: ConsentOut
    screening: ScreeningOut | None
    outstanding_protection_steps: list[str]
    sharing: dict[str, Any]
    created_at: datetime
    updated_at: datetime


def to_out(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    case: TraffickingCase,
    owner_code: str,
    *,
    include_private: bool = True,
) -> CaseOut:
    """``include_private=False`` (lists) opens nothing, even for the owning case worker: an
    identity is decrypted, and audited, only when one case is read."""
    private = service.private_fields(session, runtime, actor, case) if include_private else None
    identity = None
    if private is not None:
        identity = IdentityOut(**{k: private[k] for k in IdentityOut.model_fields})
    return CaseOut(
        id=case.id,
        case_number=case.case_number,
        version=case.version,
        owner_member=owner_code,
        identity_visible=may_see_identity(actor, case),
        identity=identity,
        support_plan=private["support_plan"] if private else None,
        notes=private["notes"] if private else None,
        context=context_of(case),
        perpetrators=_perpetrators(case),
        journey=_journey(case),
        consent=ConsentOut(
            purposes=list(case.consent_purposes),
            given_on=case.consent_given_on,
            retention_until=case.consent_retention_until,
            withdrawn_at=case.consent_withdrawn_at,
        ),
        screening=_screening(case),
        outstanding_protection_steps=_outstanding(case),
        sharing={**case.sharing_fields(), "shared_with": _shares(session, actor, case)},
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def context_of(case: TraffickingCase) -> dict[str, Any]:
    return {name: getattr(case, name) for name in CONTEXT_FIELDS}


def _screening(case: TraffickingCase) -> ScreeningOut | None:
    if case.screening_outcome is None:
        return None
    return ScreeningOut(
        indicators=list(case.screening_indicators or []),
        minor=case.screening_minor,
        outcome=case.screening_outcome,
    )


def _outstanding(case: TraffickingCase) -> list[str]:
    flags = [ProtectionFlag(f) for f in case.protection_flags]
    return [step.code for step in outstanding_steps(flags, case.protection_steps_done)]


def _shares(session: Session, actor: Actor, case: TraffickingCase) -> list[str]:
    # Whom the owner shares with is the owner's business.
    return shared_with_codes(session, case) if actor.member_id == case.owner_member_id else []


def form_content(
    session: Session, runtime: Runtime, actor: Actor, case: TraffickingCase
) -> dict[str, Any]:
    """The stored case in ``CaseIn``'s JSON shape (the amend form starts from it); only for
    those who may change it, who are also those who may see the identity."""
    assert may_see_identity(actor, case)
    private = service.private_fields(session, runtime, actor, case) or {}
    identity = {k: private[k] for k in IdentityOut.model_fields}
    return {
        **context_of(case),
        "identity": identity,
        "support_plan": private["support_plan"],
        "notes": private["notes"],
        "consent": {
            "purposes": list(case.consent_purposes),
            "given_on": case.consent_given_on,
            "retention_until": case.consent_retention_until,
        },
        "perpetrators": [p.model_dump() for p in _perpetrators(case)],
        "journey": [e.model_dump() for e in _journey(case)],
        "sharing": {**case.sharing_fields(), "shared_with": shared_with_codes(session, case)},
    }


def _perpetrators(case: TraffickingCase) -> list[PerpetratorOut]:
    return [PerpetratorOut.model_validate(p, from_attributes=True) for p in case.perpetrators]


def _journey(case: TraffickingCase) -> list[JourneyEventOut]:
    return [JourneyEventOut.model_validate(e, from_attributes=True) for e in case.journey]
