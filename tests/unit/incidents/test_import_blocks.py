"""A large CSV file is parsed in blocks by the worker processes: the rows, their line numbers and
the outcome of the import must be those of reading the file row by row."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from rcf.incidents import import_blocks, importing
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_blocks import Block, Resequence, block_rows, blocks, data_start
from rcf.incidents.import_files import CLI_LIMITS, FileRefused, Limits, Table, open_table
from rcf.incidents.importing import Checked, Target, can_use_workers, check_table
from tests.factories import incident_data

CODES = frozenset({"THA", "IDN"})
TARGET = Target("sqlite", (("USD", Decimal("1")),))
NARRATIVE = COLUMN_NAMES.index("narrative")
LOCATION = COLUMN_NAMES.index("location_name")


def _csv(rows: list[list[str]], newline: str = "\r\n", bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def _rows(count: int) -> list[list[str]]:
    flat = to_flat(incident_data(reference="X"))
    template = [flat[name] for name in COLUMN_NAMES]
    return [[f"B-{n}", *template[1:]] for n in range(count)]


def _tricky() -> list[list[str]]:
    """Cells with line breaks, quotes, commas, a formula guard and non-ASCII text."""
    rows = _rows(300)
    rows[3][NARRATIVE] = 'Two lines:\nthe "second" one, with a comma'
    rows[50][NARRATIVE] = "Windows\r\nline breaks\r\n"
    rows[51][LOCATION] = "'=SUM(A1)"
    rows[120][LOCATION] = "Đà Nẵng \uff21\uff22"  # full-width letters
    rows[121][NARRATIVE] = '"' * 7
    return rows


def _read_by_rows(content: bytes) -> list[tuple[int, list[str]]]:
    table = open_table("f.csv", io.BytesIO(content), len(content), CLI_LIMITS)
    return list(table.rows)


def _read_by_blocks(content: bytes, size: int) -> list[tuple[int, list[str]]]:
    stream = io.BytesIO(content)
    start = data_start(stream)
    assert start is not None
    return [row for block in blocks(stream, *start, size=size) for row in block_rows(block)]


@pytest.mark.parametrize("size", [64, 1_000, 1 << 20])
@pytest.mark.parametrize(("newline", "bom"), [("\r\n", False), ("\n", True)])
def test_blocks_give_the_rows_and_line_numbers_of_reading_row_by_row(
    size: int, newline: str, bom: bool
) -> None:
    content = _csv(_tricky(), newline, bom)
    content += newline.encode() * 2  # blank lines at the end, as spreadsheets leave

    assert _read_by_blocks(content, size) == _read_by_rows(content)


def test_a_block_ending_inside_a_quoted_cell_is_not_parsed_on_its_own() -> None:
    """A stray quote in an unquoted cell (CSV readers keep it as text) unbalances the count."""
    with pytest.raises(Resequence):
        block_rows(Block(0, 2, b'a,"b\nc,d\n'))
    with pytest.raises(Resequence):
        block_rows(Block(0, 2, b"a,\xff\n"))  # not UTF-8


def test_a_header_on_several_lines_is_read_row_by_row() -> None:
    assert data_start(io.BytesIO(b'"refer\nence",kind\nA,B\n')) is None
    assert data_start(io.BytesIO(b"reference,kind\r\nA,B\r\n")) == (16, 2)


# --- The whole check, through worker processes ---------------------------------------------------


def _check(content: bytes, workers: int, limits: Limits = CLI_LIMITS) -> Checked:
    table = open_table("f.csv", io.BytesIO(content), len(content), limits)
    try:
        return check_table(table, CODES, target=TARGET, workers=workers)
    finally:
        table.close()


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    if not can_use_workers():
        pytest.skip("workers are forked from the main thread only")
    monkeypatch.setattr(importing, "PARALLEL_FROM_BYTES", 1)
    monkeypatch.setattr(import_blocks, "BLOCK_BYTES", 4_096)


def _without_table_rows(content: bytes) -> Table:
    """A table whose rows cannot be read: only its blocks can."""
    table = open_table("f.csv", io.BytesIO(content), len(content), CLI_LIMITS)
    return Table(table.header, iter(()), table.close, table.source)


@pytest.mark.usefixtures("small_blocks")
def test_workers_parsing_blocks_find_what_one_process_finds() -> None:
    rows = _tricky()
    rows[7][COLUMN_NAMES.index("country")] = "ZZZ"
    rows[260][0] = "B-3"  # a duplicate reference, blocks apart
    content = _csv(rows)

    serial, parallel = _check(content, workers=1), _check(content, workers=2)

    assert [(p.row, p.column) for p in serial.problems] == [(10, "country"), (265, "reference")]
    assert parallel.problems == serial.problems
    assert parallel.reports == serial.reports
    assert parallel.rows == serial.rows == 300
    table = _without_table_rows(content)
    assert check_table(table, CODES, target=TARGET, workers=2).reports == serial.reports


@pytest.mark.usefixtures("small_blocks")
def test_a_stray_quote_makes_the_rest_be_read_row_by_row_with_the_same_outcome() -> None:
    rows = _tricky()
    rows[100][LOCATION] = "Pier 5 east"
    rows[101][NARRATIVE] = "One\nline break"  # quoted: a line break inside a cell
    content = _csv(rows).replace(b"Pier 5 east", b'Pier 5" east')  # CSV readers keep it
    with pytest.raises(Resequence):  # a block then ends inside the quoted cell
        _read_by_blocks(content, 4_096)

    serial, parallel = _check(content, workers=1), _check(content, workers=2)

    assert parallel.problems == serial.problems
    assert parallel.reports == serial.reports
    assert parallel.rows == serial.rows == 300


@pytest.mark.usefixtures("small_blocks")
def test_a_bad_file_is_refused_as_when_read_row_by_row() -> None:
    content = _csv(_rows(300))
    broken = content[: len(content) // 2] + b"\xff" + content[len(content) // 2 :]
    with pytest.raises(FileRefused, match="not UTF-8"):
        _check(broken, workers=2)
    with pytest.raises(FileRefused, match="more than 250 rows"):
        _check(content, workers=2, limits=Limits(max_bytes=10**9, max_rows=250))
