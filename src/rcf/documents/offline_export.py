"""The offline copy's server side: the live register as ``offline.OfflineRecord`` values, and
the two keys (HMAC and Ed25519 signing) read from the files the settings name, or generated
on first use under DATA_DIR with mode 0600 (never in production, where they must be given)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.documents.models import DocumentRecord
from rcf.documents.offline import (
    OfflineRecord,
    format_hmac_key,
    generate_hmac_key,
    load_signing_key,
    parse_hmac_key,
    signing_key_pem,
)
from rcf.errors import RcfError
from rcf.members.models import Member
from rcf.settings import Settings

HMAC_KEY_NAME = "offline-hmac.key"
SIGNING_KEY_NAME = "offline-signing.pem"


class KeyMissing(RcfError):
    title = "Offline key missing"


def offline_records(session: Session, today: date | None = None) -> Iterator[OfflineRecord]:
    """Every live record (not withdrawn, before its review date), streamed."""
    stmt = (
        select(
            DocumentRecord.id,
            DocumentRecord.document_number,
            DocumentRecord.issuing_state,
            DocumentRecord.status,
            DocumentRecord.handling_code,
            Member.code,
        )
        .join(Member, Member.id == DocumentRecord.owner_member_id)
        .where(
            DocumentRecord.withdrawn_at.is_(None),
            DocumentRecord.review_date > (today or date.today()),
        )
        .order_by(DocumentRecord.id)
        .execution_options(yield_per=10_000)
    )
    for row in session.execute(stmt):
        # The reference is opaque (R + id): the file must never carry a document number.
        yield OfflineRecord(row[1], row[2], str(row[3]), str(row[4]), row[5], f"R{row[0]}")


def hmac_key(settings: Settings) -> bytes:
    path = settings.document_offline_hmac_key_file or settings.data_dir / HMAC_KEY_NAME
    if not path.exists():
        _create(settings, path, format_hmac_key(generate_hmac_key()).encode())
    return parse_hmac_key(path.read_bytes())


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    path = settings.document_offline_signing_key_file or settings.data_dir / SIGNING_KEY_NAME
    if not path.exists():
        _create(settings, path, signing_key_pem(Ed25519PrivateKey.generate()))
    return load_signing_key(path.read_bytes())


def hmac_key_path(settings: Settings) -> Path:
    return settings.document_offline_hmac_key_file or settings.data_dir / HMAC_KEY_NAME


def _create(settings: Settings, path: Path, content: bytes) -> None:
    if settings.is_production:
        raise KeyMissing(f"{path} does not exist: give the offline keys in production.")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
