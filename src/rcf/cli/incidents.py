"""``rcf incidents ...``: import, template, export and the USD rate table."""

from __future__ import annotations

import typer

from rcf.cli import incidents_export, incidents_import
from rcf.cli.context import console, errors, runtime, transaction

app = typer.Typer(
    help="Incident reports (irregular migration and smuggling).", no_args_is_help=True
)
incidents_import.register(app)
incidents_export.register(app)

rollups_app = typer.Typer(
    help="Exact pre-aggregates of the situational picture.", no_args_is_help=True
)
app.add_typer(rollups_app, name="rollups")


@rollups_app.command("rebuild")
def rebuild_rollups() -> None:
    """Recompute every rollup from the reports (one transaction)."""
    from rcf.incidents import rollups

    with transaction(runtime()) as session:
        rollups.rebuild(session)
    console.print("Rollups rebuilt from the reports.")


@rollups_app.command("check")
def check_rollups() -> None:
    """Compare the rollups with a fresh computation; exit 1 when any group differs."""
    from rcf.incidents import rollups

    with transaction(runtime()) as session:
        trusted = rollups.trusted(session)
        wrong = rollups.check(session)
    for table, groups in wrong.items():
        errors.print(f"{table}: {groups} group(s) differ from the reports")
    if not trusted:
        errors.print("Rollups are marked stale: run `rcf incidents rollups rebuild`.")
    if wrong or not trusted:
        raise typer.Exit(1)
    console.print("Rollups are exact.")


@rollups_app.command("fold")
def fold_rollups() -> None:
    """Move the reports imports wrote into the rollups (summaries count them exactly meanwhile,
    from the reports); resumable: run it again after an interruption."""
    from rcf.incidents import import_rollups

    folded = import_rollups.fold_all(runtime().sessions)
    console.print(f"Folded {folded:,} report id(s) into the rollups.")
