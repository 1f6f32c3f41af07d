"""The pure scoring of two reports: which agreements count, and when a pair is probable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rcf.incidents.duplicates import EventFacts, persons_similar, score

BOAT = EventFacts(date(2024, 3, 1), "IDN", "Off Rote Island", "LKA", "AUS", 30, "KM Synthetic 7")


def codes(other: EventFacts) -> list[str]:
    return [r.code for r in score(BOAT, other).reasons]


def test_an_identical_report_agrees_on_everything() -> None:
    result = score(BOAT, BOAT)
    assert [r.code for r in result.reasons] == ["date", "route", "place", "persons", "vessel"]
    assert result.value == 115
    assert result.probable


@pytest.mark.parametrize(("days", "agrees"), [(0, True), (2, True), (-2, True), (3, False)])
def test_dates_agree_within_two_days(days: int, agrees: bool) -> None:
    moved = replace(BOAT, occurred_on=date.fromordinal(BOAT.occurred_on.toordinal() + days))
    assert ("date" in codes(moved)) is agrees


@pytest.mark.parametrize(
    ("a", "b", "similar"), [(30, 24, True), (30, 23, False), (100, 80, True), (0, 0, False)]
)
def test_persons_agree_within_twenty_percent(a: int, b: int, similar: bool) -> None:
    assert persons_similar(a, b) is similar


def test_place_and_vessel_ignore_case_and_spacing() -> None:
    other = replace(BOAT, location_name="off  rote island", transport_identifier="km synthetic 7")
    assert {"place", "vessel"} <= set(codes(other))


def test_an_unknown_route_never_agrees() -> None:
    unknown = replace(BOAT, origin_country=None, destination_country=None)
    assert "route" not in [r.code for r in score(unknown, unknown).reasons]


def test_same_days_and_route_without_similar_counts_or_vessel_is_not_probable() -> None:
    other = replace(BOAT, location_name="Elsewhere", persons_total=90, transport_identifier="")
    result = score(BOAT, other)
    assert [r.code for r in result.reasons] == ["date", "route"]
    assert not result.probable
