"""What every ``rcf ... import`` command shares: acting for a member's agency, opening the file
safely, listing the problems of a refused file and printing the counts of an accepted one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.cli.context import console, errors
from rcf.errors import InvalidInput
from rcf.incidents.import_files import CLI_LIMITS, FileRefused, Table, open_path
from rcf.incidents.import_rows import Problem
from rcf.incidents.importing import file_sha256, problems_csv
from rcf.members.models import Agency, Member

SHOWN_PROBLEMS = 50


def member_actor(session: Session, member_code: str, agency_name: str) -> Actor:
    """The platform operator acting for one agency of one member (audited as "system (cli)")."""
    agency = session.scalars(
        select(Agency)
        .join(Member, Member.id == Agency.member_id)
        .where(Member.code == member_code.upper(), Agency.name == agency_name)
    ).first()
    if agency is None:
        raise InvalidInput({"agency": f"No agency {agency_name!r} in member {member_code!r}."})
    actor = Actor.system(member_id=agency.member_id)
    return dataclasses.replace(actor, agency_id=agency.id)


def refuse(error: FileRefused) -> NoReturn:
    errors.print(f"[red]Refused:[/red] {error.detail}", highlight=False)
    raise typer.Exit(1) from None


def open_import(file: Path) -> tuple[str, Table]:
    """The file's SHA-256 and its rows, read within the CLI's limits; exit 1 when refused."""
    with file.open("rb") as whole:
        sha256 = file_sha256(whole)
    try:
        return sha256, open_path(file, CLI_LIMITS)
    except FileRefused as error:
        refuse(error)


def report_problems(
    problems: Sequence[Problem], problem_count: int, rows: int, path: Path | None
) -> None:
    """The first problems on standard error, all of them in ``path`` when given."""
    for problem in problems[:SHOWN_PROBLEMS]:
        errors.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if problem_count > SHOWN_PROBLEMS:
        errors.print(f"... and {problem_count - SHOWN_PROBLEMS:,} more.", highlight=False)
    if path is not None:
        path.write_text(problems_csv(problems), encoding="utf-8")
        errors.print(f"Every problem is listed in {path}.", markup=False, highlight=False)
    errors.print(f"[red]{problem_count:,} problem(s) in {rows:,} rows; nothing was imported.[/red]")


def print_counts(rows: int, counts: Mapping[Any, int]) -> None:
    named = {str(outcome): count for outcome, count in counts.items()}
    console.print(
        f"Imported {rows:,} rows: {named['created']:,} created, "
        f"{named['amended']:,} amended, {named['unchanged']:,} unchanged, "
        f"{named['withdrawn']:,} withdrawn earlier (left alone)."
    )
