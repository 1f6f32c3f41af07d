"""Verify the audit chain: walk it from the start and name the first entry that was edited,
removed, reordered or cut off (the hashes and the head's seal are made in ``audit.service``).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from rcf.audit.models import AuditEntry, AuditHead
from rcf.audit.service import GENESIS_HASH, entry_hash, head_seal, session_chain_key


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"entry seq={self.seq}" + (f" (id={self.entry_id})" if self.entry_id else "")
        return f"{where}: {self.reason}"


def verify_chain(session: Session, *, batch_size: int = 5000) -> ChainProblem | None:
    """Walk the chain from the start; return the first problem, or None when it is intact.

    The head is read before the walk, so entries a live server appends meanwhile are checked like
    the others instead of being taken for a mismatch with the head.
    """
    key = session_chain_key(session)
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).first()
    expected_seq, prev_hash = 1, GENESIS_HASH
    for entry in _entries_in_order(session, batch_size):
        problem = _check_entry(entry, expected_seq, prev_hash, key)
        if problem is None and head is not None and entry.seq == head.seq:
            problem = _check_seal(entry, head.hash, key)
        if problem:
            return problem
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    return _check_end(head, expected_seq - 1)


def _check_entry(entry: AuditEntry, seq: int, prev_hash: str, key: bytes) -> ChainProblem | None:
    if entry.seq != seq:
        return ChainProblem(seq, None, f"missing (next entry found is seq={entry.seq})")
    if entry.prev_hash != prev_hash:
        return ChainProblem(seq, entry.id, "does not link to the previous entry")
    if not hmac.compare_digest(entry.hash, entry_hash(entry, key)):
        return ChainProblem(seq, entry.id, "content does not match its hash (edited)")
    return None


def _check_seal(entry: AuditEntry, seal: str, key: bytes) -> ChainProblem | None:
    if hmac.compare_digest(seal, head_seal(key, entry.seq, entry.hash)):
        return None
    return ChainProblem(
        entry.seq,
        entry.id,
        "the chain head was rewritten to end here (newer entries may have been removed)",
    )


def _check_end(head: Row[int, str] | None, last_seq: int) -> ChainProblem | None:
    if head is None:
        return None if last_seq == 0 else ChainProblem(last_seq, None, "chain head is missing")
    if head.seq > last_seq:
        return ChainProblem(
            last_seq + 1,
            None,
            f"chain ends at seq={last_seq} but its head says seq={head.seq} "
            "(entries were removed from the end)",
        )
    if head.seq < 1:
        return ChainProblem(1, None, f"the chain head names no entry (seq={head.seq})")
    return None


def _entries_in_order(session: Session, batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry)
            .execution_options(populate_existing=True)  # as stored, not as this session recalls
            .where(AuditEntry.seq > last)
            .order_by(AuditEntry.seq)
            .limit(batch_size)
        ).all()
        if not rows:
            return
        for row in rows:
            yield row
            session.expunge(row)
        last = rows[-1].seq
