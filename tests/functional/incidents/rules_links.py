"""Authorization-matrix rules (C9) for the incident routes of this part; see matrix_support."""

from __future__ import annotations

from rcf.access.roles import Role
from tests.functional.matrix_support import ALL, I, Rule, api, web

# Analysts and focal points decide that two reports describe one event.
LINKERS = frozenset({Role.ANALYST, Role.FOCAL_POINT})

RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/incidents/{incident_id}/duplicates"): web(ALL, target=I),
    # An empty form names no report to link to (400); a hidden report is 404 for every role.
    ("POST", "/incidents/{incident_id}/duplicates"): web(LINKERS, 400, target=I, lookup_first=True),
    # Nothing to unlink on a fresh report (400).
    ("POST", "/incidents/{incident_id}/duplicates/unlink"): web(
        LINKERS, 400, target=I, lookup_first=True
    ),
    ("GET", "/api/v1/incidents/{incident_id}/duplicates"): api(ALL, target=I),
}
