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


def _message(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "This field is not accepted."
    if kind == "missing":
        return "This field is required."
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def parse(schema: type[StrictModel], data: Any) -> Any:
    """Validate ``data`` or raise InvalidInput with field-level messages."""
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(field_errors(error)) from None
