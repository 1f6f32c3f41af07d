"""Request dependencies: the database session, who is signed in, CSRF, form data.

Routes commit explicitly after the service call; anything raised rolls the session back here.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from rcf.access.policy import SHARING_FIELDS, Actor
from rcf.accounts.auth import actor_for_user, load_session
from rcf.accounts.models import User, WebSession
from rcf.accounts.token_auth import authenticate_token
from rcf.errors import Forbidden, RcfError, Unauthenticated
from rcf.runtime import Runtime

SESSION_COOKIE = "__Host-rcf_session"
CSRF_COOKIE = "__Host-rcf_csrf"


class SignInRequired(RcfError):
    """A page needs a signed-in user; pages redirect to the sign-in form, the API answers 401."""

    status = 401
    title = "Sign-in required"
    type_slug = "unauthenticated"


class PasswordChangeRequired(RcfError):
    status = 403
    title = "Password change required"
    type_slug = "password-change-required"


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def get_db(request: Request) -> Iterator[Session]:
    session = get_runtime(request).sessions()
    try:
        yield session
    except BaseException:
        session.rollback()
        _reload_web_session(request, session)
        raise
    finally:
        session.close()


def _reload_web_session(request: Request, session: Session) -> None:
    """The rollback expired the signed-in session; reload it (the session closes before the
    error page is rendered) so the page can still show who is signed in."""
    web: WebSession | None = getattr(request.state, "web_session", None)
    if web is None:
        return
    try:
        session.refresh(web)
    except Exception:  # the database itself failed: render the error page as anonymous
        request.state.web_session = None


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionDep = Annotated[Session, Depends(get_db)]


def request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def client_address(request: Request) -> str:
    # Only the socket peer: X-Forwarded-For is honoured solely through uvicorn's
    # --forwarded-allow-ips for a trusted proxy, never read from headers here (C14).
    return request.client.host if request.client else ""


def anonymous(request: Request) -> Actor:
    return Actor.anonymous(request_id=request_id(request), client_address=client_address(request))


def optional_web_session(
    request: Request, db: SessionDep, runtime: RuntimeDep
) -> WebSession | None:
    web = load_session(db, runtime, request.cookies.get(SESSION_COOKIE, ""))
    request.state.web_session = web
    if web is not None:
        db.commit()  # keeps last_seen_at fresh for the idle timeout
    return web


OptionalWebSession = Annotated[WebSession | None, Depends(optional_web_session)]


def pending_web_session(web: OptionalWebSession) -> WebSession:
    """A session waiting for its second factor (and only such a session)."""
    if web is None or not web.second_factor_pending:
        raise SignInRequired()
    return web


def full_web_session(request: Request, web: OptionalWebSession) -> WebSession:
    """A fully signed-in session; 'password ok, second factor pending' reaches nothing (A3)."""
    if web is None or web.second_factor_pending:
        raise SignInRequired()
    if web.user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise PasswordChangeRequired()
    return web


PASSWORD_CHANGE_PATHS = frozenset({"/account/password", "/logout"})
PendingSession = Annotated[WebSession, Depends(pending_web_session)]
FullSession = Annotated[WebSession, Depends(full_web_session)]


def current_user(web: FullSession) -> User:
    return web.user


def page_actor(request: Request, web: FullSession) -> Actor:
    return actor_for_user(
        web.user, request_id=request_id(request), client_address=client_address(request)
    )


CurrentUser = Annotated[User, Depends(current_user)]
PageActor = Annotated[Actor, Depends(page_actor)]


def api_actor(request: Request, db: SessionDep) -> Actor:
    """The API authenticates national systems by bearer token only (never cookies or URLs)."""
    return authenticate_api_request(request, db)


def authenticate_api_request(request: Request, db: Session) -> Actor:
    """The token's actor, rate limit counted (401/429 otherwise); for routes that run their
    whole request in one trip to the thread pool rather than as dependencies."""
    if any(name in request.query_params for name in ("token", "access_token", "api_key")):
        raise Unauthenticated("Send the token in the Authorization header, never in the URL.")
    scheme, _, raw = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw:
        raise Unauthenticated("Send an API token as 'Authorization: Bearer <token>'.")
    actor = authenticate_token(
        db, raw.strip(), request_id=request_id(request), client=client_address(request)
    )
    if actor is None:
        raise Unauthenticated("The token is unknown, expired or revoked.")
    request.app.state.rate_limiter.hit(f"token:{actor.token_id}")
    return actor


ApiActor = Annotated[Actor, Depends(api_actor)]

M = TypeVar("M", bound=BaseModel)


def parse_body(model: type[M], raw: bytes) -> M:
    """A JSON body read by the route itself; 422 with the same field errors as a declared body."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        errors = [{**item, "loc": ("body", *item["loc"])} for item in error.errors()]
        raise RequestValidationError(errors) from None


# --- CSRF (B1) ----------------------------------------------------------------------------------


def expected_csrf_token(request: Request) -> str:
    web: WebSession | None = getattr(request.state, "web_session", None)
    if web is not None:
        return web.csrf_token
    return request.cookies.get(CSRF_COOKIE, "")


def check_origin(request: Request) -> None:
    """A foreign Origin (or Referer, when Origin is absent) is refused outright."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:
        return
    parts = urlsplit(origin)
    if parts.netloc != request.url.netloc:
        raise Forbidden("This request came from another site and was refused.")


async def csrf_form(request: Request, web: OptionalWebSession) -> dict[str, Any]:
    """The submitted form, after the origin and the anti-forgery token are checked."""
    check_origin(request)
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    expected = expected_csrf_token(request)
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("The form expired or was not sent from this site. Reload and try again.")
    return {
        key: form.getlist(key) if len(form.getlist(key)) > 1 else value
        for key, value in form.items()
        if key != "csrf_token"
    }


FormData = Annotated[dict[str, Any], Depends(csrf_form)]


def sharing_input(form: dict[str, Any]) -> dict[str, Any]:
    """The sharing fields of a record form, nested as the API takes them (blank = not given)."""
    sharing = {
        name: form[name]
        for name in SHARING_FIELDS
        if isinstance(form.get(name), str) and form[name].strip()
    }
    sharing["shared_with"] = form_list(form, "shared_with")
    return sharing


def form_list(form: dict[str, Any], name: str) -> list[str]:
    """A multi-valued form field (checkboxes) as a list, however many were ticked."""
    value = form.get(name)
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
