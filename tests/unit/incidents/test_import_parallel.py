"""Large files are checked by worker processes: the outcome must be the one of checking them in
this process, problem for problem and value for value, in the same order."""

from __future__ import annotations

import csv
import io
import threading
from decimal import Decimal

import pytest

from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import CLI_LIMITS, FileRefused, Limits, Table, open_table
from rcf.incidents.importing import (
    PARALLEL_FROM,
    Checked,
    Target,
    can_use_workers,
    check_table,
    keep_none,
)
from tests.factories import incident_data

CODES = frozenset({"THA", "IDN", "RSO"})
ROWS = PARALLEL_FROM + 1_500
TARGET = Target("sqlite", (("USD", Decimal("1")), ("THB", Decimal("0.0275"))))


def _content() -> bytes:
    template = to_flat(incident_data())
    rows = []
    for n in range(ROWS):
        row = {**template, "reference": f"P-{n}", "deaths": str(n % 3)}
        if n % 5 == 0:
            row.update(fee_currency="THB", fee_amount=str(1000 + n), fee_basis="total")
        rows.append(row)
    rows[10]["country"] = "ZZZ"
    rows[2_345]["reference"] = "P-7"  # a duplicate, across chunks
    rows[4_321]["persons"] = "LKA-M-adult"
    rows[5_432].update(visibility="members", shared_with="IDN|XYZ")
    rows[6_001].update(visibility="members", shared_with="idn|rso")
    rows[6_400]["occurred_on"] = "2026-02-30"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMN_NAMES), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


CONTENT = _content()


def _table(limits: Limits = CLI_LIMITS) -> Table:
    return open_table("big.csv", io.BytesIO(CONTENT), len(CONTENT), limits)


def _check(workers: int, keep_every: int) -> Checked:
    def keep(reference: str, digest: str) -> bool:
        return int(reference.split("-")[1]) % keep_every == 0

    table = _table()
    try:
        return check_table(table, CODES, target=TARGET, keep=keep, workers=workers)
    finally:
        table.close()


def test_workers_find_the_same_problems_and_values_as_one_process() -> None:
    serial = _check(workers=1, keep_every=1000)
    parallel = _check(workers=2, keep_every=1000)

    assert parallel.rows == serial.rows == ROWS
    assert [(p.row, p.column) for p in serial.problems] == [
        (12, "country"),
        (2_347, "reference"),
        (4_323, "persons"),
        (5_434, "shared_with"),
        (6_402, "occurred_on"),
    ]
    assert parallel.problems == serial.problems
    assert parallel.problem_count == serial.problem_count
    assert parallel.reports == serial.reports
    kept = [item.reference for item in parallel.reports if item.report is not None]
    assert kept == ["P-0", "P-1000", "P-2000", "P-3000", "P-4000", "P-5000", "P-6000"]
    assert parallel.reports[3].incident == serial.reports[3].incident


def test_a_file_refused_half_way_stops_the_workers_and_is_reported() -> None:
    small = Limits(max_bytes=CLI_LIMITS.max_bytes, max_rows=PARALLEL_FROM + 100)
    table = _table(small)

    with pytest.raises(FileRefused, match="more than"):
        check_table(table, CODES, target=TARGET, workers=2)
    table.close()


def test_outside_the_main_thread_the_file_is_checked_in_this_process() -> None:
    """A web request runs in a server thread: no fork there, the same outcome."""
    found: list[tuple[bool, Checked]] = []
    thread = threading.Thread(
        target=lambda: found.append((can_use_workers(), _check(workers=2, keep_every=1000)))
    )
    thread.start()
    thread.join()

    [(forks, checked)] = found
    assert can_use_workers() is True
    assert forks is False
    assert checked.reports == _check(workers=2, keep_every=1000).reports


def test_a_first_import_taking_whole_chunks_finds_what_row_by_row_finds() -> None:
    """With nothing to keep (``keep_none``, a first import) the chunks without a problem, a
    repeated reference or a shared report are taken whole: duplicates across chunks, unknown
    member codes and every problem are still found, in the same order."""

    def never(reference: str, digest: str) -> bool:
        return False

    table = _table()
    row_by_row = check_table(table, CODES, target=TARGET, keep=never, workers=1)
    table.close()
    for workers in (1, 2):
        table = _table()
        whole = check_table(table, CODES, target=TARGET, keep=keep_none, workers=workers)
        table.close()
        assert whole.problems == row_by_row.problems
        assert whole.rows == row_by_row.rows == ROWS
        assert whole.reports == row_by_row.reports
    assert [p.row for p in row_by_row.problems] == [12, 2_347, 4_323, 5_434, 6_402]
