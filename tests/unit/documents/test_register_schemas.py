"""Register input: numbers and states normalised once, types from our names or MRZ codes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rcf.documents.models import DocumentType
from rcf.documents.register_schemas import CheckIn, RecordIn, clean_number, document_type_of

BASE = {
    "national_reference": "R1",
    "document_number": "AA1234567",
    "issuing_state": "THA",
    "document_type": "passport",
    "status": "lost",
}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("aa-123 4567", "AA1234567"), ("L898902C3<", "L898902C3"), ("\uff21\uff21\uff11", "AA1")],
)
def test_numbers_are_stored_normalised(raw: str, stored: str) -> None:
    assert clean_number(raw) == stored


@pytest.mark.parametrize("raw", ["", "<<<", "AA12%", "A" * 41, "ÄÖ1"])
def test_numbers_outside_a_z_0_9_or_too_long_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match=r"document number|letters"):
        clean_number(raw)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("passport", DocumentType.PASSPORT),
        ("P", DocumentType.PASSPORT),
        ("ID", DocumentType.IDENTITY_CARD),
        ("V", DocumentType.VISA),
    ],
)
def test_types_from_names_or_mrz_codes(raw: str, kind: DocumentType) -> None:
    assert document_type_of(raw) is kind


def test_states_are_icao_codes() -> None:
    assert RecordIn.model_validate({**BASE, "issuing_state": "th"}).issuing_state == "THA"
    assert RecordIn.model_validate({**BASE, "issuing_state": "DEU"}).issuing_state == "D"
    with pytest.raises(ValidationError):
        RecordIn.model_validate({**BASE, "issuing_state": "ZZZ"})


def test_a_fraud_type_goes_with_fraudulent_only() -> None:
    RecordIn.model_validate({**BASE, "status": "fraudulent", "fraud_type": "counterfeit"})
    for bad in ({"status": "fraudulent"}, {"fraud_type": "forged"}):
        with pytest.raises(ValidationError, match="fraud type"):
            RecordIn.model_validate({**BASE, **bad})


def test_a_check_is_by_number_and_state_or_by_mrz_never_both() -> None:
    CheckIn.model_validate({"document_number": "X1", "issuing_state": "THA"})
    CheckIn.model_validate({"mrz": ["A", "B"]})
    for bad in ({}, {"document_number": "X1"}, {"mrz": ["A"], "issuing_state": "THA"}):
        with pytest.raises(ValidationError):
            CheckIn.model_validate(bad)
