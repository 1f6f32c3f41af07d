"""Nationalities as alpha-2, alpha-3, English names, demonyms and common aliases."""

from __future__ import annotations

import pytest

from rcf.linkage.countries import parse_country


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("MM", "MM"),
        ("mmr", "MM"),
        ("Myanmar", "MM"),
        ("Burma", "MM"),
        ("burmese", "MM"),
        ("AFG", "AF"),
        ("Afghan", "AF"),
        ("Iran, Islamic Republic of", "IR"),
        ("Iran", "IR"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Sri Lankan", "LK"),
        ("Lao People's Democratic Republic", "LA"),
        (" th ", "TH"),
        ("Côte d'Ivoire", "CI"),
    ],
)
def test_every_form_gives_the_alpha_2_code(text: str, code: str) -> None:
    assert parse_country(text) == code


@pytest.mark.parametrize("text", ["", "Atlantis", "XYZ"])
def test_unknown_or_empty_is_none(text: str) -> None:
    assert parse_country(text) is None
