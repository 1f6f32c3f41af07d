"""Passenger manifests read into passengers, each with the problems of its documents.

Pure: bytes in, a :class:`Manifest` out; nothing raises on any input. Three formats, told apart
by their content rather than their name: CSV with a header row and XLSX (both read by the
incident importer's safe file reader, :mod:`rcf.incidents.import_files`) and UN/EDIFACT PAXLST
advance passenger information (:mod:`rcf.documents.paxlst`).

Each passenger is normalised and checked by :mod:`rcf.documents.manifest_passengers` (whose
classes, the contents of a :class:`Manifest`, are exported here too). A file that cannot be
read safely gives no passengers and one problem saying why (a partial list would look like a
complete check).
"""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

from rcf.documents.manifest_passengers import (
    ManifestDocument,
    ManifestProblem,
    Passenger,
    build_passenger,
)
from rcf.documents.paxlst import RawDocument, RawPassenger, looks_like_paxlst, read_paxlst
from rcf.incidents.import_files import (
    MAGIC_ZIP,
    UPLOAD_LIMITS,
    FileRefused,
    Limits,
    Table,
    open_table,
)

__all__ = [
    "HEADER_ALIASES",
    "REQUIRED_COLUMNS",
    "Manifest",
    "ManifestDocument",
    "ManifestProblem",
    "Passenger",
    "map_header",
    "read_manifest",
    "read_manifest_file",
    "split_names",
    "without_cycle_collection",
]

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
