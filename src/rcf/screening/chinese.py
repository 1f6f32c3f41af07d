"""Latin spellings of a name read from Han characters: Hanyu pinyin and Wade-Giles.

A name in Han characters reads one way per character (transliterated as pinyin); a Latin name
part is a spelling of that reading when it is the pinyin itself or its Wade-Giles form, still
the spelling of most Taiwanese names and of older documents (Hsu for Xu, Chiang for Jiang,
Tseng for Zeng, Hsueh-yu for Xueyou), letter spellings merged as everywhere else. Anything else
(Jing for 江 Jiang, Jiang for 庄 Zhuang) is another character. ``other_han_characters`` and
the pinyin predicates below tell the matcher when two close parts are two names.

Examples:
    >>> sorted(wade_giles_forms("xue"))
    ['hsue', 'hsueh', 'xue']
    >>> spells_reading("Chiang", "jiang"), spells_reading("Jing", "jiang")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import OSA

from rcf.screening import korean
from rcf.screening.alignment import PartMatch
from rcf.screening.normalise import pinyin_syllables, spelled_key
from rcf.screening.persons import PreparedName

# A name written in Han characters is read as pinyin, one reading per character: two such
# names that read differently are other characters, and so is a Latin part that spells neither
# the reading nor its Wade-Giles form (江 Jiang: Chiang, not Jing; see rcf.screening.chinese) or
# that is spelled with the letters only pinyin uses (zh, x, q; Wade-Giles writes ch, hs, ch')
# and reads otherwise (季 Ji and Zhi, 常 Chang and Zhang, 聶 Nie and 倪 Ni).
HAN_LETTERS = re.compile("[\u3400-\u9fff]")
PINYIN_ONLY_LETTERS = re.compile("zh|x|q")
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


# --- Two names or two spellings of one: what matching asks of Han characters and pinyin ----


def other_han_characters(
    query: PreparedName, candidate: PreparedName
) -> Callable[[PartMatch], bool]:
    """Whether a pair of parts that differ is, by the Han characters of one or both names, by
    the Hangul of one (see rcf.screening.korean) or by pinyin on both, two names rather than
    two spellings of one (see HAN_LETTERS)."""
    han_q, han_c = bool(HAN_LETTERS.search(query.text)), bool(HAN_LETTERS.search(candidate.text))
    if han_q and han_c:
        return lambda match: True
    if query.transliterated or candidate.transliterated:
        return lambda match: False
    if not (han_q or han_c) and korean.HANGUL_SYLLABLE.search(query.text + candidate.text):
        return korean.reads_otherwise(query, candidate)

    hyphens = korean.hyphens_tell(query, candidate)

    def pinyin_reads_otherwise(match: PartMatch) -> bool:
        if not (han_q or han_c) and hyphens(match):
            return True
        if len(match.query) != 1 or len(match.candidate) != 1:
            return False
        left, right = query.tokens[match.query[0]], candidate.tokens[match.candidate[0]]
        if han_q or han_c:
            latin, reading = (right, left) if han_q else (left, right)
            return pinyin_spelled(latin) or not spells_reading(latin, reading)
        # Two syllables spelled in pinyin (Xiang and Xiong, Qiang and Quang).
        return all(
            len(pinyin_syllables(part)) == 1 and pinyin_spelled(part) for part in (left, right)
        )

    return pinyin_reads_otherwise


def pinyin_spelled(part: str) -> bool:
    return bool(PINYIN_ONLY_LETTERS.search(part)) and bool(pinyin_syllables(part))


def pinyin_names(left: str, right: str) -> bool:
    # Pinyin spells each syllable one way: two given names of two syllables that are both
    # pinyin and spelled differently are two names (Jingyi and Zhengyi, Yuting and Yutong),
    # however alike their consonants.
    return min(len(pinyin_syllables(left)), len(pinyin_syllables(right))) >= 2


def pinyin_syllables_differ(query: PreparedName, candidate: PreparedName, match: PartMatch) -> bool:
    # A part written joined against two written apart (Dingsulan, Ding Shulan; Liu Jing hua,
    # Liu Jinghai): pinyin syllables that differ are other names, as for parts written alike.
    left = pinyin_syllables("".join(query.tokens[i] for i in match.query))
    right = pinyin_syllables("".join(candidate.tokens[j] for j in match.candidate))
    return len(left) == len(right) >= 2 and left != right
