"""Credentials: password hashing and rules, random tokens, TOTP and the encryption of its secret.

Pure functions with no database access, so they can be tested and benchmarked alone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from functools import cache
from importlib import resources

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PASSWORD_MAX_LENGTH = 128
TOTP_ISSUER = "Bali Process RCF"
TOTP_INTERVAL = 30
RECOVERY_CODE_COUNT = 10


class Passwords:
    """argon2id hashing with a dummy hash for unknown users, so timing reveals nothing (A2)."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(normalise_password(password))

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True when ``password`` matches; with no hash, burn the same time and say no."""
        try:
            return (
                self._hasher.verify(password_hash or self._dummy, normalise_password(password))
                and password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def normalise_password(password: str) -> str:
    """NFKC, so the same password typed on different keyboards matches (ASVS 2.1.8)."""
    return unicodedata.normalize("NFKC", password)


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("rcf.accounts").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, min_length: int, email: str = "") -> str | None:
    """Why a new password is refused, or None. Any Unicode is allowed; no composition rules."""
    length = len(normalise_password(password))
    if length < min_length:
        return f"Use at least {min_length} characters."
    if length > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered in _common_passwords():
        return "This password is too common. Choose another."
    if email and (lowered == email.lower() or lowered == email.split("@")[0].lower()):
        return "Do not use your email address as your password."
    return None


def new_token(prefix: str = "") -> str:
    """A random secret of 256 bits, URL-safe, with an optional readable prefix."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of a high-entropy token: what is stored and compared (F2)."""
    return hashlib.sha256(token.encode()).hexdigest()


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_recovery_codes() -> list[str]:
    """Ten one-time codes like ``k3f9-2m7x-q8zd`` (60 bits each)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
    return codes


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


# --- TOTP -------------------------------------------------------------------------------------


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret, interval=TOTP_INTERVAL).provisioning_uri(
        name=account, issuer_name=TOTP_ISSUER
    )


def matching_totp_step(secret: str, code: str, now: float, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to (current +-1), or None. A step at or before
    ``last_step`` is refused, so each code works once (A3)."""
    # NFKC turns full-width digits (typed with some input methods) into ASCII ones; anything
    # else non-ASCII is refused here, as compare_digest raises on non-ASCII strings.
    code = unicodedata.normalize("NFKC", code).strip().replace(" ", "")
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    current = int(now // TOTP_INTERVAL)
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_INTERVAL), code):
            return step
    return None


# --- Field encryption -------------------------------------------------------------------------


def _field_key(secret_key: str, purpose: str) -> bytes:
    return hashlib.sha256(f"rcf-field\x00{purpose}\x00{secret_key}".encode()).digest()


def encrypt_field(secret_key: str, purpose: str, plaintext: str) -> str:
    """AES-256-GCM with a key derived from the deployment secret; the purpose is bound in."""
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_field_key(secret_key, purpose)).encrypt(
        nonce, plaintext.encode(), purpose.encode()
    )
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_field(secret_key: str, purpose: str, ciphertext: str) -> str:
    raw = base64.urlsafe_b64decode(ciphertext.encode())
    opened = AESGCM(_field_key(secret_key, purpose)).decrypt(raw[:12], raw[12:], purpose.encode())
    return opened.decode()
