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
from rcf.linkage.persons import BLOCK_LIMITS, blocking_keys, link_persons, prepare_persons
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
    alike = sum(count for cause, count in missed.items() if cause.endswith(NAMESAKE))
    true_pairs = sum(len(r) * (len(r) - 1) // 2 for r in _groups(truth).values())
    ceiling = 1 - alike / max(1, true_pairs)
    print(
        f"  missed pairs {sum(missed.values())} ({alike} with a namesake agreeing as well: "
        f"recall <= {ceiling:.4f}, F1 <= {2 * ceiling / (1 + ceiling):.4f} at precision 1):"
    )
    for cause, count in missed.most_common(top):
        print(f"    {count:6d}  {cause}")
    print(f"  false merges {sum(merged.values())}:")
    for cause, count in merged.most_common(top):
        print(f"    {count:6d}  {cause}")


class Namesakes:
    """Pairs no method could link: for one record of the pair, a record of another person
    compares with it at least as well, field by field, as everything its own person's other
    records hold together (each field at its best level among them; a missing field ranks
    below any agreement and above any disagreement): identical or stronger evidence for a
    false pair than for the true one. Before, only records holding neither birth date nor
    document were examined, which missed a record with a document whose true partner and a
    namesake both lack one."""

    def __init__(
        self,
        persons: list,  # type: ignore[type-arg]
        entities: list[int],
        candidates: set[tuple[int, int]],
    ) -> None:
        self.persons, self.entities = persons, entities
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        self.members: dict[int, list[int]] = defaultdict(list)
        for i, j in candidates:
            self.neighbours[i].append(j)
            self.neighbours[j].append(i)
        for index, entity in enumerate(entities):
            self.members[entity].append(index)

    def ambiguous(self, i: int, j: int) -> bool:
        return self._alike(i) or self._alike(j)

    def _alike(self, w: int) -> bool:
        own = [_ranks(self._vector(w, p)) for p in self.members[self.entities[w]] if p != w]
        best = [min(levels) for levels in zip(*own, strict=True)]
        for other in self.neighbours[w]:
            if self.entities[other] != self.entities[w]:
                ranks = _ranks(self._vector(w, other))
                if all(r <= b for r, b in zip(ranks, best, strict=True)):
                    return True
        return False

    def _vector(self, a: int, b: int) -> tuple[int, ...]:
        return compare_persons(self.persons[a], self.persons[b])


def _ranks(vector: tuple[int, ...]) -> list[int]:
    """Each field's level ranked by evidence: agreements (strongest first), missing, then
    disagreements (the levels whose prior weight is not positive)."""
    ranks = []
    for comparison, level in zip(PERSON_COMPARISONS, vector, strict=True):
        if level == MISSING:
            ranks.append(50)
        else:
            agrees = comparison.m_prior[level] > comparison.u_prior[level]
            ranks.append(level if agrees else 100 + level)
    return ranks


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
