"""Authorization-matrix rules (C9) for the incident routes of this part; see matrix_support."""

from __future__ import annotations

from tests.functional.matrix_support import Rule

RULES: dict[tuple[str, str], Rule] = {}
