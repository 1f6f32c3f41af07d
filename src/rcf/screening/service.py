"""Rules of the watchlist: a member's people list, add, amend and withdraw its own entries
(``policy.watchlist_clause``, inside the query); every change is audited in its transaction and
changes the watchlist version, so every process rebuilds its screening index. The audit holds
the reference, a fingerprint of the content and the sharing, never names or numbers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcf.access.policy import (
    Actor,
    Reciprocity,
    can,
    get_visible,
    get_visible_case,
    require,
    watchlist_clause,
)
from rcf.access.sharing import apply_sharing, shared_with_codes
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record, record_listing
from rcf.db import utcnow
from rcf.errors import Forbidden, InvalidInput, NotFound
from rcf.incidents.models import Incident
from rcf.runtime import Runtime
from rcf.screening.live_index import bump_watchlist_version
from rcf.screening.models import (
    IdentifierKind,
    LinkedRecordType,
    WatchlistIdentifier,
    WatchlistLink,
    WatchlistName,
    WatchlistPerson,
)
from rcf.screening.schemas import DocumentIn, LinkIn, WatchlistPersonIn
from rcf.trafficking.models import TraffickingCase

OBJECT_TYPE = WatchlistPerson.record_type


@dataclass(frozen=True)
class Page:
    items: list[WatchlistPerson]
    next_after: int | None


def content_hash(data: WatchlistPersonIn) -> str:
    """A fingerprint of the content (schema field order, so stable across processes)."""
    return hashlib.sha256(data.model_dump_json().encode()).hexdigest()


def _own(actor: Actor) -> Any:
    return watchlist_clause(actor, WatchlistPerson.owner_member_id)


def list_persons(
    session: Session, actor: Actor, *, after: int | None = None, limit: int = 50, text: str = ""
) -> Page:
    """The member's live entries, newest first, keyset-paginated on id; the listing is
    audited (G1: a list shows persons of interest as much as a detail page does)."""
    stmt = select(WatchlistPerson).where(_own(actor), WatchlistPerson.withdrawn_at.is_(None))
    if text.strip():
        names = select(WatchlistName.person_id).where(
            WatchlistName.name.icontains(text.strip()[:100], autoescape=True)
        )
        stmt = stmt.where(WatchlistPerson.id.in_(names))
    if after is not None:
        stmt = stmt.where(WatchlistPerson.id < after)
    stmt = stmt.options(selectinload(WatchlistPerson.names))
    rows = list(session.scalars(stmt.order_by(WatchlistPerson.id.desc()).limit(limit + 1)))
    items = rows[:limit]
    record_listing(session, actor=actor, object_type=OBJECT_TYPE, records=items)
    return Page(items, items[-1].id if len(rows) > limit else None)


def get_person(session: Session, actor: Actor, person_id: int) -> WatchlistPerson:
    """One live entry of the actor's member; any other id answers the same 404."""
    found = session.scalars(
        select(WatchlistPerson).where(
            WatchlistPerson.id == person_id, _own(actor), WatchlistPerson.withdrawn_at.is_(None)
        )
    ).first()
    if found is None:
        raise NotFound()
    return found


def get_editable_person(session: Session, actor: Actor, person_id: int) -> WatchlistPerson:
    """An entry the actor may change: 404 when not its member's, 403 without the permission."""
    person = get_person(session, actor, person_id)
    if not can(actor, WatchlistPerson.write_permission, person):
        raise Forbidden("Your role does not allow changing the watchlist.")
    return person


def read_person(session: Session, actor: Actor, person_id: int) -> WatchlistPerson:
    """One entry, its reading audited (a person of interest is sensitive, G1)."""
    person = get_person(session, actor, person_id)
    _audit(session, actor, AuditAction.RECORD_READ, person, None)
    return person


def create_person(
    session: Session, runtime: Runtime, actor: Actor, data: WatchlistPersonIn
) -> WatchlistPerson:
    require(actor, WatchlistPerson.write_permission)
    if actor.member_id is None or actor.agency_id is None:
        raise InvalidInput({"__all__": "Only a member's user can add persons of interest."})
    if _find(session, actor.member_id, data.reference) is not None:
        raise InvalidInput({"reference": "Your member already has an entry with this reference."})
    _check_links(session, runtime.reciprocity, actor, data.links)
    person = WatchlistPerson(
        owner_member_id=actor.member_id,
        owner_agency_id=actor.agency_id,
        created_by_id=actor.user_id,
    )
    session.add(person)
    fill(person, data)
    session.flush()
    sharing = apply_sharing(session, person, data.sharing)
    bump_watchlist_version(session)
    changes = {"reference": person.reference, "content_hash": person.content_hash, **sharing}
    _audit(session, actor, AuditAction.RECORD_CREATED, person, changes)
    return person


def amend_person(
    session: Session, runtime: Runtime, actor: Actor, person_id: int, data: WatchlistPersonIn
) -> WatchlistPerson:
    person = get_editable_person(session, actor, person_id)
    return save_amendment(session, runtime, actor, person, data)


def save_amendment(
    session: Session, runtime: Runtime, actor: Actor, person: WatchlistPerson, data: Any
) -> WatchlistPerson:
    """Replace an entry's content and sharing (the reference stays); audited as a diff."""
    if data.reference != person.reference:
        raise InvalidInput({"reference": "The reference of an entry cannot change."})
    _check_links(session, runtime.reciprocity, actor, data.links)
    before = _audited_state(session, person)
    # Old children go first: a link kept as it was would otherwise meet its own unique key.
    for children in (person.names, person.identifiers, person.links):
        children.clear()
    session.flush()
    fill(person, data)
    person.updated_at = utcnow()
    session.flush()
    after = {"content_hash": person.content_hash, **apply_sharing(session, person, data.sharing)}
    bump_watchlist_version(session)
    _audit(session, actor, AuditAction.RECORD_UPDATED, person, diff(before, after))
    return person


def withdraw_person(session: Session, actor: Actor, person_id: int) -> None:
    """A withdrawn entry disappears at once from lists and from every screening."""
    person = get_editable_person(session, actor, person_id)
    person.withdrawn_at = person.updated_at = utcnow()
    bump_watchlist_version(session)
    _audit(session, actor, AuditAction.RECORD_WITHDRAWN, person, None)


def _audited_state(session: Session, person: WatchlistPerson) -> dict[str, Any]:
    return {
        "content_hash": person.content_hash,
        **person.sharing_fields(),
        "shared_with": shared_with_codes(session, person),
    }


def _find(session: Session, member_id: int, reference: str) -> WatchlistPerson | None:
    return session.scalars(
        select(WatchlistPerson).where(
            WatchlistPerson.owner_member_id == member_id, WatchlistPerson.reference == reference
        )
    ).first()


def fill(person: WatchlistPerson, data: WatchlistPersonIn) -> None:
    """Copy the content onto the entry and replace its names, identifiers and links."""
    person.reference = data.reference
    person.primary_name = data.primary_name
    person.gender = data.gender
    person.birth_dates = list(data.birth_dates)
    person.nationalities = list(data.nationalities)
    person.roles = [str(role) for role in data.roles]
    person.remarks = data.remarks
    person.content_hash = content_hash(data)
    person.names = [
        WatchlistName(name=name, is_primary=number == 0) for number, name in enumerate(data.names)
    ]
    person.identifiers = [_document(d) for d in data.documents] + [
        WatchlistIdentifier(kind=IdentifierKind.PHONE, value=phone) for phone in data.phones
    ]
    person.links = [
        WatchlistLink(record_type=link.record_type, record_id=link.record_id)
        for link in dict.fromkeys(data.links)
    ]


def _document(document: DocumentIn) -> WatchlistIdentifier:
    return WatchlistIdentifier(
        kind=IdentifierKind.DOCUMENT, value=document.number, issuing_state=document.issuing_state
    )


def _check_links(session: Session, rule: Reciprocity, actor: Actor, links: list[LinkIn]) -> None:
    """Links only to records the author may see (C3); hidden and missing read the same."""
    for link in links:
        try:
            if link.record_type is LinkedRecordType.INCIDENT:
                get_visible(session, actor, Incident, link.record_id, rule)
            else:
                get_visible_case(session, actor, TraffickingCase, link.record_id)
        except (NotFound, Forbidden):
            kind = "incident report" if link.record_type == "incident" else "trafficking case"
            raise InvalidInput(
                {"links": f"There is no {kind} {link.record_id} that you can see."}
            ) from None


def _audit(
    session: Session,
    actor: Actor,
    action: AuditAction,
    person: WatchlistPerson,
    changes: dict[str, Any] | None,
) -> None:
    record(
        session,
        actor=actor,
        action=action,
        object_type=OBJECT_TYPE,
        object_id=person.id,
        object_member_id=person.owner_member_id,
        changes=changes,
    )


def person_input(session: Session, person: WatchlistPerson) -> dict[str, Any]:
    """The entry in the shape of ``WatchlistPersonIn`` (to amend it through the same schema)."""
    documents = [i for i in person.identifiers if i.kind is IdentifierKind.DOCUMENT]
    return {
        "reference": person.reference,
        "primary_name": person.primary_name,
        "aliases": [n.name for n in person.names if not n.is_primary],
        "birth_dates": list(person.birth_dates),
        "nationalities": list(person.nationalities),
        "gender": person.gender,
        "documents": [{"number": d.value, "issuing_state": d.issuing_state} for d in documents],
        "phones": [i.value for i in person.identifiers if i.kind is IdentifierKind.PHONE],
        "roles": list(person.roles),
        "remarks": person.remarks,
        "links": [{"record_type": k.record_type, "record_id": k.record_id} for k in person.links],
        "sharing": {**person.sharing_fields(), "shared_with": shared_with_codes(session, person)},
    }
