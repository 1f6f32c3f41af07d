"""``rcf serve``."""

from __future__ import annotations

import typer
import uvicorn

from rcf.app import create_app
from rcf.cli.context import runtime


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    forwarded_allow_ips: str = typer.Option(
        "", help="Proxy addresses whose X-Forwarded-For is trusted (empty: none)."
    ),
) -> None:
    """Serve the portal and the API."""
    app = create_app(runtime=runtime())
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        proxy_headers=bool(forwarded_allow_ips),
        forwarded_allow_ips=forwarded_allow_ips or None,
    )
