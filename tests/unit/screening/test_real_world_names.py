"""Behaviour found on real name lists (Faker's per-country names): titles in the original
script, family names that look like forms of address, Thai final consonants, Arabic names typed
on a Persian keyboard, and short consonant skeletons from abugidas."""

from __future__ import annotations

import pytest

from rcf.screening.matching import make_person, score_person
from rcf.screening.normalise import name_tokens, parse_name, spelled_key


def score(query: str, candidate: str) -> float:
    return score_person(make_person("q", [query]), make_person("c", [candidate])).score


@pytest.mark.parametrize(
    ("titled", "plain"),
    [
        ("الشيخ راني ثائر", "راني ثائر"),  # Sheikh
        ("الحاج سعدي الموركة", "سعدي الموركة"),  # Haji
        ("حاجی مهدیس نوبختی", "مهدیس نوبختی"),  # Haji (Persian)
        ("ملا سجاد ولاشجردی", "سجاد ولاشجردی"),  # Mullah
        ("آقای آراد شمشیری", "آراد شمشیری"),  # Mr (Persian)
        ("นาง ศศินา เช้าวันดี", "ศศินา เช้าวันดี"),  # Mrs (Thai)
        ("นางสาว สุดา ใจดี", "สุดา ใจดี"),  # Miss (Thai)
        ("திரு முருகன் செல்வம்", "முருகன் செல்வம்"),  # Mr (Tamil)
        ("श्री राजेश शर्मा", "राजेश शर्मा"),  # Shri (Devanagari)
        ("Shri Panini Shah", "Panini Shah"),
        ("Ibu Dewi Lestari", "Dewi Lestari"),
        ("Bapak Joko Hartono", "Joko Hartono"),
    ],
)
def test_titles_written_in_any_script_are_not_name_parts(titled: str, plain: str) -> None:
    assert name_tokens(titled) == name_tokens(plain)


@pytest.mark.parametrize("name", ["麻杰", "馬義雄", "高敏", "마준호"])
def test_syllables_read_from_han_or_hangul_are_all_name_parts(name: str) -> None:
    parts = parse_name(name)
    assert not parts.honorifics
    assert not parts.particles
    assert parts.tokens[0] in ("ma", "ko", "gao")


def test_a_chinese_family_name_like_a_burmese_honorific_still_tells_people_apart() -> None:
    assert score("麻杰", "Di Jie") < 0.8
    assert score("麻杰", "Ma Jie") > 0.95


@pytest.mark.parametrize(
    ("thai", "latin"),
    [("ประเสริฐ สุขสวัสดิ์", "Prasert Suksawat"), ("สมศักดิ์ ทองชัย", "Somsak Thongchai")],
)
def test_thai_word_final_consonants_are_read_as_finals(thai: str, latin: str) -> None:
    assert score(thai, latin) > 0.9


def test_an_arabic_name_with_a_persian_ye_is_still_read_as_arabic() -> None:
    # ی typed for ي in one word; ث stays th (Arabic) and does not become s (Persian).
    assert name_tokens("رانی ثائر بكيل") == name_tokens("راني ثائر بكيل")


def test_y_before_a_vowel_starts_a_syllable_and_before_a_consonant_is_an_i() -> None:
    assert spelled_key("liyu") != spelled_key("liu")
    assert spelled_key("husayn") == spelled_key("husain")


@pytest.mark.parametrize(
    ("query", "candidate"),
    [("আকাশ খান", "Xu Kun"), ("ජීවන පීරිස්", "Parose Joujinai"), ("นาง ศศินา", "Sanya")],
)
def test_a_short_consonant_skeleton_from_an_abugida_is_not_a_match(
    query: str, candidate: str
) -> None:
    # Abugidas write their vowels: Akash and Xu share only k-s, Jivana and Joujinai only j-n.
    assert score(query, candidate) < 0.8


@pytest.mark.parametrize(
    ("query", "candidate"),
    [("আকাশ খান", "Akash Khan"), ("ජීවන පීරිස්", "Jeewana Peiris"), ("राहुल शर्मा", "Rahul Sharma")],
)
def test_abugida_names_still_match_their_latin_spellings(query: str, candidate: str) -> None:
    assert score(query, candidate) > 0.9


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Djoko Tjahjono", "Joko Cahyono"),  # Indonesian spelling before 1972
        ("Cakrawangsa Watjana", "Cakrawangsa Wacana"),
        ("Юлий Евсеев", "Iulii Evseev"),  # ICAO 9303 passport transliteration
        ("Iakov Petrov", "Yakov Petrov"),
    ],
)
def test_old_indonesian_and_passport_cyrillic_spellings_match(query: str, candidate: str) -> None:
    assert score(query, candidate) > 0.9
