"""Reading an incident file (CSV or XLSX) safely: the checks made before a single row is parsed.

Pure I/O on bytes or a path; nothing here touches the database. A file is refused as a whole
(``FileRefused``, with a message a person can act on) when it cannot be read safely:

* CSV must be UTF-8 (a BOM is accepted). UTF-16 and legacy code pages such as Latin-1 are
  refused with "save it as CSV UTF-8" rather than guessed at: a wrong guess would silently
  change names of places and vessels.
* XLSX is checked as a zip before openpyxl sees it: the ``PK`` magic bytes, no path traversal
  in member names, no macros (``.xlsm``, ``vbaProject.bin``), no external links, a cap on the
  total uncompressed size and on each member's compression ratio (zip bombs). zipfile itself
  stops reading a member at its declared size (a lying header fails its CRC), so the caps bound
  the bytes actually read. openpyxl parses XML through defusedxml (installed with rcf), which
  refuses entity expansion (billion laughs) and external entities (XXE).
* Caps on the file size, the number of rows and columns and the length of a cell keep time and
  memory bounded whatever the file holds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import IO, Any

from rcf.errors import RcfError
from rcf.incidents.import_blocks import Block, blocks, data_start
from rcf.spreadsheets import restore_cell

MAGIC_ZIP = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class FileRefused(RcfError):
    """The file cannot be read safely or at all; nothing was imported."""

    status = 400
    title = "File refused"
    type_slug = "file-refused"


@dataclass(frozen=True)
class Limits:
    """What one import accepts; the CLI allows far more than an upload through the browser."""

    max_bytes: int
    max_rows: int
    max_columns: int = 100
    max_cell_chars: int = 10_000
    max_unzipped_bytes: int = 2_000_000_000
    max_zip_ratio: int = 200

    @property
    def max_zip_members(self) -> int:
        return 1_000


CLI_LIMITS = Limits(max_bytes=1_000_000_000, max_rows=1_000_000)
UPLOAD_LIMITS = Limits(max_bytes=10_000_000, max_rows=20_000, max_unzipped_bytes=200_000_000)


@dataclass(frozen=True)
class CsvSource:
    """The bytes of a CSV file, for worker processes to parse in blocks (``import_blocks``)
    instead of reading ``Table.rows``."""

    stream: IO[bytes]
    size: int
    limits: Limits

    def blocks(self) -> Iterator[Block] | None:
        """The rows after the header in blocks, or None when the header is not one plain line."""
        start = data_start(self.stream)
        return None if start is None else blocks(self.stream, *start)

    def rows_from(self, block: Block, count: int) -> Iterator[tuple[int, list[str]]]:
        """The rows from the start of ``block`` to the end, read as ``Table.rows`` reads them
        (``count``: the rows before it, for the row limit)."""
        self.stream.seek(block.offset)
        text = io.TextIOWrapper(self.stream, encoding="utf-8", newline="", errors="strict")
        try:
            reader = csv.reader(text, strict=True)
            yield from _csv_rows(reader, self.limits, block.first_line, count)
        finally:
            text.detach()  # the table still owns the stream


@dataclass(frozen=True)
class Table:
    """The header and the rows of a file, read lazily; rows carry their line number.
    ``close()`` releases the file (and the stream it was opened on). A CSV file also gives its
    ``source``, for reading in blocks instead of through ``rows``."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    close: Callable[[], None] = lambda: None
    source: CsvSource | None = None


def file_kind(name: str) -> str:
    """``csv`` or ``xlsx`` from the file name; anything else is refused (so is ``.xlsm``)."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix == ".xlsm":
        raise FileRefused("Files with macros (.xlsm) are refused: save the workbook as .xlsx.")
    if suffix not in (".csv", ".xlsx"):
        raise FileRefused("Choose a .csv or .xlsx file.")
    return suffix[1:]


def open_table(name: str, stream: IO[bytes], size: int, limits: Limits) -> Table:
    """Check the file and return its table; ``stream`` must stay open while rows are read."""
    if size > limits.max_bytes:
        raise FileRefused(f"The file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes.")
    if size == 0:
        raise FileRefused("The file is empty.")
    if file_kind(name) == "xlsx":
        return _xlsx_table(stream, limits)
    return _csv_table(stream, size, limits)


def open_path(path: Path, limits: Limits) -> Table:
    """Open a file on disk as a table; the caller closes it."""
    file_kind(path.name)
    stream = path.open("rb")
    try:
        return open_table(path.name, stream, path.stat().st_size, limits)
    except BaseException:
        stream.close()
        raise


# --- CSV ----------------------------------------------------------------------------------------


def _csv_table(stream: IO[bytes], size: int, limits: Limits) -> Table:
    start = stream.read(4)
    stream.seek(0)
    if start.startswith(UTF16_BOMS):
        raise FileRefused("The file is UTF-16 text: save it as 'CSV UTF-8' and import it again.")
    if start.startswith(MAGIC_ZIP):
        raise FileRefused("The file is a workbook, not CSV text: name it .xlsx or save as CSV.")
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", errors="strict")
    try:
        reader = csv.reader(text, strict=True)
        header = _guarded(lambda: next(reader, None), 1)
        if not header:
            raise FileRefused("The file has no header row.")
        _check_width(header, limits)
    except BaseException:
        text.detach()  # the caller still owns the stream
        raise
    rows = _csv_rows(reader, limits)
    source = CsvSource(stream, size, limits)
    return Table([h.strip() for h in header], rows, text.close, source)


def _csv_rows(
    reader: Any, limits: Limits, first_line: int = 1, count: int = 0
) -> Iterator[tuple[int, list[str]]]:
    """The rows of a reader that starts at line ``first_line``, ``count`` rows read before."""
    while True:
        line = first_line + reader.line_num
        cells = _guarded(lambda: next(reader, None), line)
        if cells is None:
            return
        joined = "".join(cells)
        if not joined or joined.isspace():
            continue  # blank lines, as spreadsheets leave at the end
        count += 1
        if count > limits.max_rows:
            raise too_many_rows(limits)
        # Undo the export's formula guard, so an exported CSV imports back unchanged (only a
        # cell starting with an apostrophe can carry it: most rows have none anywhere).
        yield line, [restore_cell(cell) for cell in cells] if "'" in joined else cells


def too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(f"The file has more than {limits.max_rows:,} rows; split it.")


def _guarded(read: Any, line: int) -> Any:
    try:
        return read()
    except UnicodeDecodeError:
        raise FileRefused(
            f"The file is not UTF-8 text (near line {line}): save it as 'CSV UTF-8'."
        ) from None
    except csv.Error as error:
        raise FileRefused(
            f"Line {line} is not readable as CSV ({error}); look for an unbalanced quote."
        ) from None


def _check_width(header: list[Any], limits: Limits) -> None:
    if len(header) > limits.max_columns:
        raise FileRefused(
            f"The header has {len(header):,} columns; at most {limits.max_columns} are accepted."
        )


# --- XLSX ---------------------------------------------------------------------------------------


def check_workbook_zip(stream: IO[bytes], limits: Limits) -> None:
    """Refuse a workbook whose zip structure is unsafe, before any XML is parsed."""
    if stream.read(4) != MAGIC_ZIP:
        raise FileRefused("The file is not an .xlsx workbook (it does not start like one).")
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_archive(archive, limits)
    except zipfile.BadZipFile:
        raise FileRefused("The workbook is damaged (not a readable zip file).") from None
    stream.seek(0)


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise FileRefused("The workbook has too many parts.")
    total = 0
    for member in members:
        _check_member(member, limits)
        total += member.file_size
    if total > limits.max_unzipped_bytes:
        raise FileRefused(
            f"The workbook unpacks to {total:,} bytes; the limit is "
            f"{limits.max_unzipped_bytes:,}. Split it or save it as CSV."
        )
    types = "[Content_Types].xml"
    if types in archive.NameToInfo and b"macroEnabled" in archive.read(types):
        raise FileRefused("Workbooks with macros are refused: save it as a plain .xlsx.")


def _check_member(member: zipfile.ZipInfo, limits: Limits) -> None:
    name = member.filename
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
        raise FileRefused("The workbook holds a part with an unsafe name; it was refused.")
    lowered = name.lower()
    if lowered.endswith("vbaproject.bin"):
        raise FileRefused("Workbooks with macros are refused: save it as a plain .xlsx.")
    if lowered.startswith("xl/externallinks/"):
        raise FileRefused(
            "The workbook links to other workbooks (external links): paste the values and "
            "remove the links."
        )
    if member.compress_size and member.file_size / member.compress_size > limits.max_zip_ratio:
        raise FileRefused("The workbook is compressed suspiciously well (a zip bomb?); refused.")
    if member.file_size > limits.max_unzipped_bytes:
        raise FileRefused("A part of the workbook is too large; save it as CSV.")


def _xlsx_table(stream: IO[bytes], limits: Limits) -> Table:
    check_workbook_zip(stream, limits)
    from openpyxl import load_workbook  # heavy import, only when a workbook comes

    try:
        book = load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except FileRefused:
        raise
    except Exception as error:  # defusedxml's refusals, broken XML, missing parts
        raise FileRefused(f"The workbook cannot be read safely ({type(error).__name__}).") from None
    if not header:
        book.close()
        raise FileRefused("The first sheet has no header row.")
    names = [_cell_text(value).strip() for value in header]
    while names and not names[-1]:
        names.pop()
    _check_width(names, limits)

    def close() -> None:
        book.close()
        stream.close()

    return Table(names, _xlsx_rows(rows, limits), close)


def _xlsx_rows(rows: Iterator[tuple[Any, ...]], limits: Limits) -> Iterator[tuple[int, list[str]]]:
    count = 0
    for line, values in enumerate(_guarded_xlsx(rows), start=2):
        if len(values) > limits.max_columns * 2:
            raise FileRefused(f"Row {line} has {len(values):,} cells; too many to be a report.")
        cells = [_cell_text(value) for value in values]
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > limits.max_rows:
            raise FileRefused(f"The sheet has more than {limits.max_rows:,} rows; split it.")
        yield line, cells


def _guarded_xlsx(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    try:
        yield from rows
    except Exception as error:
        raise FileRefused(f"The workbook cannot be read safely ({type(error).__name__}).") from None


def _cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV would hold (dates as ISO, 20.0 as 20)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def file_sha256(stream: IO[bytes]) -> str:
    """The SHA-256 of the whole stream, which is left at its start."""
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()
