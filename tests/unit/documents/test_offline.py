"""Offline snapshots: round trip, confusable candidates, tamper detection, wrong keys, staleness,
and no document number in the file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.documents.offline import (
    OfflineHit,
    OfflineRecord,
    Snapshot,
    SnapshotError,
    build_snapshot,
    format_hmac_key,
    generate_hmac_key,
    load_public_key,
    load_signing_key,
    load_snapshot,
    parse_hmac_key,
    public_key_pem,
    signing_key_pem,
)

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HMAC_KEY = bytes(range(32))
SIGNING_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
RECORDS = [
    OfflineRecord("L898902C3", "UTO", "stolen", "H1", "UTO", "R-0001"),
    OfflineRecord("AB1234567", "THA", "lost", "H2", "THA", "R-0002"),
    OfflineRecord("AB1234567", "IDN", "revoked", "H3", "IDN", "R-0003"),
    OfflineRecord("C01X00T47", "D", "fraudulent", "H1", "D", "R-0004"),
]


def build(records: list[OfflineRecord] = RECORDS, now: datetime = NOW) -> bytes:
    return build_snapshot(records, HMAC_KEY, SIGNING_KEY, now)


def load(data: bytes, *, now: datetime = NOW, max_age: timedelta = 7 * DAY) -> Snapshot:
    return load_snapshot(data, SIGNING_KEY.public_key(), now, max_age, hmac_key=HMAC_KEY)


def test_round_trip_finds_exact_records_and_nothing_else() -> None:
    snapshot = load(build())

    assert snapshot.record_count == 4
    assert snapshot.warnings == ()
    assert snapshot.check("L898902C3", "UTO") == [
        OfflineHit("stolen", "H1", "UTO", "R-0001", "exact")
    ]
    assert snapshot.check("l898 902-c3<<", "uto") == snapshot.check("L898902C3", "UTO")
    assert [h.reference for h in snapshot.check("AB1234567", "IDN")] == ["R-0003"]
    assert snapshot.check("C01X00T47", "DEU")[0].reference == "R-0004"
    assert snapshot.check("L898902C3", "THA") == []
    assert snapshot.check("ZZ0000000", "UTO") == []


def test_confusable_candidates_are_found_and_marked() -> None:
    snapshot = load(build())

    hits = snapshot.check("L8989O2C3", "UTO")  # letter O for zero

    assert hits == [OfflineHit("stolen", "H1", "UTO", "R-0001", "confusable")]
    assert snapshot.check("A81234567", "THA")[0].match == "confusable"  # 8 for B


def test_an_empty_register_gives_a_usable_snapshot() -> None:
    assert load(build([])).check("L898902C3", "UTO") == []


def test_no_document_number_is_in_the_file() -> None:
    data = build()

    for record in RECORDS:
        assert record.document_number.encode() not in data
    assert b"1898902C3" not in data  # nor a confusable key


def test_a_reference_holding_the_number_is_refused() -> None:
    record = OfflineRecord("L898902C3", "UTO", "stolen", "H1", "UTO", "ref L898902C3")

    with pytest.raises(ValueError, match="must not contain"):
        build([record])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_flipping_any_byte_is_detected(data: st.DataObject) -> None:
    snapshot = bytearray(build())
    position = data.draw(st.integers(0, len(snapshot) - 1))
    snapshot[position] ^= data.draw(st.integers(1, 255))

    with pytest.raises(SnapshotError):
        load(bytes(snapshot))


@pytest.mark.parametrize("position", [0, 9, 20, -200, -65, -1])
def test_flipping_a_byte_in_each_part_is_detected(position: int) -> None:
    snapshot = bytearray(build())
    snapshot[position] ^= 1

    with pytest.raises(SnapshotError):
        load(bytes(snapshot))


@pytest.mark.parametrize("cut", [0, 10, 100, 1000])
def test_a_cut_short_or_extended_snapshot_is_refused(cut: int) -> None:
    data = build()

    with pytest.raises(SnapshotError):
        load(data[:cut])
    with pytest.raises(SnapshotError):
        load(data + b"\0")


def test_another_signing_key_is_refused_with_a_clear_error() -> None:
    other = Ed25519PrivateKey.from_private_bytes(bytes(range(2, 34)))
    forged = build_snapshot(RECORDS, HMAC_KEY, other, NOW)

    with pytest.raises(SnapshotError, match="signature does not verify"):
        load(forged)


def test_another_hmac_key_is_refused_rather_than_missing_hits() -> None:
    data = build()

    with pytest.raises(SnapshotError, match="key file does not belong"):
        load_snapshot(data, SIGNING_KEY.public_key(), NOW, 7 * DAY, hmac_key=bytes(32))


def test_a_stale_snapshot_warns_with_its_age() -> None:
    snapshot = load(build(now=NOW - 10 * DAY), max_age=7 * DAY)

    (warning,) = snapshot.warnings
    assert "stale" in warning
    assert "10 days" in warning
    assert snapshot.check("L898902C3", "UTO")  # still usable, with the warning shown


def test_a_snapshot_from_the_future_warns() -> None:
    (warning,) = load(build(now=NOW + DAY)).warnings

    assert "future" in warning


def test_keys_round_trip_through_their_files() -> None:
    key = generate_hmac_key()

    assert parse_hmac_key(format_hmac_key(key).encode()) == key
    assert load_public_key(public_key_pem(SIGNING_KEY)) == SIGNING_KEY.public_key()
    assert load_signing_key(signing_key_pem(SIGNING_KEY)).public_key() == SIGNING_KEY.public_key()


@pytest.mark.parametrize("text", ["", "zz", "00" * 16])
def test_bad_key_files_are_refused(text: str) -> None:
    with pytest.raises(SnapshotError):
        parse_hmac_key(text)


def test_a_bad_public_key_file_is_refused() -> None:
    with pytest.raises(SnapshotError):
        load_public_key(b"not a key")


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9),
                  st.sampled_from(["THA", "IDN", "D", "UTO"])),
        max_size=40,
        unique=True,
    )
)  # fmt: skip
def test_every_record_is_found_exactly(documents: list[tuple[str, str]]) -> None:
    records = [
        OfflineRecord(number, state, "lost", "H1", state, f"R{i}")
        for i, (number, state) in enumerate(documents)
    ]
    snapshot = load(build(records))

    for i, (number, state) in enumerate(documents):
        exact = [h.reference for h in snapshot.check(number, state) if h.match == "exact"]
        assert exact == [f"R{i}"]


def test_an_opaque_reference_may_contain_a_short_or_all_digit_number_by_chance() -> None:
    records = [
        OfflineRecord("123456", "THA", "lost", "H1", "THA", "R123456"),
        OfflineRecord("AB12", "THA", "lost", "H1", "THA", "RAB12"),
    ]

    assert load(build(records)).check("123456", "THA")[0].reference == "R123456"
