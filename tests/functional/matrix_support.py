"""The vocabulary of the authorization matrix (C9), shared by every capability's rules.

Each capability declares its routes' rules in its own module (``RULES``); the matrix test merges
them and fails when a route of the app has no rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rcf.access.roles import Role


class Kind(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    PENDING = "pending"  # only a session waiting for its second factor; others go to /login
    WEB = "web"  # a fully signed-in browser session
    API = "api"  # a bearer token


class Target(StrEnum):
    """What fills the route's path parameter."""

    BULLETIN = "bulletin"
    INCIDENT = "incident"
    USER = "user"
    TOKEN = "token"
    MEMBER = "member"
    DOCUMENT_RECORD = "document record"
    DOCUMENT_HIT = "document hit"
    CASE = "trafficking case"
    REFERRAL = "trafficking referral"
    WATCHLIST_PERSON = "watchlist person"
    # The same records seen through the sharing rules (the network view), not own-member only.
    NETWORK_PERSON = "watchlist person in a network"
    SCREENING_HIT = "screening hit"
    LINK_PROPOSAL = "link proposal"
    ATTACHMENT = "trafficking referral attachment"


class Relation(StrEnum):
    OWN = "own member"
    OTHER = "other member"
    NON_CONTRIBUTOR = "non-contributor"


ALL = frozenset(Role)
WRITERS = frozenset({Role.CONTRIBUTOR, Role.FOCAL_POINT})
ADMINS = frozenset({Role.FOCAL_POINT, Role.RSO_ADMIN})
FOCAL = frozenset({Role.FOCAL_POINT})
RSO = frozenset({Role.RSO_ADMIN})


@dataclass(frozen=True)
class Rule:
    kind: Kind
    allowed: frozenset[Role] = ALL
    ok: frozenset[int] = frozenset({200})
    target: Target | None = None
    # The record is looked up before the role is checked: a hidden record answers 404 to every
    # role, a visible one 403 to a role that may not change it.
    lookup_first: bool = False
    ends_session: bool = False


def public(*ok: int) -> Rule:
    return Rule(Kind.PUBLIC, ok=frozenset(ok))


def pending() -> Rule:
    return Rule(Kind.PENDING, ok=frozenset({303}))


def web(allowed: frozenset[Role], ok: int = 200, **options: Any) -> Rule:
    return Rule(Kind.WEB, allowed, frozenset({ok}), **options)


def api(allowed: frozenset[Role], ok: int = 200, **options: Any) -> Rule:
    return Rule(Kind.API, allowed, frozenset({ok}), **options)


B, U, T, M = Target.BULLETIN, Target.USER, Target.TOKEN, Target.MEMBER
I = Target.INCIDENT  # noqa: E741 - mirrors B, U, T, M
CASE = Target.CASE
# Trafficking: case workers handle cases; analysts, focal points and the RSO read them without
# the victim's identity; viewers and contributors only screen.
CASE_READERS = frozenset({Role.CASE_WORKER, Role.ANALYST, Role.FOCAL_POINT, Role.RSO_ADMIN})
CASE_WORKERS = frozenset({Role.CASE_WORKER})
# Referrals: case workers send them, focal points answer them; both sides write messages.
REFERRAL_PARTIES = frozenset({Role.CASE_WORKER, Role.FOCAL_POINT})
