"""Permissions are values, never string literals scattered through routes."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    MEMBER_READ = "member:directory:read"
    MEMBER_MANAGE = "member:directory:manage"
    USER_MANAGE = "account:user:manage"
    TOKEN_MANAGE = "account:token:manage"
    AUDIT_READ = "audit:entry:read"
    AUDIT_READ_PLATFORM = "audit:platform:read"
    BULLETIN_READ = "bulletin:record:read"
    BULLETIN_WRITE = "bulletin:record:write"
    INCIDENT_READ = "incident:record:read"
    INCIDENT_WRITE = "incident:record:write"
    INCIDENT_LINK = "incident:link:write"
    # Validating an MRZ reads no records and stores nothing: every role and any token may.
    DOCUMENT_CHECK = "document:mrz:check"
    # The lost/stolen/fraudulent document register (SLTD-like). Only the issuing member's people
    # see and change its records; checking a number is open to every role, and reveals only
    # the hit itself (status, owner, handling code, hit reference).
    DOCUMENT_REGISTER_READ = "document:register:read"
    DOCUMENT_REGISTER_WRITE = "document:register:write"
    DOCUMENT_REGISTER_CORRECT = "document:register:manage"  # the RSO administrator corrects
    DOCUMENT_LOOKUP = "document:check:read"
    DOCUMENT_HIT_READ = "document:hit:read"
    DOCUMENT_HIT_WRITE = "document:hit:write"
    # Where the member's system is told of checks that hit its register (a signed webhook).
    DOCUMENT_WEBHOOK = "document:webhook:manage"
    # Trafficking cases: reading a case shows its pseudonymous number and non-identifying
    # fields; the victim's identity needs TRAFFICKING_IDENTITY *and* the owning agency.
    TRAFFICKING_READ = "trafficking:case:read"
    TRAFFICKING_WRITE = "trafficking:case:write"
    TRAFFICKING_IDENTITY = "trafficking:identity:read"
    # Running the de-identified (k-anonymous) release of the cases: analysts.
    TRAFFICKING_RELEASE = "trafficking:release:manage"
    # The identification screening computes an outcome and stores nothing: every role may.
    TRAFFICKING_SCREEN = "trafficking:screening:check"
    # The watchlist of persons of interest. Screening a person searches every member's entries
    # the policy lets the caller screen against; a hit on another member's entry reveals only
    # what its handling code allows. Confirming that two records are one person is an analyst's.
    SCREENING_READ = "screening:person:read"
    SCREENING_WRITE = "screening:person:write"
    SCREENING_MATCH = "screening:match:read"
    SCREENING_HIT_READ = "screening:hit:read"
    SCREENING_HIT_WRITE = "screening:hit:write"
    SCREENING_LINK = "screening:link:write"
    # Where the member's system is told of hits on its watchlist entries (a signed webhook).
    SCREENING_WEBHOOK = "screening:webhook:manage"

    @property
    def capability(self) -> str:
        return self.value.split(":", 1)[0]

    @property
    def is_read(self) -> bool:
        return self.value.endswith(":read")


def token_scopes() -> list[str]:
    """The scopes an API token may carry: ``<capability>:read`` or ``<capability>:write``."""
    capabilities = sorted({p.capability for p in Permission if p.capability in TOKEN_CAPABILITIES})
    return [f"{c}:{mode}" for c in capabilities for mode in ("read", "write")]


# Capabilities a national system may reach with a token; account and audit administration is
# done by people in the portal, never by machines.
TOKEN_CAPABILITIES = frozenset(
    {"member", "bulletin", "incident", "document", "trafficking", "screening"}
)


def permissions_for_scopes(scopes: list[str]) -> frozenset[Permission]:
    """Every permission a set of token scopes allows (``write`` implies ``read``).

    Only the scopes of ``token_scopes()`` count: a malformed or unknown scope (``"bulletin"``,
    ``"audit:admin"``, ``"account:write"``) grants nothing rather than read access.
    """
    allowed: set[Permission] = set()
    known = set(token_scopes())
    for scope in scopes:
        if scope not in known:
            continue
        capability, _, mode = scope.partition(":")
        for permission in Permission:
            if permission.capability == capability and (mode == "write" or permission.is_read):
                allowed.add(permission)
    return frozenset(allowed)
