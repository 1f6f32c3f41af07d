"""Candidate generation: an inverted index of name keys, so a query never compares every name.

Every written name in the watchlist is filed under a few keys: the phonetic key of each part,
the key of each two neighbouring parts written joined (Jin Ping / Jinping), and each unordered
pair of part keys. A query looks up the same keys, plus its part keys with one consonant left
out (a typo that adds a letter); keys shared by few names count more, keys shared by very many
(alone, "mohammad") are skipped in favour of the pairs that contain them. The names that gather
the most key weight go on to the full matcher (:func:`rcf.screening.matching.score_person`).

The postings live in two sorted numpy arrays (64-bit key hashes and name numbers), which keeps a
million names in about a hundred megabytes and a lookup at one binary search per key.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt

from rcf.screening.matching import Match, score_person
from rcf.screening.normalise import phonetic_key
from rcf.screening.persons import Person, PreparedName

MAX_POSTINGS = 4000  # a key on more names than this is too common to find candidates with
NAMES_TO_SCORE = 24  # names passed from the index to the full matcher, per query
MIN_SCORE = 0.6  # below this a candidate is not plausible and is not returned

Ints = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint64]


def part_keys(name: PreparedName) -> list[str]:
    """The keys of each name part: its phonetic key, or the part itself when the key is short."""
    return [
        key if len(key) >= 2 else "=" + token
        for token, key in zip(name.tokens, name.keys, strict=True)
    ]


def index_keys(name: PreparedName) -> set[str]:
    """Keys a watchlist name is filed under: parts, neighbours joined, and pairs of parts."""
    keys = part_keys(name)
    found = set(keys)
    tokens = name.tokens
    found.update(phonetic_key(tokens[i] + tokens[i + 1]) for i in range(len(tokens) - 1))
    found.update("&".join(sorted(pair)) for pair in combinations(keys, 2))
    return found


def query_keys(name: PreparedName) -> set[str]:
    """Keys a query looks up: the index keys and their one-consonant deletions."""
    found = index_keys(name)
    for key in part_keys(name):
        if len(key) >= 4 and not key.startswith("="):
            found.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return found


def key_hash(key: str) -> int:
    """A stable 64-bit hash (the same in every process, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


@dataclass
class WatchlistIndex:
    """Persons of a watchlist, their names filed under keys, and the rarity of each part key."""

    persons: list[Person]
    name_owner: Ints  # name number -> person number
    hashes: Hashes  # sorted key hashes, one per posting
    postings: Ints  # name numbers, in the order of ``hashes``
    part_frequency: Counter[str] = field(default_factory=Counter)

    @classmethod
    def build(cls, persons: Iterable[Person]) -> WatchlistIndex:
        """File every name of every person under its keys."""
        people = list(persons)
        owners: list[int] = []
        hashes: list[int] = []
        numbers: list[int] = []
        frequency: Counter[str] = Counter()
        for person_number, person in enumerate(people):
            for name in person.names:
                name_number = len(owners)
                owners.append(person_number)
                frequency.update(set(part_keys(name)))
                for key in index_keys(name):
                    hashes.append(key_hash(key))
                    numbers.append(name_number)
        hash_array = np.array(hashes, dtype=np.uint64)
        order = np.argsort(hash_array, kind="stable")
        return cls(
            persons=people,
            name_owner=np.array(owners, dtype=np.int64),
            hashes=hash_array[order],
            postings=np.array(numbers, dtype=np.int64)[order],
            part_frequency=frequency,
        )

    @property
    def name_count(self) -> int:
        return len(self.name_owner)

    def weight(self, key: str) -> float:
        """How much a name part with this phonetic key identifies someone: rarer counts more."""
        count = self.part_frequency.get(key if len(key) >= 2 else "", 0)
        return math.log(1 + (self.name_count + 1) / (count + 1))

    def candidates(self, query: Person) -> list[int]:
        """Person numbers worth scoring for a query, best first, at most NAMES_TO_SCORE names."""
        keys = sorted({key for name in query.names for key in query_keys(name)})
        if not keys:
            return []
        wanted = np.array([key_hash(key) for key in keys], dtype=np.uint64)
        starts = np.searchsorted(self.hashes, wanted, side="left")
        ends = np.searchsorted(self.hashes, wanted, side="right")
        sizes = ends - starts
        usable = (sizes > 0) & (sizes <= MAX_POSTINGS)
        if not usable.any():
            return []
        names, gathered = self._gather(starts[usable], ends[usable], sizes[usable])
        best = names[np.argsort(-gathered, kind="stable")[:NAMES_TO_SCORE]]
        return list(dict.fromkeys(int(number) for number in self.name_owner[best]))

    def _gather(
        self, starts: Ints, ends: Ints, sizes: Ints
    ) -> tuple[Ints, npt.NDArray[np.float64]]:
        # Each posting carries the rarity of its key; a name's total says how much it shares.
        rarity = np.log1p(self.name_count / sizes)
        hits = np.concatenate([self.postings[s:e] for s, e in zip(starts, ends, strict=True)])
        weights = np.repeat(rarity, sizes)
        names, inverse = np.unique(hits, return_inverse=True)
        return names.astype(np.int64), np.bincount(inverse, weights=weights).astype(np.float64)

    def screen(self, query: Person, limit: int = 10, min_score: float = MIN_SCORE) -> list[Match]:
        """The best plausible watchlist matches for a query, strongest first."""
        matches = [
            score_person(query, self.persons[number], self.weight)
            for number in self.candidates(query)
        ]
        plausible = [match for match in matches if match.score >= min_score]
        return sorted(plausible, key=lambda match: -match.score)[:limit]


def screen_all(
    index: WatchlistIndex, queries: Sequence[Person], limit: int = 10
) -> Iterator[tuple[Person, list[Match]]]:
    """Screen queries one after another (see :mod:`rcf.screening.offline` for processes)."""
    for query in queries:
        yield query, index.screen(query, limit)
