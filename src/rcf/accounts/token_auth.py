"""API tokens: the actor behind a bearer token, checked on every API request (the token's
user and member must still be active; the user's role is narrowed to the token's scopes).
Tokens are issued and revoked in ``accounts.service``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import update
from sqlalchemy.orm import Session

from rcf.access.permissions import Permission, permissions_for_scopes
from rcf.access.policy import Actor
from rcf.access.roles import ROLE_PERMISSIONS, Role
from rcf.accounts import credentials
from rcf.accounts.models import ApiToken
from rcf.db import utcnow
from rcf.members.models import MemberKind, MemberStatus

TOKEN_PREFIX = "rcf_"

# One indexed lookup by the token's digest, with its user and member: each API request runs it
# (never a cache, so a revocation, a disabled user or a suspended member counts at once). A fixed
# statement on the driver's own cursor: SQLAlchemy's compile and result machinery cost more CPU
# than the query on the hottest path of the API. Table and column names are constants.
_TOKEN_SQL = (
    "SELECT t.id, t.prefix, t.scopes, t.member_id, t.expires_at, t.revoked_at, t.last_used_at, "
    "u.id, u.email, u.member_id, u.agency_id, u.role, u.is_active, m.kind, m.status "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN members m ON m.id = u.member_id "
    "WHERE t.token_hash = {}"
)


class _TokenRow(NamedTuple):
    id: int
    prefix: str
    scopes: str | list[str]  # JSON text on SQLite, decoded by psycopg
    token_member_id: int
    expires_at: str | datetime  # text on SQLite (UTCDateTime's storage), aware on PostgreSQL
    revoked_at: str | datetime | None
    last_used_at: str | datetime | None
    user_id: int
    email: str
    member_id: int
    agency_id: int | None
    role: str
    is_active: bool | int
    member_kind: str
    member_status: str


def _find_token(session: Session, digest: str) -> _TokenRow | None:
    connection = session.connection()
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_TOKEN_SQL.format(marker), (digest,))
        raw = cursor.fetchone()
    finally:
        cursor.close()
    return None if raw is None else _TokenRow(*raw)


def _utc(value: str | datetime) -> datetime:
    """As ``UTCDateTime`` reads it: aware, in UTC."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def authenticate_token(session: Session, raw: str, *, request_id: str, client: str) -> Actor | None:
    """The actor behind a bearer token: the user's role narrowed to the token's scopes."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    found = _find_token(session, credentials.token_digest(raw))
    now = utcnow()
    if found is None or found.revoked_at is not None or _utc(found.expires_at) <= now:
        return None
    if not (found.is_active and found.member_status == MemberStatus.ACTIVE):
        return None  # the same rule as auth._may_sign_in, on the joined columns
    if found.member_id != found.token_member_id:
        return None
    last_used = None if found.last_used_at is None else _utc(found.last_used_at)
    _touch_token(session, found.id, last_used, now)
    scopes = json.loads(found.scopes) if isinstance(found.scopes, str) else found.scopes
    role = Role(found.role)
    return Actor(
        found.user_id,
        f"{found.email} (token {found.prefix})",
        found.member_id,
        found.agency_id,
        MemberKind(found.member_kind),
        role,
        _token_permissions(role, tuple(scopes)),
        found.id,
        request_id,
        client,
    )


@lru_cache(maxsize=256)
def _token_permissions(role: Role, scopes: tuple[str, ...]) -> frozenset[Permission]:
    return ROLE_PERMISSIONS[role] & permissions_for_scopes(list(scopes))


def _touch_token(
    session: Session, token_id: int, last_used: datetime | None, now: datetime
) -> None:
    """Note the token's use (at most every 5 minutes), committed at once so that it stays even
    if the request fails later; a request that writes nothing here commits nothing."""
    if last_used is None or now - last_used > timedelta(minutes=5):
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        session.commit()
