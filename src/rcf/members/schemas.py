"""Input shapes of the members registry."""

from __future__ import annotations

import re
from datetime import date

import pycountry
from pydantic import Field, ValidationInfo, field_validator

from rcf.members.models import AgencyKind, MemberKind, MemberStatus
from rcf.schemas import ShortText, StrictModel

ORG_CODE = re.compile(r"^[A-Z][A-Z0-9-]{1,7}$")
STATE_KINDS = (MemberKind.MEMBER_STATE, MemberKind.OBSERVER_STATE)


class MemberIn(StrictModel):
    # kind comes before code so the code's validator can see it and errors name the code column.
    kind: MemberKind
    code: str = Field(max_length=8)
    name: ShortText
    status: MemberStatus = MemberStatus.ACTIVE
    joined_on: date | None = None

    @field_validator("code")
    @classmethod
    def _code_fits_kind(cls, code: str, info: ValidationInfo) -> str:
        code = code.strip().upper()
        if info.data.get("kind") in STATE_KINDS and pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"{code} is not an ISO 3166-1 alpha-3 country code.")
        if not ORG_CODE.match(code):
            raise ValueError("Use 2 to 8 capital letters, digits or hyphens for the code.")
        return code


class MemberUpdate(StrictModel):
    name: ShortText
    status: MemberStatus
    joined_on: date | None = None


class AgencyIn(StrictModel):
    name: ShortText
    kind: AgencyKind


class ProcessIn(StrictModel):
    code: str = Field(min_length=2, max_length=16, pattern=r"^[A-Z][A-Z0-9-]+$")
    name: str = Field(min_length=1, max_length=300)
    region: ShortText
    established: int | None = Field(None, ge=1900, le=2100)
    secretariat: str = Field("", max_length=200)
