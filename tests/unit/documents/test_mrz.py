"""MRZ parsing and validation against the ICAO Doc 9303 specimens and every kind of error."""

from __future__ import annotations

from datetime import date

import pytest

from rcf.documents.mrz import MrzResult, parse_mrz
from rcf.documents.mrz_checks import check_digit
from tests.unit.documents.builders import td1, td2, td3

TODAY = date(2026, 11, 29)

# Doc 9303 (8th edition) specimens of the imaginary state Utopia. The same lines appear in the
# 7th edition; every check digit below is verified by hand in test_specimen_check_digits.
TD3 = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
]
TD1 = [
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
]
TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]
MRVA = [
    "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
]
MRVB = ["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<"]
SPECIMENS = {"TD3": TD3, "TD1": TD1, "TD2": TD2, "MRVA": MRVA, "MRVB": MRVB}


def parse(lines: list[str], today: date = TODAY) -> MrzResult:
    return parse_mrz(lines, today=today)


def codes(result: MrzResult) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in result.errors]


def warning_codes(result: MrzResult) -> list[str]:
    return [warning.code for warning in result.warnings]


def replace(lines: list[str], line: int, column: int, char: str) -> list[str]:
    changed = list(lines)
    changed[line] = changed[line][:column] + char + changed[line][column + 1 :]
    return changed


# --- The specimens ------------------------------------------------------------------------------


def test_specimen_check_digits() -> None:
    """By hand, weights 7-3-1, A=10...Z=35, < = 0:
    L898902C3: 21*7+8*3+9+8*7+9*3+0+2*7+12*3+3 = 316 -> 6
    740812: 49+12+0+56+3+2 = 122 -> 2;  120415: 7+6+0+28+3+5 = 49 -> 9
    ZE184226B: 245+42+1+56+12+2+14+18+11 = 401 -> 1;  D23145890: 91+6+3+7+12+5+56+27+0 = 207 -> 7
    L8988901C: 147+24+9+56+24+9+0+3+12 = 284 -> 4;  400907: 28+0+0+63+0+7 = 98 -> 8
    961210: 63+18+1+14+3+0 = 99 -> 9"""
    expected = {
        "L898902C3": 6,
        "740812": 2,
        "120415": 9,
        "ZE184226B<<<<<": 1,
        "D23145890": 7,
        "L8988901C": 4,
        "400907": 8,
        "961210": 9,
    }
    assert {data: check_digit(data) for data in expected} == expected


@pytest.mark.parametrize("name", SPECIMENS)
def test_each_specimen_is_valid_and_expired(name: str) -> None:
    result = parse(SPECIMENS[name])

    assert result.valid, result.errors
    assert result.format == name
    assert result.errors == ()
    assert warning_codes(result) == ["expired"]
    assert result.suggestions == ()


def test_td3_output_contract() -> None:
    assert parse(TD3).to_dict() == {
        "valid": True,
        "format": "TD3",
        "fields": {
            "document_type": "P",
            "issuing_state": "UTO",
            "surname": "ERIKSSON",
            "given_names": "ANNA MARIA",
            "document_number": "L898902C3",
            "nationality": "UTO",
            "birth_date": "740812",
            "sex": "F",
            "expiry_date": "120415",
            "optional_data": "ZE184226B",
            "optional_data_2": "",
        },
        "dates": {"birth_date": "1974-08-12", "expiry_date": "2012-04-15"},
        "checks": {
            "document_number": True,
            "birth_date": True,
            "expiry_date": True,
            "optional_data": True,
            "composite": True,
        },
        "errors": [],
        "warnings": [
            {
                "field": "expiry_date",
                "code": "expired",
                "message": "The document expired on 2012-04-15.",
            }
        ],
        "suggestions": [],
    }


def test_td1_fields_and_checks() -> None:
    data = parse(TD1).to_dict()

    assert data["fields"]["document_number"] == "D23145890"
    assert data["fields"]["optional_data"] == ""
    assert data["fields"]["optional_data_2"] == ""
    assert data["fields"]["surname"] == "ERIKSSON"
    assert data["checks"] == {
        "document_number": True,
        "birth_date": True,
        "expiry_date": True,
        "optional_data": None,
        "composite": True,
    }


@pytest.mark.parametrize("name", ["MRVA", "MRVB"])
def test_visas_have_no_composite_and_no_optional_check(name: str) -> None:
    data = parse(SPECIMENS[name]).to_dict()

    assert data["checks"]["composite"] is None
    assert data["checks"]["optional_data"] is None
    assert data["fields"]["document_type"] == "V"
    assert data["fields"]["nationality"] == "XXX"
    assert data["dates"] == {"birth_date": "1940-09-07", "expiry_date": "1996-12-10"}


def test_mrva_optional_data_keeps_what_follows_the_expiry_check() -> None:
    assert parse(MRVA).fields.optional_data == "6ZE184226B"  # type: ignore[union-attr]


def test_a_current_document_has_no_warning() -> None:
    result = parse(TD3, today=date(2010, 1, 1))

    assert result.valid
    assert result.warnings == ()


def test_lines_may_come_as_one_string_with_surrounding_whitespace() -> None:
    assert parse_mrz("  " + TD3[0] + "\r\n" + TD3[1] + "\n\n", today=TODAY).valid


# --- Check digits, one at a time ----------------------------------------------------------------

# (specimen, line, column of the check digit, checks key)
CHECK_POSITIONS = [
    ("TD3", 1, 9, "document_number"),
    ("TD3", 1, 19, "birth_date"),
    ("TD3", 1, 27, "expiry_date"),
    ("TD3", 1, 42, "optional_data"),
    ("TD3", 1, 43, "composite"),
    ("TD1", 0, 14, "document_number"),
    ("TD1", 1, 6, "birth_date"),
    ("TD1", 1, 14, "expiry_date"),
    ("TD1", 1, 29, "composite"),
    ("TD2", 1, 9, "document_number"),
    ("TD2", 1, 19, "birth_date"),
    ("TD2", 1, 27, "expiry_date"),
    ("TD2", 1, 35, "composite"),
    ("MRVA", 1, 9, "document_number"),
    ("MRVA", 1, 19, "birth_date"),
    ("MRVA", 1, 27, "expiry_date"),
    ("MRVB", 1, 9, "document_number"),
    ("MRVB", 1, 19, "birth_date"),
    ("MRVB", 1, 27, "expiry_date"),
]


@pytest.mark.parametrize(("name", "line", "column", "check"), CHECK_POSITIONS)
def test_each_wrong_check_digit_is_named(name: str, line: int, column: int, check: str) -> None:
    lines = SPECIMENS[name]
    wrong = str((int(lines[line][column]) + 3) % 10)

    result = parse(replace(lines, line, column, wrong))

    assert not result.valid
    assert result.checks[check] is False
    # A check digit is itself covered by the composite, so the composite fails with it.
    with_composite = check != "composite" and result.checks["composite"] is not None
    failing = [check, "composite"] if with_composite else [check]
    assert codes(result) == [(name, "check_digit_mismatch") for name in failing]
    assert [key for key, ok in result.checks.items() if ok is False] == failing


def test_a_letter_where_a_check_digit_belongs_fails_the_check() -> None:
    result = parse(replace(TD3, 1, 19, "A"))

    assert result.checks["birth_date"] is False
    assert "not a digit" in result.errors[0].message


def test_a_changed_data_character_fails_its_check_and_the_composite() -> None:
    result = parse(replace(TD3, 1, 1, "7"))  # L898... -> L798...

    assert result.checks["document_number"] is False
    assert result.checks["composite"] is False
    assert codes(result) == [
        ("document_number", "check_digit_mismatch"),
        ("composite", "check_digit_mismatch"),
    ]


def test_several_problems_are_all_reported() -> None:
    lines = replace(TD3, 1, 19, "0")  # birth date check
    lines = replace(lines, 1, 20, "Q")  # sex
    lines = replace(lines, 0, 2, "Z")  # issuing state ZTO
    lines = replace(lines, 1, 17, "3")  # birth day 32 (and its check fails)
    lines[1] = lines[1][:10] + "ZZZ" + lines[1][13:]  # nationality

    result = parse(lines)

    assert set(codes(result)) >= {
        ("issuing_state", "unknown_code"),
        ("nationality", "unknown_code"),
        ("sex", "invalid_sex"),
        ("birth_date", "impossible_date"),
        ("birth_date", "check_digit_mismatch"),
        ("composite", "check_digit_mismatch"),
    }
    assert not result.valid


# --- Dates --------------------------------------------------------------------------------------


def test_an_impossible_date_with_a_passing_check_digit_is_invalid() -> None:
    result = parse(td3(birth="740230"))  # 30 February

    assert result.checks["birth_date"] is True
    assert codes(result) == [("birth_date", "impossible_date")]
    assert result.birth_date is None
    assert not result.valid


def test_february_29_only_in_leap_years() -> None:
    assert parse(td3(birth="960229")).valid
    assert codes(parse(td3(birth="970229"))) == [("birth_date", "impossible_date")]


def test_a_date_with_letters_is_not_a_date() -> None:
    result = parse(td3(expiry="12O415"))

    assert ("expiry_date", "invalid_date") in codes(result)


def test_an_unknown_birth_day_is_a_warning() -> None:
    result = parse(td3(birth="7408<<"))

    assert result.valid
    assert "date_unknown" in warning_codes(result)
    assert result.birth_date is None


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("261129", date(2026, 11, 29)),  # today: born today, not 100 years ago
        ("261130", date(1926, 11, 30)),  # tomorrow's date can only be a century ago
        ("000101", date(2000, 1, 1)),
        ("991231", date(1999, 12, 31)),
    ],
)
def test_birth_century_is_within_the_last_100_years(birth: str, expected: date) -> None:
    assert parse(td3(birth=birth)).birth_date == expected


@pytest.mark.parametrize(
    ("expiry", "expected"),
    [
        ("461129", date(2046, 11, 29)),  # exactly 20 years ahead
        ("461130", date(1946, 11, 30)),  # a day further is 80 years past
        ("270101", date(2027, 1, 1)),
        ("120415", date(2012, 4, 15)),
    ],
)
def test_expiry_century_is_at_most_20_years_ahead(expiry: str, expected: date) -> None:
    assert parse(td3(expiry=expiry)).expiry_date == expected


def test_expiry_today_is_not_expired() -> None:
    assert "expired" not in warning_codes(parse(td3(expiry="261129")))
    assert "expired" in warning_codes(parse(td3(expiry="261128")))


# --- Long document numbers ----------------------------------------------------------------------


def test_long_document_number_in_td1() -> None:
    """Doc 9303 Part 5's example: D23145890734 overflows into the optional data."""
    lines = td1(number="D23145890734", optional="AB12")
    assert lines[0] == "I<UTOD23145890<7349<AB12<<<<<<"

    result = parse(lines)

    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.document_number == "D23145890734"
    assert result.fields.optional_data == "AB12"
    assert result.checks["document_number"] is True
    assert result.warnings == tuple(w for w in result.warnings if w.code == "expired")


def test_long_document_number_in_td2() -> None:
    result = parse(td2(number="D23145890734"))

    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.document_number == "D23145890734"
    assert result.fields.optional_data == ""


def test_issuer_variant_of_the_long_number_check_is_accepted_with_a_warning() -> None:
    number = "D2314589012"  # checked with and without the filler, the digits differ
    assert check_digit(number) != check_digit(number[:9] + "<" + number[9:])

    result = parse(td1(number=number, issuer_variant=True))

    assert result.valid, result.errors
    assert result.checks["document_number"] is True
    assert "long_number_issuer_variant" in warning_codes(result)
    assert result.fields is not None
    assert result.fields.document_number == number


def test_a_filler_check_digit_without_a_long_number_fails() -> None:
    result = parse(replace(TD1, 0, 14, "<"))

    assert result.checks["document_number"] is False


# --- Codes, characters, sex, document type ------------------------------------------------------


def test_unknown_country_code() -> None:
    result = parse(td3(state="ABC", nationality="XYZ"))

    assert codes(result) == [("issuing_state", "unknown_code"), ("nationality", "unknown_code")]


@pytest.mark.parametrize("code", ["D", "XXA", "XXB", "XXC", "XXX", "EUE", "UNO", "RKS", "GBN"])
def test_icao_special_codes_are_known(code: str) -> None:
    result = parse(td3(state=code, nationality=code))

    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.issuing_state == code


def test_illegal_characters_are_reported_with_their_position_and_field() -> None:
    lines = replace(TD3, 0, 7, "e")  # ERIKSSON -> ERiKSSON, lower case
    lines = replace(lines, 1, 30, "#")  # inside the optional data

    result = parse(lines)

    errors = [(e.field, e.code) for e in result.errors if e.code == "invalid_character"]
    assert errors == [("surname", "invalid_character"), ("optional_data", "invalid_character")]
    assert "line 1, position 8" in result.errors[0].message
    assert result.checks["optional_data"] is False
    assert not result.valid


def test_digits_in_a_name_are_illegal() -> None:
    result = parse(td3(given="ANNA MAR1A"))

    assert codes(result) == [("given_names", "invalid_character")]


def test_sex_may_be_m_f_x_or_unspecified() -> None:
    for sex in "MFX<":
        assert parse(td3(sex=sex)).valid
    assert codes(parse(td3(sex="Q"))) == [("sex", "invalid_sex")]


def test_wrong_document_type_for_the_format() -> None:
    assert codes(parse(td3(code="I<"))) == [("document_type", "unknown_document_type")]
    assert parse(td1(code="ID")).fields.document_type == "ID"  # type: ignore[union-attr]


# --- Shape --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([TD3[0]], "wrong_line_count"),
        ([*TD1, TD1[0]], "wrong_line_count"),
        ([], "wrong_line_count"),
        ([TD3[0], TD3[1][:-1]], "wrong_line_length"),
        ([TD3[0][:30], TD3[1][:30]], "wrong_line_length"),
        ([TD1[0], TD1[1], TD3[0]], "wrong_line_length"),
    ],
)
def test_wrong_shapes_have_no_format_and_one_clear_error(lines: list[str], code: str) -> None:
    result = parse(lines)
    data = result.to_dict()

    assert data["format"] is None
    assert data["valid"] is False
    assert [(e["field"], e["code"]) for e in data["errors"]] == [("mrz", code)]
    assert "TD1" in data["errors"][0]["message"]
    assert set(data["fields"].values()) == {None}
    assert set(data["checks"].values()) == {None}


# --- Names and fillers --------------------------------------------------------------------------


def test_a_truncated_name_is_a_warning() -> None:
    result = parse(td3(surname="WOLFESCHLEGELSTEINHAUSEN", given="HUBERT BLAINE WOLFE"))

    assert result.valid
    assert result.fields is not None
    assert result.fields.surname == "WOLFESCHLEGELSTEINHAUSEN"
    assert result.fields.given_names == "HUBERT BLAINE"  # the field ends at WOLFE's first letter
    assert "name_truncated" in warning_codes(result)


def test_surname_only() -> None:
    result = parse(td3(surname="ERIKSSON", given=""))

    assert result.fields is not None
    assert (result.fields.surname, result.fields.given_names) == ("ERIKSSON", "")


def test_filler_only_fields_are_empty_strings() -> None:
    result = parse(td3(optional=""))

    assert result.valid
    assert result.fields is not None
    assert result.fields.optional_data == ""
    assert result.checks["optional_data"] is True


def test_a_filler_check_digit_is_accepted_for_an_empty_optional_field() -> None:
    lines = td3(optional="")
    assert lines[1][42] == "0"

    assert parse(replace(lines, 1, 42, "<")).checks["optional_data"] is True


def test_document_number_keeps_internal_fillers() -> None:
    result = parse(td3(number="AB<12345"))

    assert result.fields is not None
    assert result.fields.document_number == "AB<12345"


# --- OCR suggestions ----------------------------------------------------------------------------


def test_o_for_zero_in_the_document_number_is_suggested_not_applied() -> None:
    result = parse(replace(TD3, 1, 5, "O"))  # L898902C3 -> L8989O2C3

    assert not result.valid
    assert result.fields is not None
    assert result.fields.document_number == "L8989O2C3"  # not corrected silently
    (suggestion,) = result.suggestions
    assert (suggestion.field, suggestion.line, suggestion.position) == ("document_number", 2, 6)
    assert (suggestion.found, suggestion.suggested) == ("O", "0")
    assert suggestion.value == "L898902C3"
    assert suggestion.composite_passes is True


def test_a_misread_check_digit_is_suggested() -> None:
    result = parse(replace(TD3, 1, 19, "Z"))  # birth date check 2 read as Z

    assert [(s.field, s.found, s.suggested) for s in result.suggestions] == [
        ("birth_date", "Z", "2")
    ]


def test_no_suggestion_when_two_substitutions_are_needed() -> None:
    lines = replace(replace(TD3, 1, 5, "O"), 1, 1, "B")  # two misreads: 0 -> O and 8 -> B

    result = parse(lines)

    assert result.checks["document_number"] is False
    assert result.suggestions == ()


def test_a_misread_in_td1_optional_data_is_found_through_the_composite() -> None:
    lines = td1(optional_2="AB1234")
    misread = replace(lines, 1, 20, "I")  # the 1 of AB1234, covered only by the composite

    result = parse(misread)

    assert codes(result) == [("composite", "check_digit_mismatch")]
    found = [(s.field, s.found, s.suggested, s.value) for s in result.suggestions]
    assert ("optional_data_2", "I", "1", "AB1234") in found
