"""Document numbers and state codes as the register compares them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcf.documents.numbers import (
    CONFUSABLE_GROUPS,
    MatchKind,
    confusable_key,
    is_exact,
    is_known_state,
    match_kind,
    normalise_number,
    normalise_state,
)

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
numbers = st.text(ALNUM, min_size=1, max_size=12)
SWAPS = {
    c: group for digit, letters in CONFUSABLE_GROUPS for group in [digit + letters] for c in group
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("L898902C3", "L898902C3"),
        ("l898902c3", "L898902C3"),
        ("L898902C3<<<", "L898902C3"),
        (" L89 8902 C3 ", "L898902C3"),
        ("L89-890.2C3", "L898902C3"),
        ("L89\u20138902\u2014C3", "L898902C3"),  # en and em dashes
        ("\uff2c\uff18\uff19\uff18\uff19\uff10\uff12\uff23\uff13", "L898902C3"),  # full width
        ("L898\u00a0902C3", "L898902C3"),  # no-break space
        ("", ""),
        ("<<<", ""),
    ],
)
def test_normalise_number(raw: str, expected: str) -> None:
    assert normalise_number(raw) == expected


def test_normalise_number_keeps_other_characters_visible() -> None:
    # A slash is not a separator ICAO or the issue lists: kept, so a number with one never
    # silently matches a number without it.
    assert normalise_number("AB/12") == "AB/12"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("L898902C3", "L8989O2C3"),  # 0 / O
        ("L898902C3", "L8989Q2C3"),  # 0 / Q
        ("L898902C3", "L8989D2C3"),  # 0 / D
        ("AI23", "A123"),  # I / 1
        ("AL23", "A123"),  # L / 1
        ("AB12", "A812"),  # B / 8
        ("AS12", "A512"),  # S / 5
        ("AZ12", "A212"),  # Z / 2
        ("AG12", "A612"),  # G / 6
        ("OIBSZG", "018526"),  # all at once
        ("l898-902c3", "L8989O2C3"),  # normalised first
    ],
)
def test_confusable_numbers_share_a_key(one: str, other: str) -> None:
    assert confusable_key(one) == confusable_key(other)
    assert match_kind(one, other) is MatchKind.CONFUSABLE
    assert not is_exact(one, other)


@pytest.mark.parametrize(
    ("one", "other"), [("L898902C3", "L898902C4"), ("AB12", "AC12"), ("A1", "A11")]
)
def test_different_numbers_do_not_share_a_key(one: str, other: str) -> None:
    assert confusable_key(one) != confusable_key(other)
    assert match_kind(one, other) is None


def test_exact_match_wins_over_confusable() -> None:
    assert match_kind("L898902C3", "l898 902 c3") is MatchKind.EXACT
    assert is_exact("L898902C3", "l898 902 c3")


@given(numbers, st.data())
def test_any_confusable_substitution_keeps_the_key(number: str, data: st.DataObject) -> None:
    swapped = "".join(data.draw(st.sampled_from(SWAPS[c])) if c in SWAPS else c for c in number)
    assert confusable_key(swapped) == confusable_key(number)
    assert match_kind(number, swapped) in {MatchKind.EXACT, MatchKind.CONFUSABLE}


@given(numbers, numbers)
def test_key_equality_is_exactly_equality_after_mapping_groups(one: str, other: str) -> None:
    same_classes = len(one) == len(other) and all(
        a == b or SWAPS.get(a, a) == SWAPS.get(b, b) for a, b in zip(one, other, strict=True)
    )
    assert (confusable_key(one) == confusable_key(other)) == same_classes


@given(st.text())
def test_normalisation_never_raises_and_is_idempotent(text: str) -> None:
    once = normalise_number(text)
    assert normalise_number(once) == once
    assert confusable_key(once) == confusable_key(text)
    assert not set(once) & set("<- .")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("THA", "THA"),
        ("tha", "THA"),
        ("D<<", "D"),
        ("D", "D"),
        ("DEU", "D"),
        ("DE", "D"),
        ("TH", "THA"),
        ("GBD", "GBD"),
        ("XXA", "XXA"),
        (" uto ", "UTO"),
        ("ZZZ", "ZZZ"),
    ],
)
def test_normalise_state(raw: str, expected: str) -> None:
    assert normalise_state(raw) == expected


@pytest.mark.parametrize(
    "code", ["D", "THA", "GBD", "GBN", "RKS", "EUE", "UNO", "XXA", "XXX", "UTO"]
)
def test_icao_codes_are_known(code: str) -> None:
    assert is_known_state(normalise_state(code))


@pytest.mark.parametrize("code", ["ZZZ", "", "AB", "UT"])
def test_other_codes_are_unknown(code: str) -> None:
    assert not is_known_state(code)


@given(st.text())
def test_normalise_state_never_raises(text: str) -> None:
    code = normalise_state(text)
    assert normalise_state(code) == code
