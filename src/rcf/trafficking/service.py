"""Rules of trafficking cases. Reads go through the policy's case rules (inside the query);
identity fields are sealed before they are stored and opened only for the owning agency's case
workers, each opening audited (the field named, never its value)."""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rcf.access.policy import (
    Actor,
    get_editable_case,
    get_visible_case,
    may_see_identity,
    require,
    scope_cases,
)
from rcf.access.sharing import apply_sharing
from rcf.audit.models import AuditAction
from rcf.audit.service import record, record_listing
from rcf.db import utcnow
from rcf.errors import Conflict, Forbidden, InvalidInput
from rcf.runtime import Runtime
from rcf.trafficking.crypto import FieldAddress, FieldCipher, cipher_from_settings
from rcf.trafficking.indicators import Screening, assess
from rcf.trafficking.models import (
    IDENTITY_COLUMNS,
    SEALED_COLUMNS,
    CasePerpetrator,
    IdentityIndex,
    JourneyEvent,
    TraffickingCase,
)
from rcf.trafficking.schemas import CaseIn

# Non-identifying fields copied as they are onto the row.
PLAIN_FIELDS = [
    "identified_on", "status", "gender", "age_band", "citizenships", "languages",
    "trafficking_status", "status_decided_by", "recruitment_methods", "recruitment_country",
    "online_platforms", "recruiter_relations", "means_of_control", "exploitation_types",
    "isic_sections", "country_of_exploitation", "place_of_exploitation", "duration_months",
    "protection_flags", "protection_steps_done",
]  # fmt: skip
INDEX_KIND = "identity_document"
CASE_NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U


def cipher(session: Session, runtime: Runtime, actor: Actor, case: TraffickingCase) -> FieldCipher:
    """The deployment's cipher, auditing every decryption as ``actor`` reading ``case``."""

    def on_decrypt(address: FieldAddress) -> None:
        record(
            session,
            actor=actor,
            action=AuditAction.IDENTITY_DECRYPTED,
            object_type=TraffickingCase.record_type,
            object_id=case.id,
            object_member_id=case.owner_member_id,
            changes={"field": address.column},
        )

    key_file = runtime.settings.resolved_trafficking_key_file
    return cipher_from_settings(key_file, on_decrypt=on_decrypt)


def _address(case: TraffickingCase, field: str) -> FieldAddress:
    return FieldAddress(TraffickingCase.__tablename__, field, case.uid)


def new_case_number() -> str:
    body = "".join(secrets.choice(CASE_NUMBER_ALPHABET) for _ in range(8))
    return f"TC-{body[:4]}-{body[4:]}"


# --- Writing ---------------------------------------------------------------------------------


def create_case(session: Session, runtime: Runtime, actor: Actor, data: CaseIn) -> TraffickingCase:
    require(actor, TraffickingCase.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise Forbidden("Only a user of a member agency can open a case.")
    case = TraffickingCase(
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
        case_number=new_case_number(),
        uid=str(uuid.uuid4()),
    )
    session.add(case)
    _write(session, runtime, actor, case, data)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type=TraffickingCase.record_type,
        object_id=case.id,
        object_member_id=case.owner_member_id,
        changes={"case_number": case.case_number, "fields": _audit_summary(data)},
    )
    return case


def amend_case(
    session: Session, runtime: Runtime, actor: Actor, case_id: int, data: CaseIn
) -> TraffickingCase:
    case = get_editable_case(session, actor, TraffickingCase, case_id)
    case.version += 1
    case.updated_at = utcnow()
    _write(session, runtime, actor, case, data)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_UPDATED,
        object_type=TraffickingCase.record_type,
        object_id=case.id,
        object_member_id=case.owner_member_id,
        changes={"version": case.version, "fields": _audit_summary(data)},
    )
    return case


def _audit_summary(data: CaseIn) -> list[str]:
    """The names of the fields given, never their values: the audit must not hold identity."""
    given = data.model_dump(exclude_defaults=True)
    identity = given.pop("identity", {})
    return sorted(given) + [f"identity.{name}" for name in sorted(identity)]


def _write(
    session: Session, runtime: Runtime, actor: Actor, case: TraffickingCase, data: CaseIn
) -> None:
    if case.consent_withdrawn_at is not None and data.sharing.visibility != "national":
        raise InvalidInput({"sharing": "The person withdrew consent: the case cannot be shared."})
    for name in PLAIN_FIELDS:
        setattr(case, name, _plain(getattr(data, name)))
    case.consent_purposes = [str(p) for p in data.consent.purposes]
    case.consent_given_on = data.consent.given_on
    case.consent_retention_until = data.consent.retention_until
    _write_screening(case, data)
    case.perpetrators = [
        CasePerpetrator(position=n, **_plain(p.model_dump()))
        for n, p in enumerate(data.perpetrators)
    ]
    case.journey = [
        JourneyEvent(position=n, **_plain(e.model_dump())) for n, e in enumerate(data.journey)
    ]
    session.flush()
    _seal(session, runtime, actor, case, data)
    apply_sharing(session, case, data.sharing)


def _plain(value: Any) -> Any:
    """Enums to their values, recursively (JSON columns hold plain strings)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _write_screening(case: TraffickingCase, data: CaseIn) -> None:
    if data.screening is None:
        return
    result = assess(Screening(frozenset(data.screening.indicators), data.screening.minor))
    case.screening_indicators = sorted(str(i) for i in data.screening.indicators)
    case.screening_minor = data.screening.minor
    case.screening_outcome = str(result.outcome)


def _seal(
    session: Session, runtime: Runtime, actor: Actor, case: TraffickingCase, data: CaseIn
) -> None:
    box = cipher(session, runtime, actor, case)
    values = _private_values(data)
    for field, column in SEALED_COLUMNS.items():
        text = values.get(field, "")
        setattr(case, column, box.encrypt(text, _address(case, field)) if text else None)
    session.execute(delete(IdentityIndex).where(IdentityIndex.case_id == case.id))
    digests = {box.blind_index(d.number, kind=INDEX_KIND) for d in data.identity.identity_documents}
    session.add_all(IdentityIndex(case_id=case.id, digest=d) for d in sorted(digests))


def _private_values(data: CaseIn) -> dict[str, str]:
    identity = data.identity
    documents = [d.model_dump(mode="json") for d in identity.identity_documents]
    return {
        "names": identity.names.strip(),
        "birth_date": identity.birth_date.isoformat() if identity.birth_date else "",
        "identity_documents": json.dumps(documents) if documents else "",
        "contact": identity.contact.strip(),
        "address": identity.address.strip(),
        "support_plan": data.support_plan.strip(),
        "notes": data.notes.strip(),
    }


def withdraw_consent(
    session: Session, runtime: Runtime, actor: Actor, case_id: int
) -> TraffickingCase:
    """The person withdrew consent: from now no member other than the owner sees the case (the
    policy checks ``consent_withdrawn_at`` inside every query), and it leaves statistics."""
    case = get_editable_case(session, actor, TraffickingCase, case_id)
    if case.consent_withdrawn_at is not None:
        raise Conflict("Consent was already withdrawn.")
    case.consent_withdrawn_at = utcnow()
    case.updated_at = case.consent_withdrawn_at
    # Imported here: the referral service builds on this module.
    from rcf.trafficking.referral_service import stop_for_withdrawn_consent

    stop_for_withdrawn_consent(session, case.id)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_UPDATED,
        object_type=TraffickingCase.record_type,
        object_id=case.id,
        object_member_id=case.owner_member_id,
        changes={"consent": "withdrawn"},
    )
    return case


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    items: list[TraffickingCase]
    next_after: int | None


def list_cases(
    session: Session, actor: Actor, *, after: int | None = None, limit: int = 50
) -> Page:
    """Cases the actor may see, newest first; the listing is audited per owning member."""
    stmt = scope_cases(select(TraffickingCase), actor, TraffickingCase)
    if after is not None:
        stmt = stmt.where(TraffickingCase.id < after)
    rows = list(session.scalars(stmt.order_by(TraffickingCase.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    record_listing(session, actor=actor, object_type=TraffickingCase.record_type, records=items)
    return Page(items, items[-1].id if len(rows) > limit else None)


def count_cases(session: Session, actor: Actor) -> int:
    stmt = scope_cases(select(func.count(TraffickingCase.id)), actor, TraffickingCase)
    return int(session.scalar(stmt) or 0)


def read_case(session: Session, actor: Actor, case_id: int) -> TraffickingCase:
    case = get_visible_case(session, actor, TraffickingCase, case_id)
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_READ,
        object_type=TraffickingCase.record_type,
        object_id=case.id,
        object_member_id=case.owner_member_id,
    )
    return case


def private_fields(
    session: Session, runtime: Runtime, actor: Actor, case: TraffickingCase
) -> dict[str, Any] | None:
    """The identity and free text, opened for a case worker of the owning agency; None for
    everyone else (nothing is decrypted for them)."""
    if not may_see_identity(actor, case):
        return None
    box = cipher(session, runtime, actor, case)
    opened: dict[str, Any] = {}
    for field, column in SEALED_COLUMNS.items():
        stored = getattr(case, column)
        opened[field] = box.decrypt(stored, _address(case, field)) if stored else ""
    documents = opened["identity_documents"]
    opened["identity_documents"] = json.loads(documents) if documents else []
    return opened


def find_by_identity_number(
    session: Session, runtime: Runtime, actor: Actor, number: str
) -> list[TraffickingCase]:
    """The actor's agency's cases holding this identity document number (blind index: the
    number is neither stored nor decrypted). Only case workers may look identities up."""
    require(actor, TraffickingCase.write_permission)
    box = cipher_from_settings(
        runtime.settings.resolved_trafficking_key_file, on_decrypt=_never_decrypts
    )
    digests = box.blind_index_candidates(number, kind=INDEX_KIND)
    stmt = scope_cases(select(TraffickingCase), actor, TraffickingCase).where(
        TraffickingCase.owner_agency_id == actor.agency_id,
        TraffickingCase.id.in_(
            select(IdentityIndex.case_id).where(IdentityIndex.digest.in_(digests))
        ),
    )
    return list(session.scalars(stmt.order_by(TraffickingCase.id)))


def _never_decrypts(address: FieldAddress) -> None:
    raise AssertionError("a blind-index lookup decrypts nothing")


def identity_field_names() -> list[str]:
    return list(IDENTITY_COLUMNS)
