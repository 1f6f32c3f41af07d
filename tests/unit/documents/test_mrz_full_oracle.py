"""The full validation gives exactly the results of the implementation it replaced (a frozen
copy in mrz_oracle.py): the same errors, warnings, suggestions and their order, checks and
fields, on valid zones and on zones mutated the ways real ones go wrong."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from rcf.documents.mrz import validate_thoroughly
from rcf.documents.mrz_checks import CONFUSABLE
from tests.unit.documents import mrz_oracle
from tests.unit.documents.builders import td1, td2
from tests.unit.documents.test_mrz_properties import ALNUM, TODAY, documents, names, states

Zone = list[str]
# Confusable characters most (the suggestions' input), then fillers, other letters, illegal ones.
CHARS = st.sampled_from([*CONFUSABLE, *CONFUSABLE, "<", "<", *ALNUM, "a", " ", "\u0663", "Ω"])


def _replace(lines: Zone, line: int, column: int, char: str) -> Zone:
    changed = list(lines)
    changed[line] = lines[line][:column] + char + lines[line][column + 1 :]
    return changed


@st.composite
def long_numbers(draw: st.DrawFn) -> Zone:
    """A TD1 or TD2 whose number overflows into the optional data, checked either way."""
    number = draw(st.text(ALNUM, min_size=10, max_size=14))
    values = {"number": number, "state": draw(states), "surname": draw(names)}
    if draw(st.booleans()):
        return td1(**values, issuer_variant=draw(st.booleans()), optional=draw(st.text(ALNUM)))
    return td2(**values, optional=draw(st.text(ALNUM, max_size=1)))


@st.composite
def mutated(draw: st.DrawFn, zones: st.SearchStrategy[Zone]) -> Zone:
    """Up to five characters changed (most to a confusable one), lines maybe reordered, a
    name maybe starting with a filler."""
    lines = draw(zones)
    for _ in range(draw(st.integers(0, 5))):
        line = draw(st.integers(0, len(lines) - 1))
        column = draw(st.integers(0, len(lines[line]) - 1))
        old = lines[line][column]
        misread = st.sampled_from(CONFUSABLE[old]) if old in CONFUSABLE else CHARS
        lines = _replace(lines, line, column, draw(st.one_of(misread, CHARS)))
    if draw(st.booleans()):
        lines = draw(st.permutations(lines))
    if draw(st.integers(0, 4)) == 0:
        name_line = len(lines) - 1 if len(lines) == 3 else 0
        lines = _replace(lines, name_line, 0 if len(lines) == 3 else 5, "<")
    return lines


def _assert_same(lines: Zone, today: date = TODAY) -> None:
    assert validate_thoroughly(lines, today) == mrz_oracle.validate_thoroughly(lines, today)


@settings(max_examples=1500, deadline=None)
@given(mutated(documents().map(lambda document: document[0])))
def test_the_full_validation_agrees_with_the_oracle(lines: Zone) -> None:
    _assert_same(lines)


@settings(max_examples=800, deadline=None)
@given(mutated(long_numbers()))
def test_long_numbers_agree_with_the_oracle(lines: Zone) -> None:
    _assert_same(lines)


@st.composite
def zone_shaped(draw: st.DrawFn) -> Zone:
    """Random characters in the shape of a layout, the first one a document code's."""
    count, width = draw(st.sampled_from([(3, 30), (2, 36), (2, 44)]))
    text = st.text(st.sampled_from([*ALNUM, "<", "<", "a"]), min_size=width, max_size=width)
    lines = [draw(text) for _ in range(count)]
    return [draw(st.sampled_from("ACIPV")) + lines[0][1:], *lines[1:]]


@settings(max_examples=300, deadline=None)
@given(zone_shaped())
def test_zone_shaped_text_agrees_with_the_oracle(lines: Zone) -> None:
    _assert_same(lines)
