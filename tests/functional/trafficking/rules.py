"""Authorization-matrix rules (C9) for the trafficking routes; see matrix_support.

Case routes check the permission before the lookup (a role without it learns nothing from any
id), so no rule here is ``lookup_first``."""

from __future__ import annotations

from tests.functional.matrix_support import (
    ALL,
    CASE,
    CASE_READERS,
    CASE_WORKERS,
    Rule,
    api,
    web,
)

RULES: dict[tuple[str, str], Rule] = {
    # Pages
    ("GET", "/trafficking/cases"): web(CASE_READERS),
    ("GET", "/trafficking/cases/new"): web(CASE_WORKERS),
    ("POST", "/trafficking/cases"): web(CASE_WORKERS, 400),
    ("GET", "/trafficking/cases/{case_id}"): web(CASE_READERS, target=CASE),
    ("GET", "/trafficking/cases/{case_id}/edit"): web(CASE_WORKERS, target=CASE),
    ("POST", "/trafficking/cases/{case_id}"): web(CASE_WORKERS, 400, target=CASE),
    ("POST", "/trafficking/cases/{case_id}/consent-withdrawal"): web(
        CASE_WORKERS, 303, target=CASE
    ),
    ("GET", "/trafficking/dashboard"): web(CASE_READERS),
    # The screening stores nothing: every signed-in role may assess; saving opens a case.
    ("GET", "/trafficking/screening"): web(ALL),
    ("POST", "/trafficking/screening"): web(ALL),
    ("POST", "/trafficking/screening/case"): web(CASE_WORKERS, 303),
    # API
    ("GET", "/api/v1/trafficking/cases"): api(CASE_READERS),
    ("GET", "/api/v1/trafficking/cases/{case_id}"): api(CASE_READERS, target=CASE),
    ("POST", "/api/v1/trafficking/cases"): api(CASE_WORKERS, 422),
    ("PUT", "/api/v1/trafficking/cases/{case_id}"): api(CASE_WORKERS, 422, target=CASE),
    ("POST", "/api/v1/trafficking/cases/{case_id}/consent-withdrawal"): api(
        CASE_WORKERS, 200, target=CASE
    ),
}
