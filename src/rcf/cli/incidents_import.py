"""Incident commands (placeholder: filled in by the part of the capability that owns it)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``rcf incidents``."""
