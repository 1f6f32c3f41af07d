"""Shared pieces of Pydantic schemas: a strict base and error translation for forms and API."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from rcf.errors import InvalidInput

EMAIL_PATTERN = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$")

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]


class StrictModel(BaseModel):
    """Unknown fields are refused (mass assignment, C11); strings are length-capped first (D7)."""

    model_config = ConfigDict(extra="forbid", str_max_length=20000, frozen=True)


def field_errors(error: ValidationError) -> dict[str, str]:
    """``{"field": "message"}`` with messages a person can act on."""
    return field_errors_from_list(list(error.errors()))


def field_errors_from_list(items: list[Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for item in items:
        loc = [str(part) for part in item["loc"] if part not in ("body", "query", "path")]
        errors.setdefault(".".join(loc) or "__all__", _message(item))
    return errors


# Messages a border officer can act on, instead of the validator's wording.
FRIENDLY = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not accepted.",
    "string_too_long": "Use at most {max_length} characters.",
    "enum": "Choose one of the options.",
    "literal_error": "Choose one of the options.",
    "int_parsing": "Enter a whole number.",
    "int_type": "Enter a whole number.",
    "float_parsing": "Enter a number.",
    "bool_parsing": "Answer yes or no.",
    "date_from_datetime_parsing": "Enter a date as YYYY-MM-DD.",
    "date_parsing": "Enter a date as YYYY-MM-DD.",
    "greater_than_equal": "Enter a number of at least {ge}.",
    "less_than_equal": "Enter a number of at most {le}.",
    "too_short": "Choose at least {min_length}.",
    "too_long": "Choose at most {max_length}.",
    "string_pattern_mismatch": "This is not in the expected format.",
}


def _message(item: Any) -> str:
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "This field is required." if minimum <= 1 else f"Use at least {minimum} characters."
    if kind in FRIENDLY:
        return FRIENDLY[kind].format(**context)
    return str(item["msg"]).removeprefix("Value error, ")


def parse(schema: type[StrictModel], data: Any) -> Any:
    """Validate ``data`` or raise InvalidInput with field-level messages."""
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(field_errors(error)) from None
