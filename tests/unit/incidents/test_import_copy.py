"""COPY text made by the import's workers (PostgreSQL): what the server reads back must be the
value itself (the database round trip is pinned in functional/incidents/test_import_values.py)."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from rcf.incidents.import_copy import copy_field, copy_lines, copy_rows


def test_null_and_the_characters_copy_escapes() -> None:
    assert copy_field(None) == "\\N"
    assert copy_field("\\N") == "\\\\N"  # the text, not NULL
    assert copy_field("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e"
    assert copy_field("") == ""


def test_other_values_in_the_form_postgresql_reads() -> None:
    assert copy_field(3) == "3"
    assert copy_field(0.25) == "0.25"
    assert copy_field(Decimal("12.50")) == "12.50"
    assert copy_field(date(2024, 2, 29)) == "2024-02-29"
    assert copy_field(time(4, 30)) == "04:30:00"


def test_lines_from_columns_treat_every_column_as_copy_field_does() -> None:
    columns = [
        ["plain", "tab\there"],
        ["", None],
        [1, 2],
        [0.5, None],
        ["a", "b"],
    ]
    rows = list(zip(*columns, strict=True))

    assert copy_lines(columns) == ["\t".join(map(copy_field, row)) for row in rows]
    assert copy_lines(columns)[1] == "tab\\there\t\\N\t2\t\\N\tb"


def test_rows_get_their_prefix_and_a_line_break() -> None:
    assert copy_rows(["1", "2"], ["a\tb", "c\td"]) == "1\ta\tb\n2\tc\td\n"
