from __future__ import annotations

from rcf.linkage.chinese_names import chinese_pair, same_family_name, wade_giles_of
from rcf.linkage.names import name_similarity


def test_one_family_name_in_several_romanisations() -> None:
    assert same_family_name("CHEN", "TAN")
    assert same_family_name("ZHANG", "CHEUNG")
    assert not same_family_name("CHEN", "LI")


def test_a_given_name_in_pinyin_is_its_wade_giles_form() -> None:
    assert wade_giles_of("JIAN", "CHIEN")
    assert wade_giles_of("CHIENKUO", "JIANGUO")  # Chien-kuo with the hyphen dropped
    assert wade_giles_of("XIUYING", "HSIUYING")


def test_two_pinyin_syllables_wade_giles_writes_alike_stay_two() -> None:
    assert not wade_giles_of("JIAN", "QIAN")  # 建 and 钱: both written CHIEN in Wade-Giles
    assert not wade_giles_of("MING", "MIN")


def test_the_fold_needs_one_chinese_family_name_on_both_sides() -> None:
    assert chinese_pair(("JIANGUO", "LI"), ("CHIENKUO", "LEE"))
    assert not chinese_pair(("BUDI", "SANTOSO"), ("PUTI", "SANTOSO"))
    # BUDI and PUTI parse as pinyin (bu di, pu ti) but are two Indonesian names.
    assert name_similarity(("BUDI", "SANTOSO"), ("PUTI", "SANTOSO")) < 0.75


def test_a_chinese_name_in_pinyin_and_wade_giles_is_close() -> None:
    assert name_similarity(("JIANGUO", "LI"), ("CHIENKUO", "LI")) >= 0.92
    assert name_similarity(("JIANHONG", "CHEN"), ("CHIENHUNG", "TAN")) >= 0.92
