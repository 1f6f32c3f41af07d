"""Permissions granted by token scopes, and the roles each role may grant."""

from __future__ import annotations

import pytest

from rcf.access.permissions import Permission, permissions_for_scopes, token_scopes
from rcf.access.roles import ROLE_PERMISSIONS, ROLE_RANK, Role, grantable_roles


def test_token_scopes_are_read_and_write_of_machine_capabilities() -> None:
    assert token_scopes() == [
        "bulletin:read",
        "bulletin:write",
        "document:read",
        "document:write",
        "incident:read",
        "incident:write",
        "member:read",
        "member:write",
        "screening:read",
        "screening:write",
        "trafficking:read",
        "trafficking:write",
    ]


def test_read_scope_gives_only_read_permissions() -> None:
    assert permissions_for_scopes(["bulletin:read"]) == {Permission.BULLETIN_READ}


def test_write_scope_implies_read() -> None:
    assert permissions_for_scopes(["bulletin:write"]) == {
        Permission.BULLETIN_READ,
        Permission.BULLETIN_WRITE,
    }
    assert permissions_for_scopes(["member:write"]) == {
        Permission.MEMBER_READ,
        Permission.MEMBER_MANAGE,
    }


def test_scopes_combine() -> None:
    assert permissions_for_scopes(["bulletin:read", "member:read"]) == {
        Permission.BULLETIN_READ,
        Permission.MEMBER_READ,
    }


@pytest.mark.parametrize(
    "scope",
    [
        "",
        "bulletin",
        "bulletin:",
        "bulletin:admin",
        "Bulletin:read",
        "bulletins:read",
        "audit:read",
        "account:write",
        "*:write",
        ":write",
        "bulletin:record:read",
    ],
)
def test_unknown_or_malformed_scope_gives_nothing(scope: str) -> None:
    assert permissions_for_scopes([scope]) == frozenset()


def test_unknown_scope_adds_nothing_to_a_known_one() -> None:
    assert permissions_for_scopes(["bulletin:read", "audit:admin"]) == {Permission.BULLETIN_READ}


def test_no_scope_gives_nothing() -> None:
    assert permissions_for_scopes([]) == frozenset()


@pytest.mark.parametrize("scope", ["account:write", "audit:write"])
def test_administration_is_not_a_token_scope(scope: str) -> None:
    """Account and audit administration is done by people, never by machines."""
    assert scope not in token_scopes()


def test_every_permission_names_capability_object_and_mode() -> None:
    for permission in Permission:
        capability, obj, mode = permission.value.split(":")
        assert capability
        assert obj
        assert mode in {"read", "write", "manage", "check"}
        assert permission.capability == capability
        assert permission.is_read is (mode == "read")


def test_viewer_grants_only_viewer() -> None:
    assert grantable_roles(Role.VIEWER) == [Role.VIEWER]


def test_contributor_and_analyst_grant_their_rank_and_below() -> None:
    assert grantable_roles(Role.CONTRIBUTOR) == [Role.VIEWER, Role.CONTRIBUTOR, Role.ANALYST]
    assert grantable_roles(Role.ANALYST) == [Role.VIEWER, Role.CONTRIBUTOR, Role.ANALYST]


def test_focal_point_never_grants_rso_admin() -> None:
    assert grantable_roles(Role.FOCAL_POINT) == [
        Role.VIEWER,
        Role.CONTRIBUTOR,
        Role.ANALYST,
        Role.FOCAL_POINT,
        Role.CASE_WORKER,
    ]


def test_only_rso_admin_grants_rso_admin() -> None:
    assert grantable_roles(Role.RSO_ADMIN) == list(Role)
    assert [r for r in Role if Role.RSO_ADMIN in grantable_roles(r)] == [Role.RSO_ADMIN]


@pytest.mark.parametrize("granter", list(Role))
def test_no_role_grants_a_role_ranked_above_it(granter: Role) -> None:
    for role in grantable_roles(granter):
        assert ROLE_RANK[role] <= ROLE_RANK[granter]
    for role in set(Role) - set(grantable_roles(granter)):
        assert ROLE_RANK[role] > ROLE_RANK[granter]


def test_every_role_has_a_rank_and_permissions() -> None:
    assert set(ROLE_RANK) == set(Role) == set(ROLE_PERMISSIONS)


@pytest.mark.parametrize("scope", ["account:write", "audit:read", "audit:write"])
def test_scope_of_a_capability_tokens_may_not_reach_gives_nothing(scope: str) -> None:
    """Even a scope stored around the schema check cannot reach administration."""
    assert permissions_for_scopes([scope]) == frozenset()
