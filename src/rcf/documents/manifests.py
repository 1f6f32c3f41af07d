"""Passenger manifests read into passengers, each with the problems of its documents.

Pure: bytes in, a :class:`Manifest` out; nothing raises on any input. Three formats, told apart
by their content rather than their name: CSV with a header row and XLSX (both read by the
incident importer's safe file reader, :mod:`rcf.incidents.import_files`) and UN/EDIFACT PAXLST
advance passenger information (:mod:`rcf.documents.paxlst`).

Each passenger carries problems found without any MRZ: a missing or malformed document number,
a missing or unknown issuing state, an unknown nationality, an impossible or future birth date,
an expired document. A file that cannot be read safely gives no passengers and one problem
saying why (a partial list would look like a complete check).
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from rcf.documents.mrz_checks import parse_date
from rcf.documents.numbers import is_known_state, normalise_number, normalise_state
from rcf.documents.paxlst import RawDocument, RawPassenger, looks_like_paxlst, read_paxlst
from rcf.incidents.import_files import (
    MAGIC_ZIP,
    UPLOAD_LIMITS,
    FileRefused,
    Limits,
    Table,
    open_table,
)

SEXES = frozenset({"M", "F", "X", "U", "<", ""})

# Header spellings seen in airline and national manifest exports, compared with case, spaces,
# underscores, dashes and dots removed.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "document_number": (
        "documentnumber", "docnumber", "documentno", "docno", "passportnumber", "passportno",
        "passport", "traveldocumentnumber", "documentid", "docid", "number",
    ),
    "document_type": ("documenttype", "doctype", "documentcode", "type"),
    "issuing_state": (
        "issuingstate", "issuingcountry", "issuer", "issuedby", "countryofissue", "stateofissue",
        "docissuingstate", "docissuingcountry", "issuingstatecode", "issuestate", "issuecountry",
    ),
    "surname": ("surname", "lastname", "familyname", "primaryidentifier"),
    "given_names": (
        "givennames", "givenname", "firstname", "firstnames", "forenames", "forename",
        "secondaryidentifier",
    ),
    "names": ("names", "name", "fullname", "passengername"),
    "birth_date": ("birthdate", "dateofbirth", "dob", "birth", "born"),
    "nationality": ("nationality", "citizenship", "nationalitycode"),
    "sex": ("sex", "gender"),
    "expiry_date": (
        "expirydate", "dateofexpiry", "expiry", "expires", "expirationdate", "docexpiry",
        "documentexpiry", "validuntil",
    ),
}  # fmt: skip
_HEADER_FIELDS = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
_HEADER_NOISE = str.maketrans("", "", " _-.\t")
REQUIRED_COLUMNS = ("document_number", "issuing_state")

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


@dataclass(slots=True)
class Manifest:
    format: str | None  # "csv", "xlsx", "paxlst"; None when the file was refused
    passengers: list[Passenger] = field(default_factory=list)
    problems: list[ManifestProblem] = field(default_factory=list)  # about the file

    @property
    def refused(self) -> bool:
        return self.format is None


def read_manifest(data: bytes, *, today: date, limits: Limits = UPLOAD_LIMITS) -> Manifest:
    """The passengers of a manifest file (CSV, XLSX or PAXLST, told by content)."""
    with without_cycle_collection():
        return _read_manifest(data, today, limits)


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a manifest is read (or checked).

    Reading creates millions of small objects and no reference cycles; with the collector on,
    its full passes over all those live objects made a large manifest several times slower.
    Reference counting still frees everything; the collector resumes (if it was on) after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_manifest(data: bytes, today: date, limits: Limits) -> Manifest:
    if not data:
        return _refused("The file is empty.")
    if len(data) > limits.max_bytes:
        return _refused(f"The file is {len(data):,} bytes; the limit is {limits.max_bytes:,}.")
    if data.startswith(MAGIC_ZIP):
        return _read_table("xlsx", data, today, limits)
    if looks_like_paxlst(data[:64].decode("latin-1")):
        return _read_paxlst(data, today, limits)
    return _read_table("csv", data, today, limits)


def read_manifest_file(path: Path, *, today: date, limits: Limits = UPLOAD_LIMITS) -> Manifest:
    """The passengers of a manifest on disk; an unreadable file is refused, never raised."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            return _refused(f"The file is {size:,} bytes; the limit is {limits.max_bytes:,}.")
        data = path.read_bytes()
    except OSError as error:
        return _refused(f"The file cannot be read: {error.strerror or error}.")
    return read_manifest(data, today=today, limits=limits)


def _refused(message: str, code: str = "file_refused") -> Manifest:
    return Manifest(None, problems=[ManifestProblem(0, "file", code, message)])


# --- PAXLST ---------------------------------------------------------------------------------


def _read_paxlst(data: bytes, today: date, limits: Limits) -> Manifest:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # syntax levels UNOB/UNOC: ISO 8859-1 is a superset
    read = read_paxlst(text, max_passengers=limits.max_rows)
    problems = [ManifestProblem(pos, "file", code, message) for pos, code, message in read.problems]
    if any(p.code in ("too_many_passengers", "invalid_service_string") for p in problems):
        return Manifest(None, problems=problems)
    return Manifest("paxlst", [build_passenger(raw, today) for raw in read.passengers], problems)


# --- CSV and XLSX ---------------------------------------------------------------------------


def _read_table(kind: str, data: bytes, today: date, limits: Limits) -> Manifest:
    try:
        table = open_table(f"manifest.{kind}", io.BytesIO(data), len(data), limits)
    except FileRefused as refusal:
        return _refused(refusal.detail)
    try:
        return _table_passengers(kind, table, today)
    except FileRefused as refusal:
        return _refused(refusal.detail)
    finally:
        table.close()


def _table_passengers(kind: str, table: Table, today: date) -> Manifest:
    columns, problems = map_header(table.header)
    if any(p.code == "missing_column" for p in problems):
        return Manifest(None, problems=problems)
    # One C-level getter picks a row's cells in _ROW_FIELDS order; a field without a column
    # reads the blank cell appended after the widest row the header allows.
    width = len(table.header)
    pick = itemgetter(*(columns.get(name, width) for name in _ROW_FIELDS))
    blank = [""] * width
    passengers = []
    for line, cells in table.rows:
        if len(cells) != width:  # short rows read blanks; cells past the header are ignored
            cells = (cells + blank)[:width]
        cells.append("")
        passengers.append(build_passenger(_raw_row(line, *pick(cells)), today))
    return Manifest(kind, passengers, problems)


def map_header(header: list[str]) -> tuple[dict[str, int], list[ManifestProblem]]:
    """The column of each field the header names, and problems (missing, repeated, unknown)."""
    columns: dict[str, int] = {}
    problems: list[ManifestProblem] = []
    for index, title in enumerate(header):
        name = _HEADER_FIELDS.get(title.lower().translate(_HEADER_NOISE))
        if name is None:
            if title:
                problems.append(_column_problem("unknown_column", f"Column {title!r} is not used."))
        elif name in columns:
            problems.append(
                _column_problem("repeated_column", f"Column {title!r} repeats {name}; ignored.")
            )
        else:
            columns[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            spellings = ", ".join(HEADER_ALIASES[name][:4])
            message = f"The header has no {name} column (also read as: {spellings})."
            problems.append(_column_problem("missing_column", message))
    return columns, problems


def _column_problem(code: str, message: str) -> ManifestProblem:
    return ManifestProblem(1, "header", code, message)


_ROW_FIELDS = (
    "surname", "given_names", "names", "sex", "birth_date", "nationality",
    "document_type", "document_number", "issuing_state", "expiry_date",
)  # fmt: skip


def _raw_row(
    line: int,
    surname: str,
    given: str,
    names: str,
    sex: str,
    birth_date: str,
    nationality: str,
    *document: str,
) -> RawPassenger:
    """A CSV row as written (its cells in ``_ROW_FIELDS`` order)."""
    if not surname and not given:
        surname, given = split_names(names)
    return RawPassenger(
        line, "", surname, given, sex, birth_date, nationality, {}, [RawDocument(*document)]
    )


def split_names(names: str) -> tuple[str, str]:
    """Surname and given names of ``SURNAME<<GIVEN<NAMES``, ``Surname, Given`` or one name."""
    if "<<" in names:
        surname, _, given = names.strip("<").partition("<<")
        return surname.replace("<", " "), given.replace("<", " ").strip()
    surname, _, given = names.partition(",")
    return surname, given


# --- Checks of one passenger ----------------------------------------------------------------


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
        note("nationality", "unknown_nationality", f"{nationality!r} is not an ICAO code.")
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
        note(prefix + "issuing_state", "unknown_issuing_state", f"{state!r} is not an ICAO code.")


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
