"""``rcf documents check-offline``: check documents against a signed offline snapshot.

Opens no database and needs no network: the snapshot file, the server's public key and the HMAC
key file are all it reads. The signature is verified before any check is made.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from rcf.documents.manifests import Passenger, read_manifest_file
from rcf.documents.numbers import is_known_state, normalise_state
from rcf.documents.offline import (
    OfflineHit,
    Snapshot,
    SnapshotError,
    load_public_key,
    load_snapshot,
    parse_hmac_key,
)
from rcf.incidents.import_files import CLI_LIMITS

USAGE = "Give NUMBER and STATE, or --batch FILE (not both)."
EXIT_NO_HIT, EXIT_HIT, EXIT_USAGE = 0, 1, 2


def check_offline(
    snapshot: Annotated[
        Path, typer.Option(help="The snapshot file (rcf documents export-offline).")
    ],
    public_key: Annotated[Path, typer.Option(help="The server's Ed25519 public key (PEM).")],
    key_file: Annotated[
        Path,
        typer.Option(
            help="The HMAC key file distributed with it.",
            envvar="RCF_DOCUMENT_OFFLINE_HMAC_KEY_FILE",
        ),
    ],
    number: Annotated[str | None, typer.Argument(help="The document number.")] = None,
    state: Annotated[str | None, typer.Argument(help="The issuing state (ICAO code).")] = None,
    batch: Annotated[
        Path | None,
        typer.Option(help="A passenger manifest (CSV, XLSX or PAXLST): checks every document."),
    ] = None,
    max_age_days: Annotated[
        float, typer.Option(help="Warn when the snapshot is older than this many days.")
    ] = 7.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (one line each).")] = False,
) -> None:
    """Check a document, or a manifest's documents, against an offline snapshot. Exit 0 when
    nothing matched, 1 when something did (exact or confusable), 2 on a usage error or when the
    snapshot cannot be trusted."""
    if (batch is None) == (number is None) or (number is not None and state is None):
        _fail(USAGE)
    now = datetime.now(UTC)
    loaded = _load(snapshot, public_key, key_file, now, timedelta(days=max_age_days))
    for warning in loaded.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    if batch is not None:
        raise typer.Exit(_check_manifest(loaded, batch, now, as_json))
    _known_state_or_fail(state or "")
    hits = loaded.check(number or "", state or "")
    typer.echo(_one_result(number or "", state or "", hits, as_json))
    raise typer.Exit(EXIT_HIT if hits else EXIT_NO_HIT)


def _known_state_or_fail(state: str) -> None:
    """An unknown code can never hit: saying NO HIT would read as "not reported" (GER, not D)."""
    if not is_known_state(normalise_state(state)):
        _fail(f"{state!r} is not an ICAO code of an issuing state (e.g. THA, IDN, D for Germany).")


def _fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _load(
    snapshot: Path, public_key: Path, key_file: Path, now: datetime, max_age: timedelta
) -> Snapshot:
    try:
        data, pem, key_text = snapshot.read_bytes(), public_key.read_bytes(), key_file.read_bytes()
    except OSError as error:
        _fail(f"cannot read {error.filename}: {error.strerror}")
        raise  # unreachable: _fail exits
    try:
        key = load_public_key(pem)
        return load_snapshot(data, key, now, max_age, hmac_key=parse_hmac_key(key_text))
    except SnapshotError as error:
        _fail(str(error))
        raise


def _one_result(number: str, state: str, hits: list[OfflineHit], as_json: bool) -> str:
    if as_json:
        return json.dumps({"document_number": number, "issuing_state": state, "hits": _dicts(hits)})
    if not hits:
        return f"NO HIT {number} {state}"
    return "\n".join(f"HIT {number} {state} {_describe(hit)}" for hit in hits)


def _describe(hit: OfflineHit) -> str:
    return (
        f"({hit.match}) status={hit.status} handling={hit.handling_code} owner={hit.owner} "
        f"reference={hit.reference}"
    )


def _dicts(hits: list[OfflineHit]) -> list[dict[str, Any]]:
    return [asdict(hit) for hit in hits]


def _check_manifest(snapshot: Snapshot, path: Path, now: datetime, as_json: bool) -> int:
    manifest = read_manifest_file(path, today=now.date(), limits=CLI_LIMITS)
    for problem in manifest.problems:
        typer.echo(f"{'Error' if manifest.refused else 'Note'}: {problem.message}", err=True)
    if manifest.refused:
        return EXIT_USAGE
    results = [
        (passenger, _passenger_hits(snapshot, passenger)) for passenger in manifest.passengers
    ]
    results.sort(key=lambda result: not result[1])  # hits first, file order otherwise
    for passenger, hits in results:
        typer.echo(_passenger_line(passenger, hits, as_json))
    return EXIT_HIT if any(hits for _, hits in results) else EXIT_NO_HIT


def _passenger_hits(snapshot: Snapshot, passenger: Passenger) -> list[tuple[str, OfflineHit]]:
    documents = [(passenger.document_number, passenger.issuing_state)]
    documents += [(d.document_number, d.issuing_state) for d in passenger.other_documents]
    return [
        (number, hit)
        for number, state in documents
        if number
        for hit in snapshot.check(number, state)
    ]


def _passenger_line(passenger: Passenger, hits: list[tuple[str, OfflineHit]], as_json: bool) -> str:
    if as_json:
        return json.dumps(
            {
                "position": passenger.position,
                "document_number": passenger.document_number,
                "issuing_state": passenger.issuing_state,
                "surname": passenger.surname,
                "given_names": passenger.given_names,
                "hits": [{"document_number": n, **asdict(h)} for n, h in hits],
                "problems": [{"field": p.field, "code": p.code} for p in passenger.problems],
            }
        )
    verdict = "HIT" if hits else "ok"
    line = f"{verdict:3} #{passenger.position} {passenger.document_number} "
    line += f"{passenger.issuing_state} {_name(passenger.surname, passenger.given_names)}"
    line += "".join(f"\n    {number}: {_describe(hit)}" for number, hit in hits)
    line += "".join(f"\n    problem {p.field}: {p.message}" for p in passenger.problems)
    return line


def _name(surname: str, given_names: str) -> str:
    """The passenger as an officer reads a manifest: SURNAME, Given names."""
    return ", ".join(part for part in (surname, given_names) if part) or "(no name)"
