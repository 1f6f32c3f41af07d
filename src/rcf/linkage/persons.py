"""Link person records across members: the same person gets the same cluster id.

1. Each source's date order is inferred from its own birth dates (``dates.infer_order``).
2. Records are normalised (``person_fields``) and blocked on several keys, so only records that
   share a phonetic name pair, a phonetic name part and birth year, a birth date, or a document
   number within one edit are compared.
3. A Fellegi-Sunter model (``scoring``) scores each candidate pair: u measured on random pairs,
   m from documented priors refined by EM. A pair links when its match probability passes 0.5.
4. Links become clusters without chaining across contradicting documents or birth dates
   (``clustering``); sparse records left alone join one clearly best cluster.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from rapidfuzz.distance import OSA

from rcf.linkage.blocking import deletion_keys
from rcf.linkage.clustering import attach_unambiguous, cluster
from rcf.linkage.dates import DateOrder, infer_order
from rcf.linkage.linking import LINK_PROBABILITY, Linked, link_records
from rcf.linkage.names import skeleton
from rcf.linkage.person_fields import (
    DATE_DIFFERENT,
    PERSON_COMPARISONS,
    Person,
    compare_persons,
    folded_document,
    prepare_person,
    records_conflict,
)
from rcf.linkage.scoring import MISSING, Model, Vector, estimate_namesake_u

# A name part as written, or a part's sound with the nationality, is a key only while few
# records share it (a rare name misspelt elsewhere); common parts (MOHAMMAD) meet through the
# phonetic pair and year keys.
BLOCK_LIMITS = {"t:": 40, "c:": 40, "v:": 60}
# Most a rare name may add to a pair's log2 odds: a name no other record carries may still be
# a namesake from outside the file.
RARE_NAME_BONUS = 3.0


def link_persons(rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """``record_id -> cluster_id`` for every row (rows as read from P.csv)."""
    # In id order, so the sample of random pairs and the ties do not depend on the row order.
    persons = prepare_persons(sorted(rows, key=lambda row: row["record_id"]))
    names = CommonNames(persons)
    linked = link_records(
        persons,
        keys=(blocking_keys(p) for p in persons),
        compare=compare_persons,
        comparisons=PERSON_COMPARISONS,
        adjust=names.penalty,
        limits=BLOCK_LIMITS,
        condition_u=lambda u, vectors: estimate_namesake_u(
            PERSON_COMPARISONS, u, vectors, namesakes=proven_namesakes, fields=NAME_FOLLOWERS
        ),
    )
    # A name five records carry may be one person's: once the first clusters are known, a
    # pair's name is as common as the records of *other* people who carry it.
    # Sparse records join the final clusters only (``_attached``): the first ones count names.
    ids = [p.record_id for p in persons]
    first = _guarded(persons, linked)
    names.exclude_own([first[record] for record in ids])
    final = linked.rescored(names.penalty)
    clusters = _attached(persons, final, _guarded(persons, final), names)
    return dict(zip(ids, clusters, strict=True))


def _guarded(persons: Sequence[Person], linked: Linked[Person]) -> dict[str, str]:
    return cluster(
        [p.record_id for p in persons],
        linked.links,
        probability=linked.probability,
        cannot_link=lambda i, j: conflict(persons[i], persons[j], lambda: linked.probability(i, j)),
        silent=lambda i, j: no_field_disagrees(compare_persons(persons[i], persons[j])),
    )


def no_field_disagrees(vector: Vector) -> bool:
    """Every field both records hold agrees at some level (a name respelt, a birth year one
    off, a year-only date in a full one): the pair may lack evidence, none speaks against it."""
    return all(
        level == MISSING or level < len(comparison.levels) - 1
        for comparison, level in zip(PERSON_COMPARISONS, vector, strict=True)
    )


def conflict(a: Person, b: Person, probability: Callable[[], float]) -> bool:
    """Records no chain may join: different passports of one state or birth dates plainly
    different (``records_conflict``), unless the pair's own score links it and neither gender
    nor birthplace disagrees (a passport renewed, a date mistyped in two digits: the score has
    weighed the difference)."""
    if not records_conflict(a, b):
        return False
    _, _, _, gender, _, place = compare_persons(a, b)
    return gender == 1 or place == 2 or probability() < LINK_PROBABILITY


def _attached(
    persons: Sequence[Person], linked: Linked[Person], clusters: dict[str, str], names: CommonNames
) -> list[str]:
    ids = [p.record_id for p in persons]
    neighbours: list[list[int]] = [[] for _ in persons]
    for i, j in linked.scores:
        neighbours[i].append(j)
        neighbours[j].append(i)
    members: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(ids):
        members[clusters[record]].append(index)
    fused = FusedEvidence(persons, linked.model, names)
    clusters = attach_unambiguous(
        ids,
        clusters,
        neighbours,
        lone=lambda i: persons[i].birth is None and not persons[i].document,
        strength=lambda i, j: fused.probability(i, members[clusters[ids[j]]]),
    )
    return [clusters[p.record_id] for p in persons]


class FusedEvidence:
    """How well a sparse record agrees with a whole cluster: each field at its best level
    among the cluster's records (one holds the nationality, another the birthplace: they
    describe one person), None when any record disagrees on a field the sparse one holds."""

    def __init__(self, persons: Sequence[Person], model: Model, names: CommonNames) -> None:
        self.persons, self.model, self.names = persons, model, names
        self.score = model.scorer()
        self.cache: dict[tuple[int, tuple[int, ...]], float | None] = {}

    def probability(self, lone: int, members: Sequence[int]) -> float | None:
        key = (lone, tuple(members))
        if key not in self.cache:
            self.cache[key] = self._probability(lone, members)
        return self.cache[key]

    def _probability(self, lone: int, members: Sequence[int]) -> float | None:
        record = self.persons[lone]
        vectors = [compare_persons(record, self.persons[m]) for m in members]
        fused = tuple(_best_level([v[k] for v in vectors]) for k in range(len(vectors[0])))
        if not sparse_agrees(fused) or not all(sparse_agrees((0, *v[1:])) for v in vectors):
            return None
        # The name, its weight and its rarity from one record (the one the model weighs best:
        # with m refined on the file, a variant may outweigh an exact common name), the other
        # fields at their best among all the cluster's records.
        odds = max(
            self.score((vector[0], *fused[1:]))
            + self.names.penalty(record, self.persons[member], vector, self.model)
            for member, vector in zip(members, vectors, strict=True)
            if vector[0] != MISSING
        )
        return 1.0 / (1.0 + math.pow(2.0, -max(-60.0, min(60.0, odds))))


def _best_level(levels: Sequence[int]) -> int:
    present = [level for level in levels if level != MISSING]
    return min(present) if present else MISSING


def sparse_agrees(vector: Vector) -> bool:
    """A record without birth date or document agrees with another when their names are
    exact or close and no field they both hold disagrees."""
    name, _, nationality, gender, _, place = vector
    return 0 <= name <= 1 and nationality != 1 and gender != 1 and place != 2


# Fields whose agreement follows the name (nationality, gender, birthplace): their u is
# measured among namesakes (``scoring.estimate_namesake_u``).
NAME_FOLLOWERS = (2, 3, 5)


def proven_namesakes(vector: Vector) -> bool:
    """Names that agree on records another field proves are of different people: birth
    dates plainly different or documents that differ."""
    return vector[0] in (0, 1, 2) and (vector[1] == DATE_DIFFERENT or vector[4] == 2)


class CommonNames:
    """Term frequencies of whole names: agreeing on a name that many records carry (Mohammad
    Khan) is weaker evidence than the average name agreement the model's u describes, and
    agreeing on a name no other record carries is stronger (as Splink's term-frequency
    adjustment does, on the whole name rather than on one column)."""

    def __init__(self, persons: Sequence[Person]) -> None:
        self.keys = {p.record_id: name_key(p.tokens) for p in persons}
        self.counts = Counter(self.keys.values())
        self.total = max(1, len(persons))
        # Each record its own group until ``exclude_own`` knows the clusters.
        self.group = {record: record for record in self.keys}
        self.in_group = Counter((key, record) for record, key in self.keys.items())

    def exclude_own(self, clusters: Sequence[str]) -> None:
        """Count a pair's name without the records of its own clusters (``clusters`` in the
        order of the persons given): those are the pair's person, not namesakes."""
        self.group = dict(zip(self.keys, clusters, strict=True))
        self.in_group = Counter((self.keys[r], group) for r, group in self.group.items())

    def penalty(self, a: Person, b: Person, vector: Vector, model: Model) -> float:
        """log2 of how much rarer this name is than the level's u (negative when commoner)."""
        level = vector[0]
        if level == MISSING or level > 2:
            return 0.0
        first, second = self.group[a.record_id], self.group[b.record_id]
        others = max(
            self._others(a.record_id, first, second), self._others(b.record_id, first, second)
        )
        frequency = max(1.0, others) / self.total
        ratio = -math.log2(frequency / model.u[0][level])
        # A rare name earns its bonus only where the pair agrees on it, up to one slip in one
        # part (a consonant mistyped: the name is as rare as its correct spelling, the commoner
        # key counted above); names of other parts (a part dropped or different) are as rare as
        # the level's u says.
        same = one_slip_apart(self.keys[a.record_id], self.keys[b.record_id])
        bonus = RARE_NAME_BONUS if same else 0.0
        return max(-4 * RARE_NAME_BONUS, min(bonus, ratio))

    def _others(self, record: str, first: str, second: str) -> int:
        key = self.keys[record]
        own = self.in_group[(key, first)]
        return self.counts[key] - own - (self.in_group[(key, second)] if second != first else 0)


def one_slip_apart(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    """Whole-name keys equal, or of as many parts with one part one edit from its
    counterpart (KHN RHMN and KHN RMN; not AN KN and AN KN MN, nor two parts changed)."""
    if first == second:
        return True
    if len(first) != len(second):
        return False
    extra, missing = Counter(first) - Counter(second), Counter(second) - Counter(first)
    if sum(extra.values()) != 1:
        return False
    return OSA.distance(next(iter(extra)), next(iter(missing))) <= 1


@lru_cache(maxsize=1 << 16)
def name_key(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Whole-name key for frequencies: the sorted phonetic skeletons of its parts."""
    return tuple(sorted(skeleton(t) for t in tokens))


def prepare_persons(rows: Sequence[Mapping[str, str]]) -> list[Person]:
    """Normalised records, each parsed with its source's inferred date order."""
    orders = source_date_orders(rows, "birth_date")
    return [prepare_person(row, orders[row.get("source_state", "")]) for row in rows]


def source_date_orders(rows: Sequence[Mapping[str, str]], column: str) -> dict[str, DateOrder]:
    """The date order each source state's values prove (``UNKNOWN`` where none does)."""
    values: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        values[row.get("source_state", "")].append(row.get(column, ""))
    return {source: infer_order(texts) for source, texts in values.items()}


def misspelt_pair_keys(sounds: Sequence[str]) -> list[str]:
    """Pair keys with one letter of one part's skeleton deleted, so a pair of parts meets its
    misspelling (BSHR and BSR, SHTR and SHRT share a deletion): a typo in one part of a name
    whose other parts are common would otherwise meet no key sharp enough to compare."""
    keys = []
    for a in sounds:
        for b in sounds:
            if a != b and len(a) >= 3:
                keys += [f"v:{min(d, b)}:{max(d, b)}" for d in _deletions(a)]
    return keys


def _deletions(sound: str) -> set[str]:
    return {sound} | {sound[:i] + sound[i + 1 :] for i in range(1, len(sound))}


def blocking_keys(person: Person) -> list[str]:
    """Keys of phonetic name parts (pairs, each with the birth year or the next, each with the
    nationality while the part is rare), of the whole name joined (ABDUL RAHMAN, ABDULRAHMAN),
    of long name parts as written, of the birth date and of the document number within one
    edit once confusables are folded (O and 0 meet)."""
    sounds = sorted({skeleton(t) for t in person.tokens[:5] if len(t) > 1})
    keys = [f"n:{a}:{b}" for i, a in enumerate(sounds) for b in sounds[i + 1 :]]
    keys += misspelt_pair_keys(sounds[:3])
    keys += [f"t:{token}" for token in person.tokens if len(token) >= 5]
    keys += [f"j:{skeleton(''.join(person.tokens))}"] if len(person.tokens) > 1 else []
    if person.nationality:
        keys += [f"c:{s}:{person.nationality}" for s in sounds if len(s) >= 3]
    if person.birth is not None:
        years = (person.birth.year, person.birth.year + 1)  # records a year apart share one
        keys += [f"y:{s}:{year}" for s in sounds for year in years]
        keys += [f"b:{person.birth.year}-{m}-{d}" for m, d in person.birth.readings()]
    if len(sounds) == 1:
        keys.append(f"s:{sounds[0]}")
        keys.append(f"j:{sounds[0]}")
    document = folded_document(person.document)
    keys += deletion_keys(document, "d:") if len(document) >= 5 else []
    return keys
