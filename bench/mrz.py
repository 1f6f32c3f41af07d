"""Benchmark of MRZ parsing and validation (``rcf.documents.mrz.parse_mrz``).

What is measured: ``parse_mrz(lines).to_dict()`` over N generated valid MRZs (a third each TD3,
TD1 and TD2, random numbers, names, codes and dates, correct check digits), i.e. everything the
API and the CLI do per zone apart from JSON encoding.

Two baselines run in the same process over the same lines:

* ``baseline: regex`` is ``re.fullmatch("[A-Z0-9<]+")`` on each line: the cheapest test that still
  looks at every character;
* ``baseline: naive check digits`` splits each zone into the fields its check digits protect
  and computes every 7-3-1 check digit with a plain loop (no dates, codes, names or report).

The ratios say what full validation costs against each. Usage:
``PYTHONPATH=src python bench/mrz.py [--count N] [--seed S]``. Prints, never asserts; exits 0.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import time
from collections.abc import Callable
from datetime import date, timedelta

from rcf.documents.mrz import parse_mrz
from rcf.documents.mrz_checks import check_digit

LETTERS = string.ascii_uppercase
STATES = ["UTO", "THA", "IDN", "AUS", "MYS", "PHL", "VNM", "D", "XXA", "NZL", "LKA", "AFG"]
TODAY = date(2026, 11, 29)
Zone = list[str]


def pad(value: str, width: int) -> str:
    return (value + "<" * width)[:width]


def digit(data: str) -> str:
    return str(check_digit(data))


def random_zone(rng: random.Random) -> Zone:
    number = "".join(rng.choices(LETTERS + string.digits, k=rng.randint(6, 9)))
    state, nationality = rng.choice(STATES), rng.choice(STATES)
    surname = "".join(rng.choices(LETTERS, k=rng.randint(3, 10)))
    given = "".join(rng.choices(LETTERS, k=rng.randint(3, 8)))
    birth = (TODAY - timedelta(days=rng.randint(1, 36000))).strftime("%y%m%d")
    expiry = (TODAY + timedelta(days=rng.randint(-3000, 3600))).strftime("%y%m%d")
    sex = rng.choice("MFX<")
    build = rng.choice([_td3, _td1, _td2])
    return build(number, state, nationality, f"{surname}<<{given}", birth, sex, expiry)


def _td3(number: str, state: str, nat: str, name: str, birth: str, sex: str, exp: str) -> Zone:
    number, optional = pad(number, 9), pad("", 14)
    head = number + digit(number) + pad(nat, 3) + birth + digit(birth) + sex
    tail = exp + digit(exp) + optional + digit(optional)
    line2 = head + tail + digit(head[:10] + head[13:20] + tail)
    return ["P<" + pad(state, 3) + pad(name, 39), line2]


def _td2(number: str, state: str, nat: str, name: str, birth: str, sex: str, exp: str) -> Zone:
    number = pad(number, 9)
    head = number + digit(number) + pad(nat, 3) + birth + digit(birth) + sex
    tail = exp + digit(exp) + pad("", 7)
    line2 = head + tail + digit(head[:10] + head[13:20] + tail)
    return ["I<" + pad(state, 3) + pad(name, 31), line2]


def _td1(number: str, state: str, nat: str, name: str, birth: str, sex: str, exp: str) -> Zone:
    number = pad(number, 9)
    line1 = "I<" + pad(state, 3) + number + digit(number) + pad("", 15)
    line2 = birth + digit(birth) + sex + exp + digit(exp) + pad(nat, 3) + pad("", 11)
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    return [line1, line2 + digit(composite), pad(name, 30)]


# --- Baselines ----------------------------------------------------------------------------------

CHARSET = re.compile(r"[A-Z0-9<]+")
VALUES = {"<": 0} | {c: ord(c) - 55 for c in LETTERS} | {d: int(d) for d in string.digits}


def naive_digit(data: str) -> int:
    total = 0
    for index, char in enumerate(data):
        total += VALUES[char] * (7, 3, 1)[index % 3]
    return total % 10


def naive_checks(zone: Zone) -> bool:
    """Every check digit of the zone, computed with a plain loop."""
    if len(zone) == 3:
        one, two = zone[0], zone[1]
        pairs = [(one[5:14], one[14]), (two[0:6], two[6]), (two[8:14], two[14])]
        pairs.append((one[5:30] + two[0:7] + two[8:15] + two[18:29], two[29]))
    else:
        two = zone[1]
        end = len(two) - 1
        pairs = [(two[0:9], two[9]), (two[13:19], two[19]), (two[21:27], two[27])]
        pairs.append((two[0:10] + two[13:20] + two[21:end], two[end]))
    return all(str(naive_digit(data)) == check for data, check in pairs)


def regex_only(zone: Zone) -> bool:
    return all(CHARSET.fullmatch(line) is not None for line in zone)


def full_parse(zone: Zone) -> bool:
    return bool(parse_mrz(zone, today=TODAY).to_dict()["valid"])


def timed(name: str, work: Callable[[Zone], bool], zones: list[Zone]) -> float:
    start = time.perf_counter()
    valid = sum(work(zone) for zone in zones)
    elapsed = time.perf_counter() - start
    rate = len(zones) / elapsed
    print(f"{name:32} {rate:>12,.0f} MRZs/s  ({elapsed:.2f} s, {valid:,} valid)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=9303)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    zones = [random_zone(rng) for _ in range(options.count)]
    print(f"{options.count:,} generated valid MRZs (TD3, TD1, TD2)")
    regex = timed("baseline: regex", regex_only, zones)
    naive = timed("baseline: naive check digits", naive_checks, zones)
    full = timed("parse_mrz + to_dict", full_parse, zones)
    print(f"ratio regex / parse_mrz:        {regex / full:.1f}x")
    print(f"ratio naive checks / parse_mrz: {naive / full:.1f}x")


if __name__ == "__main__":
    main()
