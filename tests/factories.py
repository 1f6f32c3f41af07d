"""Test data and personas. Everything is synthetic."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcf.access.policy import HandlingCode, Visibility
from rcf.access.roles import ROLES_NEEDING_2FA, Role
from rcf.access.schemas import SharingIn
from rcf.accounts import credentials
from rcf.accounts.auth import TOTP_PURPOSE, actor_for_user
from rcf.accounts.models import User
from rcf.bulletins.models import Bulletin, BulletinCategory
from rcf.bulletins.schemas import BulletinIn
from rcf.bulletins.service import create_bulletin
from rcf.db import utcnow
from rcf.members.models import Agency, AgencyKind, Member, MemberKind
from rcf.runtime import Runtime

PASSWORD = "correct horse battery 2026"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Persona:
    user: User
    password: str = PASSWORD
    totp_secret: str | None = None
    _last_step: int = field(default=0, repr=False)

    @property
    def email(self) -> str:
        return self.user.email

    def next_code(self) -> str:
        """A TOTP code not used before (each step is accepted once, within +-1 step)."""
        step = max(int(time.time() // 30), self._last_step + 1)
        self._last_step = step
        assert self.totp_secret is not None
        return pyotp.TOTP(self.totp_secret).at(step * 30)


@dataclass
class World:
    members: dict[str, Member]
    agencies: dict[str, Agency]
    people: dict[tuple[str, Role], Persona]
    bulletins: dict[str, Bulletin]

    def persona(self, member: str, role: Role) -> Persona:
        return self.people[(member, role)]


def make_member(db: Session, code: str, kind: MemberKind = MemberKind.MEMBER_STATE) -> Member:
    member = Member(code=code, name=f"Test {code}", kind=kind)
    db.add(member)
    db.flush()
    return member


def make_agency(db: Session, member: Member, name: str = "Immigration") -> Agency:
    agency = Agency(member_id=member.id, name=name, kind=AgencyKind.IMMIGRATION)
    db.add(agency)
    db.flush()
    return agency


def make_user(
    db: Session,
    runtime: Runtime,
    agency: Agency,
    role: Role,
    email: str | None = None,
    password: str = PASSWORD,
) -> Persona:
    member = db.get(Member, agency.member_id)
    assert member is not None
    user = User(
        email=email or f"{role}@{member.code.lower()}.test",
        full_name=f"{role} {member.code}",
        member_id=member.id,
        agency_id=agency.id,
        role=role,
        password_hash=runtime.passwords.hash(password),
    )
    secret = None
    if role in ROLES_NEEDING_2FA:
        secret = credentials.new_totp_secret()
        user.totp_secret_encrypted = credentials.encrypt_field(
            runtime.secret_key, TOTP_PURPOSE, secret
        )
        user.totp_confirmed = True
    db.add(user)
    db.flush()
    return Persona(user, password, secret)


def make_bulletin(
    db: Session,
    author: Persona,
    visibility: Visibility = Visibility.REGIONAL,
    shared_with: list[str] | None = None,
    title: str = "Synthetic bulletin",
    handling: HandlingCode = HandlingCode.H0,
) -> Bulletin:
    sharing = SharingIn(
        visibility=visibility,
        shared_with=shared_with or [],
        handling_code=handling,
        review_date=(utcnow() + timedelta(days=365)).date(),
    )
    data = BulletinIn(
        title=title, category=BulletinCategory.ALERT, body="Synthetic text.", sharing=sharing
    )
    return create_bulletin(db, actor_for_user(author.user), data)


MEMBER_ROLES = [Role.VIEWER, Role.CONTRIBUTOR, Role.ANALYST, Role.FOCAL_POINT, Role.CASE_WORKER]


def build_world(db: Session, runtime: Runtime) -> World:
    members = {
        "A": make_member(db, "THA"),
        "B": make_member(db, "IDN"),
        "C": make_member(db, "MYS"),
        "RSO": make_member(db, "RSO", MemberKind.RSO),
    }
    agencies = {key: make_agency(db, member) for key, member in members.items()}
    people: dict[tuple[str, Role], Persona] = {}
    for key in ("A", "B", "C"):
        for role in MEMBER_ROLES:
            people[(key, role)] = make_user(db, runtime, agencies[key], role)
    for role in (Role.ANALYST, Role.RSO_ADMIN):
        people[("RSO", role)] = make_user(db, runtime, agencies["RSO"], role)
    a, b = people[("A", Role.CONTRIBUTOR)], people[("B", Role.CONTRIBUTOR)]
    bulletins = {
        "a_national": make_bulletin(db, a, Visibility.NATIONAL, title="A national"),
        "a_members_b": make_bulletin(db, a, Visibility.MEMBERS, ["IDN"], title="A to B"),
        "a_regional": make_bulletin(db, a, Visibility.REGIONAL, title="A regional"),
        "a_h2": make_bulletin(db, a, Visibility.REGIONAL, title="A H2", handling=HandlingCode.H2),
        "b_regional": make_bulletin(db, b, Visibility.REGIONAL, title="B regional"),
    }
    return World(members, agencies, people, bulletins)


# --- Driving the portal like a person -----------------------------------------------------------


def csrf_from(client: TestClient, path: str) -> str:
    page = client.get(path)
    match = CSRF_FIELD.search(page.text)
    assert match, f"no CSRF field on {path} ({page.status_code})"
    return match.group(1)


def sign_in(client: TestClient, persona: Persona) -> str:
    """Sign in through the forms (with the second factor when needed); returns the CSRF token."""
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": persona.email, "password": persona.password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    if response.headers["location"] == "/login/second-factor":
        token = csrf_from(client, "/login/second-factor")
        response = client.post(
            "/login/second-factor", data={"code": persona.next_code(), "csrf_token": token}
        )
        assert response.status_code == 303, response.text
    return csrf_from(client, "/account")


def api_token(db: Session, runtime: Runtime, persona: Persona, scopes: list[str]) -> str:
    from rcf.access.policy import Actor
    from rcf.accounts.schemas import TokenCreate
    from rcf.accounts.service import create_token

    actor = Actor.system(member_id=persona.user.member_id)
    created = create_token(
        db, runtime, actor, TokenCreate(name="test", user_id=persona.user.id, scopes=scopes)
    )
    db.commit()
    return created.secret


# --- Incident reports ---------------------------------------------------------------------------


def incident_data(**overrides: object) -> dict[str, object]:
    """A valid incident report as the API takes it (synthetic: a boat intercepted at sea)."""
    data: dict[str, object] = {
        "reference": "INC-0001",
        "kind": "maritime_interception",
        "occurred_on": "2026-03-14",
        "country": "IDN",
        "location_name": "Off Rote Island",
        "latitude": -10.9,
        "longitude": 122.9,
        "border_type": "sea",
        "origin_country": "LKA",
        "transit_countries": ["IND"],
        "embarkation_point": "Negombo",
        "destination_country": "AUS",
        "transport_means": "boat",
        "vehicle_type": "fishing trawler",
        "transport_identifier": "KM SYNTHETIC 7",
        "methods": ["clandestine_entry"],
        "persons": [
            {"citizenship": "LKA", "sex": "M", "age_group": "adult", "count": 20},
            {"citizenship": "LKA", "sex": "F", "age_group": "adult", "count": 6},
            {"citizenship": "LKA", "sex": "F", "age_group": "child", "count": 4},
        ],
        "unaccompanied_children": 1,
        "smuggled": "yes",
        "fee_amount": "3000.00",
        "fee_currency": "USD",
        "fee_basis": "per_person",
        "payment_method": "cash",
        "facilitators": [{"count": 2, "role": "transporter", "citizenship": "IDN"}],
        "arrests": 2,
        "impact_level": "medium",
        "narrative": "Synthetic example: vessel intercepted and escorted to port.",
        "sharing": {"visibility": "regional"},
    }
    data.update(overrides)
    return data


def make_incident(db: Session, author: Persona, **overrides: object) -> object:
    from rcf.incidents.schemas import IncidentIn
    from rcf.incidents.service import create_incident

    return create_incident(
        db, actor_for_user(author.user), IncidentIn.model_validate(incident_data(**overrides))
    )


# --- Trafficking cases --------------------------------------------------------------------------

# Synthetic identity values, distinctive enough to grep for in every response, dump and log.
SYNTHETIC_IDENTITY = {
    "names": "Zyqora Vantheleux",
    "birth_date": "1998-07-14",
    "document": "ZQ4471902",
    "contact": "+66 800 555 0173",
    "address": "Synthetic Shelter 42, Khlong Qux",
    "support_plan": "Plan-Synthetic-Orchid",
    "notes": "Note-Synthetic-Heron",
}


def case_data(**overrides: object) -> dict[str, object]:
    """A valid trafficking case as the API takes it (synthetic: forced criminality in a scam
    centre in Cambodia, recruited online in Thailand)."""
    s = SYNTHETIC_IDENTITY
    data: dict[str, object] = {
        "identified_on": "2026-02-10",
        "identity": {
            "names": s["names"],
            "birth_date": s["birth_date"],
            "identity_documents": [
                {"kind": "passport", "number": s["document"], "issuing_country": "THA"}
            ],
            "contact": s["contact"],
            "address": s["address"],
        },
        "gender": "male",
        "age_band": "21-23",
        "citizenships": ["THA"],
        "languages": ["Thai"],
        "trafficking_status": "actual",
        "status_decided_by": "police",
        "recruitment_methods": ["internet"],
        "recruitment_country": "THA",
        "means_of_control": ["debt_bondage", "threats"],
        "exploitation_types": ["forced_criminality"],
        "isic_sections": ["J"],
        "country_of_exploitation": "KHM",
        "place_of_exploitation": "Border casino compound",
        "duration_months": 7,
        "protection_flags": ["urgent_medical_need"],
        "consent": {
            "purposes": ["case_management", "referral", "statistics"],
            "given_on": "2026-02-11",
        },
        "support_plan": s["support_plan"],
        "notes": s["notes"],
        "perpetrators": [
            {"kind": "business", "roles": ["recruiter", "exploiter"], "citizenship": "KHM"}
        ],
        "journey": [
            {"event_type": "recruitment", "country": "THA", "place": "Online"},
            {"event_type": "exploitation", "country": "KHM", "occurred_on": "2025-06-01"},
        ],
        "sharing": {"visibility": "national"},
    }
    data.update(overrides)
    return data


def make_case(db: Session, runtime: Runtime, author: Persona, **overrides: object) -> Any:
    from rcf.trafficking.schemas import CaseIn
    from rcf.trafficking.service import create_case

    return create_case(
        db, runtime, actor_for_user(author.user), CaseIn.model_validate(case_data(**overrides))
    )


# --- Watchlist of persons of interest -----------------------------------------------------------


def watchlist_person_data(**overrides: object) -> dict[str, object]:
    """A valid person of interest as the API takes it (synthetic: a boat organiser)."""
    data: dict[str, object] = {
        "reference": "POI-0001",
        "primary_name": "Mohammed Rahim Qasimi",
        "aliases": ["محمد رحيم قاسمی", "Mohd Rahim"],
        "birth_dates": ["1979-04-12"],
        "nationalities": ["AF"],
        "gender": "M",
        "documents": [{"number": "p-0451 2290", "issuing_state": "AFG"}],
        "phones": ["+93 70 555 0199"],
        "roles": ["organiser"],
        "remarks": "Synthetic entry.",
        "sharing": {"visibility": "regional"},
    }
    data.update(overrides)
    return data


def make_watchlist_person(
    db: Session, runtime: Runtime, author: Persona, **overrides: object
) -> Any:
    from rcf.screening.schemas import WatchlistPersonIn
    from rcf.screening.service import create_person

    data = WatchlistPersonIn.model_validate(watchlist_person_data(**overrides))
    return create_person(db, runtime, actor_for_user(author.user), data)
