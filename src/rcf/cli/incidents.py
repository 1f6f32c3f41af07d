"""``rcf incidents ...``: import, template, export and the USD rate table."""

from __future__ import annotations

import typer

from rcf.cli import incidents_export, incidents_import

app = typer.Typer(
    help="Incident reports (irregular migration and smuggling).", no_args_is_help=True
)
incidents_import.register(app)
incidents_export.register(app)
