"""The Parquet shape of an exported report: typed columns for analysts (dates as dates, counts as
integers, the fee as a decimal, persons and facilitators as lists of structs). The sharing fields
are top-level columns. ``report_from_row`` turns a row back into the JSON export's shape."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pyarrow as pa

_TEXT = pa.string()
_COUNT = pa.int64()
_DATE = pa.date32()
_CODES = pa.list_(pa.string())

PERSON = pa.struct(
    [("citizenship", _TEXT), ("sex", _TEXT), ("age_group", _TEXT), ("count", _COUNT)]
)
FACILITATOR = pa.struct([("count", _COUNT), ("role", _TEXT), ("citizenship", _TEXT)])
DOCUMENT = pa.struct([("document_type", _TEXT), ("issuing_state", _TEXT), ("fraud_type", _TEXT)])
COUNTS = (
    "unaccompanied_children", "separated_children", "deaths", "missing", "returned",
    "asylum_claims", "arrests", "prosecutions",
)  # fmt: skip
SHARING = (
    "visibility", "shared_with", "handling_code", "handling_restriction", "source_reliability",
    "information_accuracy", "review_date",
)  # fmt: skip
DATES = ("occurred_on", "review_date")
TYPES: dict[str, pa.DataType] = {
    "id": _COUNT,
    "version": _COUNT,
    "occurred_on": _DATE,
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "transit_countries": _CODES,
    "methods": _CODES,
    "persons": pa.list_(PERSON),
    "fee_amount": pa.decimal128(14, 2),
    "facilitators": pa.list_(FACILITATOR),
    "fraudulent_documents": pa.list_(DOCUMENT),
    "shared_with": _CODES,
    "review_date": _DATE,
    **dict.fromkeys(COUNTS, _COUNT),
}
NAMES = (
    "id", "owner_member", "version", "reference", "kind", "occurred_on", "occurred_time",
    "country", "location_name", "latitude", "longitude", "border_type", "checkpoint",
    "origin_country", "transit_countries", "embarkation_point", "destination_country",
    "transport_means", "vehicle_type", "transport_identifier", "methods", "persons",
    "unaccompanied_children", "separated_children", "smuggled", "fee_amount", "fee_currency",
    "fee_basis", "payment_method", "facilitators", "fraudulent_documents", "deaths", "missing",
    "returned", "asylum_claims", "arrests", "prosecutions", "trafficking_suspected", "narrative",
    "impact_level", *SHARING,
)  # fmt: skip
SCHEMA = pa.schema([(name, TYPES.get(name, _TEXT)) for name in NAMES])


def parquet_row(report: dict[str, Any]) -> dict[str, Any]:
    """An exported report (JSON shape) as one Parquet row of Python values."""
    values = {**report, **report["sharing"]}
    row = {name: values.get(name) for name in NAMES}
    for name in DATES:
        value = row[name]
        row[name] = date.fromisoformat(value) if isinstance(value, str) and value else None
    if row["fee_amount"] is not None:
        row["fee_amount"] = Decimal(str(row["fee_amount"]))
    return row


def report_from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row read back (``Table.to_pylist()``) in the JSON export's shape."""
    report = {name: row[name] for name in NAMES if name not in SHARING}
    report["sharing"] = {name: row[name] for name in SHARING}
    for target, name in ((report, "occurred_on"), (report["sharing"], "review_date")):
        target[name] = target[name].isoformat() if target[name] else None
    if report["fee_amount"] is not None:
        report["fee_amount"] = str(report["fee_amount"])
    return report
