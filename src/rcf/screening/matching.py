"""Score a query person against a watchlist entry, with an explanation of every score.

The name score is the share of name-part weight that the two names have in common, each part
weighted by its rarity in the watchlist (a shared "mohammad" says less than a shared "rajapaksa").
A name contained in the other (missing middle names, dropped family name) loses less than two
names that each have a part the other lacks. Birth dates and nationalities then shift the
log-odds of that score (see :mod:`rcf.screening.evidence`).

Examples:
    >>> query = make_person("q", ["Muhammad Yusuf Khan"], ["1980-03-04"])
    >>> entry = make_person("w1", ["KHAN, Mohammed Yousef"], ["1980"], ["AF"])
    >>> match = score_person(query, entry)
    >>> round(match.score, 2) > 0.9, match.explanation.date.reason
    (True, 'same birth year (1980-03-04 / 1980)')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rcf.screening.alignment import PartMatch, align
from rcf.screening.evidence import Evidence, date_evidence, nationality_evidence
from rcf.screening.persons import Person, PreparedName, make_person

__all__ = ["Explanation", "Match", "make_person", "score_name", "score_person"]

Weight = Callable[[str], float]  # phonetic key -> weight of a name part with that key
# A name inside the other (fewer parts) vs two names each with a part of its own.
CONTAINED_MIN_SHARE = 0.35
CONFLICT_MIN_SHARE = 0.7
MAX_NAME_SCORE = 0.995


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
    score = _shift(best.score, date.shift + nationality.shift)
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
    share_q = _share(query, [(m.query, m.similarity) for m in parts], weight, neutral_q)
    share_c = _share(candidate, [(m.candidate, m.similarity) for m in parts], weight, neutral_c)
    left_q = len(query.tokens) > len(matched_q | neutral_q)
    left_c = len(candidate.tokens) > len(matched_c | neutral_c)
    low, high = sorted((share_q, share_c))
    min_share = CONFLICT_MIN_SHARE if left_q and left_c else CONTAINED_MIN_SHARE
    score = min_share * low + (1 - min_share) * high
    return NameScore(min(score, MAX_NAME_SCORE), parts, query, candidate)


def _share(
    name: PreparedName,
    matched: list[tuple[tuple[int, ...], float]],
    weight: Weight,
    neutral: set[int],
) -> float:
    weights = [weight(key) for key in name.keys]
    credit = sum(
        similarity**2 * sum(weights[i] for i in indexes) for indexes, similarity in matched
    )
    total = sum(w for i, w in enumerate(weights) if i not in neutral)
    return min(1.0, credit / total) if total > 0 else 0.0


def _neutral(name: PreparedName, matched: set[int], other: PreparedName) -> set[int]:
    # A part the other name holds as an honorific or particle ("Ma" in "Ying-jeou Ma") is neutral.
    return {
        i for i, token in enumerate(name.tokens) if i not in matched and token in other.optional
    }


def _shift(score: float, shift: float) -> float:
    if shift == 0 or score <= 0:
        return score
    log_odds = math.log(score / (1 - score)) + shift
    return 1 / (1 + math.exp(-log_odds))


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
