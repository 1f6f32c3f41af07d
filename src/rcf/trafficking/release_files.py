"""Case files in and release files out (CSV, UTF-8).

The input is one CTDC-style case per row. Known columns (case-insensitive; CTDC's camelCase
names are accepted too): ``year_of_registration`` (or ``registration_date``, of which only the
year is kept), ``gender``, ``age_band``, ``citizenship``, ``country_of_exploitation``,
``exploitation_types``, ``means_of_control``, ``labour_sector``, ``recruiter_relation``. Lists are
separated by ``|``. Any other column (names, notes, dates) is ignored and never written out.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TextIO

import pycountry

from rcf.errors import RcfError
from rcf.incidents.codes import country_codes
from rcf.trafficking.codes import (
    AgeBand,
    Code,
    ExploitationType,
    Gender,
    MeansOfControl,
    RecruiterRelation,
    from_htcds,
)
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.release import QI_COLUMNS, CaseRecord, Release

OUTPUT_COLUMNS = (
    *QI_COLUMNS,
    "exploitation_types",
    "means_of_control",
    "labour_sector",
    "recruiter_relation",
)
ALIASES = {
    "yearofregistration": "year_of_registration",
    "year": "year_of_registration",
    "agebroad": "age_band",
    "countryofexploitation": "country_of_exploitation",
}
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1 is the header, 2 the first case
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class CaseFileError(RcfError):
    status = 422
    title = "The case file has errors"
    type_slug = "invalid-case-file"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the case file; nothing was written.")
        self.problems = problems


def read_cases(handle: TextIO) -> list[CaseRecord]:
    """Every case of the file, or CaseFileError listing the problems (first 50)."""
    reader = csv.DictReader(handle)
    try:
        return _read_rows(reader)
    except UnicodeDecodeError:
        raise CaseFileError([RowProblem(reader.line_num + 1, "-", NOT_UTF8)]) from None
    except csv.Error as error:
        problem = RowProblem(reader.line_num, "-", f"Not readable as CSV ({error}).")
        raise CaseFileError([problem]) from None


NOT_UTF8 = "The file is not UTF-8 text; save it as CSV UTF-8."


def _read_rows(reader: csv.DictReader[str]) -> list[CaseRecord]:
    if not reader.fieldnames:
        raise CaseFileError([RowProblem(1, "-", "The file is empty.")])
    cases, problems = [], []
    for number, raw in enumerate(reader, start=2):
        row = {_column(name): _cell(value) for name, value in raw.items() if name}
        try:
            cases.append(_case(row))
        except _CellError as error:
            problems.append(RowProblem(number, error.column, str(error)))
            if len(problems) >= MAX_PROBLEMS:
                break
    if problems:
        raise CaseFileError(problems)
    return cases


def write_release(result: Release, handle: TextIO) -> None:
    """The released rows, sorted by their values so the order tells nothing of the input."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    writer.writerows(sorted(_output_row(row.quasi_identifiers, row.record) for row in result.rows))


def read_case_file(path: Path) -> list[CaseRecord]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return read_cases(handle)


def write_case_file(rows: Iterable[dict[str, str]], path: Path) -> None:
    """Cases as a case file (synthetic data for tests and demos); the first row names columns."""
    rows = iter(rows)
    first = next(rows, None)
    with path.open("w", encoding="utf-8", newline="") as handle:
        if first is None:
            return
        writer = csv.DictWriter(handle, fieldnames=list(first), lineterminator="\n")
        writer.writeheader()
        writer.writerow(first)
        writer.writerows(rows)


def _output_row(values: tuple[str, ...], case: CaseRecord) -> tuple[str, ...]:
    lists = (case.exploitation_types, case.means_of_control)
    return (
        *values,
        *("|".join(items) for items in lists),
        case.labour_sector,
        "|".join(case.recruiter_relation),
    )


# --- Cells ---------------------------------------------------------------------------------------


class _CellError(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _column(name: str) -> str:
    key = unicodedata.normalize("NFKC", name).strip().lower()
    return ALIASES.get(key.replace("_", ""), key)


def _cell(value: str | list[str] | None) -> str:
    # DictReader puts the cells of a row longer than the header in a list under None's key;
    # those rows never reach here with a list, but the type says they could.
    text = value if isinstance(value, str) else ""
    return unicodedata.normalize("NFKC", text).strip()


def _shown(text: str) -> str:
    """A cell as quoted in an error message: short, whatever was in the file."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _case(row: dict[str, str]) -> CaseRecord:
    return CaseRecord(
        year=_year(row),
        gender=_one(row, "gender", Gender, Gender.UNKNOWN),
        age_band=_age_band(row.get("age_band", "")),
        citizenship=_country(row, "citizenship"),
        country_of_exploitation=_country(row, "country_of_exploitation"),
        exploitation_types=_many(row, "exploitation_types", ExploitationType),
        means_of_control=_many(row, "means_of_control", MeansOfControl),
        labour_sector=_one(row, "labour_sector", IsicSection, None),
        recruiter_relation=_many(row, "recruiter_relation", RecruiterRelation),
    )


def _year(row: dict[str, str]) -> int:
    text = row.get("year_of_registration") or row.get("registration_date", "")[:4]
    if not (text.isdigit() and 1990 <= int(text) <= 2100):
        raise _CellError("year_of_registration", f"{_shown(text)} is not a year (1990 to 2100).")
    return int(text)


def _one(row: dict[str, str], column: str, codes: type[Code], empty: Code | None) -> str:
    text = row.get(column, "")
    if not text:
        return empty.value if empty is not None else ""
    return _code(column, codes, text).value


def _many(row: dict[str, str], column: str, codes: type[Code]) -> tuple[str, ...]:
    parts = [part.strip() for part in row.get(column, "").split("|") if part.strip()]
    return tuple(sorted({_code(column, codes, part).value for part in parts}))


def _code(column: str, codes: type[Code], text: str) -> Code:
    try:
        return from_htcds(codes, text)
    except ValueError:
        allowed = ", ".join(code.value for code in codes)
        raise _CellError(column, f"{_shown(text)} is not one of: {allowed}.") from None


def _age_band(text: str) -> str:
    if not text:
        return AgeBand.UNKNOWN.value
    # CTDC writes 0--8, 09--17
    cleaned = "-".join(part.lstrip("0") or "0" for part in text.replace("--", "-").split("-"))
    try:
        return AgeBand(cleaned.lower()).value
    except ValueError:
        allowed = ", ".join(band.value for band in AgeBand)
        raise _CellError("age_band", f"{_shown(text)} is not one of: {allowed}.") from None


def _country(row: dict[str, str], column: str) -> str:
    text = row.get(column, "").upper()
    if not text:
        return "XXX"
    code = _alpha3().get(text, text)
    if code not in country_codes():
        raise _CellError(column, f"{_shown(text)} is not an ISO 3166 country code.")
    return code


@cache
def _alpha3() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}
