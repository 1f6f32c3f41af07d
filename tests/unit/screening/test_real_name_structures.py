"""Real name structures that words looking like titles or honorifics must not break.

Tan is among the commonest Chinese family names, Tun a Burmese name syllable and Sri an
Indonesian given name; Ma and Ko are Chinese and Korean family names as well as Burmese forms
of address; Allah completes many Arabic, Persian and Urdu names (Abdullah, Habibullah).
"""

from __future__ import annotations

import pytest

from rcf.screening.matching import make_person, score_person
from rcf.screening.normalise import parse_name
from rcf.screening.scripts import to_latin


def score(query: str, candidate: str) -> float:
    return score_person(make_person("q", [query]), make_person("c", [candidate])).score


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("TAN Wei Ming", ("tan", "wei", "ming")),
        ("Tun Tun Oo", ("tun", "tun", "oo")),
        ("Sri Mulyani Indrawati", ("sri", "mulyani", "indrawati")),
        ("ENG Soon Lee", ("eng", "soon", "lee")),
        ("Ali Syed", ("ali", "syed")),
    ],
)
def test_name_parts_that_look_like_titles_are_kept(name: str, tokens: tuple[str, ...]) -> None:
    assert parse_name(name).tokens == tokens


@pytest.mark.parametrize(
    ("name", "titles", "tokens"),
    [
        ("Tan Sri Muhyiddin Yassin", ("tan", "sri"), ("muhyiddin", "yassin")),
        ("Dato Sri Najib Razak", ("dato", "sri"), ("najib", "razak")),
        ("Toh Puan Aishah Ali", ("toh", "puan"), ("aishah", "ali")),
    ],
)
def test_malaysian_honours_are_titles_only_as_leading_phrases(
    name: str, titles: tuple[str, ...], tokens: tuple[str, ...]
) -> None:
    parts = parse_name(name)
    assert (parts.titles, parts.tokens) == (titles, tokens)


def test_a_different_chinese_family_name_is_not_the_same_person() -> None:
    assert score("TAN Wei Ming", "LIM Wei Ming") < score("TAN Wei Ming", "Wei Ming TAN") - 0.2


def test_a_leading_name_like_honorific_is_optional_in_either_order() -> None:
    assert score("Ma Ying", "Ying Ma") > 0.95
    assert score("Imam Samudra", "Samudra") > 0.95


def test_forms_of_address_of_different_genders_lower_the_score() -> None:
    assert score("Ko Ying", "Ma Ying") < score("Ma Ying", "Ma Ying") - 0.1
    # Burmese forms of address change with age: Ko and U may be the same man.
    assert score("Ko Aung Win", "U Aung Win") > 0.95


@pytest.mark.parametrize(
    ("burmese", "latin"),
    [("နေဝင်း", "nay win"), ("ဝေလွင်", "wai lwin"), ("မေ", "may"), ("မြင့်ဆွေ", "myint swe")],
)
def test_burmese_open_e_follows_the_conventional_spelling(burmese: str, latin: str) -> None:
    assert to_latin(burmese) == latin


@pytest.mark.parametrize(
    ("query", "candidate"), [("Ne Win", "Nay Win"), ("Way Lwin", "Wai Lwin"), ("Zaw We", "Zaw Wai")]
)
def test_burmese_e_ay_ai_spellings_are_near_equal(query: str, candidate: str) -> None:
    assert score(query, candidate) > 0.9


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("عبدالله", "Abdullah"),
        ("عبد الله", "Abdallah"),
        ("حبيب الله", "Habibullah"),
        ("حبیب\u200cالله", "Habib Ullah"),  # noqa: RUF001
        ("احسان الله", "Ehsanullah"),
        ("ظفر اللہ", "Zafrullah"),
        ("الله داد", "Allah Dad"),
    ],
)
def test_allah_and_its_compounds_match_their_latin_spellings(arabic: str, latin: str) -> None:
    assert "lh" not in parse_name(arabic).tokens
    assert score(arabic, latin) > 0.9
