"""Authorization-matrix rules (C9) for the incident routes of this part; see matrix_support."""

from __future__ import annotations

from tests.functional.matrix_support import ALL, WRITERS, Rule, web

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/incidents/import"): web(WRITERS),
    ("POST", "/incidents/import"): web(WRITERS, 400),  # no file chosen
    # The matrix sends the template text itself as the id: no such report, 404 after the role.
    ("GET", "/incidents/import/{import_id}/problems.csv"): web(WRITERS, 404),
    ("GET", "/incidents/template.csv"): web(ALL),
    ("GET", "/incidents/template.xlsx"): web(ALL),
}
