"""Authorization-matrix rules (C9) for the incident routes of this part; see matrix_support.

An export is a read of what the caller may already see in the list, so every role that reads
incident reports may export them (docs/permissions.md); the rows are the policy's to choose."""

from __future__ import annotations

from tests.functional.matrix_support import ALL, Rule, api, web

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/incidents/export"): web(ALL),
    ("GET", "/incidents/export.csv"): web(ALL),
    ("GET", "/incidents/export.xlsx"): web(ALL),
    ("GET", "/incidents/export.json"): web(ALL),
    ("GET", "/incidents/export.parquet"): web(ALL),
    ("GET", "/api/v1/incidents/export"): api(ALL),
}
