"""A large CSV file cut into blocks of bytes that worker processes parse themselves.

Parsing a million rows and sending every cell to a worker cost the importing process more than
all the rest of its work; cutting the file into blocks costs it a few byte counts per block.
Each block ends at a line break where the quotes seen since the start of the block balance (a
line break inside a quoted cell never ends a block, RFC 4180 doubles a quote inside a cell), and
holds whole rows only. A block is parsed exactly as ``import_files`` parses the file (strict
CSV, UTF-8, blank lines skipped, the export's formula guard undone), so its rows, and their line
numbers, are the ones reading the whole file gives.

That holds by induction: the first block starts at the first row, and a block that parses to its
end without error ends where a row ends, so the next one starts at a row. Anything unusual in a
block (not UTF-8, not valid CSV, or a stray quote that made its end fall inside a quoted cell)
raises ``Resequence``: the file is then read row by row from the start of that block, as it
would have been without blocks, and refused or checked with the very messages of that path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, NamedTuple

from rcf.spreadsheets import restore_cell

BLOCK_BYTES = 512 * 1024
BOM = b"\xef\xbb\xbf"


class Block(NamedTuple):
    offset: int  # in the file, where the block's first row starts
    first_line: int  # the line number of that row
    data: bytes


class Resequence(Exception):
    """This block cannot be parsed on its own: read the file row by row from its start."""


def data_start(stream: IO[bytes]) -> tuple[int, int] | None:
    """(offset, line) of the first row after the header, when the header is one plain line
    (no quote, no carriage return inside); otherwise None and the file is read row by row."""
    stream.seek(0)
    head = stream.read(BLOCK_BYTES)
    start = len(BOM) if head.startswith(BOM) else 0
    end = head.find(b"\n", start)
    if end < 0 or b'"' in head[start:end] or b"\r" in head[start : end - 1]:
        return None
    return end + 1, 2


def blocks(stream: IO[bytes], offset: int, line: int, size: int = 0) -> Iterator[Block]:
    """The rest of the file from ``offset`` (the start of row ``line``), in blocks."""
    size = size or BLOCK_BYTES
    stream.seek(offset)
    carry = b""
    while True:
        read = stream.read(size)
        data = carry + read
        if not read:
            if data:
                yield Block(offset, line, data)
            return
        end = _balanced_end(data)
        if end <= 0:
            carry = data
            continue
        block, carry = data[:end], data[end:]
        yield Block(offset, line, block)
        offset += len(block)
        line += _line_breaks(block)


def _balanced_end(data: bytes) -> int:
    """Just after the last line break of ``data`` before which the quotes balance, or 0."""
    end = data.rfind(b"\n")
    quotes = data.count(b'"', 0, end)
    while end >= 0 and quotes % 2:
        previous = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', previous + 1, end)
        end = previous
    return end + 1


def _line_breaks(data: bytes) -> int:
    """Lines as Python's universal newlines count them (``\\n``, ``\\r\\n`` and a lone ``\\r``)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def block_rows(block: Block) -> list[tuple[int, list[str]]]:
    """The rows of a block with their line numbers, as ``import_files`` reads them."""
    try:
        text = block.data.decode("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[tuple[int, list[str]]] = []
        first = block.first_line
        while True:
            line = first + reader.line_num
            cells = next(reader, None)
            if cells is None:
                return rows
            joined = "".join(cells)
            if not joined or joined.isspace():
                continue
            rows.append((line, [restore_cell(c) for c in cells] if "'" in joined else cells))
    except (UnicodeDecodeError, csv.Error):
        raise Resequence from None
