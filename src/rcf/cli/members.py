"""``rcf members import``."""

from __future__ import annotations

from pathlib import Path

import typer

from rcf.access.policy import Actor
from rcf.cli.context import console, errors, runtime, transaction
from rcf.members.importing import import_registry, reference_texts

app = typer.Typer(help="The members registry.", no_args_is_help=True)


@app.command("import")
def import_members(
    directory: Path | None = typer.Argument(
        None,
        help="Folder with members.csv, agencies.csv and processes.csv "
        "(default: the reference files shipped with rcf).",
        exists=True,
        file_okay=False,
    ),
) -> None:
    """Import (or re-import) the members registry; all-or-nothing and idempotent."""
    rt = runtime()
    with transaction(rt) as session:
        report = import_registry(session, Actor.system(), reference_texts(directory))
        if report.problems:
            for problem in report.problems:
                errors.print(str(problem), markup=False, highlight=False, soft_wrap=True)
            errors.print(f"[red]{len(report.problems)} problem(s); nothing was imported.[/red]")
            raise typer.Exit(1)
    console.print(
        f"Imported {report.members} members, {report.agencies} agencies and "
        f"{report.processes} consultative processes."
    )
