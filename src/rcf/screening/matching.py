"""Score a query person against a watchlist entry, with an explanation of every score.

The name score is the share of name-part weight that the two names have in common, each part
weighted by its rarity in the watchlist (a shared "mohammad" says less than a shared "rajapaksa").
A name contained in the other (missing middle names, dropped family name) loses less than two
names that each have a part the other lacks. Birth dates and nationalities then raise or
lower that score (see :mod:`rcf.screening.evidence`).

Examples:
    >>> query = make_person("q", ["Muhammad Yusuf Khan"], ["1980-03-04"])
    >>> entry = make_person("w1", ["KHAN, Mohammed Yousef"], ["1980"], ["AF"])
    >>> match = score_person(query, entry)
    >>> round(match.score, 2) > 0.8, match.explanation.date.reason
    (True, 'same birth year (1980-03-04 / 1980)')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations

from rapidfuzz.distance import OSA

from rcf.screening import korean
from rcf.screening.alignment import SAME_SPELLED_SIMILARITY as SAME_SPELLED
from rcf.screening.alignment import PartMatch, align, ending_added, order_kept
from rcf.screening.chinese import other_han_characters, pinyin_names, pinyin_syllables_differ
from rcf.screening.evidence import Evidence, apply_evidence, date_evidence, nationality_evidence
from rcf.screening.name_words import honorifics_conflict
from rcf.screening.normalise import spelled_key
from rcf.screening.persons import Person, PreparedName, make_person

__all__ = ["Explanation", "Match", "make_person", "score_name", "score_person"]

Weight = Callable[[str], float]  # rarity key -> weight of a name part with that key
# A name inside the other (fewer parts) vs two names each with a part of its own.
CONTAINED_MIN_SHARE = 0.5
CONFLICT_MIN_SHARE = 0.7
MAX_NAME_SCORE = 0.995
INITIAL_CREDIT = 0.8
# Parts matched in another order than any rotation (Kim Jun Ho, Kim Ho Jun): the given names
# of Korean, Chinese and Burmese people are not reordered by spellings, only moved as a block.
ORDER_DIFFERS = 0.88
# Forms of address of different genders in front of both names (Ko Ying, Ma Ying).
HONORIFICS_CONFLICT = 0.85
# Share of the loss for a dropped part or an initial taken back when the parts that agree
# identify someone (from one unique part, linearly up to one and STRENGTH_RAMP unique parts).
SHORTENED_FORGIVEN = 0.8
STRENGTH_RAMP = 0.6
# Two parts that differ by a letter or two, each written so on other watchlist names, are two
# names (Hung and Huong, Zhou and Zhu, Minhai and Minghai), not one name and a typo of it: a
# typo rarely spells another name that the list knows.
KNOWN_NAMES_DIFFER = 0.85
# A part one keystroke away from the other (a letter added, dropped, replaced or two swapped)
# that is not itself a name the list knows is a typo of it (Fixou for Fifou, Zihbo for Zhibo).
TYPO_SIMILARITY = 0.93
TYPO_MIN_LENGTH = 4
VOWEL_GROUPS = re.compile("[aeiouy]+")  # one per syllable
# An initial that agrees adds this to the identifying strength of the parts that agree.
INITIAL_STRENGTH = 0.3
RARITY_EXPONENT = 2.0  # a part on many names identifies nobody: rarity counts squared
UNSEEN_KEY = "\x00\x00"  # a key on no watchlist name: the weight of a unique part


def uniform_weight(key: str) -> float:
    """Every name part counts the same (no watchlist to learn rarity from)."""
    return 1.0


@dataclass(frozen=True, slots=True)
class PartExplanation:
    """Which query part matched which candidate part, how, and how closely."""

    query: str
    candidate: str
    how: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a candidate scored what it did."""

    query_name: str
    candidate_name: str
    parts: tuple[PartExplanation, ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]
    name_score: float
    date: Evidence
    nationality: Evidence

    def to_dict(self) -> dict[str, object]:
        return {
            "query_name": self.query_name,
            "candidate_name": self.candidate_name,
            "parts": [
                {"query": p.query, "candidate": p.candidate, "how": p.how,
                 "similarity": round(p.similarity, 3)}
                for p in self.parts
            ],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_candidate": list(self.unmatched_candidate),
            "name_score": round(self.name_score, 4),
            "birth_date": {"shift": self.date.shift, "reason": self.date.reason},
            "nationality": {"shift": self.nationality.shift, "reason": self.nationality.reason},
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Match:
    """A scored candidate: score in [0, 1], higher is stronger."""

    candidate_id: str
    score: float
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class NameScore:
    score: float
    parts: tuple[PartMatch, ...]
    query: PreparedName
    candidate: PreparedName


def score_person(query: Person, candidate: Person, weight: Weight = uniform_weight) -> Match:
    """Score a candidate against a query: best pair of names, then date and nationality."""
    best = max(
        (score_name(q, c, weight) for q in query.names for c in candidate.names),
        key=lambda result: result.score,
    )
    date = date_evidence(query.birth_dates, candidate.birth_dates)
    nationality = nationality_evidence(query.nationalities, candidate.nationalities)
    score = apply_evidence(apply_evidence(best.score, date), nationality)
    return Match(candidate.id, score, _explain(best, date, nationality))


def score_name(query: PreparedName, candidate: PreparedName, weight: Weight) -> NameScore:
    """The share of rarity-weighted name parts two names have in common, in [0, 1].

    A name inside the other (a dropped middle part, a given name cut to an initial) loses less
    when the parts that agree are rare enough to identify someone on their own (see
    :func:`_identifying_strength`): "Baruva Metizou" is "Baruva Zojaga Metizou", while "Hoang
    Linh" may be any of many namesakes of "Hoang Minh Linh".
    """
    parts = tuple(_judge_close_parts(query, candidate, align(query, candidate), weight))
    if not parts:
        return NameScore(0.0, parts, query, candidate)
    score, conflict = _shares_score(query, candidate, parts, weight, forgive=False)
    if not conflict:
        strength = _identifying_strength(candidate, parts, weight)
        keep = 1 - SHORTENED_FORGIVEN * min(1.0, max(0.0, (strength - 1) / STRENGTH_RAMP))
        forgiven, _ = _shares_score(query, candidate, parts, weight, forgive=True)
        score = forgiven - (forgiven - score) * keep if forgiven > score else score
    if not order_kept(parts, query, candidate):
        score *= ORDER_DIFFERS
    if honorifics_conflict(query.honorifics, candidate.honorifics) or _front_words_conflict(
        query, candidate
    ):
        score *= HONORIFICS_CONFLICT
    return NameScore(min(score, MAX_NAME_SCORE), parts, query, candidate)


def _front_words_conflict(query: PreparedName, candidate: PreparedName) -> bool:
    # A form of address in one name where the other has a particle, and no word in common
    # (Mi Chunmei, Di Chunmei): one of the two is a family name read as a word around the name.
    if not (query.optional and candidate.optional) or set(query.optional) & set(candidate.optional):
        return False
    return bool(query.honorifics) != bool(candidate.honorifics)


def _judge_close_parts(
    query: PreparedName, candidate: PreparedName, parts: list[PartMatch], weight: Weight
) -> list[PartMatch]:
    """Parts that are close but not the same spelling: two names when the query's spelling is
    on a watchlist name and the candidate's on another name besides this one (they lose
    KNOWN_NAMES_DIFFER), else a typo when one keystroke apart (TYPO_SIMILARITY)."""
    unseen = weight(UNSEEN_KEY)
    latin = not (query.transliterated or candidate.transliterated)
    abjad = query.abjad and candidate.abjad
    other_characters = other_han_characters(query, candidate)
    hangul_spelled = korean.spells_syllables(query, candidate)
    judged = []
    for match in parts:
        if match.how != "exact" and other_characters(match):
            continue
        if match.how != "exact" and hangul_spelled(match):
            judged.append(replace(match, similarity=max(match.similarity, SAME_SPELLED)))
            continue
        if match.how == "joined" and latin and pinyin_syllables_differ(query, candidate, match):
            match = replace(match, similarity=match.similarity * KNOWN_NAMES_DIFFER)
        if match.how in ("fuzzy", "phonetic") and len(match.query) == len(match.candidate) == 1:
            left, right = query.tokens[match.query[0]], candidate.tokens[match.candidate[0]]
            seen_q = _names_with(weight, query.spelling_keys[match.query[0]], unseen)
            seen_c = _names_with(weight, candidate.spelling_keys[match.candidate[0]], unseen)
            if seen_q > 0.5 and seen_c > 1.5:  # counts recovered from floats
                if match.how == "fuzzy" or (latin and pinyin_names(left, right)):
                    match = replace(match, similarity=match.similarity * KNOWN_NAMES_DIFFER)
            elif _may_be_typo(left, right, abjad) and not ending_added(
                spelled_key(left), spelled_key(right), latin=latin
            ):
                match = replace(
                    match, how="typo", similarity=max(match.similarity, TYPO_SIMILARITY)
                )
        judged.append(match)
    return judged


def _may_be_typo(left: str, right: str, abjad: bool = False) -> bool:
    # One-syllable parts are excluded: a letter tells Zhang from Zheng and Hung from Huong.
    # An abjad writes few vowels, so its length alone tells a short name (معرف, marf: a
    # letter dropped from معروف) from a syllable.
    return (
        min(len(left), len(right)) >= TYPO_MIN_LENGTH
        and (abjad or max(len(VOWEL_GROUPS.findall(left)), len(VOWEL_GROUPS.findall(right))) >= 2)
        and OSA.distance(left, right) == 1
    )


def _names_with(weight: Weight, key: str, unseen: float) -> float:
    # The number of watchlist names with a part under this key, from its rarity weight
    # (log(1 + (N + 1) / (count + 1)), with ``unseen`` that of a key on no name).
    return (math.exp(unseen) - 1) / (math.exp(weight(key)) - 1) - 1 if unseen > 0 else 0.0


def _shares_score(
    query: PreparedName,
    candidate: PreparedName,
    parts: tuple[PartMatch, ...],
    weight: Weight,
    forgive: bool,
) -> tuple[float, bool]:
    # The score from both names' matched shares, and whether each name has a part of its own.
    # Forgiving: parts left over are neutral and initials count as whole parts.
    matched_q = {i for m in parts for i in m.query}
    matched_c = {j for m in parts for j in m.candidate}
    neutral_q = _neutral(query, matched_q, candidate)
    neutral_c = _neutral(candidate, matched_c, query)
    left_q = len(query.tokens) > len(matched_q | neutral_q)
    left_c = len(candidate.tokens) > len(matched_c | neutral_c)
    if forgive:
        neutral_q |= set(range(len(query.tokens))) - matched_q
        neutral_c |= set(range(len(candidate.tokens))) - matched_c
    credits = [_credit(m, forgive) for m in parts]
    share_q = _share(query, [(m.query, c) for m, c in zip(parts, credits, strict=True)], weight,
                     neutral_q)  # fmt: skip
    share_c = _share(candidate, [(m.candidate, c) for m, c in zip(parts, credits, strict=True)],
                     weight, neutral_c)  # fmt: skip
    low, high = sorted((share_q, share_c))
    conflict = left_q and left_c
    min_share = CONFLICT_MIN_SHARE if conflict else CONTAINED_MIN_SHARE
    return min_share * low + (1 - min_share) * high, conflict


def _identifying_strength(
    candidate: PreparedName, parts: tuple[PartMatch, ...], weight: Weight
) -> float:
    """How many parts that identify someone on their own the names share: each whole part that
    agrees counts its rarity against a part no other name has (1 for a unique part); two parts
    that are each common but rarely found together (a pair key on few names) count as two."""
    unique = weight(UNSEEN_KEY)
    strength = 0.0
    whole = []
    for match in parts:
        if match.how == "initial":
            strength += INITIAL_STRENGTH
            continue
        if unique <= 0:
            continue
        rarity = max(weight(candidate.spelling_keys[j]) for j in match.candidate) / unique
        strength += min(1.0, rarity) ** RARITY_EXPONENT * match.similarity**2
        if len(match.candidate) == 1:
            whole.append((candidate.rarity_keys[match.candidate[0]], match.similarity))
    return max(strength, _pair_strength(whole, weight, unique))


def _pair_strength(whole: list[tuple[str, float]], weight: Weight, unique: float) -> float:
    # The rarest pair of agreeing parts, by the names filed under both (see index.index_keys):
    # two parts when the candidate alone has them, one when another name has them too.
    best = 0.0
    for (key_a, similarity_a), (key_b, similarity_b) in combinations(whole, 2):
        names = _names_with(weight, "&".join(sorted((key_a, key_b))), unique)
        best = max(best, 2 / max(1.0, names) * (similarity_a * similarity_b) ** 2)
    return best


def _share(
    name: PreparedName,
    matched: list[tuple[tuple[int, ...], float]],
    weight: Weight,
    neutral: set[int],
) -> float:
    weights = [weight(key) for key in name.rarity_keys]
    credit = sum(credit * sum(weights[i] for i in indexes) for indexes, credit in matched)
    total = sum(w for i, w in enumerate(weights) if i not in neutral)
    return min(1.0, credit / total) if total > 0 else 0.0


def _credit(match: PartMatch, forgive: bool = False) -> float:
    # Squared, so that two spellings that are merely close count well below two equal ones; an
    # initial agrees with the part but says little, whatever the part.
    if match.how == "initial":
        return 1.0 if forgive else INITIAL_CREDIT
    return match.similarity**2


def _neutral(name: PreparedName, matched: set[int], other: PreparedName) -> set[int]:
    # A part the other name holds as an honorific or particle ("Ma" in "Ying-jeou Ma"), or the
    # initial of an honorific ("M. Hla Soe" for "Maung Hla Soe"), is neutral.
    initials = {word[0] for word in other.honorifics}
    return {
        i
        for i, token in enumerate(name.tokens)
        if i not in matched and (token in other.optional or (len(token) == 1 and token in initials))
    }


def _explain(best: NameScore, date: Evidence, nationality: Evidence) -> Explanation:
    query, candidate = best.query, best.candidate
    matched_q = {i for m in best.parts for i in m.query}
    matched_c = {j for m in best.parts for j in m.candidate}
    return Explanation(
        query_name=query.text,
        candidate_name=candidate.text,
        parts=tuple(
            PartExplanation(
                " ".join(query.tokens[i] for i in m.query),
                " ".join(candidate.tokens[j] for j in m.candidate),
                m.how,
                m.similarity,
            )
            for m in best.parts
        ),
        unmatched_query=tuple(t for i, t in enumerate(query.tokens) if i not in matched_q),
        unmatched_candidate=tuple(t for i, t in enumerate(candidate.tokens) if i not in matched_c),
        name_score=best.score,
        date=date,
        nationality=nationality,
    )
