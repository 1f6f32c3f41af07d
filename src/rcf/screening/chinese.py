"""Latin spellings of a name read from Han characters: Hanyu pinyin and Wade-Giles.

A name in Han characters reads one way per character (transliterated as pinyin); a Latin name
part is a spelling of that reading when it is the pinyin itself or its Wade-Giles form, still
the spelling of most Taiwanese names and of older documents (Hsu for Xu, Chiang for Jiang,
Tseng for Zeng, Hsueh-yu for Xueyou), letter spellings merged as everywhere else. Anything else
(Jing for 江 Jiang, Jiang for 庄 Zhuang) is another character.

Examples:
    >>> sorted(wade_giles_forms("xue"))
    ['hsue', 'hsueh', 'xue']
    >>> spells_reading("Chiang", "jiang"), spells_reading("Jing", "jiang")
    (True, False)
"""

from __future__ import annotations

from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA

from rcf.screening.normalise import pinyin_syllables, spelled_key

# Pinyin initials and their Wade-Giles letters (aspiration marks, often dropped, left out).
INITIALS = {"zh": "ch", "ch": "ch", "sh": "sh", "j": "ch", "q": "ch", "x": "hs", "z": "ts",
            "c": "ts", "r": "j", "b": "p", "d": "t", "g": "k",
            **{same: same for same in "fhklmnpstwy"}}  # fmt: skip
LONGEST_FIRST = sorted(INITIALS, key=len, reverse=True)
# Pinyin finals that Wade-Giles writes otherwise (either may appear on a document).
FINALS = {"ong": ("ung",), "ian": ("ien",), "ie": ("ieh",), "ue": ("ueh",), "ui": ("uei",),
          "e": ("o",), "uo": ("o",), "i": ("ih", "u", "zu"), "iong": ("iung",)}  # fmt: skip
# Syllables without an initial written with y or w in pinyin.
WHOLE = {"you": ("yu",), "yan": ("yen",), "ye": ("yeh",), "yi": ("i",), "yong": ("yung",)}


@lru_cache(maxsize=16384)
def wade_giles_forms(syllable: str) -> frozenset[str]:
    """The syllable as pinyin and as Wade-Giles may write it."""
    forms = {syllable, *WHOLE.get(syllable, ())}
    initial = next((i for i in LONGEST_FIRST if syllable.startswith(i)), "")
    final = syllable[len(initial) :]
    for new_final in (final, *FINALS.get(final, ())):
        forms.add(INITIALS.get(initial, initial) + new_final)
    return frozenset(forms)


@lru_cache(maxsize=65536)
def spells_reading(latin: str, reading: str) -> bool:
    """True when a Latin part spells the pinyin ``reading`` of Han characters, in pinyin or
    Wade-Giles, or (two syllables or more) with one typo."""
    latin, reading = latin.lower(), reading.lower()
    syllables = pinyin_syllables(reading)
    if not syllables:
        return True  # not read as pinyin (Japanese kanji, Korean hanja): no verdict
    wanted = spelled_key(latin)
    spellings = {"".join(forms) for forms in product(*map(wade_giles_forms, syllables))}
    if any(spelled_key(spelling) == wanted for spelling in spellings):
        return True
    return len(syllables) >= 2 and any(OSA.distance(latin, s) <= 1 for s in spellings)
