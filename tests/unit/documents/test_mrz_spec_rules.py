"""Rules of ICAO Doc 9303 (8th edition, Parts 3-7) that real documents of many states rely on,
beyond the Utopia specimens: long numbers, Germany's one-letter code, unspecified sex, the
personal-number check digit, document codes. Lines written from the spec's field layouts."""

from __future__ import annotations

from datetime import date

import pytest

from rcf.documents.mrz import MrzResult, parse_mrz
from tests.unit.documents.builders import digit, td1, td2, td3, visa

TODAY = date(2026, 11, 29)


def parse(lines: list[str]) -> MrzResult:
    return parse_mrz(lines, today=TODAY)


def errors(result: MrzResult) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in result.errors]


def test_td1_ten_character_number_check_digit_follows_it_in_the_optional_data() -> None:
    # Part 5, 4.2.4: 9 characters, '<' at position 15, the 10th character then its check digit.
    result = parse(
        [
            "IDUTO123456789<07<<<<<<<<<<<<<",
            "8601012M3001019UTO<<<<<<<<<<<6",
            "SPECIMEN<<JANE<<<<<<<<<<<<<<<<",
        ]
    )

    assert result.valid, result.errors
    assert result.fields is not None
    assert (result.fields.document_number, result.fields.optional_data) == ("1234567890", "")


@pytest.mark.parametrize("build", [td1, td2])
@pytest.mark.parametrize("number", ["AB12345678", "AB123456789", "AB12345678901"])
def test_long_numbers_of_any_length_that_fits(build: object, number: str) -> None:
    optional = "" if build is td2 or len(number) > 11 else "X1"
    result = parse(build(number=number, optional=optional, expiry="300101"))  # type: ignore[operator]

    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.document_number == number
    assert result.fields.optional_data == optional


def test_germany_passport_uses_d_and_fillers() -> None:
    lines = [
        "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
        "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
    ]
    result = parse(lines)

    assert result.valid, result.errors
    assert result.fields is not None
    assert (result.fields.issuing_state, result.fields.nationality) == ("D", "D")
    assert result.checks["optional_data"] is True  # '<' on an empty personal number


def test_germany_identity_card_with_unspecified_sex() -> None:
    lines = [
        "IDD<<T220001293<<<<<<<<<<<<<<<",
        "6408125<2010315D<<<<<<<<<<<<<4",
        "MUSTERMANN<<ERIKA<<<<<<<<<<<<<",
    ]
    result = parse(lines)

    assert result.valid, result.errors
    assert result.fields is not None
    assert (result.fields.document_type, result.fields.sex) == ("ID", "<")


def test_personal_number_check_digit_may_be_zero_or_filler_only_when_empty() -> None:
    empty = td3(optional="", expiry="300101")
    assert empty[1][42] == "0"
    with_filler = [empty[0], empty[1][:42] + "<" + empty[1][43]]
    assert parse(empty).valid
    assert parse(with_filler).valid

    filled = td3(optional="ZE184226B", expiry="300101")
    filler_check = [filled[0], filled[1][:42] + "<" + filled[1][43]]
    assert ("optional_data", "check_digit_mismatch") in errors(parse(filler_check))


@pytest.mark.parametrize(("build", "code"), [(td1, "IV"), (td2, "AV"), (td1, "CV")])
def test_td1_td2_codes_never_end_in_v(build: object, code: str) -> None:
    result = parse(build(code=code, expiry="300101"))  # type: ignore[operator]

    assert ("document_type", "unknown_document_type") in errors(result)


@pytest.mark.parametrize(("build", "code"), [(td1, "AC"), (td1, "I<"), (td2, "ID"), (td3, "PD")])
def test_issuer_chosen_second_characters(build: object, code: str) -> None:
    assert parse(build(code=code, expiry="300101")).valid  # type: ignore[operator]


@pytest.mark.parametrize("width", [44, 36])
def test_visas_second_character_is_free_and_there_is_no_composite(width: int) -> None:
    result = parse(visa(width=width, code="VD", expiry="300101"))

    assert result.valid, result.errors
    assert (result.checks["composite"], result.checks["optional_data"]) == (None, None)


def test_names_split_at_double_filler_single_filler_is_a_space() -> None:
    result = parse(td3(surname="VAN DER BERG", given="JAN PIETER", expiry="300101"))

    assert result.fields is not None
    assert (result.fields.surname, result.fields.given_names) == ("VAN DER BERG", "JAN PIETER")


def test_lower_case_is_not_corrected_but_reported() -> None:
    # The MRZ character set is A-Z 0-9 < (Part 3, 4.3): lower case is never silently fixed.
    lines = [line.lower() for line in td3(expiry="300101")]

    result = parse(lines)

    assert not result.valid
    assert {code for _, code in errors(result)} >= {"invalid_character"}


def test_trailing_spaces_and_blank_lines_are_tolerated() -> None:
    lines = td3(expiry="300101")

    assert parse(["", lines[0] + "  ", " " + lines[1] + "\t", ""]).valid


@pytest.mark.parametrize("code", ["<P", "<<"])
def test_the_document_code_starts_in_its_first_position(code: str) -> None:
    result = parse(td3(code=code, expiry="300101"))

    assert ("document_type", "unknown_document_type") in errors(result)


# Doc 9303 Part 5, Appendix A: the TD1 specimen whose 12-character number overflows.
PART5_LONG_NUMBER = [
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
]


def test_part_5_long_number_specimen() -> None:
    result = parse(PART5_LONG_NUMBER)

    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.document_number == "D23145890734"
    assert result.fields.optional_data == ""
    assert result.checks["document_number"] is True
    assert [w.code for w in result.warnings] == ["expired"]


@pytest.mark.parametrize(
    ("lines", "order", "layout"),
    [
        (list(reversed(td3(expiry="300101"))), "2, 1", "TD3"),
        (list(reversed(visa(expiry="300101"))), "2, 1", "MRVA"),
        ([PART5_LONG_NUMBER[1], PART5_LONG_NUMBER[0], PART5_LONG_NUMBER[2]], "2, 1, 3", "TD1"),
        ([PART5_LONG_NUMBER[2], PART5_LONG_NUMBER[0], PART5_LONG_NUMBER[1]], "2, 3, 1", "TD1"),
    ],
)
def test_lines_out_of_order_are_reported_not_reordered(
    lines: list[str], order: str, layout: str
) -> None:
    result = parse(lines)

    assert not result.valid
    assert result.errors[0].code == "wrong_line_order"
    assert f"order {order} they make a valid {layout}" in result.errors[0].message
    assert result.fields is not None  # the fields are those of the lines as given
    assert result.fields.document_type == lines[0][:2].strip("<")


def test_no_order_hint_when_no_order_is_valid() -> None:
    lines = td3(expiry="300101")
    lines[1] = lines[1][:9] + "0" + lines[1][10:]  # a wrong number check digit

    result = parse(lines)

    assert "wrong_line_order" not in [code for _, code in errors(result)]
    assert ("document_number", "check_digit_mismatch") in errors(result)


@pytest.mark.parametrize("check", ["<", "0"])
def test_wholly_unknown_birth_date_is_fillers_with_a_zero_or_filler_check(check: str) -> None:
    # Part 3: an unknown date of birth is written as fillers; its check digit is then 0 (the
    # fillers count 0), and issuers also print a filler there.
    lines = td3(birth="<<<<<<", expiry="300101")
    line = lines[1][:19] + check + lines[1][20:43]
    lines[1] = line + digit(line[0:10] + line[13:20] + line[21:43])

    result = parse(lines)

    assert result.valid, result.errors
    assert result.birth_date is None
    assert [(w.field, w.code) for w in result.warnings] == [("birth_date", "date_unknown")]
