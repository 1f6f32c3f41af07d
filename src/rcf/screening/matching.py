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
    >>> round(match.score, 2) > 0.9, match.explanation.date.reason
    (True, 'same birth year (1980-03-04 / 1980)')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rcf.screening.alignment import PartMatch, align
from rcf.screening.evidence import Evidence, apply_evidence, date_evidence, nationality_evidence
from rcf.screening.normalise import honorifics_conflict
from rcf.screening.persons import Person, PreparedName, make_person

__all__ = ["Explanation", "Match", "make_person", "score_name", "score_person"]

Weight = Callable[[str], float]  # phonetic key -> weight of a name part with that key
# A name inside the other (fewer parts) vs two names each with a part of its own.
CONTAINED_MIN_SHARE = 0.5
CONFLICT_MIN_SHARE = 0.7
MAX_NAME_SCORE = 0.995
INITIAL_CREDIT = 0.8
# Parts matched in another order than any rotation (Kim Jun Ho, Kim Ho Jun): the given names
# of Korean, Chinese and Burmese people are not reordered by spellings, only moved as a block.
ORDER_DIFFERS = 0.93
# Forms of address of different genders in front of both names (Ko Ying, Ma Ying).
HONORIFICS_CONFLICT = 0.85


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
    """The share of rarity-weighted name parts two names have in common, in [0, 1]."""
    parts = tuple(align(query, candidate))
    if not parts:
        return NameScore(0.0, parts, query, candidate)
    matched_q = {i for m in parts for i in m.query}
    matched_c = {j for m in parts for j in m.candidate}
    neutral_q = _neutral(query, matched_q, candidate)
    neutral_c = _neutral(candidate, matched_c, query)
    share_q = _share(query, [(m.query, _credit(m)) for m in parts], weight, neutral_q)
    share_c = _share(candidate, [(m.candidate, _credit(m)) for m in parts], weight, neutral_c)
    left_q = len(query.tokens) > len(matched_q | neutral_q)
    left_c = len(candidate.tokens) > len(matched_c | neutral_c)
    low, high = sorted((share_q, share_c))
    min_share = CONFLICT_MIN_SHARE if left_q and left_c else CONTAINED_MIN_SHARE
    score = min_share * low + (1 - min_share) * high
    if not _order_kept(parts):
        score *= ORDER_DIFFERS
    if honorifics_conflict(query.honorifics, candidate.honorifics):
        score *= HONORIFICS_CONFLICT
    return NameScore(min(score, MAX_NAME_SCORE), parts, query, candidate)


def _share(
    name: PreparedName,
    matched: list[tuple[tuple[int, ...], float]],
    weight: Weight,
    neutral: set[int],
) -> float:
    weights = [weight(key) for key in name.keys]
    credit = sum(credit * sum(weights[i] for i in indexes) for indexes, credit in matched)
    total = sum(w for i, w in enumerate(weights) if i not in neutral)
    return min(1.0, credit / total) if total > 0 else 0.0


def _order_kept(parts: tuple[PartMatch, ...]) -> bool:
    """True when the matched parts come in the same order, up to a rotation (the family name
    moved from first to last or back, as in ``SURNAME, Given``)."""
    order = [m.candidate[0] for m in sorted(parts, key=lambda m: m.query[0])]
    if len(order) < 3:
        return True
    start = order.index(min(order))
    rotated = order[start:] + order[:start]
    return rotated == sorted(rotated)


def _credit(match: PartMatch) -> float:
    # Squared, so that two spellings that are merely close count well below two equal ones; an
    # initial agrees with the part but says little, whatever the part.
    return INITIAL_CREDIT if match.how == "initial" else match.similarity**2


def _neutral(name: PreparedName, matched: set[int], other: PreparedName) -> set[int]:
    # A part the other name holds as an honorific or particle ("Ma" in "Ying-jeou Ma") is neutral.
    return {
        i for i, token in enumerate(name.tokens) if i not in matched and token in other.optional
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
