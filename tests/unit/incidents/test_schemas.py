"""Validation of incident reports: the rules and the words a border officer reads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rcf.errors import InvalidInput
from rcf.incidents.schemas import IncidentIn
from rcf.schemas import parse
from tests.factories import incident_data


def errors_of(**overrides: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse(IncidentIn, incident_data(**overrides))
    return caught.value.errors


def test_a_complete_report_is_valid() -> None:
    report = parse(IncidentIn, incident_data())
    assert report.persons_total == 30
    assert report.children_total == 4


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"country": "XYZ"}, "country", "not a country code"),
        ({"fee_currency": "ABC"}, "fee_currency", "not a currency code"),
        ({"transit_countries": ["LKA"]}, "__all__", "transit country cannot also be the origin"),
        ({"transit_countries": ["IND", "IND"]}, "__all__", "listed twice"),
        ({"destination_country": "LKA"}, "__all__", "same country"),
        ({"unaccompanied_children": 5}, "__all__", "more than the children counted"),
        ({"latitude": None}, "__all__", "both latitude and longitude"),
        ({"fee_currency": None}, "__all__", "currency"),
        ({"returned": 31}, "__all__", "More returned"),
        ({"prosecutions": 3}, "__all__", "More prosecutions"),
        ({"kind": "teleportation"}, "kind", "Choose one of the options"),
        ({"reference": ""}, "reference", "required"),
        ({"owner_member_id": 2}, "owner_member_id", "not accepted"),
    ],
)
def test_wrong_reports_are_refused_in_plain_words(
    overrides: dict[str, object], field: str, words: str
) -> None:
    errors = errors_of(**overrides)
    assert field in errors, errors
    assert words in errors[field]


def test_tomorrow_is_refused_as_the_future() -> None:
    # Computed when the test runs, not when it is collected: a run that crosses midnight made
    # a parametrized "tomorrow" today.
    errors = errors_of(occurred_on=str(date.today() + timedelta(days=1)))
    assert "future" in errors["occurred_on"]


def test_same_group_twice_is_refused() -> None:
    person = {"citizenship": "LKA", "sex": "M", "age_group": "adult", "count": 1}
    assert "appear twice" in errors_of(persons=[person, person])["__all__"]


def test_a_total_fee_needs_persons() -> None:
    errors = errors_of(persons=[], unaccompanied_children=0, arrests=0, fee_basis="total")
    assert "total fee needs the persons" in errors["__all__"]


def test_a_future_date_is_reported_beside_other_wrong_fields() -> None:
    errors = errors_of(country="XYZ", occurred_on=str(date.today() + timedelta(days=30)))
    assert "not a country code" in errors["country"]
    assert "future" in errors["occurred_on"]
