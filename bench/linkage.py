"""Linkage quality and speed: rcf.linkage next to Splink on the same labelled synthetic data.

Generates persons (bench/linkage_people.py) and boat events (bench/linkage_data.py): several
members' conventions, transliteration and typos, order swaps, missing fields, siblings and twins,
duplicates within and across members;
links them with ``rcf.linkage`` and with Splink (DuckDB backend, a standard configuration:
blocking rules, comparison-library defaults, u by random sampling, m by EM), and prints pairwise
precision, recall and F1 and records per second for both. Splink is given the fields already
normalised by our parsers (transliterated names, ISO dates, ISO country codes), so the
comparison is of the linkage models, not of the parsing; its time includes only its own work.

    PYTHONPATH=src:bench .venv/bin/python bench/linkage.py [--persons N] [--events N] [--seed S]
        [--errors]   # also the persons' missed pairs and false merges, counted by cause
        [--sparse R] # share of person records with a name and one other field (0.06)
        [--legacy]   # the population before the audit (hand-written name pools only, twins
                     # with one name): kept to compare with earlier figures
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable, Mapping, Sequence

from linkage_data import make_events
from linkage_errors import analyse
from linkage_metrics import PairwiseScores, pairwise_scores
from linkage_people import SPARSE, make_persons
from linkage_splink import splink_events, splink_persons
from rcf.linkage.events import link_events
from rcf.linkage.persons import link_persons

Rows = Sequence[Mapping[str, str]]


def timed(
    link: Callable[[Rows], dict[str, str]], rows: Rows
) -> tuple[dict[str, str], float, float]:
    """The clusters, the seconds they took and the CPU seconds of this process (steadier than
    wall times on a shared machine; Splink's DuckDB threads count too)."""
    start, cpu = time.perf_counter(), time.process_time()
    clusters = link(rows)
    return clusters, time.perf_counter() - start, time.process_time() - cpu


def line(name: str, scores: PairwiseScores, seconds: float, cpu: float, records: int) -> str:
    """One result line: pairwise precision, recall, F1 and throughput."""
    return (
        f"  {name:<22} precision {scores.precision:.4f}  recall {scores.recall:.4f}  "
        f"F1 {scores.f1:.4f}  {seconds:6.2f} s ({cpu:.2f} CPU s)  "
        f"{records / seconds:8.0f} records/s"
    )


def compare(
    title: str,
    rows: Rows,
    truth: Mapping[str, int],
    ours: Callable[[Rows], dict[str, str]],
    baseline: Callable[[Rows], dict[str, str]],
    target: float,
) -> None:
    """Run both linkers on ``rows`` and print their figures and ratios."""
    true_pairs = pairwise_scores(truth, truth).true_pairs
    print(f"{title}: {len(rows)} records, {true_pairs} true pairs")
    clusters, seconds, cpu = timed(ours, rows)
    mine = pairwise_scores(clusters, truth)
    print(line("rcf.linkage", mine, seconds, cpu, len(rows)))
    their_clusters, their_seconds, their_cpu = timed(baseline, rows)
    theirs = pairwise_scores(their_clusters, truth)
    print(line("baseline: Splink", theirs, their_seconds, their_cpu, len(rows)))
    verdict = "met" if mine.f1 >= target and mine.f1 >= theirs.f1 else "NOT met"
    print(
        f"  F1 ratio {mine.f1 / theirs.f1:.3f}x, speed ratio {their_seconds / seconds:.2f}x "
        f"(target F1 >= {target} and above Splink: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000, help="invented persons")
    parser.add_argument("--events", type=int, default=3000, help="invented boat events")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--errors", action="store_true", help="persons' errors by cause")
    parser.add_argument(
        "--sparse", type=float, default=SPARSE, help="share of records with a name and one field"
    )
    parser.add_argument(
        "--legacy",
        action="store_true",
        help="the population before the audit: hand-written name pools, twins with one name",
    )
    args = parser.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)
    rows, truth = make_persons(args.persons, args.seed, args.sparse, realistic=not args.legacy)
    compare("persons", rows, truth, link_persons, splink_persons, 0.97)
    if args.errors:
        analyse(rows, truth)
    rows, truth = make_events(args.events, args.seed + 1)
    compare("events", rows, truth, link_events, splink_events, 0.99)


if __name__ == "__main__":
    main()
