"""Roles and what each may do. A role grants permissions; the sharing policy decides records."""

from __future__ import annotations

from enum import StrEnum

from rcf.access.permissions import Permission as P


class Role(StrEnum):
    VIEWER = "viewer"
    CONTRIBUTOR = "contributor"
    ANALYST = "analyst"
    FOCAL_POINT = "focal_point"
    RSO_ADMIN = "rso_admin"
    # Last, so that the order of the older roles (demo data, forms) does not move.
    CASE_WORKER = "case_worker"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.VIEWER: "Viewer",
    Role.CONTRIBUTOR: "Contributor",
    Role.ANALYST: "Analyst",
    Role.FOCAL_POINT: "National focal point",
    Role.RSO_ADMIN: "RSO administrator",
    Role.CASE_WORKER: "Trafficking case worker",
}

_READER = {
    P.MEMBER_READ,
    P.BULLETIN_READ,
    P.INCIDENT_READ,
    P.DOCUMENT_CHECK,
    P.DOCUMENT_REGISTER_READ,
    P.DOCUMENT_LOOKUP,
    P.DOCUMENT_HIT_READ,
    P.TRAFFICKING_SCREEN,
    P.SCREENING_READ,
    P.SCREENING_MATCH,
    P.SCREENING_HIT_READ,
}
_WRITER = {
    P.BULLETIN_WRITE,
    P.INCIDENT_WRITE,
    P.DOCUMENT_REGISTER_WRITE,
    P.DOCUMENT_HIT_WRITE,
    P.SCREENING_WRITE,
    P.SCREENING_HIT_WRITE,
}

ROLE_PERMISSIONS: dict[Role, frozenset[P]] = {
    Role.VIEWER: frozenset(_READER),
    Role.CONTRIBUTOR: frozenset(_READER | _WRITER),
    # Analysts and focal points decide that two reports describe one event (duplicate links).
    # Analysts, focal points and the RSO see cases without the victim's identity (dashboards,
    # oversight); only case workers of the owning agency see who the person is.
    Role.ANALYST: frozenset(
        _READER | {P.INCIDENT_LINK, P.TRAFFICKING_READ, P.TRAFFICKING_RELEASE, P.SCREENING_LINK}
    ),
    Role.FOCAL_POINT: frozenset(
        _READER
        | _WRITER
        | {P.INCIDENT_LINK, P.USER_MANAGE, P.TOKEN_MANAGE, P.AUDIT_READ, P.TRAFFICKING_READ}
        | {P.SCREENING_LINK, P.SCREENING_WEBHOOK, P.DOCUMENT_WEBHOOK}
    ),
    Role.RSO_ADMIN: frozenset(
        _READER
        | {P.MEMBER_MANAGE, P.USER_MANAGE, P.AUDIT_READ, P.AUDIT_READ_PLATFORM, P.TRAFFICKING_READ}
        | {P.DOCUMENT_REGISTER_CORRECT}
    ),
    Role.CASE_WORKER: frozenset(
        _READER | {P.TRAFFICKING_READ, P.TRAFFICKING_WRITE, P.TRAFFICKING_IDENTITY}
    ),
}

# Ranks for "no one grants a role above their own" (C10). rso_admin is granted only by rso_admin.
ROLE_RANK = {
    Role.VIEWER: 1,
    Role.CONTRIBUTOR: 2,
    Role.ANALYST: 2,
    Role.FOCAL_POINT: 3,
    Role.RSO_ADMIN: 4,
    # Opening victims' identities is granted by a focal point (or the RSO), never by a peer.
    Role.CASE_WORKER: 3,
}

# Case workers open victims' identities: a stolen password alone must not be enough.
ROLES_NEEDING_2FA = frozenset({Role.FOCAL_POINT, Role.RSO_ADMIN, Role.CASE_WORKER})


def grantable_roles(granter: Role) -> list[Role]:
    """The roles a user with ``granter`` may give to others."""
    return [role for role in Role if ROLE_RANK[role] <= ROLE_RANK[granter]]
