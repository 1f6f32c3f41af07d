"""A Fellegi-Sunter model: per-field comparison levels, m and u probabilities, match weights.

Each comparison maps a pair of records to a level (0 = strongest agreement, the last level =
disagreement, ``MISSING`` = a value absent on either side, which weighs nothing). The weight of a
level is log2(m / u): m is the probability of the level among true matches, u among non-matches.

* u is measured on the data itself, from a deterministic sample of random pairs (almost all of
  them non-matches): a common nationality or a frequent name earns little, a rare one much. The
  measurement is blended with a prior u (``U_PRIOR_PAIRS`` pseudo-pairs), so a file of a few
  records, whose random pairs are few and often true matches, still gets sensible weights.
* m starts from priors written next to each comparison: what a level is worth between two
  records of one person, from the noise members' records show. Plain EM over m was tried and
  rejected: blocked candidates are dominated by namesakes (same name, other person), and EM
  modelled "shares a name" as the match class (m(birth date differs) rose to 0.86). Instead the
  m of each field is re-estimated from the pairs that the *other* fields alone call sure matches
  (posterior odds above 1000:1), blended with the prior (``M_PRIOR_PAIRS`` pseudo-pairs) and never
  below a fifth of it: a member's rate of year-only dates or transliteration variants is learnt,
  without a field ever vouching for itself.
* The match rate, the probability that two records taken at random match, is estimated by EM
  over all pairs (as Splink does, not over the candidates: pairs that share no blocking key are
  taken as non-matches, so the evidence a pair needs grows with the file, as the number of
  namesakes it could be confused with does).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MISSING = -1
# How many random pairs the prior u counts for against the measured ones.
U_PRIOR_PAIRS = 1000.0
# How many sure matches the prior m counts for against the observed ones.
M_PRIOR_PAIRS = 100.0
M_PRIOR_FLOOR = 0.2
# Posterior log2 odds, from the other fields alone, of a pair taken as a sure match (1 in 1000).
SURE_MATCH = 10.0
Vector = tuple[int, ...]
EM_ITERATIONS = 30
_FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class Comparison:
    """One field's comparison: level names, strongest first, and the m and u priors of each
    level (u priors are typical of members' files, measured on the synthetic benchmark)."""

    name: str
    levels: tuple[str, ...]
    m_prior: tuple[float, ...]
    u_prior: tuple[float, ...]


@dataclass(slots=True)
class Model:
    """Trained probabilities: ``m[k][level]``, ``u[k][level]`` and the prior odds of a match."""

    comparisons: tuple[Comparison, ...]
    m: list[list[float]]
    u: list[list[float]]
    match_rate: float

    def weights(self) -> list[list[float]]:
        """log2(m/u) for every comparison and level."""
        return [
            [math.log2(m / u) for m, u in zip(ms, us, strict=True)]
            for ms, us in zip(self.m, self.u, strict=True)
        ]

    def scorer(self) -> Callable[[Vector], float]:
        """A function from a comparison vector to the posterior log2 odds of a match."""
        weights = self.weights()
        prior = math.log2(self.match_rate / (1.0 - self.match_rate))

        def score(vector: Vector) -> float:
            return prior + sum(weights[k][lv] for k, lv in enumerate(vector) if lv != MISSING)

        return score


def random_pairs(count: int, sample: int, seed: int = 20261129) -> list[tuple[int, int]]:
    """A deterministic sample of distinct index pairs (all pairs when there are few)."""
    total = count * (count - 1) // 2
    if total <= sample:
        return [(i, j) for i in range(count) for j in range(i + 1, count)]
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < sample:
        i, j = rng.randrange(count), rng.randrange(count)
        if i != j:
            pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def estimate_u(comparisons: Sequence[Comparison], vectors: Sequence[Vector]) -> list[list[float]]:
    """u per level from random-pair vectors, blended with the prior u (never zero)."""
    u = []
    for k, comparison in enumerate(comparisons):
        counts = Counter(v[k] for v in vectors if v[k] != MISSING)
        total = sum(counts.values()) + U_PRIOR_PAIRS
        u.append(
            [
                max(_FLOOR, (counts[level] + U_PRIOR_PAIRS * prior) / total)
                for level, prior in enumerate(comparison.u_prior)
            ]
        )
    return u


def estimate_namesake_u(
    comparisons: Sequence[Comparison],
    u: list[list[float]],
    vectors: Sequence[Vector],
    *,
    namesakes: Callable[[Vector], bool],
    fields: Sequence[int],
) -> list[list[float]]:
    """u of ``fields`` among pairs whose names agree, measured on candidate pairs that other
    evidence proves are different people (``namesakes``), blended with the random-pair u.

    Nationality, birthplace and gender follow the name: two random records seldom share a
    birthplace, two Hosseinis from Herat often do. Weighing such agreement by random pairs
    counts the name twice; measured among namesakes it counts only what it adds.
    """
    chosen = [v for v in vectors if namesakes(v)]
    adjusted = [list(levels) for levels in u]
    for k in fields:
        counts = Counter(v[k] for v in chosen if v[k] != MISSING)
        total = sum(counts.values()) + U_PRIOR_PAIRS
        adjusted[k] = [
            max(_FLOOR, (counts[level] + U_PRIOR_PAIRS * prior) / total)
            for level, prior in enumerate(u[k])
        ]
    return adjusted


def train(
    comparisons: Sequence[Comparison],
    u: list[list[float]],
    candidates: Sequence[Vector],
    *,
    all_pairs: int,
    iterations: int = EM_ITERATIONS,
) -> Model:
    """EM for the match rate over ``all_pairs`` pairs, m refined from sure matches, u fixed."""
    start = min(0.5, max(_FLOOR, len(candidates) / max(1, all_pairs) / 10))
    model = Model(tuple(comparisons), [list(c.m_prior) for c in comparisons], u, start)
    patterns = Counter(candidates)
    for _ in range(2):
        _estimate_match_rate(model, patterns, all_pairs, iterations)
        _refine_m(model, patterns)
    _estimate_match_rate(model, patterns, all_pairs, iterations)
    return model


def _estimate_match_rate(
    model: Model, patterns: Counter[Vector], all_pairs: int, iterations: int
) -> None:
    for _ in range(iterations if patterns else 0):
        posteriors = _expectation(model, patterns)
        matched = sum(count * posteriors[v] for v, count in patterns.items())
        model.match_rate = min(0.5, max(1e-12, matched / max(1, all_pairs)))


def _refine_m(model: Model, patterns: Counter[Vector]) -> None:
    """m of each field from the pairs the other fields alone call sure matches, blended with
    the prior: the members' own rates of year-only dates or transliteration variants."""
    weights = model.weights()
    prior = math.log2(model.match_rate / (1.0 - model.match_rate))
    new_m = []
    for k, comparison in enumerate(model.comparisons):
        counts = [M_PRIOR_PAIRS * p for p in comparison.m_prior]
        for vector, count in patterns.items():
            if vector[k] == MISSING:
                continue
            others = sum(weights[f][lv] for f, lv in enumerate(vector) if lv != MISSING and f != k)
            if prior + others >= SURE_MATCH:
                counts[vector[k]] += count
        total = sum(counts)
        # Never below a fifth of the prior: a file without contradictions among its sure
        # matches does not prove that contradictions never happen.
        priors = comparison.m_prior
        floored = [max(c / total, p * M_PRIOR_FLOOR) for c, p in zip(counts, priors, strict=True)]
        new_m.append([m / sum(floored) for m in floored])
    model.m = new_m


def _expectation(model: Model, patterns: Counter[Vector]) -> dict[Vector, float]:
    score = model.scorer()
    return {
        vector: 1.0 / (1.0 + 2.0 ** -max(-60.0, min(60.0, score(vector)))) for vector in patterns
    }
