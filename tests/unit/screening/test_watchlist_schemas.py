"""The watchlist schema normalises what members type: phones to E.164, nationalities to
alpha-2, document numbers as the register stores them, birth dates in the matcher's forms."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rcf.access.policy import Actor, HandlingCode, screening_disclosure
from rcf.screening.ftm import entity_input
from rcf.screening.importing import row_input, split_list
from rcf.screening.schemas import MatchIn, WatchlistPersonIn, e164, nationality_code
from tests.factories import watchlist_person_data

FULL_WIDTH_NUMBER = "\uff4d\uff42\uff11\uff12\uff13\uff14\uff15\uff16"  # mb123456


def test_phones_take_the_first_nationality_when_no_country_code() -> None:
    assert e164("+66 81 234 5678") == "+66812345678"
    assert e164("081 234 5678", "TH") == "+66812345678"
    with pytest.raises(ValueError, match="country code"):
        e164("081 234 5678")


def test_nationalities_accept_alpha3_and_refuse_unknown_codes() -> None:
    assert nationality_code("afg") == "AF"
    assert nationality_code(" mm ") == "MM"
    with pytest.raises(ValueError, match="ISO 3166-1 alpha-2"):
        nationality_code("XX")


def test_entries_are_normalised_once() -> None:
    data = WatchlistPersonIn.model_validate(
        watchlist_person_data(
            primary_name="  Aung   Ko Ko ",
            aliases=["Aung Ko Ko", "ကိုကို", "ကိုကို"],
            birth_dates=["1985..1987", "1986"],
            documents=[{"number": FULL_WIDTH_NUMBER, "issuing_state": "mm"}],
            roles=["guide", "organiser", "guide"],
        )
    )
    assert data.primary_name == "Aung Ko Ko"
    assert data.aliases == ["ကိုကို"]  # the primary name is not repeated as an alias
    assert data.documents[0].number == "MB123456"
    assert data.documents[0].issuing_state == "MMR"
    assert data.roles == ["guide", "organiser"]


@pytest.mark.parametrize("date", ["1979-02-30", "1850", "1990..1980", "79", "2999"])
def test_impossible_birth_dates_are_refused(date: str) -> None:
    with pytest.raises(ValidationError):
        WatchlistPersonIn.model_validate(watchlist_person_data(birth_dates=[date]))


def test_a_query_takes_blank_optional_fields_as_unknown() -> None:
    query = MatchIn.model_validate({"name": "Ko Ko", "birth_date": " ", "nationality": ""})
    assert query.birth_date is None
    assert query.nationality is None


def test_what_a_hit_discloses_follows_the_handling_code() -> None:
    actor = Actor.system(member_id=2)
    own = screening_disclosure(actor, 2, HandlingCode.H3)
    assert "entry" in own
    assert "names" in own
    assert {"names", "birth_dates", "explanation"} <= screening_disclosure(
        actor, 1, HandlingCode.H0
    )
    assert "birth_dates" not in screening_disclosure(actor, 1, HandlingCode.H1)
    assert screening_disclosure(actor, 1, HandlingCode.H2) == frozenset()
    assert screening_disclosure(actor, 1, HandlingCode.H3) == frozenset()


def test_file_cells_read_lists_documents_and_links() -> None:
    assert split_list('["a; b", "c"]') == ["a; b", "c"]
    assert split_list("a; b ;") == ["a", "b"]
    data = row_input(
        {
            "reference": "R1",
            "aliases": "X;Y",
            "documents": "P123 AFG; Q456",
            "links": "incident 12; case 7",
            "visibility": "regional",
        }
    )
    assert data["documents"] == [
        {"number": "P123", "issuing_state": "AFG"},
        {"number": "Q456", "issuing_state": ""},
    ]
    assert data["links"] == [
        {"record_type": "incident", "record_id": "12"},
        {"record_type": "trafficking_case", "record_id": "7"},
    ]
    assert data["sharing"] == {"visibility": "regional"}


def test_a_followthemoney_person_becomes_an_entry() -> None:
    entity = {
        "id": "ofac-1",
        "schema": "Person",
        "properties": {
            "name": ["Abdul Wahid", "Abdul Wahid Karimi"],
            "alias": ["A. Wahid"],
            "birthDate": ["1975-03", "1976-01-02"],
            "gender": ["female"],
            "idNumber": ["X1"],
        },
    }
    data = WatchlistPersonIn.model_validate(entity_input(entity))
    assert data.primary_name == "Abdul Wahid"
    assert data.aliases == ["Abdul Wahid Karimi", "A. Wahid"]
    assert data.birth_dates == ["1975", "1976-01-02"]
    assert data.gender == "F"
    assert data.documents[0].number == "X1"
