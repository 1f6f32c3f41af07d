"""Signed offline snapshots of the register (like INTERPOL's MIND/FIND), checked without a network.

Pure: bytes and keys in, bytes or a :class:`Snapshot` out; no I/O. A snapshot never holds a
document number. For each record it holds keyed hashes, HMAC-SHA256 truncated to 128 bits, of
``normalised number | issuing state`` and of ``~ confusable key | issuing state`` (so confusable
candidates work offline too), and only what a hit shows: status, handling code, owner member and
an opaque reference. Whoever holds the file but not the HMAC key learns the number of records and
nothing about any number; whoever holds the key too can test numbers one by one (as an officer
must), which is why the key is distributed to authorised members only and kept apart from the file.

Layout (integers big-endian)::

    MAGIC (8) | header length (4) | header JSON | body | Ed25519 signature (64)
    body = fanout(exact) | exact entries | fanout(confusable) | confusable entries | records

An entry is a 16-byte digest and a 4-byte record index, sorted by digest; a fanout table holds,
for each 2-byte digest prefix, how many entries have a smaller or equal prefix (as git's pack
index does), so a lookup bisects about 150 entries of a 10M-record snapshot. A record is
status, handling code and owner as 1/1/2-byte indexes into the header's lists, then the
reference padded to the header's width. The signature covers every byte before it and is
verified before anything else is read.

Keys: the HMAC key is 32 random bytes, written as hex in a key file (:func:`format_hmac_key`,
:func:`parse_hmac_key`); the signing key is an Ed25519 key in PEM (:func:`signing_key_pem`,
:func:`public_key_pem`, :func:`load_public_key`, :func:`load_signing_key`). They live in
:mod:`rcf.documents.offline_keys` and are exported here with the rest of the snapshot's API.
"""

from __future__ import annotations

import hmac
import json
import struct
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from rcf.documents.numbers import confusable_key, normalise_number, normalise_state
from rcf.documents.offline_keys import (
    SnapshotError,
    format_hmac_key,
    generate_hmac_key,
    key_id,
    load_public_key,
    load_signing_key,
    parse_hmac_key,
    public_key_id,
    public_key_pem,
    signing_key_pem,
)

__all__ = [
    "OfflineHit",
    "OfflineRecord",
    "Snapshot",
    "SnapshotError",
    "build_snapshot",
    "confusable_digest",
    "exact_digest",
    "format_hmac_key",
    "generate_hmac_key",
    "key_id",
    "load_public_key",
    "load_signing_key",
    "load_snapshot",
    "parse_hmac_key",
    "public_key_id",
    "public_key_pem",
    "signing_key_pem",
]

MAGIC = b"RCFMIND1"
FORMAT = "rcf-offline-documents"
VERSION = 1
DIGEST = 16
ENTRY = DIGEST + 4
FANOUT = 65536 * 4
SIGNATURE = 64
MAX_REFERENCE = 64
_HEADER_LENGTH = struct.Struct(">I")
_INDEX = struct.Struct(">I")
_RECORD_HEAD = struct.Struct(">BBH")


@dataclass(frozen=True, slots=True)
class OfflineRecord:
    """One register record as the exporter hands it over (the number never reaches the file)."""

    document_number: str
    issuing_state: str
    status: str
    handling_code: str
    owner: str
    reference: str  # opaque: must not contain the document number


@dataclass(frozen=True, slots=True)
class OfflineHit:
    status: str
    handling_code: str
    owner: str
    reference: str
    match: str  # "exact" or "confusable"


# --- Digests --------------------------------------------------------------------------------


def exact_digest(hmac_key: bytes, number: str, state: str) -> bytes:
    return _digest(hmac_key, f"{normalise_number(number)}|{normalise_state(state)}")


def confusable_digest(hmac_key: bytes, number: str, state: str) -> bytes:
    # "~" keeps the two kinds of digest apart whatever the number.
    return _digest(hmac_key, f"~{confusable_key(number)}|{normalise_state(state)}")


def _digest(hmac_key: bytes, message: str) -> bytes:
    return hmac.digest(hmac_key, message.encode(), "sha256")[:DIGEST]


# --- Building -------------------------------------------------------------------------------


def build_snapshot(
    records: Iterable[OfflineRecord],
    hmac_key: bytes,
    signing_key: Ed25519PrivateKey,
    now: datetime,
) -> bytes:
    """The signed snapshot of ``records``; raises ValueError on a record it cannot hold."""
    vocab: dict[str, dict[str, int]] = {"statuses": {}, "handling_codes": {}, "owners": {}}
    exact, confusable, heads, references = [], [], [], []
    for index, record in enumerate(records):
        exact.append(exact_digest(hmac_key, record.document_number, record.issuing_state))
        confusable.append(confusable_digest(hmac_key, record.document_number, record.issuing_state))
        heads.append(_record_head(record, vocab))
        references.append(_reference(record))
        exact[-1] += _INDEX.pack(index)
        confusable[-1] += _INDEX.pack(index)
    width = max(map(len, references), default=0)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "created": _utc(now).isoformat(),
        "record_count": len(heads),
        "key_id": key_id(hmac_key),
        "signing_key_id": public_key_id(signing_key.public_key()),
        "digest": "HMAC-SHA256/128",
        "reference_width": width,
        **{name: list(values) for name, values in vocab.items()},
    }
    records_blob = b"".join(
        h + r.ljust(width, b"\0") for h, r in zip(heads, references, strict=True)
    )
    body = _table(exact) + _table(confusable) + records_blob
    header_bytes = json.dumps(header, sort_keys=True).encode()
    signed = MAGIC + _HEADER_LENGTH.pack(len(header_bytes)) + header_bytes + body
    return signed + signing_key.sign(signed)


def _record_head(record: OfflineRecord, vocab: dict[str, dict[str, int]]) -> bytes:
    status = _index(vocab["statuses"], record.status, 255)
    handling = _index(vocab["handling_codes"], record.handling_code, 255)
    owner = _index(vocab["owners"], record.owner, 65535)
    return _RECORD_HEAD.pack(status, handling, owner)


def _index(values: dict[str, int], value: str, limit: int) -> int:
    index = values.setdefault(value, len(values))
    if index > limit:
        raise ValueError(f"More than {limit + 1} distinct values such as {value!r}.")
    return index


def _reference(record: OfflineRecord) -> bytes:
    reference = record.reference.encode()
    number = normalise_number(record.document_number)
    if len(reference) > MAX_REFERENCE or "\0" in record.reference:
        raise ValueError(f"A reference must be at most {MAX_REFERENCE} bytes, without NUL.")
    # A guard against an exporter putting numbers in references. Short or all-digit numbers
    # may occur in an opaque reference such as "R12345" by chance, so only others are refused.
    if len(number) >= 6 and not number.isdigit() and number in normalise_number(record.reference):
        raise ValueError("A reference must not contain the document number.")
    return reference


def _table(entries: list[bytes]) -> bytes:
    """The fanout table and the sorted entries."""
    entries.sort()
    bounds = [bisect_left(entries, (prefix + 1).to_bytes(2, "big")) for prefix in range(65535)]
    fanout = [*bounds, len(entries)]
    return b"".join(_INDEX.pack(count) for count in fanout) + b"".join(entries)


# --- Loading and checking -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A verified snapshot, ready for checks; ``warnings`` says when it is stale."""

    data: bytes
    hmac_key: bytes
    created: datetime
    record_count: int
    key_id: str
    warnings: tuple[str, ...]
    statuses: tuple[str, ...]
    handling_codes: tuple[str, ...]
    owners: tuple[str, ...]
    reference_width: int
    exact_at: int  # offset of the exact table's fanout
    confusable_at: int
    records_at: int

    def check(self, number: str, state: str) -> list[OfflineHit]:
        """The records matching the document: exact ones first, then confusable candidates."""
        number, state = normalise_number(number), normalise_state(state)
        found = self._indexes(self.exact_at, _digest(self.hmac_key, f"{number}|{state}"))
        key = f"~{confusable_key(number)}|{state}"
        near = self._indexes(self.confusable_at, _digest(self.hmac_key, key))
        hits = [self._hit(index, "exact") for index in found]
        return hits + [self._hit(index, "confusable") for index in near if index not in found]

    def _indexes(self, table_at: int, digest: bytes) -> list[int]:
        data, prefix = self.data, int.from_bytes(digest[:2], "big")
        low = _INDEX.unpack_from(data, table_at + 4 * prefix - 4)[0] if prefix else 0
        high = _INDEX.unpack_from(data, table_at + 4 * prefix)[0]
        entries = table_at + FANOUT
        while low < high:  # the first entry whose digest is not below ``digest``
            middle = (low + high) // 2
            at = entries + middle * ENTRY
            if data[at : at + DIGEST] < digest:
                low = middle + 1
            else:
                high = middle
        indexes = []
        at = entries + low * ENTRY
        while at < self.records_at and data[at : at + DIGEST] == digest:
            indexes.append(_INDEX.unpack_from(data, at + DIGEST)[0])
            at += ENTRY
        return indexes

    def _hit(self, index: int, match: str) -> OfflineHit:
        at = self.records_at + index * (_RECORD_HEAD.size + self.reference_width)
        status, handling, owner = _RECORD_HEAD.unpack_from(self.data, at)
        start = at + _RECORD_HEAD.size
        reference = self.data[start : start + self.reference_width].rstrip(b"\0").decode()
        return OfflineHit(
            self.statuses[status],
            self.handling_codes[handling],
            self.owners[owner],
            reference,
            match,
        )


def load_snapshot(
    data: bytes,
    public_key: Ed25519PublicKey,
    now: datetime,
    max_age: timedelta,
    *,
    hmac_key: bytes,
) -> Snapshot:
    """The snapshot, after its signature and structure are verified; raises SnapshotError."""
    if len(data) < len(MAGIC) + _HEADER_LENGTH.size + SIGNATURE or not data.startswith(MAGIC):
        raise SnapshotError("This is not an rcf offline snapshot (or it is cut short).")
    try:
        public_key.verify(data[-SIGNATURE:], data[:-SIGNATURE])
    except InvalidSignature:
        raise SnapshotError(
            "The snapshot's signature does not verify with this public key: the file was altered "
            "or signed by another server. Do not use it; fetch a new snapshot."
        ) from None
    header, body_at = _header(data)
    if header.get("key_id") != key_id(hmac_key):
        raise SnapshotError(
            f"The key file does not belong to this snapshot (it needs key {header.get('key_id')})."
        )
    return _snapshot(data, header, body_at, hmac_key, now, max_age)


def _header(data: bytes) -> tuple[dict[str, object], int]:
    length = _HEADER_LENGTH.unpack_from(data, len(MAGIC))[0]
    start = len(MAGIC) + _HEADER_LENGTH.size
    try:
        header = json.loads(data[start : start + length])
    except (ValueError, UnicodeDecodeError):
        raise SnapshotError("The snapshot's header is not readable.") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SnapshotError("The snapshot's header is not an rcf offline snapshot header.")
    if header.get("version") != VERSION:
        raise SnapshotError(f"Snapshot version {header.get('version')} is not supported.")
    return header, start + length


def _snapshot(
    data: bytes,
    header: dict[str, object],
    body_at: int,
    hmac_key: bytes,
    now: datetime,
    max_age: timedelta,
) -> Snapshot:
    try:
        count, width = _number(header["record_count"]), _number(header["reference_width"])
        created = datetime.fromisoformat(str(header["created"]))
        statuses, handling_codes, owners = (
            _strings(header[name]) for name in ("statuses", "handling_codes", "owners")
        )
    except (KeyError, TypeError, ValueError):
        raise SnapshotError("The snapshot's header lacks a field or holds a wrong value.") from None
    table = FANOUT + count * ENTRY
    records_at = body_at + 2 * table
    if records_at + count * (_RECORD_HEAD.size + width) != len(data) - SIGNATURE:
        raise SnapshotError("The snapshot's size does not match its header.")
    return Snapshot(
        data, hmac_key, created, count, str(header["key_id"]), _age_warnings(created, now, max_age),
        statuses, handling_codes, owners, width, body_at, body_at + table, records_at,
    )  # fmt: skip


def _number(value: object) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(value)
    return tuple(value)


def _age_warnings(created: datetime, now: datetime, max_age: timedelta) -> tuple[str, ...]:
    age = _utc(now) - _utc(created)
    if age > max_age:
        return (
            f"The snapshot is stale: made {_days(age)} ago ({created:%Y-%m-%d %H:%M} UTC), "
            f"more than {_days(max_age)}. Records added since are missing; update it.",
        )
    if age < -timedelta(minutes=5):
        return (
            f"The snapshot is dated in the future ({created:%Y-%m-%d %H:%M} UTC): check the clock.",
        )
    return ()


def _days(span: timedelta) -> str:
    if span >= timedelta(days=2):
        return f"{span.days} days"
    return f"{span.total_seconds() / 3600:.0f} hours"


def _utc(moment: datetime) -> datetime:
    """An aware UTC time (a naive one is taken as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
