"""Passenger manifests (CSV, XLSX, PAXLST) read into passengers with their documents' problems."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from rcf.documents.manifests import Manifest, Passenger, read_manifest, read_manifest_file
from rcf.incidents.import_files import Limits
from tests.unit.documents.test_paxlst import MESSAGE

TODAY = date(2026, 11, 29)


def read(text: str, **kwargs: object) -> Manifest:
    return read_manifest(text.encode(), today=TODAY, **kwargs)  # type: ignore[arg-type]


def codes(passenger: Passenger) -> list[str]:
    return [p.code for p in passenger.problems]


def test_csv_with_header_spellings_is_read() -> None:
    manifest = read(
        "Passport No,Issuing Country,Last Name,First Name,DOB,Nationality,Gender,Date of Expiry\n"
        "l898-902 c3,uto,Testperson,Anna Maria,1974-08-12,UTO,f,2034-04-15\n"
        "C01X00T47,DEU,Sample,John,800101,D,M,20300101\n"
    )

    assert manifest.format == "csv"
    assert manifest.problems == []
    anna, john = manifest.passengers
    assert (anna.position, anna.document_number, anna.issuing_state) == (2, "L898902C3", "UTO")
    assert (anna.surname, anna.given_names, anna.sex) == ("Testperson", "Anna Maria", "F")
    assert (anna.birth_date, anna.expiry_date) == (date(1974, 8, 12), date(2034, 4, 15))
    assert anna.problems == []
    assert (john.issuing_state, john.nationality, john.birth_date) == ("D", "D", date(1980, 1, 1))
    assert john.expiry_date == date(2030, 1, 1)


@pytest.mark.parametrize(
    ("names", "surname", "given_names"),
    [
        ("TESTPERSON<<ANNA<MARIA", "TESTPERSON", "ANNA MARIA"),
        ("Testperson, Anna Maria", "Testperson", "Anna Maria"),
        ("Madonna", "Madonna", ""),
    ],
)
def test_a_names_column_is_split(names: str, surname: str, given_names: str) -> None:
    manifest = read(f'document_number,issuing_state,names\nX1,THA,"{names}"\n')

    (passenger,) = manifest.passengers
    assert (passenger.surname, passenger.given_names) == (surname, given_names)


@pytest.mark.parametrize(
    ("row", "field", "code"),
    [
        (",THA,,", "document_number", "missing_document_number"),
        ("AB#12,THA,,", "document_number", "invalid_document_number"),
        ("X1,,,", "issuing_state", "missing_issuing_state"),
        ("X1,ZZZ,,", "issuing_state", "unknown_issuing_state"),
        ("X1,THA,2020-01-01,", "expiry_date", "expired"),
        ("X1,THA,2030-02-30,", "expiry_date", "invalid_expiry_date"),
        ("X1,THA,01/02/2030,", "expiry_date", "invalid_expiry_date"),
        ("X1,THA,,1990-13-01", "birth_date", "invalid_birth_date"),
        ("X1,THA,,2027-01-01", "birth_date", "birth_date_in_future"),
        ("X1,THA,2030-01-01,2031-01-01", "birth_date", "birth_date_in_future"),
    ],
)
def test_document_problems_without_mrz(row: str, field: str, code: str) -> None:
    manifest = read(f"document_number,issuing_state,expiry_date,birth_date\n{row}\n")

    (passenger,) = manifest.passengers
    assert (field, code) in {(p.field, p.code) for p in passenger.problems}
    assert all(p.position == 2 for p in passenger.problems)


def test_expiry_before_birth_sex_and_nationality_problems() -> None:
    manifest = read(
        "document_number,issuing_state,expiry_date,birth_date,sex,nationality\n"
        "X1,THA,1999-01-01,2000-01-01,Q,ZZZ\n"
    )

    (passenger,) = manifest.passengers
    assert set(codes(passenger)) >= {"expiry_before_birth", "invalid_sex", "unknown_nationality"}


def test_every_problem_of_a_row_is_reported_not_only_the_first() -> None:
    manifest = read("document_number,issuing_state,expiry_date\n,ZZZ,2001-01-01\n")

    assert codes(manifest.passengers[0]) == [
        "missing_document_number",
        "unknown_issuing_state",
        "expired",
    ]


def test_missing_required_column_refuses_the_file() -> None:
    manifest = read("name,issuing_state\nA,THA\n")

    assert manifest.refused
    assert manifest.passengers == []
    assert [p.code for p in manifest.problems] == ["missing_column"]
    assert "document_number" in manifest.problems[0].message


def test_unknown_and_repeated_columns_are_noted() -> None:
    manifest = read("document_number,issuing_state,seat,passport\nX1,THA,12A,X2\n")

    assert [p.code for p in manifest.problems] == ["unknown_column", "repeated_column"]
    assert manifest.passengers[0].document_number == "X1"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"\xff\xfed\x00o\x00c\x00", "UTF-16"),
        (b"document_number,issuing_state\nX1,TH\xe9\n", "UTF-8"),
        (b'document_number,issuing_state\n"X1,THA\n', "quote"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data: bytes, words: str) -> None:
    manifest = read_manifest(data, today=TODAY)

    assert manifest.refused
    assert manifest.passengers == []
    assert words in manifest.problems[0].message


def test_limits_refuse_large_files() -> None:
    rows = "document_number,issuing_state\n" + "X1,THA\n" * 5

    assert read(rows, limits=Limits(max_bytes=20, max_rows=10)).refused
    assert read(rows, limits=Limits(max_bytes=10_000, max_rows=3)).refused


def test_xlsx_manifest() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Document Number", "Issuing State", "Birth Date"])
    sheet.append(["L898902C3", "UTO", date(1974, 8, 12)])
    buffer = io.BytesIO()
    book.save(buffer)

    manifest = read_manifest(buffer.getvalue(), today=TODAY)

    assert manifest.format == "xlsx"
    (passenger,) = manifest.passengers
    assert (passenger.document_number, passenger.birth_date) == ("L898902C3", date(1974, 8, 12))


def test_paxlst_manifest_takes_the_passport_before_the_visa() -> None:
    manifest = read(MESSAGE)

    assert manifest.format == "paxlst"
    anna, john = manifest.passengers
    assert (anna.document_number, anna.document_type, anna.issuing_state) == (
        "L898902C3",
        "P",
        "UTO",
    )
    assert anna.expiry_date == date(2034, 4, 15)
    assert anna.birth_date == date(1974, 8, 12)
    (visa,) = anna.other_documents
    assert (visa.document_type, visa.document_number, visa.issuing_state) == ("V", "VX12345", "IDN")
    assert visa.expiry_date == date(2027, 1, 1)
    assert anna.problems == []
    assert (john.role, john.issuing_state, john.birth_date) == ("FM", "D", date(1980, 1, 1))


def test_paxlst_problems_are_per_passenger_and_per_document() -> None:
    message = (
        "UNH+1+PAXLST:D:05B:UN:IATA'NAD+FL+++A'DTM+329:991332'NAT+2+ZZZ'"
        "DOC+V+V1'DTM+36:200101'LOC+91+THA'DOC+P+P1'LOC+91+XYZ'UNT+9+1'"
    )

    (passenger,) = read(message).passengers

    assert {(p.field, p.code) for p in passenger.problems} == {
        ("issuing_state", "unknown_issuing_state"),
        ("other_documents[0].expiry_date", "expired"),
        ("birth_date", "invalid_birth_date"),
        ("nationality", "unknown_nationality"),
    }
    assert passenger.position == 2


def test_paxlst_in_latin_1_is_read() -> None:
    data = "UNB+UNOC:3+A+B'UNH+1+PAXLST'NAD+FL+++MÜLLER:JÖRG'DOC+P+X1'LOC+91+D'".encode("latin-1")

    (passenger,) = read_manifest(data, today=TODAY).passengers

    assert (passenger.surname, passenger.given_names) == ("MÜLLER", "JÖRG")


def test_manifest_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "flight.edi"
    path.write_text(MESSAGE)

    assert len(read_manifest_file(path, today=TODAY).passengers) == 2
    assert read_manifest_file(tmp_path / "missing.csv", today=TODAY).refused


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    for prefix in (
        b"",
        b"document_number,issuing_state,birth_date,expiry_date\n",
        b"UNH+1+PAXLST'",
    ):
        manifest = read_manifest(prefix + data, today=TODAY)
        assert manifest.refused == (manifest.format is None)


def test_short_and_long_rows_read_blanks_and_ignore_extra_cells() -> None:
    manifest = read("document_number,issuing_state,sex\nX1,THA\nX2,IDN,F,extra,cells\n")

    short, long = manifest.passengers
    assert (short.document_number, short.issuing_state, short.sex) == ("X1", "THA", "")
    assert (long.document_number, long.sex, long.given_names) == ("X2", "F", "")
