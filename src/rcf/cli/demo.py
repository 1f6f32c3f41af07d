"""``rcf demo``: seed synthetic demo data and print the demo logins (demo mode only)."""

from __future__ import annotations

import typer
from rich.table import Table

from rcf.cli.context import console, errors, runtime, transaction
from rcf.demo import DEMO_PASSWORD, current_code, seed_demo
from rcf.settings import Environment


def demo() -> None:
    """Seed the demo members, users of every role and bulletins; safe to run again."""
    rt = runtime()
    if rt.settings.environment is not Environment.DEMO:
        errors.print("Refusing: demo accounts are created only with RCF_ENVIRONMENT=demo.")
        raise typer.Exit(2)
    with transaction(rt) as session:
        logins = seed_demo(session, rt)
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
    for column in ("email", "role", "member", "second factor"):
        table.add_column(column)
    for login in logins:
        factor = (
            f"TOTP secret {login.totp_secret} (code now: {current_code(login.totp_secret)})"
            if login.totp_secret
            else "-"
        )
        table.add_row(login.email, login.role, login.member, factor)
    console.print(table)
    console.print("Sign-in codes for the second factor: python -m rcf.demo_code SECRET")
