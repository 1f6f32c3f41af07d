"""The cells of an incident file as the fast path of the import reads them
(``import_fast_columns``): one plain function per column, with the code lists worked out once.
Each takes a cell already normalised and stripped as ``check_row`` and ``from_flat`` leave it, and
returns the value ``IncidentIn`` would hold, or raises ``Undecided`` when it cannot vouch for the
cell (a wrong value, or a valid one written in an unusual way such as ``+5``, ``1e3`` or
``4:30:15``): the row then goes through ``IncidentIn``, which decides and words the problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from rcf.access.policy import HandlingCode, InformationAccuracy, SourceReliability, Visibility
from rcf.incidents.codes import (
    AgeGroup,
    Answer,
    BorderType,
    DocumentType,
    FacilitatorRole,
    FeeBasis,
    FraudType,
    ImpactLevel,
    IncidentKind,
    Method,
    PaymentMethod,
    Sex,
    TransportMeans,
    country_codes,
    currency_codes,
)
from rcf.incidents.columns import COLUMN_NAMES, LIST_SEPARATOR, PART_SEPARATOR
from rcf.incidents.schemas import EARLIEST, MAX_COUNT


class Undecided(Exception):
    """The fast path cannot vouch for this cell or row: ``IncidentIn`` decides."""


REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
DEGREES = re.compile(r"-?(0|[1-9][0-9]{0,2})(\.[0-9]{1,10})?")
WHOLE = re.compile(r"0|[1-9][0-9]{0,5}")
PERSON = re.compile(r"([A-Z]{3})/([FMXU])/(adult|child|unknown)=([1-9][0-9]{0,4}|100000)")
PERSONS = re.compile(r"(?:{0})(?:\|(?:{0}))*".format(PERSON.pattern.replace("(", "(?:")))
MONEY = re.compile(r"(0|[1-9][0-9]{0,10})(\.[0-9]{1,2})?")
TEXT_LIMITS = {
    "location_name": 200,
    "checkpoint": 200,
    "embarkation_point": 200,
    "vehicle_type": 100,
    "transport_identifier": 100,
    "narrative": 10_000,
    "handling_restriction": 500,
}
STRING_LIMIT = 20_000  # StrictModel's str_max_length


def _values(codes: type[StrEnum]) -> frozenset[str]:
    return frozenset(member.value for member in codes)


def _check(ok: bool) -> None:
    if not ok:
        raise Undecided


def _items(cell: str) -> list[str]:
    """``columns._split``: the items of a list cell."""
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _parts(item: str) -> list[str]:
    parts = [part.strip() for part in item.split(PART_SEPARATOR)]
    _check(len(parts) == 3)
    return parts


def _count(text: str, least: int = 0, most: int = MAX_COUNT) -> int:
    _check(WHOLE.fullmatch(text) is not None)
    number = int(text)
    _check(least <= number <= most)
    return number


def _country(text: str) -> str:
    """``schemas._country`` on an already stripped value."""
    code = text.upper()
    _check(len(text) <= 8 and code in country_codes())
    return code


def _day(text: str) -> date:
    _check(DAY.fullmatch(text) is not None)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Undecided from None


# --- One function per column: the stripped, non-empty cell -> the value IncidentIn holds -------


def _code(codes: type[StrEnum]) -> Callable[[str], str]:
    known = _values(codes)

    def read(text: str) -> str:
        _check(text in known)
        return text

    return read


def _text(limit: int) -> Callable[[str], str]:
    def read(text: str) -> str:
        _check(len(text) <= limit)
        return text

    return read


def _reference(text: str) -> str:
    _check(REFERENCE.fullmatch(text) is not None)
    return text


def _occurred_on(text: str) -> date:
    day = _day(text)
    _check(EARLIEST <= day <= date.today())
    return day


def _clock(text: str) -> time:
    found = CLOCK.fullmatch(text)
    _check(found is not None)
    return time(int(text[:2]), int(text[3:]))


def _degrees(limit: int) -> Callable[[str], float]:
    def read(text: str) -> float:
        _check(DEGREES.fullmatch(text) is not None)
        value = float(text)
        _check(-limit <= value <= limit)
        return value

    return read


def _countries(text: str) -> list[str]:
    found = [_country(item) for item in _items(text)]
    _check(len(found) <= 20)
    return found


def _methods(text: str) -> list[str]:
    found = _items(text)
    _check(len(found) <= len(Method) and all(item in METHODS for item in found))
    return sorted(set(found))


class Persons(NamedTuple):
    """A persons cell: its groups (citizenship, sex, age group, count) and their sums."""

    groups: tuple[tuple[str, str, str, int], ...]
    total: int
    children: int
    distinct: bool  # no (citizenship, sex, age group) twice


NO_PERSONS = Persons((), 0, 0, True)
CHILD = AgeGroup.CHILD.value


def _persons(text: str) -> Persons:
    if PERSONS.fullmatch(text):  # as files are written: LKA/M/adult=20|LKA/F/child=4
        found = [(c, s, a, int(n)) for c, s, a, n in PERSON.findall(text)]
        _check({group[0] for group in found} <= country_codes())
    else:
        found = [_person(item) for item in _items(text)]
    _check(len(found) <= 500)
    if len(found) == 1:
        count = found[0][3]
        return Persons(tuple(found), count, count if found[0][2] == CHILD else 0, True)
    children = sum([group[3] for group in found if group[2] == CHILD])
    distinct = len({group[:3] for group in found}) == len(found)
    return Persons(tuple(found), sum([group[3] for group in found]), children, distinct)


def _person(item: str) -> tuple[str, str, str, int]:
    group, _, count = item.partition("=")
    citizenship, sex, age = _parts(group)
    _check(sex in SEXES and age in AGE_GROUPS)
    return _country(citizenship), sex, age, _count(count.strip(), 1)


def _facilitators(text: str) -> list[dict[str, Any]]:
    found = []
    for item in _items(text):
        count, role, citizenship = _parts(item)
        _check(role in ROLES)
        found.append(
            {
                "count": _count(count, 1, 10_000),
                "role": role,
                "citizenship": _country(citizenship) if citizenship else None,
            }
        )
    _check(len(found) <= 50)
    return found


def _documents(text: str) -> list[dict[str, Any]]:
    found = []
    for item in _items(text):
        kind, state, fraud = _parts(item)
        _check(kind in DOCUMENT_TYPES and fraud in FRAUD_TYPES)
        found.append(
            {
                "document_type": kind,
                "issuing_state": _country(state) if state else None,
                "fraud_type": fraud,
            }
        )
    _check(len(found) <= 100)
    return found


def _money(text: str) -> Decimal:
    _check(MONEY.fullmatch(text) is not None)
    return Decimal(text)


def _currency(text: str) -> str:
    _check(len(text) <= 8 and text in currency_codes())
    return text


def _members(text: str) -> list[str]:
    codes = _items(text)
    _check(len(codes) <= 100 and all(len(code) <= STRING_LIMIT for code in codes))
    return sorted({code.upper()[:8] for code in codes})


def _review_date(text: str) -> date:
    day = _day(text)
    _check(day > date.today())
    return day


METHODS = _values(Method)
SEXES = _values(Sex)
AGE_GROUPS = _values(AgeGroup)
ROLES = _values(FacilitatorRole)
DOCUMENT_TYPES = _values(DocumentType)
FRAUD_TYPES = _values(FraudType)
COUNTS = (
    "unaccompanied_children",
    "separated_children",
    "deaths",
    "missing",
    "returned",
    "asylum_claims",
    "arrests",
    "prosecutions",
)

# Column -> (how to read a cell, its value when the cell is empty; Undecided: required).
READERS: dict[str, tuple[Callable[[str], Any], Any]] = {
    "reference": (_reference, Undecided),
    "kind": (_code(IncidentKind), Undecided),
    "occurred_on": (_occurred_on, Undecided),
    "occurred_time": (_clock, None),
    "country": (_country, Undecided),
    "latitude": (_degrees(90), None),
    "longitude": (_degrees(180), None),
    "border_type": (_code(BorderType), None),
    "origin_country": (_country, None),
    "transit_countries": (_countries, []),
    "destination_country": (_country, None),
    "transport_means": (_code(TransportMeans), TransportMeans.UNKNOWN.value),
    "methods": (_methods, []),
    "persons": (_persons, NO_PERSONS),
    "smuggled": (_code(Answer), Answer.UNKNOWN.value),
    "fee_amount": (_money, None),
    "fee_currency": (_currency, None),
    "fee_basis": (_code(FeeBasis), None),
    "payment_method": (_code(PaymentMethod), None),
    "facilitators": (_facilitators, []),
    "fraudulent_documents": (_documents, []),
    "trafficking_suspected": (_code(Answer), Answer.UNKNOWN.value),
    "impact_level": (_code(ImpactLevel), ImpactLevel.LOW.value),
    "visibility": (_code(Visibility), Visibility.NATIONAL.value),
    "shared_with": (_members, []),
    "handling_code": (_code(HandlingCode), HandlingCode.H0.value),
    "source_reliability": (_code(SourceReliability), SourceReliability.X.value),
    "information_accuracy": (
        _code(InformationAccuracy),
        InformationAccuracy.NOT_CORROBORATED.value,
    ),
    "review_date": (_review_date, None),
    **dict.fromkeys(COUNTS, (_count, 0)),
    **{name: (_text(limit), "") for name, limit in TEXT_LIMITS.items()},
}
assert set(READERS) == set(COLUMN_NAMES), "every column has its fast reader"
