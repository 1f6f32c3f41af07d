"""``rcf serve``."""

from __future__ import annotations

import gc
from functools import partial

import typer
import uvicorn
from fastapi import FastAPI
from sqlalchemy.orm import configure_mappers

from rcf.app import create_app
from rcf.cli.context import runtime
from rcf.runtime import Runtime


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    forwarded_allow_ips: str = typer.Option(
        "", help="Proxy addresses whose X-Forwarded-For is trusted (empty: none)."
    ),
    workers: int = typer.Option(
        1, min=1, max=64, help="Server processes (each builds its app from the same settings)."
    ),
) -> None:
    """Serve the portal and the API."""
    checked = runtime()  # a bad setting stops here (exit 2), not in each worker
    run = partial(
        uvicorn.run,
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        proxy_headers=bool(forwarded_allow_ips),
        forwarded_allow_ips=forwarded_allow_ips or None,
    )
    if workers == 1:
        run(served_app(checked))
        return
    # Workers are separate processes: each imports the factory and reads the RCF_* settings.
    run("rcf.cli.server:served_app", factory=True, workers=workers)


def served_app(checked: Runtime | None = None) -> FastAPI:
    """The application, with everything built so far moved out of the garbage collector's
    sight: the modules, routes and models of a worker live as long as it does, and scanning
    them in every full collection would pause some request for several milliseconds."""
    app = create_app(runtime=checked)
    configure_mappers()  # not in the first request that queries a model, and frozen with the rest
    gc.freeze()
    return app
