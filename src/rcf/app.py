"""``create_app(settings)``: the FastAPI application with its routers, middleware and handlers."""

from __future__ import annotations

import importlib
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


API = "/api/v1"

# Every router of the application: (module, router attribute, URL prefix). Routes are matched
# one by one in this order, so it matters twice: the document checks of border desks and airlines
# come first (matched after the fewest tries; their paths overlap no other route's), and a fixed
# path (/incidents/summary, /documents/register/import, /screening/persons/import...) comes
# before the ``{id}`` path of its collection, which would otherwise take it. Modules are imported
# by name when the app is built, not when ``rcf.app`` is (the command line imports it).
ROUTERS: tuple[tuple[str, str, str], ...] = (
    ("rcf.documents.checks_api", "api_router", API),
    # Pages.
    ("rcf.web.health", "router", ""),
    ("rcf.web.home", "router", ""),
    ("rcf.accounts.views", "router", ""),
    ("rcf.accounts.admin_views", "router", ""),
    ("rcf.members.views", "router", ""),
    ("rcf.audit.views", "router", ""),
    ("rcf.bulletins.views", "router", ""),
    ("rcf.incidents.summary_views", "router", ""),
    ("rcf.incidents.import_views", "router", ""),
    ("rcf.incidents.export_views", "router", ""),
    ("rcf.incidents.links_views", "router", ""),
    ("rcf.incidents.views", "router", ""),
    ("rcf.documents.register_import_views", "router", ""),
    ("rcf.documents.register_views", "router", ""),
    ("rcf.documents.check_views", "router", ""),
    ("rcf.documents.hit_views", "router", ""),
    ("rcf.documents.webhook_views", "router", ""),
    ("rcf.trafficking.dashboard", "router", ""),
    ("rcf.screening.network_views", "router", ""),
    ("rcf.screening.proposal_views", "router", ""),
    ("rcf.trafficking.screening_views", "router", ""),
    ("rcf.trafficking.views", "router", ""),
    ("rcf.trafficking.referral_views", "router", ""),
    ("rcf.screening.screen_views", "router", ""),
    ("rcf.screening.webhook_views", "router", ""),
    ("rcf.screening.hit_views", "router", ""),
    ("rcf.screening.import_views", "router", ""),
    ("rcf.screening.views", "router", ""),
    ("rcf.trafficking.attachment_views", "router", ""),
    ("rcf.trafficking.release_views", "router", ""),
    ("rcf.trafficking.case_admin_views", "router", ""),
    ("rcf.trafficking.htcds_views", "router", ""),
    # The JSON API.
    ("rcf.accounts.api", "router", API),
    ("rcf.members.api", "router", API),
    ("rcf.bulletins.api", "router", API),
    ("rcf.incidents.summary_views", "api_router", API),
    ("rcf.incidents.import_views", "api_router", API),
    ("rcf.incidents.export_views", "api_router", API),
    ("rcf.incidents.links_views", "api_router", API),
    ("rcf.incidents.views", "api_router", API),
    ("rcf.incidents.api", "api_router", API),
    ("rcf.documents.api", "api_router", API),
    ("rcf.documents.register_api", "api_router", API),
    ("rcf.documents.batch_api", "api_router", API),
    ("rcf.trafficking.api", "api_router", API),
    ("rcf.trafficking.referral_api", "api_router", API),
    ("rcf.screening.api", "api_router", API),
    ("rcf.trafficking.attachment_views", "api_router", API),
    ("rcf.trafficking.case_admin_views", "api_router", API),
    ("rcf.trafficking.htcds_api", "api_router", API),
)


def _include_routers(app: FastAPI) -> None:
    """Mount every router of ``ROUTERS``, in its order."""
    for module_name, attribute, prefix in ROUTERS:
        router = getattr(importlib.import_module(module_name), attribute)
        app.include_router(router, prefix=prefix)
