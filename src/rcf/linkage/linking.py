"""The steps persons and events share: block, compare, train, score, keep the links."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rcf.linkage.blocking import candidate_pairs
from rcf.linkage.scoring import (
    Comparison,
    Model,
    Vector,
    estimate_u,
    random_pairs,
    train,
)

Record = TypeVar("Record")
Adjustment = Callable[[Record, Record, Vector, Model], float]
# Random pairs measured for u; more gives steadier weights for rare levels.
U_SAMPLE = 50_000
# A pair links when its match probability reaches this.
LINK_PROBABILITY = 0.5


@dataclass
class Linked(Generic[Record]):
    """The trained model, the links above the threshold and a scorer for any other pair."""

    model: Model
    links: dict[tuple[int, int], float]
    # Every candidate pair with its match probability (the links among them).
    scores: dict[tuple[int, int], float]
    probability: Callable[[int, int], float]
    # The same candidates scored again with another adjustment (no new blocking or training).
    rescored: Callable[[Adjustment[Record] | None], Linked[Record]]


def link_records(
    records: Sequence[Record],
    *,
    keys: Iterable[Iterable[str]],
    compare: Callable[[Record, Record], Vector],
    comparisons: Sequence[Comparison],
    adjust: Adjustment[Record] | None = None,
    limits: Mapping[str, int] | None = None,
    condition_u: Callable[[list[list[float]], Sequence[Vector]], list[list[float]]] | None = None,
) -> Linked[Record]:
    """Score the candidate pairs of ``records`` with a model trained on these records;
    ``adjust`` may add a pair-specific weight (such as a common name's penalty) and
    ``condition_u`` re-estimate u from the candidate vectors (fields that follow the name)."""
    pairs = candidate_pairs(list(keys), limits=limits)
    vectors = [compare(records[i], records[j]) for i, j in pairs]
    sample = random_pairs(len(records), U_SAMPLE)
    u = estimate_u(comparisons, [compare(records[i], records[j]) for i, j in sample])
    u = condition_u(u, vectors) if condition_u else u
    all_pairs = len(records) * (len(records) - 1) // 2
    model = train(comparisons, u, vectors, all_pairs=all_pairs)
    scorer = model.scorer()
    patterns = {vector: scorer(vector) for vector in set(vectors)}  # few patterns, many pairs

    def score(vector: Vector) -> float:
        known = patterns.get(vector)
        return scorer(vector) if known is None else known

    def scored(adjust: Adjustment[Record] | None) -> Linked[Record]:
        def weigh(i: int, j: int, vector: Vector) -> float:
            extra = adjust(records[i], records[j], vector, model) if adjust else 0.0
            return _probability(score(vector) + extra)

        cache = {(i, j): weigh(i, j, v) for (i, j), v in zip(pairs, vectors, strict=True)}

        def probability(i: int, j: int) -> float:
            pair = (min(i, j), max(i, j))
            if pair not in cache:
                cache[pair] = weigh(*pair, compare(records[pair[0]], records[pair[1]]))
            return cache[pair]

        links = {pair: p for pair, p in cache.items() if p >= LINK_PROBABILITY}
        return Linked(model, links, dict(cache), probability, scored)

    return scored(adjust)


def _probability(log2_odds: float) -> float:
    return 1.0 / (1.0 + math.pow(2.0, -max(-60.0, min(60.0, log2_odds))))
