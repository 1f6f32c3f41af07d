"""Latin spellings of Korean names read from Hangul."""

from __future__ import annotations

import pytest

from rcf.screening.korean import hangul_readings, reading_of, spells_hangul
from rcf.screening.matching import make_person, score_person


def score(query: str, candidate: str) -> float:
    return score_person(make_person("q", [query]), make_person("c", [candidate])).score


def test_the_syllables_of_a_part_read_from_hangul() -> None:
    readings = hangul_readings("윤준경")
    assert readings == ("yun", "jun", "gyeong")
    assert reading_of("jungyeong", readings) == ("jun", "gyeong")
    assert reading_of("yoon", readings) == ()  # the family name's usual spelling: no verdict


@pytest.mark.parametrize(
    ("latin", "syllables"),
    [
        ("Kyungho", ("gyeong", "ho")),
        ("Suhhyun", ("seo", "hyeon")),
        ("Jungsook", ("jeong", "sug")),
        ("Youngyoung", ("yeong", "yeong")),
    ],
)
def test_romanisations_spell_the_syllables(latin: str, syllables: tuple[str, ...]) -> None:
    assert spells_hangul(latin, syllables)


@pytest.mark.parametrize(
    ("latin", "syllables"),
    [("Jeongung", ("jun", "gyeong")), ("Seonghun", ("sang", "hun")), ("Yeonyoung", ("yeong",) * 2)],
)
def test_another_syllable_is_another_name(latin: str, syllables: tuple[str, ...]) -> None:
    assert not spells_hangul(latin, syllables)


def test_a_hangul_name_against_latin_spellings() -> None:
    assert score("윤준경", "Yoon Jun-kyung") > 0.85
    assert score("윤준경", "Yoon Jeong-ung") < 0.7
    assert score("이영영", "Lee Yeon Young") < 0.7
    assert score("류상훈", "Ryu Sang-hoon") > 0.9
    assert score("고서현", "Go Seo-hyeon") > 0.95  # 고: Ko or Go
    assert score("신예지", "Shin Ye-ji") > 0.95  # 신: Shin or Sin


@pytest.mark.parametrize(
    ("query", "other_name", "same_name"),
    [
        ("Gwag Hyeon-jeong", "Gwag Hyeonjun", "Kwak Hyunjung"),
        ("Gu Ji-hyeon", "Gu Jihun", "Gu Jihyun"),
        ("Son Seo-yeong", "Son Seonyeong", "Son Seoyoung"),
        ("Kim Kyung-ho", "Kim Kyunghwa", "Kim Gyeongho"),
    ],
)
def test_syllables_written_hyphenated_tell_another_given_name(
    query: str, other_name: str, same_name: str
) -> None:
    assert score(query, other_name) < 0.7
    assert score(query, same_name) > 0.9


def test_a_typo_that_leaves_no_syllables_gets_no_verdict() -> None:
    assert score("Kang Hye-jin", "Kang Hyejn") > 0.9


def test_two_names_in_hangul_that_read_differently_are_two_names() -> None:
    assert score("이영영", "이현영") < 0.7
    assert score("이영영", "이영영") > 0.95
