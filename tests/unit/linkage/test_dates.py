"""Birth and event dates in every member's convention, and each source's order inferred."""

from __future__ import annotations

import pytest

from rcf.linkage.dates import DateOrder, PartialDate, infer_order, parse_date
from rcf.linkage.persons import prepare_persons, source_date_orders


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-14", PartialDate(1985, 3, 14)),
        ("14.03.1985", PartialDate(1985, 3, 14)),
        ("14/03/1985", PartialDate(1985, 3, 14)),
        ("03/14/1985", PartialDate(1985, 3, 14)),
        ("14 Mar 1985", PartialDate(1985, 3, 14)),
        ("March 14, 1985", PartialDate(1985, 3, 14)),
        ("1985-03", PartialDate(1985, 3)),
        ("1985", PartialDate(1985)),
        ("14/03/85", PartialDate(1985, 3, 14)),
    ],
)
def test_every_convention_reads_the_same_date(text: str, expected: PartialDate) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "31/31/1990", "1990-13-01", "30.02.1990", "soon"])
def test_what_is_not_a_date_is_none(text: str) -> None:
    assert parse_date(text) is None


def test_an_ambiguous_date_keeps_both_readings_until_the_source_proves_its_order() -> None:
    ambiguous = parse_date("03/04/1990")
    assert ambiguous is not None
    assert ambiguous.unordered
    assert set(ambiguous.readings()) == {(4, 3), (3, 4)}
    assert parse_date("03/04/1990", DateOrder.DAY_FIRST) == PartialDate(1990, 4, 3)
    assert parse_date("03/04/1990", DateOrder.MONTH_FIRST) == PartialDate(1990, 3, 4)


def test_a_first_part_above_twelve_proves_day_first() -> None:
    assert infer_order(["03/04/1990", "25/12/1980"]) is DateOrder.DAY_FIRST


def test_a_second_part_above_twelve_proves_month_first() -> None:
    assert infer_order(["03/04/1990", "12/25/1980"]) is DateOrder.MONTH_FIRST


def test_no_proof_or_contradicting_proof_leaves_the_order_unknown() -> None:
    assert infer_order(["03/04/1990", "1985-06-07", ""]) is DateOrder.UNKNOWN
    assert infer_order(["25/12/1980", "12/25/1980"]) is DateOrder.UNKNOWN


def test_a_clerks_slip_does_not_unsettle_the_order_the_rest_of_the_source_proves() -> None:
    written = ["12/25/1980", "11/30/1975", "01/17/1990", "08/22/1969", "10/13/1984"] * 2
    assert infer_order([*written, "25/12/1981"]) is DateOrder.MONTH_FIRST


def test_a_source_that_mixes_conventions_stays_unknown() -> None:
    assert infer_order(["25/12/1980", "30/11/1975", "12/25/1980", "11/30/1975"]) is (
        DateOrder.UNKNOWN
    )


def test_each_source_state_gets_its_own_order() -> None:
    rows = [
        {"record_id": "1", "source_state": "THA", "birth_date": "25/12/1980"},
        {"record_id": "2", "source_state": "THA", "birth_date": "03/04/1990"},
        {"record_id": "3", "source_state": "MYS", "birth_date": "12/25/1980"},
        {"record_id": "4", "source_state": "MYS", "birth_date": "03/04/1990"},
    ]
    assert source_date_orders(rows, "birth_date") == {
        "THA": DateOrder.DAY_FIRST,
        "MYS": DateOrder.MONTH_FIRST,
    }
    births = [person.birth for person in prepare_persons(rows)]
    assert births[1] == PartialDate(1990, 4, 3)  # Thai day-first
    assert births[3] == PartialDate(1990, 3, 4)  # Malaysian month-first
