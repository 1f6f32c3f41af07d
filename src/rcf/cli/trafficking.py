"""``rcf trafficking ...``: de-identified releases and the identity-field key file."""

from __future__ import annotations

import time
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select

from rcf.access.permissions import Permission
from rcf.access.policy import Actor
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.cli import context
from rcf.cli.import_output import member_actor, open_import, report_problems
from rcf.db import utcnow
from rcf.members.models import Member
from rcf.trafficking.crypto import KeyFileError, add_current_key
from rcf.trafficking.htcds_exchange import (
    ImportRefused,
    export_rows,
    import_cases,
    write_xlsx,
)
from rcf.trafficking.referral_reminders import send_reminders
from rcf.trafficking.rekey import rekey
from rcf.trafficking.release import CaseRecord, Release, release
from rcf.trafficking.release_cases import statistics_cases
from rcf.trafficking.release_files import CaseFileError, read_case_file, write_release

app = typer.Typer(
    help="Trafficking in persons: releases, reminders and keys.", no_args_is_help=True
)


@app.command("release")
def release_command(
    output: Annotated[Path, typer.Option(help="The de-identified CSV to write.")],
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input",
            help="CSV of CTDC-style cases (see docs/data/trafficking.md); without it, the "
            "cases of the database whose person consented to statistics.",
        ),
    ] = None,
    member: Annotated[
        str | None,
        typer.Option(help="Only this member's cases (a code, like THA); database only."),
    ] = None,
    k: Annotated[
        int, typer.Option("--k", min=2, help="Smallest group of identical quasi-identifiers.")
    ] = 11,
    l_diversity: Annotated[
        int, typer.Option("--l", min=1, help="Fewest distinct exploitation types per group.")
    ] = 2,
    max_suppressed: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="Share of cases that may be suppressed to keep detail."
        ),
    ] = 0.01,
) -> None:
    """Write a k-anonymous, l-diverse extract: quasi-identifiers generalised group by group
    (year ranges, wider age bands, sub-region and region instead of country) before any case is
    suppressed. No names, free text or dates finer than a year are ever written."""
    if input_file is not None and member is not None:
        typer.echo("Error: --member applies to the database; filter the file instead.", err=True)
        raise typer.Exit(2)
    started = time.perf_counter()
    cases = _cases_from_file(input_file) if input_file else _cases_from_database(member)
    result = release(cases, k=k, l=l_diversity, max_suppressed=max_suppressed)
    try:
        _write_atomically(result, output)
    except OSError as error:
        typer.echo(f"Error: cannot write {output}: {error.strerror}", err=True)
        raise typer.Exit(2) from None
    kept = ", ".join(f"{name} {share:.0%}" for name, share in result.detail_kept().items())
    typer.echo(
        f"{len(result.rows):,} of {result.total:,} cases released to {output} at k={k}, "
        f"l={l_diversity}; suppressed {len(result.suppressed):,} "
        f"({result.suppressed_share:.1%}) in {time.perf_counter() - started:.1f} s"
    )
    typer.echo(f"recorded value kept: {kept}")


def _cases_from_file(input_file: Path) -> list[CaseRecord]:
    try:
        return read_case_file(input_file)
    except OSError as error:
        typer.echo(f"Error: cannot read {input_file}: {error.strerror}", err=True)
        raise typer.Exit(2) from None
    except CaseFileError as error:
        typer.echo(f"Error: {error.detail}", err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(1) from None


def _cases_from_database(member: str | None) -> list[CaseRecord]:
    """The cases whose person consented to statistics; the operator's read is audited."""
    rt = context.runtime()
    with context.transaction(rt) as session:
        cases = statistics_cases(session, member)
        record(
            session,
            actor=Actor.system(),
            action=AuditAction.RECORD_EXPORTED,
            object_type="trafficking_release",
            object_id=f"{len(cases)} cases",
            changes={"member": member or "all", "identity": "none"},
        )
        return cases


def _write_atomically(result: Release, output: Path) -> None:
    """Write beside the target, then rename: a failed run never leaves half a release."""
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            write_release(result, handle)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


@app.command("reminders")
def reminders_command(
    at: Annotated[
        datetime | None,
        typer.Option(help="Act as if it were this UTC time (default: now), e.g. for a catch-up."),
    ] = None,
) -> None:
    """Put a reminder in the responsible side's referral inbox for every referral due within
    two days or overdue (then again every three days). Run it from cron, e.g. hourly: a
    reminder is sent once, so running it again sends nothing new."""
    now = (at.replace(tzinfo=UTC) if at and at.tzinfo is None else at) or utcnow()
    rt = context.runtime()
    with context.transaction(rt) as session:
        sent = send_reminders(session, now=now)
        overdue = sum(1 for reminder in sent if reminder.overdue)
    typer.echo(f"{len(sent)} reminder(s) sent ({overdue} overdue).")


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="An HTCDS basic template (.xlsx or .csv).")],
    member: Annotated[str, typer.Option(help="The member the cases belong to, e.g. THA.")],
    agency: Annotated[str, typer.Option(help="The owning agency's name in that member.")],
    problems: Annotated[
        Path | None, typer.Option(help="Write every problem of a refused file to this CSV.")
    ] = None,
) -> None:
    """Import the cases of an HTCDS Excel toolkit workbook for one agency: all rows or none,
    each problem named by row and column; importing the same file again changes nothing."""
    _, table = open_import(file)
    rt = context.runtime()
    with closing(table), context.transaction(rt) as session:
        actor = member_actor(session, member, agency)
        try:
            counts = import_cases(session, rt, actor, table)
        except ImportRefused as error:
            session.rollback()
            report_problems(error.problems, len(error.problems), error.rows, problems)
            raise typer.Exit(1) from None
    named = counts.outcomes
    typer.echo(
        f"Imported {counts.rows:,} rows: {named['created']:,} created, "
        f"{named['amended']:,} amended, {named['unchanged']:,} unchanged."
    )


@app.command("export")
def export_command(
    output: Annotated[Path, typer.Option(help="The workbook to write.")],
    member: Annotated[str, typer.Option(help="Export the cases this member may see.")],
    file_format: Annotated[
        str, typer.Option("--format", help="Only xlsx (the HTCDS Excel toolkit).")
    ] = "xlsx",
) -> None:
    """Write the member's cases as the HTCDS basic template. The operator is no case worker:
    the identity columns stay empty (case workers export them through the API)."""
    if file_format != "xlsx":
        typer.echo("Error: the only format is xlsx.", err=True)
        raise typer.Exit(2)
    rt = context.runtime()
    with context.transaction(rt) as session:
        found = session.scalars(select(Member).where(Member.code == member.upper())).first()
        if found is None:
            typer.echo(f"Error: no member has the code {member!r}.", err=True)
            raise typer.Exit(2)
        actor = replace(Actor.system(member_id=found.id), permissions=OPERATOR_PERMISSIONS)
        data = write_xlsx(export_rows(session, rt, actor))
    output.write_bytes(data)
    typer.echo(f"Wrote {output}.")


OPERATOR_PERMISSIONS = frozenset(Permission) - {Permission.TRAFFICKING_IDENTITY}


@app.command("rekey")
def rekey_command(
    batch: Annotated[int, typer.Option(min=1, help="Records per transaction.")] = 200,
) -> None:
    """Seal every identity field, message and attachment again under the current (first) key
    of the key file, batch by batch. Safe to stop and run again: it resumes where it was."""
    rt = context.runtime()
    try:
        done = rekey(rt.sessions, rt, batch)
    except KeyFileError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None
    counts = ", ".join(f"{done[kind]:,} {kind}" for kind in REKEYED)
    typer.echo(f"Sealed again under the current key: {counts}.")


REKEYED = ("cases", "referrals", "messages", "attachments")


@app.command("new-key")
def new_key(
    path: Annotated[Path, typer.Argument(help="The key file (RCF_TRAFFICKING_KEY_FILE).")],
) -> None:
    """Create the key file of identity fields (mode 0600), or put a new current key first in
    it; older keys stay so existing values can still be read and then re-encrypted."""
    try:
        key_id = add_current_key(path)
    except (OSError, KeyFileError) as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"New current key {key_id} in {path}.")
