"""The de-identified release, verified by a checker written apart from rcf.trafficking.release:
it only reads the output (and, for the generalisation check, the input) and counts."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rcf.cli import app as cli_app
from rcf.trafficking.regions import region_of, subregion_of
from rcf.trafficking.release import CaseRecord, Release, release, suppression_only
from rcf.trafficking.release_files import OUTPUT_COLUMNS, write_case_file, write_release
from rcf.trafficking.synthetic import CaseGenerator

QI = ("year", "gender", "age_band", "citizenship", "country_of_exploitation")


# --- The independent checker -------------------------------------------------------------------


def violations(rows: Sequence[dict[str, str]], k: int, l: int) -> list[str]:  # noqa: E741
    """Groups of identical quasi-identifiers smaller than k or with fewer than l types."""
    sizes: Counter[tuple[str, ...]] = Counter()
    types: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in rows:
        key = tuple(row[column] for column in QI)
        sizes[key] += 1
        types[key].add(row["exploitation_types"])
    return [
        f"{key}: {sizes[key]} rows, {len(types[key])} types"
        for key in sizes
        if sizes[key] < k or len(types[key]) < l
    ]


AGE_PARENTS = {
    "0-8": {"0-17"},
    "9-17": {"0-17"},
    "18-20": {"18-29", "18+"},
    "21-23": {"18-29", "18+"},
    "24-26": {"18-29", "18+"},
    "27-29": {"18-29", "18+"},
    "30-38": {"30-47", "18+"},
    "39-47": {"30-47", "18+"},
    "48+": {"18+"},
}


def generalises(original: str, released: str, column: str) -> bool:
    """Is ``released`` the recorded value or a coarser form of it?"""
    if released in (original, "*"):
        return True
    if column == "year":
        match = re.fullmatch(r"(\d{4})-(\d{4})", released)
        return bool(match) and int(match[1]) <= int(original) <= int(match[2])
    if column == "age_band":
        return released in AGE_PARENTS.get(original, set())
    if column in ("citizenship", "country_of_exploitation"):
        return released in {subregion_of(original), region_of(original), "Other"}
    return False


def as_rows(result: Release) -> list[dict[str, str]]:
    buffer = io.StringIO()
    write_release(result, buffer)
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def recorded(case: CaseRecord) -> dict[str, str]:
    return dict(zip(QI, case.quasi_identifiers(), strict=True))


# --- The guarantees ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("k", [2, 5, 11, 25])
def test_every_group_has_k_cases_and_two_exploitation_types(seed: int, k: int) -> None:
    cases = CaseGenerator(seed).cases(3000 * seed)

    result = release(cases, k=k)

    rows = as_rows(result)
    assert len(rows) == len(cases) - len(result.suppressed)
    assert violations(rows, k, 2) == []


@pytest.mark.parametrize("l_value", [1, 3])
def test_other_l_values_hold_too(l_value: int) -> None:
    cases = CaseGenerator(7).cases(5000)

    assert violations(as_rows(release(cases, k=11, l=l_value)), 11, l_value) == []


def test_every_released_value_generalises_the_recorded_one() -> None:
    cases = CaseGenerator(4).cases(6000)

    result = release(cases, k=11)

    sources = sorted([row.source for row in result.rows] + result.suppressed)
    assert sources == list(range(len(cases)))
    for row in result.rows:
        case = cases[row.source]
        assert row.record == case
        original = recorded(case)
        for column, value in zip(QI, row.quasi_identifiers, strict=True):
            assert generalises(original[column], value, column), (column, original, value)


def test_generalisation_loses_far_fewer_cases_than_suppression_alone() -> None:
    cases = CaseGenerator(5).cases(20_000)

    result = release(cases, k=11, max_suppressed=0.01)

    baseline = suppression_only(cases, k=11) / len(cases)
    assert baseline > 0.3
    assert result.suppressed_share <= 0.01
    assert violations(as_rows(result), 11, 2) == []


def test_without_a_suppression_budget_nothing_is_suppressed() -> None:
    cases = CaseGenerator(6).cases(4000)

    result = release(cases, k=11, max_suppressed=0.0)

    assert result.suppressed == []
    assert violations(as_rows(result), 11, 2) == []


def case(citizenship: str, exploitation: str, year: int = 2021, **changes: str) -> CaseRecord:
    values = {
        "gender": "female",
        "age_band": "21-23",
        "country_of_exploitation": "THA",
        **changes,
    }
    return CaseRecord(
        year=year, citizenship=citizenship, exploitation_types=(exploitation,), **values
    )


def test_large_groups_keep_their_detail_while_rare_ones_are_generalised_locally() -> None:
    common = [case("MMR", t) for t in ("forced_labour", "sexual_exploitation") * 20]
    rare = [case(c, t) for c in ("LAO", "KHM", "VNM") for t in ("forced_labour", "servitude")]

    result = release(common + rare, k=5, max_suppressed=0.0)

    released = {row.source: row.quasi_identifiers for row in result.rows}
    assert released[0] == ("2021", "female", "21-23", "MMR", "THA")
    assert {released[40 + i][3] for i in range(6)} == {"South-eastern Asia"}


def test_a_group_with_a_single_exploitation_type_is_never_released_as_such() -> None:
    cases = [case("MMR", "forced_labour") for _ in range(30)] + [
        case("IDN", t, country_of_exploitation="MYS") for t in ("forced_labour", "servitude") * 15
    ]

    result = release(cases, k=5, max_suppressed=0.0)

    rows = as_rows(result)
    assert violations(rows, 5, 2) == []
    assert not any(row["citizenship"] == "MMR" for row in rows)


@pytest.mark.parametrize(
    "cases",
    [
        [case("MMR", t) for t in ("forced_labour", "servitude") * 4],  # 8 < k
        [case("MMR", "forced_labour") for _ in range(40)],  # one type only
        [],
    ],
)
def test_cases_that_can_never_be_protected_are_all_suppressed(cases: list[CaseRecord]) -> None:
    result = release(cases, k=11)

    assert result.rows == []
    assert len(result.suppressed) == len(cases)


def test_the_release_is_deterministic() -> None:
    cases = CaseGenerator(8).cases(3000)

    assert as_rows(release(cases, k=11)) == as_rows(release(cases, k=11))


@pytest.mark.parametrize(
    "arguments", [{"k": 1}, {"k": 11, "l": 0}, {"k": 11, "max_suppressed": 2.0}]
)
def test_nonsense_parameters_are_refused(arguments: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        release([], **arguments)  # type: ignore[arg-type]


# --- The command -------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(cli_app, list(args))
    return outcome.exit_code, outcome.output


def test_the_command_writes_a_protected_extract_without_free_text_or_dates(tmp_path: Path) -> None:
    source, target = tmp_path / "cases.csv", tmp_path / "release.csv"
    write_case_file(CaseGenerator(9).csv_rows(4000), source)

    code, output = run(
        "trafficking", "release", "--k", "11", "--input", str(source), "--output", str(target)
    )

    assert code == 0, output
    assert "suppressed" in output
    assert "%" in output
    text = target.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    assert violations(rows, 11, 2) == []
    assert "Synthetic note" not in text
    assert "SYN-" not in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None


def test_a_bad_case_file_names_rows_and_columns_and_writes_nothing(tmp_path: Path) -> None:
    source, target = tmp_path / "cases.csv", tmp_path / "release.csv"
    source.write_text(
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,exploitation_types\n"
        "2019,Female,09--17,PH,TH,SexualExploitation\n"
        "20x9,female,9-17,PHL,THA,forced_labour\n"
        "2019,female,9-17,ZZZ,THA,forced_labour\n"
        "2019,female,9-17,PHL,THA,slavery\n",
        encoding="utf-8",
    )

    code, output = run("trafficking", "release", "--input", str(source), "--output", str(target))

    assert code == 1
    assert "row 3, column year_of_registration" in output
    assert "row 4, column citizenship" in output
    assert "row 5, column exploitation_types" in output
    assert "row 2" not in output
    assert not target.exists()


def test_a_missing_case_file_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run(
        "trafficking",
        "release",
        "--input",
        str(tmp_path / "nope.csv"),
        "--output",
        str(tmp_path / "o.csv"),
    )

    assert code == 2
    assert "cannot read" in output


HEADER = (
    "year_of_registration,gender,age_band,citizenship,country_of_exploitation,exploitation_types\n"
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER.encode("utf-16"), "not UTF-8"),
        ((HEADER + '2019,female,9-17,"PHL' + "x" * 200_000 + "\n").encode(), "Not readable as CSV"),
        ((HEADER + "2019,female,9-17," + "Z" * 50_000 + ",THA,forced_labour\n").encode(), "row 2"),
        (b"", "empty"),
    ],
)
def test_hostile_case_files_are_refused_with_a_short_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    source, target = tmp_path / "cases.csv", tmp_path / "release.csv"
    source.write_bytes(content)

    code, output = run("trafficking", "release", "--input", str(source), "--output", str(target))

    assert code == 1
    assert message in output
    assert len(output) < 2000
    assert not target.exists()


def full_width(text: str) -> str:
    """ASCII letters and digits as their full-width forms (typed with some input methods)."""
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


def test_full_width_and_bom_input_is_read_like_plain_text(tmp_path: Path) -> None:
    source, target = tmp_path / "cases.csv", tmp_path / "release.csv"
    row = ",".join([full_width("2019"), full_width("female"), "9-17", full_width("PHL")])
    row += ",THA,forced_labour\n"
    other = "2019,female,9-17,PHL,THA,sexual_exploitation\n"
    source.write_text("\ufeff" + HEADER + (row + other) * 10, encoding="utf-8")

    code, output = run(
        "trafficking", "release", "--k", "5", "--input", str(source), "--output", str(target)
    )

    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert {row["citizenship"] for row in rows} == {"PHL"}
    assert {row["year"] for row in rows} == {"2019"}


def test_no_released_cell_can_start_a_spreadsheet_formula() -> None:
    rows = as_rows(release(CaseGenerator(10).cases(5000), k=11))

    cells = [value for row in rows for value in row.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_level_shares_add_up_and_match_detail_kept() -> None:
    result = release(CaseGenerator(12).cases(3000), k=11)

    shares = result.level_shares()
    kept = result.detail_kept()
    for column, levels in shares.items():
        assert sum(levels) == pytest.approx(1.0)
        assert levels[0] == pytest.approx(kept[column])


def test_an_unwritable_output_is_a_usage_error_and_leaves_nothing(tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    write_case_file(CaseGenerator(13).csv_rows(200), source)
    target = tmp_path / "missing-folder" / "release.csv"

    code, output = run("trafficking", "release", "--input", str(source), "--output", str(target))

    assert code == 2
    assert "cannot write" in output
    assert not target.parent.exists()
