"""Vessel names without their type prefixes, numerals in one form, for comparison."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from rcf.linkage.text import fold

# Type prefixes written before a vessel's name (Indonesian KM/KMP/KLM, English MV/FV/MT...),
# and what reports write instead of a name.
PREFIXES = frozenset(
    [
        "KM",
        "KMP",
        "KLM",
        "KMC",
        "KN",
        "KRI",
        "MV",
        "MT",
        "MS",
        "MY",
        "FV",
        "FB",
        "SS",
        "RV",
        "TB",
        "LCT",
        "KAPAL",
        "MOTOR",
        "PERAHU",
        "BOAT",
        "VESSEL",
        "SHIP",
        "NO",
        "NR",
        "THE",
    ]
)
_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6", "VII": "7",
          "VIII": "8", "IX": "9", "X": "10", "XI": "11", "XII": "12"}  # fmt: skip
# Words of a description rather than a name ("unnamed wooden fishing boat"): a report that
# only describes the boat names none, and must not contradict one that names it.
_DESCRIPTIVE = frozenset(
    [
        "UNKNOWN",
        "UNNAMED",
        "UNIDENTIFIED",
        "NONE",
        "NA",
        "N",
        "A",
        "NO",
        "NAME",
        "WOODEN",
        "WOOD",
        "FISHING",
        "BOAT",
        "VESSEL",
        "SHIP",
        "TRAWLER",
        "CANOE",
        "DINGHY",
        "SMALL",
        "LARGE",
        "MOTOR",
        "MOTORISED",
        "MOTORIZED",
        "ENGINE",
        "CRAFT",
        "RUBBER",
        "INFLATABLE",
        "PERAHU",
        "JUKUNG",
        "KAPAL",
        "NELAYAN",
        "KAYU",
        "WHITE",
        "BLUE",
        "RED",
        "GREEN",
        "YELLOW",
        "BLACK",
        "OLD",
    ]
)


@lru_cache(maxsize=65536)
def vessel_key(text: str) -> str:
    """The name without prefixes, Roman numerals as digits; empty when the vessel is unnamed.

    Examples:
        >>> vessel_key("K.M. Sinar Harapan III"), vessel_key("sinar harapan 3")
        ('SINAR HARAPAN 3', 'SINAR HARAPAN 3')
    """
    words = fold(text).split()
    while len(words) > 1 and words[0] in PREFIXES | {"K", "M", "F", "V"}:
        words = words[1:]
    words = [_ROMAN.get(w, w) if i else w for i, w in enumerate(words)]
    if all(word in _DESCRIPTIVE or word in PREFIXES for word in words):
        return ""
    return " ".join(words)


def vessel_similarity(a: str, b: str) -> float:
    """Similarity of two vessel keys in [0, 1]; a differing hull number counts against."""
    if a == b:
        return 1.0
    digits_a = "".join(c for c in a if c.isdigit())
    digits_b = "".join(c for c in b if c.isdigit())
    score = JaroWinkler.similarity(a.replace(" ", ""), b.replace(" ", ""))
    if digits_a and digits_b and digits_a != digits_b:
        score -= 0.2
    return score
