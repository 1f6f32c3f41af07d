"""A person record made comparable, and the comparison of two records field by field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from rcf.linkage.countries import parse_country
from rcf.linkage.dates import DateOrder, PartialDate, parse_date
from rcf.linkage.names import name_similarity, person_tokens
from rcf.linkage.places import place_key
from rcf.linkage.scoring import MISSING, Comparison, Vector

# Characters that scanners and typists confuse in document numbers, folded to one form.
_CONFUSABLES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2",
                              "S": "5", "B": "8", "G": "6"})  # fmt: skip
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
# Numbers at least this long tolerate two edits (a slip on each of two records).
LONG_DOCUMENT = 7
_GENDERS = {"M": "M", "MALE": "M", "F": "F", "FEMALE": "F", "X": "X", "OTHER": "X"}

# m priors: the share of each level among pairs of records of one person, from the noise seen in
# members' records (a typo or a transliteration variant in most names, a missing middle name,
# day and month swapped now and then, a passport renewed or mistyped).
PERSON_COMPARISONS = (
    Comparison("name", ("exact", "close", "similar", "weak", "different"),
               (0.45, 0.30, 0.15, 0.06, 0.04), (0.0005, 0.001, 0.003, 0.02, 0.9755)),
    Comparison("birth_date",
               ("exact", "day-month swap", "partial agrees", "slip", "year apart",
                "different"),
               (0.81, 0.03, 0.09, 0.03, 0.02, 0.02),
               (0.0002, 0.0002, 0.004, 0.0015, 0.007, 0.9871)),
    Comparison("nationality", ("same", "different"), (0.95, 0.05), (0.15, 0.85)),
    Comparison("gender", ("same", "different"), (0.97, 0.03), (0.5, 0.5)),
    Comparison("document", ("exact", "one or two slips", "different"), (0.80, 0.12, 0.08),
               (0.0001, 0.0002, 0.9997)),
    Comparison("place_of_birth", ("same", "similar", "different"), (0.80, 0.10, 0.10),
               (0.03, 0.007, 0.963)),
)  # fmt: skip


# A slip between two full dates (one digit: 1971 for 1972, 09 for 19; or the year one off with
# day and month kept, an age turned into a year) is a level of its own, apart from a year-only
# date one off: two random full dates come that close twenty times less often than two random
# years do, so the slip weighs more (u of each is measured on the file).
DATE_SLIP, DATE_YEAR_APART, DATE_DIFFERENT = 3, 4, 5


@dataclass(frozen=True, slots=True)
class Person:
    """One record, normalised: name tokens, birth date, codes, document and place keys."""

    record_id: str
    source_state: str
    tokens: tuple[str, ...]
    birth: PartialDate | None
    nationality: str | None
    gender: str | None
    document: str
    place: str


def prepare_person(row: Mapping[str, str], order: DateOrder) -> Person:
    """Normalise one input row; ``order`` is its source's inferred date order."""
    return Person(
        record_id=row["record_id"],
        source_state=row.get("source_state", "").strip().upper(),
        tokens=person_tokens(
            row.get("full_name", ""), row.get("given_name", ""), row.get("family_name", "")
        ),
        birth=parse_date(row.get("birth_date", ""), order),
        nationality=parse_country(row.get("nationality", "")),
        gender=_GENDERS.get(row.get("gender", "").strip().upper()),
        document=normalise_document(row.get("document_number", "")),
        place=place_key(row.get("place_of_birth", "")),
    )


def normalise_document(text: str) -> str:
    """Upper-case letters and digits only (spaces, dashes and fillers dropped)."""
    return _NOT_ALNUM.sub("", text.upper())


def folded_document(document: str) -> str:
    """The number with scanners' and typists' confusables folded to one form (for blocking)."""
    return document.translate(_CONFUSABLES)


def documents_conflict(a: Person, b: Person) -> bool:
    """Two different numbers of one issuing state: not the same person's record, unless
    everything else says it is (``renewed``)."""
    if not a.document or not b.document or a.nationality != b.nationality:
        return False
    return _document_level(a.document, b.document) == 2 and not renewed(a, b)


def renewed(a: Person, b: Person) -> bool:
    """A passport renewed between two records: the same name and full birth date, birthplace
    or gender agreeing and neither disagreeing. A namesake born the same day is far rarer
    than a renewal (a passport lasts five to ten years), so the pair is left to the score,
    where the different numbers still weigh against it."""
    if a.birth is None or b.birth is None or not a.birth.readings() or not b.birth.readings():
        return False
    place, gender = _place_level(a.place, b.place), _equal_level(a.gender, b.gender)
    return (
        _full_date_level(a.birth, b.birth) == 0
        and _name_level(a.tokens, b.tokens) <= 1
        and place in (0, 1, MISSING)
        and gender in (0, MISSING)
        and (place, gender) != (MISSING, MISSING)
    )


def records_conflict(a: Person, b: Person) -> bool:
    """Records that no chain through third records may join in one cluster: two different
    passports of one state, or two full birth dates that differ in more than a slip (the
    clustering lets a pair through whose own score links it, ``persons.conflict``)."""
    return documents_conflict(a, b) or birth_dates_conflict(a, b)


def birth_dates_conflict(a: Person, b: Person) -> bool:
    """Two complete birth dates neither equal, swapped nor a slip apart (year-only dates
    and estimates never conflict: an age guessed at a border may be years off)."""
    if a.birth is None or b.birth is None or not a.birth.readings() or not b.birth.readings():
        return False
    return _full_date_level(a.birth, b.birth) == DATE_DIFFERENT


def compare_persons(a: Person, b: Person) -> Vector:
    """The comparison level of every field (``MISSING`` when either side lacks it)."""
    return (
        _name_level(a.tokens, b.tokens),
        _date_level(a.birth, b.birth),
        _equal_level(a.nationality, b.nationality),
        _equal_level(a.gender, b.gender),
        _document_level(a.document, b.document) if a.document and b.document else MISSING,
        _place_level(a.place, b.place),
    )


def _name_level(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    if not a or not b:
        return MISSING
    if a == b:  # namesakes, most of the candidates: no similarity to compute
        return 0
    if b < a:  # one cached similarity for both orders of a pair
        a, b = b, a
    similarity = name_similarity(a, b)
    for level, floor in enumerate((1.0, 0.92, 0.85, 0.75)):
        if similarity >= floor:
            return level
    return 4


def _date_level(a: PartialDate | None, b: PartialDate | None) -> int:
    if a is None or b is None:
        return MISSING
    if a.readings() and b.readings():
        return _full_date_level(a, b)
    if a.year != b.year:
        near = abs(a.year - b.year) == 1 and (a.month is None or b.month is None)
        return DATE_YEAR_APART if near else DATE_DIFFERENT
    if a.month is not None and b.month is not None and not a.unordered and not b.unordered:
        return 2 if a.month == b.month else DATE_DIFFERENT
    return 2


def _full_date_level(a: PartialDate, b: PartialDate) -> int:
    ours, swapped, digits_a = _date_facts(a)
    theirs, _, digits_b = _date_facts(b)
    if a.year == b.year and ours & theirs:
        return 0
    if a.year == b.year and swapped & theirs:
        return 1
    one_digit = sum(x != y for x, y in zip(digits_a, digits_b, strict=True)) == 1
    year_off = abs(a.year - b.year) == 1 and digits_a[4:] == digits_b[4:]
    return DATE_SLIP if one_digit or year_off else DATE_DIFFERENT


@lru_cache(maxsize=1 << 16)
def _date_facts(
    d: PartialDate,
) -> tuple[frozenset[tuple[int, int]], frozenset[tuple[int, int]], str]:
    """A full date's readings, the same swapped, and its digits: computed once per date, as
    one record meets dozens of candidates."""
    readings = frozenset(d.readings())
    return (
        readings,
        frozenset((day, month) for month, day in readings),
        (f"{d.year:04d}{d.month:02d}{d.day:02d}"),
    )


def _equal_level(a: str | None, b: str | None) -> int:
    if not a or not b:
        return MISSING
    return 0 if a == b else 1


def _document_level(a: str, b: str) -> int:
    if a == b:
        return 0
    # Confusables folded first: a scanner's O for 0 and a typist's dropped digit can meet. Two
    # records may each carry a slip (a transposition here, a dropped digit there), so long
    # numbers two edits apart still agree: random numbers of 7 or more characters almost
    # never come that close.
    allowed = 2 if min(len(a), len(b)) >= LONG_DOCUMENT else 1
    distance = OSA.distance(folded_document(a), folded_document(b))
    return 1 if distance <= allowed else 2


def _place_level(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    similarity = name_similarity(tuple(a.split()), tuple(b.split()))
    return 0 if similarity >= 0.92 else 1 if similarity >= 0.8 else 2
