"""Signing in and out: throttled password check, second factor, server-side sessions (API
tokens are checked in ``accounts.token_auth``).

Every function takes the database session and returns; the route decides what to commit, so a
failed sign-in is still counted and audited when the caller commits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.access.roles import ROLE_PERMISSIONS, ROLES_NEEDING_2FA
from rcf.accounts import credentials
from rcf.accounts.models import LoginFailure, RecoveryCode, User, WebSession
from rcf.audit.models import AuditAction, Decision
from rcf.audit.service import record
from rcf.db import utcnow
from rcf.errors import TooManyRequests
from rcf.members.models import MemberStatus
from rcf.runtime import Runtime

THROTTLE_WINDOW = timedelta(hours=1)
MAX_THROTTLE_SECONDS = 900
TOTP_PURPOSE = "totp-secret"


class SignInStep(StrEnum):
    DONE = "done"
    SECOND_FACTOR = "second_factor"
    ENROL_SECOND_FACTOR = "enrol_second_factor"


@dataclass(frozen=True)
class SignIn:
    """A successful password check: the new session's cookie value and what comes next."""

    cookie_token: str
    step: SignInStep
    user: User


def account_key(email: str) -> str:
    return email.strip().lower()[:254]


def actor_for_user(user: User, *, request_id: str = "", client_address: str = "") -> Actor:
    return Actor(
        user_id=user.id,
        label=user.email,
        member_id=user.member_id,
        agency_id=user.agency_id,
        member_kind=user.member.kind,
        role=user.role,
        permissions=ROLE_PERMISSIONS[user.role],
        request_id=request_id,
        client_address=client_address,
    )


# --- Throttling (A1) ----------------------------------------------------------------------------


def check_throttle(session: Session, runtime: Runtime, *, key: str, client: str) -> None:
    """Refuse (429) before the password is even checked, so the right one fails too."""
    since = utcnow() - THROTTLE_WINDOW
    per_client = session.execute(
        select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.client_address == client, LoginFailure.at >= since
        )
    ).one()
    if per_client[0] >= runtime.settings.login_max_failures_per_client:
        raise TooManyRequests(int((per_client[1] + THROTTLE_WINDOW - utcnow()).total_seconds()))
    count, last = session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.account_key == key, LoginFailure.at >= since
        )
    ).one()
    excess = count - runtime.settings.login_max_failures
    if excess >= 0:
        wait = min(2**excess, MAX_THROTTLE_SECONDS)
        remaining = (last + timedelta(seconds=wait) - utcnow()).total_seconds()
        if remaining > 0:
            raise TooManyRequests(int(remaining) + 1)


def _count_failure(session: Session, key: str, client: str) -> None:
    session.add(LoginFailure(account_key=key, client_address=client))


# --- Password step ------------------------------------------------------------------------------


def sign_in(
    session: Session, runtime: Runtime, *, email: str, password: str, actor: Actor
) -> SignIn | None:
    """Check a password; None on any failure (unknown user and wrong password look the same)."""
    key = account_key(email)
    check_throttle(session, runtime, key=key, client=actor.client_address)
    user = session.scalars(select(User).where(User.email == key)).first()
    ok = runtime.passwords.verify(user.password_hash if user else None, password)
    if not ok or user is None or not _may_sign_in(user):
        _count_failure(session, key, actor.client_address)
        record(
            session,
            actor=actor,
            action=AuditAction.LOGIN_FAILED,
            object_type="user",
            object_id=user.id if user else "-",
            object_member_id=user.member_id if user else None,  # its focal point sees attempts
            decision=Decision.DENIED,
        )
        return None
    if runtime.passwords.needs_rehash(user.password_hash):
        user.password_hash = runtime.passwords.hash(password)
    _purge_stale(session, runtime, user)
    step = _next_step(user, runtime)
    token = _open_session(session, user, actor, pending=step is not SignInStep.DONE)
    if step is SignInStep.DONE:
        _signed_in(session, user, actor)
    return SignIn(token, step, user)


def _purge_stale(session: Session, runtime: Runtime, user: User) -> None:
    """Housekeeping at each sign-in: the user's dead sessions and everyone's old failures."""
    now, settings = utcnow(), runtime.settings
    session.execute(
        delete(WebSession).where(
            WebSession.user_id == user.id,
            (WebSession.last_seen_at < now - timedelta(minutes=settings.session_idle_minutes))
            | (WebSession.created_at < now - timedelta(hours=settings.session_absolute_hours)),
        )
    )
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - THROTTLE_WINDOW))


def _may_sign_in(user: User) -> bool:
    return user.is_active and user.member.status == MemberStatus.ACTIVE


def _next_step(user: User, runtime: Runtime) -> SignInStep:
    if user.has_2fa:
        return SignInStep.SECOND_FACTOR
    if user.role in ROLES_NEEDING_2FA or runtime.settings.require_2fa_for_all:
        return SignInStep.ENROL_SECOND_FACTOR
    return SignInStep.DONE


def _signed_in(session: Session, user: User, actor: Actor) -> None:
    # Failures are forgiven only after the whole sign-in, so a known password cannot be used
    # to reset the counter between guesses at the second factor.
    session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key(user.email)))
    user.last_login_at = utcnow()
    record(
        session,
        actor=actor_for_user(
            user, request_id=actor.request_id, client_address=actor.client_address
        ),
        action=AuditAction.LOGIN_SUCCEEDED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )


def _open_session(session: Session, user: User, actor: Actor, *, pending: bool) -> str:
    """A brand-new session id at every sign-in (no fixation, A4)."""
    token = credentials.new_token()
    session.add(
        WebSession(
            token_hash=credentials.token_digest(token),
            user_id=user.id,
            csrf_token=credentials.new_token(),
            second_factor_pending=pending,
            client_address=actor.client_address,
            user_agent="",
        )
    )
    return token


# --- Second factor step -------------------------------------------------------------------------


def complete_second_factor(
    session: Session, runtime: Runtime, web: WebSession, *, code: str, actor: Actor
) -> str | None:
    """Check a TOTP or recovery code for a pending session; on success, a new cookie token."""
    user = web.user
    check_throttle(session, runtime, key=account_key(user.email), client=actor.client_address)
    if not (_accept_totp(user, runtime, code) or _accept_recovery_code(session, user, actor, code)):
        _count_failure(session, account_key(user.email), actor.client_address)
        record(
            session,
            actor=actor,
            action=AuditAction.SECOND_FACTOR_FAILED,
            object_type="user",
            object_id=user.id,
            object_member_id=user.member_id,
            decision=Decision.DENIED,
        )
        return None
    return promote_session(session, web, actor)


def promote_session(session: Session, web: WebSession, actor: Actor) -> str:
    """Turn a pending session into a full one under a new id."""
    user = web.user
    # Deleted by id at once: the row may already be gone (a password change signs out
    # everywhere first), and a delete left to the flush could hit the new row if the database
    # reuses the id (SQLite does).
    session.execute(delete(WebSession).where(WebSession.id == web.id))
    token = _open_session(session, user, actor, pending=False)
    _signed_in(session, user, actor)
    return token


def totp_secret(runtime: Runtime, user: User) -> str | None:
    if user.totp_secret_encrypted is None:
        return None
    return credentials.decrypt_field(runtime.secret_key, TOTP_PURPOSE, user.totp_secret_encrypted)


def _accept_totp(user: User, runtime: Runtime, code: str) -> bool:
    secret = totp_secret(runtime, user)
    if secret is None or not user.totp_confirmed:
        return False
    step = credentials.matching_totp_step(secret, code, time.time(), user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def _accept_recovery_code(session: Session, user: User, actor: Actor, code: str) -> bool:
    digest = credentials.token_digest(credentials.normalise_recovery_code(code))
    found = session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == digest,
            RecoveryCode.used_at.is_(None),
        )
    ).first()
    if found is None:
        return False
    found.used_at = utcnow()
    record(
        session,
        actor=actor,
        action=AuditAction.RECOVERY_CODE_USED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return True


# --- Session checks -----------------------------------------------------------------------------


def load_session(session: Session, runtime: Runtime, cookie_token: str) -> WebSession | None:
    """The live session for a cookie, or None (expired, revoked, user disabled...)."""
    if not cookie_token or len(cookie_token) > 100:
        return None
    web = session.scalars(
        select(WebSession).where(WebSession.token_hash == credentials.token_digest(cookie_token))
    ).first()
    if web is None or not _session_alive(web, runtime):
        return None
    now = utcnow()
    if now - web.last_seen_at > timedelta(seconds=60):
        web.last_seen_at = now
    return web


def _session_alive(web: WebSession, runtime: Runtime) -> bool:
    now = utcnow()
    settings = runtime.settings
    if now - web.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        return False
    if now - web.created_at > timedelta(hours=settings.session_absolute_hours):
        return False
    if web.second_factor_pending and now - web.created_at > timedelta(minutes=10):
        return False
    return _may_sign_in(web.user) and web.user.password_changed_at <= web.created_at


def sign_out(session: Session, web: WebSession, actor: Actor) -> None:
    session.delete(web)
    record(
        session,
        actor=actor,
        action=AuditAction.LOGOUT,
        object_type="user",
        object_id=web.user_id,
        object_member_id=web.user.member_id,
    )


def sign_out_everywhere(session: Session, user: User, actor: Actor) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    record(
        session,
        actor=actor,
        action=AuditAction.LOGOUT_EVERYWHERE,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )


def seconds_since_reauthentication(web: WebSession) -> float:
    return (utcnow() - web.reauthenticated_at).total_seconds()
