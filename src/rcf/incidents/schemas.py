"""The one place incident reports are validated: the web form, the API and file imports all go
through ``IncidentIn``. Messages are written for the border officer who filled the report."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator

from rcf.access.schemas import SharingIn
from rcf.incidents.codes import (
    AgeGroup,
    Answer,
    BorderType,
    DocumentType,
    FacilitatorRole,
    FeeBasis,
    FraudType,
    ImpactLevel,
    IncidentKind,
    Method,
    PaymentMethod,
    Sex,
    TransportMeans,
    country_codes,
    currency_codes,
)
from rcf.schemas import StrictModel

MAX_COUNT = 100_000
EARLIEST = date(1990, 1, 1)


def _country(code: str) -> str:
    code = code.strip().upper()
    if code not in country_codes():
        raise ValueError(f"'{code[:8]}' is not a country code. Use ISO 3166-1 alpha-3, like THA.")
    return code


Country = Annotated[str, Field(max_length=8), AfterValidator(_country)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Text200 = Annotated[str, Field(max_length=200)]


class PersonCountIn(StrictModel):
    citizenship: Country
    sex: Sex = Sex.UNKNOWN
    age_group: AgeGroup = AgeGroup.UNKNOWN
    count: int = Field(ge=1, le=MAX_COUNT)


class FacilitatorIn(StrictModel):
    count: int = Field(1, ge=1, le=10_000)
    role: FacilitatorRole = FacilitatorRole.OTHER
    citizenship: Country | None = None


class FraudulentDocumentIn(StrictModel):
    document_type: DocumentType
    issuing_state: Country | None = None
    fraud_type: FraudType


class IncidentIn(StrictModel):
    reference: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/:-]*$")
    kind: IncidentKind
    occurred_on: date
    occurred_time: time | None = None
    country: Country
    location_name: Text200 = ""
    latitude: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    border_type: BorderType | None = None
    checkpoint: Text200 = ""
    origin_country: Country | None = None
    transit_countries: list[Country] = Field(default_factory=list, max_length=20)
    embarkation_point: Text200 = ""
    destination_country: Country | None = None
    transport_means: TransportMeans = TransportMeans.UNKNOWN
    vehicle_type: str = Field("", max_length=100)
    transport_identifier: str = Field("", max_length=100)
    methods: list[Method] = Field(default_factory=list, max_length=len(Method))
    persons: list[PersonCountIn] = Field(default_factory=list, max_length=500)
    unaccompanied_children: Count = 0
    separated_children: Count = 0
    smuggled: Answer = Answer.UNKNOWN
    fee_amount: Decimal | None = Field(None, ge=0, le=Decimal("1e11"), decimal_places=2)
    fee_currency: str | None = Field(None, max_length=8)
    fee_basis: FeeBasis | None = None
    payment_method: PaymentMethod | None = None
    facilitators: list[FacilitatorIn] = Field(default_factory=list, max_length=50)
    fraudulent_documents: list[FraudulentDocumentIn] = Field(default_factory=list, max_length=100)
    deaths: Count = 0
    missing: Count = 0
    returned: Count = 0
    asylum_claims: Count = 0
    arrests: Count = 0
    prosecutions: Count = 0
    trafficking_suspected: Answer = Answer.UNKNOWN
    narrative: str = Field("", max_length=10_000)
    impact_level: ImpactLevel = ImpactLevel.LOW
    sharing: SharingIn = Field(default_factory=SharingIn)

    @field_validator("fee_currency")
    @classmethod
    def _currency(cls, code: str | None) -> str | None:
        if code is None or not code.strip():
            return None
        code = code.strip().upper()
        if code not in currency_codes():
            raise ValueError(f"'{code[:8]}' is not a currency code. Use ISO 4217, like USD or THB.")
        return code

    @field_validator("occurred_on")
    @classmethod
    def _possible_date(cls, day: date) -> date:
        # A field check, not a cross-field one: it is reported beside the date even when other
        # fields of the same report are wrong too.
        if day > date.today():
            raise ValueError("The date of the incident cannot be in the future.")
        if day < EARLIEST:
            raise ValueError(f"The date of the incident cannot be before {EARLIEST:%Y}.")
        return day

    @field_validator("methods")
    @classmethod
    def _distinct_methods(cls, methods: list[Method]) -> list[Method]:
        return sorted(set(methods))

    @model_validator(mode="after")
    def _consistent(self) -> IncidentIn:
        for check in (
            _check_position,
            _check_route,
            _check_persons,
            _check_fee,
            _check_outcomes,
        ):
            check(self)
        return self

    @property
    def persons_total(self) -> int:
        return sum(p.count for p in self.persons)

    @property
    def children_total(self) -> int:
        return sum(p.count for p in self.persons if p.age_group is AgeGroup.CHILD)


def _check_position(report: IncidentIn) -> None:
    if (report.latitude is None) != (report.longitude is None):
        raise ValueError("Give both latitude and longitude, or neither.")


def _check_route(report: IncidentIn) -> None:
    ends = {report.origin_country, report.destination_country} - {None}
    transit = report.transit_countries
    if len(set(transit)) != len(transit):
        raise ValueError("A transit country is listed twice.")
    if ends & set(transit):
        raise ValueError("A transit country cannot also be the origin or the destination.")
    if report.origin_country and report.origin_country == report.destination_country:
        raise ValueError("The origin and the destination are the same country.")


def _check_persons(report: IncidentIn) -> None:
    groups = [(p.citizenship, p.sex, p.age_group) for p in report.persons]
    if len(set(groups)) != len(groups):
        raise ValueError("The same citizenship, sex and age group appear twice in the persons.")
    children = report.children_total
    if report.unaccompanied_children + report.separated_children > children:
        raise ValueError(
            f"Unaccompanied and separated children ({report.unaccompanied_children} + "
            f"{report.separated_children}) are more than the children counted ({children})."
        )


def _check_fee(report: IncidentIn) -> None:
    if report.fee_amount is None:
        if report.fee_currency or report.fee_basis or report.payment_method:
            raise ValueError("Give the fee amount, or leave the currency, basis and payment empty.")
        return
    if report.fee_currency is None or report.fee_basis is None:
        raise ValueError("A fee needs its currency and whether it is per person or in total.")
    if report.fee_basis is FeeBasis.TOTAL and report.persons_total == 0:
        raise ValueError("A total fee needs the persons counted, to work out the fee per person.")


def _check_outcomes(report: IncidentIn) -> None:
    total = report.persons_total
    for name in ("returned", "asylum_claims"):
        if getattr(report, name) > total:
            label = name.replace("_", " ")
            raise ValueError(
                f"More {label} ({getattr(report, name)}) than persons counted ({total})."
            )
    if report.prosecutions > report.arrests:
        raise ValueError(
            f"More prosecutions ({report.prosecutions}) than arrests ({report.arrests})."
        )


def content_of(report: IncidentIn) -> dict[str, Any]:
    """The report as plain JSON values (for versions, hashes and exports)."""
    return report.model_dump(mode="json")
