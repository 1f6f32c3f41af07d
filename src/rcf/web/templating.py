"""Jinja2 templates with autoescaping, the CSRF field, flash messages and navigation."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy.orm import object_session

from rcf.access.permissions import Permission
from rcf.accounts.models import WebSession
from rcf.web.deps import CSRF_COOKIE, expected_csrf_token

templates = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))


def _csrf_input(request: Request) -> Markup:
    token = expected_csrf_token(request) or _new_anonymous_csrf(request)
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(token)


def _new_anonymous_csrf(request: Request) -> str:
    token = secrets.token_urlsafe(32)
    request.state.new_csrf_cookie = token
    return token


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def _agency_options(agencies: list[Any]) -> list[tuple[int, str]]:
    return [(a.id, f"{a.member.code} · {a.name}") for a in agencies]


def _role_options(roles: list[Any]) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in roles]


def _owner_options(users: list[Any]) -> list[tuple[int, str]]:
    return [(u.id, f"{u.email} ({u.role.label})") for u in users]


def _enum_options(enum: Any) -> list[tuple[str, str]]:
    return [(item.value, item.value.replace("_", " ").capitalize()) for item in enum]


templates.env.globals.update(
    csrf_input=_csrf_input,
    Permission=Permission,
    agency_options=_agency_options,
    role_options=_role_options,
    owner_options=_owner_options,
    enum_options=_enum_options,
)
templates.env.filters["when"] = _when
templates.env.filters["nl2br"] = lambda text: Markup("<br>").join(
    escape(line) for line in str(text).splitlines()
)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a page for the signed-in user (if any), consuming pending flash messages."""
    web: WebSession | None = getattr(request.state, "web_session", None)
    flashes = _take_flashes(request, web)
    values = {
        "web": web,
        "user": web.user if web and not web.second_factor_pending else None,
        "flashes": flashes,
        **(context or {}),
    }
    response = templates.TemplateResponse(request, name, values, status_code=status)
    token = getattr(request.state, "new_csrf_cookie", None)
    if token:
        response.set_cookie(
            CSRF_COOKIE, token, secure=True, httponly=True, samesite="strict", path="/"
        )
    return response


def _take_flashes(request: Request, web: WebSession | None) -> list[dict[str, str]]:
    if web is None or not web.flash:
        return []
    messages = list(web.flash)
    web.flash = []
    db = object_session(web)
    if db is not None:
        db.commit()
    return messages


def flash(web: WebSession, message: str, kind: str = "success") -> None:
    """Queue a message for the next page this session sees (committed with the route's work)."""
    web.flash = [*web.flash, {"kind": kind, "message": message}]


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
