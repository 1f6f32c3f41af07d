"""The result of MRZ validation: the output contract of ``rcf documents mrz`` and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rcf.documents.mrz_layout import MrzFormat

CHECKS = ("document_number", "birth_date", "expiry_date", "optional_data", "composite")


@dataclass(frozen=True)
class Problem:
    """An error or a warning about one field (``mrz`` for the zone as a whole)."""

    field: str
    code: str
    message: str


@dataclass(frozen=True)
class Suggestion:
    """One confusable substitution that makes a failing check digit pass. Never applied."""

    field: str
    line: int  # 1-based
    position: int  # 1-based column
    found: str
    suggested: str
    value: str  # the field's value with the substitution made
    composite_passes: bool | None  # whether the composite check passes too (None: no composite)
    message: str


# MrzFields and MrzResult are not frozen: a frozen dataclass sets each field through
# object.__setattr__, which made building the result of a valid zone a third of its parse time.
@dataclass
class MrzFields:
    document_type: str
    issuing_state: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    birth_date: str
    sex: str
    expiry_date: str
    optional_data: str
    optional_data_2: str


@dataclass
class MrzResult:
    valid: bool
    format: MrzFormat | None
    fields: MrzFields | None
    birth_date: date | None = None
    expiry_date: date | None = None
    checks: dict[str, bool | None] = field(default_factory=lambda: dict.fromkeys(CHECKS))
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The output contract, ready for ``json.dumps``."""
        names = MrzFields.__dataclass_fields__
        return {
            "valid": self.valid,
            "format": self.format.value if self.format else None,
            "fields": dict(vars(self.fields)) if self.fields else dict.fromkeys(names),
            "dates": {
                "birth_date": self.birth_date.isoformat() if self.birth_date else None,
                "expiry_date": self.expiry_date.isoformat() if self.expiry_date else None,
            },
            "checks": dict(self.checks),
            "errors": [dict(vars(problem)) for problem in self.errors],
            "warnings": [dict(vars(problem)) for problem in self.warnings],
            "suggestions": [dict(vars(suggestion)) for suggestion in self.suggestions],
        }
