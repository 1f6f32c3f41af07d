"""Administering accounts: users, second factors, passwords and API tokens.

Rules (C10): a focal point administers only its own member's users and tokens and never grants a
role above its own; rso_admin exists only inside the RSO. Every change is audited in the same
transaction.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_grant, token_clause, user_clause
from rcf.access.roles import Role
from rcf.accounts import credentials
from rcf.accounts.auth import TOTP_PURPOSE, sign_out_everywhere
from rcf.accounts.models import ApiToken, RecoveryCode, User, WebSession
from rcf.accounts.schemas import PasswordChange, TokenCreate, UserCreate, UserUpdate
from rcf.accounts.token_auth import TOKEN_PREFIX
from rcf.audit.models import AuditAction
from rcf.audit.service import diff, record
from rcf.db import utcnow
from rcf.errors import Conflict, InvalidInput, NotFound
from rcf.members.models import Agency
from rcf.runtime import Runtime


def users_query(actor: Actor) -> Select[User]:
    return select(User).where(user_clause(actor, User.member_id)).order_by(User.email)


def get_user(session: Session, actor: Actor, user_id: int) -> User:
    found = session.scalars(users_query(actor).where(User.id == user_id)).first()
    if found is None:
        raise NotFound()
    return found


def _agency_for(session: Session, actor: Actor, agency_id: int) -> Agency:
    """An agency the actor may place users in (its own member's, or any for rso_admin)."""
    agency = session.get(Agency, agency_id)
    if (
        agency is None
        or session.scalar(
            select(user_clause(actor, Agency.member_id)).where(Agency.id == agency_id)
        )
        is not True
    ):
        raise InvalidInput({"agency_id": "Choose one of your member's agencies."})
    return agency


def _check_grant(actor: Actor, agency: Agency, role: Role) -> None:
    if not may_grant(actor, role, agency.member.kind):
        raise InvalidInput({"role": "You cannot give this role."})


@dataclass(frozen=True)
class NewUser:
    user: User
    temporary_password: str


def _temporary_password(runtime: Runtime, user: User) -> str:
    """Give the user a one-time password to be changed at the next sign-in; returns it."""
    temporary = secrets.token_urlsafe(12)
    user.password_hash = runtime.passwords.hash(temporary)
    user.password_changed_at = utcnow()
    user.must_change_password = True
    return temporary


def create_user(session: Session, runtime: Runtime, actor: Actor, data: UserCreate) -> NewUser:
    """Create a user with a temporary password, shown once, to be changed at first sign-in."""
    agency = _agency_for(session, actor, data.agency_id)
    _check_grant(actor, agency, data.role)
    if session.scalars(select(User.id).where(User.email == data.email)).first() is not None:
        raise InvalidInput({"email": "An account with this email address already exists."})
    user = User(
        email=data.email,
        full_name=data.full_name,
        member_id=agency.member_id,
        agency_id=agency.id,
        role=data.role,
    )
    temporary = _temporary_password(runtime, user)
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.USER_CREATED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
        changes=_user_fields(user),
    )
    return NewUser(user, temporary)


def _user_fields(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "agency_id": user.agency_id,
        "role": user.role,
        "is_active": user.is_active,
    }


def update_user(session: Session, actor: Actor, user_id: int, data: UserUpdate) -> User:
    user = get_user(session, actor, user_id)
    agency = _agency_for(session, actor, data.agency_id)
    _check_grant(actor, agency, data.role)
    if not may_grant(actor, user.role, user.member.kind):
        raise InvalidInput({"role": "You cannot change a user whose role is above yours."})
    before = _user_fields(user)
    user.full_name, user.agency_id, user.member_id, user.role = (
        data.full_name,
        agency.id,
        agency.member_id,
        data.role,
    )
    record(
        session,
        actor=actor,
        action=AuditAction.USER_UPDATED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
        changes=diff(before, _user_fields(user)),
    )
    return user


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    """Disable (sessions end at once, tokens stop working) or re-enable a user."""
    user = get_user(session, actor, user_id)
    if user.id == actor.user_id:
        raise Conflict("You cannot disable your own account.")
    if not may_grant(actor, user.role, user.member.kind):
        raise Conflict("You cannot change a user whose role is above yours.")
    user.is_active = active
    if not active:
        sign_out_everywhere(session, user, actor)
    action = AuditAction.USER_ENABLED if active else AuditAction.USER_DISABLED
    record(
        session,
        actor=actor,
        action=action,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return user


def reset_password(session: Session, runtime: Runtime, actor: Actor, user_id: int) -> NewUser:
    """A forgotten password: a temporary one, shown once to the administrator; the user's
    sessions end and a new password is chosen at the next sign-in."""
    user = get_user(session, actor, user_id)
    if user.id == actor.user_id:
        raise Conflict("Change your own password on your account page.")
    if not may_grant(actor, user.role, user.member.kind):
        raise Conflict("You cannot change a user whose role is above yours.")
    temporary = _temporary_password(runtime, user)
    sign_out_everywhere(session, user, actor)
    record(
        session,
        actor=actor,
        action=AuditAction.PASSWORD_RESET,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return NewUser(user, temporary)


def reset_second_factor(session: Session, actor: Actor, user_id: int) -> User:
    user = get_user(session, actor, user_id)
    if user.id == actor.user_id:
        raise Conflict(
            "Change your own second factor on your account page (it asks your password)."
        )
    if not may_grant(actor, user.role, user.member.kind):
        raise Conflict("You cannot change a user whose role is above yours.")
    _clear_second_factor(session, user)
    sign_out_everywhere(session, user, actor)
    record(
        session,
        actor=actor,
        action=AuditAction.TOTP_RESET,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return user


def _clear_second_factor(session: Session, user: User) -> None:
    user.totp_secret_encrypted, user.totp_pending_encrypted = None, None
    user.totp_confirmed, user.totp_last_step = False, None
    for code in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(code)


# --- The signed-in user's own account -----------------------------------------------------------


def change_password(
    session: Session, runtime: Runtime, actor: Actor, user: User, data: PasswordChange
) -> None:
    """Re-authenticates with the current password; every other session ends."""
    if not runtime.passwords.verify(user.password_hash, data.current_password):
        raise InvalidInput({"current_password": "Your current password is not right."})
    problem = credentials.password_problem(
        data.new_password, min_length=runtime.settings.password_min_length, email=user.email
    )
    if problem:
        raise InvalidInput({"new_password": problem})
    if data.new_password != data.confirm_password:
        raise InvalidInput({"confirm_password": "The two new passwords differ."})
    user.password_hash = runtime.passwords.hash(data.new_password)
    user.password_changed_at = utcnow()
    user.must_change_password = False
    record(
        session,
        actor=actor,
        action=AuditAction.PASSWORD_CHANGED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )


def begin_totp_enrolment(runtime: Runtime, user: User) -> str:
    """Store a fresh secret beside the current one (which keeps working until the new one is
    confirmed) and return it for the QR code."""
    secret = credentials.new_totp_secret()
    user.totp_pending_encrypted = credentials.encrypt_field(
        runtime.secret_key, TOTP_PURPOSE, secret
    )
    return secret


def pending_totp_secret(runtime: Runtime, user: User) -> str | None:
    if user.totp_pending_encrypted is None:
        return None
    return credentials.decrypt_field(runtime.secret_key, TOTP_PURPOSE, user.totp_pending_encrypted)


def confirm_totp_enrolment(
    session: Session, runtime: Runtime, actor: Actor, user: User, code: str
) -> list[str]:
    """Confirm with a first code; returns new recovery codes (shown once)."""
    secret = pending_totp_secret(runtime, user)
    step = secret and credentials.matching_totp_step(secret, code, time.time(), None)
    if not step:
        raise InvalidInput({"code": "That code is not right. Check the time on your phone."})
    user.totp_secret_encrypted, user.totp_pending_encrypted = user.totp_pending_encrypted, None
    user.totp_confirmed, user.totp_last_step = True, step
    record(
        session,
        actor=actor,
        action=AuditAction.TOTP_ENROLLED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return new_recovery_codes(session, actor, user)


def new_recovery_codes(session: Session, actor: Actor, user: User) -> list[str]:
    for old in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        session.delete(old)
    codes = credentials.new_recovery_codes()
    for code in codes:
        digest = credentials.token_digest(credentials.normalise_recovery_code(code))
        session.add(RecoveryCode(user_id=user.id, code_hash=digest))
    record(
        session,
        actor=actor,
        action=AuditAction.RECOVERY_CODES_GENERATED,
        object_type="user",
        object_id=user.id,
        object_member_id=user.member_id,
    )
    return codes


def other_sessions(session: Session, user: User, current: WebSession) -> list[WebSession]:
    return list(
        session.scalars(
            select(WebSession).where(WebSession.user_id == user.id, WebSession.id != current.id)
        )
    )


# --- API tokens ---------------------------------------------------------------------------------


def tokens_query(actor: Actor) -> Select[ApiToken]:
    return (
        select(ApiToken)
        .where(token_clause(actor, ApiToken.member_id))
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str


def create_token(session: Session, runtime: Runtime, actor: Actor, data: TokenCreate) -> NewToken:
    """A token for one of the actor's member's users; the secret is returned once, kept hashed."""
    owner = session.scalars(
        select(User).where(User.id == data.user_id, token_clause(actor, User.member_id))
    ).first()
    if owner is None or not owner.is_active:
        raise InvalidInput({"user_id": "Choose an active user of your member."})
    if not may_grant(actor, owner.role, owner.member.kind):
        # A token acts as its owner: making one for a higher role would borrow that role.
        raise InvalidInput({"user_id": "You cannot make a token for a role above yours."})
    if data.days > runtime.settings.token_max_days:
        raise InvalidInput({"days": f"At most {runtime.settings.token_max_days} days."})
    secret = credentials.new_token(TOKEN_PREFIX)
    token = ApiToken(
        name=data.name,
        prefix=secret[len(TOKEN_PREFIX) :][:8],
        token_hash=credentials.token_digest(secret),
        user_id=owner.id,
        member_id=owner.member_id,
        scopes=data.scopes,
        created_by_id=actor.user_id,  # None when made at the command line
        expires_at=utcnow() + timedelta(days=data.days),
    )
    session.add(token)
    session.flush()
    record(
        session,
        actor=actor,
        action=AuditAction.TOKEN_CREATED,
        object_type="api_token",
        object_id=token.id,
        object_member_id=token.member_id,
        changes={
            "name": token.name,
            "user_id": owner.id,
            "scopes": token.scopes,
            "expires_at": token.expires_at,
        },
    )
    return NewToken(token, secret)


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    token = session.scalars(tokens_query(actor).where(ApiToken.id == token_id)).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(
            session,
            actor=actor,
            action=AuditAction.TOKEN_REVOKED,
            object_type="api_token",
            object_id=token.id,
            object_member_id=token.member_id,
        )
    return token
