"""Pages for signing in and out and for one's own account (password, second factor)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from rcf.accounts import service
from rcf.accounts.auth import SignInStep, complete_second_factor, promote_session, sign_in
from rcf.accounts.auth import sign_out as end_session
from rcf.accounts.auth import sign_out_everywhere as end_all_sessions
from rcf.accounts.credentials import totp_uri
from rcf.accounts.schemas import PasswordChange
from rcf.errors import InvalidInput
from rcf.schemas import parse
from rcf.web.deps import (
    SESSION_COOKIE,
    FormData,
    FullSession,
    OptionalWebSession,
    PageActor,
    PendingSession,
    RuntimeDep,
    SessionDep,
    anonymous,
)
from rcf.web.qr import qr_svg
from rcf.web.templating import flash, redirect, render

router = APIRouter(include_in_schema=False)

SIGN_IN_FAILED = "The email address or password is not right."


def _safe_next(target: str) -> str:
    """Only same-site paths, so the sign-in form cannot be used as an open redirect."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _with_session_cookie(response: Response, token: str) -> Response:
    response.set_cookie(SESSION_COOKIE, token, secure=True, httponly=True, samesite="lax", path="/")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, web: OptionalWebSession, next: str = "/") -> Response:
    if web is not None and not web.second_factor_pending:
        return redirect(_safe_next(next))
    return render(request, "accounts/login.html", {"next": _safe_next(next), "values": {}})


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, form: FormData, db: SessionDep, runtime: RuntimeDep) -> Response:
    email, password = str(form.get("email", ""))[:254], str(form.get("password", ""))[:1024]
    target = _safe_next(str(form.get("next", "/")))
    result = sign_in(db, runtime, email=email, password=password, actor=anonymous(request))
    db.commit()
    if result is None:
        return render(
            request,
            "accounts/login.html",
            {"next": target, "values": {"email": email}, "errors": {"email": SIGN_IN_FAILED}},
            status=400,
        )
    destination = {
        SignInStep.DONE: target,
        SignInStep.SECOND_FACTOR: "/login/second-factor",
        SignInStep.ENROL_SECOND_FACTOR: "/login/enrol",
    }[result.step]
    return _with_session_cookie(redirect(destination), result.cookie_token)


@router.get("/login/second-factor", response_class=HTMLResponse)
def second_factor_form(request: Request, web: PendingSession) -> Response:
    if not web.user.has_2fa:
        return redirect("/login/enrol")
    return render(request, "accounts/second_factor.html", {})


@router.post("/login/second-factor", response_class=HTMLResponse)
def second_factor(
    request: Request, web: PendingSession, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    token = complete_second_factor(
        db, runtime, web, code=str(form.get("code", ""))[:64], actor=anonymous(request)
    )
    db.commit()
    if token is None:
        return render(
            request,
            "accounts/second_factor.html",
            {"errors": {"code": "That code is not right."}},
            status=400,
        )
    return _with_session_cookie(redirect("/"), token)


@router.get("/login/enrol", response_class=HTMLResponse)
def enrol_form(
    request: Request, web: PendingSession, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """Roles that must use a second factor set it up before their first page."""
    if web.user.has_2fa:  # a password alone must not replace an existing second factor
        return redirect("/login/second-factor")
    secret = service.pending_totp_secret(runtime, web.user) or service.begin_totp_enrolment(
        runtime, web.user
    )
    db.commit()
    return _enrol_page(request, web, secret, "/login/enrol")


def _enrol_page(
    request: Request,
    web: FullSession | PendingSession,
    secret: str,
    action: str,
    errors: dict[str, str] | None = None,
) -> Response:
    uri = totp_uri(secret, web.user.email)
    return render(
        request,
        "accounts/enrol.html",
        {"qr": qr_svg(uri), "secret": secret, "action": action, "errors": errors or {}},
        status=400 if errors else 200,
    )


@router.post("/login/enrol", response_class=HTMLResponse)
def enrol(
    request: Request, web: PendingSession, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    if web.user.has_2fa:
        return redirect("/login/second-factor")
    actor = anonymous(request)
    try:
        codes = service.confirm_totp_enrolment(
            db, runtime, actor, web.user, str(form.get("code", ""))[:64]
        )
    except InvalidInput as error:
        secret = service.pending_totp_secret(runtime, web.user)
        if secret is None:  # nothing to confirm: the form starts enrolment
            return redirect("/login/enrol")
        return _enrol_page(request, web, secret, "/login/enrol", error.errors)
    token = promote_session(db, web, actor)
    db.commit()
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    return _with_session_cookie(response, token)


@router.post("/logout")
def logout(
    request: Request, web: FullSession, form: FormData, db: SessionDep, actor: PageActor
) -> Response:
    end_session(db, web, actor)
    db.commit()
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, secure=True, httponly=True, samesite="lax", path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, web: FullSession, db: SessionDep) -> Response:
    sessions = service.other_sessions(db, web.user, web)
    return render(request, "accounts/account.html", {"sessions": sessions})


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(
    request: Request, web: FullSession, form: FormData, db: SessionDep, actor: PageActor
) -> Response:
    end_all_sessions(db, web.user, actor)
    db.commit()
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, secure=True, httponly=True, samesite="lax", path="/")
    return response


@router.get("/account/password", response_class=HTMLResponse)
def password_form(request: Request, web: FullSession) -> Response:
    return render(request, "accounts/password.html", {"errors": {}})


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    actor: PageActor,
) -> Response:
    try:
        data = parse(PasswordChange, form)
        service.change_password(db, runtime, actor, web.user, data)
    except InvalidInput as error:
        return render(request, "accounts/password.html", {"errors": error.errors}, status=400)
    end_all_sessions(db, web.user, actor)
    token = promote_session(db, web, actor)
    db.commit()
    return _with_session_cookie(redirect("/account"), token)


@router.post("/account/two-factor", response_class=HTMLResponse)
def two_factor_start(
    request: Request, web: FullSession, form: FormData, db: SessionDep, runtime: RuntimeDep
) -> Response:
    """(Re)enrol a second factor; the current password is asked again first (A5)."""
    if not runtime.passwords.verify(web.user.password_hash, str(form.get("password", ""))[:1024]):
        flash(web, "Your password is not right.", "error")
        db.commit()
        return redirect("/account")
    secret = service.begin_totp_enrolment(runtime, web.user)
    db.commit()
    return _enrol_page(request, web, secret, "/account/two-factor/confirm")


@router.post("/account/two-factor/confirm", response_class=HTMLResponse)
def two_factor_confirm(
    request: Request,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    actor: PageActor,
) -> Response:
    try:
        codes = service.confirm_totp_enrolment(
            db, runtime, actor, web.user, str(form.get("code", ""))[:64]
        )
    except InvalidInput as error:
        secret = service.pending_totp_secret(runtime, web.user)
        if secret is None:  # enrolment was never started: it starts from the account page
            return redirect("/account")
        return _enrol_page(request, web, secret, "/account/two-factor/confirm", error.errors)
    db.commit()
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@router.post("/account/recovery-codes", response_class=HTMLResponse)
def regenerate_recovery_codes(
    request: Request,
    web: FullSession,
    form: FormData,
    db: SessionDep,
    runtime: RuntimeDep,
    actor: PageActor,
) -> Response:
    """New recovery codes (the old ones stop working); the password is asked again first."""
    if not web.user.has_2fa or not runtime.passwords.verify(
        web.user.password_hash, str(form.get("password", ""))[:1024]
    ):
        flash(web, "Your password is not right, or you have no second factor yet.", "error")
        db.commit()
        return redirect("/account")
    codes = service.new_recovery_codes(db, actor, web.user)
    db.commit()
    return render(request, "accounts/recovery_codes.html", {"codes": codes})
