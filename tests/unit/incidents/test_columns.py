"""The flat file shape: a report survives a trip through one row of strings."""

from __future__ import annotations

import pytest

from rcf.incidents.columns import COLUMN_NAMES, CellError, error_column, from_flat, to_flat
from rcf.incidents.schemas import IncidentIn, content_of
from tests.factories import incident_data


def test_a_report_survives_a_round_trip_through_a_row() -> None:
    data = incident_data(
        fraudulent_documents=[
            {"document_type": "passport", "issuing_state": "IRN", "fraud_type": "counterfeit"}
        ],
        sharing={"visibility": "members", "shared_with": ["AUS", "IDN"], "handling_code": "H2"},
    )
    report = IncidentIn.model_validate(data)
    row = to_flat(content_of(report))
    assert set(row) == set(COLUMN_NAMES)
    assert row["persons"] == "LKA/M/adult=20|LKA/F/adult=6|LKA/F/child=4"
    assert row["shared_with"] == "AUS|IDN"
    assert IncidentIn.model_validate(from_flat(row)) == report


def test_empty_cells_take_the_defaults() -> None:
    row = {"reference": "R1", "kind": "other", "occurred_on": "2025-01-02", "country": "THA"}
    report = IncidentIn.model_validate(from_flat(row))
    assert report.persons == []
    assert report.sharing.visibility == "national"


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("persons", "LKA/M=3"),
        ("persons", "LKA/M/adult"),
        ("facilitators", "2/transporter"),
        ("fraudulent_documents", "passport"),
    ],
)
def test_a_malformed_compound_cell_names_its_column(column: str, cell: str) -> None:
    with pytest.raises(CellError) as caught:
        from_flat({column: cell})
    assert caught.value.column == column


def test_schema_errors_map_back_to_file_columns() -> None:
    assert error_column("persons.2.count") == "persons"
    assert error_column("sharing.visibility") == "visibility"
    assert error_column("__all__") == "(row)"
