"""``rcf users create|disable|reset-2fa`` and ``rcf tokens create|revoke``.

The CLI acts as the platform operator (a system actor with every permission) and is audited
as such; it is for bootstrapping the first administrators and for emergencies.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor, may_grant
from rcf.access.roles import Role
from rcf.accounts import credentials, service
from rcf.accounts.models import ApiToken, User
from rcf.accounts.schemas import TokenCreate, UserCreate
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.cli.context import console, errors, runtime, transaction
from rcf.errors import InvalidInput
from rcf.members.models import Agency, Member
from rcf.runtime import Runtime
from rcf.schemas import parse

users = typer.Typer(help="User accounts.", no_args_is_help=True)
tokens = typer.Typer(help="API tokens.", no_args_is_help=True)


def _user(session: Session, email: str) -> User:
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        errors.print(f"No user {email!r}.", markup=False)
        raise typer.Exit(1)
    return user


def _agency(session: Session, member_code: str, agency_name: str) -> Agency:
    agency = session.scalars(
        select(Agency)
        .join(Member)
        .where(Member.code == member_code.upper(), Agency.name == agency_name)
    ).first()
    if agency is None:
        errors.print(f"No agency {agency_name!r} in member {member_code!r}.", markup=False)
        raise typer.Exit(1)
    return agency


def _password(rt: Runtime, email: str, from_stdin: bool) -> str:
    password = (
        sys.stdin.readline().rstrip("\n")
        if from_stdin
        else typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    )
    problem = credentials.password_problem(
        password, min_length=rt.settings.password_min_length, email=email
    )
    if problem:
        errors.print(problem)
        raise typer.Exit(1)
    return password


@users.command("create")
def create_user(
    email: str,
    full_name: str = typer.Option(..., "--name"),
    member: str = typer.Option(..., help="Member code, e.g. THA or RSO."),
    agency: str = typer.Option(..., help="Agency name inside the member."),
    role: Role = typer.Option(...),
    password_stdin: bool = typer.Option(False, help="Read the password from standard input."),
) -> None:
    """Create a user (for example the first RSO administrator)."""
    rt = runtime()
    password = _password(rt, email, password_stdin)
    with transaction(rt) as session:
        place = _agency(session, member, agency)
        data = parse(
            UserCreate,
            {"email": email, "full_name": full_name, "agency_id": place.id, "role": role},
        )
        if session.scalars(select(User.id).where(User.email == data.email)).first() is not None:
            raise InvalidInput({"email": "An account with this email address already exists."})
        if not may_grant(Actor.system(), role, place.member.kind):
            raise InvalidInput({"role": "rso_admin is given only to users of the RSO member."})
        user = User(
            email=data.email,
            full_name=data.full_name,
            member_id=place.member_id,
            agency_id=place.id,
            role=role,
            password_hash=rt.passwords.hash(password),
        )
        session.add(user)
        session.flush()
        record(
            session,
            actor=Actor.system(),
            action=AuditAction.USER_CREATED,
            object_type="user",
            object_id=user.id,
            object_member_id=user.member_id,
            changes={"email": user.email, "role": role, "agency_id": place.id},
        )
    console.print(f"Created {user.email} ({role}).")


@users.command("disable")
def disable_user(email: str) -> None:
    """Disable a user: sessions end and tokens stop working at once."""
    rt = runtime()
    with transaction(rt) as session:
        service.set_active(session, Actor.system(), _user(session, email).id, False)
    console.print(f"Disabled {email}.")


@users.command("reset-password")
def reset_password(email: str) -> None:
    """Give a user a temporary password (printed once); they choose a new one at next sign-in."""
    rt = runtime()
    with transaction(rt) as session:
        reset = service.reset_password(session, rt, Actor.system(), _user(session, email).id)
    console.print(f"Temporary password for {email} (shown once):", highlight=False)
    print(reset.temporary_password)


@users.command("reset-2fa")
def reset_2fa(email: str) -> None:
    """Remove a user's second factor; they enrol a new one at next sign-in."""
    rt = runtime()
    with transaction(rt) as session:
        service.reset_second_factor(session, Actor.system(), _user(session, email).id)
    console.print(f"Second factor of {email} reset.")


@tokens.command("create")
def create_token(
    email: str = typer.Argument(..., help="The user the token acts for."),
    name: str = typer.Option(..., help="What the token is for, e.g. 'MIDAS export'."),
    scope: list[str] = typer.Option(..., help="e.g. bulletin:read (repeatable)."),
    days: int = typer.Option(90, help="Lifetime in days."),
) -> None:
    """Create an API token; the secret is printed once and never stored."""
    rt = runtime()
    with transaction(rt) as session:
        owner = _user(session, email)
        created = service.create_token(
            session,
            rt,
            Actor.system(member_id=owner.member_id),
            parse(TokenCreate, {"name": name, "user_id": owner.id, "scopes": scope, "days": days}),
        )
    console.print(
        f"Token {created.token.id} for {email}, expires {created.token.expires_at:%Y-%m-%d}:"
    )
    print(created.secret)


@tokens.command("revoke")
def revoke_token(token_id: int) -> None:
    """Revoke a token by id."""
    rt = runtime()
    with transaction(rt) as session:
        token = session.get(ApiToken, token_id)
        if token is None:
            errors.print(f"No token {token_id}.")
            raise typer.Exit(1)
        service.revoke_token(session, Actor.system(member_id=token.member_id), token_id)
    console.print(f"Revoked token {token_id}.")
