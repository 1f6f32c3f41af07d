"""Code lists of incident reports. Values are stable identifiers used in files and the API;
labels are for people. Countries and currencies come from pycountry (ISO 3166, ISO 4217)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import pycountry


class IncidentKind(StrEnum):
    IRREGULAR_ENTRY = "irregular_entry"
    IRREGULAR_EXIT = "irregular_exit"
    IRREGULAR_STAY = "irregular_stay"
    SMUGGLING_LAND = "smuggling_land"
    SMUGGLING_SEA = "smuggling_sea"
    SMUGGLING_AIR = "smuggling_air"
    MARITIME_INTERCEPTION = "maritime_interception"
    MARITIME_RESCUE = "maritime_rescue"
    DOCUMENT_FRAUD = "document_fraud"
    OTHER = "other"


class BorderType(StrEnum):
    AIR = "air"
    LAND = "land"
    SEA = "sea"


class TransportMeans(StrEnum):
    BOAT = "boat"
    VEHICLE = "vehicle"
    AIRCRAFT = "aircraft"
    TRAIN = "train"
    ON_FOOT = "on_foot"
    OTHER = "other"
    UNKNOWN = "unknown"


class Method(StrEnum):
    CLANDESTINE_ENTRY = "clandestine_entry"
    FRAUDULENT_DOCUMENT = "fraudulent_document"
    VISA_MISUSE = "visa_misuse"
    CONCEALMENT = "concealment"
    CORRUPTION = "corruption"
    OVERSTAY = "overstay"
    FALSE_DECLARATION = "false_declaration"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"


class AgeGroup(StrEnum):
    ADULT = "adult"
    CHILD = "child"
    UNKNOWN = "unknown"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class FeeBasis(StrEnum):
    PER_PERSON = "per_person"
    TOTAL = "total"


class PaymentMethod(StrEnum):
    CASH = "cash"
    HAWALA = "hawala"
    BANK = "bank"
    MOBILE_MONEY = "mobile_money"
    CRYPTO = "crypto"
    OTHER = "other"


class FacilitatorRole(StrEnum):
    ORGANISER = "organiser"
    RECRUITER = "recruiter"
    TRANSPORTER = "transporter"
    GUIDE = "guide"
    DOCUMENT_FORGER = "document_forger"
    FINANCIER = "financier"
    CORRUPT_OFFICIAL = "corrupt_official"
    OTHER = "other"


class DocumentType(StrEnum):
    PASSPORT = "passport"
    ID_CARD = "id_card"
    VISA = "visa"
    RESIDENCE_PERMIT = "residence_permit"
    TRAVEL_DOCUMENT = "travel_document"
    OTHER = "other"


class FraudType(StrEnum):
    COUNTERFEIT = "counterfeit"
    FORGED = "forged"
    FRAUDULENTLY_OBTAINED = "fraudulently_obtained_genuine"
    IMPOSTOR = "impostor"


class ImpactLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes, plus XXA (stateless) and XXX (unspecified) for citizenships."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XXA", "XXX"}


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_3=code)
    return {"XXA": "Stateless", "XXX": "Unspecified"}.get(code, found.name if found else code)
