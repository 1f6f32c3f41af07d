"""``rcf screening import FILE --member --agency``: load watchlist entries from CSV, XLSX or
FollowTheMoney JSON lines, acting for one agency as the platform operator (audited as
"system (cli)" with that member), like ``rcf incidents import`` and ``rcf documents import``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rcf.cli.context import runtime, transaction
from rcf.cli.import_output import member_actor, open_import, print_counts, refuse, report_problems
from rcf.incidents.import_files import CLI_LIMITS, FileRefused
from rcf.incidents.importing import file_sha256
from rcf.screening.ftm import check_ftm, is_ftm_file
from rcf.screening.importing import WatchlistImport, check_table, import_entries


def register(app: typer.Typer) -> None:
    """Add ``import`` to ``rcf screening``."""
    app.command("import")(import_persons)


def import_persons(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help=".csv, .xlsx or .jsonl (FtM)")
    ],
    member: Annotated[str, typer.Option("--member", help="Code of the member, e.g. THA.")],
    agency: Annotated[str, typer.Option("--agency", help="Name of the agency in the member.")],
    problems: Annotated[
        Path | None, typer.Option(help="Write every problem found to this CSV file.")
    ] = None,
) -> None:
    """Import persons of interest: every row is checked first, nothing is written unless all
    are valid, and importing the same file again changes nothing."""
    rt = runtime()
    sha256, found = _check(file)
    with transaction(rt) as session:
        actor = member_actor(session, member, agency)
        result = import_entries(session, rt, actor, found, sha256=sha256, file_name=file.name)
        if not result.ok:
            report_problems(result.problems, result.problem_count, result.rows, problems)
            raise typer.Exit(1)
    print_counts(result.rows, result.counts)


def _check(file: Path) -> tuple[str, WatchlistImport]:
    try:
        if is_ftm_file(file.name):
            with file.open("rb") as stream:
                sha256 = file_sha256(stream)
                return sha256, check_ftm(stream, file.stat().st_size, CLI_LIMITS)
        sha256, table = open_import(file)
        try:
            return sha256, check_table(table)
        finally:
            table.close()
    except FileRefused as error:
        refuse(error)
