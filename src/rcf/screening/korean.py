"""Latin spellings of a Korean name read from Hangul: Revised Romanisation and its neighbours.

Hangul writes every syllable of a name exactly; a Latin part spells those syllables when each is
written in the Revised Romanisation, McCune-Reischauer or the spelling most passports use (eo as
o or u, eu as u, initial g k, d t, b p, j ch, s sh, final g k: 현 Hyeon Hyun Hyon, 경 Gyeong
Kyung). Another syllable is another name (준경 Jungyeong is not Jeongung, 상훈 Sanghun not
Seonghun), however close the letters.

Examples:
    >>> spells_hangul("Kyungho", ("gyeong", "ho")), spells_hangul("Jeongung", ("jun", "gyeong"))
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import product

from anyascii import anyascii

from rcf.screening.alignment import PartMatch
from rcf.screening.normalise import spelled_key
from rcf.screening.persons import PreparedName

HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")
SYLLABLE = re.compile("(kk|tt|pp|ss|jj|ch|[gkndtrlmbpsjh]?)([aeiouwy]+)(ng|[gkndtlmbp]?)")
INITIALS = {"g": ("g", "k"), "d": ("d", "t"), "b": ("b", "p"), "j": ("j", "ch"), "s": ("s", "sh"),
            "r": ("r", "l", "n"), "l": ("l", "r", "")}  # fmt: skip
VOWELS = {
    "eo": ("eo", "o", "u"),
    "yeo": ("yeo", "yo", "yu", "you"),
    "eu": ("eu", "u"),
    "ae": ("ae", "ai", "e"),
    "oe": ("oe", "oi", "e"),
    "ui": ("ui", "ei", "i"),
    "i": ("i", "ee"),
    "u": ("u", "oo"),
    "yu": ("yu", "you", "yoo"),
    "wo": ("wo", "weo"),
}
FINALS = {"g": ("g", "k"), "d": ("d", "t"), "b": ("b", "p"), "l": ("l", "r")}


def hangul_readings(text: str) -> tuple[str, ...]:
    """The Revised Romanisation of each Hangul syllable of a text, in order."""
    return tuple(anyascii(char).lower() for char in HANGUL_SYLLABLE.findall(text))


def reading_of(token: str, readings: tuple[str, ...]) -> tuple[str, ...]:
    """The run of syllables that spells ``token`` (a part read from Hangul), () if none."""
    for start in range(len(readings)):
        for end in range(start + 1, len(readings) + 1):
            if "".join(readings[start:end]) == token:
                return readings[start:end]
    return ()


@lru_cache(maxsize=16384)
def syllable_spellings(syllable: str) -> frozenset[str]:
    """A syllable as the Latin spellings of Korean names write it."""
    parsed = SYLLABLE.fullmatch(syllable)
    if parsed is None:
        return frozenset({syllable})
    initial, vowel, final = parsed.groups()
    vowels = VOWELS.get(vowel, (vowel,))
    if vowel == "eo" and not final:
        vowels = ("eo", "o", "uh")  # 서 Seo, So, Suh; Su and Soo are 수
    elif vowel == "u" and not initial:
        vowels = ("u", "oo", "woo", "wu")  # 우 as most passports write it (Woojin, Hyunwoo)
    spellings = (INITIALS.get(initial, (initial,)), vowels)
    return frozenset(map("".join, product(*spellings, FINALS.get(final, (final,)))))


@lru_cache(maxsize=65536)
def spells_hangul(latin: str, syllables: tuple[str, ...]) -> bool:
    """True when a Latin part spells these Hangul syllables (see the module's rules)."""
    wanted = spelled_key(latin.lower())
    return any(
        spelled_key("".join(spelling)) == wanted
        for spelling in product(*map(syllable_spellings, syllables))
    )


def reads_otherwise(query: PreparedName, candidate: PreparedName) -> Callable[[PartMatch], bool]:
    """For a name in Hangul against one in Latin letters: whether paired parts are other
    syllables (always False for other pairs of names, and for parts not read from Hangul).
    Two names in Hangul that read differently are other syllables (영영 and 현영)."""
    readings_q, readings_c = hangul_readings(query.text), hangul_readings(candidate.text)
    if readings_q and readings_c:
        return lambda match: True
    if not (readings_q or readings_c) or query.transliterated or candidate.transliterated:
        return lambda match: False
    spelled = _spelled_syllables(query, candidate)
    return lambda match: spelled(match) is False


def spells_syllables(query: PreparedName, candidate: PreparedName) -> Callable[[PartMatch], bool]:
    """For a name in Hangul against one in Latin letters: whether paired parts spell the same
    syllables (정준경 and Jung Jun Kyung, 최우진 and Choi Woo Jin): one name, however far
    apart the letters of the Revised Romanisation and of a passport spelling are."""
    if query.transliterated or candidate.transliterated:
        return lambda match: False
    if bool(hangul_readings(query.text)) == bool(hangul_readings(candidate.text)):
        return lambda match: False
    spelled = _spelled_syllables(query, candidate)
    return lambda match: spelled(match) is True


def _spelled_syllables(
    query: PreparedName, candidate: PreparedName
) -> Callable[[PartMatch], bool | None]:
    # True or False when a pair's Hangul part (in one name) is a run of syllables and the
    # other name's Latin part spells them or not; None when the part is no such run.
    readings_q, readings_c = hangul_readings(query.text), hangul_readings(candidate.text)
    korean, latin = (query, candidate) if readings_q else (candidate, query)
    readings = readings_q or readings_c

    def spelled(match: PartMatch) -> bool | None:
        korean_parts, latin_parts = (
            (match.query, match.candidate) if readings_q else (match.candidate, match.query)
        )
        run = reading_of("".join(korean.tokens[i] for i in korean_parts), readings)
        if not run:
            return None
        return spells_hangul("".join(latin.tokens[j] for j in latin_parts), run)

    return spelled


HYPHENATED = re.compile("[a-z]+(?:-[a-z]+)+")


def written_syllables(text: str) -> dict[str, tuple[str, ...]]:
    """Parts of a Latin name written with their syllables hyphenated (Hyeon-jeong), by the
    part as the name's tokens join it: the syllables are known as if read from Hangul."""
    found = {}
    for word in HYPHENATED.findall(text.lower()):
        pieces = tuple(word.split("-"))
        if all(SYLLABLE.fullmatch(piece) for piece in pieces):
            found[word.replace("-", "")] = pieces
    return found


VOICED_INITIALS = (("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"))


@lru_cache(maxsize=65536)
def splits(token: str, count: int) -> tuple[tuple[str, ...], ...]:
    """The ways ``token`` splits into ``count`` syllables of a romanised Korean name."""
    if count == 1:
        return ((token,),) if SYLLABLE.fullmatch(token) else ()
    return tuple(
        (token[:end], *rest)
        for end in range(1, len(token))
        if SYLLABLE.fullmatch(token[:end])
        for rest in splits(token[end:], count - 1)
    )


def same_syllable(left: str, right: str) -> bool:
    """Two romanisations of one syllable: spelled alike once the initial is voiced (Kyung and
    Gyeong, Chul and Cheol), or one a spelling of the other (Suh and Seo)."""
    if left in syllable_spellings(right) or right in syllable_spellings(left):
        return True
    return spelled_key(_voiced(left)) == spelled_key(_voiced(right))


def _voiced(syllable: str) -> str:
    for voiceless, voiced in VOICED_INITIALS:
        if syllable.startswith(voiceless):
            return voiced + syllable[len(voiceless) :]
    return syllable


def hyphens_tell(query: PreparedName, candidate: PreparedName) -> Callable[[PartMatch], bool]:
    """For two Latin names: whether paired parts are other syllables, when one wrote them
    hyphenated (Hyeon-jeong) and the other, written in as many syllables, spells others
    (Hyeonjun). A part that does not split into syllables (a typo: Hyejn) gets no verdict."""
    syllables_q, syllables_c = written_syllables(query.text), written_syllables(candidate.text)
    if not (syllables_q or syllables_c):
        return lambda match: False

    def otherwise(match: PartMatch) -> bool:
        left = "".join(query.tokens[i] for i in match.query)
        right = "".join(candidate.tokens[j] for j in match.candidate)
        for known, other in ((syllables_q.get(left), right), (syllables_c.get(right), left)):
            if known and _spells_others(other, known):
                return True
        return False

    return otherwise


def _spells_others(written: str, known: tuple[str, ...]) -> bool:
    """Whether every split of ``written`` into as many syllables as ``known`` spells others."""
    ways = splits(written, len(known))
    return bool(ways) and not any(_same_syllables(way, known) for way in ways)


def _same_syllables(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    return all(map(same_syllable, left, right))
