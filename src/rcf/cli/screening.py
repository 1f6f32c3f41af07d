"""``rcf screening batch``: screen a file of people against a watchlist file. Needs no database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rcf.screening.offline import BatchInputError, screen_file

app = typer.Typer(help="Screening of persons against a watchlist.", no_args_is_help=True)


@app.command("batch")
def batch(
    watchlist: Annotated[
        Path,
        typer.Option(
            help="Watchlist CSV or XLSX: id, primary_name, aliases, birth_dates, nationalities, "
            "gender (aliases, birth_dates and nationalities as JSON lists)."
        ),
    ],
    queries: Annotated[
        Path,
        typer.Option(help="Queries CSV or XLSX: query_id, name, birth_date, nationality."),
    ],
    output: Annotated[Path, typer.Option(help="Result CSV: query_id,candidate_id,score.")],
    limit: Annotated[int, typer.Option(min=1, help="Most candidates written per query.")] = 10,
    workers: Annotated[
        int, typer.Option(min=0, help="Worker processes (0: one per core, at most 2).")
    ] = 0,
) -> None:
    """Screen every query against the watchlist; write plausible candidates, strongest first.

    Exit 0 on success, 2 when an input file cannot be used (the message names file, line and
    column; nothing is written)."""
    try:
        rows = screen_file(watchlist, queries, output, limit=limit, workers=workers)
    except BatchInputError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(2) from None
    except OSError as error:
        typer.echo(f"Error: cannot write {output}: {error.strerror}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{rows} candidate rows written to {output}", err=True)
