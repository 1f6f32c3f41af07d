"""Append to the audit chain (``audit.verify`` walks it).

Each entry's hash is an HMAC (keyed by the deployment's secret key, which lives outside the
database) over its own fields and the previous entry's hash. Editing, deleting, swapping or
truncating entries therefore breaks the chain, and someone holding only a database dump cannot
forge a consistent replacement.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rcf.audit.models import AuditAction, AuditEntry, AuditHead, Decision
from rcf.db import utcnow

GENESIS_HASH = "0" * 64
REDACTED = "[redacted]"
# Field names whose values never enter the trail, whatever the caller passes (G3, F1).
SECRET_FIELDS = frozenset(
    {
        "password",
        "password_hash",
        "token",
        "token_hash",
        "totp_secret",
        "totp_secret_encrypted",
        "code",
        "recovery_code",
        "csrf_token",
    }
)


class AuditActor(Protocol):
    """Who acted: the policy's Actor satisfies this, and so does an anonymous visitor."""

    @property
    def user_id(self) -> int | None: ...
    @property
    def label(self) -> str: ...
    @property
    def member_id(self) -> int | None: ...
    @property
    def agency_id(self) -> int | None: ...
    @property
    def request_id(self) -> str: ...
    @property
    def client_address(self) -> str: ...


def record(
    session: Session,
    *,
    actor: AuditActor,
    action: AuditAction,
    object_type: str,
    object_id: object,
    object_member_id: int | None = None,
    decision: Decision = Decision.ALLOWED,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction (it commits or rolls back with the change)."""
    seq, prev_hash = claim_seqs(session, 1)
    entry = new_entry(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_member_id=object_member_id,
        decision=decision,
        changes=changes,
    )
    key = session_chain_key(session)
    append_entries(session, key, seq, prev_hash, [entry])
    return entry


def new_entry(
    *,
    actor: AuditActor,
    action: AuditAction,
    object_type: str,
    object_id: object,
    object_member_id: int | None = None,
    decision: Decision = Decision.ALLOWED,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry not yet in the chain (``append_entries`` gives it its place and hash)."""
    queued = queued_entry(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_member_id=object_member_id,
        decision=decision,
        changes=changes,
    )
    return AuditEntry(**{name: getattr(queued, name) for name in _UNCHAINED_FIELDS})


@dataclass(slots=True)
class QueuedEntry:
    """An ``AuditEntry``'s columns as a plain object, for the group commit: every check of the
    register builds one, and the ORM's attribute instrumentation cost more than the hash."""

    at: datetime
    actor_user_id: int | None
    actor_label: str
    member_id: int | None
    agency_id: int | None
    action: str
    object_type: str
    object_id: str
    object_member_id: int | None
    decision: str
    request_id: str
    client_address: str
    changes: dict[str, Any]
    seq: int | None = None
    prev_hash: str | None = None
    hash: str | None = None


_UNCHAINED_FIELDS = tuple(
    name for name in QueuedEntry.__slots__ if name not in {"seq", "prev_hash", "hash"}
)


def queued_entry(
    *,
    actor: AuditActor,
    action: AuditAction,
    object_type: str,
    object_id: object,
    object_member_id: int | None = None,
    decision: Decision = Decision.ALLOWED,
    changes: dict[str, Any] | None = None,
) -> QueuedEntry:
    """``new_entry`` for ``GroupCommitLog.append`` (same fields, same redaction)."""
    return QueuedEntry(
        at=utcnow(),
        actor_user_id=actor.user_id,
        actor_label=actor.label[:254],
        member_id=actor.member_id,
        agency_id=actor.agency_id,
        action=str(action),
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_member_id=object_member_id,
        decision=str(decision),
        request_id=actor.request_id[:64],
        client_address=actor.client_address[:64],
        changes=_redact(changes or {}),
    )


def append_entries(
    session: Session, key: bytes, last_seq: int, prev_hash: str, entries: list[AuditEntry]
) -> None:
    """Chain ``entries`` as the seqs ending at ``last_seq`` (claimed by ``claim_seqs``, which
    gave ``prev_hash``), seal the head on the last of them and add them to the session."""
    _chain(session, key, last_seq, prev_hash, entries)
    session.add_all(entries)
    session.flush()  # the next record() in this transaction reads the last entry's hash


def insert_entries(
    connection: Connection,
    key: bytes,
    last_seq: int,
    prev_hash: str,
    entries: Sequence[AuditEntry | QueuedEntry],
) -> None:
    """``append_entries`` for the group commit: one Core INSERT on a connection, no session or
    unit of work (every check of the register writes an entry; none is used again)."""
    _chain(connection, key, last_seq, prev_hash, entries)
    connection.execute(_INSERT_ENTRIES, [_entry_row(entry) for entry in entries])


def _chain(
    executor: Session | Connection,
    key: bytes,
    last_seq: int,
    prev_hash: str,
    entries: Sequence[AuditEntry | QueuedEntry],
) -> None:
    seq = last_seq - len(entries) + 1
    for entry in entries:
        entry.seq, entry.prev_hash = seq, prev_hash
        entry.hash = prev_hash = entry_hash(entry, key)
        seq += 1
    executor.execute(_SEAL_HEAD, {"seal": head_seal(key, last_seq, prev_hash)})


_ENTRIES = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)
_ENTRY_COLUMNS = tuple(column.key for column in _ENTRIES.columns if column.key != "id")
# Built once: every check of the register appends an entry, and building a statement (clause
# coercion, cache key) costs more CPU than SQLite takes to run it.
_INSERT_ENTRIES = insert(_ENTRIES)
_SEAL_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(hash=bindparam("seal"))
_CREATE_HEAD = insert(_HEAD).values(id=1, seq=bindparam("count"), hash=GENESIS_HASH)
_CLAIM = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=_HEAD.c.seq + bindparam("count"))
    .returning(_HEAD.c.seq)
)
_HASH_AT = select(_ENTRIES.c.hash).where(_ENTRIES.c.seq == bindparam("seq"))


def _entry_row(entry: AuditEntry | QueuedEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in _ENTRY_COLUMNS}


def claim_seqs(executor: Session | Connection, count: int) -> tuple[int, str]:
    """Advance the head by ``count`` first and return its new seq with the hash of the entry
    before the claimed ones: the UPDATE takes the row (PostgreSQL) or write (SQLite) lock, so
    concurrent writers queue here instead of forking the chain. The hash is read by a statement
    of its own: on PostgreSQL only a statement begun after the lock was granted sees the entry
    that the previous holder committed."""
    last_seq: int | None = executor.execute(_CLAIM, {"count": count}).scalar()
    if last_seq is None:
        try:
            with executor.begin_nested():
                executor.execute(_CREATE_HEAD, {"count": count})
        except IntegrityError:  # another writer created the head first: queue behind it
            return claim_seqs(executor, count)
        last_seq = count
    return last_seq, _hash_of(executor, last_seq - count)


def _hash_of(executor: Session | Connection, seq: int) -> str:
    if seq == 0:
        return GENESIS_HASH
    # Missing only if someone deleted it; the chain then stays broken there for verify to report.
    found: str | None = executor.execute(_HASH_AT, {"seq": seq}).scalar()
    return found or GENESIS_HASH


def head_seal(key: bytes, seq: int, last_hash: str) -> str:
    """What the head stores: a MAC over the last entry's place and hash, so that winding the head
    back after deleting the newest entries needs the key, which is not in the database."""
    message = f"audit-head\x00{seq}\x00{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


class OwnedRecord(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def owner_member_id(self) -> int: ...


def record_listing(
    session: Session, *, actor: AuditActor, object_type: str, records: Sequence[OwnedRecord]
) -> None:
    """Audit the records a list showed: one entry per owning member, naming the ids, so each
    owner's focal point sees who listed its records."""
    by_owner: dict[int, list[int]] = {}
    for item in records:
        by_owner.setdefault(item.owner_member_id, []).append(item.id)
    for owner, ids in sorted(by_owner.items()):
        record(
            session,
            actor=actor,
            action=AuditAction.RECORD_LISTED,
            object_type=object_type,
            object_id=f"{len(ids)} records",
            object_member_id=owner,
            changes={"ids": ids},
        )


def record_import(
    session: Session,
    *,
    actor: AuditActor,
    object_type: str,
    sha256: str,
    file_name: str,
    rows: int,
    counts: Mapping[Any, int],
) -> None:
    """Audit an imported file as one entry: its SHA-256 is the object id; the changes name the
    file (as the caller may show it), its rows and how many rows had each outcome."""
    record(
        session,
        actor=actor,
        action=AuditAction.RECORD_CREATED,
        object_type=object_type,
        object_id=sha256,
        object_member_id=actor.member_id,
        changes={
            "file_name": file_name,
            "sha256": sha256,
            "rows": rows,
            **{str(outcome): count for outcome, count in counts.items()},
        },
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The changed fields as ``{"field": {"before": x, "after": y}}``."""
    keys = sorted(set(before) | set(after))
    return {
        k: {"before": before.get(k), "after": after.get(k)}
        for k in keys
        if before.get(k) != after.get(k)
    }


def _redact(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: REDACTED if key in SECRET_FIELDS else _jsonable(value)
        for key, value in changes.items()
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return _redact(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def chain_key(secret_key: str) -> bytes:
    """The chain's HMAC key, derived from the deployment's secret key."""
    return hashlib.sha256(b"rcf-audit-chain\x00" + secret_key.encode()).digest()


def session_chain_key(session: Session) -> bytes:
    """The chain key of the deployment a session belongs to."""
    # Set by rcf.db.make_session_factory, so every session of the app and the CLI carries it.
    return chain_key(session.info["secret_key"])


def entry_hash(entry: AuditEntry | QueuedEntry, key: bytes) -> str:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_user_id": entry.actor_user_id,
        "actor_label": entry.actor_label,
        "member_id": entry.member_id,
        "agency_id": entry.agency_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_member_id": entry.object_member_id,
        "decision": entry.decision,
        "request_id": entry.request_id,
        "client_address": entry.client_address,
        "changes": entry.changes,
        "prev_hash": entry.prev_hash,
    }
    message = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
