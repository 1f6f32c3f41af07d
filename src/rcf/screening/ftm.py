"""FollowTheMoney entities (OpenSanctions' data model), one JSON object per line, read into
watchlist rows: ``{"id": ..., "schema": "Person", "properties": {"name": [...], ...}}``.

Only ``Person`` entities are imported; any other schema is a problem of its line. The entity's
``id`` becomes the entry's reference; the first ``name`` its name, the other names and every
``alias`` its aliases. ``birthDate`` keeps its year when only year and month are given.
Entries take the default sharing (national, H0): the owner widens it afterwards, entry by entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from rcf.incidents.import_files import FileRefused, Limits
from rcf.incidents.import_rows import Problem, shown
from rcf.screening.importing import WatchlistImport, collect

FTM_SUFFIXES = (".json", ".jsonl", ".ndjson", ".ftm")
MAX_LINE_BYTES = 1_000_000
GENDERS = {"male": "M", "female": "F", "other": "X", "m": "M", "f": "F"}


def is_ftm_file(name: str) -> bool:
    return name.lower().endswith(FTM_SUFFIXES)


def _values(properties: dict[str, Any], name: str) -> list[str]:
    value = properties.get(name, [])
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


def _birth_date(text: str) -> str:
    # FtM allows YYYY-MM; the watchlist knows days, years and ranges of years.
    return text[:4] if len(text) == 7 and text[4] == "-" else text[:10]


def entity_input(entity: dict[str, Any]) -> dict[str, Any]:
    """A Person entity in the shape of ``WatchlistPersonIn``."""
    props = entity.get("properties") or {}
    names = _values(props, "name")
    numbers = _values(props, "passportNumber") + _values(props, "idNumber")
    genders = [GENDERS.get(g.lower(), g) for g in _values(props, "gender")]
    return {
        "reference": str(entity.get("id", ""))[:200],
        "primary_name": names[0] if names else "",
        "aliases": names[1:] + _values(props, "alias"),
        "birth_dates": [_birth_date(d) for d in _values(props, "birthDate")],
        "nationalities": _values(props, "nationality"),
        "gender": genders[0] if genders else "",
        "documents": [{"number": number} for number in numbers],
        "phones": _values(props, "phone"),
    }


def _entity(line: int, text: str) -> dict[str, Any] | Problem:
    try:
        entity = json.loads(text)
    except (ValueError, RecursionError):
        return Problem(line, "(line)", shown(text), "This line is not a JSON object.")
    if not isinstance(entity, dict) or not isinstance(entity.get("properties", {}), dict):
        return Problem(line, "(line)", shown(text), "This line is not a FollowTheMoney entity.")
    schema = str(entity.get("schema", ""))
    if schema != "Person":
        message = f"Only Person entities are imported; this one is a {shown(schema) or '?'}."
        return Problem(line, "schema", shown(schema), message)
    return entity


def _lines(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, str]]:
    for line, raw in enumerate(stream, start=1):
        if line > limits.max_rows:
            raise FileRefused(f"The file has more than {limits.max_rows:,} lines.")
        if len(raw) > MAX_LINE_BYTES:
            raise FileRefused(f"Line {line} is longer than {MAX_LINE_BYTES:,} bytes.")
        try:
            text = raw.decode("utf-8-sig" if line == 1 else "utf-8").strip()
        except UnicodeDecodeError:
            raise FileRefused(f"Line {line} is not UTF-8 text.") from None
        if text:
            yield line, text


def check_ftm(stream: IO[bytes], size: int, limits: Limits) -> WatchlistImport:
    """Validate every entity of a FollowTheMoney JSON-lines file."""
    if size > limits.max_bytes:
        raise FileRefused(f"The file is {size:,} bytes; the limit is {limits.max_bytes:,} bytes.")
    if size == 0:
        raise FileRefused("The file is empty.")
    found = WatchlistImport()
    collect(found, _rows(stream, limits))
    return found


def _rows(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, dict[str, str], Any]]:
    for line, text in _lines(stream, limits):
        entity = _entity(line, text)
        if isinstance(entity, Problem):
            yield line, {}, [entity]
            continue
        data = entity_input(entity)
        yield line, {k: shown(json.dumps(v, ensure_ascii=False)) for k, v in data.items()}, data
