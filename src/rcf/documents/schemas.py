"""Input and output of the MRZ endpoint: the output mirrors ``MrzResult.to_dict()``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from rcf.schemas import StrictModel

# Generous against a 44-character line, so a slightly wrong line still gets a precise answer
# ("wrong_line_length") rather than a refusal; anything larger is not an MRZ.
MAX_LINE_LENGTH = 100
MAX_LINES = 5

MrzLine = Annotated[str, Field(max_length=MAX_LINE_LENGTH)]


class MrzIn(StrictModel):
    lines: list[MrzLine] = Field(
        min_length=1,
        max_length=MAX_LINES,
        description="The MRZ lines as printed: 3 of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 "
        "(TD3, MRV-A) characters A-Z, 0-9 and <.",
        examples=[
            [
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
            ]
        ],
    )


class MrzFieldsOut(BaseModel):
    document_type: str | None
    issuing_state: str | None
    surname: str | None
    given_names: str | None
    document_number: str | None
    nationality: str | None
    birth_date: str | None
    sex: str | None
    expiry_date: str | None
    optional_data: str | None
    optional_data_2: str | None


class MrzDatesOut(BaseModel):
    birth_date: str | None
    expiry_date: str | None


class MrzChecksOut(BaseModel):
    document_number: bool | None
    birth_date: bool | None
    expiry_date: bool | None
    optional_data: bool | None
    composite: bool | None


class MrzProblemOut(BaseModel):
    field: str
    code: str
    message: str


class MrzSuggestionOut(BaseModel):
    field: str
    line: int
    position: int
    found: str
    suggested: str
    value: str
    composite_passes: bool | None
    message: str


class MrzOut(BaseModel):
    valid: bool
    format: Literal["TD1", "TD2", "TD3", "MRVA", "MRVB"] | None
    fields: MrzFieldsOut
    dates: MrzDatesOut
    checks: MrzChecksOut
    errors: list[MrzProblemOut]
    warnings: list[MrzProblemOut]
    suggestions: list[MrzSuggestionOut]
