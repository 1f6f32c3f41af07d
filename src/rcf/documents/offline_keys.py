"""The keys of offline snapshots: the HMAC key of the digests (32 random bytes, written as hex in
a key file) and the Ed25519 signing key (PEM).

No I/O: the caller reads and writes the files; a key file that holds no usable key raises
:class:`SnapshotError`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

HMAC_KEY_BYTES = 32


class SnapshotError(ValueError):
    """The snapshot cannot be used: altered, signed by another key, or for another HMAC key (or
    a key file holds no usable key)."""


def generate_hmac_key() -> bytes:
    return secrets.token_bytes(HMAC_KEY_BYTES)


def format_hmac_key(key: bytes) -> str:
    """The key file's text: the key as hex on one line."""
    return key.hex() + "\n"


def parse_hmac_key(text: bytes | str) -> bytes:
    """The HMAC key of a key file; raises :class:`SnapshotError` when it is not one."""
    if isinstance(text, bytes):
        text = text.decode("ascii", errors="replace")
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        raise SnapshotError("The key file does not hold a hex key.") from None
    if len(key) < HMAC_KEY_BYTES:
        raise SnapshotError(f"The key file holds {len(key)} bytes; at least 32 are needed.")
    return key


def key_id(hmac_key: bytes) -> str:
    """A fingerprint naming the HMAC key in the header (it reveals nothing of the key)."""
    return hmac.digest(hmac_key, b"rcf offline key id", "sha256")[:8].hex()


def public_key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def signing_key_pem(signing_key: Ed25519PrivateKey) -> bytes:
    return signing_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_pem(signing_key: Ed25519PrivateKey) -> bytes:
    return signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_signing_key(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SnapshotError("The signing key is not an Ed25519 key.")
    return key


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """The Ed25519 public key of a PEM file; raises :class:`SnapshotError` otherwise."""
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        raise SnapshotError("The public key file is not a PEM public key.") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SnapshotError("The public key is not an Ed25519 key.")
    return key
