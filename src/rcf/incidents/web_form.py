"""The incident form: a flat HTML form nested into ``IncidentIn``'s shape (so the page, the API and
imports validate through one schema), and the schema's error keys mapped back to the form's ids.

Repeated rows are named ``<list>-<row>-<field>`` (``persons-2-count``); blank rows are skipped, so
``positions`` remembers which form row each item came from, to put its message beside that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry

from rcf.access.policy import SHARING_FIELDS
from rcf.incidents.codes import country_codes, country_name
from rcf.web.deps import form_list, sharing_input

PERSON_ROWS, FACILITATOR_ROWS, DOCUMENT_ROWS, TRANSIT_ROWS = 8, 3, 3, 5
ROW_FIELDS = {
    "persons": ("citizenship", "sex", "age_group", "count"),
    "facilitators": ("count", "role", "citizenship"),
    "fraudulent_documents": ("document_type", "issuing_state", "fraud_type"),
}
# Fields whose blank value means "not given" (the schema's default applies).
SCALAR_FIELDS = (
    "reference", "kind", "occurred_on", "occurred_time", "country", "location_name", "latitude",
    "longitude", "border_type", "checkpoint", "origin_country", "embarkation_point",
    "destination_country", "transport_means", "vehicle_type", "transport_identifier",
    "unaccompanied_children", "separated_children", "smuggled", "fee_amount", "fee_currency",
    "fee_basis", "payment_method", "deaths", "missing", "returned", "asylum_claims", "arrests",
    "prosecutions", "trafficking_suspected", "narrative", "impact_level",
)  # fmt: skip
# The schema's cross-field checks report on the whole report; these put each message beside the
# field the officer should look at (matched on the start of the message).
CHECK_FIELDS = {
    "Give both latitude": "latitude",
    "A transit country": "transit_countries-0",
    "The origin and the destination": "destination_country",
    "The same citizenship": "persons",
    "Unaccompanied and separated": "unaccompanied_children",
    "Give the fee amount": "fee_amount",
    "A fee needs": "fee_amount",
    "A total fee": "fee_basis",
    "More returned": "returned",
    "More asylum claims": "asylum_claims",
    "More prosecutions": "prosecutions",
}


@dataclass
class ParsedForm:
    data: dict[str, Any]
    positions: dict[str, list[int]] = field(default_factory=dict)


def incident_input(form: dict[str, Any]) -> ParsedForm:
    """Nest the flat form into the API's shape."""
    data = {name: form[name] for name in SCALAR_FIELDS if _given(form.get(name))}
    parsed = ParsedForm(data)
    transit = _transit_rows(form)
    parsed.positions["transit_countries"] = [row for row, _ in transit]
    data["transit_countries"] = [code for _, code in transit]
    data["methods"] = form_list(form, "methods")
    for name, fields in ROW_FIELDS.items():
        rows = _table_rows(form, name, fields)
        parsed.positions[name] = [row for row, _ in rows]
        data[name] = [item for _, item in rows]
    data["sharing"] = sharing_input(form)
    return parsed


def _given(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _transit_rows(form: dict[str, Any]) -> list[tuple[int, str]]:
    count = _row_count(form, "transit_countries", "")
    codes = [(row, form.get(f"transit_countries-{row}")) for row in range(count)]
    return [(row, str(code)) for row, code in codes if _given(code)]


def _row_count(form: dict[str, Any], name: str, first_field: str) -> int:
    suffix = f"-{first_field}" if first_field else ""
    count = 0
    while f"{name}-{count}{suffix}" in form and count < 500:
        count += 1
    return count


def _table_rows(
    form: dict[str, Any], name: str, fields: tuple[str, ...]
) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for row in range(_row_count(form, name, fields[0])):
        item = {f: form.get(f"{name}-{row}-{f}") for f in fields}
        given = {f: value for f, value in item.items() if _given(value)}
        if given:
            rows.append((row, given))
    return rows


def field_ids(errors: dict[str, str], positions: dict[str, list[int]]) -> dict[str, str]:
    """``persons.2.count`` -> ``persons-<form row>-count``, ``sharing.visibility`` ->
    ``visibility``, a cross-field message -> the field it is about."""
    found: dict[str, str] = {}
    for key, message in errors.items():
        found.setdefault(_field_id(key, message, positions), message)
    return found


def _field_id(key: str, message: str, positions: dict[str, list[int]]) -> str:
    if key == "__all__":
        return next((f for start, f in CHECK_FIELDS.items() if message.startswith(start)), key)
    parts = key.split(".")
    if parts[0] == "sharing":
        return parts[1] if len(parts) > 1 else "sharing"
    if parts[0] == "shared_with":
        return "shared_with"
    if parts[0] in positions and len(parts) > 1 and parts[1].isdigit():
        rows = positions[parts[0]]
        index = int(parts[1])
        row = rows[index] if index < len(rows) else index
        return "-".join([parts[0], str(row), *parts[2:]])
    return parts[0]


def form_values(content: dict[str, Any], sharing: dict[str, Any]) -> dict[str, Any]:
    """A stored report (in ``IncidentIn``'s JSON shape) as the form's flat values."""
    values: dict[str, Any] = {name: _text(content.get(name)) for name in SCALAR_FIELDS}
    values["methods"] = list(content.get("methods") or [])
    for row, code in enumerate(content.get("transit_countries") or []):
        values[f"transit_countries-{row}"] = code
    for name, fields in ROW_FIELDS.items():
        for row, item in enumerate(content.get(name) or []):
            for f in fields:
                values[f"{name}-{row}-{f}"] = _text(item.get(f))
    values.update({name: _text(sharing.get(name)) for name in SHARING_FIELDS})
    values["shared_with"] = list(sharing.get("shared_with") or [])
    return values


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def rows_needed(values: dict[str, Any], name: str, minimum: int) -> int:
    """How many rows of a repeated group to show: the minimum, or the last filled row plus a
    blank one (re-showing a form does not grow it)."""
    fields = ROW_FIELDS.get(name, ("",))
    filled = [
        row
        for row in range(_row_count(values, name, fields[0]))
        if any(_given(values.get(_name(name, row, f))) for f in fields)
    ]
    return max(minimum, filled[-1] + 2 if filled else 0)


def _name(group: str, row: int, field_name: str) -> str:
    return f"{group}-{row}-{field_name}" if field_name else f"{group}-{row}"


@cache
def country_options() -> list[tuple[str, str]]:
    """(code, "Name (CODE)") for every ISO 3166 country and XXA/XXX, sorted by name."""
    options = [(code, f"{country_name(code)} ({code})") for code in country_codes()]
    return sorted(options, key=lambda option: option[1])


@cache
def currency_options() -> list[tuple[str, str]]:
    return sorted((c.alpha_3, f"{c.alpha_3} · {c.name}") for c in pycountry.currencies)
