"""Files attached to a cross-border referral (a passport scan, a medical certificate...).

* **Type by content**: a file is a PDF, PNG, JPEG or plain text by its first bytes, and its
  name must end with an extension of that same type; anything else is refused. Text that looks
  like markup is refused too, so no upload can turn into a page in a browser.
* **Stored sealed, in the database**: the file and its name are encrypted with the trafficking
  key, bound to the referral and the attachment (a file copied to another row does not open).
  Nothing is written to disk, so there is no storage name to guess or traverse.
* **Opened only by those who may see the identity sent**: the sending agency's case workers and,
  once the referral is accepted, the receiving agency's; the policy's clause is inside the query,
  so anyone else (and the receiver after consent is withdrawn, or the referral declined or
  withdrawn) gets the same 404 as for a missing file. Each opening is audited.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from typing import IO

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission
from rcf.access.policy import (
    Actor,
    attachment_clause,
    get_visible_referral,
    require,
)
from rcf.db import utcnow
from rcf.errors import Conflict, Forbidden, InvalidInput, NotFound
from rcf.runtime import Runtime
from rcf.trafficking import referrals as rules
from rcf.trafficking.crypto import FieldAddress, FieldCipher
from rcf.trafficking.models import TraffickingCase
from rcf.trafficking.referral_models import ReferralAttachment, TraffickingReferral
from rcf.trafficking.referral_sealing import ACCEPTED_STATES, may_open_identity, referral_cipher
from rcf.trafficking.referral_service import audit_change

A, R = ReferralAttachment, TraffickingReferral
# Sniffed type -> the extensions a file of that type may carry.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt",),
}
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
MARKUP = re.compile(rb"^\s*<(!doctype|html|head|body|script|svg|\?xml|iframe)", re.IGNORECASE)
TEXT_CONTROLS = {ord(c) for c in "\t\n\r\f"}
NAME_LENGTH = 120
ALLOWED_TEXT = "a PDF, PNG, JPEG or plain text file"


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The type of ``data`` by its first bytes; None when it is none of the allowed ones."""
    for magic, content_type in MAGIC:
        if data.startswith(magic):
            return content_type
    return "text/plain" if _is_plain_text(data) else None


def _is_plain_text(data: bytes) -> bool:
    if not data or MARKUP.match(data[:512]):
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and ord(c) not in TEXT_CONTROLS for c in text)


def safe_file_name(name: str) -> str:
    """The name without any path, control or quote characters (for Content-Disposition)."""
    base = re.split(r"[/\\]", name)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C" and c not in "\"';")
    kept = unicodedata.normalize("NFC", kept).strip().lstrip(".")
    if len(kept) > NAME_LENGTH:
        stem, dot, ext = kept.rpartition(".")
        kept = stem[: NAME_LENGTH - len(ext) - 1] + dot + ext if dot else kept[:NAME_LENGTH]
    return kept


def check_file(name: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    """The file if it may be attached; InvalidInput saying why not otherwise."""
    if not data:
        raise InvalidInput({"file": "Choose a file to attach."})
    if len(data) > max_bytes:
        raise InvalidInput({"file": f"The file is larger than {max_bytes:,} bytes."})
    content_type = sniff(data)
    if content_type is None:
        raise InvalidInput({"file": f"Attach {ALLOWED_TEXT}; this file is none of them."})
    clean = safe_file_name(name)
    if not clean.lower().endswith(EXTENSIONS[content_type]):
        wanted = " or ".join(EXTENSIONS[content_type])
        raise InvalidInput({"file": f"The file's content is {content_type}: name it {wanted}."})
    return CheckedFile(clean, content_type, data)


def read_bounded(handle: IO[bytes], max_bytes: int) -> bytes:
    """At most one byte more than the limit, so an oversized file is refused unread."""
    return handle.read(max_bytes + 1)


# --- Sealing and auditing ---------------------------------------------------------------------


def _address(
    referral: TraffickingReferral, attachment: ReferralAttachment, part: str
) -> FieldAddress:
    return FieldAddress(A.__tablename__, part, f"{referral.uid}/{attachment.uid}")


def _cipher(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    referral: TraffickingReferral,
    item_id: int,
    audited: str,
) -> FieldCipher:
    """The cipher, auditing the opening of the ``audited`` part of attachment ``item_id``."""
    return referral_cipher(
        session, runtime, actor, referral, attachment_id=item_id, audited_column=audited
    )


# --- Attaching, listing, opening ----------------------------------------------------------------


def attachable_referral(session: Session, actor: Actor, referral_id: int) -> TraffickingReferral:
    """The referral, if the actor may attach to it now: checked before any upload is read."""
    require(actor, Permission.TRAFFICKING_WRITE)
    referral = get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    if not may_open_identity(actor, referral):
        raise Forbidden("Only case workers who may see the identity sent can attach files.")
    if referral.status in rules.FINAL:
        raise Conflict("The referral is closed: nothing more can be attached.")
    return referral


def attach(
    session: Session,
    runtime: Runtime,
    actor: Actor,
    referral: TraffickingReferral,
    name: str,
    data: bytes,
) -> ReferralAttachment:
    """Attach a checked file to ``referral`` (from ``attachable_referral``), sealed, audited."""
    checked = check_file(name, data, max_bytes=runtime.settings.trafficking_attachment_max_bytes)
    item = A(
        uid=str(uuid.uuid4()),
        referral_id=referral.id,
        uploaded_by_id=actor.user_id,
        uploader_member_id=actor.member_id,
        content_type=checked.content_type,
        size_bytes=len(checked.data),
        created_at=utcnow(),
    )
    box = _cipher(session, runtime, actor, referral, 0, "name")
    item.name_sealed = box.encrypt(checked.name, _address(referral, item, "name"))
    item.content_sealed = box.encrypt_bytes(checked.data, _address(referral, item, "content"))
    session.add(item)
    session.flush()
    changes = {"attachment": item.id, "type": item.content_type, "bytes": item.size_bytes}
    audit_change(session, actor, referral, changes)
    return item


def _scoped(actor: Actor) -> Select[ReferralAttachment, TraffickingReferral]:
    return (
        select(A, R)
        .join(R, R.id == A.referral_id)
        .where(attachment_clause(actor, A, R, TraffickingCase, ACCEPTED_STATES))
    )


def list_attachments(
    session: Session, runtime: Runtime, actor: Actor, referral_id: int
) -> list[tuple[ReferralAttachment, str]]:
    """The attachments of a visible referral the actor may open, with their names (each name
    opening audited); an empty list for those who may see the referral but not its files."""
    require(actor, Permission.TRAFFICKING_READ)
    get_visible_referral(session, actor, R, TraffickingCase, referral_id)
    rows = session.execute(_scoped(actor).where(A.referral_id == referral_id).order_by(A.id))
    return [
        (item, _cipher(session, runtime, actor, referral, item.id, "name").decrypt(
            item.name_sealed, _address(referral, item, "name")))
        for item, referral in rows
    ]  # fmt: skip


def open_attachment(
    session: Session, runtime: Runtime, actor: Actor, attachment_id: int
) -> tuple[ReferralAttachment, str, bytes]:
    """The attachment, its name and its content; hidden answers like missing (404)."""
    found = session.execute(_scoped(actor).where(A.id == attachment_id)).first()
    if found is None:
        raise NotFound()
    item, referral = found
    box = _cipher(session, runtime, actor, referral, item.id, "content")
    name = box.decrypt(item.name_sealed, _address(referral, item, "name"))
    return item, name, box.decrypt_bytes(item.content_sealed, _address(referral, item, "content"))
