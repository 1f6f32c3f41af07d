"""Evidence beside the name: birth dates and nationalities move a name score up or down.

Each piece of evidence has a strength in (-1, 1). Agreement closes part of the gap between the
name score and 1, in proportion to the name score itself (a matching birth date cannot make two
different names the same person); disagreement removes that share of the score (two full birth
dates years apart make the same name another person). Missing evidence changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rcf.screening.persons import BirthDate

# Dates are entered by hand from documents of uneven quality: a year off by one or day and month
# swapped is common for the same person, years apart is not.
SAME_DAY = 0.7
DAY_MONTH_SWAPPED = 0.4
SAME_YEAR = 0.3
IN_RANGE = 0.15
YEAR_OFF_BY_ONE = 0.05
DATES_DIFFER = -0.3
SAME_NATIONALITY = 0.15
OTHER_NATIONALITY = -0.12


@dataclass(frozen=True, slots=True)
class Evidence:
    """A strength in (-1, 1) (negative: against a match) and the reason for it."""

    shift: float
    reason: str


NO_DATE = Evidence(0.0, "no birth date to compare")
NO_NATIONALITY = Evidence(0.0, "no nationality to compare")


def date_evidence(query: Iterable[BirthDate], candidate: Iterable[BirthDate]) -> Evidence:
    """The strongest agreement between any query birth date and any candidate birth date."""
    pairs = [(left, right) for left in query for right in candidate]
    if not pairs:
        return NO_DATE
    return max((_compare_dates(left, right) for left, right in pairs), key=lambda e: e.shift)


def _compare_dates(left: BirthDate, right: BirthDate) -> Evidence:
    pair = f"{left} / {right}"
    if left.is_full and right.is_full:
        return _compare_full_dates(left, right, pair)
    if _overlap(left, right, slack=0):
        exact_years = left.first_year == left.last_year == right.first_year == right.last_year
        if exact_years:
            return Evidence(SAME_YEAR, f"same birth year ({pair})")
        return Evidence(IN_RANGE, f"birth year within the range ({pair})")
    if _overlap(left, right, slack=1):
        return Evidence(YEAR_OFF_BY_ONE, f"birth year one apart ({pair})")
    return Evidence(DATES_DIFFER, f"birth dates differ ({pair})")


def _compare_full_dates(left: BirthDate, right: BirthDate, pair: str) -> Evidence:
    same_year = left.first_year == right.first_year
    if same_year and (left.month, left.day) == (right.month, right.day):
        return Evidence(SAME_DAY, f"same birth date ({pair})")
    if same_year and (left.month, left.day) == (right.day, right.month):
        return Evidence(DAY_MONTH_SWAPPED, f"same birth date, day and month swapped ({pair})")
    if same_year:
        return Evidence(SAME_YEAR, f"same birth year, other day ({pair})")
    if abs(left.first_year - right.first_year) == 1:
        return Evidence(YEAR_OFF_BY_ONE, f"birth year one apart ({pair})")
    return Evidence(DATES_DIFFER, f"birth dates differ ({pair})")


def _overlap(left: BirthDate, right: BirthDate, *, slack: int) -> bool:
    return left.first_year - slack <= right.last_year and right.first_year - slack <= left.last_year


def nationality_evidence(query: frozenset[str], candidate: frozenset[str]) -> Evidence:
    """Agreeing nationalities raise the score, disjoint ones lower it, a missing one is neutral."""
    if not query or not candidate:
        return NO_NATIONALITY
    shared = sorted(query & candidate)
    if shared:
        return Evidence(SAME_NATIONALITY, f"same nationality ({', '.join(shared)})")
    listed = f"{', '.join(sorted(query))} / {', '.join(sorted(candidate))}"
    return Evidence(OTHER_NATIONALITY, f"other nationality ({listed})")


def apply_evidence(score: float, evidence: Evidence) -> float:
    """The score after one piece of evidence, still in [0, 1]."""
    if evidence.shift >= 0:
        return score + (1 - score) * evidence.shift * score
    return score * (1 + evidence.shift)
