"""The result of MRZ validation: the output contract of ``rcf documents mrz`` and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

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


class MrzFields(NamedTuple):
    """The contract's fields. A named tuple: the fast path builds one in a single C call
    (``tuple.__new__``), where a dataclass runs its ``__init__`` in Python."""

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


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building the result of a valid zone a third of its parse time. Slots: one object a result,
# not two (no __dict__), and faster to set.
@dataclass(slots=True)
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
        fields, birth, expiry = self.fields, self.birth_date, self.expiry_date
        return {
            "valid": self.valid,
            "format": _FORMAT_VALUES[self.format],
            "fields": dict(zip(MrzFields._fields, fields or _NO_FIELDS, strict=True)),
            "dates": {
                "birth_date": _ISO_DATES.get(birth) or _iso(birth),
                "expiry_date": _ISO_DATES.get(expiry) or _iso(expiry),
            },
            "checks": self.checks.copy(),
            # map, not comprehensions: most zones have no problem, and an empty comprehension
            # still builds and calls a function.
            "errors": list(map(_as_dict, self.errors)),
            "warnings": list(map(_as_dict, self.warnings)),
            "suggestions": list(map(_as_dict, self.suggestions)),
        }


_NO_FIELDS = (None,) * len(MrzFields._fields)
# Plain strings; an enum member's .value is a Python-level property.
_FORMAT_VALUES: dict[MrzFormat | None, str | None] = {None: None, **{f: f.value for f in MrzFormat}}


# A batch repeats dates, and date.isoformat formats through a format string: the texts of the
# dates seen. The parser's dates lie within 100 years before and 20 after today: some 45,000.
_ISO_DATES: dict[date | None, str | None] = {}


def _iso(day: date | None) -> str | None:
    text = _ISO_DATES[day] = day.isoformat() if day else None
    return text


def _as_dict(item: Problem | Suggestion) -> dict[str, Any]:
    return dict(vars(item))
