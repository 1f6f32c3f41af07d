"""Where person-linkage F1 is lost: false merges and missed pairs, counted by cause.

A missed pair is one of: never compared (no shared blocking key), scored below the threshold
(with the fields that disagree or are missing), or scored above it but kept apart by the
clustering. A false merge is counted by what the two records share (name level, birth date
level, documents). Pairs are counted within clusters, as the pairwise scores count them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

from rcf.linkage.blocking import candidate_pairs
from rcf.linkage.person_fields import PERSON_COMPARISONS, compare_persons
from rcf.linkage.persons import (
    BLOCK_LIMITS,
    blocking_keys,
    link_persons,
    prepare_persons,
    sparse_agrees,
)
from rcf.linkage.scoring import MISSING

Rows = Sequence[Mapping[str, str]]
NAMESAKE = " [a namesake agrees as well]"


def describe(vector: tuple[int, ...]) -> str:
    """The pair's levels by field name, missing fields as ``-``."""
    return " ".join(
        f"{c.name}={'-' if level == MISSING else c.levels[level]}"
        for c, level in zip(PERSON_COMPARISONS, vector, strict=True)
        if c.name in ("name", "birth_date", "document")
    )


def analyse(rows: Rows, truth: Mapping[str, int], top: int = 12) -> None:
    """Print the commonest causes of missed pairs and of false merges."""
    ordered = sorted(rows, key=lambda row: row["record_id"])
    persons = prepare_persons(ordered)
    index = {p.record_id: i for i, p in enumerate(persons)}
    clusters = link_persons(rows)
    candidates = set(candidate_pairs([blocking_keys(p) for p in persons], limits=BLOCK_LIMITS))
    alike = Namesakes(persons, [truth[p.record_id] for p in persons], candidates)
    missed: Counter[str] = Counter()
    for records in _groups(truth).values():
        for a, b in combinations(sorted(records, key=index.__getitem__), 2):
            if clusters[a] != clusters[b]:
                pair = (index[a], index[b])
                cause = _miss_cause(pair, candidates, persons)
                missed[cause + (NAMESAKE if alike.ambiguous(*pair) else "")] += 1
    merged: Counter[str] = Counter()
    for records in _groups(clusters).values():
        for a, b in combinations(records, 2):
            if truth[a] != truth[b]:
                merged[describe(compare_persons(persons[index[a]], persons[index[b]]))] += 1
    print(f"  missed pairs {sum(missed.values())}:")
    for cause, count in missed.most_common(top):
        print(f"    {count:6d}  {cause}")
    print(f"  false merges {sum(merged.values())}:")
    for cause, count in merged.most_common(top):
        print(f"    {count:6d}  {cause}")


class Namesakes:
    """Pairs no method could link: one record holds neither birth date nor document, and a
    record of another person agrees with it on every field they share, with a name as close
    as the true partner's (identical evidence for a true and a false pair)."""

    def __init__(
        self,
        persons: list,  # type: ignore[type-arg]
        entities: list[int],
        candidates: set[tuple[int, int]],
    ) -> None:
        self.persons, self.entities = persons, entities
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        for i, j in candidates:
            self.neighbours[i].append(j)
            self.neighbours[j].append(i)

    def ambiguous(self, i: int, j: int) -> bool:
        return any(self._alike(w, o) for w, o in ((i, j), (j, i)) if self._sparse(w))

    def _sparse(self, w: int) -> bool:
        return self.persons[w].birth is None and not self.persons[w].document

    def _alike(self, w: int, partner: int) -> bool:
        level = compare_persons(self.persons[w], self.persons[partner])[0]
        for other in self.neighbours[w]:
            if self.entities[other] != self.entities[w]:
                vector = compare_persons(self.persons[w], self.persons[other])
                if sparse_agrees(vector) and 0 <= vector[0] <= max(level, 0):
                    return True
        return False


def _miss_cause(pair: tuple[int, int], candidates: set[tuple[int, int]], persons: list) -> str:  # type: ignore[type-arg]
    i, j = sorted(pair)
    if (i, j) not in candidates:
        return "not compared (blocking)"
    return describe(compare_persons(persons[i], persons[j]))


def _groups(assignment: Mapping[str, object]) -> dict[object, list[str]]:
    groups: dict[object, list[str]] = defaultdict(list)
    for record, group in assignment.items():
        groups[group].append(record)
    return groups
