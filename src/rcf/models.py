"""Imports every table so that ``Base.metadata`` is complete (Alembic, tests, drift check)."""

from rcf.access.policy import RecordShare
from rcf.accounts.models import ApiToken, LoginFailure, RecoveryCode, User, WebSession
from rcf.audit.models import AuditEntry, AuditHead
from rcf.bulletins.models import Bulletin
from rcf.db import Base
from rcf.documents.models import DocumentHit, DocumentRecord, HitMessage, HitWebhook
from rcf.incidents.models import CurrencyRate, Incident, IncidentLink, IncidentVersion, PersonCount
from rcf.incidents.rollup_models import (
    CitizenshipRollup,
    CitizenshipTotal,
    DayCitizenshipRollup,
    DayFeeRollup,
    DayRollup,
    DuplicateRollup,
    FeeRollup,
    IncidentRollup,
    RollupStatus,
    RollupTail,
    RouteFeeRollup,
)
from rcf.members.models import Agency, ConsultativeProcess, Member
from rcf.screening.models import (
    ScreeningHit,
    ScreeningHitWebhook,
    WatchlistIdentifier,
    WatchlistLink,
    WatchlistName,
    WatchlistPerson,
)
from rcf.screening.proposal_models import LinkProposal
from rcf.trafficking.models import CasePerpetrator, IdentityIndex, JourneyEvent, TraffickingCase
from rcf.trafficking.referral_models import (
    ReferralAttachment,
    ReferralMessage,
    ReferralReminder,
    TraffickingReferral,
)

__all__ = [
    "Agency",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Bulletin",
    "CasePerpetrator",
    "CitizenshipRollup",
    "CitizenshipTotal",
    "ConsultativeProcess",
    "CurrencyRate",
    "DayCitizenshipRollup",
    "DayFeeRollup",
    "DayRollup",
    "DocumentHit",
    "DocumentRecord",
    "DuplicateRollup",
    "FeeRollup",
    "HitMessage",
    "HitWebhook",
    "IdentityIndex",
    "Incident",
    "IncidentLink",
    "IncidentRollup",
    "IncidentVersion",
    "JourneyEvent",
    "LinkProposal",
    "LoginFailure",
    "Member",
    "PersonCount",
    "RecordShare",
    "RecoveryCode",
    "ReferralAttachment",
    "ReferralMessage",
    "ReferralReminder",
    "RollupStatus",
    "RollupTail",
    "RouteFeeRollup",
    "ScreeningHit",
    "ScreeningHitWebhook",
    "TraffickingCase",
    "TraffickingReferral",
    "User",
    "WatchlistIdentifier",
    "WatchlistLink",
    "WatchlistName",
    "WatchlistPerson",
    "WebSession",
]
