"""Synthetic demo data: agencies, a user of every role in several members, bulletins and about
50,000 incident reports (``rcf.incidents.demo_data``).

Everything here is invented. It runs only when RCF_ENVIRONMENT=demo, so a real deployment never
has a demo account (A6). Running it again changes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, HandlingCode, SourceReliability, Visibility
from rcf.access.roles import ROLES_NEEDING_2FA, Role
from rcf.access.schemas import SharingIn
from rcf.accounts import credentials
from rcf.accounts.auth import TOTP_PURPOSE, actor_for_user
from rcf.accounts.models import User
from rcf.bulletins.models import Bulletin, BulletinCategory
from rcf.bulletins.schemas import BulletinIn
from rcf.bulletins.service import create_bulletin
from rcf.db import utcnow
from rcf.incidents.demo_seeding import seed_incidents
from rcf.members.importing import import_registry, reference_texts
from rcf.members.models import Agency, AgencyKind, Member
from rcf.members.schemas import AgencyIn
from rcf.members.service import save_agency
from rcf.runtime import Runtime
from rcf.screening.demo_data import DEMO_PERSONS, seed_watchlist

DEMO_PASSWORD = "bali-demo-2026!"
DEMO_AGENCIES = {
    "THA": [
        ("Immigration Bureau", AgencyKind.IMMIGRATION),
        ("Anti-Trafficking in Persons Division", AgencyKind.ANTI_TRAFFICKING),
    ],
    "IDN": [
        ("Directorate General of Immigration", AgencyKind.IMMIGRATION),
        ("National Police Transnational Crime Unit", AgencyKind.POLICE),
    ],
    "AUS": [("Border Force", AgencyKind.BORDER_POLICE)],
    "MYS": [("Immigration Department", AgencyKind.IMMIGRATION)],
    # Reporters of demo incidents only (no demo users): the Sri Lanka and Türkiye ends of routes.
    "LKA": [("Navy", AgencyKind.COAST_GUARD)],
    "TUR": [("Presidency of Migration Management", AgencyKind.IMMIGRATION)],
}
DEMO_INCIDENTS = 50_000
# Members with a user of every role; MYS has users but has contributed nothing (reciprocity).
DEMO_ROLES = {
    "THA": [*list(Role)[:4], Role.CASE_WORKER],
    "IDN": [*list(Role)[:4], Role.CASE_WORKER],
    "MYS": [Role.VIEWER, Role.FOCAL_POINT],
    "RSO": [Role.ANALYST, Role.RSO_ADMIN],
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: Role
    member: str
    totp_secret: str | None


def seed_demo(
    session: Session,
    runtime: Runtime,
    incidents: int = DEMO_INCIDENTS,
    persons: int = DEMO_PERSONS,
) -> list[DemoLogin]:
    """Create the demo world if it is not there yet and return its logins; ``incidents`` is
    about how many synthetic incident reports to add (none if demo reports exist already),
    ``persons`` how many persons of interest (likewise)."""
    system = Actor.system("demo seed")
    report = import_registry(session, system, reference_texts(None))
    assert not report.problems, report.problems
    session.flush()
    for code, agencies in DEMO_AGENCIES.items():
        member = _member(session, code)
        for name, kind in agencies:
            save_agency(session, system, member, AgencyIn(name=name, kind=kind))
    session.flush()
    logins = [
        _demo_user(session, runtime, code, role)
        for code, roles in DEMO_ROLES.items()
        for role in roles
    ]
    _demo_bulletins(session)
    session.flush()
    seed_incidents(session, incidents, end=utcnow().date() - timedelta(days=1))
    seed_watchlist(session, persons)
    return logins


def _member(session: Session, code: str) -> Member:
    return session.scalars(select(Member).where(Member.code == code)).one()


def _demo_user(session: Session, runtime: Runtime, code: str, role: Role) -> DemoLogin:
    email = f"{role.replace('_', '-')}@{code.lower()}.demo.rcf"
    user = session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        agency = session.scalars(
            select(Agency).join(Member).where(Member.code == code).order_by(Agency.id)
        ).first()
        assert agency is not None
        user = User(
            email=email,
            full_name=f"Demo {role.label} ({code})",
            member_id=agency.member_id,
            agency_id=agency.id,
            role=role,
            password_hash=runtime.passwords.hash(DEMO_PASSWORD),
        )
        if role in ROLES_NEEDING_2FA:
            user.totp_secret_encrypted = credentials.encrypt_field(
                runtime.secret_key, TOTP_PURPOSE, credentials.new_totp_secret()
            )
            user.totp_confirmed = True
        session.add(user)
        session.flush()
    secret = (
        credentials.decrypt_field(runtime.secret_key, TOTP_PURPOSE, user.totp_secret_encrypted)
        if user.totp_secret_encrypted
        else None
    )
    return DemoLogin(email, role, code, secret)


DEMO_BULLETINS = [
    (
        "THA",
        "Overstay pattern at land border crossings",
        BulletinCategory.TREND,
        Visibility.REGIONAL,
        "Synthetic example: rising overstays after 30-day visa exemptions.",
    ),
    (
        "THA",
        "Fraudulent work permits offered online",
        BulletinCategory.MODUS_OPERANDI,
        Visibility.REGIONAL,
        "Synthetic example: social media adverts promising work permits.",
    ),
    (
        "THA",
        "Vessel sighting for partner verification",
        BulletinCategory.REQUEST_FOR_INFORMATION,
        Visibility.MEMBERS,
        "Synthetic example: a fishing vessel reported near the maritime border.",
    ),
    (
        "IDN",
        "Embarkation points shifting east",
        BulletinCategory.ALERT,
        Visibility.REGIONAL,
        "Synthetic example: smaller boats departing from new embarkation points.",
    ),
    (
        "IDN",
        "Internal note on a pending operation",
        BulletinCategory.ALERT,
        Visibility.NATIONAL,
        "Synthetic example: national only; other members never see this.",
    ),
]


def _demo_bulletins(session: Session) -> None:
    if session.scalar(select(func.count(Bulletin.id))):
        return
    for code, title, category, visibility, body in DEMO_BULLETINS:
        author = session.scalars(
            select(User)
            .join(Member, User.member_id == Member.id)
            .where(Member.code == code, User.role == Role.CONTRIBUTOR)
        ).one()
        sharing = SharingIn(
            visibility=visibility,
            shared_with=["IDN"] if visibility is Visibility.MEMBERS else [],
            handling_code=HandlingCode.H2 if visibility is Visibility.MEMBERS else HandlingCode.H0,
            source_reliability=SourceReliability.B,
            review_date=(utcnow() + timedelta(days=3 * 365)).date(),
        )
        create_bulletin(
            session,
            actor_for_user(author, request_id="demo"),
            BulletinIn(title=title, category=category, body=body, sharing=sharing),
        )


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time())
