"""Chinese names for linkage: one family name in several romanisations, and given names in
Hanyu pinyin beside Wade-Giles.

The mainland writes pinyin (JIANGUO), Taiwan's passports and older documents Wade-Giles, its
syllables often hyphenated (CHIEN-KUO, read as CHIENKUO once the hyphen is dropped), and Hong
Kong and the Chinese of Southeast Asia their own forms of family names (CHAN, TAN for CHEN).
A given name is compared syllable by syllable (``screening.chinese.wade_giles_forms``): one part
is the other's pinyin written in Wade-Giles only when the pinyin one parses whole into pinyin
syllables. Wade-Giles writes b/p, d/t, g/k and j/q/zh/ch alike, so that fold is applied only
where both names carry one Chinese family name: BUDI and PUTI are two Indonesian names.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from rcf.screening.chinese import wade_giles_forms
from rcf.screening.normalise import pinyin_syllables

# Chinese family names in Pinyin, Wade-Giles, Cantonese and Hokkien/Teochew romanisations (the
# mainland, Taiwan, Hong Kong and the Chinese of Southeast Asia write the same character so).
_CHINESE_SURNAMES = (
    "ZHANG CHANG CHEUNG CHEONG TEO TEOH", "CHEN CHAN TAN CHIN CHING", "HUANG WONG NG OEI UY",
    "WU NG GOH GO", "LIU LAU LAO LOW", "LI LEE LIE LY", "ZHOU CHOW CHAU CHEW CHOU",
    "ZHAO CHAO CHIU CHIEW", "LIN LAM LIM", "WANG WONG ONG HWANG", "GUO KUO KWOK QUEK KOK",
    "XU HSU TSUI KOH CHUI", "YANG YEUNG YEO YONG", "ZHENG CHENG CHENG TAY TEH", "HE HO HOR",
    "LUO LO LOH LAW", "GAO KAO KO", "SUN SUEN SOON", "ZHU CHU CHOO", "HU WU FOO",
)  # fmt: skip
_SURNAME_GROUPS: dict[str, set[int]] = {}
for _group, _spellings in enumerate(_CHINESE_SURNAMES):
    for _spelling in _spellings.split():
        _SURNAME_GROUPS.setdefault(_spelling, set()).add(_group)


def same_family_name(a: str, b: str) -> bool:
    """One Chinese family name in two romanisations (CHEN and TAN, ZHANG and CHEUNG)."""
    return bool(_SURNAME_GROUPS.get(a, set()) & _SURNAME_GROUPS.get(b, set()))


def chinese_pair(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Both names carry one Chinese family name, in whichever romanisation.

    Examples:
        >>> chinese_pair(("JIANGUO", "LI"), ("CHIENKUO", "LEE"))
        True
        >>> chinese_pair(("BUDI", "SANTOSO"), ("PUTI", "SANTOSO"))
        False
    """
    return any(same_family_name(x, y) for x in a for y in b)


@lru_cache(maxsize=1 << 16)
def wade_giles_of(a: str, b: str) -> bool:
    """One part is the other's pinyin as Wade-Giles writes it, the pinyin one parsed whole
    into syllables first (JIAN and CHIEN, JIANGUO and CHIENKUO; not JIAN and QIAN, two pinyin
    syllables that Wade-Giles writes alike).

    Examples:
        >>> wade_giles_of("JIANGUO", "CHIENKUO"), wade_giles_of("JIAN", "QIAN")
        (True, False)
    """
    return _spells(a, b) or _spells(b, a)


def _spells(latin: str, pinyin: str) -> bool:
    # Letter for letter: the screening engine's looser spelling key merges ch and j, which
    # would make pinyin JIAN a spelling of QIAN (Wade-Giles CHIAN).
    syllables = pinyin_syllables(pinyin.lower())
    return bool(syllables) and latin.lower() in _written_forms(syllables)


@lru_cache(maxsize=1 << 14)
def _written_forms(syllables: tuple[str, ...]) -> frozenset[str]:
    return frozenset("".join(forms) for forms in product(*map(wade_giles_forms, syllables)))
