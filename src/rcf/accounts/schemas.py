"""Input and output shapes for accounts and tokens."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator

from rcf.access.permissions import token_scopes
from rcf.access.roles import Role
from rcf.schemas import EMAIL_PATTERN, ShortText, StrictModel


def _check_email(value: str) -> str:
    value = value.strip().lower()
    if not EMAIL_PATTERN.match(value):
        raise ValueError("Enter an email address like name@agency.gov.")
    return value


class UserCreate(StrictModel):
    email: str = Field(max_length=254)
    full_name: ShortText
    agency_id: int
    role: Role

    _email = field_validator("email")(_check_email)


class UserUpdate(StrictModel):
    full_name: ShortText
    agency_id: int
    role: Role


class PasswordChange(StrictModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)
    confirm_password: str = Field(max_length=1024)


class TokenCreate(StrictModel):
    name: ShortText
    user_id: int
    scopes: list[str] = Field(min_length=1, max_length=20)
    days: int = Field(90, ge=1, le=3650)

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, scopes: list[str]) -> list[str]:
        unknown = sorted(set(scopes) - set(token_scopes()))
        if unknown:
            raise ValueError(f"Unknown scope: {', '.join(unknown)}.")
        return sorted(set(scopes))


class UserOut(StrictModel):
    id: int
    email: str
    full_name: str
    member_code: str
    agency: str
    role: Role
    is_active: bool
    has_2fa: bool
    last_login_at: datetime | None


class TokenOut(StrictModel):
    id: int
    name: str
    prefix: str
    user_email: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
