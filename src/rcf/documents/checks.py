"""Checking documents against the register, one at a time or in batches (manifests).

A check looks up one indexed key: the issuing state and the confusable key of the number
(``documents.numbers``), so exact matches and confusable candidates (O/0, I/1, B/8...) come from
one equality lookup; each candidate is then marked ``exact`` or ``confusable``. A batch looks up
``CHUNK`` keys per query, never one query per passenger.

A checker learns, per hit, only its status, owner member, handling code, match kind and a hit
reference: no record id, no other field, no list. Each hit is stored (the owner sees it in its
inbox and may be sent a webhook) and starts a confirmation exchange. Every check is audited:
one entry per single check, one per batch.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import insert
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import Actor, require
from rcf.audit.group_commit import GroupCommitLog
from rcf.audit.models import AuditAction
from rcf.audit.service import queued_entry, record
from rcf.db import utcnow
from rcf.documents.models import DocumentHit, DocumentType, HitStatus
from rcf.documents.mrz import parse_mrz
from rcf.documents.numbers import match_kind
from rcf.documents.register import check_key
from rcf.documents.register_schemas import (
    MRZ_TYPES,
    CheckIn,
    clean_number,
    clean_state,
    document_type_of,
)
from rcf.errors import InvalidInput

CHUNK = 900  # keys per lookup: under SQLite's default limit of bound parameters
SQLITE_MMAP_BYTES = 1 << 30
MAX_CANDIDATES = 20  # per check: a key shared by more numbers than this is not a match list


@dataclass(frozen=True)
class CheckQuery:
    """One document to check, already normalised."""

    number: str
    state: str
    document_type: DocumentType | None = None
    key: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Computed once: a batch reads it twice per query (lookup, then matching).
        object.__setattr__(self, "key", check_key(self.state, self.number))


@dataclass(frozen=True)
class Hit:
    """What the checker is told (and the record it came from, which the checker is not)."""

    reference: str
    match: str
    status: str
    owner_member: str
    handling_code: str
    record_id: int
    owner_member_id: int

    def public(self) -> dict[str, str]:
        return {
            "hit_reference": self.reference,
            "match": self.match,
            "status": self.status,
            "owner_member": self.owner_member,
            "handling_code": self.handling_code,
        }


NO_HITS: tuple[Hit, ...] = ()


@dataclass
class BatchResult:
    hits: list[Sequence[Hit]] = field(default_factory=list)  # per query, in order

    @property
    def hit_count(self) -> int:
        return sum(len(found) for found in self.hits)


def new_hit_reference() -> str:
    """Random, so a reference says nothing about the register or how many hits there were."""
    return "H-" + secrets.token_hex(8).upper()


def query_from_input(data: CheckIn) -> CheckQuery:
    """The query of a check request (number and state, or an MRZ); 422 when unusable, each
    message on the field it is about."""
    if data.mrz is not None:
        return _query_from_mrz(data.mrz)
    errors: dict[str, str] = {}
    number = _cleaned(clean_number, data.document_number, "document_number", errors)
    state = _cleaned(clean_state, data.issuing_state, "issuing_state", errors)
    kind = _cleaned(document_type_of, data.document_type, "document_type", errors)
    if errors:
        raise InvalidInput(errors)
    return CheckQuery(number, state, kind)


def _cleaned(clean: Callable[[Any], Any], value: Any, name: str, errors: dict[str, str]) -> Any:
    """``clean(value)``, or None with its message kept under ``name`` (None stays None)."""
    if value is None:
        return None
    try:
        return clean(value)
    except ValueError as error:
        errors[name] = str(error)
        return None


def _query_from_mrz(lines: Sequence[str]) -> CheckQuery:
    """The document of an MRZ, checked even when a check digit fails (the officer has the
    document in hand; ``/documents/mrz`` says what is wrong with it)."""
    fields = parse_mrz(list(lines)).fields
    if fields is None:
        raise InvalidInput({"mrz": "The MRZ is not in a recognised format (TD1, TD2, TD3, MRV)."})
    try:
        state = clean_state(fields.issuing_state)
    except ValueError:
        raise InvalidInput({"mrz": "The MRZ's issuing state is not a known code."}) from None
    try:
        number = clean_number(fields.document_number)
    except ValueError:
        raise InvalidInput({"mrz": "The MRZ has no usable document number."}) from None
    return CheckQuery(number, state, MRZ_TYPES.get(fields.document_type[:1]))


# --- The lookup ---------------------------------------------------------------------------------


class _Row(NamedTuple):
    check_key: str
    id: int
    owner_member_id: int
    code: str
    document_number: str
    document_type: str
    status: str
    handling_code: str


# A literal statement sent straight to the driver: a batch of 900 keys would otherwise spend most
# of its time in SQLAlchemy's per-parameter processing. Table and column names are constants.
_LOOKUP = (
    "SELECT r.check_key, r.id, r.owner_member_id, m.code, r.document_number, r.document_type, "
    "r.status, r.handling_code FROM document_records r JOIN members m ON m.id = r.owner_member_id "
    "WHERE r.withdrawn_at IS NULL AND r.review_date > {today} AND r.check_key {keys}"
)


@lru_cache(maxsize=64)
def _lookup_sql(paramstyle: str, size: int) -> str:
    if paramstyle == "qmark":  # SQLite
        return _LOOKUP.format(today="?", keys=f"IN ({', '.join('?' * size)})")
    return _LOOKUP.format(today="%s", keys="= ANY(%s)")  # PostgreSQL (psycopg)


def lookup(session: Session, keys: Iterable[str], today: date) -> dict[str, list[_Row]]:
    """Live records (not withdrawn, before their review date) by check key, CHUNK keys a query."""
    connection = session.connection()
    style = connection.dialect.paramstyle
    unique = sorted(set(keys))
    if style == "qmark" and len(unique) > CHUNK:
        # A batch reads index pages all over a large register: map the file rather than copy
        # each page through SQLite's small default cache (reads only; nothing else changes).
        connection.exec_driver_sql(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    found: dict[str, list[_Row]] = {}
    # The driver's own cursor: SQLAlchemy's result machinery costs more per key than the index
    # lookup itself (the statement is the same text either way).
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            sql = _lookup_sql(style, len(chunk))
            params = (today.isoformat(), *chunk) if style == "qmark" else (today, chunk)
            cursor.execute(sql, params)
            for raw in cursor.fetchall():
                row = _Row(*raw)
                found.setdefault(row.check_key, []).append(row)
    finally:
        cursor.close()
    return found


def same_kind(asked: str, recorded: str) -> bool:
    """Whether a check narrowed to the type ``asked`` may hit a record of type ``recorded``.

    Only visas and other documents are told apart (a visa's number and a passport's may
    coincide within one state). Finer kinds are not: an MRZ's ``P`` also marks refugee,
    stateless and emergency travel documents, and an issuer may have recorded a card as
    ``other``; a hit missed for a kind is worse at a border than one the owner sets aside."""
    if DocumentType.OTHER in (asked, recorded):
        return True
    return (asked == DocumentType.VISA) == (recorded == DocumentType.VISA)


def _candidates(query: CheckQuery, rows: list[_Row]) -> list[tuple[str, _Row]]:
    """(match kind, row) for the rows of the query's key, exact ones first."""
    out = []
    for row in rows[: MAX_CANDIDATES * 4]:
        if query.document_type is not None and not same_kind(
            query.document_type, row.document_type
        ):
            continue
        kind = match_kind(query.number, row.document_number)
        if kind is not None:
            out.append((kind.value, row))
    out.sort(key=lambda item: item[0] != "exact")
    return out[:MAX_CANDIDATES]


# --- Checking -----------------------------------------------------------------------------------


def check_documents(
    session: Session,
    actor: Actor,
    queries: Sequence[CheckQuery],
    *,
    source: str,
    audit_group: GroupCommitLog | None = None,
) -> BatchResult:
    """Check every query; store the hits; audit once (a batch) or per check (a single one).
    The caller commits, then delivers the owners' webhooks (``webhooks.deliveries_for``).

    With ``audit_group``, a check that stored no hit changes nothing but the trail: the session
    is committed (ending its reads) and the entry goes to the group commit, which returns once
    it is written. Hits are always audited in the caller's transaction, with the hits."""
    require(actor, Permission.DOCUMENT_LOOKUP)
    today = date.today()
    rows = lookup(session, (q.key for q in queries), today)
    # Most checks find nothing: one shared empty tuple each, no list to build (or collect).
    result = BatchResult([NO_HITS] * len(queries))
    stored: list[dict[str, Any]] = []
    for index, query in enumerate(queries):
        found = rows.get(query.key)
        if found is None:
            continue
        hits = [_hit(query, k, row) for k, row in _candidates(query, found)]
        stored += [_hit_row(actor, query, hit) for hit in hits]
        result.hits[index] = hits
    if stored:
        session.execute(insert(DocumentHit), stored)
    entry = _check_entry(actor, queries, result, source)
    if stored or audit_group is None:
        record(session, actor=actor, **entry)
    else:
        session.commit()  # nothing written: hand the connection back while the group writes
        audit_group.append(queued_entry(actor=actor, **entry))
    return result


def _hit(query: CheckQuery, kind: str, row: _Row) -> Hit:
    return Hit(
        new_hit_reference(),
        kind,
        str(row.status),
        row.code,
        str(row.handling_code),
        row.id,
        row.owner_member_id,
    )


def _hit_row(actor: Actor, query: CheckQuery, hit: Hit) -> dict[str, Any]:
    return {
        "reference": hit.reference,
        "record_id": hit.record_id,
        "owner_member_id": hit.owner_member_id,
        "checking_member_id": actor.member_id,
        "checking_agency_id": actor.agency_id,
        "checked_by_id": actor.user_id,
        "checked_number": query.number,
        "match": hit.match,
        "document_status": hit.status,
        "handling_code": hit.handling_code,
        "status": HitStatus.PENDING,
        "created_at": utcnow(),
    }


def _check_entry(
    actor: Actor, queries: Sequence[CheckQuery], result: BatchResult, source: str
) -> dict[str, Any]:
    """No document number enters the trail: the state, the counts and the hit references."""
    all_hits = [hit for found in result.hits for hit in found]
    owners = sorted({hit.owner_member_id for hit in all_hits})
    single = len(queries) == 1
    return {
        "action": AuditAction.DOCUMENT_CHECKED,
        "object_type": "document_check" if single else "document_batch_check",
        "object_id": all_hits[0].reference if single and all_hits else f"{len(queries)} checks",
        "object_member_id": owners[0] if len(owners) == 1 else None,
        "changes": {
            "source": source,
            "checks": len(queries),
            "states": sorted({q.state for q in queries})[:50],
            "hits": len(all_hits),
            "hit_references": [hit.reference for hit in all_hits][:1000],
        },
    }
