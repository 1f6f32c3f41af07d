"""``rcf incidents import | template | rates``.

The import acts for one member and agency (``--member`` and ``--agency``), as the platform
operator: it is audited as "system (cli)" with that member and agency, like ``rcf users create``.
An operator imports on a member's behalf; people import through the upload page as themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from rcf.access.policy import Actor
from rcf.cli.context import console, errors, runtime, transaction
from rcf.cli.import_output import member_actor, open_import, print_counts, refuse, report_problems
from rcf.incidents.import_files import FileRefused
from rcf.incidents.import_rollups import fold_all
from rcf.incidents.import_template import template_csv, template_xlsx
from rcf.incidents.importing import ProgressFn, import_table
from rcf.incidents.rates import parse_rates, save_rates, shipped_rates


class TemplateFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``rcf incidents``."""
    app.command("import")(import_incidents)
    app.command("template")(template)
    app.command("rates")(rates)


@contextmanager
def _progress() -> Iterator[ProgressFn]:
    """A Rich progress bar on a terminal; plain lines otherwise (logs, pipes, tests)."""
    if not errors.is_terminal:

        def plain(phase: str, done: int) -> None:
            errors.print(f"{phase} {done:,} rows", highlight=False)

        yield plain
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=errors, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def show(phase: str, done: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(f"{phase.capitalize()} rows", total=None)
            bar.update(tasks[phase], completed=done)

        yield show


def import_incidents(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A .csv or .xlsx file."),
    member: str = typer.Option(..., help="Code of the member that owns the reports, e.g. THA."),
    agency: str = typer.Option(..., help="Name of the reporting agency inside the member."),
    problems: Path | None = typer.Option(
        None, help="Write every problem found to this CSV file (row, column, value, message)."
    ),
) -> None:
    """Import incident reports: all rows are checked first, and nothing is written unless every
    row is valid. Re-importing the same file changes nothing."""
    rt = runtime()
    sha256, table = open_import(file)
    with closing(table), transaction(rt) as session, _progress() as progress:
        actor = member_actor(session, member, agency)
        try:
            result = import_table(
                session, actor, table, sha256=sha256, file_name=file.name, progress=progress
            )
        except FileRefused as error:
            refuse(error)
        checked = result.checked
        if not result.ok:
            report_problems(checked.problems, checked.problem_count, checked.rows, problems)
            raise typer.Exit(1)
    print_counts(checked.rows, result.counts)
    fold_all(rt.sessions)  # the new reports into the rollups, now that they are committed


def template(
    format: TemplateFormat = typer.Option(TemplateFormat.CSV, "--format", help="csv or xlsx."),
    output: Path | None = typer.Option(
        None, help="Where to write it (default: incidents-template.csv or .xlsx here)."
    ),
) -> None:
    """Write an empty import template with every column (the XLSX one describes them too)."""
    target = output or Path(f"incidents-template.{format}")
    if format is TemplateFormat.CSV:
        target.write_text(template_csv(), encoding="utf-8")
    else:
        target.write_bytes(template_xlsx())
    console.print(f"Wrote {target}", markup=False, highlight=False)


def rates(
    file: Path | None = typer.Argument(
        None,
        exists=True,
        dir_okay=False,
        help="CSV with currency,usd_per_unit,as_of (default: the indicative table shipped).",
    ),
) -> None:
    """Load the US dollar rate table that fees are normalised with (new reports use it)."""
    text = shipped_rates() if file is None else _read_rates(file)
    parsed, found = parse_rates(text)
    if found:
        for problem in found:
            errors.print(str(problem), markup=False, highlight=False)
        errors.print(f"[red]{len(found)} problem(s); nothing was loaded.[/red]")
        raise typer.Exit(1)
    rt = runtime()
    with transaction(rt) as session:
        changed = save_rates(session, Actor.system(), parsed)
    console.print(f"Loaded {len(parsed)} rates ({changed} changed).")


def _read_rates(file: Path) -> str:
    if file.stat().st_size > 1_000_000:
        errors.print("[red]The rate file is larger than 1 MB.[/red]")
        raise typer.Exit(1)
    try:
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.print("[red]The rate file is not UTF-8 text; save it as CSV UTF-8.[/red]")
        raise typer.Exit(1) from None
