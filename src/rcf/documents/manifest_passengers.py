"""One passenger of a manifest, normalised, with the problems of its documents.

Pure, and nothing raises on any input. The problems are those found without any MRZ: a missing
or malformed document number, a missing or unknown issuing state, an unknown nationality, an
impossible or future birth date, an expired document. The file formats are read in
:mod:`rcf.documents.manifests`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rcf.documents.mrz_checks import parse_date
from rcf.documents.numbers import is_known_state, normalise_number, normalise_state
from rcf.documents.paxlst import RawDocument, RawPassenger

SEXES = frozenset({"M", "F", "X", "U", "<", ""})

# Records a passenger's problem: field, code, message.
_Note = Callable[[str, str, str], None]


@dataclass(frozen=True, slots=True)
class ManifestProblem:
    """A problem of one passenger (``field`` names what) or of the file (``position`` 0)."""

    position: int
    field: str
    code: str
    message: str


@dataclass(slots=True)
class ManifestDocument:
    document_type: str
    document_number: str  # normalised (numbers.normalise_number)
    issuing_state: str  # normalised ICAO code (numbers.normalise_state)
    expiry_date: date | None


@dataclass(slots=True)
class Passenger:
    """A person of a manifest; the document fields are those of the travel document (a passport
    or identity card before a visa); ``other_documents`` holds the rest (visas)."""

    position: int  # CSV line, or PAXLST segment number of the person's NAD
    role: str  # PAXLST NAD qualifier (FL passenger, FM crew...); empty in CSV
    document_number: str
    document_type: str
    issuing_state: str
    expiry_date: date | None
    surname: str
    given_names: str
    birth_date: date | None
    nationality: str
    sex: str
    places: dict[str, str] = field(default_factory=dict)
    other_documents: list[ManifestDocument] = field(default_factory=list)
    problems: list[ManifestProblem] = field(default_factory=list)


def build_passenger(raw: RawPassenger, today: date) -> Passenger:
    """The passenger normalised, with every problem of its documents, dates and codes."""
    problems: list[ManifestProblem] = []
    note = _recorder(raw.position, problems)
    documents = raw.documents
    others: list[ManifestDocument] = []
    if len(documents) == 1:  # nearly always: one passport, no visa
        main = _document(documents[0], "", note, today)
    else:
        main, others = _documents(documents, note, today)
    birth = _birth_date(raw.birth_date, note, today) if raw.birth_date else None
    if birth is not None and main.expiry_date is not None and main.expiry_date < birth:
        note(
            "expiry_date", "expiry_before_birth", "The document expires before its holder's birth."
        )
    nationality = normalise_state(raw.nationality) if raw.nationality else ""
    if nationality and not is_known_state(nationality):
        message = f"Nationality {nationality!r} is not an ICAO code."
        note("nationality", "unknown_nationality", message)
    sex = raw.sex.strip().upper()
    if sex not in SEXES:
        note("sex", "invalid_sex", f"Sex {sex!r} is not M, F, X or U.")
    return Passenger(
        raw.position, raw.role, main.document_number, main.document_type, main.issuing_state,
        main.expiry_date, raw.surname.strip(), raw.given_names.strip(), birth, nationality, sex,
        raw.places, others, problems,
    )  # fmt: skip


def _recorder(position: int, problems: list[ManifestProblem]) -> _Note:
    def note(field_name: str, code: str, message: str) -> None:
        problems.append(ManifestProblem(position, field_name, code, message))

    return note


def _documents(
    documents: list[RawDocument], note: _Note, today: date
) -> tuple[ManifestDocument, list[ManifestDocument]]:
    """The travel document (the first that is not a visa) and the others, in file order."""
    if not documents:
        return _document(RawDocument(), "", note, today), []
    first = next((i for i, d in enumerate(documents) if not _is_visa(d)), 0)
    main = _document(documents[first], "", note, today)
    rest = [d for i, d in enumerate(documents) if i != first]
    return main, [_document(d, f"other_documents[{n}].", note, today) for n, d in enumerate(rest)]


def _is_visa(document: RawDocument) -> bool:
    return document.document_type.strip().upper().startswith("V")


def _document(raw: RawDocument, prefix: str, note: _Note, today: date) -> ManifestDocument:
    number = normalise_number(raw.number)
    if not (number.isalnum() and number.isascii()):
        _number_problem(number, prefix, note)
    state = normalise_state(raw.issuing_state)
    if not is_known_state(state):
        _state_problem(state, prefix, note)
    expiry = _expiry_date(raw.expiry_date, prefix, note, today) if raw.expiry_date else None
    document_type = raw.document_type
    if document_type and not document_type.isalpha():
        document_type = document_type.strip().strip("<")
    return ManifestDocument(document_type.upper(), number, state, expiry)


def _number_problem(number: str, prefix: str, note: _Note) -> None:
    if not number:
        note(prefix + "document_number", "missing_document_number", "No document number.")
    else:
        message = f"Document number {number!r} holds characters other than A-Z and 0-9."
        note(prefix + "document_number", "invalid_document_number", message)


def _state_problem(state: str, prefix: str, note: _Note) -> None:
    if not state:
        note(prefix + "issuing_state", "missing_issuing_state", "No issuing state.")
    else:
        message = f"Issuing state {state!r} is not an ICAO code."
        note(prefix + "issuing_state", "unknown_issuing_state", message)


def _birth_date(raw: str, note: _Note, today: date) -> date | None:
    birth = _parse_date(raw, True, today)
    if birth is None:
        if raw.strip():
            note("birth_date", "invalid_birth_date", f"Birth date {raw.strip()!r} {DATE_FORMATS}.")
    elif birth > today:
        note("birth_date", "birth_date_in_future", f"Birth date {birth} is in the future.")
    return birth


def _expiry_date(raw: str, prefix: str, note: _Note, today: date) -> date | None:
    expiry = _parse_date(raw, False, today)
    if expiry is None:
        if raw.strip():
            message = f"Expiry date {raw.strip()!r} {DATE_FORMATS}."
            note(prefix + "expiry_date", "invalid_expiry_date", message)
    elif expiry < today:
        note(prefix + "expiry_date", "expired", f"The document expired on {expiry}.")
    return expiry


DATE_FORMATS = "is not a possible date as YYYY-MM-DD, YYYYMMDD or YYMMDD"


def parse_manifest_date(raw: str, *, birth: bool, today: date) -> date | None:
    """A date written ``YYYY-MM-DD``, ``YYYYMMDD`` or ``YYMMDD`` (century as in the MRZ)."""
    return _parse_date(raw, birth, today)


@lru_cache(maxsize=65536)  # a manifest repeats birth and expiry dates many times
def _parse_date(text: str, birth: bool, today: date) -> date | None:
    text = text.strip()
    if not text.isascii():
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        text = text[:4] + text[5:7] + text[8:]
    if len(text) == 8 and text.isdigit():
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            return None
    return parse_date(text, birth=birth, today=today)
