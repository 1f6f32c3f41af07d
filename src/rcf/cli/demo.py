"""``rcf demo``: seed synthetic demo data and print the demo logins (demo mode only)."""

from __future__ import annotations

import typer
from rich.table import Table

from rcf.cli.context import console, errors, runtime, transaction
from rcf.demo import DEMO_INCIDENTS, DEMO_PASSWORD, seed_demo
from rcf.incidents.demo_seeding import demo_report_count
from rcf.screening.demo_data import DEMO_PERSONS
from rcf.settings import Environment


def demo(
    incidents: int = typer.Option(
        DEMO_INCIDENTS, "--incidents", min=0, help="About how many synthetic incident reports."
    ),
    persons: int = typer.Option(
        DEMO_PERSONS, "--persons", min=0, help="About how many synthetic persons of interest."
    ),
) -> None:
    """Seed the demo members, users of every role, bulletins, incident reports and persons of
    interest; safe to run again (existing demo reports and persons are kept, none added)."""
    rt = runtime()
    if rt.settings.environment is not Environment.DEMO:
        errors.print("Refusing: demo accounts are created only with RCF_ENVIRONMENT=demo.")
        raise typer.Exit(2)
    with transaction(rt) as session:
        logins = seed_demo(session, rt, incidents, persons)
        reports = demo_report_count(session)
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
    for column in ("email", "role", "member", "second factor (TOTP secret)"):
        table.add_column(column, no_wrap=True)
    for login in logins:
        table.add_row(login.email, login.role, login.member, login.totp_secret or "-")
    console.width = max(console.width, 120)
    console.print(table)
    console.print(f"Synthetic incident reports in the demo: {reports:,}.")
    console.print(
        "Focal points, case workers and RSO administrators also need a sign-in code: add their "
        "secret to an authenticator app, or print the current code with "
        "`.venv/bin/python -m rcf.demo_code SECRET`."
    )
