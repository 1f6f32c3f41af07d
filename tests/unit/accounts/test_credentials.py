"""Credentials without a database: password rules and hashing, TOTP steps, field encryption and
recovery codes."""

from __future__ import annotations

import base64
import re

import pyotp
import pytest
from cryptography.exceptions import InvalidTag

from rcf.accounts import credentials
from rcf.accounts.credentials import (
    PASSWORD_MAX_LENGTH,
    Passwords,
    decrypt_field,
    encrypt_field,
    matching_totp_step,
    normalise_recovery_code,
    password_problem,
)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_700_000_015.0  # inside step 56,666,667
STEP = int(NOW // 30)
KEY = "k" * 48


def code_at(step: int) -> str:
    return pyotp.TOTP(SECRET).at(step * 30)


# --- Password rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("elevenchars", "Use at least 12 characters."),
        ("x" * (PASSWORD_MAX_LENGTH + 1), f"Use at most {PASSWORD_MAX_LENGTH} characters."),
        ("correcthorsebatterystaple", "This password is too common. Choose another."),
        ("CorrectHorseBatteryStaple", "This password is too common. Choose another."),
        ("officer.one@tha.test", "Do not use your email address as your password."),
        ("OFFICER.ONE@THA.TEST", "Do not use your email address as your password."),
        ("officer.one.", None),
    ],
)
def test_password_problem(password: str, problem: str | None) -> None:
    assert password_problem(password, min_length=12, email="officer.one@tha.test") == problem


def test_email_local_part_is_refused_as_password() -> None:
    problem = password_problem("maria.santos.2026", min_length=12, email="maria.santos.2026@x.id")
    assert problem == "Do not use your email address as your password."


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Ĉevalo baterio ĝusta agrafo",
        "正しい馬の電池ホチキス留め",  # 13 characters, any script
        "🐎🔋📎✅🐎🔋📎✅🐎🔋📎✅",
        "x" * PASSWORD_MAX_LENGTH,
    ],
)
def test_any_unicode_passphrase_of_allowed_length_is_accepted(password: str) -> None:
    assert password_problem(password, min_length=12) is None


def test_length_is_counted_after_normalisation() -> None:
    # Twelve code points, but six characters once "e" and its combining accent are composed.
    assert password_problem("e\u0301" * 6, min_length=12) == "Use at least 12 characters."
    # The ligature "ﬃ" is "ffi": nine letters after it make twelve characters.
    assert password_problem("ﬃabcdefghi", min_length=12) is None


def test_minimum_length_is_a_setting() -> None:
    assert password_problem("abcdefghij", min_length=8) is None
    assert password_problem("abcdefghij", min_length=16) == "Use at least 16 characters."


# --- Password hashing ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def passwords() -> Passwords:
    return Passwords(time_cost=1, memory_kib=64)


def test_hash_is_argon2id_and_salted(passwords: Passwords) -> None:
    first, second = passwords.hash("a passphrase"), passwords.hash("a passphrase")

    assert first.startswith("$argon2id$")
    assert first != second
    assert "a passphrase" not in first


def test_verify(passwords: Passwords) -> None:
    stored = passwords.hash("a passphrase")

    assert passwords.verify(stored, "a passphrase")
    assert not passwords.verify(stored, "a passphrasE")
    assert not passwords.verify(stored, "")


def test_verify_without_a_hash_says_no(passwords: Passwords) -> None:
    """Unknown users are checked against a dummy hash, and always refused."""
    assert not passwords.verify(None, "a passphrase")
    assert not passwords.verify(None, "")


def test_verify_a_damaged_hash_says_no(passwords: Passwords) -> None:
    assert not passwords.verify("not-a-hash", "a passphrase")
    assert not passwords.verify("$argon2id$v=19$m=64,t=1,p=1$garbage", "a passphrase")


def test_same_password_typed_in_another_unicode_form_matches(passwords: Passwords) -> None:
    composed = "caf\u00e9 au lait, s'il vous pla\u00eet"
    decomposed = "cafe\u0301 au lait, s'il vous plai\u0302t"
    assert composed != decomposed

    assert passwords.verify(passwords.hash(composed), decomposed)


def test_needs_rehash_when_cost_rises(passwords: Passwords) -> None:
    stronger = Passwords(time_cost=2, memory_kib=64)
    old = passwords.hash("a passphrase")

    assert not passwords.needs_rehash(old)
    assert stronger.needs_rehash(old)


# --- TOTP ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_code_within_one_step_is_accepted(offset: int) -> None:
    assert matching_totp_step(SECRET, code_at(STEP + offset), NOW, None) == STEP + offset


@pytest.mark.parametrize("offset", [-3, -2, 2, 3])
def test_code_further_away_is_refused(offset: int) -> None:
    code = code_at(STEP + offset)
    assert code not in {code_at(STEP + n) for n in (-1, 0, 1)}  # no accidental collision

    assert matching_totp_step(SECRET, code, NOW, None) is None


def test_code_is_accepted_once() -> None:
    code = code_at(STEP)
    used = matching_totp_step(SECRET, code, NOW, None)
    assert used == STEP

    assert matching_totp_step(SECRET, code, NOW, used) is None
    # Nor is an older code still inside the window, once a newer step was used.
    assert matching_totp_step(SECRET, code_at(STEP - 1), NOW, used) is None
    # A later step is still fine.
    assert matching_totp_step(SECRET, code_at(STEP + 1), NOW, used) == STEP + 1


def test_code_with_spaces_is_accepted() -> None:
    code = code_at(STEP)
    assert matching_totp_step(SECRET, f" {code[:3]} {code[3:]} ", NOW, None) == STEP


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12a456", "-12345", "١٢٣٤٥٦"])
def test_malformed_code_is_refused(code: str) -> None:
    assert matching_totp_step(SECRET, code, NOW, None) is None


def test_full_width_digits_are_read_as_digits() -> None:
    full_width = code_at(STEP).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert full_width != code_at(STEP)

    assert matching_totp_step(SECRET, full_width, NOW, None) == STEP


def test_code_for_another_secret_is_refused() -> None:
    other = pyotp.TOTP(pyotp.random_base32()).at(STEP * 30)
    if other in {code_at(STEP + n) for n in (-1, 0, 1)}:
        pytest.skip("one-in-a-million collision")
    assert matching_totp_step(SECRET, other, NOW, None) is None


def test_totp_uri_names_issuer_and_account() -> None:
    uri = credentials.totp_uri(SECRET, "officer@tha.test")
    assert uri.startswith("otpauth://totp/")
    assert f"secret={SECRET}" in uri
    assert "issuer=Bali%20Process%20RCF" in uri


# --- Field encryption ---------------------------------------------------------------------------


def test_encrypt_decrypt_round_trip() -> None:
    sealed = encrypt_field(KEY, "totp-secret", SECRET)

    assert SECRET not in sealed
    assert decrypt_field(KEY, "totp-secret", sealed) == SECRET


def test_each_encryption_uses_a_fresh_nonce() -> None:
    assert encrypt_field(KEY, "totp-secret", SECRET) != encrypt_field(KEY, "totp-secret", SECRET)


@pytest.mark.parametrize("position", [0, 11, 12, 20, -1])
def test_tampered_ciphertext_is_detected(position: int) -> None:
    raw = bytearray(base64.urlsafe_b64decode(encrypt_field(KEY, "totp-secret", SECRET)))
    raw[position] ^= 0x01
    tampered = base64.urlsafe_b64encode(bytes(raw)).decode()

    with pytest.raises(InvalidTag):
        decrypt_field(KEY, "totp-secret", tampered)


def test_wrong_key_or_purpose_cannot_decrypt() -> None:
    sealed = encrypt_field(KEY, "totp-secret", SECRET)

    with pytest.raises(InvalidTag):
        decrypt_field("z" * 48, "totp-secret", sealed)
    with pytest.raises(InvalidTag):
        decrypt_field(KEY, "another-purpose", sealed)


# --- Tokens and recovery codes ------------------------------------------------------------------


def test_tokens_are_random_and_long() -> None:
    tokens = {credentials.new_token("rcf_") for _ in range(50)}

    assert len(tokens) == 50
    for token in tokens:
        assert token.startswith("rcf_")
        assert len(token) - 4 >= 43  # 256 bits in URL-safe base64
        assert re.fullmatch(r"rcf_[A-Za-z0-9_-]+", token)


def test_token_digest_is_sha256_hex() -> None:
    digest = credentials.token_digest("rcf_example")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest != credentials.token_digest("rcf_examplf")
    assert credentials.digests_equal(digest, credentials.token_digest("rcf_example"))
    assert not credentials.digests_equal(digest, credentials.token_digest("rcf_examplf"))


def test_recovery_codes_are_ten_distinct_readable_codes() -> None:
    codes = credentials.new_recovery_codes()

    assert len(codes) == 10
    assert len(set(codes)) == 10
    for code in codes:
        assert re.fullmatch(r"[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}", code)


@pytest.mark.parametrize(
    "typed",
    [
        "k3f9-2m7x-q8zd",
        "K3F9-2M7X-Q8ZD",
        " k3f9 2m7x q8zd ",
        "k3f92m7xq8zd",
        "k3f9\u20132m7x\u2014q8zd",  # dashes a word processor put in
    ],
)
def test_recovery_code_normalisation(typed: str) -> None:
    assert normalise_recovery_code(typed) == "k3f92m7xq8zd"


def test_different_recovery_codes_stay_different() -> None:
    assert normalise_recovery_code("k3f9-2m7x-q8zd") != normalise_recovery_code("k3f9-2m7x-q8ze")
