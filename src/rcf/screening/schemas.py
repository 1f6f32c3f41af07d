"""The one place watchlist entries and screening queries are validated: the web form, the API
and file imports (CSV, XLSX, FollowTheMoney) all go through these schemas.

Values are normalised here, once: birth dates to ``YYYY-MM-DD``, ``YYYY`` or ``YYYY..YYYY``,
nationalities to ISO 3166-1 alpha-2, document numbers and issuing states as the document
register stores them, phone numbers to E.164.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

import phonenumbers
import pycountry
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from rcf.access.schemas import SharingIn
from rcf.documents.numbers import is_known_state, normalise_number, normalise_state
from rcf.schemas import StrictModel
from rcf.screening.models import LinkedRecordType, PersonRole
from rcf.screening.persons import BirthDateError, parse_birth_date

MAX_NAMES = 50
_ALPHA3_TO_ALPHA2 = {country.alpha_3: country.alpha_2 for country in pycountry.countries}
_ALPHA2 = frozenset(country.alpha_2 for country in pycountry.countries)
EARLIEST_BIRTH_YEAR = 1900


def _name(text: str) -> str:
    """NFC and single spaces: the same name typed twice is stored once."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if not cleaned:
        raise ValueError("This field is required.")
    if any(not ch.isprintable() for ch in cleaned):
        raise ValueError("A name cannot contain control characters.")
    return cleaned


def _birth_date(text: str) -> str:
    try:
        parsed = parse_birth_date(text)
    except BirthDateError:
        raise ValueError(
            f"'{text[:12]}' is not a birth date: write YYYY-MM-DD, YYYY or a range YYYY..YYYY."
        ) from None
    if parsed.is_full:
        try:
            date(parsed.first_year, parsed.month or 1, parsed.day or 1)
        except ValueError:
            raise ValueError(f"'{text[:12]}' is not a day of the calendar.") from None
    if parsed.first_year < EARLIEST_BIRTH_YEAR or parsed.last_year > date.today().year:
        raise ValueError(f"'{text[:12]}' is not a plausible year of birth.")
    return str(parsed)


def nationality_code(text: str) -> str:
    """ISO 3166-1 alpha-2 from alpha-2 or alpha-3 (manifests and MRZs use alpha-3)."""
    code = text.strip().upper()
    code = _ALPHA3_TO_ALPHA2.get(code, code)
    if code not in _ALPHA2:
        raise ValueError(f"'{text[:8]}' is not a country code. Use ISO 3166-1 alpha-2, like TH.")
    return code


def _gender(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    value = text.strip().upper()[:1]
    return {"U": ""}.get(value, value)


Name = Annotated[str, Field(max_length=300), AfterValidator(_name)]
BirthDateText = Annotated[str, Field(max_length=20), AfterValidator(_birth_date)]
Nationality = Annotated[str, Field(max_length=8), AfterValidator(nationality_code)]
Gender = Annotated[Literal["M", "F", "X", ""], BeforeValidator(_gender)]


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


class DocumentIn(StrictModel):
    """A travel or identity document number and the state that issued it (ICAO code)."""

    number: str = Field(min_length=1, max_length=40)
    issuing_state: str = Field("", max_length=8)

    @field_validator("number")
    @classmethod
    def _number(cls, text: str) -> str:
        number = normalise_number(text)
        if not number or not (number.isascii() and number.isalnum()) or len(number) > 30:
            raise ValueError("A document number has letters A-Z and digits only (at most 30).")
        return number

    @field_validator("issuing_state")
    @classmethod
    def _state(cls, text: str) -> str:
        if not text.strip():
            return ""
        state = normalise_state(text)
        if not is_known_state(state):
            raise ValueError(f"'{text[:8]}' is not an issuing state. Use its code, like THA.")
        return state


class LinkIn(StrictModel):
    """A link to an incident report or a trafficking case the author may see."""

    record_type: LinkedRecordType
    record_id: int = Field(ge=1, le=2**31 - 1)


class WatchlistPersonIn(StrictModel):
    reference: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/:-]*$")
    primary_name: Name
    aliases: list[Name] = Field(default_factory=list, max_length=MAX_NAMES)
    birth_dates: list[BirthDateText] = Field(default_factory=list, max_length=10)
    nationalities: list[Nationality] = Field(default_factory=list, max_length=10)
    gender: Gender = ""
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    roles: list[PersonRole] = Field(default_factory=list, max_length=len(PersonRole))
    remarks: str = Field("", max_length=1000)
    links: list[LinkIn] = Field(default_factory=list, max_length=50)
    sharing: SharingIn = Field(default_factory=SharingIn)

    _aliases = field_validator("aliases", "birth_dates", "nationalities")(_distinct)

    @field_validator("roles")
    @classmethod
    def _roles(cls, roles: list[PersonRole]) -> list[PersonRole]:
        return sorted(set(roles))

    @field_validator("phones")
    @classmethod
    def _phones(cls, phones: list[str], info: ValidationInfo) -> list[str]:
        # A number written without its country code is read in the person's first nationality.
        nationalities = info.data.get("nationalities") or [None]
        numbers = [e164(text, nationalities[0]) for text in phones if text.strip()]
        return list(dict.fromkeys(numbers))

    @model_validator(mode="after")
    def _primary_not_alias(self) -> WatchlistPersonIn:
        if self.primary_name in self.aliases:
            object.__setattr__(self, "aliases", [a for a in self.aliases if a != self.primary_name])
        return self

    @property
    def names(self) -> list[str]:
        return [self.primary_name, *self.aliases]


def e164(text: str, region: str | None = None) -> str:
    """A phone number in E.164 (``+66812345678``), or ValueError saying how to write it."""
    try:
        parsed = phonenumbers.parse(text[:40], region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        raise ValueError(
            f"'{text[:24]}' is not a phone number: write it with its country code, "
            "like +66 81 234 5678."
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


class MatchIn(StrictModel):
    """A person to screen: a name in any script, and what else is known."""

    name: Name
    birth_date: BirthDateText | None = None
    nationality: Nationality | None = None
    gender: Gender = ""
    limit: int = Field(10, ge=1, le=10)

    @field_validator("birth_date", "nationality", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class ManifestIn(StrictModel):
    """A passenger manifest to screen: the text of a CSV file (header row) or a PAXLST message."""

    manifest: str = Field(min_length=1, max_length=10_000_000)


class DecisionIn(StrictModel):
    decision: Literal["confirmed", "not_same"]
