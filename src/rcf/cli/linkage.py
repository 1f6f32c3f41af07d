"""``rcf linkage persons|events``: link records across members on plain files. Needs no database."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Cross-member linkage of persons and events (offline files).", no_args_is_help=True
)
