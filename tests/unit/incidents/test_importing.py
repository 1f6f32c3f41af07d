"""Reading and checking incident files without a database: the abuse cases D3 and D4."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_files import (
    CLI_LIMITS,
    UPLOAD_LIMITS,
    FileRefused,
    Limits,
    Table,
    open_table,
)
from rcf.incidents.import_template import data_dictionary, template_xlsx
from rcf.incidents.importing import Problem, check_table, problems_csv, shown
from rcf.spreadsheets import neutralise_cell as neutralise
from tests.factories import incident_data

CODES = frozenset({"THA", "IDN", "RSO"})
DOCS = Path(__file__).parents[3] / "docs" / "data" / "incidents.md"


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(COLUMN_NAMES), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def rows(count: int = 1, **overrides: object) -> list[dict[str, str]]:
    return [to_flat(incident_data(reference=f"U-{n}", **overrides)) for n in range(count)]


def table_of(content: bytes, name: str = "f.csv", limits: Limits = CLI_LIMITS) -> Table:
    return open_table(name, io.BytesIO(content), len(content), limits)


def check(content: bytes, name: str = "f.csv") -> list[Problem]:
    table = table_of(content, name)
    try:
        return check_table(table, CODES).problems
    finally:
        table.close()


def refusal(content: bytes, name: str = "f.csv", limits: Limits = CLI_LIMITS) -> str:
    def read_all() -> None:
        table = table_of(content, name, limits)
        try:
            check_table(table, CODES)
        finally:
            table.close()

    with pytest.raises(FileRefused) as caught:
        read_all()
    return caught.value.detail


# --- CSV (D3) -----------------------------------------------------------------------------------


def test_a_valid_file_with_a_bom_has_no_problem() -> None:
    table = table_of(b"\xef\xbb\xbf" + csv_bytes(rows(3)))

    checked = check_table(table, CODES)
    table.close()

    assert checked.problems == []
    assert [item.report.reference for item in checked.reports] == ["U-0", "U-1", "U-2"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("reference,kind\n".encode("utf-16"), "UTF-16"),
        (csv_bytes(rows(1, location_name="Île-de-Java")).replace(b"\xc3\x8e", b"\xce"), "UTF-8"),
        ((",".join(f"c{n}" for n in range(10_000)) + "\n").encode(), "10,000 columns"),
        (b"", "empty"),
    ],
    ids=["utf-16", "latin-1", "10000 columns", "empty"],
)
def test_unreadable_csv_is_refused_clearly(content: bytes, message: str) -> None:
    assert message in refusal(content)


def test_a_10_mb_field_is_refused_without_reading_it_all() -> None:
    content = csv_bytes(rows(1)) + b'X-1,other,2025-01-01,THA,"' + b"a" * 10_000_000 + b'"\n'

    assert "Line 3 is not readable as CSV" in refusal(content)


def test_an_unbalanced_quote_is_refused_with_its_line() -> None:
    content = csv_bytes(rows(2)) + b'X-1,other,2025-01-01,"THA\n'

    assert "Line 4" in refusal(content)


def test_a_long_cell_and_nul_bytes_are_row_problems() -> None:
    data = rows(2)
    data[0]["narrative"] = "n" * 10_001
    data[1]["location_name"] = "Port\x00Klang"

    problems = check(csv_bytes(data))

    assert [(p.row, p.column) for p in problems] == [(2, "narrative"), (3, "location_name")]
    assert problems[1].value == "Port\\x00Klang"
    assert problems[0].value.endswith("…")
    assert len(problems[0].value) <= 61


def test_header_problems_are_listed_on_row_one() -> None:
    header = ["reference", "kind", "kind", "occurred_on", "colour"]

    problems = check(csv_bytes([], header=header))

    assert {(p.row, p.column, p.message) for p in problems} == {
        (1, "kind", "This column appears twice."),
        (1, "colour", "Unknown column."),
        (1, "country", "This required column is missing."),
    }


def test_full_width_and_lower_case_codes_are_normalised() -> None:
    data = rows(1)
    data[0].update(
        reference="ＴＨＡ－００１",  # noqa: RUF001 - full-width on purpose
        country="ｉｄｎ",  # noqa: RUF001
        kind="Maritime_Interception",
        fee_currency="usd",
    )

    table = table_of(csv_bytes(data))
    checked = check_table(table, CODES)
    table.close()

    report = checked.reports[0].report
    assert checked.problems == []
    assert (report.reference, report.country, report.fee_currency) == ("THA-001", "IDN", "USD")


def test_every_row_problem_names_row_column_and_value() -> None:
    data = rows(4)
    data[0]["occurred_on"] = "14/03/2026"
    data[1]["persons"] = "LKA/M"
    data[2]["shared_with"], data[2]["visibility"] = "ZZZ", "members"
    data[3]["reference"] = "U-2"

    problems = check(csv_bytes(data))

    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "occurred_on", "14/03/2026"),
        (3, "persons", "LKA/M"),
        (4, "shared_with", "ZZZ"),
        (5, "reference", "U-2"),
    ]
    assert problems[3].message == "The same reference is already on row 4."
    assert "YYYY-MM-DD" in problems[0].message


def test_a_model_rule_is_reported_against_the_row() -> None:
    problems = check(csv_bytes(rows(1, arrests=0, prosecutions=3)))

    assert [(p.column, p.message) for p in problems] == [
        ("(row)", "More prosecutions (3) than arrests (0).")
    ]


def test_more_values_than_header_columns() -> None:
    content = csv_bytes(rows(1)).rstrip(b"\r\n") + b",surplus\r\n"

    assert check(content)[0].message == "More values than the header has columns."


def test_the_row_limit_is_enforced() -> None:
    small = Limits(max_bytes=10_000_000, max_rows=3)

    assert "more than 3 rows" in refusal(csv_bytes(rows(4)), limits=small)


def test_the_byte_limit_is_checked_before_reading() -> None:
    content = csv_bytes(rows(1))
    tiny = Limits(max_bytes=100, max_rows=10)

    assert "the limit is 100 bytes" in refusal(content, limits=tiny)


# --- XLSX (D4) ----------------------------------------------------------------------------------


def zip_of(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def workbook(*lines: list[object]) -> bytes:
    book = Workbook()
    for line in lines:
        book.active.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    parts[name] = data
    return zip_of(parts)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


def test_a_workbook_reads_like_a_csv() -> None:
    header = list(COLUMN_NAMES)
    content = workbook(header, [rows(1)[0][name] for name in header])

    assert check(content, "book.xlsx") == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("book.xlsm", b"PK\x03\x04", "macros"),
        ("book.xlsx", b"MZ\x90\x00 not a workbook", "not an .xlsx workbook"),
        ("book.xlsx", b"PK\x03\x04 broken", "damaged"),
        ("book.xlsx", zip_of({"xl/a.xml": b"\0" * 5_000_000}), "zip bomb"),
        ("book.xlsx", zip_of({"../../etc/passwd": b"x"}), "unsafe name"),
        ("book.xlsx", zip_of({"xl/vbaProject.bin": b"x"}), "macros"),
        ("book.xlsx", zip_of({"xl/externalLinks/externalLink1.xml": b"<x/>"}), "external links"),
    ],
    ids=["xlsm", "magic", "broken zip", "zip bomb", "zip slip", "vba", "external link"],
)
def test_unsafe_workbooks_are_refused(name: str, content: bytes, message: str) -> None:
    assert message in refusal(content, name)


def test_billion_laughs_is_refused() -> None:
    content = with_part(workbook(["reference"]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)

    assert "cannot be read safely" in refusal(content, "book.xlsx")


def test_the_unpacked_size_is_capped() -> None:
    content = zip_of({"xl/a.xml": b"<a/>" * 200, "xl/b.xml": b"<b/>" * 200}, zipfile.ZIP_STORED)
    small = Limits(max_bytes=10_000_000, max_rows=10, max_unzipped_bytes=1000)

    assert "unpacks to 1,600 bytes" in refusal(content, "book.xlsx", small)


def test_the_template_workbook_has_the_header_and_a_column_sheet() -> None:
    table = table_of(template_xlsx(), "template.xlsx", UPLOAD_LIMITS)

    assert table.header == list(COLUMN_NAMES)
    assert list(table.rows) == []
    table.close()


# --- Reports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_problem_csv_cells_cannot_become_formulas(start: str) -> None:
    text = problems_csv([Problem(2, "kind", start + "cmd|' /C calc'!A0", "Choose one.")])

    assert neutralise(start + "x") == "'" + start + "x"
    assert list(csv.reader(io.StringIO(text)))[1][2].startswith("'" + start)


def test_shown_values_are_short_and_printable() -> None:
    assert shown("a\nb\x1b[31m") == "a\\nb\\x1b[31m"
    assert len(shown("x" * 1000)) == 61


def test_the_data_dictionary_is_up_to_date() -> None:
    text = DOCS.read_text(encoding="utf-8")

    assert text == data_dictionary(), "regenerate docs/data/incidents.md (see its header)"
    for name in COLUMN_NAMES:
        assert f"| `{name}` |" in text
