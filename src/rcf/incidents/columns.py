"""The flat file shape of an incident report: one row per report, one column per field.

Shared by import, export, the templates and the data dictionary, so a file exported from one
deployment imports into another unchanged. Lists live in one cell, separated by ``|``; the parts
of one item by ``/``:

* ``transit_countries``: ``IND|MYS``
* ``methods``: ``clandestine_entry|concealment``
* ``persons``: ``LKA/M/adult=20|LKA/F/child=4`` (citizenship/sex/age group=count)
* ``facilitators``: ``2/transporter/IDN|1/organiser/`` (count/role/citizenship, which may be empty)
* ``fraudulent_documents``: ``passport/IRN/counterfeit`` (type/issuing state/fraud type)
* ``shared_with``: ``IDN|AUS``

An empty cell means "not given" (the field's default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LIST_SEPARATOR = "|"
PART_SEPARATOR = "/"
SHARING_COLUMNS = (
    "visibility",
    "shared_with",
    "handling_code",
    "handling_restriction",
    "source_reliability",
    "information_accuracy",
    "review_date",
)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    example: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Your agency's own reference for the report; unique within your member. "
        "Importing a row with a known reference amends that report.",
        "THA-IB-2026-0042",
        True,
    ),
    Column("kind", "What was detected (code list: kind).", "maritime_interception", True),
    Column("occurred_on", "Date of the event, YYYY-MM-DD; not in the future.", "2026-03-14", True),
    Column("occurred_time", "Local time of the event, HH:MM (optional).", "04:30"),
    Column("country", "Country where it was detected, ISO 3166-1 alpha-3.", "IDN", True),
    Column("location_name", "Place name (a port, a district, a stretch of coast).", "Rote Island"),
    Column("latitude", "Decimal degrees, -90 to 90 (with longitude, or neither).", "-10.9"),
    Column("longitude", "Decimal degrees, -180 to 180.", "122.9"),
    Column("border_type", "air, land or sea.", "sea"),
    Column("checkpoint", "Checkpoint, airport or port of detection.", ""),
    Column("origin_country", "Where the journey started, alpha-3.", "LKA"),
    Column("transit_countries", "Countries crossed, in order, separated by |.", "IND"),
    Column("embarkation_point", "Where the persons boarded or set off.", "Negombo"),
    Column("destination_country", "Intended destination, alpha-3.", "AUS"),
    Column("transport_means", "boat, vehicle, aircraft, train, on_foot, other or unknown.", "boat"),
    Column("vehicle_type", "Kind of vessel or vehicle.", "fishing trawler"),
    Column(
        "transport_identifier",
        "Non-nominal identifier such as a vessel name or plate.",
        "KM EXAMPLE 7",
    ),
    Column("methods", "Methods used, separated by | (code list: method).", "clandestine_entry"),
    Column(
        "persons",
        "Persons detected as citizenship/sex/age group=count, separated by |. "
        "Sex F, M, X or U; age group adult, child or unknown.",
        "LKA/M/adult=20|LKA/F/child=4",
    ),
    Column("unaccompanied_children", "Children travelling without any adult carer.", "1"),
    Column("separated_children", "Children with an adult who is not their usual carer.", "0"),
    Column("smuggled", "Were the persons smuggled: yes, no or unknown.", "yes"),
    Column("fee_amount", "Fee paid to the smugglers (a number, 2 decimals at most).", "3000"),
    Column("fee_currency", "ISO 4217 currency of the fee.", "USD"),
    Column("fee_basis", "per_person or total.", "per_person"),
    Column("payment_method", "cash, hawala, bank, mobile_money, crypto or other.", "cash"),
    Column(
        "facilitators",
        "Facilitators as count/role/citizenship, separated by | (no names).",
        "2/transporter/IDN",
    ),
    Column(
        "fraudulent_documents",
        "Documents as type/issuing state/fraud type, separated by |.",
        "passport/IRN/counterfeit",
    ),
    Column("deaths", "Persons found dead.", "0"),
    Column("missing", "Persons missing.", "0"),
    Column("returned", "Persons returned or removed.", "0"),
    Column("asylum_claims", "Persons who claimed asylum.", "0"),
    Column("arrests", "Arrests made (facilitators or others).", "2"),
    Column("prosecutions", "Prosecutions started; not more than arrests.", "0"),
    Column(
        "trafficking_suspected",
        "Suspected link to trafficking in persons: yes, no, unknown.",
        "unknown",
    ),
    Column("narrative", "What happened, in a few sentences. No names of persons.", ""),
    Column("impact_level", "low, medium, high or critical.", "medium"),
    Column(
        "visibility",
        "national (only your member), members (those in shared_with) or "
        "regional (every contributing member).",
        "regional",
    ),
    Column("shared_with", "Member codes for visibility 'members', separated by |.", ""),
    Column("handling_code", "H0, H1, H2 or H3.", "H0"),
    Column("handling_restriction", "The restriction, required with H3.", ""),
    Column("source_reliability", "A, B, C or X.", "B"),
    Column("information_accuracy", "1, 2, 3 or 4.", "2"),
    Column("review_date", "When the report should be reviewed, YYYY-MM-DD (future).", ""),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)


class CellError(ValueError):
    """A compound cell that cannot be split into its parts; names the column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _parts(column: str, item: str, count: int, form: str) -> list[str]:
    parts = [part.strip() for part in item.split(PART_SEPARATOR)]
    if len(parts) != count:
        raise CellError(column, f"'{item[:40]}' should look like {form}.")
    return parts


def _persons(cell: str) -> list[dict[str, str]]:
    persons = []
    for item in _split(cell):
        group, _, count = item.partition("=")
        citizenship, sex, age = _parts("persons", group, 3, "LKA/M/adult=20")
        if not count.strip():
            raise CellError("persons", f"'{item[:40]}' has no count: write it like LKA/M/adult=20.")
        persons.append(
            {"citizenship": citizenship, "sex": sex, "age_group": age, "count": count.strip()}
        )
    return persons


def _facilitators(cell: str) -> list[dict[str, str | None]]:
    found: list[dict[str, str | None]] = []
    for item in _split(cell):
        count, role, citizenship = _parts("facilitators", item, 3, "2/transporter/IDN")
        found.append({"count": count, "role": role, "citizenship": citizenship or None})
    return found


def _documents(cell: str) -> list[dict[str, str | None]]:
    found: list[dict[str, str | None]] = []
    for item in _split(cell):
        kind, state, fraud = _parts("fraudulent_documents", item, 3, "passport/IRN/counterfeit")
        found.append({"document_type": kind, "issuing_state": state or None, "fraud_type": fraud})
    return found


COMPOUND_READERS: dict[str, Callable[[str], Any]] = {
    "transit_countries": _split,
    "methods": _split,
    "shared_with": _split,
    "persons": _persons,
    "facilitators": _facilitators,
    "fraudulent_documents": _documents,
}


# (name, part of sharing, compound reader) per column, worked out once (imports call from_flat
# for every row).
_FLAT_PLAN = tuple(
    (name, name in SHARING_COLUMNS, COMPOUND_READERS.get(name)) for name in COLUMN_NAMES
)


def from_flat(row: dict[str, str]) -> dict[str, Any]:
    """A file row as the API's JSON shape, ready for IncidentIn; raises CellError for a
    compound cell that cannot be split (every other problem is the schema's to report)."""
    report: dict[str, Any] = {}
    sharing: dict[str, Any] = {}
    for name, in_sharing, reader in _FLAT_PLAN:
        cell = row.get(name) or ""
        if cell:
            cell = cell.strip()
        target = sharing if in_sharing else report
        if reader is not None:
            target[name] = reader(cell)
        elif cell:
            target[name] = cell
    report["sharing"] = sharing
    return report


def _join(items: list[str]) -> str:
    return LIST_SEPARATOR.join(items)


def to_flat(content: dict[str, Any]) -> dict[str, str]:
    """A report in the API's JSON shape (with ``sharing``) as one file row of strings."""
    values = {**content, **content.get("sharing", {})}
    row = {name: _cell(values.get(name)) for name in COLUMN_NAMES}
    row["transit_countries"] = _join(values.get("transit_countries") or [])
    row["methods"] = _join(values.get("methods") or [])
    row["shared_with"] = _join(values.get("shared_with") or [])
    row["persons"] = _join(
        [
            f"{p['citizenship']}/{p['sex']}/{p['age_group']}={p['count']}"
            for p in values.get("persons") or []
        ]
    )
    row["facilitators"] = _join(
        [
            f"{f['count']}/{f['role']}/{f.get('citizenship') or ''}"
            for f in values.get("facilitators") or []
        ]
    )
    row["fraudulent_documents"] = _join(
        [
            f"{d['document_type']}/{d.get('issuing_state') or ''}/{d['fraud_type']}"
            for d in values.get("fraudulent_documents") or []
        ]
    )
    return row


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def error_column(location: str) -> str:
    """The file column a schema error belongs to (``persons.2.count`` -> ``persons``)."""
    parts = location.split(".")
    if parts[0] == "sharing" and len(parts) > 1:
        return parts[1]
    return parts[0] if parts[0] in COLUMN_NAMES else "(row)"
