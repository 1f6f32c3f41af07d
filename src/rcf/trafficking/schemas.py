"""The one place trafficking cases are validated: the web form and the API both go through
``CaseIn``. Identity and free text are plain here; the service seals them before they are stored."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from rcf.access.policy import Visibility
from rcf.access.schemas import SharingIn
from rcf.incidents.schemas import Country
from rcf.schemas import StrictModel
from rcf.trafficking.codes import (
    AgeBand,
    CaseStatus,
    ConsentPurpose,
    ExploitationType,
    Gender,
    JourneyEventType,
    MeansOfControl,
    OnlinePlatform,
    PerpetratorKind,
    PerpetratorRole,
    RecruiterRelation,
    RecruitmentMethod,
    StatusDecidedBy,
    TraffickingStatus,
)
from rcf.trafficking.indicators import Indicator
from rcf.trafficking.isic import IsicSection
from rcf.trafficking.protection import ProtectionFlag, unknown_steps

EARLIEST = date(1990, 1, 1)
Text200 = Annotated[str, Field(max_length=200)]
Language = Annotated[str, Field(min_length=2, max_length=40)]


class IdentityDocumentIn(StrictModel):
    kind: Annotated[str, Field(max_length=40)] = "passport"
    number: Annotated[str, Field(min_length=1, max_length=60)]
    issuing_country: Country | None = None


class IdentityIn(StrictModel):
    """Who the person is: stored sealed, shown only to the owning agency's case workers."""

    names: Annotated[str, Field(max_length=500)] = ""
    birth_date: date | None = None
    identity_documents: list[IdentityDocumentIn] = Field(default_factory=list, max_length=10)
    contact: Annotated[str, Field(max_length=500)] = ""
    address: Annotated[str, Field(max_length=500)] = ""

    @field_validator("birth_date")
    @classmethod
    def _past(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= date.today():
            raise ValueError("The birth date must be a past date after 1900.")
        return value


class PerpetratorIn(StrictModel):
    """A structured profile, never a name."""

    kind: PerpetratorKind = PerpetratorKind.UNKNOWN
    roles: list[PerpetratorRole] = Field(default_factory=list, max_length=15)
    citizenship: Country | None = None
    gender: Gender = Gender.UNKNOWN
    age_band: AgeBand = AgeBand.UNKNOWN


class JourneyEventIn(StrictModel):
    event_type: JourneyEventType
    country: Country
    place: Text200 = ""
    occurred_on: date | None = None


class ConsentIn(StrictModel):
    purposes: list[ConsentPurpose] = Field(default_factory=list, max_length=10)
    given_on: date | None = None
    retention_until: date | None = None

    @model_validator(mode="after")
    def _dated(self) -> ConsentIn:
        if self.purposes and self.given_on is None:
            raise ValueError("Give the date the person gave consent.")
        if self.given_on is not None and self.given_on > date.today():
            raise ValueError("Consent cannot be given in the future.")
        return self


class ScreeningIn(StrictModel):
    indicators: list[Indicator] = Field(default_factory=list, max_length=len(Indicator))
    minor: bool | None = False


class CaseIn(StrictModel):
    identified_on: date
    status: CaseStatus = CaseStatus.ACTIVE
    identity: IdentityIn = Field(default_factory=IdentityIn)
    gender: Gender = Gender.UNKNOWN
    age_band: AgeBand = AgeBand.UNKNOWN
    citizenships: list[Country] = Field(default_factory=list, max_length=5)
    languages: list[Language] = Field(default_factory=list, max_length=10)
    trafficking_status: TraffickingStatus = TraffickingStatus.POSSIBLE
    status_decided_by: StatusDecidedBy | None = None
    recruitment_methods: list[RecruitmentMethod] = Field(default_factory=list, max_length=20)
    recruitment_country: Country | None = None
    online_platforms: list[OnlinePlatform] = Field(default_factory=list, max_length=20)
    recruiter_relations: list[RecruiterRelation] = Field(default_factory=list, max_length=10)
    means_of_control: list[MeansOfControl] = Field(default_factory=list, max_length=17)
    exploitation_types: list[ExploitationType] = Field(default_factory=list, max_length=15)
    isic_sections: list[IsicSection] = Field(default_factory=list, max_length=21)
    country_of_exploitation: Country | None = None
    place_of_exploitation: Text200 = ""
    duration_months: int | None = Field(None, ge=0, le=600)
    protection_flags: list[ProtectionFlag] = Field(default_factory=list, max_length=5)
    protection_steps_done: list[str] = Field(default_factory=list, max_length=50)
    consent: ConsentIn = Field(default_factory=ConsentIn)
    support_plan: Annotated[str, Field(max_length=5000)] = ""
    notes: Annotated[str, Field(max_length=10000)] = ""
    perpetrators: list[PerpetratorIn] = Field(default_factory=list, max_length=20)
    journey: list[JourneyEventIn] = Field(default_factory=list, max_length=30)
    screening: ScreeningIn | None = None
    sharing: SharingIn = Field(default_factory=SharingIn)

    @field_validator("identified_on")
    @classmethod
    def _identified(cls, value: date) -> date:
        if not EARLIEST <= value <= date.today():
            raise ValueError("The identification date must be a past date after 1990.")
        return value

    @field_validator("protection_steps_done")
    @classmethod
    def _steps(cls, steps: list[str]) -> list[str]:
        unknown = unknown_steps(steps)
        if unknown:
            raise ValueError(f"Unknown protection step: {', '.join(sorted(unknown))[:200]}.")
        return sorted(set(steps))

    @field_validator("sharing")
    @classmethod
    def _never_regional(cls, sharing: SharingIn) -> SharingIn:
        if sharing.visibility is Visibility.REGIONAL:
            raise ValueError(
                "A trafficking case is never shared with the whole region: keep it national "
                "or share it with listed members."
            )
        return sharing

    @model_validator(mode="after")
    def _consent_for_sharing(self) -> CaseIn:
        if self.sharing.visibility is Visibility.MEMBERS and (
            ConsentPurpose.REFERRAL not in self.consent.purposes
        ):
            raise ValueError(
                "Sharing the case with other members needs the person's consent to referral."
            )
        return self
