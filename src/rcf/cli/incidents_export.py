"""``rcf incidents export``: the reports one user may see, written to a file.

The command always acts as a named user and within that user's scope, exactly as a download
from the portal would: an operator at the command line gets no wider view of the data than the
user it names, and the export is audited under that user's name.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.accounts.auth import actor_for_user
from rcf.accounts.models import User
from rcf.cli.context import console, errors, runtime, transaction
from rcf.incidents import exporting
from rcf.incidents.exporting import ExportFormat, Tally
from rcf.incidents.list_filters import parse_filters


def _actor(session: Session, email: str) -> Actor:
    user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None or not user.is_active:
        errors.print(f"No active user {email!r}.", markup=False)
        raise typer.Exit(1)
    return actor_for_user(user, request_id="cli")


def export(
    output: Path = typer.Option(
        ..., "--output", "-o", help="File to write (replaced if it exists)."
    ),
    as_user: str = typer.Option(
        ..., "--as-user", help="Export what this user may see, audited in their name."
    ),
    fmt: ExportFormat = typer.Option(ExportFormat.CSV, "--format", "-f", help="File format."),
    date_from: str = typer.Option("", help="Only reports on or after this date (YYYY-MM-DD)."),
    date_to: str = typer.Option("", help="Only reports on or before this date (YYYY-MM-DD)."),
    kind: str = typer.Option("", help="Only this kind (code list: kind)."),
    country: str = typer.Option("", help="Only reports detected in this country (alpha-3)."),
    origin_country: str = typer.Option("", help="Only journeys that started here (alpha-3)."),
    destination_country: str = typer.Option("", help="Only journeys bound here (alpha-3)."),
    citizenship: str = typer.Option("", help="Only reports with persons of this citizenship."),
    impact_level: str = typer.Option("", help="Only this impact level."),
    text: str = typer.Option("", help="Only reports whose narrative contains these words."),
    mine: bool = typer.Option(False, "--mine", help="Only the user's own member's reports."),
) -> None:
    """Export the incident reports a user may see as CSV, XLSX, JSON or Parquet."""
    rt = runtime()
    values = {
        "date_from": date_from, "date_to": date_to, "kind": kind, "country": country,
        "origin_country": origin_country, "destination_country": destination_country,
        "citizenship": citizenship, "impact_level": impact_level, "q": text, "mine": mine,
    }  # fmt: skip
    with transaction(rt) as session:
        actor = _actor(session, as_user)
        plan = exporting.start_export(session, rt, actor, parse_filters(values), fmt)
    tally = Tally()
    with output.open("wb") as file:
        for chunk in exporting.export_chunks(rt, actor, plan, tally):
            file.write(chunk)
    console.print(f"Exported {tally.exported} reports to {escape(str(output))}.")
    if tally.left_out:
        errors.print(
            f"{tally.left_out} reports left out. {exporting.LEFT_OUT_REASON}", highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add ``rcf incidents export``."""
    app.command("export")(export)
