"""Authorization-matrix rules (C9) for the incident routes of this part; see matrix_support."""

from __future__ import annotations

from tests.functional.matrix_support import ALL, WRITERS, I, Rule, api, web

RULES: dict[tuple[str, str], Rule] = {
    # Pages
    ("GET", "/incidents"): web(ALL),
    ("GET", "/incidents/new"): web(WRITERS),
    ("POST", "/incidents"): web(WRITERS, 400),
    ("GET", "/incidents/{incident_id}"): web(ALL, target=I),
    ("GET", "/incidents/{incident_id}/versions"): web(ALL, target=I),
    ("GET", "/incidents/{incident_id}/edit"): web(WRITERS, target=I, lookup_first=True),
    ("POST", "/incidents/{incident_id}"): web(WRITERS, 400, target=I, lookup_first=True),
    ("POST", "/incidents/{incident_id}/withdraw"): web(WRITERS, 303, target=I, lookup_first=True),
    # API
    ("GET", "/api/v1/incidents"): api(ALL),
    ("GET", "/api/v1/incidents/{incident_id}"): api(ALL, target=I),
    ("GET", "/api/v1/incidents/{incident_id}/versions"): api(ALL, target=I),
    ("POST", "/api/v1/incidents"): api(WRITERS, 422),
    ("PUT", "/api/v1/incidents/{incident_id}"): api(WRITERS, 422, target=I, lookup_first=True),
    ("DELETE", "/api/v1/incidents/{incident_id}"): api(WRITERS, 204, target=I, lookup_first=True),
}
