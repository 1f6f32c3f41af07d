"""The offline batch contract: screen a file of queries against a watchlist file, no database.

``W.csv``: ``id, primary_name, aliases, birth_dates, nationalities, gender`` (the three plural
columns JSON lists; birth dates ``YYYY-MM-DD``, ``YYYY`` or ``YYYY..YYYY``; nationalities ISO
3166-1 alpha-2); further columns ignored. ``Q.csv``: ``query_id, name, birth_date, nationality``
(the last two may be empty). ``R.csv``: ``query_id,candidate_id,score``, at most ``limit`` rows
per query, strongest first. Files are read with the importer's checks (UTF-8 with or without a
BOM, CSV or XLSX, size caps); a bad cell stops the run with its file, line and column. The query
file is streamed: checked whole first (so a bad cell stops the run before the long part), then
read again and screened in chunks, so its size does not bound the memory.
"""

from __future__ import annotations

import csv
import gc
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice
from pathlib import Path

import pycountry

from rcf.incidents.import_files import Limits, Table, open_path
from rcf.screening.index import WatchlistIndex
from rcf.screening.matching import Match
from rcf.screening.persons import BirthDateError, Person, make_person, parse_birth_date
from rcf.spreadsheets import neutralise_cell

WATCHLIST_COLUMNS = ("id", "primary_name", "aliases", "birth_dates", "nationalities", "gender")
QUERY_COLUMNS = ("query_id", "name", "birth_date", "nationality")
OUTPUT_COLUMNS = ("query_id", "candidate_id", "score")
BATCH_LIMITS = Limits(max_bytes=4_000_000_000, max_rows=10_000_000)
PARALLEL_FROM = 2000  # fewer queries than this are not worth starting processes for
CHUNK = 50_000  # queries held at once when screening in worker processes (~75 MB)


class BatchInputError(ValueError):
    """A file of the batch cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class Cell:
    """Where a value came from, for error messages."""

    file: str
    line: int
    column: str

    def error(self, message: str) -> BatchInputError:
        return BatchInputError(f"{self.file}, line {self.line}, column {self.column}: {message}")


def read_watchlist(path: Path) -> list[Person]:
    """Read a watchlist file; raise BatchInputError on the first unusable cell."""
    persons: list[Person] = []
    seen: set[str] = set()
    for where, row in _rows(path, WATCHLIST_COLUMNS, required=("id", "primary_name")):
        person = _watchlist_person(where, row)
        if person.id in seen:
            raise where("id").error(f"the id {person.id!r} appears twice")
        seen.add(person.id)
        persons.append(person)
    return persons


def read_queries(path: Path) -> list[Person]:
    """Read a whole query file; raise BatchInputError on the first unusable cell."""
    return list(iter_queries(path))


def iter_queries(path: Path) -> Iterator[Person]:
    """The queries of a file one by one; BatchInputError on the first unusable cell."""
    for query_id, name, birth, nationality in _query_cells(path):
        yield make_person(query_id, [name], [birth], [nationality] if nationality else [])


def check_queries(path: Path) -> None:
    """Read a query file through without keeping it; BatchInputError on an unusable cell."""
    for _ in _query_cells(path):
        pass


def _query_cells(path: Path) -> Iterator[tuple[str, str, str, str]]:
    """(query_id, name, birth_date, nationality) of each row, checked."""
    seen: set[str] = set()
    for where, row in _rows(path, QUERY_COLUMNS, required=("query_id", "name")):
        query_id = _required(where("query_id"), row["query_id"])
        if query_id in seen:  # its candidates would be written twice, past the limit
            raise where("query_id").error(f"the query_id {query_id!r} appears twice")
        seen.add(query_id)
        birth = row.get("birth_date", "").strip()
        if birth and ".." in birth:
            raise where("birth_date").error("a query birth date is YYYY-MM-DD or YYYY")
        _check_date(where("birth_date"), birth)
        nationality = _country(where("nationality"), row.get("nationality", ""))
        yield query_id, _required(where("name"), row["name"]), birth, nationality


def _watchlist_person(where: Callable[[str], Cell], row: dict[str, str]) -> Person:
    person_id = _required(where("id"), row["id"])
    aliases = _json_list(where("aliases"), row.get("aliases", ""))
    names = [row["primary_name"], *aliases]
    if not any(name.strip() for name in names):
        raise where("primary_name").error("the entry has no name (primary_name and aliases empty)")
    dates = _json_list(where("birth_dates"), row.get("birth_dates", ""))
    for text in dates:
        _check_date(where("birth_dates"), text)
    codes = [_country(where("nationalities"), code) for code in _json_list(
        where("nationalities"), row.get("nationalities", ""))]  # fmt: skip
    return make_person(
        person_id, names, dates, [code for code in codes if code], row.get("gender", "")
    )


def _rows(
    path: Path, columns: Sequence[str], required: Sequence[str]
) -> Iterator[tuple[Callable[[str], Cell], dict[str, str]]]:
    table = _open(path)
    try:
        header = [name.strip().lower() for name in table.header]
        missing = [name for name in required if name not in header]
        if missing:
            raise BatchInputError(f"{path.name}: missing column(s) {', '.join(missing)}")
        wanted = [(position, name) for position, name in enumerate(header) if name in columns]
        repeated = sorted({name for _, name in wanted if header.count(name) > 1})
        if repeated:
            raise Cell(path.name, 1, repeated[0]).error("this column appears twice")
        for line, cells in table.rows:
            row = {
                name: cells[position] if position < len(cells) else "" for position, name in wanted
            }
            yield _locator(path.name, line), row
    except Exception as error:  # the importer's refusal, worded for people, becomes ours
        if isinstance(error, BatchInputError):
            raise
        raise BatchInputError(f"{path.name}: {error}") from None
    finally:
        table.close()


def _locator(file: str, line: int) -> Callable[[str], Cell]:
    def where(column: str) -> Cell:
        return Cell(file, line, column)

    return where


def _open(path: Path) -> Table:
    try:
        return open_path(path, BATCH_LIMITS)
    except OSError as error:
        raise BatchInputError(f"cannot read {path}: {error.strerror}") from None
    except Exception as error:
        raise BatchInputError(f"{path.name}: {error}") from None


def _required(where: Cell, value: str) -> str:
    if not value.strip():
        raise where.error("this cell must not be empty")
    return value.strip()


def _json_list(where: Cell, text: str) -> list[str]:
    if not text.strip():
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise where.error(f"not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.error('expected a JSON list of strings, such as ["a", "b"]')
    return value


def _check_date(where: Cell, text: str) -> None:
    if not text.strip():
        return
    try:
        parsed = parse_birth_date(text)
        if parsed.month is not None and parsed.day is not None:
            date(parsed.first_year, parsed.month, parsed.day)
    except BirthDateError as error:
        raise where.error(str(error)) from None
    except ValueError:
        raise where.error(f"{text.strip()!r} is not a day of the calendar") from None


def _country(where: Cell, code: str) -> str:
    code = code.strip().upper()
    if not code:
        return ""
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    raise where.error(f"{code!r} is not an ISO 3166-1 alpha-2 country code")


# --- screening and output -----------------------------------------------------------------------

_INDEX: WatchlistIndex | None = None  # the index a forked worker inherited


def screen_file(
    watchlist: Path, queries: Path, output: Path, *, limit: int = 10, workers: int = 0
) -> int:
    """Screen every query, write the result file, return the number of rows written."""
    index = WatchlistIndex.build(read_watchlist(watchlist))
    check_queries(queries)
    people = iter_queries(queries)
    partial = output.with_name(output.name + ".partial")
    rows = 0
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(OUTPUT_COLUMNS)
            for query_id, matches in screen_queries(index, people, limit=limit, workers=workers):
                for match in matches:
                    writer.writerow(_output_row(query_id, match))
                    rows += 1
        partial.replace(output)  # a failed or killed run never leaves a half-written result
    finally:
        partial.unlink(missing_ok=True)
    return rows


def screen_queries(
    index: WatchlistIndex, queries: Iterable[Person], *, limit: int, workers: int = 0
) -> Iterator[tuple[str, list[Match]]]:
    """Each query's id and matches, in query order; in worker processes for large batches."""
    count = workers or min(2, os.cpu_count() or 1)
    stream = iter(queries)
    head = list(islice(stream, PARALLEL_FROM))
    if (
        count < 2
        or len(head) < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        yield from ((query.id, index.screen(query, limit)) for query in chain(head, stream))
        return
    global _INDEX
    _INDEX = index  # forked workers inherit the index instead of receiving a copy
    context = multiprocessing.get_context("fork")
    # A worker's full garbage collection would visit, and so copy, every object of the index
    # it shares with the parent (millions at 1M names): frozen objects are never visited.
    gc.freeze()
    try:
        with context.Pool(count) as pool:
            for chunk in _chunks(chain(head, stream), CHUNK):
                work = [(query, limit) for query in chunk]
                yield from pool.imap(_screen_in_worker, work, chunksize=256)
    finally:
        gc.unfreeze()


def _chunks(queries: Iterator[Person], size: int) -> Iterator[list[Person]]:
    while chunk := list(islice(queries, size)):
        yield chunk


def _screen_in_worker(work: tuple[Person, int]) -> tuple[str, list[Match]]:
    query, limit = work
    assert _INDEX is not None
    return query.id, _INDEX.screen(query, limit)


def _output_row(query_id: str, match: Match) -> list[str]:
    return [neutralise_cell(query_id), neutralise_cell(match.candidate_id), f"{match.score:.4f}"]
