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
from rapidfuzz import fuzz, process

from rcf.screening.matching import Match, score_person
from rcf.screening.normalise import phonetic_key, spelled_key
from rcf.screening.persons import Person, PreparedName

MAX_POSTINGS = 10000  # a key on more names than this is too common to find candidates with
NAMES_TO_RERANK = 200  # names with the most key weight, ranked again on their spelling
SAME_LENGTH_BONUS = 3.0  # in key weight (a key on one name in a million weighs about 14)
YEAR_BONUS = 15.0  # in the reranking's points (two ratios, 0 to 200)
RERANK_FLOOR = 100.0  # below this (two ratios averaging 50) a name is not worth scoring
# Nor is a name this far below the best (on the benchmark no name scoring 0.9 or more was ever
# 40 points behind): it saves a quarter of the full comparisons.
RERANK_MARGIN = 50.0
# Gathering postings by a total per name costs a pass over all names: worth it from one
# posting per this many names (a sort of the postings costs log(postings) per posting).
DENSE_GATHER_RATIO = 16
NAMES_TO_SCORE = 10  # names passed from the index to the full matcher, per query
MIN_SCORE = 0.7  # below this a candidate is not plausible and is not returned
CORRECTED_MIN_LENGTH = 4  # shorter unknown parts have too many known neighbours to try
MAX_CORRECTIONS = 8  # known parts one edit away tried per unknown part, commonest first
SPELLED_LETTERS = "abdefghijklmnoprstuwyz"  # letters of spelled keys (c q v x are merged away)

Ints = npt.NDArray[np.int64]
Hashes = npt.NDArray[np.uint64]


def part_keys(name: PreparedName) -> list[str]:
    """The keys of each name part: its phonetic key, or the part itself when the key is short."""
    return list(name.rarity_keys)


def spelling_keys(name: PreparedName) -> list[str]:
    """The rarity keys of each part as spelled (:attr:`PreparedName.spelling_keys`)."""
    return list(name.spelling_keys)


def _keys(tokens: Sequence[str]) -> list[str]:
    keys = [phonetic_key(token) for token in tokens]
    return [key if len(key) >= 2 else "=" + token for token, key in zip(tokens, keys, strict=True)]


def _segmentations(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    # The parts as written, and with each two neighbours joined (Jin Ping / Jinping).
    joined = [
        (*tokens[:i], tokens[i] + tokens[i + 1], *tokens[i + 2 :]) for i in range(len(tokens) - 1)
    ]
    return [tokens, *joined]


def index_keys(name: PreparedName) -> set[str]:
    """Keys a name is filed under: its parts (consonant skeleton and spelling) and pairs of
    parts, also with neighbours joined."""
    found: set[str] = set()
    for tokens in _segmentations(name.tokens):
        keys = _keys(tokens)
        found.update(keys)
        found.update("&".join(sorted(pair)) for pair in combinations(keys, 2))
        found.update("~" + spelled_key(token) for token in tokens if len(token) >= 3)
    return found


def query_keys(name: PreparedName) -> set[str]:
    """Keys a query looks up: the index keys and their one-consonant deletions."""
    found = index_keys(name)
    for key in part_keys(name):
        if len(key) >= 4 and not key.startswith("="):
            found.update(key[:i] + key[i + 1 :] for i in range(len(key)))
    return found


def _transpositions(word: str) -> list[str]:
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)]


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {left + right[1:] for left, right in splits if right}
        | set(_transpositions(word))
        | {left + c + right[1:] for left, right in splits if right for c in SPELLED_LETTERS}
        | {left + c + right for left, right in splits for c in SPELLED_LETTERS}
    ) - {word}


def _year_span(person: Person) -> tuple[int, int]:
    # A person without a birth date never counts as born near the query's year.
    if not person.birth_dates:
        return (1, 0)
    return (
        min(date.first_year for date in person.birth_dates),
        max(date.last_year for date in person.birth_dates),
    )


def spelled_text(name: PreparedName) -> str:
    """The parts of a name with their usual spelling variants merged, space-separated."""
    return " ".join(spelled_key(token) for token in name.tokens)


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
    spellings: list[str] = field(default_factory=list)  # name number -> its parts, spelled
    skeletons: list[str] = field(default_factory=list)  # name number -> its parts' skeletons
    lengths: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # parts per name
    birth_years: Ints = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    def __post_init__(self) -> None:
        self.spelling_array = np.array(self.spellings, dtype=object)
        self.skeleton_array = np.array(self.skeletons, dtype=object)
        self._weights: dict[str, float] = {}

    @classmethod
    def build(cls, persons: Iterable[Person]) -> WatchlistIndex:
        """File every name of every person under its keys."""
        people = list(persons)
        owners: list[int] = []
        hashes: list[int] = []
        numbers: list[int] = []
        frequency: Counter[str] = Counter()
        spellings: list[str] = []
        skeletons: list[str] = []
        for person_number, person in enumerate(people):
            for name in person.names:
                name_number = len(owners)
                owners.append(person_number)
                spellings.append(spelled_text(name))
                skeletons.append(" ".join(name.keys))
                frequency.update(set(part_keys(name)) | set(spelling_keys(name)))
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
            spellings=spellings,
            skeletons=skeletons,
            lengths=np.array([text.count(" ") + 1 for text in skeletons], dtype=np.int64),
            birth_years=np.array([_year_span(person) for person in people], dtype=np.int64),
        )

    @property
    def name_count(self) -> int:
        return len(self.name_owner)

    def weight(self, key: str) -> float:
        """How much a name part with this rarity key (:attr:`PreparedName.rarity_keys`, as
        :func:`part_keys` files it), or a pair of parts (two such keys joined by "&", sorted),
        identifies someone: rarer counts more."""
        found = self._weights.get(key)
        if found is None:
            count = self._pair_count(key) if "&" in key else self.part_frequency.get(key, 0)
            found = self._weights[key] = math.log(1 + (self.name_count + 1) / (count + 1))
        return found

    def _pair_count(self, key: str) -> int:
        # Names filed under a pair of part keys: its postings (one per name).
        wanted = np.uint64(key_hash(key))
        start = np.searchsorted(self.hashes, wanted, side="left")
        return int(np.searchsorted(self.hashes, wanted, side="right") - start)

    def corrected_keys(self, name: PreparedName) -> set[str]:
        """Keys of the known parts one edit away from each part the watchlist does not know.

        A typo in a common name ("Wang Loogping") shares only the common part's keys, which
        thousands of names share: the part as the watchlist spells it finds the name.
        """
        found: set[str] = set()
        for position, token in enumerate(name.tokens):
            spelled = spelled_key(token)
            if len(spelled) < CORRECTED_MIN_LENGTH or ("~" + spelled) in self.part_frequency:
                continue
            # Edits of the spelling, and letters swapped as written (Zihbo: Zhibo, jibo).
            swapped = {spelled_key(edit) for edit in _transpositions(token)}
            edits = _edits(spelled) | swapped
            known = [edit for edit in edits if ("~" + edit) in self.part_frequency]
            known.sort(key=lambda edit: -self.part_frequency["~" + edit])
            others = _keys(name.tokens[:position] + name.tokens[position + 1 :])
            for edit in known[:MAX_CORRECTIONS]:
                key = _keys([edit])[0]
                found.update(["~" + edit, key])
                found.update("&".join(sorted((key, other))) for other in others)
        return found

    def candidates(self, query: Person) -> list[int]:
        """Person numbers worth scoring for a query, best first, at most NAMES_TO_SCORE names.

        The names sharing the most key weight with the query are ranked again by rapidfuzz
        on their spelled parts and on their consonant skeletons, in any order (token set ratio).
        """
        keys = sorted(
            {key for name in query.names for key in query_keys(name) | self.corrected_keys(name)}
        )
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
        # Among names sharing the same common keys, those with as many parts come first.
        gathered += SAME_LENGTH_BONUS * (self.lengths[names] == len(query.names[0].tokens))
        if len(names) > NAMES_TO_RERANK:
            names = names[np.argpartition(-gathered, NAMES_TO_RERANK)[:NAMES_TO_RERANK]]
        best = self._rerank(query, [int(number) for number in names])
        return list(dict.fromkeys(int(self.name_owner[number]) for number in best))

    def _rerank(self, query: Person, names: list[int]) -> list[int]:
        # Set ratio forgives missing parts, sort ratio rewards having them all; the parts written
        # without spaces catch joined and split parts; skeletons serve names written without
        # vowels; a birth year in common breaks ties between namesakes.
        numbers = np.array(names, dtype=np.int64)
        spelled = list(self.spelling_array[numbers])
        best = np.zeros(len(names))
        for name in query.names:
            texts = [(spelled_text(name), spelled)]
            if name.transliterated:
                texts.append((" ".join(name.keys), list(self.skeleton_array[numbers])))
            for text, choices in texts:
                both = process.cdist([text], choices, scorer=fuzz.token_set_ratio)[0]
                both += process.cdist([text], choices, scorer=fuzz.token_sort_ratio)[0]
                best = np.maximum(best, both)
            joined = [choice.replace(" ", "") for choice in spelled]
            unspaced = process.cdist(
                [spelled_text(name).replace(" ", "")], joined, scorer=fuzz.ratio
            )
            best = np.maximum(best, 2 * unspaced[0])
        if query.birth_dates:
            best += YEAR_BONUS * self._near_birth_years(query, numbers)
        order = np.argsort(-best, kind="stable")[:NAMES_TO_SCORE]
        floor = max(RERANK_FLOOR, best[order[0]] - RERANK_MARGIN) if len(order) else RERANK_FLOOR
        return [names[position] for position in order if best[position] >= floor]

    def _near_birth_years(self, query: Person, numbers: Ints) -> npt.NDArray[np.bool_]:
        first = min(date.first_year for date in query.birth_dates) - 1
        last = max(date.last_year for date in query.birth_dates) + 1
        years = self.birth_years[self.name_owner[numbers]]
        return np.asarray((years[:, 0] <= last) & (years[:, 1] >= first), dtype=np.bool_)

    def _gather(
        self, starts: Ints, ends: Ints, sizes: Ints
    ) -> tuple[Ints, npt.NDArray[np.float64]]:
        # Each posting carries the rarity of its key; a name's total says how much it shares.
        rarity = np.log1p(self.name_count / sizes)
        hits = np.concatenate([self.postings[s:e] for s, e in zip(starts, ends, strict=True)])
        weights = np.repeat(rarity, sizes)
        if len(hits) * DENSE_GATHER_RATIO < self.name_count:
            names, inverse = np.unique(hits, return_inverse=True)
            return names.astype(np.int64), np.bincount(inverse, weights=weights).astype(np.float64)
        # Many postings: one pass over a total per name beats sorting the postings.
        totals = np.bincount(hits, weights=weights, minlength=self.name_count)
        names = np.flatnonzero(totals)
        return names.astype(np.int64), totals[names].astype(np.float64)

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
