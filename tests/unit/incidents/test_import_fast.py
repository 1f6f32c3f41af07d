"""The fast path of the import (``import_fast``) must agree with ``IncidentIn``: a row it accepts
is one ``IncidentIn`` accepts, with the same stored values, person counts and content hash;
a row ``IncidentIn`` refuses is never accepted (it goes to ``IncidentIn``, which words the
problems). Rows are generated: valid ones written in usual and unusual ways, and valid ones with
one cell spoilt."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from bench.import_incidents import _row as bench_row
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.import_fast import check_chunk, fast_chunk
from rcf.incidents.import_rows import CheckedReport, RowSpec, Target, check_row, prepare, row_spec
from tests.factories import incident_data

RATES = (("USD", Decimal("1")), ("THB", Decimal("0.0275")), ("EUR", Decimal("1.0833")))
SPECS = {
    driver: row_spec({name: i for i, name in enumerate(COLUMN_NAMES)}, len(COLUMN_NAMES), 300, t)
    for driver, t in (
        ("sqlite", Target("sqlite", RATES)),
        ("postgresql", Target("postgresql+psycopg", RATES)),
    )
}
TODAY = date.today()


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


# Per column: values IncidentIn takes (some written unusually), then values it refuses or that
# only some rows allow. The fast path must agree with IncidentIn on every one of them.
GOOD: dict[str, list[str]] = {
    "reference": ["R-1", "a", "X.Y/Z:1-2_", "R" * 64, " R-2 "],
    "kind": ["maritime_interception", "OTHER", "document_fraud "],
    "occurred_on": ["2020-01-01", "1990-01-01", _day(0), _day(-1), "2024-02-29"],
    "occurred_time": ["", "04:30", "23:59", "00:00", "04:30:15"],
    "country": ["THA", "idn", " MYS ", "XXA", "\uff34\uff28\uff21"],  # full-width THA
    "location_name": ["", "Rote Island", "Île « Ré »", "x" * 200, 'a "quoted", \\ place'],
    "latitude": [
        "",
        "-10.9",
        "0",
        "-0",
        "90",
        "-90",
        "12.3456",
        "-0.0001",
        "1.50",
        "89.9999999999",
    ],
    "longitude": ["", "122.9", "-180", "180", "0.5", "100.000", "-0.0", "1.5000000000"],
    "border_type": ["", "sea", "AIR", "land"],
    "checkpoint": ["", "Gate 1", "\uff46\uff55\uff4c\uff4c"],
    "origin_country": ["", "LKA", "afg", "IRN"],
    "transit_countries": ["", "IND", "ind|MYS", " IND | | MYS "],
    "embarkation_point": ["", "Negombo"],
    "destination_country": ["", "AUS", "nzl", "LKA"],
    "transport_means": ["", "boat", "ON_FOOT", "unknown"],
    "vehicle_type": ["", "fishing trawler", "v" * 100],
    "transport_identifier": ["", "KM 7"],
    "methods": ["", "clandestine_entry", "concealment|CLANDESTINE_ENTRY", "other|other"],
    "persons": [
        "",
        "LKA/M/adult=20",
        "LKA/M/adult=20|LKA/F/child=4",
        "lka/F/child=3",
        " LKA / M / adult = 2 | IRN/X/unknown=100000",
        "AFG/U/child=1|AFG/U/adult=1|AFG/F/child=2",
    ],
    "unaccompanied_children": ["", "0", "", "1"],
    "separated_children": ["", "0", "", "1"],
    "smuggled": ["", "yes", "NO", "unknown"],
    "fee_amount": ["", "3000", "3000.50", "3000.5", "0", "0.01", "100000000000", "007"],
    "fee_currency": ["", "USD", "thb", "EUR", "JPY"],
    "fee_basis": ["", "per_person", "TOTAL"],
    "payment_method": ["", "cash", "hawala", "Crypto"],
    "facilitators": ["", "2/transporter/IDN", "1/organiser/", "1/guide/idn|3/financier/THA"],
    "fraudulent_documents": ["", "passport/IRN/counterfeit", "visa//impostor"],
    "deaths": ["", "0", "3", "100000"],
    "missing": ["", "0", "2"],
    "returned": ["", "0", "", "5"],
    "asylum_claims": ["", "0", "1"],
    "arrests": ["", "0", "2", "3"],
    "prosecutions": ["", "0", "1", "2"],
    "trafficking_suspected": ["", "yes", "unknown"],
    "narrative": ["", "Synthetic.", "Line one\nline two", "tab\there", "emoji 🚤 ok"],
    "impact_level": ["", "low", "HIGH", "critical"],
    "visibility": ["", "national", "regional", "MEMBERS"],
    "shared_with": ["", "IDN", "idn|THA", "THA|THA", "ABCDEFGHIJ"],
    "handling_code": ["", "H0", "h3", "H2"],
    "handling_restriction": ["", "Police only"],
    "source_reliability": ["", "A", "b", "X"],
    "information_accuracy": ["", "1", "4"],
    "review_date": ["", _day(400), _day(2)],
}
BAD: dict[str, list[str]] = {
    "reference": ["", "-R", "R 1", "R" * 65, "Ré", "R-1\nR-2"],
    "kind": ["", "boat", "maritime interception"],
    "occurred_on": [
        "",
        "2020-01-01\n2020-01-02",
        "2026-02-30",
        "20200101",
        "2020-1-1",
        "1989-12-31",
        _day(1),
        "2020-01-01T00:00",
    ],
    "occurred_time": ["24:00", "04:60", "4h30", "04:30 pm", "4:30"],
    "country": ["", "ZZZ", "TH", "THAI", "T\x00A"],
    "location_name": ["x" * 201, "x" * 301],
    "latitude": ["91", "-90.0001", "1e1", "nan", "inf", "+5", "1,5", "--1", "1.5\n2.5", "1.\u0665"],
    "longitude": ["181", "-180.5", "0x10", "1_0", "1\n2"],
    "border_type": ["river", "s"],
    "checkpoint": ["c" * 201],
    "origin_country": ["ZZZ", "IND"],
    "transit_countries": ["IND|IND", "ZZZ", "LKA", "AUS", "|".join(["IND"] * 21)],
    "destination_country": ["ZZZ", "LKA|AUS"],
    "transport_means": ["ship", "on foot"],
    "vehicle_type": ["v" * 101],
    "methods": ["teleport", "clandestine entry"],
    "persons": [
        "LKA/M/adult",
        "LKA/M/adult=0",
        "LKA/M/adult=100001",
        "LKA/m/adult=2",
        "LKA/M/Adult=2",
        "ZZZ/M/adult=2",
        "LKA-M-adult=2",
        "LKA/M/adult=2|LKA/M/adult=3",
        "LKA/M/adult=1.5",
        "LKA/M/adult=+2",
    ],
    "unaccompanied_children": ["-1", "1.0", "100001", "5", "x"],
    "separated_children": ["9", "+1", " 1 1"],
    "smuggled": ["maybe", "y"],
    "fee_amount": ["-1", "0.125", "1e3", "100000000001", "1,000", "abc", "NaN", "1\u0660"],
    "fee_currency": ["ZZZ", "US"],
    "fee_basis": ["monthly"],
    "payment_method": ["gold"],
    "facilitators": ["0/guide/", "2/Transporter/IDN", "2/transporter", "x/guide/", "2/guide/ZZZ"],
    "fraudulent_documents": ["passport/IRN", "passport/ZZZ/forged", "card/IRN/forged"],
    "deaths": ["-1", "100001", "one", "1\u0663", "\u0663"],  # Arabic-Indic digits
    "missing": ["1e2"],
    "returned": ["1000"],
    "asylum_claims": ["1000"],
    "arrests": ["-2"],
    "prosecutions": ["9"],
    "trafficking_suspected": ["perhaps"],
    "narrative": ["n" * 301, "nul \x00 inside"],
    "impact_level": ["huge"],
    "visibility": ["public"],
    "shared_with": ["|".join(f"M{i}" for i in range(101))],
    "handling_code": ["H4", "H3"],
    "handling_restriction": ["r" * 501],
    "source_reliability": ["D", "AB"],
    "information_accuracy": ["0", "5", "one"],
    "review_date": [_day(0), _day(-3), "2026-13-01"],
}
assert set(GOOD) | {"embarkation_point", "transport_identifier"} >= set(COLUMN_NAMES)


def cells_of(row: dict[str, str]) -> list[str]:
    return [row.get(name, "") for name in COLUMN_NAMES]


def expected(cells: list[str], spec: RowSpec) -> CheckedReport | None:
    """What the path through IncidentIn makes of the row (None: it refuses it)."""
    report = check_row(2, cells, spec)
    return None if isinstance(report, list) else prepare(2, report, spec.target, keep_report=False)


def assert_agrees(rows: list[list[str]], spec: RowSpec) -> list[CheckedReport | None]:
    chunk = [(n + 2, cells) for n, cells in enumerate(rows)]
    fast = fast_chunk(spec, chunk)
    for (line, cells), found in zip(chunk, fast, strict=True):
        report = check_row(line, cells, spec)
        if isinstance(report, list):
            assert found is None, f"the fast path accepted a row IncidentIn refuses: {report}"
        elif found is not None:
            assert found == prepare(line, report, spec.target, keep_report=False)
    return fast


def _given(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from([value for value in GOOD[name] if value])


# Columns whose values depend on each other (the schema's rules across fields): drawn together
# so that most rows are valid, in any of the ways GOOD writes each value.
JOINT: dict[tuple[str, ...], st.SearchStrategy[tuple[str, ...]]] = {
    ("latitude", "longitude"): st.just(("", ""))
    | st.tuples(_given("latitude"), _given("longitude")),
    ("fee_amount", "fee_currency", "fee_basis", "payment_method"): st.just(("", "", "", ""))
    | st.tuples(
        _given("fee_amount"),
        _given("fee_currency"),
        _given("fee_basis"),
        st.sampled_from(GOOD["payment_method"]),
    ),
    ("visibility", "shared_with"): st.tuples(
        st.sampled_from(["", "national", "regional"]), st.just("")
    )
    | st.tuples(st.sampled_from(["members", "MEMBERS"]), _given("shared_with")),
    ("handling_code", "handling_restriction"): st.tuples(
        st.sampled_from(["", "H0", "H2"]), st.sampled_from(GOOD["handling_restriction"])
    )
    | st.tuples(st.sampled_from(["H3", "h3"]), _given("handling_restriction")),
    ("origin_country", "transit_countries", "destination_country"): st.sampled_from(
        [("", "", ""), ("LKA", "IND", "AUS"), ("afg", "irn|TUR", "DEU"), ("", "IND|MYS", "IDN")]
    ),
    ("unaccompanied_children", "separated_children", "returned", "asylum_claims"): st.just(
        ("", "", "", "")
    ),
    ("arrests", "prosecutions"): st.sampled_from([("", ""), ("2", "1"), ("3", "3"), ("0", "")]),
}


@st.composite
def good_rows(draw: st.DrawFn) -> dict[str, str]:
    """Valid cells; in 1 row of 4 the related columns are drawn independently (so the rules
    across fields break now and then)."""
    row = {name: draw(st.sampled_from(values)) for name, values in GOOD.items()}
    row["embarkation_point"] = draw(st.text(max_size=12))
    row["transport_identifier"] = draw(st.text(max_size=12))
    if draw(st.integers(0, 3)):
        for names, values in JOINT.items():
            row.update(zip(names, draw(values), strict=True))
    return row


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(good_rows(), min_size=1, max_size=6), driver=st.sampled_from(list(SPECS)))
def test_rows_of_valid_cells_agree_with_the_schema(rows: list[dict[str, str]], driver: str) -> None:
    assert_agrees([cells_of(row) for row in rows], SPECS[driver])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    row=good_rows(),
    column=st.sampled_from(sorted(BAD)),
    pick=st.integers(0, 100),
    driver=st.sampled_from(list(SPECS)),
)
def test_a_row_with_one_bad_cell_is_left_to_the_schema(
    row: dict[str, str], column: str, pick: int, driver: str
) -> None:
    values = BAD[column]
    row = {**row, column: values[pick % len(values)]}
    assert_agrees([cells_of(row), cells_of({**row, "reference": "OTHER-1"})], SPECS[driver])


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40), column=st.sampled_from(list(COLUMN_NAMES)))
def test_any_text_in_any_cell_agrees_with_the_schema(text: str, column: str) -> None:
    row = to_flat(incident_data())
    row[column] = text
    assert_agrees([cells_of(row)], SPECS["sqlite"])


def _bench_rows(count: int) -> list[list[str]]:
    pick = random.Random(11)
    return [cells_of(bench_row(n, pick, date(2020, 1, 1))) for n in range(count)]


@pytest.mark.parametrize("driver", list(SPECS))
def test_rows_as_files_are_written_take_the_fast_path(driver: str) -> None:
    """Exported rows, template rows and generated rows: all decided without IncidentIn, with
    the values IncidentIn gives."""
    rows = [cells_of(to_flat(incident_data(reference=f"F-{n}"))) for n in range(3)]
    rows += _bench_rows(500)
    fast = assert_agrees(rows, SPECS[driver])

    assert None not in fast
    assert [report.row for report in fast if report] == list(range(2, len(rows) + 2))


def test_a_bad_row_leaves_its_neighbours_on_the_fast_path() -> None:
    rows = _bench_rows(5)
    rows[2][COLUMN_NAMES.index("country")] = "ZZZ"
    rows[3] = rows[3] + ["extra value"]
    rows[4] = rows[4][:3]  # a short row: its missing cells are empty (the country is required)

    fast = assert_agrees(rows, SPECS["sqlite"])

    assert [found is not None for found in fast] == [True, True, False, False, False]


def test_persons_remembered_from_a_previous_chunk_read_the_same() -> None:
    """Persons cells are remembered across chunks (they repeat in a file): a remembered cell
    gives what reading it gives, and a refused one is never remembered as good."""
    persons = COLUMN_NAMES.index("persons")
    rows = _bench_rows(4)
    rows[1][persons] = rows[0][persons]
    rows[2][persons] = "LKA/M/adult=0"  # a count of 0: IncidentIn refuses it
    rows[3][persons] = "LKA/M/adult=5|LKA/F/child=2"
    first = assert_agrees(rows, SPECS["sqlite"])
    again = assert_agrees([row[:] for row in reversed(rows)], SPECS["sqlite"])

    assert [found is not None for found in first] == [True, True, False, True]
    assert [found is not None for found in again] == [True, False, True, True]
    assert again[0] is not None
    assert first[3] is not None
    assert again[0].persons == first[3].persons


def test_a_chunk_checks_every_row_with_the_schemas_messages() -> None:
    rows = _bench_rows(3)
    rows[1][COLUMN_NAMES.index("persons")] = "LKA-M-adult=2"
    chunk = [(n + 2, cells) for n, cells in enumerate(rows)]

    found = check_chunk(SPECS["sqlite"], chunk, False)

    assert isinstance(found[0], CheckedReport)
    assert isinstance(found[2], CheckedReport)
    assert found[1] == check_row(3, rows[1], SPECS["sqlite"])


def test_a_csv_written_by_a_spreadsheet_reads_the_same() -> None:
    """Quoted cells with commas, quotes and line breaks survive the column-wise reading."""
    row = to_flat(incident_data(narrative='He said "go", then, later:\r\nleft.'))
    out = io.StringIO()
    csv.writer(out).writerow(cells_of(row))
    cells = next(csv.reader(io.StringIO(out.getvalue())))

    [found] = assert_agrees([cells], SPECS["sqlite"])

    assert found is not None


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reference", "R-1\nR-2"),
        ("occurred_on", "2020-01-01\n2020-01-02"),
        ("latitude", "1.5\n2.5"),
        ("narrative", "two\nlines"),
    ],
)
def test_a_cell_with_a_line_break_is_never_read_as_two(column: str, value: str) -> None:
    """Whole columns are matched one line a cell: a line break inside a cell must not pass."""
    rows = _bench_rows(3)
    rows[1][COLUMN_NAMES.index(column)] = value

    fast = assert_agrees(rows, SPECS["sqlite"])

    assert fast[0] is not None
    assert fast[2] is not None
