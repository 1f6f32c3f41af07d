"""UN/EDIFACT PAXLST (advance passenger information) read into passengers as written.

Pure: text in, :class:`RawPassenger` values and problems out; nothing raises on any input.
The structure follows the PAXLST implementation guides (WCO/IATA/ICAO, directories D02B and
D05B)::

    UNA:+.? '                                 service string advice (optional)
    UNB+UNOA:4+SENDER+RECEIVER+260101:1200+1'  interchange header
    UNH+1+PAXLST:D:05B:UN:IATA'               message header
    BGM+745'                                  745 passengers, 250 crew
    ...                                       flight (TDT, LOC+125/87, DTM+189/232)
    NAD+FL+++SURNAME:GIVEN:MIDDLE'            one person: FL passenger, FM crew, DDT/DDU in transit
    ATT+2++F'                                 sex M/F/U/X
    DTM+329:740812'                           birth date (YYMMDD, or CCYYMMDD with :102)
    LOC+178+BKK' LOC+179+DPS' LOC+22+DPS'     embarkation, debarkation, clearance
    LOC+174+THA' LOC+180+BANGKOK'             country of residence, place of birth
    NAT+2+THA'                                nationality
    DOC+P:110:111+AA1234567'                  document: type code, number
    DTM+36:300101'                            its expiry
    LOC+91+THA'                               its issuing state
    CNT+42:1'                                 number of passengers
    UNT+..' UNZ+..'

A ``UNA`` segment may choose other separators; the release character (``?`` by default) makes
the next character literal. Escaped characters are swapped for private placeholders before
splitting, so the whole message is split by ``str.split`` (C speed: a million passengers in a
few seconds) and the placeholders restored only in the values kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Qualifiers of NAD that name a person travelling: passenger, crew, and the in-transit pair.
PERSON_QUALIFIERS = frozenset({"FL", "FM", "DDT", "DDU", "COT"})
SEXES = frozenset({"M", "F", "U", "X"})
# CNT+42 counts passengers, CNT+41 crew members.
COUNTED = {"FL": "42", "DDT": "42", "COT": "42", "FM": "41", "DDU": "41"}
COUNTED_NAMES = {"42": "passengers", "41": "crew members"}
LOCATIONS = {"178": "embarkation", "179": "debarkation", "22": "clearance", "174": "residence"}
PLACE_OF_BIRTH = "180"
ISSUING_STATE = "91"
BIRTH, EXPIRY = "329", "36"
MAX_PROBLEMS = 1000

# Noncharacters stand for escaped separators while the message is split.
_PLACEHOLDERS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4"
_SCRUB = str.maketrans(dict.fromkeys(_PLACEHOLDERS, "\ufffd"))


@dataclass(frozen=True)
class ServiceString:
    """The separators of an interchange (``UNA``), by default ``:+.? '``."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"


@dataclass(slots=True)
class RawDocument:
    """A travel document as written in a manifest."""

    document_type: str = ""
    number: str = ""
    issuing_state: str = ""
    expiry_date: str = ""


@dataclass(slots=True)
class RawPassenger:
    """A person as written in a manifest of any format, before normalisation and checks."""

    position: int  # the CSV line, or the number of the PAXLST segment that names the person
    role: str = ""  # PAXLST NAD qualifier: FL passenger, FM crew...
    surname: str = ""
    given_names: str = ""
    sex: str = ""
    birth_date: str = ""
    nationality: str = ""
    places: dict[str, str] = field(default_factory=dict)
    documents: list[RawDocument] = field(default_factory=list)


@dataclass(slots=True)
class PaxlstRead:
    passengers: list[RawPassenger] = field(default_factory=list)
    # (segment number, code, message); segment 0 is the interchange as a whole.
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    # CNT+42 (passengers) and CNT+41 (crew): the counts the sender declares.
    declared_counts: dict[str, int] = field(default_factory=dict)

    def problem(self, position: int, code: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append((position, code, message))


def looks_like_paxlst(start: str) -> bool:
    """Whether a file starting with ``start`` is an EDIFACT interchange (UNA or UNB first)."""
    return start.lstrip("\ufeff \t\r\n").startswith(("UNA", "UNB", "UNH"))


def read_paxlst(text: str, *, max_passengers: int, careful: bool = False) -> PaxlstRead:
    """The passengers and problems of a PAXLST interchange; never raises.

    A message without escapes or unusual segments goes through the fast reader
    (:mod:`rcf.documents.paxlst_fast`, one regular expression per person); anything else, or
    ``careful``, through the segment-by-segment reader. A property test pins both to the same
    results."""
    read = PaxlstRead()
    text = text.lstrip("\ufeff \t\r\n")
    service, body = _service_string(text, read)
    if service is None:
        return read
    first = 2 if text.startswith("UNA") else 1  # segment numbers count the UNA
    if not careful and is_clean(body, service):
        from rcf.documents.paxlst_fast import read_clean  # it builds on this module's reader

        quick = read_clean(body, service, first, max_passengers)
        if quick is not None:
            _check_count(quick)
            return quick
    body = body.translate(_SCRUB) if any(p in body for p in _PLACEHOLDERS) else body
    escaped = bool(service.release) and service.release in body
    if escaped:
        body = _hide_escapes(body, service)
    segments = split_segments(body, service.terminator)
    known = read_segments(
        segments, first, Reader(service.component, read, max_passengers, service.element)
    )
    if not known:
        read.problem(0, "not_paxlst", "No UNB, UNH or passenger segment was found.")
    if escaped:
        _restore_escapes(read, service)
    _check_count(read)
    return read


def is_clean(body: str, service: ServiceString) -> bool:
    """No escapes, no placeholder characters, a printable terminator: the fast reader's ground."""
    return (
        not (service.release and service.release in body)
        and not service.terminator.isspace()
        and not any(p in body for p in _PLACEHOLDERS)
    )


def _service_string(text: str, read: PaxlstRead) -> tuple[ServiceString | None, str]:
    if not text.startswith("UNA"):
        return ServiceString(), text
    chars = text[3:9]
    if len(chars) < 6:
        read.problem(1, "invalid_service_string", "The UNA segment is cut short.")
        return None, ""
    component, element, decimal, release, repetition, terminator = tuple(chars)
    if len({component, element, terminator}) < 3 or release in {component, element, terminator}:
        read.problem(1, "invalid_service_string", f"The UNA separators {chars!r} clash.")
        return None, ""
    release = "" if release == " " else release
    service = ServiceString(component, element, decimal, release, repetition, terminator)
    return service, text[9:]


def split_segments(body: str, terminator: str) -> list[str]:
    """The segments, each without the whitespace (a line break, usually) after the terminator
    before it: one regular expression split in C, not a test and a strip per segment."""
    if terminator.isspace():  # whitespace after it may be the next terminator: split plainly
        return [segment.lstrip() for segment in body.split(terminator)]
    segments = _splitter(terminator).split(body)
    segments[0] = segments[0].lstrip()
    return segments


@lru_cache(maxsize=16)
def _splitter(terminator: str) -> re.Pattern[str]:
    return re.compile(re.escape(terminator) + r"\s*")


def _hide_escapes(body: str, service: ServiceString) -> str:
    """Swap each released character for its placeholder (``??`` first, so ``??'`` still ends)."""
    release = service.release
    for char, placeholder in zip(_escapable(service), _PLACEHOLDERS, strict=True):
        body = body.replace(release + char, placeholder)
    return body.replace(release, "")  # a release before any other character releases nothing


def _escapable(service: ServiceString) -> tuple[str, ...]:
    return (
        service.release,
        service.terminator,
        service.element,
        service.component,
        service.repetition,
    )


def _restore(value: str, service: ServiceString) -> str:
    for char, placeholder in zip(_escapable(service), _PLACEHOLDERS, strict=True):
        value = value.replace(placeholder, char)
    return value


class Reader:
    """The state of one pass over the segments: the person and document being read.

    Values are kept as split (not stripped, placeholders still in): the manifest reader strips
    what it keeps, and :func:`_restore_escapes` runs only when the message had escapes.
    """

    def __init__(self, component: str, read: PaxlstRead, limit: int, element: str = "+"):
        self.component, self.read, self.limit, self.element = component, read, limit, element
        self.person: RawPassenger | None = None
        self.document: RawDocument | None = None
        self.too_many = False

    def part(self, elements: list[str], index: int, position: int = 0) -> str:
        """Component ``position`` of element ``index``, or "" when absent."""
        if index >= len(elements):
            return ""
        parts = elements[index].split(self.component)
        return parts[position] if position < len(parts) else ""

    def parts(self, elements: list[str], index: int) -> list[str]:
        return elements[index].split(self.component) if index < len(elements) else []


def read_segments(segments: list[str], first: int, reader: Reader) -> bool:
    """One pass over the segments; whether any was a known one. The frequent per-person
    segments (DTM, LOC, ATT, NAT) are read inline: a manifest is millions of them, and a call
    per segment doubled the time."""
    component, element, read = reader.component, reader.element, reader.read
    handlers = _HANDLERS
    known_segments = False
    person = None  # reader.person, kept in a local: read on every segment
    for number, segment in enumerate(segments, start=first):
        tag = segment[:3]
        if person is not None and tag in _INLINE:
            elements = segment.split(element)
            if len(elements) > 2:
                _person_segment(reader, person, tag, elements)
            elif tag == "DTM" and len(elements) == 2:
                _date_segment(reader, person, elements[1].split(component))
            known_segments = True
            continue
        handler = handlers.get(tag)
        if handler is not None:
            handler(reader, segment.split(element), number)
            person = reader.person
            known_segments = True
            if reader.too_many:
                return True
        elif segment.strip() and not (tag.isalnum() and tag.isupper()):
            read.problem(number, "invalid_segment", f"Segment {number} has no segment tag.")
    return known_segments


_INLINE = frozenset({"DTM", "LOC", "ATT", "NAT"})


def _person_segment(reader: Reader, person: RawPassenger, tag: str, elements: list[str]) -> None:
    """LOC, ATT, NAT (and DTM with extra elements) of the person being read."""
    component = reader.component
    qualifier = elements[1]
    if tag == "LOC":
        if qualifier == ISSUING_STATE:
            if reader.document is not None:
                reader.document.issuing_state = elements[2].split(component)[0]
        elif qualifier == PLACE_OF_BIRTH:
            # A code, or a name in the fourth component (LOC+180+:::CITY).
            names = (c.strip() for c in elements[2].split(component))
            person.places["birth"] = " ".join(n for n in names if n)
        elif qualifier in LOCATIONS:
            person.places[LOCATIONS[qualifier]] = elements[2].split(component)[0].strip()
    elif tag == "NAT":
        if qualifier == "2":
            person.nationality = elements[2].split(component)[0]
    elif tag == "ATT":
        if qualifier == "2" and len(elements) > 3:
            person.sex = elements[3].split(component)[0]
    else:
        _date_segment(reader, person, elements[1].split(component))


def _date_segment(reader: Reader, person: RawPassenger, parts: list[str]) -> None:
    if len(parts) < 2:
        return
    if parts[0] == BIRTH:
        person.birth_date = parts[1]
    elif parts[0] == EXPIRY and reader.document is not None:
        reader.document.expiry_date = parts[1]


def _restore_escapes(read: PaxlstRead, service: ServiceString) -> None:
    """Put the escaped characters back into every value kept (only when there were escapes)."""
    for person in read.passengers:
        for name in ("surname", "given_names", "sex", "birth_date", "nationality"):
            setattr(person, name, _restore(getattr(person, name), service))
        person.places = {key: _restore(value, service) for key, value in person.places.items()}
        for document in person.documents:
            for name in ("document_type", "number", "issuing_state", "expiry_date"):
                setattr(document, name, _restore(getattr(document, name), service))


def _nad(reader: Reader, elements: list[str], number: int) -> None:
    qualifier = reader.part(elements, 1).strip()
    reader.document = None
    if qualifier not in PERSON_QUALIFIERS:
        reader.person = None  # the reporting party (MS) and others are not passengers
        return
    if len(reader.read.passengers) >= reader.limit:
        reader.read.problem(0, "too_many_passengers", f"More than {reader.limit:,} passengers.")
        reader.too_many = True
        return
    person = RawPassenger(number, qualifier, *person_names(elements, reader.component))
    reader.person = person
    reader.read.passengers.append(person)


def person_names(elements: list[str], component: str) -> tuple[str, str]:
    """Surname and given names of a NAD's elements: the structured name (element 4), or the
    unstructured one (element 3) that some senders use instead."""
    # map and filter rather than comprehensions: a manifest is millions of names.
    names = list(map(str.strip, elements[4].split(component))) if len(elements) > 4 else []
    if not any(names):
        unstructured = elements[3].split(component) if len(elements) > 3 else []
        names = [" ".join(filter(None, map(str.strip, unstructured)))]
    return names[0], " ".join(filter(None, names[1:]))


def _doc(reader: Reader, elements: list[str], number: int) -> None:
    if reader.person is None:
        reader.read.problem(number, "document_without_person", "A DOC segment before any NAD.")
        return
    document = RawDocument(reader.part(elements, 1), reader.part(elements, 2))
    reader.document = document
    reader.person.documents.append(document)


def _cnt(reader: Reader, elements: list[str], number: int) -> None:
    parts = [p.strip() for p in reader.parts(elements, 1)]
    if len(parts) < 2 or parts[0] not in COUNTED_NAMES:
        return
    if parts[1].isascii() and parts[1].isdigit() and len(parts[1]) < 10:
        reader.read.declared_counts[parts[0]] = int(parts[1])


def _unh(reader: Reader, elements: list[str], number: int) -> None:
    message_type = reader.part(elements, 2).strip()
    if message_type != "PAXLST":
        found = message_type or "none"
        reader.read.problem(number, "not_paxlst", f"The message type is {found!r}, not PAXLST.")


def _ignore(reader: Reader, elements: list[str], number: int) -> None:
    """Segments that carry nothing a document check needs (flight, contacts, references)."""


_HANDLERS = {
    "NAD": _nad,
    # Before any person (or without one) these carry nothing a check needs.
    **dict.fromkeys(_INLINE, _ignore),
    "DOC": _doc,
    "CNT": _cnt,
    "UNH": _unh,
    **dict.fromkeys(
        ("UNB", "UNG", "UNE", "UNT", "UNZ", "BGM", "RFF", "TDT", "COM", "GEI", "FTX", "MEA"),
        _ignore,
    ),
    **dict.fromkeys(("EMP", "CPI", "QTY", "GID", "FTX", "ERP", "ERC", "UGH", "UGT"), _ignore),
}


def _check_count(read: PaxlstRead) -> None:
    for qualifier, declared in read.declared_counts.items():
        found = sum(COUNTED.get(p.role) == qualifier for p in read.passengers)
        if declared != found:
            read.problem(
                0,
                "count_mismatch",
                f"CNT+{qualifier} declares {declared} {COUNTED_NAMES[qualifier]} but the "
                f"message holds {found}.",
            )
