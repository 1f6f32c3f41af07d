"""The pure parts of exports: formula neutralising (D2), file names (D5) and the writers."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from rcf.incidents.columns import COLUMN_NAMES, from_flat
from rcf.incidents.export_parquet import report_from_row
from rcf.incidents.exporting import (
    ExportFormat,
    Tally,
    file_name,
    neutralise_cell,
    restore_cell,
    restore_row,
    write_csv,
    write_json,
    write_parquet,
    write_xlsx,
)
from rcf.incidents.schemas import IncidentIn
from tests.factories import incident_data

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx"]


@pytest.mark.parametrize("value", [*FORMULAS, "\r=1", "'=1", "''+1", "'-x"])
def test_formula_like_cells_are_neutralised_and_restored_exactly(value: str) -> None:
    neutral = neutralise_cell(value)
    assert neutral.startswith("'")
    assert restore_cell(neutral) == value


@pytest.mark.parametrize(
    "value", ["", "-10.9", "+5", "122.9", "Off Rote Island", "'quoted'", "a=b", "2026-03-14"]
)
def test_ordinary_cells_and_numbers_are_left_alone(value: str) -> None:
    assert neutralise_cell(value) == value
    assert restore_cell(value) == value


def test_file_names_carry_no_header_or_path_characters() -> None:
    name = file_name('T"H\r\nA/../;x', ExportFormat.CSV, datetime(2026, 5, 1, 9, 30))
    assert name == "incidents-thax-20260501-0930.csv"  # letters and digits of the code only
    assert file_name("", ExportFormat.PARQUET).startswith("incidents-rcf-")


def report(**overrides: Any) -> dict[str, Any]:
    content = IncidentIn.model_validate(incident_data(**overrides)).model_dump(mode="json")
    return {"id": 7, "owner_member": "THA", "version": 1, **content}


REPORTS = [
    report(narrative='=HYPERLINK("http://evil.test","click")', location_name="+cmd"),
    report(reference="INC-2", checkpoint="@SUM(A1)", narrative='Ünïcode, "quotes"\nnew line'),
]


def test_csv_is_the_import_shape_with_a_bom_and_neutralised_cells() -> None:
    data = b"".join(write_csv(iter(REPORTS)))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMN_NAMES
    assert rows[0]["narrative"].startswith("'=HYPERLINK")
    assert rows[0]["location_name"] == "'+cmd"
    assert rows[0]["latitude"] == "-10.9"  # a number, not a formula
    assert rows[1]["checkpoint"] == "'@SUM(A1)"
    for original, row in zip(REPORTS, rows, strict=True):
        back = IncidentIn.model_validate(from_flat(restore_row(row))).model_dump(mode="json")
        expected = {k: v for k, v in original.items() if k not in ("id", "owner_member", "version")}
        assert back == expected


def test_xlsx_cells_are_strings_never_formulas() -> None:
    data = b"".join(write_xlsx(iter(REPORTS)))
    sheet = load_workbook(io.BytesIO(data)).active
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == COLUMN_NAMES
    narrative = sheet.cell(row=2, column=header.index("narrative") + 1)
    assert narrative.value == REPORTS[0]["narrative"]
    assert narrative.data_type == "s"
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)


def test_json_and_parquet_hold_the_same_reports() -> None:
    tally = Tally(exported=2, left_out=1)
    document = json.loads(b"".join(write_json(iter(REPORTS), tally)))
    assert document["reports"] == REPORTS
    assert document["left_out"]["count"] == 1
    parquet = pq.ParquetFile(io.BytesIO(b"".join(write_parquet(iter(REPORTS), tally))))
    table = parquet.read()
    assert [report_from_row(row) for row in table.to_pylist()] == [
        {**r, "sharing": {**r["sharing"]}} for r in REPORTS
    ]
    assert parquet.metadata.metadata[b"rcf.left_out"] == b"1"


def test_an_empty_export_is_still_a_valid_file() -> None:
    for chunks in (write_csv(iter([])), write_xlsx(iter([]))):
        assert b"".join(chunks)
    assert json.loads(b"".join(write_json(iter([]), Tally())))["reports"] == []
    assert pq.read_table(io.BytesIO(b"".join(write_parquet(iter([]), Tally())))).num_rows == 0
