"""The HTCDS Excel toolkit's basic template, both ways: a case as one row of HTCDS-named
columns, and a row back into the case schema (``CaseIn``), with a problem per bad cell.

Pure mapping, no I/O. Column names are HTCDS v2.0 field names with their table prefix
(``prs_`` person, ``vic_`` victim context, ``cas_`` case); values are HTCDS value names
(``DebtBondage``, ``ActualVictim``, ``A_AgricultureForestryAndFishing``) or our codes;
multi-select cells are separated by ``;`` (``|`` is read too); countries are ISO 3166 alpha-2
(HTCDS) or alpha-3. Columns HTCDS lacks and we need are named in its style (``cas_CaseId``,
``cas_IdentificationDate``, ``prs_IdentityNumber``, ``vic_CountryOfExploitation``...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import pycountry
from pydantic import ValidationError

from rcf.incidents.import_rows import Problem
from rcf.spreadsheets import neutralise_cell
from rcf.trafficking.codes import (
    AgeBand,
    CaseStatus,
    Code,
    ConsentPurpose,
    ExploitationType,
    Gender,
    MeansOfControl,
    OnlinePlatform,
    RecruitmentMethod,
    TraffickingStatus,
    from_htcds,
)
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.schemas import CaseIn

KEY = "cas_CaseId"
# column -> (CaseIn field, code list or None, multi-valued)
CODED: dict[str, tuple[str, type[Code] | None, bool]] = {
    "cas_Status": ("status", CaseStatus, False),
    "cas_IdentificationDate": ("identified_on", None, False),
    "prs_Gender": ("gender", Gender, False),
    "prs_AgeBand": ("age_band", AgeBand, False),
    "prs_Nationality": ("citizenships", None, True),
    "vic_TraffickingStatus": ("trafficking_status", TraffickingStatus, False),
    "vic_MethodOfRecruitment": ("recruitment_methods", RecruitmentMethod, True),
    "vic_RecruitmentWebsitesAndApps": ("online_platforms", OnlinePlatform, True),
    "vic_MethodsOfControl": ("means_of_control", MeansOfControl, True),
    "vic_TypeOfExploitation": ("exploitation_types", ExploitationType, True),
    "vic_LabourIndustry": ("isic_sections", IsicSection, True),
    "vic_CountryOfExploitation": ("country_of_exploitation", None, False),
    "vic_ConsentPurposes": ("consent.purposes", ConsentPurpose, True),
    "vic_ConsentDate": ("consent.given_on", None, False),
}
# Identity columns: written only for the owning agency's case workers, stored sealed.
IDENTITY = {
    "prs_FirstName": "names",
    "prs_SecondName": "names",
    "prs_Birthdate": "birth_date",
    "prs_IdentityNumber": "identity_documents",
    "prs_MobilePhone": "contact",
    "prs_MailingStreet": "address",
}
COLUMNS = [KEY, *CODED, *IDENTITY]
COUNTRY_FIELDS = {"citizenships", "country_of_exploitation"}
SPLIT = re.compile(r"\s*[;|]\s*")


# --- Row -> case ---------------------------------------------------------------------------------


def header_problems(header: list[str]) -> list[Problem]:
    """Unknown, repeated or missing columns: refused before any row is read."""
    problems = [Problem(1, name, "", "Not a column of the HTCDS basic template.")
                for name in header if name not in COLUMNS]  # fmt: skip
    problems += [Problem(1, name, "", "The column appears twice.")
                 for name in set(header) if header.count(name) > 1]  # fmt: skip
    for required in (KEY, "cas_IdentificationDate"):
        if required not in header:
            problems.append(Problem(1, required, "", "This column is required."))
    return problems


def case_from_row(line: int, row: dict[str, str]) -> tuple[str, CaseIn | None, list[Problem]]:
    """The row's source id and case, or the problems of its cells (row and column named)."""
    key = row.get(KEY, "").strip()
    problems = [] if key else [Problem(line, KEY, "", "Give the case id of the source system.")]
    data: dict[str, Any] = {"identity": _identity(row), "consent": {}}
    for column, (field, codes, multi) in CODED.items():
        text = row.get(column, "").strip()
        if not text:
            continue
        try:
            _put(data, field, _value(text, field, codes, multi))
        except ValueError as error:
            problems.append(Problem(line, column, text[:60], str(error)))
    if problems:
        return key, None, problems
    try:
        return key, CaseIn.model_validate(data), []
    except ValidationError as error:
        return key, None, [_problem(line, e) for e in error.errors()]


def _identity(row: dict[str, str]) -> dict[str, Any]:
    names = " ".join(row.get(c, "").strip() for c in ("prs_FirstName", "prs_SecondName"))
    number = row.get("prs_IdentityNumber", "").strip()
    identity: dict[str, Any] = {
        "names": names.strip(),
        "contact": row.get("prs_MobilePhone", "").strip(),
        "address": row.get("prs_MailingStreet", "").strip(),
        "identity_documents": [{"kind": "passport", "number": number}] if number else [],
    }
    if row.get("prs_Birthdate", "").strip():
        identity["birth_date"] = row["prs_Birthdate"].strip()
    return identity


def _value(text: str, field: str, codes: type[Code] | None, multi: bool) -> Any:
    parts = [p for p in SPLIT.split(text) if p] if multi else [text]
    if field in COUNTRY_FIELDS:
        values: list[Any] = [alpha3(p) for p in parts]
    elif codes is not None:
        values = [from_htcds(codes, p).value for p in parts]
    else:
        values = parts
    return values if multi else values[0]


def _put(data: dict[str, Any], field: str, value: Any) -> None:
    if "." in field:
        outer, inner = field.split(".")
        data[outer][inner] = value
    else:
        data[field] = value


def alpha3(code: str) -> str:
    return _alpha3().get(code.upper(), code.upper())


@cache
def _alpha3() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


FIELD_COLUMNS = {field: column for column, (field, _, _) in CODED.items()}


def _problem(line: int, error: Any) -> Problem:
    """A schema error named by the template column it came from."""
    location = [str(part) for part in error["loc"]]
    field = ".".join(location[:2]) if location[0] == "consent" else location[0]
    identity = _identity_column(location)
    column = FIELD_COLUMNS.get(field) or identity or field
    # An identity value is never repeated in a report (it may end up in a file or a log).
    shown = "" if identity or location[0] == "identity" else str(error.get("input", ""))[:60]
    return Problem(line, column, shown, error["msg"])


def _identity_column(location: list[str]) -> str | None:
    if location[0] != "identity" or len(location) < 2:
        return None
    return next((c for c, f in IDENTITY.items() if f == location[1]), None)


# --- Case -> row ---------------------------------------------------------------------------------


def row_of(case: Any, private: dict[str, Any] | None) -> list[str]:
    """The template row of a case: identity cells only when ``private`` (the opened identity,
    for the owning agency's case workers) is given; every cell safe from formula injection."""
    values: dict[str, str] = {KEY: case.case_number}
    for column, (field, codes, multi) in CODED.items():
        values[column] = _shown(_field_of(case, field), codes, multi)
    if private is not None:
        values |= _identity_cells(private)
    return [neutralise_cell(values.get(column, "")) for column in COLUMNS]


def _field_of(case: Any, field: str) -> Any:
    attribute = {"citizenships": "citizenships", "consent.purposes": "consent_purposes",
                 "consent.given_on": "consent_given_on"}.get(field, field)  # fmt: skip
    return getattr(case, attribute)


def _shown(value: Any, codes: type[Code] | None, multi: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    items = list(value) if multi else [value]
    show: Callable[[Any], str] = (lambda v: codes(v).htcds) if codes else str
    return "; ".join(show(v) for v in items)


def _identity_cells(private: dict[str, Any]) -> dict[str, str]:
    documents = private.get("identity_documents") or []
    return {
        "prs_FirstName": private.get("names", ""),
        "prs_Birthdate": private.get("birth_date", ""),
        "prs_IdentityNumber": documents[0]["number"] if documents else "",
        "prs_MobilePhone": private.get("contact", ""),
        "prs_MailingStreet": private.get("address", ""),
    }
