"""Latin spellings of a reading of Han characters: pinyin and Wade-Giles."""

from __future__ import annotations

import pytest

from rcf.screening.chinese import spells_reading, wade_giles_forms


@pytest.mark.parametrize(
    ("latin", "reading"),
    [
        ("Chiang", "jiang"),
        ("Hsu", "xu"),
        ("Tsai", "cai"),
        ("Kuo", "guo"),
        ("Tung", "dong"),
        ("Jen", "ren"),
        ("Shih", "shi"),
        ("Yeh", "ye"),
        ("Hsiaoming", "xiaoming"),
        ("Xiaoming", "xiaoming"),
        ("Hsiaoming", "xiaomin"),  # one typo in a name of two syllables
    ],
)
def test_pinyin_and_wade_giles_spell_the_reading(latin: str, reading: str) -> None:
    assert spells_reading(latin, reading)


@pytest.mark.parametrize(
    ("latin", "reading"),
    [("Jing", "jiang"), ("Jiang", "zhuang"), ("Jiang", "jianguo"), ("Xu", "xue")],
)
def test_another_syllable_is_another_character(latin: str, reading: str) -> None:
    assert not spells_reading(latin, reading)


def test_wade_giles_forms_of_a_syllable() -> None:
    assert wade_giles_forms("zhong") >= {"zhong", "chong", "chung"}
    assert wade_giles_forms("you") >= {"you", "yu"}
