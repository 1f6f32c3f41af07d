"""Pairwise precision, recall and F1 of a clustering against the true entities."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    """Pairwise scores: a pair is right when both records are of one entity."""

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def _pairs(sizes: Counter[object]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes.values())


def pairwise_scores(predicted: Mapping[str, object], truth: Mapping[str, object]) -> PairwiseScores:
    """Scores of ``predicted`` (record -> cluster) against ``truth`` (record -> entity)."""
    both = _pairs(Counter((predicted[r], truth[r]) for r in truth))
    predicted_pairs = _pairs(Counter(predicted[r] for r in truth))
    true_pairs = _pairs(Counter(truth.values()))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(precision, recall, f1, true_pairs, predicted_pairs)
