"""``create_app(settings)``: the FastAPI application with its routers, middleware and handlers."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from rcf import __version__
from rcf.logs import configure_logging
from rcf.runtime import Runtime
from rcf.settings import Settings, SettingsError, load_settings
from rcf.web import errors
from rcf.web.compression import SelectiveGZip
from rcf.web.middleware import RequestGuard
from rcf.web.ratelimit import RateLimiter

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the application; tests pass their own settings or runtime."""
    runtime = runtime or Runtime.from_settings(settings or load_settings())
    settings = runtime.settings
    if settings.is_production:
        _refuse_without_trafficking_keys(settings)
    configure_logging(settings.log_level)
    app = FastAPI(
        title="Bali Process RCF",
        version=__version__,
        description="REST API of the Bali Process Regional Cooperation Framework platform. "
        "Authenticate with an API token created by your national focal point.",
        # No Swagger UI page: it loads from a CDN, and every page must work air-gapped.
        docs_url=None,
        redoc_url=None,
        openapi_url=None if settings.is_production else "/api/openapi.json",
    )
    app.state.runtime = runtime
    app.state.rate_limiter = RateLimiter(settings.api_rate_limit_per_minute)
    errors.install(app)
    _include_routers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SelectiveGZip)
    app.add_middleware(RequestGuard, max_body=settings.max_request_bytes)
    return app


def _refuse_without_trafficking_keys(settings: Settings) -> None:
    """Production does not start without a readable, well-formed key file of victims'
    identity fields: better no server than one that fails on the first case opened."""
    from rcf.trafficking.crypto import KeyFileError, Keyring

    try:
        Keyring.from_file(settings.resolved_trafficking_key_file)
    except KeyFileError as error:
        raise SettingsError(f"RCF_TRAFFICKING_KEY_FILE: {error}") from None


def _include_routers(app: FastAPI) -> None:
    from rcf.accounts import admin_views
    from rcf.accounts import api as accounts_api
    from rcf.accounts import views as accounts_views
    from rcf.audit import views as audit_views
    from rcf.bulletins import api as bulletins_api
    from rcf.bulletins import views as bulletins_views
    from rcf.documents import api as documents_api
    from rcf.documents import (
        batch_api,
        check_views,
        checks_api,
        hit_views,
        register_api,
        register_import_views,
        register_views,
    )
    from rcf.documents import webhook_views as document_webhook_views
    from rcf.incidents import api as incidents_api
    from rcf.incidents import (
        export_views,
        import_views,
        links_views,
        summary_views,
    )
    from rcf.incidents import views as incidents_views
    from rcf.members import api as members_api
    from rcf.members import views as members_views
    from rcf.screening import api as screening_api
    from rcf.screening import hit_views as screening_hit_views
    from rcf.screening import import_views as screening_import_views
    from rcf.screening import network_views, proposal_views, screen_views
    from rcf.screening import views as watchlist_views
    from rcf.screening import webhook_views as screening_webhook_views
    from rcf.trafficking import api as trafficking_api
    from rcf.trafficking import (
        attachment_views,
        case_admin_views,
        htcds_api,
        htcds_views,
        referral_api,
        referral_views,
        release_views,
        screening_views,
    )
    from rcf.trafficking import dashboard as trafficking_dashboard
    from rcf.trafficking import views as trafficking_views
    from rcf.web import health, home

    # The routes are matched in order, one by one: the document checks of border desks and
    # airlines come first (their paths overlap no other route's).
    app.include_router(checks_api.api_router, prefix="/api/v1")
    # Fixed paths (/incidents/summary, /incidents/import...) before /incidents/{incident_id}.
    incident_parts = (summary_views, import_views, export_views, links_views, incidents_views)
    pages = (
        health,
        home,
        accounts_views,
        admin_views,
        members_views,
        audit_views,
        bulletins_views,
        *incident_parts,
        # /documents/register/import before /documents/register/{record_id}
        register_import_views,
        register_views,
        check_views,
        hit_views,
        document_webhook_views,
        trafficking_dashboard,
        network_views,
        proposal_views,
        screening_views,
        trafficking_views,
        referral_views,
        # /screening/persons/import before /screening/persons/{person_id}
        screen_views,
        screening_webhook_views,
        screening_hit_views,
        screening_import_views,
        watchlist_views,
        attachment_views,
        release_views,
        case_admin_views,
        htcds_views,
    )
    for module in pages:
        app.include_router(module.router)
    for module in (accounts_api, members_api, bulletins_api):
        app.include_router(module.router, prefix="/api/v1")
    for part in (
        *incident_parts,
        incidents_api,
        documents_api,
        register_api,
        batch_api,
        trafficking_api,
        referral_api,
        screening_api,
        attachment_views,
        case_admin_views,
        htcds_api,
    ):
        app.include_router(part.api_router, prefix="/api/v1")
