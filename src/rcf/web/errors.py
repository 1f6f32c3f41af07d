"""One handler for every error: problem+json (RFC 9457) under /api/, an error page elsewhere.

4xx bodies carry no request id, so a hidden record's 404 is byte-for-byte the 404 of a missing
one; 5xx bodies carry the request id (and the log a traceback), never the exception itself.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from rcf.errors import InvalidInput, RcfError, TooManyRequests
from rcf.schemas import field_errors_from_list
from rcf.web.deps import PasswordChangeRequired, SignInRequired, request_id
from rcf.web.middleware import SECURITY_HEADERS
from rcf.web.templating import redirect, render

log = logging.getLogger("rcf.errors")

HTTP_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    422: "Invalid input",
    429: "Too many requests",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if not _is_api(request):
        page = render(
            request,
            "error.html",
            {
                "status": status,
                "title": title,
                "detail": detail,
                "request_id": request_id(request) if status >= 500 else None,
                **(extra or {}),
            },
            status=status,
        )
        page.headers.update(headers or {})
        return page
    body = {
        "type": f"about:blank#{status}",
        "title": title,
        "status": status,
        "detail": detail,
        **(extra or {}),
    }
    if status >= 500:
        body["request_id"] = request_id(request)
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


async def rcf_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RcfError)
    if isinstance(error, SignInRequired) and not _is_api(request):
        return redirect(f"/login?next={quote(request.url.path)}")
    if isinstance(error, PasswordChangeRequired) and not _is_api(request):
        return redirect("/account/password")
    headers = (
        {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyRequests) else None
    )
    extra = {"errors": error.errors} if isinstance(error, InvalidInput) else None
    if error.status == 401 and _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"}
    return problem(request, error.status, error.title, error.detail, extra, headers)


async def validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = field_errors_from_list(list(error.errors()))
    return problem(
        request, 422, "Invalid input", "Some fields need correcting.", {"errors": errors}
    )


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    title = HTTP_TITLES.get(error.status_code, "Error")
    detail = "The requested resource was not found." if error.status_code == 404 else title
    return problem(request, error.status_code, title, detail)


async def unexpected_error(request: Request, error: Exception) -> Response:
    log.exception("unhandled error", extra={"request_id": request_id(request)})
    response = problem(
        request,
        500,
        "Internal error",
        "Something went wrong on our side. Quote the request id to your administrator.",
    )
    # Starlette sends this response from outside RequestGuard, so add its headers here.
    response.headers.update({name.decode(): value.decode() for name, value in SECURITY_HEADERS})
    response.headers.update({"cache-control": "no-store", "x-request-id": request_id(request)})
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(RcfError, rcf_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
