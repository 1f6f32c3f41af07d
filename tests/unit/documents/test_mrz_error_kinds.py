"""Every kind of problem the MRZ parser reports, one case each, with the validity it implies:
an error makes the MRZ invalid, a warning leaves it valid (issue 4 asks for every error kind)."""

from __future__ import annotations

from datetime import date

import pytest

from rcf.documents.mrz import parse_mrz
from tests.unit.documents.builders import td1, td3

TODAY = date(2026, 6, 1)
SPECIMEN = td3()


def changed(lines: list[str], line: int, column: int, char: str) -> list[str]:
    out = list(lines)
    out[line] = out[line][:column] + char + out[line][column + 1 :]
    return out


ERRORS = {  # code: (lines, field)
    "check_digit_mismatch": (changed(SPECIMEN, 1, 9, "7"), "document_number"),
    "impossible_date": (td3(birth="740230"), "birth_date"),
    "invalid_date": (td3(birth="74O812"), "birth_date"),
    "invalid_character": (changed(SPECIMEN, 0, 6, "r"), "surname"),
    "invalid_sex": (td3(sex="Q"), "sex"),
    "unknown_code": (td3(state="ZZZ"), "issuing_state"),
    "unknown_document_type": (td3(code="Q<"), "document_type"),
    "wrong_line_count": ([SPECIMEN[0]], "mrz"),
    "wrong_line_length": ([SPECIMEN[0], SPECIMEN[1] + "<"], "mrz"),
    "wrong_line_order": ([SPECIMEN[1], SPECIMEN[0]], "mrz"),
}
WARNINGS = {
    "expired": (td3(expiry="120415"), "expiry_date"),
    "date_unknown": (td3(birth="7408<<"), "birth_date"),
    "name_truncated": (td3(surname="A" * 20, given="B" * 30), "given_names"),
    "surname_empty": (td3(surname="", given="ANNA"), "surname"),
    "long_number_issuer_variant": (
        td1(number="D2314589012", issuer_variant=True, expiry="300101"),
        "document_number",
    ),
}


@pytest.mark.parametrize("code", list(ERRORS))
def test_each_error_kind_makes_the_mrz_invalid(code: str) -> None:
    lines, field = ERRORS[code]
    result = parse_mrz(lines, today=TODAY)

    assert not result.valid
    assert (field, code) in [(e.field, e.code) for e in result.errors], result.errors


@pytest.mark.parametrize("code", list(WARNINGS))
def test_each_warning_kind_leaves_the_mrz_valid(code: str) -> None:
    lines, field = WARNINGS[code]
    result = parse_mrz(lines, today=TODAY)

    assert result.valid, result.errors
    assert (field, code) in [(w.field, w.code) for w in result.warnings], result.warnings
