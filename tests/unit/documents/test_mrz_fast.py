"""The fast path's shortcuts, one zone each: where a shortcut decides something the full
validation decides another way (a filler for a check digit, lines as given, the document code,
a date read once a day), the result is the full validation's, and the fast path is taken only
where it may be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from rcf.documents.mrz import parse_mrz, validate_thoroughly
from rcf.documents.mrz_fast import read_fast
from tests.unit.documents.builders import digit, td1, td3, visa

TODAY = date(2026, 11, 29)


def replace(lines: list[str], line: int, column: int, char: str) -> list[str]:
    changed = list(lines)
    changed[line] = lines[line][:column] + char + lines[line][column + 1 :]
    return changed


def test_a_filler_check_digit_passes_after_a_field_of_fillers_alone() -> None:
    # TD3 optional data unused: its check digit may be '<' (Doc 9303 Part 4, 4.2.2).
    lines = replace(td3(optional="", expiry="300101"), 1, 42, "<")

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is not None
    assert result.valid, result.errors
    assert result == validate_thoroughly(lines, TODAY)


def test_a_filler_check_digit_after_data_is_a_mismatch_even_when_the_digit_is_0() -> None:
    """A filler counts 0 in the sums: without its own rule, 'AA' (check digit 0) would pass."""
    lines = replace(td3(optional="AA", expiry="300101"), 1, 42, "<")

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is None
    assert result.checks["optional_data"] is False
    assert result == validate_thoroughly(lines, TODAY)


def test_a_document_number_of_fillers_with_a_filler_check_digit_is_read_alike() -> None:
    lines = visa(number="", expiry="300101")
    lines = replace(lines, 1, 9, "<")

    assert read_fast(lines, TODAY) is not None
    assert parse_mrz(lines, today=TODAY) == validate_thoroughly(lines, TODAY)


def test_a_td1_number_with_a_filler_check_digit_is_left_to_the_full_reading() -> None:
    lines = td1(number="D231458907", expiry="300101")  # 10 characters: a long number

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is None
    assert result.valid, result.errors
    assert result.fields is not None
    assert result.fields.document_number == "D231458907"


@pytest.mark.parametrize("code", ["IV", "AV", "CV"])
def test_a_card_code_ending_in_v_is_not_valid_on_either_path(code: str) -> None:
    lines = td1(code=code, expiry="300101")

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is None
    assert [error.code for error in result.errors] == ["unknown_document_type"]


def test_two_lines_given_as_one_are_one_line() -> None:
    """The fast path joins lines by newlines: a line with a newline inside must not pass."""
    first, second = td3(expiry="300101")

    result = parse_mrz([f"{first}\n{second}"], today=TODAY)

    assert not result.valid
    assert [error.code for error in result.errors] == ["wrong_line_count"]


@pytest.mark.parametrize(
    "given",
    [
        lambda a, b: [f"  {a} ", f"\t{b}\r"],
        lambda a, b: ["", a, "  ", b, ""],
        lambda a, b: f"\n{a}\r\n\n{b}\n",
    ],
    ids=["spaces around lines", "blank lines", "one text"],
)
def test_lines_as_typed_read_like_clean_lines(given: Callable[[str, str], list[str] | str]) -> None:
    lines = td3(expiry="300101")

    result = parse_mrz(given(*lines), today=TODAY)

    assert result == parse_mrz(lines, today=TODAY)
    assert result.valid


def test_a_date_read_on_one_day_is_read_again_on_another() -> None:
    """Dates are read once a day: an expiry date is not expired the day before it."""
    lines = td3(expiry="261130")

    before = parse_mrz(lines, today=date(2026, 11, 29))
    after = parse_mrz(lines, today=date(2026, 12, 1))

    assert before.warnings == ()
    assert [warning.code for warning in after.warnings] == ["expired"]
    assert after == validate_thoroughly(lines, date(2026, 12, 1))


def test_the_contract_of_a_fast_result_is_the_full_one() -> None:
    lines = td3()  # expired in 2012: one warning

    fast = parse_mrz(lines, today=TODAY).to_dict()

    assert fast == validate_thoroughly(lines, TODAY).to_dict()
    assert type(fast["format"]) is str
    assert fast["dates"] == {"birth_date": "1974-08-12", "expiry_date": "2012-04-15"}
    assert fast["warnings"] == [
        {
            "field": "expiry_date",
            "code": "expired",
            "message": "The document expired on 2012-04-15.",
        }
    ]


@pytest.mark.parametrize(("field", "column"), [("document_number", 9), ("optional_data", 42)])
def test_a_wrong_field_check_digit_fails_even_when_the_composite_passes(
    field: str, column: int
) -> None:
    """Each one-field check digit is summed over its own slice of the zone: with the composite
    made right again, only that check can catch the change."""
    lines = td3(optional="ZE184226B", expiry="300101")
    wrong = str((int(lines[1][column]) + 1) % 10)
    changed = replace(lines, 1, column, wrong)
    head = changed[1]
    changed = replace(changed, 1, 43, digit(head[:10] + head[13:20] + head[21:43]))

    result = parse_mrz(changed, today=TODAY)

    assert read_fast(changed, TODAY) is None
    assert result.checks[field] is False
    assert result.checks["composite"] is True
    assert result == validate_thoroughly(changed, TODAY)


@pytest.mark.parametrize(
    ("surname", "given", "part"),
    [("ABDULRAHMANOVICH" * 3, "", "surname"), ("SUPRAPTONO", "MUHAMMAD" * 5, "given_names")],
)
def test_a_name_that_fills_its_field_is_read_fast_with_its_warning(
    surname: str, given: str, part: str
) -> None:
    """Real passports of long names fill the field; they are valid, with a warning."""
    lines = td3(surname=surname, given=given)  # expired in 2012: a second warning

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is not None
    assert result.valid
    assert [(w.field, w.code) for w in result.warnings] == [
        (part, "name_truncated"),
        ("expiry_date", "expired"),
    ]
    assert result == validate_thoroughly(lines, TODAY)


@pytest.mark.parametrize("birth", ["7408<<", "74<<<<", "<<<<<<"])
def test_a_partly_unknown_date_of_birth_is_read_fast_with_its_warning(birth: str) -> None:
    lines = td3(birth=birth, expiry="300101")

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is not None
    assert result.valid
    assert result.birth_date is None
    assert [w.code for w in result.warnings] == ["date_unknown"]
    assert result == validate_thoroughly(lines, TODAY)


def test_an_unknown_date_of_birth_may_have_a_filler_for_its_check_digit_only_when_all_fillers() -> (
    None
):
    unknown = replace(td3(birth="<<<<<<", expiry="300101"), 1, 19, "<")
    partly = td3(birth="7408<<", expiry="300101")
    partly_filler = replace(partly, 1, 19, "<")

    assert read_fast(unknown, TODAY) is not None
    assert parse_mrz(unknown, today=TODAY) == validate_thoroughly(unknown, TODAY)
    assert parse_mrz(unknown, today=TODAY).valid
    assert read_fast(partly_filler, TODAY) is None
    assert not parse_mrz(partly_filler, today=TODAY).valid


def test_a_partly_unknown_date_of_birth_with_a_wrong_check_digit_is_left_to_the_full_reading() -> (
    None
):
    lines = td3(birth="7408<<", expiry="300101")
    wrong = str((int(lines[1][19]) + 1) % 10)
    lines = replace(lines, 1, 19, wrong)

    result = parse_mrz(lines, today=TODAY)

    assert read_fast(lines, TODAY) is None
    assert result.checks["birth_date"] is False
