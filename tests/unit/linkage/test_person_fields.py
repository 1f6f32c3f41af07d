"""Field comparisons of person records: documents, dates and names as levels."""

from __future__ import annotations

import math

from rcf.linkage.dates import DateOrder
from rcf.linkage.person_fields import (
    PERSON_COMPARISONS,
    compare_persons,
    documents_conflict,
    prepare_person,
    records_conflict,
)
from rcf.linkage.scoring import MISSING


def person(document: str = "", birth: str = "", nationality: str = "AF", name: str = "Ali Khan",
           place: str = ""):  # type: ignore[no-untyped-def]  # fmt: skip
    row = {"record_id": "x", "source_state": "THA", "full_name": name, "birth_date": birth,
           "nationality": nationality, "document_number": document,
           "place_of_birth": place}  # fmt: skip
    return prepare_person(row, DateOrder.DAY_FIRST)


def test_confusables_and_one_edit_together_are_still_one_document() -> None:
    scanned, typed = person("B2O83O5O1"), person("B2083051")
    assert compare_persons(scanned, typed)[4] == 1
    assert not documents_conflict(scanned, typed)


def test_different_numbers_of_one_nationality_conflict_but_not_of_two() -> None:
    assert documents_conflict(person("P1234567"), person("X7654321"))
    assert not documents_conflict(person("P1234567"), person("X7654321", nationality="PK"))
    assert not documents_conflict(person("P1234567"), person(""))


def test_date_levels() -> None:
    def level(a: str, b: str) -> int:
        return compare_persons(person(birth=a), person(birth=b))[1]

    assert level("13/04/1990", "1990-04-13") == 0
    assert level("04/13/1990", "1990-04-13") == 0  # first part above 12: read month-first
    assert level("04/03/1990", "1990-04-03") == 1  # the source is day-first: a swap
    assert level("1990", "1990-04-13") == 2
    assert level("13/04/1991", "1990-04-13") == 3  # one digit: a slip
    assert level("13/04/1989", "1990-04-13") == 3  # the year one off, day and month kept
    assert level("1991", "1990-04-13") == 4  # a year estimated one off
    assert level("01/01/1960", "1990-04-13") == 5
    assert level("", "1990-04-13") == MISSING


def test_full_birth_dates_apart_by_more_than_a_slip_conflict() -> None:
    assert records_conflict(person(birth="13/04/1990"), person(birth="1992-07-01"))
    assert records_conflict(person(birth="13/04/1990"), person(birth="1991-05-13"))
    assert not records_conflict(person(birth="13/04/1990"), person(birth="1989-04-13"))
    assert not records_conflict(person(birth="13/04/1990"), person(birth="1991-04-13"))
    assert not records_conflict(person(birth="04/03/1990"), person(birth="1990-04-03"))
    # A year alone may be an estimate: it weighs in the score but never splits a cluster.
    assert not records_conflict(person(birth="1986"), person(birth="1990-04-13"))


def test_a_slip_on_each_of_two_records_of_a_long_number_is_still_one_document() -> None:
    transposed, dropped = person("B20380501"), person("B2083051")
    assert compare_persons(transposed, dropped)[4] == 1
    assert not documents_conflict(transposed, dropped)
    assert documents_conflict(person("B2083051"), person("B2183951X"))
    assert documents_conflict(person("A12345"), person("A21354"))  # short: one slip only


def test_a_renewed_passport_of_one_person_does_not_conflict() -> None:
    # Same name, full birth date and birthplace: a renewal, left to the score.
    first = person("P1234567", birth="13/04/1990", place="Herat")
    assert not documents_conflict(first, person("X7654321", birth="1990-04-13", place="HERAT"))
    # Another name, birth date or birthplace, or neither birthplace nor gender known: two
    # numbers of one state are two people.
    other = {"document": "X7654321", "birth": "1990-04-13", "place": "Herat"}
    assert documents_conflict(first, person(**{**other, "name": "Omar Khan"}))
    assert documents_conflict(first, person(**{**other, "birth": "1990-04-14"}))
    assert documents_conflict(first, person(**{**other, "place": "Kabul"}))
    assert documents_conflict(first, person(**{**other, "place": ""}))


def test_a_one_digit_slip_in_a_full_date_weighs_more_than_a_year_estimated_one_off() -> None:
    # Two random full dates come one digit apart far less often than two random years do.
    comparison = PERSON_COMPARISONS[1]
    one_digit, year_apart = (
        comparison.levels.index("slip"),
        comparison.levels.index("year apart"),
    )
    weight = [math.log2(m / u) for m, u in zip(comparison.m_prior, comparison.u_prior, strict=True)]
    assert weight[one_digit] > weight[year_apart] > 0
