"""Authorization-matrix rules (C9) for the situational picture: every role reads it (through
``scope()``, so each sees the figures of what it may see)."""

from __future__ import annotations

from tests.functional.matrix_support import ALL, Rule, api, web

CHARTS = ("persons-per-month", "routes", "citizenships", "fees", "deaths-missing")

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/incidents/summary"): web(ALL),
    **{("GET", f"/incidents/summary/{chart}.csv"): web(ALL) for chart in CHARTS},
    ("GET", "/api/v1/incidents/summary"): api(ALL),
}
