"""``rcf documents import | check | export-offline | webhook | remove-reviewed``: the register
and its checks at the command line.

``import`` and ``check`` act for one member and agency (``--member``, ``--agency``) as the
platform operator, audited as "system (cli)" with that member, like ``rcf incidents import``.
"""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcf.access.policy import Actor
from rcf.audit.models import AuditAction
from rcf.audit.service import record
from rcf.cli.context import console, errors, runtime, transaction
from rcf.cli.import_output import member_actor, open_import, print_counts, refuse, report_problems
from rcf.documents.manifest_checks import (
    ManifestReport,
    PassengerResult,
    batch_out,
    check_manifest,
)
from rcf.documents.manifests import read_manifest_file
from rcf.documents.offline import build_snapshot, public_key_pem
from rcf.documents.offline_export import hmac_key, hmac_key_path, offline_records, signing_key
from rcf.documents.register import remove_reviewed as remove_reviewed_records
from rcf.documents.register_import import import_register
from rcf.documents.webhooks import deliveries_for, set_webhook
from rcf.errors import InvalidInput
from rcf.incidents.import_files import CLI_LIMITS, FileRefused
from rcf.members.models import Member
from rcf.webhooks import deliver_all

EXIT_NO_HIT, EXIT_HIT = 0, 1

Member_ = Annotated[str, typer.Option("--member", help="Code of the member, e.g. THA.")]
Agency_ = Annotated[str, typer.Option("--agency", help="Name of the agency inside the member.")]


def register(app: typer.Typer) -> None:
    """Add this part's commands to ``rcf documents``."""
    app.command("import")(import_records)
    app.command("check")(check_file)
    app.command("export-offline")(export_offline)
    app.command("webhook")(webhook)
    app.command("remove-reviewed")(remove_reviewed)


def import_records(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=".csv or .xlsx")],
    member: Member_,
    agency: Agency_,
    problems: Annotated[
        Path | None, typer.Option(help="Write every problem found to this CSV file.")
    ] = None,
) -> None:
    """Import register records: every row is checked first, nothing is written unless all are
    valid, and re-importing the same file changes nothing."""
    rt = runtime()
    sha256, table = open_import(file)
    years = rt.settings.document_review_years
    with closing(table), transaction(rt) as session:
        actor = member_actor(session, member, agency)
        try:
            result = import_register(
                session, actor, table, sha256=sha256, file_name=file.name, review_years=years
            )
        except FileRefused as error:
            refuse(error)
        if not result.ok:
            report_problems(result.problems, result.problem_count, result.rows, problems)
            raise typer.Exit(1)
    print_counts(result.rows, result.counts)


def check_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The manifest.")],
    member: Member_,
    agency: Agency_,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Check every passenger of a manifest (CSV, XLSX or PAXLST) against the register, hits
    first. Exit 0 when nothing matched, 1 when something did, 2 when the file is refused."""
    manifest = read_manifest_file(file, today=date.today(), limits=CLI_LIMITS)
    if manifest.refused:
        for problem in manifest.problems:
            errors.print(f"[red]Refused:[/red] {problem.message}", highlight=False)
        raise typer.Exit(2)
    rt = runtime()
    with transaction(rt) as session:
        actor = member_actor(session, member, agency)
        report = check_manifest(session, actor, manifest, source="cli")
        hits = [hit for found in report.result.hits for hit in found]
        deliveries = deliveries_for(session, rt.secret_key, hits)
    deliver_all(deliveries, rt.settings.document_webhook_timeout_seconds)
    if as_json:
        console.print_json(batch_out(report).model_dump_json())
    else:
        _print_report(report)
    raise typer.Exit(EXIT_HIT if report.hit_count else EXIT_NO_HIT)


# Control characters (a terminal would act on them) shown as U+FFFD, as rich would drop them.
_SHOWN = {code: "\ufffd" for code in (*range(32), *range(127, 160)) if code != 9}
PRINT_CHUNK = 10_000  # results written per write: a manifest is a million lines


def _print_report(report: ManifestReport) -> None:
    """One line per passenger, written as plain text in chunks: printing a million lines one by
    one through rich took longer than reading and checking the manifest."""
    console.print(f"{len(report.results):,} passengers, {report.hit_count:,} hit(s).")
    out, results = console.file, report.results
    out.write("position\tdocument\tstate\tname\tresult\n")  # CSV line or PAXLST segment
    for start in range(0, len(results), PRINT_CHUNK):
        lines = map(_report_line, results[start : start + PRINT_CHUNK])
        out.write("".join(line.translate(_SHOWN) + "\n" for line in lines))
    out.flush()


def _report_line(result: PassengerResult) -> str:
    marks = [
        f"HIT {h.reference} {h.match} {h.status} {h.owner_member} {h.handling_code}"
        for h in result.hits
    ]
    issues = [message for _, message in result.issues]
    name = ", ".join(part for part in (result.surname, result.given_names) if part)
    line = f"{result.position}\t{result.document_number}\t{result.issuing_state}\t{name}\t"
    return line + "; ".join(marks + issues or ["ok"])


def export_offline(
    output: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write the snapshot.")],
    public_key: Annotated[
        Path | None,
        typer.Option(help="Where to write the public key (default: OUTPUT.pub.pem)."),
    ] = None,
) -> None:
    """Write a signed offline snapshot of the live register: keyed hashes, never numbers.
    Give it to remote ports with the public key; the HMAC key (RCF_DOCUMENT_OFFLINE_HMAC_KEY_FILE)
    goes separately, to authorised members only."""
    rt = runtime()
    with transaction(rt) as session:
        key, signer = hmac_key(rt.settings), signing_key(rt.settings)
        data = build_snapshot(offline_records(session), key, signer, datetime.now(UTC))
        _audit_export(session, len(data))
    output.write_bytes(data)
    pub = public_key or output.with_name(output.name + ".pub.pem")
    pub.write_bytes(public_key_pem(signer))
    console.print(
        f"Wrote {output} ({len(data):,} bytes) and its public key {pub}. "
        f"HMAC key: {hmac_key_path(rt.settings)} (distribute it separately).",
        markup=False,
        highlight=False,
    )


def _audit_export(session: Session, size: int) -> None:
    record(
        session,
        actor=Actor.system(),
        action=AuditAction.RECORD_EXPORTED,
        object_type="document_offline_snapshot",
        object_id=datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        changes={"bytes": size},
    )


def webhook(
    member: Annotated[str, typer.Argument(help="Code of the member, e.g. THA.")],
    url: Annotated[str, typer.Argument(help="Where the member's hits are POSTed.")],
) -> None:
    """Set a member's hit webhook and print its new signing secret (shown once)."""
    rt = runtime()
    with transaction(rt) as session:
        found = session.scalars(select(Member).where(Member.code == member.upper())).first()
        if found is None:
            raise InvalidInput({"member": f"No member {member!r}."})
        secret = set_webhook(session, rt.secret_key, Actor.system(), found.id, url)
    console.print(f"Webhook set. Signing secret (shown once): {secret}", markup=False)


def remove_reviewed() -> None:
    """Delete register records whose review date has come (run it daily, e.g. from cron)."""
    rt = runtime()
    with transaction(rt) as session:
        count = remove_reviewed_records(session, Actor.system())
    console.print(f"Removed {count:,} record(s) past their review date.")
