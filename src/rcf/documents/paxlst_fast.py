"""The fast reader of clean PAXLST messages: one regular expression per person, in C.

A clean message (no release character, no unusual segment inside a person's group) gives the
same passengers and problems as the careful segment-by-segment reader of
:mod:`rcf.documents.paxlst`, which a property test pins. The segments before the first person
and after the last (interchange and flight headers, counts, trailers) are few: the careful
reader reads them. Each person's group follows the order of segment groups 4 and 5 of the
WCO/IATA/ICAO guide: NAD, ATT, DTM (birth), LOC (journey, residence, birth place), NAT, then
per document DOC, DTM (expiry), LOC (issuing state); RFF, GEI, FTX and the like may sit between
them and are skipped, as the careful reader skips them. Any other shape (two birth dates, a
date after the wrong segment, a segment cut short...) returns None: the careful reader then
reads the whole message, so nothing here needs to explain a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rcf.documents.paxlst import (
    LOCATIONS,
    PERSON_QUALIFIERS,
    PLACE_OF_BIRTH,
    PaxlstRead,
    RawDocument,
    RawPassenger,
    Reader,
    ServiceString,
    person_names,
    read_segments,
    split_segments,
)

# Segments that carry nothing a check needs, which the careful reader skips inside a person.
SKIPPED = ("RFF", "GEI", "FTX", "MEA", "COM", "EMP", "CPI", "QTY")
# The places of a person, in the order the guide lists them (LOCATIONS keys).
USUAL_PLACES = ("22", "178", "179", "174")
USUAL_NAMES = tuple(LOCATIONS[qualifier] for qualifier in USUAL_PLACES)
# Tags that change a person or its documents: after the last person they would still apply.
PERSON_TAGS = frozenset({"NAD", "DOC", "DTM", "LOC", "ATT", "NAT"})


@dataclass(frozen=True)
class Patterns:
    component: str
    element: str
    terminator: str
    first_person: re.Pattern[str]  # ends where the first person's NAD starts
    person: re.Pattern[str]  # one person's whole group
    document: re.Pattern[str]  # one DOC with its expiry and issuing state
    places: re.Pattern[str]  # the LOC segments of a person


@lru_cache(maxsize=16)
def patterns(component: str, element: str, terminator: str) -> Patterns:
    """The expressions for a message's separators (``UNA`` may choose others)."""
    c, e, t = map(re.escape, (component, element, terminator))
    value = f"[^{c}{e}{t}]*"  # one component
    rest = f"(?:{c}[^{e}{t}]*)?"  # the element's other components, ignored
    end = f"{t}\\s*"
    skipped = f"(?:(?:{'|'.join(SKIPPED)})(?:{e}[^{t}]*)?{end})*"
    qualifiers = "|".join(sorted(PERSON_QUALIFIERS))
    document = _document(value, rest, end, skipped, e, c, t, capture=True)
    bare = _document(value, rest, end, skipped, e, c, t, capture=False)
    places = "|".join(sorted({*LOCATIONS, PLACE_OF_BIRTH}))
    person = (
        f"NAD{e}({qualifiers})((?:{e}[^{e}{t}]*)*){end}{skipped}"
        f"(?:ATT{e}2{e}{e}({value}){rest}{end})?{skipped}"
        f"(?:DTM{e}329{c}({value}){rest}{end})?{skipped}"
        # The usual places one by one, in the guide's order; any others (another order, a
        # repeat) as a run that _places reads.
        + "".join(f"(?:LOC{e}{q}{e}({value}){rest}{end})?{skipped}" for q in USUAL_PLACES)
        + f"(?:LOC{e}{PLACE_OF_BIRTH}{e}([^{e}{t}]*){end})?{skipped}"
        f"((?:LOC{e}(?:{places}){e}[^{e}{t}]*{end}{skipped})*)"
        f"(?:NAT{e}2{e}({value}){rest}{end})?{skipped}"
        f"{document}((?:{bare})*)"
    )
    return Patterns(
        component,
        element,
        terminator,
        re.compile(f"(?:\\A|{t})\\s*(?=NAD{e}(?:{qualifiers})[{e}{t}])"),
        re.compile(person),
        re.compile(document),
        re.compile(f"LOC{e}({places}){e}([^{e}{t}]*){end}"),
    )


def _document(
    value: str, rest: str, end: str, skipped: str, e: str, c: str, t: str, *, capture: bool
) -> str:
    """One DOC with its expiry (DTM+36) and issuing state (LOC+91); ``capture`` takes the type,
    number, expiry and state as groups."""
    v = f"({value})" if capture else value
    return (
        f"DOC{e}{v}{rest}(?:{e}{v}{rest})?(?:{e}[^{t}]*)?{end}{skipped}"
        f"(?:DTM{e}36{c}{v}{rest}{end})?{skipped}"
        f"(?:LOC{e}91{e}{v}{rest}{end})?{skipped}"
    )


def read_clean(body: str, service: ServiceString, first: int, limit: int) -> PaxlstRead | None:
    """The message read as the careful reader would, or None when it is not clean."""
    found = patterns(service.component, service.element, service.terminator)
    start = found.first_person.search(body)
    if start is None:
        return None
    read = PaxlstRead()
    reader = Reader(service.component, read, limit, service.element)
    terminator = service.terminator
    read_segments(split_segments(body[: start.end()], terminator), first, reader)
    if reader.too_many:
        return None
    position, number = start.end(), first + body.count(terminator, 0, start.end())
    people = _people(body, position, number, found, read.passengers)
    if people is None or len(read.passengers) > limit:
        return None
    position, number = people
    tail = split_segments(body[position:], terminator)
    if any(segment[:3] in PERSON_TAGS for segment in tail):
        return None  # a person's segment the expression did not take: read it carefully
    reader.person = reader.document = None
    read_segments(tail, number, reader)
    return read


def _people(
    body: str, position: int, number: int, found: Patterns, into: list[RawPassenger]
) -> tuple[int, int] | None:
    """Read consecutive persons from ``position``; where they end and the segment number there."""
    match, count, terminator = found.person.match, body.count, found.terminator
    person_match = match(body, position)
    if person_match is None:
        return None
    while person_match is not None:
        end = person_match.end()
        into.append(_person(person_match, number, found))
        number += count(terminator, position, end)
        position = end
        person_match = match(body, position)
    return position, number


def _person(match: re.Match[str], number: int, found: Patterns) -> RawPassenger:
    (qualifier, nad, sex, birth, *usual, birth_place, places, nationality, kind, doc_number,
     expiry, state, more) = match.groups()  # fmt: skip
    elements = ["NAD", qualifier, *nad.split(found.element)[1:]]
    document = RawDocument(kind, doc_number or "", state or "", expiry or "")
    return RawPassenger(
        number, qualifier, *person_names(elements, found.component), sex or "", birth or "",
        nationality or "", _places(usual, birth_place, places, found),
        [document, *_documents(more, found)] if more else [document],
    )  # fmt: skip


def _places(
    usual: list[str | None], birth_place: str | None, run: str, found: Patterns
) -> dict[str, str]:
    """The person's places, as the careful reader keeps them (the last of each kind)."""
    places = {
        name: value.strip()
        for name, value in zip(USUAL_NAMES, usual, strict=True)
        if value is not None
    }
    if birth_place is not None:
        places["birth"] = _place_name(birth_place, found.component)
    if run:
        for qualifier, value in found.places.findall(run):
            if qualifier == PLACE_OF_BIRTH:
                places["birth"] = _place_name(value, found.component)
            else:
                places[LOCATIONS[qualifier]] = value.split(found.component)[0].strip()
    return places


def _place_name(value: str, component: str) -> str:
    """A place of birth: a code, or a name in the fourth component (LOC+180+:::CITY)."""
    names = (part.strip() for part in value.split(component))
    return " ".join(name for name in names if name)


def _documents(text: str, found: Patterns) -> list[RawDocument]:
    return [
        RawDocument(kind, number, state, expiry)
        for kind, number, expiry, state in found.document.findall(text)
    ]
