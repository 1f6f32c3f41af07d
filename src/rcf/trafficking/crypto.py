"""Encryption of victims' identity fields, with keys held outside the database.

* **Keys** come from the key file (``RCF_TRAFFICKING_KEY_FILE``): one ``<key id> <base64url of 32
  bytes>`` line per key, the first one current. Old keys stay to read old values (rotation).
* **Values** are sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the file key.
  The stored text is ``t1.<key id>.<base64url(nonce || ciphertext || tag)>``. The plaintext is
  padded to a multiple of 16 bytes so lengths leak only coarsely.
* **Associated data** binds each value to its place: (table, column, record id). A value copied
  into another record or column fails to open, so values cannot be swapped between victims.
* **Decryption is an explicit act**: there is no column type that decrypts on load. Every call
  to :meth:`FieldCipher.decrypt` first calls the ``on_decrypt`` hook the caller had to supply,
  which is where the service writes its audit entry.
* **Blind index**: a keyed HMAC-SHA256 of a normalised identity number, for exact lookups
  without storing or decrypting the number.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "t1"
KEY_BYTES = 32
NONCE_BYTES = 12
PAD_BLOCK = 16
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_ENCRYPTION_INFO = b"rcf trafficking field encryption v1"
_INDEX_INFO = b"rcf trafficking blind index v1"


class KeyFileError(ValueError):
    """The key file is missing, unreadable or holds a malformed or short key."""


class DecryptionError(ValueError):
    """A stored value does not open: tampered, moved to another record, or unknown key."""


@dataclass(frozen=True)
class FieldAddress:
    """Where an encrypted value lives; bound into the ciphertext as associated data. Use
    logical names and an id known before the insert (a UUID): a changed address does not open."""

    table: str
    column: str
    record_id: str

    def associated_data(self, key_id: str) -> bytes:
        parts = (FORMAT, key_id, self.table, self.column, self.record_id)
        if any("\x00" in part for part in parts):
            raise ValueError("A field address cannot contain NUL characters.")
        return "\x00".join(parts).encode()


@dataclass(frozen=True)
class Key:
    key_id: str
    secret: bytes = field(repr=False)

    def derived(self, info: bytes) -> bytes:
        return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=info).derive(self.secret)


@dataclass(frozen=True)
class Keyring:
    """The keys of the key file, the current (first) one used to encrypt."""

    keys: tuple[Key, ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise KeyFileError("The trafficking key file holds no key.")
        ids = [key.key_id for key in self.keys]
        if len(set(ids)) != len(ids):
            raise KeyFileError("The trafficking key file repeats a key id.")

    @property
    def current(self) -> Key:
        return self.keys[0]

    def get(self, key_id: str) -> Key | None:
        return next((key for key in self.keys if key.key_id == key_id), None)

    @classmethod
    def from_file(cls, path: Path) -> Keyring:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            message = f"Cannot read the trafficking key file {path}: {error.strerror}."
            raise KeyFileError(message) from None
        return cls.parse(text)

    @classmethod
    def parse(cls, text: str) -> Keyring:
        lines = [line.strip() for line in text.splitlines()]
        keys = [_parse_key_line(n, line) for n, line in enumerate(lines, 1) if _is_key(line)]
        return cls(tuple(keys))


def _is_key(line: str) -> bool:
    return bool(line) and not line.startswith("#")


def _parse_key_line(number: int, line: str) -> Key:
    parts = line.split()
    if len(parts) != 2 or not KEY_ID.fullmatch(parts[0]):
        raise KeyFileError(f"Line {number} of the trafficking key file is not '<key id> <key>'.")
    try:
        secret = base64.urlsafe_b64decode(parts[1].encode("ascii"))
    except (binascii.Error, UnicodeEncodeError):
        raise KeyFileError(f"The key on line {number} is not base64.") from None
    if len(secret) != KEY_BYTES:
        raise KeyFileError(f"The key on line {number} must be {KEY_BYTES} random bytes.")
    return Key(parts[0], secret)


def new_key_line() -> str:
    """A fresh ``<key id> <key>`` line for the key file."""
    secret = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()
    return f"{secrets.token_hex(4)} {secret}"


def add_current_key(path: Path) -> str:
    """Put a new current key first in the key file (creating it 0600); returns its id."""
    line = new_key_line()
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old:
        Keyring.parse(old)  # never rewrite a file we could not read back
    _write_private(path, line + "\n" + old)
    return line.split()[0]


def _write_private(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".new")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


DecryptHook = Callable[[FieldAddress], None]


class FieldCipher:
    """Seals and opens identity fields. ``on_decrypt`` runs before every decryption (audit)."""

    def __init__(self, keyring: Keyring, *, on_decrypt: DecryptHook) -> None:
        self._aead = {key.key_id: AESGCM(key.derived(_ENCRYPTION_INFO)) for key in keyring.keys}
        self._index_keys = {key.key_id: key.derived(_INDEX_INFO) for key in keyring.keys}
        self._current = keyring.current.key_id
        self._on_decrypt = on_decrypt

    def encrypt(self, plaintext: str, address: FieldAddress) -> str:
        """The stored text of ``plaintext`` at ``address``, under the current key."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead[self._current].encrypt(
            nonce, _pad(plaintext.encode("utf-8")), address.associated_data(self._current)
        )
        token = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{FORMAT}.{self._current}.{token}"

    def decrypt(self, stored: str, address: FieldAddress) -> str:
        """The plaintext; calls ``on_decrypt(address)`` first. DecryptionError if it fails."""
        self._on_decrypt(address)
        key_id, raw = _split(stored)
        aead = self._aead.get(key_id)
        if aead is None:
            raise DecryptionError("The value was encrypted with a key that is not in the file.")
        try:
            padded = aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], address.associated_data(key_id)
            )
        except InvalidTag:
            raise DecryptionError("The value does not open at this place with this key.") from None
        return _unpad(padded).decode("utf-8")

    def encrypt_bytes(self, data: bytes, address: FieldAddress) -> bytes:
        """A file sealed like a field, as bytes (``t1.<key id>.`` then nonce, ciphertext, tag):
        attachments are stored without the base64 growth of text values, and unpadded."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead[self._current].encrypt(
            nonce, data, address.associated_data(self._current)
        )
        return f"{FORMAT}.{self._current}.".encode() + nonce + sealed

    def decrypt_bytes(self, stored: bytes, address: FieldAddress) -> bytes:
        """The file; calls ``on_decrypt(address)`` first. DecryptionError if it fails."""
        self._on_decrypt(address)
        key_id, raw = _split_bytes(stored)
        aead = self._aead.get(key_id)
        if aead is None:
            raise DecryptionError("The file was encrypted with a key that is not in the file.")
        try:
            return aead.decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], address.associated_data(key_id)
            )
        except InvalidTag:
            raise DecryptionError("The file does not open at this place with this key.") from None

    def needs_rotation(self, stored: str | bytes) -> bool:
        if isinstance(stored, bytes):
            return _split_bytes(stored)[0] != self._current
        return _split(stored)[0] != self._current

    def reencrypt_bytes(self, stored: bytes, address: FieldAddress) -> bytes:
        """A sealed file sealed again under the current key; audited like a read."""
        return self.encrypt_bytes(self.decrypt_bytes(stored, address), address)

    def reencrypt(self, stored: str, address: FieldAddress) -> str:
        """The value sealed again under the current key (key rotation); audited like a read."""
        return self.encrypt(self.decrypt(stored, address), address)

    def blind_index(self, value: str, *, kind: str) -> str:
        """Keyed HMAC of a normalised identity number, for exact lookups (current key)."""
        return self._index(self._current, value, kind)

    def blind_index_candidates(self, value: str, *, kind: str) -> list[str]:
        """The index under every key, for lookups while a rotation is under way."""
        return [self._index(key_id, value, kind) for key_id in self._index_keys]

    def _index(self, key_id: str, value: str, kind: str) -> str:
        message = f"{kind}\x00{normalise_identifier(value)}".encode()
        digest = hmac.new(self._index_keys[key_id], message, hashlib.sha256).hexdigest()
        return f"{key_id}.{digest}"


def normalise_identifier(value: str) -> str:
    """``"ab 12-34.5"`` -> ``"AB12345"``: NFKC, upper case, separators dropped."""
    folded = unicodedata.normalize("NFKC", value).upper()
    return "".join(char for char in folded if char.isalnum())


def key_ids_in_use(stored_values: Iterable[str]) -> set[str]:
    """The key ids the given stored values were sealed with (to know when a key may go)."""
    return {_split(value)[0] for value in stored_values}


def _split(stored: str) -> tuple[str, bytes]:
    parts = stored.split(".")
    if len(parts) != 3 or parts[0] != FORMAT:
        raise DecryptionError("Not an encrypted trafficking field.")
    try:
        raw = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
    except (binascii.Error, ValueError):
        raise DecryptionError("Not an encrypted trafficking field.") from None
    if len(raw) < NONCE_BYTES + 16:
        raise DecryptionError("Not an encrypted trafficking field.")
    return parts[1], raw


def _split_bytes(stored: bytes) -> tuple[str, bytes]:
    parts = stored.split(b".", 2)
    if len(parts) != 3 or parts[0] != FORMAT.encode() or len(parts[2]) < NONCE_BYTES + 16:
        raise DecryptionError("Not an encrypted trafficking file.")
    try:
        return parts[1].decode("ascii"), parts[2]
    except UnicodeDecodeError:
        raise DecryptionError("Not an encrypted trafficking file.") from None


def _pad(data: bytes) -> bytes:
    fill = PAD_BLOCK - len(data) % PAD_BLOCK
    return data + bytes([fill]) * fill


def _unpad(data: bytes) -> bytes:
    fill = data[-1] if data else 0
    if not 1 <= fill <= PAD_BLOCK or data[-fill:] != bytes([fill]) * fill:
        raise DecryptionError("The value's padding is damaged.")
    return data[:-fill]


def cipher_from_settings(key_file: Path, *, on_decrypt: DecryptHook) -> FieldCipher:
    """The cipher of a deployment (``settings.resolved_trafficking_key_file``)."""
    return FieldCipher(Keyring.from_file(key_file), on_decrypt=on_decrypt)
