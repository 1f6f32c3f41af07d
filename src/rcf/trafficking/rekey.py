"""Re-encrypting every sealed trafficking value under the current key (``rcf trafficking
rekey``), after ``rcf trafficking new-key`` put a new key first in the key file.

Resumable: each batch is its own transaction and only values sealed under another key are
selected (their stored text does not start with ``t1.<current key id>.``), so a run that stops
half-way is simply run again. The blind index of identity numbers is rebuilt under the new key
with each case. One audit entry per batch says how many records were sealed again; the old key
line may be deleted once ``key_ids_in_use`` no longer lists it (the command prints them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import LargeBinary, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.runtime import Runtime
from rcf.trafficking.crypto import FORMAT, FieldAddress, FieldCipher, Keyring, cipher_from_settings
from rcf.trafficking.models import SEALED_COLUMNS, IdentityIndex, TraffickingCase
from rcf.trafficking.referral_models import (
    ReferralAttachment,
    ReferralMessage,
    TraffickingReferral,
)
from rcf.trafficking.service import INDEX_KIND

BATCH = 200
C, R, M, A = TraffickingCase, TraffickingReferral, ReferralMessage, ReferralAttachment


def rekey(
    session_factory: Callable[[], Session], runtime: Runtime, batch: int = BATCH
) -> Counter[str]:
    """Seal every value again under the current key, batch by batch; the counts per kind."""
    key_file = runtime.settings.resolved_trafficking_key_file
    current = Keyring.from_file(key_file).current.key_id
    box = cipher_from_settings(key_file, on_decrypt=lambda address: None)
    prefix = f"{FORMAT}.{current}."
    done: Counter[str] = Counter()
    for kind, step in (("cases", _cases), ("referrals", _referrals), ("messages", _messages),
                       ("attachments", _attachments)):  # fmt: skip
        while True:
            with session_factory() as session:
                count = step(session, box, prefix, batch)
                if not count:
                    break
                _audit(session, current, kind, count)
                session.commit()
                done[kind] += count
    return done


def _audit(session: Session, key_id: str, kind: str, count: int) -> None:
    record(
        session,
        actor=Actor.system("system (rekey)"),
        action=AuditAction.RECORD_UPDATED,
        object_type="trafficking_key_rotation",
        object_id=key_id,
        changes={kind: count},
    )


def _stale(column: Any, prefix: str) -> Any:
    return column.is_not(None) & ~column.startswith(prefix)


def _cases(session: Session, box: FieldCipher, prefix: str, batch: int) -> int:
    columns = [getattr(C, column) for column in SEALED_COLUMNS.values()]
    stmt = select(C).where(or_(*(_stale(column, prefix) for column in columns)))
    cases = list(session.scalars(stmt.order_by(C.id).limit(batch)))
    for case in cases:
        for field, column in SEALED_COLUMNS.items():
            stored = getattr(case, column)
            if stored and box.needs_rotation(stored):
                address = FieldAddress(C.__tablename__, field, case.uid)
                setattr(case, column, box.reencrypt(stored, address))
        _reindex(session, box, case)
    return len(cases)


def _reindex(session: Session, box: FieldCipher, case: TraffickingCase) -> None:
    session.execute(delete(IdentityIndex).where(IdentityIndex.case_id == case.id))
    if not case.identity_documents_sealed:
        return
    address = FieldAddress(C.__tablename__, "identity_documents", case.uid)
    documents = json.loads(box.decrypt(case.identity_documents_sealed, address))
    digests = {box.blind_index(d["number"], kind=INDEX_KIND) for d in documents}
    session.add_all(IdentityIndex(case_id=case.id, digest=d) for d in sorted(digests))


def _referrals(session: Session, box: FieldCipher, prefix: str, batch: int) -> int:
    stmt = select(R).where(_stale(R.identity_sealed, prefix)).order_by(R.id).limit(batch)
    referrals = list(session.scalars(stmt))
    for referral in referrals:
        address = FieldAddress(R.__tablename__, "identity", referral.uid)
        referral.identity_sealed = box.reencrypt(referral.identity_sealed or "", address)
    return len(referrals)


def _messages(session: Session, box: FieldCipher, prefix: str, batch: int) -> int:
    stmt = select(M, R.uid).join(R, R.id == M.referral_id).where(_stale(M.body_sealed, prefix))
    rows = list(session.execute(stmt.order_by(M.id).limit(batch)))
    for message, referral_uid in rows:
        address = FieldAddress(M.__tablename__, "body", f"{referral_uid}/{message.uid}")
        message.body_sealed = box.reencrypt(message.body_sealed, address)
    return len(rows)


def _attachments(session: Session, box: FieldCipher, prefix: str, batch: int) -> int:
    # The file's first bytes, compared as bytes (LIKE on binary differs between databases).
    head = func.substr(A.content_sealed, 1, len(prefix))
    stale = or_(_stale(A.name_sealed, prefix), head != cast(prefix.encode(), LargeBinary))
    stmt = select(A, R.uid).join(R, R.id == A.referral_id).where(stale)
    rows = list(session.execute(stmt.order_by(A.id).limit(batch)))
    for item, referral_uid in rows:
        place = f"{referral_uid}/{item.uid}"
        name, content = (FieldAddress(A.__tablename__, part, place) for part in ("name", "content"))
        if box.needs_rotation(item.name_sealed):
            item.name_sealed = box.reencrypt(item.name_sealed, name)
        if box.needs_rotation(item.content_sealed):
            item.content_sealed = box.reencrypt_bytes(item.content_sealed, content)
    return len(rows)
