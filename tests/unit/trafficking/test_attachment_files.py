"""The pure checks of referral attachments: sniffing, names, and sealing files as bytes."""

from __future__ import annotations

import pytest

from rcf.errors import InvalidInput
from rcf.trafficking.crypto import DecryptionError, FieldAddress, FieldCipher, Keyring, new_key_line
from rcf.trafficking.referral_attachments import check_file, safe_file_name, sniff


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4 ...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n...", "image/png"),
        (b"\xff\xd8\xff\xe0...", "image/jpeg"),
        ("Ngày 12: đến nơi.\n".encode(), "text/plain"),
        (b"\xef\xbb\xbfBOM text", "text/plain"),
        (b"  <svg onload=alert(1)>", None),
        (b"<?xml version='1.0'?>", None),
        (b"text with a NUL\x00", None),
        (b"\xff\xfe\x00\x00", None),
        (b"PK\x03\x04 a zip", None),
    ],
)
def test_sniff_by_content(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\scan.pdf", "scan.pdf"),
        ('a"b;c\r\nd.txt', "abcd.txt"),
        ("...hidden.txt", "hidden.txt"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_safe_file_name(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


def test_extension_must_match_the_content() -> None:
    assert check_file("scan.JPEG", b"\xff\xd8\xff..", max_bytes=100).content_type == "image/jpeg"
    with pytest.raises(InvalidInput) as wrong_name:
        check_file("scan.jpg", b"\x89PNG\r\n\x1a\n..", max_bytes=100)
    assert "name it .png" in wrong_name.value.errors["file"]
    with pytest.raises(InvalidInput) as too_large:
        check_file("a.txt", b"a" * 101, max_bytes=100)
    assert "larger than 100 bytes" in too_large.value.errors["file"]


def test_files_are_sealed_as_bytes_bound_to_their_place() -> None:
    box = FieldCipher(Keyring.parse(new_key_line()), on_decrypt=lambda _: None)
    here = FieldAddress("attachments", "content", "r1/a1")
    sealed = box.encrypt_bytes(b"%PDF-1.7 synthetic", here)
    assert b"synthetic" not in sealed
    assert box.decrypt_bytes(sealed, here) == b"%PDF-1.7 synthetic"
    with pytest.raises(DecryptionError):
        box.decrypt_bytes(sealed, FieldAddress("attachments", "content", "r1/a2"))
    assert not box.needs_rotation(sealed)
