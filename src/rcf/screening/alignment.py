"""Name parts of two names paired up, in any order, with joined and split parts considered.

Each pair is scored on its letters (rapidfuzz Indel similarity) and on its phonetic keys: a name
that came from a script writing few vowels (Arabic, Persian, Urdu, Pashto) or from any other
script is judged mostly on its consonants, a Latin-to-Latin pair on letters and consonants alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations, product

from rapidfuzz.distance import Indel

from rcf.screening.normalise import REPEATS, grouped_letters, phonetic_key, spelled_key
from rcf.screening.persons import PreparedName

MIN_PART_SIMILARITY = 0.76  # below this two parts are different names, not two spellings
INITIAL_SIMILARITY = 0.8
FINAL_VOWEL_DIFFERS = 0.85
SHORT_PART = 4
JOIN_CHECK_BELOW = 0.9
SAME_SPELLED_SIMILARITY = 0.97  # two usual spellings of one part (Nay / Ne, Hussein / Husayn)
# How much a pair of identical consonant skeletons counts, by how the names were written.
KEY_TRUST = {"abjad": 0.95, "script": 0.9, "latin": 0.35}
# Both names in an abjad, or both in an abugida: letters only (see pair_trust).
ABJAD_PAIR, SCRIPT_PAIR = -1.0, -2.0
SCRIPT_FULL_TRUST_CONSONANTS = 3  # beyond the first, for full trust in an abugida's skeleton


@dataclass(frozen=True, slots=True)
class PartMatch:
    """Query part(s) paired with candidate part(s), how they agree and how closely."""

    query: tuple[int, ...]
    candidate: tuple[int, ...]
    how: str  # exact, spelling, phonetic, fuzzy, initial, joined
    similarity: float


def writing(name: PreparedName) -> str:
    """How a name's vowels are known: from an abjad, from an abugida, or written out."""
    if name.abjad:
        return "abjad"
    return "script" if name.transliterated else "latin"


def pair_trust(query: PreparedName, candidate: PreparedName) -> float:
    """How much identical consonant skeletons count for this pair of names."""
    if query.abjad and candidate.abjad:
        # Both in the abjad itself: the letters are the evidence, not guessed vowels. Two
        # members write one Arabic name with the same letters (but for the forms of hamza, ta
        # marbuta and alef maqsura): a letter more or less is another name (حسن Hasan and
        # حسين Husayn, محمد Muhammad and محمود Mahmud, زارع Zare and زارعی Zarei), which the
        # skeleton, blind to the long vowels an abjad writes, would merge.
        return ABJAD_PAIR
    if writing(query) == writing(candidate) == "script":
        # Both in an abugida, which writes its vowels: the same holds (সাবের Saber and
        # সাব্বির Sabbir, ডংগোল Dangol and ঢুঙ্গেল Dhungel are two names).
        return SCRIPT_PAIR
    return max(KEY_TRUST[writing(query)], KEY_TRUST[writing(candidate)])


def abjad_side(query: PreparedName, candidate: PreparedName) -> int:
    """Which name alone is in an abjad: 1 the query, 2 the candidate, 0 neither or both."""
    if query.abjad == candidate.abjad:
        return 0
    return 1 if query.abjad else 2


def align(query: PreparedName, candidate: PreparedName) -> list[PartMatch]:
    """Pair parts greedily by similarity; parts left over try joined neighbours."""
    trust, side = pair_trust(query, candidate), abjad_side(query, candidate)
    # Only pairs similar enough to be chosen become edges (most pairs of two names are not).
    edges = [
        PartMatch((i,), (j,), how, similarity)
        for i, left in enumerate(query.tokens)
        for j, right in enumerate(candidate.tokens)
        for how, similarity in (part_similarity(left, right, trust, side),)
        if similarity >= MIN_PART_SIMILARITY
    ]
    chosen = _greedy(edges)
    left_q = set(range(len(query.tokens))) - {i for m in chosen for i in m.query}
    left_c = set(range(len(candidate.tokens))) - {j for m in chosen for j in m.candidate}
    if (left_q and left_c) or _joining_may_help(query, candidate, chosen):
        joined = _joined_edges(query, candidate, trust, side) + _joined_edges_reversed(
            query, candidate, trust, side
        )
        chosen = _greedy(edges + joined)
    return sorted(chosen, key=lambda match: match.query)


def _joining_may_help(
    query: PreparedName, candidate: PreparedName, chosen: list[PartMatch]
) -> bool:
    # Names of different lengths may hide a joined or split part, unless every part of the
    # shorter one already found a near-equal partner.
    shorter = min(len(query.tokens), len(candidate.tokens))
    if len(query.tokens) == len(candidate.tokens):
        return False
    return len(chosen) < shorter or any(m.similarity < JOIN_CHECK_BELOW for m in chosen)


def order_kept(parts: tuple[PartMatch, ...], query: PreparedName, candidate: PreparedName) -> bool:
    """True when the matched parts come in the same order, up to a rotation (the family name
    moved from first to last or back, as in ``SURNAME, Given``). A part written twice in both
    names (Burmese Zaw Nyein Zaw, Lwin Shwe Shwe) may pair either copy with either."""
    ordered = sorted(parts, key=lambda m: m.query[0])
    order = [m.candidate[0] for m in ordered]
    if len(order) < 3 or _rotation_sorted(order):
        return True
    words = [(query.tokens[m.query[0]], candidate.tokens[m.candidate[0]]) for m in ordered]
    if len(set(words)) == len(words):
        return False
    return any(_rotation_sorted(list(other)) for other in _repeats_swapped(order, words))


def _rotation_sorted(order: list[int]) -> bool:
    start = order.index(min(order))
    rotated = order[start:] + order[:start]
    return rotated == sorted(rotated)


def _repeats_swapped(order: list[int], words: list[tuple[str, str]]) -> Iterator[tuple[int, ...]]:
    # Every way of giving the pairs of identical words each other's candidate positions.
    groups = [[k for k, w in enumerate(words) if w == word] for word in dict.fromkeys(words)]
    for choice in product(*(permutations(group) for group in groups)):
        swapped = list(order)
        for group, chosen in zip(groups, choice, strict=True):
            for k, source in zip(group, chosen, strict=True):
                swapped[k] = order[source]
        yield tuple(swapped)


def _greedy(edges: list[PartMatch]) -> list[PartMatch]:
    used_q: set[int] = set()
    used_c: set[int] = set()
    chosen = []
    for edge in sorted(edges, key=lambda e: (-e.similarity, len(e.query) + len(e.candidate))):
        if used_q.isdisjoint(edge.query) and used_c.isdisjoint(edge.candidate):
            chosen.append(edge)
            used_q.update(edge.query)
            used_c.update(edge.candidate)
    return chosen


def _joined_edges(
    query: PreparedName, candidate: PreparedName, trust: float, side: int
) -> list[PartMatch]:
    edges = []
    for i in range(len(query.tokens) - 1):
        joined = query.tokens[i] + query.tokens[i + 1]
        for j, right in enumerate(candidate.tokens):
            _, similarity = part_similarity(joined, right, trust, side)
            if similarity >= MIN_PART_SIMILARITY:
                edges.append(PartMatch((i, i + 1), (j,), "joined", similarity))
    return edges


def _joined_edges_reversed(
    query: PreparedName, candidate: PreparedName, trust: float, side: int
) -> list[PartMatch]:
    edges = []
    for j in range(len(candidate.tokens) - 1):
        joined = candidate.tokens[j] + candidate.tokens[j + 1]
        for i, left in enumerate(query.tokens):
            _, similarity = part_similarity(left, joined, trust, side)
            if similarity >= MIN_PART_SIMILARITY:
                edges.append(PartMatch((i,), (j, j + 1), "joined", similarity))
    return edges


@lru_cache(maxsize=1 << 18)
def part_similarity(left: str, right: str, trust: float, side: int = 0) -> tuple[str, float]:
    """How two name parts agree (exact, spelling, phonetic, fuzzy or initial) and how closely;
    ``side`` says which part alone was read from an abjad (1 left, 2 right, 0 neither)."""
    if left == right:
        return "exact", 1.0
    if len(left) == 1 or len(right) == 1:
        # An initial vowel of the pairs Latin spellings swap stands for either (U. for Omar).
        same = left[0].translate(INITIAL_VOWEL_PAIRS) == right[0].translate(INITIAL_VOWEL_PAIRS)
        return ("initial", INITIAL_SIMILARITY) if same else ("fuzzy", 0.0)
    if trust == ABJAD_PAIR:
        return _abjad_letters_similarity(left, right)
    left_spelled, right_spelled = spelled_key(left), spelled_key(right)
    if left_spelled == right_spelled or _initial_vowel_differs(left_spelled, right_spelled):
        return "spelling", SAME_SPELLED_SIMILARITY
    # The letters as written catch typos that the merged spellings hide (Khaild: keld, kalid).
    letters = max(
        Indel.normalized_similarity(left_spelled, right_spelled),
        Indel.normalized_similarity(left, right),
    )
    if ending_added(left_spelled, right_spelled, latin=trust == KEY_TRUST["latin"]):
        return "fuzzy", letters * FINAL_VOWEL_DIFFERS
    if trust == SCRIPT_PAIR or (
        trust < KEY_TRUST["script"] and min(len(left_spelled), len(right_spelled)) <= SHORT_PART
    ):
        return "fuzzy", letters  # one syllable: its vowel tells Zhang from Zheng, Sung from Sang
    left_key, right_key = phonetic_key(left), phonetic_key(right)
    if len(left_key) < 2 or len(right_key) < 2:  # one consonant says nothing (Ne, Aung: n)
        return "fuzzy", letters
    if side and not long_vowels_heard(*((left, right) if side == 1 else (right, left))):
        return "fuzzy", letters
    if trust == KEY_TRUST["script"]:
        # Abugidas write their vowels (only the inherent one is guessed): two or three shared
        # consonants are many names (Akas and Xu: ks; Piris and Parose: prs), not one. Abjads
        # keep full trust: their short names (Omar عمر, amr) have only consonants to go by.
        extra_consonants = min(len(left_key), len(right_key)) - 1
        trust *= min(1.0, extra_consonants / SCRIPT_FULL_TRUST_CONSONANTS)
    # Squared: one consonant more or less (Mahdi, Mohammad) is another name, not a spelling.
    consonants = Indel.normalized_similarity(left_key, right_key) ** 2
    sounds = trust * consonants + (1 - trust) * letters
    if trust >= KEY_TRUST["abjad"] and _ends_in_vowel(left) != _ends_in_vowel(right):
        sounds *= FINAL_VOWEL_DIFFERS  # abjads write a final vowel too: Rahimi رحیمی, Rahim رحیم
    return ("phonetic", sounds) if sounds > letters else ("fuzzy", letters)


# Letters of a transliterated abjad that stand for one letter written in several ways: the
# seats of hamza (إ ئ ؤ: i, u) beside alef, ya and waw, and a final ta marbuta (ة) or ha.
HAMZA_SEATS = str.maketrans("iu", "yw")


# Letters read one way from Arabic and another from Persian (ث th or s, ذ dh or z): a name
# typed on a Persian keyboard (one ye) is read as Persian, its Arabic twin as Arabic.
ARABIC_OR_PERSIAN = (("th", "s"), ("dh", "z"))


@lru_cache(maxsize=1 << 16)
def _abjad_letters(token: str) -> str:
    # Repeats merged: a waw or ya written twice (داوود, داود) is one spelling of one name.
    for arabic, persian in ARABIC_OR_PERSIAN:
        token = token.replace(arabic, persian)
    token = "a" + token[1:] if token[0] == "i" else token
    token = token[:-1] + "a" if token.endswith("h") and len(token) > 2 else token
    return REPEATS.sub(r"\1", token.translate(HAMZA_SEATS))


def _abjad_letters_similarity(left: str, right: str) -> tuple[str, float]:
    left_letters, right_letters = _abjad_letters(left), _abjad_letters(right)
    if left_letters == right_letters:
        return "spelling", SAME_SPELLED_SIMILARITY
    # The letters as typed too: merging repeats makes a dropped letter look like two
    # (العفيي, aafyy: afy; العفيفي, aafyfy: afyfy).
    return "fuzzy", max(
        Indel.normalized_similarity(left_letters, right_letters),
        Indel.normalized_similarity(left, right),
    )


# Arabic and Persian write a short vowel at the start of a name that Latin spellings render as
# either of a pair (Omar Umar, Osama Usama, Othman Uthman, Ibrahim Ebrahim, Imran Emran).
INITIAL_VOWEL_PAIRS = str.maketrans("oe", "ui")


def _initial_vowel_differs(left: str, right: str) -> bool:
    """True when two spellings differ only in an initial o/u or e/i."""
    return (
        len(left) >= 3
        and left[1:] == right[1:]
        and left[0] != right[0]
        and left[0].translate(INITIAL_VOWEL_PAIRS) == right[0].translate(INITIAL_VOWEL_PAIRS)
    )


def ending_added(left: str, right: str, *, latin: bool) -> bool:
    """True when one spelled part is the other, which ends in a consonant, with a final i (or,
    between two Latin spellings, a): the feminine of Indic names (Gautam Gautami, Ankit Ankita)
    and the Persian and Arabic nisba (Ahmad Ahmadi, Hossein Hosseini) make another name. An
    abugida's own final a is its inherent vowel (राम: Ram or Rama), not an ending."""
    if len(left) == len(right) + 1:
        short, long = right, left
    elif len(right) == len(left) + 1:
        short, long = left, right
    else:
        return False
    return (
        long[-1] in ("ia" if latin else "i")
        and len(short) >= 3
        and long.startswith(short)
        and not _ends_in_vowel(short)
    )


def _ends_in_vowel(token: str) -> bool:
    return token[-1] in "aeiouy"


# An abjad writes its long vowels with waw and ya (محمود Mahmud, حسين Husayn): a spelling of the
# name writes a vowel or w/v, y there too; only the short vowels are left to the reader. The
# consonant skeleton alone would take روان (Rawan) for Ran, الجاعوني for Jianguo, پوپل for Pal.
ABJAD_LONG_VOWELS = str.maketrans("wy", "UI", "aeiou")
SPELLED_VOWELS = str.maketrans("aeiouyw", "AIIUUIU")
SLOT_VOWELS = frozenset("aeiouyw")


# And the other way: a Latin spelling writes the ya or waw it heard as a long vowel or a
# diphthong (Hussein, Saeed, Mahmoud): حسن (Hasan) is not Hussein, جمل not Jameel.
LONG_I = re.compile("ee|ii|ei|ai|ay|ey|ie")
LONG_U = re.compile("oo|uu|ou|au|aw|ow")


def long_vowels_heard(abjad: str, other: str) -> bool:
    """False when a waw or ya of ``abjad`` (a part read from an abjad) has no vowel of its kind
    between the same consonants of ``other``, a long vowel of ``other`` no waw or ya, or one
    starts with a vowel and the other not (an abjad writes an initial vowel with alef or ain:
    جلال Jalal is not Ejlal, عباسی Abbasi not Boase); True also when the consonants do not
    line up."""
    if _ends_in_vowel(abjad[0]) != _ends_in_vowel(other[0]):
        return False
    abjad_slots, other_slots = _vowel_slots(abjad), _vowel_slots(other)
    if len(abjad_slots) != len(other_slots):
        return True
    return all(
        _in_order(REPEATS.sub(r"\1", written.translate(ABJAD_LONG_VOWELS)),
                  heard.translate(SPELLED_VOWELS)) and _long_vowel_written(heard, written)
        for written, heard in zip(abjad_slots, other_slots, strict=True)
    )  # fmt: skip


def _long_vowel_written(heard: str, written: str) -> bool:
    # A hamza on its seat reads as i or u in the transliteration of the abjad.
    if LONG_I.search(heard) and not set(written) & {"y", "i"}:
        return False
    return not (LONG_U.search(heard) and not set(written) & {"w", "u"})


def _vowel_slots(token: str) -> list[str]:
    # The vowels (w and y included) before, between and after the consonants of the merged
    # spelling; a consonant repeated, with or without vowels between, is one (as in the key).
    slots, last = [""], ""
    for letter in grouped_letters(token):
        if letter in SLOT_VOWELS:
            slots[-1] += letter
        elif letter != last:
            slots.append("")
            last = letter
    return slots


def _in_order(wanted: str, found: str) -> bool:
    remaining = iter(found)
    return all(letter in remaining for letter in wanted)
