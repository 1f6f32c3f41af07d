"""Benchmark of screening (``rcf.screening``): quality on labelled queries and queries/s.

Data (``screening_data``, ``screening_queries``): a synthetic watchlist of N persons (default
1,000,000, no two with exactly the same name) built from common name parts of the region's
naming traditions with their Latin spellings and original scripts (written for this benchmark;
no real person's data), one in four with an alias in another spelling or in the original
script. Queries: half are watchlist persons written as another member would (other spellings,
original script, typos, order swaps, ``SURNAME, Given``, honorifics, particles, initials,
dropped middle names, joined or split parts, partial or off-by-one dates), half are other
people (new combinations of the same common parts, a watchlist name with one part changed,
namesakes born years apart elsewhere).

Measured: precision, recall, best F1 and recall at precision >= 0.95 over (query, candidate)
pairs as the score threshold moves (a query's target counts once; every other candidate returned
above the threshold is a false positive), and queries/s of ``WatchlistIndex.screen`` in worker
processes. Baselines, on the same candidates from our index, in the same run:

* ``token_sort_ratio``: rapidfuzz ``fuzz.token_sort_ratio`` of the anyascii-transliterated,
  lower-cased names (best pair of names), the floor;
* ``nomenklatura logic-v2``: OpenSanctions' matcher (the one yente uses), run without
  Elasticsearch on the same candidates with names, birth dates and nationalities as
  FollowTheMoney ``Person`` entities. It pins versions of our own dependencies, so it lives in
  ``bench/.venv-baselines`` (``python -m venv bench/.venv-baselines &&
  bench/.venv-baselines/bin/pip install nomenklatura==4.17.4``) and runs in a subprocess
  (``bench/screening_nomenklatura.py``); skipped with a note when that venv is missing.

Usage: ``.venv/bin/python bench/screening.py [--watchlist 1000000] [--queries 4000]``.
The generated watchlist and queries are kept in /tmp for the next run (:func:`cached_data`).
Prints, never asserts; exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

from rcf.screening.index import WatchlistIndex
from rcf.screening.offline import screen_queries
from rcf.screening.persons import Person, make_person, prepare_name
from screening_data import (
    Identity,
    birth_dates,
    script_name,
    unique_identities,
    use_population,
)
from screening_queries import (
    Query,
    Taken,
    negative_changed,
    negative_namesake,
    negative_new,
    positive,
)

HERE = Path(__file__).resolve().parent
BASELINE_PYTHON = HERE / ".venv-baselines" / "bin" / "python"
Scored = list[list[tuple[str, float]]]  # per query: (candidate id, score)


def main() -> None:
    options = parse_arguments()
    use_population(options.population)
    started = time.perf_counter()
    persons, queries, traditions = cached_data(options)
    persons = prepared_again(persons)
    print("watchlist traditions: " + ", ".join(f"{name} {count:,}" for name, count in traditions))
    print(f"data: {len(persons):,} watchlist persons, {len(queries):,} queries "
          f"({sum(q.target is not None for q in queries):,} positive), "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    started = time.perf_counter()
    index = WatchlistIndex.build(persons)
    print(f"index: {index.name_count:,} names in {time.perf_counter() - started:.0f} s")
    query_persons = [as_person(query) for query in queries]
    ours, rate = run_ours(index, query_persons, options.workers)
    candidates = [[index.persons[i] for i in index.candidates(q)] for q in query_persons]
    floor, floor_rate = run_floor(query_persons, candidates)
    threshold = report("rcf.screening", ours, queries, rate)
    if options.errors:
        print_errors(index, queries, ours, threshold, options.errors)
    report("baseline: token_sort_ratio", floor, queries, floor_rate)
    nomenklatura = run_nomenklatura(query_persons, candidates, queries)
    if nomenklatura is not None:
        report("baseline: nomenklatura logic-v2", nomenklatura[0], queries, nomenklatura[1])
    print(f"ratio of queries/s, rcf.screening (with candidate generation, {options.workers} "
          f"processes) / token_sort_ratio on the same candidates (1 process): "
          f"{rate / floor_rate:.2f}")  # fmt: skip


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--watchlist", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--population", choices=("real", "legacy"), default="real")
    parser.add_argument("--errors", type=int, default=0, help="print N misses and N false hits")
    return parser.parse_args()


Data = tuple[list[Person], list[Query], list[tuple[str, int]]]


def cached_data(options: argparse.Namespace) -> Data:
    """The watchlist and queries, generated once per size and seed and kept in /tmp.

    Generating 1M persons takes many CPU minutes on a shared machine; the file is keyed by
    every option that changes the data, and by the generator's sources (a changed generator
    draws again).
    """
    modules = ("screening_data.py", "screening_queries.py", "screening_names.py",
               "screening_real.py")  # fmt: skip
    sources = (
        b"".join((HERE / name).read_bytes() for name in modules)
        + "".join(
            inspect.getsource(function)
            for function in (generate_data, watchlist_person, make_queries)
        ).encode()
    )
    key = hashlib.sha256(sources).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / (
        f"rcf-screening-{options.population}-{options.watchlist}-{options.queries}"
        f"-{options.seed}-{key}.pickle"
    )
    if path.exists():
        with path.open("rb") as cached:
            data: Data = pickle.load(cached)  # noqa: S301 (our own file, written below)
        return data
    data = generate_data(options)
    with path.open("wb") as written:
        pickle.dump(data, written, protocol=pickle.HIGHEST_PROTOCOL)
    return data


def prepared_again(persons: list[Person]) -> list[Person]:
    """The cached persons with their names prepared by the current code (the file keeps names
    as prepared when it was written: a change to name parsing would not reach them)."""
    return [
        replace(person, names=tuple(name for name in map(prepare_name, texts) if name.tokens))
        for person in persons
        for texts in ([name.text for name in person.names],)
    ]


def generate_data(options: argparse.Namespace) -> Data:
    rng = random.Random(options.seed)
    identities = unique_identities(rng, options.watchlist)
    persons = [watchlist_person(rng, f"W{i}", person) for i, person in enumerate(identities)]
    queries = make_queries(rng, identities, options.queries)
    traditions = Counter(person.tradition.name for person in identities).most_common()
    return persons, queries, traditions


def watchlist_person(rng: random.Random, person_id: str, person: Identity) -> Person:
    names = [" ".join(person.latin())]
    draw = rng.random()
    if draw < 0.15 and (script := script_name(person)):
        names.append(script)
    elif draw < 0.3:
        names.append(" ".join(person.latin(lambda part: rng.choice(part[0]))))
    nationality = [person.nationality] if person.nationality else []
    return make_person(person_id, names, birth_dates(person), nationality)


def make_queries(rng: random.Random, identities: list[Identity], count: int) -> list[Query]:
    counts: dict[tuple[str, ...], int] = {}
    for person in identities:
        counts[person.key] = counts.get(person.key, 0) + 1
    unique = [i for i, person in enumerate(identities) if counts[person.key] == 1]
    # A quarter of the positives from persons whose name has an original script, so that
    # script queries stay many however the watchlist is made up.
    scripted = [i for i in unique if script_name(identities[i]) is not None]
    targets = rng.sample(scripted, min(count // 8, len(scripted)))
    chosen = set(targets)
    rest = [i for i in unique if i not in chosen]
    targets += rng.sample(rest, min(count // 2 - len(targets), len(rest)))
    taken = Taken.of({key for person in identities for key in person.keys})
    queries = [positive(rng, f"P{i}", f"W{t}", identities[t], taken) for i, t in enumerate(targets)]
    while len(queries) < count:
        source = identities[rng.choice(unique)]
        draw, query_id = rng.random(), f"N{len(queries)}"
        if draw < 0.45:
            queries.append(negative_new(rng, query_id, taken))
        elif made := (negative_changed(rng, query_id, source, taken) if draw < 0.9
                      else negative_namesake(rng, query_id, source)):  # fmt: skip
            queries.append(made)
    return queries


def as_person(query: Query) -> Person:
    nationality = [query.nationality] if query.nationality else []
    return make_person(query.query_id, [query.name], [query.birth_date], nationality)


def run_ours(index: WatchlistIndex, queries: list[Person], workers: int) -> tuple[Scored, float]:
    started, cpu = time.perf_counter(), _cpu_seconds()
    results = dict(screen_queries(index, queries, limit=10, workers=workers))
    rate = len(queries) / (time.perf_counter() - started)
    # On a shared machine the wall clock measures the neighbours: CPU seconds (parent and
    # workers) give what the same work makes of ``workers`` cores of its own.
    per_core = len(queries) / (_cpu_seconds() - cpu)
    print(f"rcf.screening CPU time: {per_core:,.0f} queries per CPU second, "
          f"about {per_core * workers:,.0f} queries/s on {workers} dedicated cores")  # fmt: skip
    return [[(m.candidate_id, m.score) for m in results[q.id]] for q in queries], rate


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_floor(queries: list[Person], candidates: list[list[Person]]) -> tuple[Scored, float]:
    started = time.perf_counter()
    scored = [
        sorted(((c.id, floor_score(query, c)) for c in found), key=lambda pair: -pair[1])[:10]
        for query, found in zip(queries, candidates, strict=True)
    ]
    return scored, len(queries) / (time.perf_counter() - started)


def floor_score(query: Person, candidate: Person) -> float:
    return max(
        fuzz.token_sort_ratio(anyascii(q.text).lower(), anyascii(c.text).lower()) / 100
        for q in query.names
        for c in candidate.names
    )


def run_nomenklatura(
    queries: list[Person], candidates: list[list[Person]], labelled: list[Query]
) -> tuple[Scored, float] | None:
    if not BASELINE_PYTHON.exists():
        print("baseline: nomenklatura logic-v2 skipped (no bench/.venv-baselines, see docstring)")
        return None
    lines = [json.dumps({"query": entity(q, query.birth_date), "candidates":
                         [entity(c) for c in found]})
             for q, query, found in zip(queries, labelled, candidates, strict=True)]  # fmt: skip
    command = [str(BASELINE_PYTHON), str(HERE / "screening_nomenklatura.py")]
    # Our own script, run by the venv this benchmark documents: no untrusted input.
    done = subprocess.run(  # noqa: S603
        command, input="\n".join(lines), capture_output=True, text=True, check=True
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    seconds = rows.pop()["seconds"]
    scored = [sorted(map(tuple, row), key=lambda pair: -pair[1])[:10] for row in rows]
    return scored, len(queries) / seconds


def entity(person: Person, birth_date: str | None = None) -> dict[str, object]:
    dates = (
        [birth_date] if birth_date else [str(d) for d in person.birth_dates if ".." not in str(d)]
    )
    return {"id": person.id, "names": [n.text for n in person.names], "birthDates": dates,
            "nationalities": sorted(person.nationalities)}  # fmt: skip


def report(label: str, scored: Scored, queries: Sequence[Query], rate: float) -> float:
    positives = sum(q.target is not None for q in queries)
    pairs = sorted(
        ((score, cid == q.target) for q, found in zip(queries, scored, strict=True)
         for cid, score in found),
        key=lambda pair: -pair[0],
    )  # fmt: skip
    best_f1, best_at, recall_95, true_positives = 0.0, 1.0, 0.0, 0
    for rank, (score, correct) in enumerate(pairs, start=1):
        true_positives += correct
        precision, recall = true_positives / rank, true_positives / positives
        f1 = 2 * precision * recall / (precision + recall) if true_positives else 0.0
        if f1 > best_f1:
            best_f1, best_at = f1, score
        if precision >= 0.95:
            recall_95 = max(recall_95, recall)
    at_best = [(s, c) for s, c in pairs if s >= best_at]
    tp = sum(c for _, c in at_best)
    print(f"{label}: best F1 {best_f1:.4f} (threshold {best_at:.4f}: precision "
          f"{tp / max(1, len(at_best)):.4f}, recall {tp / positives:.4f}); recall at precision "
          f">= 0.95: {recall_95:.4f}; {rate:,.0f} queries/s")  # fmt: skip
    by_kind(scored, queries, best_at)
    return best_at


def by_kind(scored: Scored, queries: Sequence[Query], threshold: float) -> None:
    kinds: dict[str, list[int]] = {}
    for query, found in zip(queries, scored, strict=True):
        hit = any(cid == query.target and s >= threshold for cid, s in found)
        wrong = any(cid != query.target and s >= threshold for cid, s in found)
        tally = kinds.setdefault(query.kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += hit
        tally[2] += wrong
    print("    " + "; ".join(f"{kind}: {n} queries, target found {hit}, other hits {wrong}"
                             for kind, (n, hit, wrong) in sorted(kinds.items())))  # fmt: skip


def print_errors(
    index: WatchlistIndex,
    queries: Sequence[Query],
    scored: Scored,
    threshold: float,
    count: int,
) -> None:
    """The misses and false hits at the best-F1 threshold, with names, for error analysis."""
    by_id = {person.id: person for person in index.persons}
    misses, false_hits = [], []
    for query, found in zip(queries, scored, strict=True):
        hits = [(cid, s) for cid, s in found if s >= threshold]
        written = f"{query.kind} {query.name!r} {query.birth_date} {query.nationality} ->"
        if query.target and all(cid != query.target for cid, _ in hits):
            target = dict(found).get(query.target)
            misses.append(f"  MISS {written} {described(by_id[query.target])} score {target}")
        false_hits += [
            f"  FALSE {written} {described(by_id[cid])} score {score:.3f}"
            for cid, score in hits
            if cid != query.target
        ]
    print(f"errors at threshold {threshold:.4f}: {len(misses)} misses, {len(false_hits)} false")
    print("\n".join(misses[:count] + false_hits[:count]))


def described(person: Person) -> str:
    dates = [str(date) for date in person.birth_dates]
    return f"{[name.text for name in person.names]} {dates} {sorted(person.nationalities)}"


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
