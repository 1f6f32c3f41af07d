"""Code lists of trafficking cases, aligned with IOM's Human Trafficking Case Data Standard
(HTCDS v2.0, github.com/UNMigration/HTCDS) and the CTDC data dictionary.

Values are stable snake_case identifiers used in files, the API and the database; ``label`` is
for people. Where HTCDS names a value (``DebtBondage``), ``htcds`` gives that name back so
imports and exports of the HTCDS toolkit can map both ways. Countries are ISO 3166-1 alpha-3
(``rcf.incidents.codes.country_codes``); their UN M49 regions are in ``rcf.trafficking.regions``,
and the ISIC sections of labour industries in ``rcf.trafficking.isic``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class Code(StrEnum):
    """A code-list value with a label for people and its HTCDS name."""

    @property
    def label(self) -> str:
        return LABELS.get(self) or self.value.replace("_", " ").capitalize()

    @property
    def htcds(self) -> str:
        """The HTCDS / CTDC spelling: ``debt_bondage`` -> ``DebtBondage``."""
        return HTCDS_NAMES.get(self) or "".join(p.capitalize() for p in self.value.split("_"))


# --- Victim context ----------------------------------------------------------------------------


class TraffickingStatus(Code):
    """HTCDS trafficking status: indicators but not verified / determined / determined not."""

    POSSIBLE = "possible"
    ACTUAL = "actual"
    NOT_A_VICTIM = "not_a_victim"


class StatusDecidedBy(Code):
    """Who asserted the trafficking status (HTCDS: status decision-making organisation)."""

    POLICE = "police"
    PROSECUTOR = "prosecutor"
    COURT = "court"
    GOVERNMENT_AGENCY = "government_agency"
    NGO = "ngo"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    OTHER = "other"


class MeansOfControl(Code):
    """The 17 HTCDS methods of control (CTDC ``meansOfControl*``)."""

    DEBT_BONDAGE = "debt_bondage"
    TAKES_EARNINGS = "takes_earnings"
    RESTRICTS_FINANCIAL_ACCESS = "restricts_financial_access"
    THREATS = "threats"
    PSYCHOLOGICAL_ABUSE = "psychological_abuse"
    PHYSICAL_ABUSE = "physical_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    FALSE_PROMISES = "false_promises"
    PSYCHOACTIVE_SUBSTANCES = "psychoactive_substances"
    RESTRICTS_MOVEMENT = "restricts_movement"
    RESTRICTS_MEDICAL_CARE = "restricts_medical_care"
    EXCESSIVE_WORKING_HOURS = "excessive_working_hours"
    USES_CHILDREN = "uses_children"
    THREAT_OF_LAW_ENFORCEMENT = "threat_of_law_enforcement"
    WITHHOLDS_NECESSITIES = "withholds_necessities"
    WITHHOLDS_DOCUMENTS = "withholds_documents"
    OTHER = "other"


class ExploitationType(Code):
    """HTCDS type of exploitation, with forced criminality split out (scam centres)."""

    FORCED_LABOUR = "forced_labour"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    FORCED_CRIMINALITY = "forced_criminality"
    CHILD_LABOUR = "child_labour"
    FORCED_MARRIAGE = "forced_marriage"
    SERVITUDE = "servitude"
    FORCED_MILITARY = "forced_military"
    ORGAN_REMOVAL = "organ_removal"
    FORCED_BEGGING = "forced_begging"
    ILLEGAL_ADOPTION = "illegal_adoption"
    SURROGACY = "surrogacy"
    OTHER = "other"


class ForcedCriminality(Code):
    """What a victim was forced to do when the exploitation type is forced criminality."""

    ONLINE_SCAM_CENTRE = "online_scam_centre"
    DRUG_PRODUCTION_OR_TRAFFICKING = "drug_production_or_trafficking"
    THEFT_OR_PICKPOCKETING = "theft_or_pickpocketing"
    ILLEGAL_GAMBLING = "illegal_gambling"
    OTHER = "other"


class SexExploitationType(Code):
    PROSTITUTION = "prostitution"
    PORNOGRAPHY = "pornography"
    REMOTE_INTERACTIVE_SERVICES = "remote_interactive_services"
    PRIVATE_SEXUAL_SERVICES = "private_sexual_services"


class RecruitmentMethod(Code):
    """HTCDS method of recruitment."""

    ABDUCTION = "abduction"
    EDUCATIONAL_FACILITY = "educational_facility"
    FAMILIAL = "familial"
    INTERNET = "internet"
    INTERNATIONAL_MARRIAGE_BROKER = "international_marriage_broker"
    INTIMATE_PARTNER = "intimate_partner"
    JOB_OFFER = "job_offer"
    POSING_AS_BENEFACTOR = "posing_as_benefactor"
    PUBLIC_AREA = "public_area"
    OFFER_OF_ACCOMMODATION = "offer_of_accommodation"
    SHELTER = "shelter"
    SMUGGLING_RANSOM = "smuggling_ransom"
    WORK = "work"
    OTHER = "other"
    UNKNOWN = "unknown"


class RecruiterRelation(Code):
    """CTDC ``recruiterRelation*``: how the victim knew the recruiter."""

    INTIMATE_PARTNER = "intimate_partner"
    FRIEND = "friend"
    FAMILY = "family"
    OTHER = "other"
    UNKNOWN = "unknown"


class OnlinePlatform(Code):
    """HTCDS recruitment / exploitation websites and apps."""

    FACEBOOK = "facebook"
    FACEBOOK_MESSENGER = "facebook_messenger"
    INSTAGRAM = "instagram"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    VIBER = "viber"
    SNAPCHAT = "snapchat"
    LINE = "line"
    WECHAT = "wechat"
    QQ = "qq"
    TIKTOK = "tiktok"
    TWITTER = "twitter"
    OTHER = "other"


# --- Persons -----------------------------------------------------------------------------------


class Gender(Code):
    """HTCDS gender (Male, Female, Transgender/NonConforming, Unknown)."""

    FEMALE = "female"
    MALE = "male"
    TRANSGENDER_NONCONFORMING = "transgender_nonconforming"
    UNKNOWN = "unknown"


class AgeBand(Code):
    """CTDC ``ageBroad`` bands (age at registration). Unknown is a value, not a gap."""

    AGE_0_8 = "0-8"
    AGE_9_17 = "9-17"
    AGE_18_20 = "18-20"
    AGE_21_23 = "21-23"
    AGE_24_26 = "24-26"
    AGE_27_29 = "27-29"
    AGE_30_38 = "30-38"
    AGE_39_47 = "39-47"
    AGE_48_PLUS = "48+"
    UNKNOWN = "unknown"

    @property
    def is_minor(self) -> bool:
        return self in (AgeBand.AGE_0_8, AgeBand.AGE_9_17)


def age_band(age: int) -> AgeBand:
    """The CTDC band of an age in whole years."""
    if age < 0:
        raise ValueError("An age cannot be negative.")
    for band, upper in _AGE_UPPER_BOUNDS:
        if age <= upper:
            return band
    return AgeBand.AGE_48_PLUS


_AGE_UPPER_BOUNDS = [
    (AgeBand.AGE_0_8, 8),
    (AgeBand.AGE_9_17, 17),
    (AgeBand.AGE_18_20, 20),
    (AgeBand.AGE_21_23, 23),
    (AgeBand.AGE_24_26, 26),
    (AgeBand.AGE_27_29, 29),
    (AgeBand.AGE_30_38, 38),
    (AgeBand.AGE_39_47, 47),
]


class PerpetratorRole(Code):
    """HTCDS perpetrator role in process (multi-select)."""

    TRAVELLING_PARTNER = "travelling_partner"
    RECRUITER = "recruiter"
    BROKER_TRAVEL_AGENT = "broker_travel_agent"
    TRANSPORTER = "transporter"
    TRANSFERRED_INDIVIDUAL = "transferred_individual"
    HARBOURED_INDIVIDUAL = "harboured_individual"
    SOLD_INDIVIDUAL = "sold_individual"
    BOUGHT_INDIVIDUAL = "bought_individual"
    RECEIVED_INDIVIDUAL = "received_individual"
    CONTROLLED_INDIVIDUAL = "controlled_individual"
    SMUGGLER = "smuggler"
    ABUSER = "abuser"
    KIDNAPPER = "kidnapper"
    EXPLOITER = "exploiter"
    OTHER = "other"


class PerpetratorKind(Code):
    """The structured perpetrator profile HTCDS lacks: a person or a business."""

    INDIVIDUAL = "individual"
    BUSINESS = "business"
    UNKNOWN = "unknown"


# --- Case ---------------------------------------------------------------------------------------


class CaseStatus(Code):
    """HTCDS case status."""

    ACTIVE = "active"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    CLOSED_REFERRED = "closed_referred"


class JourneyEventType(Code):
    """HTCDS historic trafficking events."""

    RECRUITMENT = "recruitment"
    TRANSIT = "transit"
    EXPLOITATION = "exploitation"


class ConsentPurpose(Code):
    """What the person agreed to, each given and withdrawn separately (HTCDS consent)."""

    CASE_MANAGEMENT = "case_management"
    REFERRAL = "referral"
    IDENTITY_SHARING = "identity_sharing"
    RESEARCH = "research"
    STATISTICS = "statistics"


# --- Labels --------------------------------------------------------------------------------------

LABELS: dict[Code, str] = {
    TraffickingStatus.POSSIBLE: "Possible victim of trafficking",
    TraffickingStatus.ACTUAL: "Actual victim of trafficking",
    TraffickingStatus.NOT_A_VICTIM: "Not a victim of trafficking",
    StatusDecidedBy.NGO: "Non-governmental organisation",
    StatusDecidedBy.INTERNATIONAL_ORGANISATION: "International organisation (IOM, UNHCR...)",
    MeansOfControl.THREAT_OF_LAW_ENFORCEMENT: "Threat of law enforcement",
    ExploitationType.FORCED_CRIMINALITY: "Forced criminality (incl. online scam centres)",
    ExploitationType.FORCED_MILITARY: "Forced military service",
    ForcedCriminality.ONLINE_SCAM_CENTRE: "Online scam centre (fraud, cyber-scams)",
    RecruitmentMethod.INTERNET: "Internet (social media, online advertisement)",
    RecruitmentMethod.INTERNATIONAL_MARRIAGE_BROKER: "International marriage broker (IMB)",
    RecruitmentMethod.INTIMATE_PARTNER: "Intimate partner / marriage proposition",
    RecruitmentMethod.JOB_OFFER: "Job offer / advertisement",
    RecruitmentMethod.SMUGGLING_RANSOM: "Smuggling, ransom",
    OnlinePlatform.WHATSAPP: "WhatsApp",
    OnlinePlatform.TIKTOK: "TikTok",
    OnlinePlatform.WECHAT: "WeChat",
    OnlinePlatform.QQ: "QQ",
    Gender.TRANSGENDER_NONCONFORMING: "Transgender / non-conforming",
    AgeBand.AGE_48_PLUS: "48 and over",
    PerpetratorRole.RECRUITER: "Recruiter or intermediary",
    PerpetratorRole.BROKER_TRAVEL_AGENT: "Broker or travel agent",
    CaseStatus.FOLLOW_UP: "Follow-up",
    CaseStatus.CLOSED_REFERRED: "Closed (referred)",
    ConsentPurpose.CASE_MANAGEMENT: "Case management and assistance",
    ConsentPurpose.REFERRAL: "Referral to another organisation or member",
    ConsentPurpose.IDENTITY_SHARING: "Sharing identity data in a referral",
    ConsentPurpose.RESEARCH: "Research use of de-identified data",
    ConsentPurpose.STATISTICS: "De-identified regional statistics",
}

HTCDS_NAMES: dict[Code, str] = {
    TraffickingStatus.POSSIBLE: "PossibleVictim",
    TraffickingStatus.ACTUAL: "ActualVictim",
    TraffickingStatus.NOT_A_VICTIM: "NotAVictim",
    ExploitationType.FORCED_CRIMINALITY: "IllicitActivities",
    ExploitationType.FORCED_MILITARY: "ForcedMilitaryService",
    MeansOfControl.THREAT_OF_LAW_ENFORCEMENT: "ThreatOfLawEnforcement",
    RecruitmentMethod.INTERNET: "Internet",
    RecruitmentMethod.INTERNATIONAL_MARRIAGE_BROKER: "InternationalMarriageBroker",
    RecruitmentMethod.JOB_OFFER: "JobOffer",
    RecruitmentMethod.SMUGGLING_RANSOM: "SmugglingRansom",
    PerpetratorRole.RECRUITER: "RecruiterOrIntermediary",
    PerpetratorRole.BROKER_TRAVEL_AGENT: "BrokerTravelAgent",
    Gender.TRANSGENDER_NONCONFORMING: "Transgender/NonConforming",
    CaseStatus.FOLLOW_UP: "FollowUp",
    CaseStatus.CLOSED_REFERRED: "ClosedReferred",
}


CodeT = TypeVar("CodeT", bound=Code)


def from_htcds(code_list: type[CodeT], name: str) -> CodeT:
    """The code whose HTCDS name is ``name`` (case-insensitive); ValueError if none."""
    wanted = name.strip().lower()
    for code in code_list:
        if code.htcds.lower() == wanted or code.value.lower() == wanted:
            return code
    raise ValueError(f"{name!r} is not a value of {code_list.__name__}.")
