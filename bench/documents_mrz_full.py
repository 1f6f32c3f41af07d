"""CPU per zone of the MRZ full validation (``validate_thoroughly``), the path ``parse_mrz``
takes for the zones its fast path leaves: misreads, long TD1/TD2 numbers.

    PYTHONPATH=src:. .venv/bin/python bench/documents_mrz_full.py [--count 2000] [--repeat 5]

Prints the best of ``--repeat`` passes (``time.process_time``) per case, in µs a zone.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from documents import BUILDERS, TODAY, Zone, _misread, random_zone
from rcf.documents.mrz import validate_thoroughly
from rcf.documents.mrz_checks import check_digit


def long_number_td1(rng: random.Random) -> Zone:
    """A valid TD1 whose 12-character number overflows into the optional data."""
    line1, line2, name = random_zone(rng, "TD1")
    number = "".join(rng.choices("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", k=12))
    line1 = line1[:5] + number[:9] + "<" + number[9:] + str(check_digit(number)) + "<" * 11
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return [line1, line2[:29] + str(check_digit(composite)), name]


def cases(rng: random.Random, count: int) -> dict[str, list[Zone]]:
    return {
        "misread TD3": [_misread(rng, random_zone(rng, "TD3")) for _ in range(count)],
        "misread TD1": [_misread(rng, random_zone(rng, "TD1")) for _ in range(count)],
        "TD1 long number (valid)": [long_number_td1(rng) for _ in range(count)],
        "misread, any format": [
            _misread(rng, random_zone(rng, rng.choice(list(BUILDERS)))) for _ in range(count)
        ],
    }


def cpu_per_zone(zones: list[Zone], repeat: int, validate: Callable[..., object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for zone in zones:
            validate(zone, TODAY)
        best = min(best, time.process_time() - started)
    return best / len(zones) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=9303)
    args = parser.parse_args()
    random.seed(args.seed)
    for name, zones in cases(random.Random(args.seed), args.count).items():
        micros = cpu_per_zone(zones, args.repeat, validate_thoroughly)
        print(f"  {name:26} {micros:7.1f} µs a zone (CPU, best of {args.repeat})")


if __name__ == "__main__":
    main()
