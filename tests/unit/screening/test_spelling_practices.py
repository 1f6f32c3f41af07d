"""Romanisation and naming practices the matcher follows, each named after the practice: South
Asian doubled long vowels, the old Indonesian spelling, abjad long and initial vowels, Korean
passport spellings, repeated Burmese name parts, and the endings that make another name."""

from __future__ import annotations

import pytest

from rcf.screening.korean import spells_hangul
from rcf.screening.matching import make_person, score_person
from rcf.screening.normalise import name_tokens, spelled_key


def score(query: str, candidate: str) -> float:
    return score_person(make_person("q", [query]), make_person("c", [candidate])).score


@pytest.mark.parametrize(
    ("doubled", "plain"), [("Laeeq", "Laiq"), ("Qaeem", "Qaim"), ("Obaeed", "Obaid")]
)
def test_south_asian_doubled_long_vowel_is_the_vowel_of_the_diphthong(
    doubled: str, plain: str
) -> None:
    # Urdu and Pashto names written in English double a long i (Naeem, Raees): Laeeq (لائق)
    # and Laiq are one spelling apart, not two names.
    assert spelled_key(doubled.lower()) == spelled_key(plain.lower())
    assert score(f"{plain} Kamran Zahir", f"ZAHIR, {doubled} Kamran") > 0.95


def test_one_vowel_merge_does_not_feed_another() -> None:
    # Guoai (国爱) is not Guo (郭): ai merged to e must not then merge oe to o.
    assert spelled_key("guoai") != spelled_key("guo")
    assert score("Liu Guoai", "Guo Liu") < 0.9


@pytest.mark.parametrize(("old", "new"), [("Nasjiah", "Nasyiah"), ("Sjahrir", "Syahrir")])
def test_old_indonesian_sj_is_sy(old: str, new: str) -> None:
    # The spelling before the 1972 reform (EYD) wrote sy as sj, as it wrote c as tj and j as dj.
    assert spelled_key(old.lower()) == spelled_key(new.lower())


def test_a_latin_long_vowel_needs_a_ya_in_the_abjad() -> None:
    # Hussein writes the ya of حسين; Hassan (حسن) has none: two of the commonest Arabic names.
    assert score("حسين حسن نجار", "Hussein Hassan Najjar") > 0.95
    assert score("حسن", "Hussein") < 0.8
    assert score("حسين", "Hassan") < 0.8
    assert score("سعيد", "Saeed") > 0.9
    assert score("محمود", "Mahmoud") > 0.95


def test_an_abjad_writes_an_initial_vowel() -> None:
    # A name starting with a vowel starts with alef or ain in Arabic script (Ijlal إجلال).
    assert score("جلال جعفر", "Jafar Ejlaal") < 0.91
    assert score("آتنا عباسی", "Tanvi Boase") < 0.8
    assert score("عمر عباس", "Omar Abbas") > 0.9


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("정준경", "Jung Jun Kyung"), ("최우진", "Choi Woo Jin"), ("김현우", "Kim Hyunwoo")],
)
def test_korean_passport_spellings_of_hangul_are_one_name(hangul: str, latin: str) -> None:
    # Passports write 우 as Woo and 경 as Kyung where the Revised Romanisation writes u and
    # gyeong: a Latin part spelling the Hangul syllables is a spelling, not a near miss.
    assert score(hangul, latin) > 0.95


def test_korean_eo_is_u_only_before_a_final_consonant() -> None:
    # 성 Seong is written Sung, but 서 Seo is never Su: Suh or So (수 is Su, Soo).
    assert spelled_key("seong") == spelled_key("sung")
    assert spells_hangul("Suhhyun", ("seo", "hyeon"))
    assert score("Park Seo Ha", "Park Soo Ha") < 0.8


@pytest.mark.parametrize(
    ("query", "entry"), [("Shwe Lwin Shwe", "Lwin Shwe Shwe"), ("Zaw Zaw Nyein", "Zaw Nyein Zaw")]
)
def test_a_burmese_name_part_written_twice_keeps_the_name_in_order(query: str, entry: str) -> None:
    # Burmese names repeat syllables (Zaw Zaw, Khin Khin): either copy may be the one rotated.
    assert score(query, entry) > 0.95


@pytest.mark.parametrize(
    ("one", "other"),
    [("Gautami Mohan", "Gautam Mohan"), ("Rachita Korpal", "Rachit Korpal"),
     ("Hossein Ahmadi", "Hossein Ahmad"), ("Gautami Mohan", "मोहन गौतम")],
)  # fmt: skip
def test_a_feminine_or_nisba_ending_makes_another_name(one: str, other: str) -> None:
    # Indic feminines (Gautami, Ankita) and the Persian and Arabic nisba -i (Ahmadi) are names
    # of their own, not typos of Gautam, Ankit and Ahmad.
    assert score(one, other) < 0.85


def test_an_abugidas_inherent_final_vowel_is_not_an_ending() -> None:
    # राम is written Ram or Rama in Latin letters.
    assert score("Rama Shankar", "राम शंकर") > 0.85


def test_an_initial_of_a_swapped_vowel_stands_for_the_name() -> None:
    # Omar and Umar, Ibrahim and Ebrahim: an initial U. or E. is theirs too.
    assert score("Hassan U. Saleh", "Hassan Omar Saleh") > 0.9
    assert score("Hassan K. Saleh", "Hassan Omar Saleh") < 0.8


@pytest.mark.parametrize(
    ("glued", "spaced"), [("مسرورالسيفي", "مسرور السيفي"), ("جمالالعوالق", "جمال العوالق")]
)
def test_a_name_glued_to_the_next_ones_arabic_article_is_two_parts(glued: str, spaced: str) -> None:
    # The article ال joins its own word, so a typist easily drops the space before it.
    assert name_tokens(glued) == name_tokens(spaced)


def test_abd_and_abu_compounds_stay_one_part() -> None:
    # عبدالرحمن is one name (Abdurrahman), as Latin lists write it.
    assert len(name_tokens("عبدالرحمن")) == 1


@pytest.mark.parametrize(
    ("joined", "apart"),
    [("Dingsulan", "Ding Shulan"), ("Nifeng", "Nie Feng"), ("Liu Jing hua", "Liu Jinghai")],
)
def test_pinyin_syllables_that_differ_across_a_join_are_other_names(
    joined: str, apart: str
) -> None:
    # Each pinyin syllable is a character: Su is not Shu (苏, 舒), Ni not Nie, written joined
    # or apart alike.
    assert score(joined, apart) < 0.8
    assert score("Liu Jing hua", "Liu Jinghua") > 0.95


@pytest.mark.parametrize(
    ("cyrillic", "passport"),
    [("Любим Никонов", "Liubim Nikonov"), ("Ананий Крюков", "Ananii Kriukov")],
)
def test_icao_iu_and_ia_inside_a_name_are_yu_and_ya(cyrillic: str, passport: str) -> None:
    # ICAO 9303 (passports since 2013) writes ю and я as iu and ia anywhere in the name.
    assert score(cyrillic, passport) > 0.93
    assert score("Riyad", "Riad") < 0.9  # after a vowel, y starts a syllable of its own
