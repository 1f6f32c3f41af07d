"""Places with historic and current spellings; vessel names without type prefixes."""

from __future__ import annotations

import pytest

from rcf.linkage.event_fields import parse_count, parse_list
from rcf.linkage.places import place_key
from rcf.linkage.vessels import vessel_key, vessel_similarity


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Rangoon", "YANGON"),
        ("Akyab", "SITTWE"),
        ("Cox's Bazar, Bangladesh", "COX S BAZAR"),
        ("Coxs Bazar", "COX S BAZAR"),
        ("Christmas Is.", "CHRISTMAS ISLAND"),
        ("Pulau Pasir", "ASHMORE REEF"),
        ("Koepang", "KUPANG"),
        ("off Roti", "ROTE"),
        ("Palabuhanratu", "PELABUHAN RATU"),
        ("Pulau Langkawi", "LANGKAWI"),
        ("Setul", "SATUN"),
        ("Ranong Port", "RANONG"),
        ("Ko Lipe", "KOH LIPE"),
        ("Kupnag", "KUPANG"),
    ],
)
def test_gazetteer_spellings_and_misspellings_meet(spelling: str, canonical: str) -> None:
    assert place_key(spelling) == canonical


def test_an_unknown_place_is_kept_as_folded_text() -> None:
    assert place_key("Pantai Indah Beach") == "PANTAI INDAH"


@pytest.mark.parametrize(
    "written",
    ["KM Sinar Harapan 3", "K.M. SINAR HARAPAN III", "sinar harapan 3", "MV Sinar Harapan 3"],
)
def test_vessel_prefixes_and_numerals_are_normalised(written: str) -> None:
    assert vessel_key(written) == "SINAR HARAPAN 3"


def test_a_different_hull_number_is_less_similar() -> None:
    assert vessel_similarity("SINAR HARAPAN 3", "SINAR HARAPAN 4") < 0.9
    assert vessel_similarity("SINAR HARAPAN 3", "SINAR HARAPN 3") >= 0.9


def test_unnamed_or_only_described_vessels_have_no_key() -> None:
    assert vessel_key("unknown") == ""
    assert vessel_key("") == ""
    assert vessel_key("Unnamed wooden fishing boat") == ""
    assert vessel_key("KM (no name)") == ""
    assert vessel_key("Blue Star") == "BLUE STAR"


def test_lists_are_json_or_separated() -> None:
    assert parse_list('["Ali Khan", "Reza"]') == ["Ali Khan", "Reza"]
    assert parse_list("AF; IR,PK") == ["AF", "IR", "PK"]
    with pytest.raises(ValueError, match="list of strings"):
        parse_list("[1, 2]")


def test_counts_read_as_numbers() -> None:
    assert parse_count("about 120") == 120
    assert parse_count("1,200") == 1200
    assert parse_count("45 (incl. 3 crew)") == 45
    assert parse_count("") is None
