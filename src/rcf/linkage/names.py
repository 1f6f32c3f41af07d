"""Person names for linkage: the forms members write them in, reduced to comparable tokens.

Transliteration, honorifics and particles are the screening engine's (``name_tokens``); this
module adds what linkage needs on top: the ``SURNAME, Given`` and split-column forms, a phonetic
skeleton for blocking and for spelling variants (Mohammed/Muhammad), and an order-insensitive
similarity that tolerates a missing middle name and joined or split parts.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from rcf.linkage.chinese_names import chinese_pair, same_family_name, wade_giles_of
from rcf.linkage.text import name_tokens
from rcf.screening.normalise import spelled_key

# Letters that transliterations swap for one another, folded before comparing skeletons.
_SKELETON_FOLDS = str.maketrans({"Q": "K", "C": "K", "Z": "S", "J": "Y", "X": "K"})
_DIGRAPHS = (("PH", "F"), ("KH", "K"), ("GH", "G"), ("TH", "T"), ("SH", "S"), ("DH", "D"))
# Vowels, and the semivowels transliterations write as vowels (Yousef/Yusuf/ywsf).
_VOWELS = frozenset("AEIOUYW")
# Below this, two aligned name parts are different names, not spellings of one.
OTHER_PART = 0.7
# Least similarity of two names whose every part is spelt otherwise but sounds alike
# (``respelt``): weak evidence of its own, enough beside an agreeing birth date.
RESPELT = 0.75
# Two spellings of one sound by the screening engine's finer key (``spelled_key``: NAY and NE,
# HOSSAIN and HOSEN, JIA and CHIA), which still tells THEIN from THAN and MAI from MEI.
SPELLED_ALIKE = 0.92
# A spelling variant mistyped once (``_one_slip_from_alike``): a similar part, not the same.
MISTYPED_VARIANT = 0.85


def person_tokens(full_name: str, given_name: str = "", family_name: str = "") -> tuple[str, ...]:
    """The name's tokens, given names first, from a full name or from split columns.

    Examples:
        >>> person_tokens("NGUYEN, Van An")
        ('VAN', 'AN', 'NGUYEN')
        >>> person_tokens("", "Van An", "Nguyen")
        ('VAN', 'AN', 'NGUYEN')
    """
    if full_name.strip():
        family, comma, given = full_name.partition(",")
        if comma and given.strip():
            return name_tokens(given) + name_tokens(family)
        return name_tokens(full_name)
    return name_tokens(given_name) + name_tokens(family_name)


@lru_cache(maxsize=1 << 16)
def skeleton(token: str) -> str:
    """A phonetic key: first letter, then consonants with transliteration variants folded.

    Examples:
        >>> skeleton("MOHAMMED"), skeleton("MUHAMMAD")
        ('MHMD', 'MHMD')
    """
    if not token:
        return ""
    folded = token.upper()
    for digraph, letter in _DIGRAPHS:
        folded = folded.replace(digraph, letter)
    folded = folded.translate(_SKELETON_FOLDS)
    folded = folded.removesuffix("H") if len(folded) > 2 else folded  # Fatimah/Fatima
    # An initial vowel is written as any vowel (Omar Umar, Ibrahim Ebrahim; عمر gives AMR).
    first = "A" if folded[0] in "AEIOU" else folded[0]
    kept = [first] + [c for c in folded[1:] if c not in _VOWELS]
    collapsed = [c for i, c in enumerate(kept) if i == 0 or c != kept[i - 1]]
    return "".join(collapsed)


@lru_cache(maxsize=1 << 18)
def token_similarity(a: str, b: str) -> float:
    """Similarity of two name tokens in [0, 1]: Jaro-Winkler, or a phonetic match."""
    if a == b:
        return 1.0
    score = JaroWinkler.similarity(a, b)
    if same_family_name(a, b):
        return max(score, 0.95)  # one Chinese family name in two romanisations
    variant = _spelling_variant(a, b, score)
    if variant:
        score = max(score, variant)
    if len(a) > 1 and len(b) > 1 and _spelled_alike(a, b):
        score = max(score, SPELLED_ALIKE)
    elif score < MISTYPED_VARIANT and _one_slip_from_alike(a, b):
        score = MISTYPED_VARIANT
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        score = max(score, 0.9)  # an initial agrees with the name it abbreviates
    return score


def _spelled_alike(a: str, b: str) -> bool:
    """One spelling key (``spelled_key``), or one once o and u are one vowel in a name of three
    consonants or more: the Arabic script has one short u (damma), which Persian, Urdu and
    Bengali say and write o (HOSEN, HOSSEIN and HUSSAIN; MOHSIN and MUHSIN), while HASAN and
    HUSAIN, twins' names, keep their a and u. Short names keep o and u apart (Vietnamese VO
    and VU, TOAN and TUAN are other names)."""
    first, second = spelled_key(a.lower()), spelled_key(b.lower())
    if first == second:
        return True
    key = skeleton(a)
    return len(key) >= 3 and key == skeleton(b) and _o_as_u(first) == _o_as_u(second)


def _one_slip_from_alike(a: str, b: str) -> bool:
    """Spelling keys (``_spelled_alike``'s, o read as u) of four letters or more one edit
    apart: a transliteration variant mistyped once (HOOEN for HOSEN, which is HUSSAIN), whose
    letters Jaro-Winkler finds far apart. HASAN and HUSAIN stay two edits apart."""
    first, second = _o_as_u(spelled_key(a.lower())), _o_as_u(spelled_key(b.lower()))
    return min(len(first), len(second)) >= 4 and OSA.distance(first, second) <= 1


def _o_as_u(key: str) -> str:
    return key.replace("o", "u")


def _spelling_variant(a: str, b: str, similarity: float) -> float:
    """The similarity two spellings of one name deserve (0 when they are not such a pair):
    same skeleton, and either one side is written without vowels (an Arabic-script name
    transliterated letter by letter: MHMD, ALY) or the two are long and already close (MOHAMMED
    and MUHAMMAD). YANG and JING share a skeleton too, but are different names."""
    key = skeleton(a)
    if len(key) < 2 or key != skeleton(b):
        return 0.95 if _waw_read_as_v(a, b) else 0.0
    if _vowelless(a) or _vowelless(b):
        return 0.95
    return 0.92 if len(key) >= 4 and similarity >= 0.8 else 0.0


def _chinese_part_similarity(a: str, b: str) -> float:
    """``token_similarity``, or a given name in pinyin beside its Wade-Giles form
    (``wade_giles_of``) in a pair of names that carry one Chinese family name."""
    score = token_similarity(a, b)
    return max(score, SPELLED_ALIKE) if score < SPELLED_ALIKE and wade_giles_of(a, b) else score


def _waw_read_as_v(a: str, b: str) -> bool:
    """A name transliterated letter by letter from the Arabic script writes the letter waw as
    W, a vowel in YWSF (Yusuf) but the consonant V in Persian names (NWYD is NAVID, DWD is
    DAVOOD, PRWYN is PARVIN): the Latin name's skeleton may keep it as a V."""
    if _vowelless(a) == _vowelless(b):
        return False
    script, latin = (a, b) if _vowelless(a) else (b, a)
    key = skeleton(script.replace("W", "V"))
    return "W" in script and len(key) >= 2 and key == skeleton(latin)


def _vowelless(token: str) -> bool:
    return not any(c in "AEIOU" for c in token[1:])


def _joined_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of the parts written together, for names split or joined differently
    (0 when the counts of parts agree or the letters do not: nothing was split)."""
    # Joining or splitting parts changes the count of parts, not the letters.
    if len(a) == len(b) or abs(sum(map(len, a)) - sum(map(len, b))) > 2:
        return 0.0
    return max(
        JaroWinkler.similarity("".join(a), "".join(b)),
        JaroWinkler.similarity("".join(sorted(a)), "".join(sorted(b))),
    )


@lru_cache(maxsize=1 << 20)  # a pair per candidate pair: a file's worth, not a block's
def name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Order-insensitive similarity of two token lists in [0, 1].

    Every token of the shorter name is matched to its best partner in the longer one; extra
    tokens (a middle name one member left out) cost a little, not a mismatch. Joined and split
    parts (ABDULRAHMAN / ABDUL RAHMAN) are compared as whole strings too.
    """
    if not a or not b:
        return 0.0
    if sorted(a) == sorted(b):
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    remaining = list(long_)
    total, worst = 0.0, 1.0
    part_similarity = _chinese_part_similarity if chinese_pair(a, b) else token_similarity
    for token in sorted(short, key=len, reverse=True):
        scores = [part_similarity(token, other) for other in remaining]
        best = scores.index(max(scores))  # the first best, as ties always went
        total += scores[best]
        worst = min(worst, scores[best])
        remaining.pop(best)
    aligned = total / len(short) - 0.03 * (len(long_) - len(short))
    if worst < OTHER_PART:
        # A part with no counterpart at all (HASSAN KARIMI / ZAHRA KARIMI): siblings share the
        # family name, so the parts that do agree must not carry the whole name.
        aligned = min(aligned, OTHER_PART)
    joined_score = _joined_similarity(a, b)
    if len(short) == 1 and len(long_) > 1:
        aligned = min(aligned, 0.8)  # one shared part is weak evidence for a whole name
    floor = RESPELT if respelt(a, b) else 0.0
    return max(floor, aligned, joined_score - 0.02)


def respelt(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name written in another romanisation or read from its original script: as many
    parts, each with a part of the same phonetic skeleton, and none spelt the same (THEIN NAY
    and THANE NE, CHEA LY SOK and SOKH CHA LEI). Siblings share a family name spelt alike, so
    HASSAN KARIMI and HUSSEIN KARIMI, twins' names that sound alike, stay different names.

    Examples:
        >>> respelt(("THEIN", "NAY"), ("THANE", "NE"))
        True
        >>> respelt(("HASSAN", "KARIMI"), ("HUSSEIN", "KARIMI"))
        False
    """
    if len(a) != len(b) or set(a) & set(b):
        return False
    sounds = sorted(skeleton(t) for t in a)
    # One consonant alone says little (MYA and MOE are two names): one part must have more.
    return max(map(len, sounds)) > 1 and sounds == sorted(skeleton(t) for t in b)
