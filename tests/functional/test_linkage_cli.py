"""`rcf linkage persons|events` on plain files: the offline contracts, end to end."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from rcf.cli import app as cli_app

PERSON_COLUMNS = (
    "record_id,source_state,full_name,given_name,family_name,birth_date,nationality,gender,"
    "document_number,place_of_birth"
)
PERSONS = (
    "\ufeff"
    + PERSON_COLUMNS
    + """
T1,THA,"KHAN, Mohammad",,,13/04/1990,Afghanistan,M,P1234567,Kabul
T2,THA,"AUNG, Kyaw",,,25/12/1980,Myanmar,M,,Akyab
I1,IDN,Muhammad Khan,,,13.04.1990,AF,M,P1234S67,
A1,AUS,,Mohammed,KHAN,1990-04-13,AFG,M,,KABUL
A2,AUS,,Kyaw,Aung,1980-12-25,MMR,,,Sittwe
L1,LKA,ဦးကျော်အောင်,,,1980,Burmese,Male,,
M1,MYS,NGUYEN VAN HUNG,,,03/04/1975,VNM,M,,
"""
)
EVENT_COLUMNS = (
    "report_id,source_state,event_date,location,vessel_name,persons_on_board,"
    "passenger_nationalities,facilitator_names"
)
EVENTS = (
    EVENT_COLUMNS
    + """
A1,AUS,2024-03-17,Christmas Island,KM Sinar Harapan 3,98,AF;IR,"[""Abdul Rahman Karimi""]"
I1,IDN,15.03.2024,Pelabuhan Ratu,Sinar Harapan III,104,AFG,"[""Abdurrahman Karimi""]"
A2,AUS,2024-05-02,Ashmore Reef,MV Bintang Laut,40,LK,[]
"""
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli_app, list(args))


def clusters(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] in (["record_id", "cluster_id"], ["report_id", "cluster_id"])
    return dict(rows[1:])


def test_persons_writes_every_record_once_with_its_cluster(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text(PERSONS, encoding="utf-8")
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.output
    linked = clusters(output)
    assert list(linked) == ["T1", "T2", "I1", "A1", "A2", "L1", "M1"]
    assert linked["T1"] == linked["I1"] == linked["A1"] == "A1"
    assert linked["T2"] == linked["A2"] == linked["L1"]
    assert linked["M1"] == "M1"


def test_blank_rows_crlf_and_a_record_with_only_its_id_keep_every_record_once(
    tmp_path: Path,
) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    lines = PERSONS.splitlines()
    messy = [*lines[:3], "", ",,,,,,,,,", *lines[3:], "Z9,,,,,,,,,", ""]
    source.write_bytes("\r\n".join(messy).encode("utf-8"))
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert list(clusters(output)) == ["T1", "T2", "I1", "A1", "A2", "L1", "M1", "Z9"]
    assert clusters(output)["Z9"] == "Z9"
    assert "8 records, " in result.output


def test_events_writes_every_report_once_with_its_cluster(tmp_path: Path) -> None:
    source, output = tmp_path / "e.csv", tmp_path / "c.csv"
    source.write_text(EVENTS, encoding="utf-8")
    result = run("linkage", "events", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert clusters(output) == {"A1": "A1", "I1": "A1", "A2": "A2"}


@pytest.mark.parametrize(
    ("content", "messages"),
    [
        ("full_name,source_state\nA,THA\n", ["row 1, column record_id: missing column"]),
        ('record_id,source_state,full_name\n1,THA,"' + "A" * 200_000 + '"\n', ["row 2: not CSV"]),
        (
            "record_id,source_state,birth_date\n1,THA,\n",
            ["row 1, column full_name or given_name+family_name: missing column"],
        ),
        (
            "record_id,source_state,full_name\n1,THA,A\n1,IDN,B\n",
            ["row 3, column record_id: '1' repeats row 2"],
        ),
        ("record_id,source_state,full_name\n,THA,A\n", ["row 2, column record_id: empty"]),
        (
            "record_id,full_name,birth_date,full_name\n1,A,1990,B\n",
            ["row 1, column full_name: this column appears twice"],
        ),
        (
            "record_id,source_state,full_name\n1,THA,A,extra\n",
            ["row 2: 4 values, the header has 3"],
        ),
    ],
)
def test_a_bad_file_is_refused_with_row_and_column_and_writes_nothing(
    tmp_path: Path, content: str, messages: list[str]
) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text(content, encoding="utf-8")
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 1
    for message in messages:
        assert message in result.output
    assert "Traceback" not in result.output
    assert not output.exists()


def test_a_missing_optional_column_is_a_warning(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text("record_id,full_name\n1,Ali Khan\n2,ALI KHAN\n", encoding="utf-8")
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0
    assert "row 1, column source_state: missing column, treated as empty" in result.output
    assert set(clusters(output)) == {"1", "2"}


def test_a_semicolon_separated_file_is_read(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text(
        "record_id;source_state;full_name;birth_date\r\n1;THA;KHAN, Ali;13/04/1990\r\n"
        "2;AUS;Ali Khan;1990-04-13\r\n",
        encoding="utf-8",
    )
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.output
    assert clusters(output) == {"1": "1", "2": "1"}


def test_a_malformed_facilitator_list_is_refused(tmp_path: Path) -> None:
    source, output = tmp_path / "e.csv", tmp_path / "c.csv"
    source.write_text(EVENTS.replace("[]", "[broken"), encoding="utf-8")
    result = run("linkage", "events", "--input", str(source), "--output", str(output))
    assert result.exit_code == 1
    assert "row 4, column facilitator_names: not a list of names" in result.output
    assert not output.exists()


def test_bytes_that_are_not_utf8_are_refused_with_their_row(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_bytes(b"record_id,source_state,full_name\n1,THA,A\n2,THA,\xff\xfe\n")
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 1
    assert "row 3: not UTF-8 text: save it as CSV UTF-8" in result.output
    source.write_bytes("record_id,full_name\n1,A\n".encode("utf-16"))
    utf16 = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert utf16.exit_code == 1
    assert "row 1: not UTF-8 text" in utf16.output
    assert not output.exists()


def test_unreadable_values_are_warnings_and_treated_as_missing(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text(
        "record_id,source_state,full_name,birth_date,nationality\n1,THA,A B,31/31/1990,Atlantis\n",
        encoding="utf-8",
    )
    result = run("linkage", "persons", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0
    assert "row 2, column birth_date: '31/31/1990' is not a date" in result.output
    assert "row 2, column nationality: 'Atlantis' is not a known country" in result.output
    assert clusters(output) == {"1": "1"}


def test_strict_refuses_unreadable_values(tmp_path: Path) -> None:
    source, output = tmp_path / "p.csv", tmp_path / "c.csv"
    source.write_text(
        "record_id,source_state,full_name,birth_date\n1,THA,A B,31/31/1990\n", encoding="utf-8"
    )
    result = run("linkage", "persons", "--strict", "--input", str(source), "--output", str(output))
    assert result.exit_code == 1
    assert "row 2, column birth_date" in result.output
    assert not output.exists()


def test_a_missing_input_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("linkage", "persons", "--input", str(tmp_path / "nope.csv"), "--output", "x.csv")
    assert result.exit_code == 2
    assert "cannot read" in result.output
    assert "Traceback" not in result.output
