"""Property tests: generated valid MRZs round-trip; one changed character is caught; no input
makes the parser raise."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.documents.mrz import parse_mrz, validate_thoroughly
from rcf.documents.mrz_checks import check_digit
from rcf.documents.mrz_fast import read_fast
from tests.unit.documents.builders import td1, td2, td3, visa

TODAY = date(2026, 11, 29)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"

# Short enough that no name is truncated, even on a 30-character TD1 line.
words = st.text(LETTERS, min_size=1, max_size=6)
names = st.lists(words, min_size=1, max_size=2).map(" ".join)
numbers = st.text(ALNUM, min_size=1, max_size=9)
optionals = st.text(ALNUM, max_size=7)
states = st.sampled_from(["UTO", "D", "THA", "IDN", "AUS", "XXA", "GBN", "NZL", "MYS"])
sexes = st.sampled_from("MFX<")
births = st.dates(TODAY - timedelta(days=36500 - 1), TODAY)
expiries = st.dates(TODAY - timedelta(days=3650), TODAY + timedelta(days=3650))


def yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


@st.composite
def documents(draw: st.DrawFn) -> tuple[list[str], dict[str, str], date, date]:
    values = {
        "number": draw(numbers),
        "state": draw(states),
        "nationality": draw(states),
        "surname": draw(names),
        "given": draw(names),
        "sex": draw(sexes),
        "optional": draw(optionals),
    }
    birth, expiry = draw(births), draw(expiries)
    build = draw(st.sampled_from([td1, td2, td3, visa, partial(visa, width=36)]))
    lines = build(**values, birth=yymmdd(birth), expiry=yymmdd(expiry))  # type: ignore[operator]
    return lines, values, birth, expiry


@settings(max_examples=300, deadline=None)
@given(documents())
def test_generated_valid_mrzs_round_trip(
    document: tuple[list[str], dict[str, str], date, date],
) -> None:
    lines, values, birth, expiry = document

    result = parse_mrz(lines, today=TODAY)

    assert result.valid, (lines, result.errors)
    fields = result.fields
    assert fields is not None
    assert fields.document_number == values["number"]
    assert (fields.issuing_state, fields.nationality) == (values["state"], values["nationality"])
    assert (fields.surname, fields.given_names) == (values["surname"], values["given"])
    assert fields.sex == values["sex"]
    assert fields.optional_data == values["optional"]
    assert (result.birth_date, result.expiry_date) == (birth, expiry)


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_one_changed_digit_in_a_checked_field_is_caught(
    document: tuple[list[str], dict[str, str], date, date], data: st.DataObject
) -> None:
    """Changing one digit of the birth date changes its check digit: weights 7, 3 and 1 are
    prime to 10, so no single-digit change collides."""
    lines, *_ = document
    result = parse_mrz(lines, today=TODAY)
    line, start = (1, 0) if result.format == "TD1" else (1, 13)
    column = data.draw(st.integers(start, start + 5))
    old = lines[line][column]
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != old]))
    changed = list(lines)
    changed[line] = changed[line][:column] + new + changed[line][column + 1 :]

    assert parse_mrz(changed, today=TODAY).checks["birth_date"] is False


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_a_changed_document_number_character_is_caught_unless_it_collides(
    document: tuple[list[str], dict[str, str], date, date], data: st.DataObject
) -> None:
    """7-3-1 cannot see every substitution (A=10 and K=20 weigh like 0 under weight 1): the
    check fails exactly when the check digit of the changed data differs."""
    lines, *_ = document
    line, start = (0, 5) if parse_mrz(lines, today=TODAY).format == "TD1" else (1, 0)
    column = start + data.draw(st.integers(0, 8))
    new = data.draw(st.sampled_from([c for c in ALNUM if c != lines[line][column]]))
    changed = list(lines)
    changed[line] = changed[line][:column] + new + changed[line][column + 1 :]
    collides = check_digit(changed[line][start : start + 9]) == check_digit(
        lines[line][start : start + 9]
    )

    assert parse_mrz(changed, today=TODAY).checks["document_number"] is collides


MRZ_ALPHABET = st.sampled_from([*ALNUM, "<", "a", "#", " ", "\u0663", "\x00", "|", "Ω"])
lines_like = st.lists(st.text(MRZ_ALPHABET, max_size=50), max_size=4)


@settings(max_examples=500, deadline=None)
@given(st.one_of(lines_like, st.lists(st.text(max_size=100), max_size=5)))
def test_the_parser_never_raises(lines: list[str]) -> None:
    data = parse_mrz(lines, today=TODAY).to_dict()

    assert data["valid"] is (not data["errors"] and data["format"] is not None)


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_the_parser_never_raises_on_mutated_valid_mrzs(
    document: tuple[list[str], dict[str, str], date, date], data: st.DataObject
) -> None:
    """Near-valid input reaches every branch (dates, codes, suggestions), unlike random text."""
    lines = list(document[0])
    for _ in range(data.draw(st.integers(1, 4))):
        line = data.draw(st.integers(0, len(lines) - 1))
        column = data.draw(st.integers(0, len(lines[line]) - 1))
        char = data.draw(MRZ_ALPHABET)
        lines[line] = lines[line][:column] + char + lines[line][column + 1 :]

    result = parse_mrz(lines, today=TODAY)

    assert result.valid is (not result.errors and result.format is not None)


@settings(max_examples=400, deadline=None)
@given(documents(), st.integers(0, 200), st.sampled_from("0123456789ABCOQDIZSGB<x "))
def test_the_fast_path_agrees_with_the_full_validation(
    document: tuple[list[str], dict[str, str], date, date], where: int, char: str
) -> None:
    lines = document[0]
    # Unchanged, and with one character replaced anywhere (most then fail a check).
    line = where % len(lines)
    column = where % len(lines[line])
    changed = list(lines)
    changed[line] = lines[line][:column] + char + lines[line][column + 1 :]

    assert read_fast(lines, TODAY) is not None  # the path is taken
    for zone in (lines, changed):
        assert parse_mrz(zone, today=TODAY) == validate_thoroughly(zone, TODAY)


@settings(max_examples=300, deadline=None)
@given(st.text("AB<", min_size=1, max_size=39))
def test_fast_and_full_paths_read_any_name_alike(name: str) -> None:
    line1, line2 = td3(expiry="300101")
    lines = [line1[:5] + (name + "<" * 39)[:39], line2]

    assert parse_mrz(lines, today=TODAY) == validate_thoroughly(lines, TODAY)
