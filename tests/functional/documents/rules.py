"""Authorization-matrix rules (C9) for travel-document integrity: validating an MRZ reads no
records, so every role and any token may (the matrix probe sends the TD3 specimen)."""

from __future__ import annotations

from tests.functional.matrix_support import ALL, Rule, api

RULES: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/documents/mrz"): api(ALL, 200),
}
