"""Imports every table so that ``Base.metadata`` is complete (Alembic, tests, drift check)."""

from rcf.access.policy import RecordShare
from rcf.accounts.models import ApiToken, LoginFailure, RecoveryCode, User, WebSession
from rcf.audit.models import AuditEntry, AuditHead
from rcf.bulletins.models import Bulletin
from rcf.db import Base
from rcf.incidents.models import (
    CurrencyRate,
    Incident,
    IncidentLink,
    IncidentVersion,
    PersonCount,
)
from rcf.members.models import Agency, ConsultativeProcess, Member
from rcf.trafficking.models import CasePerpetrator, IdentityIndex, JourneyEvent, TraffickingCase

__all__ = [
    "Agency",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Bulletin",
    "CasePerpetrator",
    "ConsultativeProcess",
    "CurrencyRate",
    "IdentityIndex",
    "Incident",
    "IncidentLink",
    "IncidentVersion",
    "JourneyEvent",
    "LoginFailure",
    "Member",
    "PersonCount",
    "RecordShare",
    "RecoveryCode",
    "TraffickingCase",
    "User",
    "WebSession",
]
