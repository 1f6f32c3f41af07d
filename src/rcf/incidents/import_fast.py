"""The fast path of the import: a chunk of rows checked column by column instead of one
``IncidentIn`` per row (about 5x cheaper: most of the work is done by set, map and regex calls
over a whole column, each distinct value of a column is read once).

It decides only what it is sure of. A row it accepts is one ``IncidentIn`` accepts, and its
values, person counts and content hash are the ones ``import_rows.prepare`` makes from the
``IncidentIn``. Any other row (a wrong cell, a broken rule, or a valid value written in an
unusual way, see ``import_cells``) is left undecided and goes through ``IncidentIn`` as before,
which finds the problems and words them: the messages come from one place.
tests/unit/incidents/test_import_fast.py pins the equivalence with generated rows.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring  # what pydantic's JSON writes for a string
from operator import itemgetter, methodcaller
from typing import Any, NamedTuple, cast

from pydantic_core import to_json
from sqlalchemy.engine.processors import to_float

from rcf.access.policy import SHARING_FIELDS
from rcf.access.schemas import SharingIn
from rcf.incidents.codes import FeeBasis
from rcf.incidents.columns import COLUMN_NAMES
from rcf.incidents.import_cells import (
    DAY,
    DEGREES,
    READERS,
    REFERENCE,
    TEXT_LIMITS,
    Persons,
    Undecided,
)
from rcf.incidents.import_copy import copy_lines, person_lines
from rcf.incidents.import_rows import (
    CheckedReport,
    Problem,
    RowSpec,
    check_row,
    converters,
    enum_value,
    prepare,
    rate_book,
)
from rcf.incidents.schemas import EARLIEST, IncidentIn
from rcf.incidents.service import PLAIN_FIELDS, fee_usd_per_person

TOTAL = FeeBasis.TOTAL.value
BAD = object()  # a cell the fast path cannot vouch for
Values = tuple[list[Any], list[str]]  # a column's values, and each as JSON text
Bulk = Callable[[list[str], bytearray], Values]


def _joined(pattern: str, optional: bool = False) -> re.Pattern[str]:
    """A whole column, one cell a line, every cell matching ``pattern`` (or empty)."""
    cell = f"(?:{pattern})?" if optional else f"(?:{pattern})"
    return re.compile(f"{cell}(?:\n{cell})*")


def _all_match(pattern: re.Pattern[str], cells: list[str]) -> bool:
    """Every cell matches: one line a cell, so a cell holding a line break never does."""
    text = "\n".join(cells)
    return text.count("\n") == len(cells) - 1 and pattern.fullmatch(text) is not None


REFERENCES = _joined(REFERENCE.pattern)
DAYS = _joined(DAY.pattern)
DEGREES_COLUMN = _joined(DEGREES.pattern, optional=True)


# --- Columns: the cleaned cells -> their values and JSON texts ---------------------------------


def _json(value: Any) -> str:
    return to_json(value).decode()


def _persons_json(persons: Persons) -> str:
    return _json(
        [{"citizenship": c, "sex": s, "age_group": a, "count": n} for c, s, a, n in persons.groups]
    )


MEMO_SIZE = 100_000  # distinct cells of a column remembered across chunks, at most


def _distinct(
    read: Callable[[str], Any],
    default: Any,
    as_json: Callable[[Any], str],
    memo: dict[str, tuple[Any, str]] | None = None,
) -> Bulk:
    """Each distinct cell read once; a cell it cannot vouch for makes its rows undecided.
    With a ``memo``, the cells read well (value and JSON text) are also remembered for the next
    chunks: only for a column whose reading does not depend on the day (persons)."""
    placeholder = None if default is Undecided else default

    def bulk(cells: list[str], bad: bytearray) -> Values:
        parsed: dict[str, Any] = {}
        texts: dict[str, str] = {}
        fresh = set(cells)
        if memo:
            for text in list(fresh):
                if (found := memo.get(text)) is not None:  # get: safe beside other threads
                    parsed[text], texts[text] = found
                    fresh.discard(text)
        undecided = False
        for text in fresh:
            try:
                value = read(text) if text else default
                if value is Undecided:
                    raise Undecided
                texts[text] = as_json(value)
                if memo is not None:
                    memo[text] = (value, texts[text])
            except Undecided:
                value, texts[text], undecided = BAD, "null", True
            parsed[text] = value
        if memo is not None and len(memo) > MEMO_SIZE:
            memo.clear()
        values = list(map(parsed.__getitem__, cells))
        if undecided:
            for index, value in enumerate(values):
                if value is BAD:
                    bad[index], values[index] = 1, placeholder
        return values, list(map(texts.__getitem__, cells))

    return bulk


def _strings(limit: int, pattern: re.Pattern[str] | None, fallback: Bulk) -> Bulk:
    """Free text and references, nearly all different: checked as one column."""

    def bulk(cells: list[str], bad: bytearray) -> Values:
        if max(map(len, cells)) > limit or (pattern is not None and not _all_match(pattern, cells)):
            return fallback(cells, bad)
        return cells, list(map(encode_basestring, cells))

    return bulk


def _degrees(limit: int, fallback: Bulk) -> Bulk:
    def bulk(cells: list[str], bad: bytearray) -> Values:
        if not _all_match(DEGREES_COLUMN, cells):
            return fallback(cells, bad)
        values = [float(text) if text else None for text in cells]
        given = [value for value in values if value is not None]
        if given and not (-limit <= min(given) and max(given) <= limit):
            return fallback(cells, bad)
        return values, _json(values)[1:-1].split(",")  # a float's JSON holds no comma

    return bulk


def _occurred_on(fallback: Bulk) -> Bulk:
    def bulk(cells: list[str], bad: bytearray) -> Values:
        if not _all_match(DAYS, cells):
            return fallback(cells, bad)
        try:  # one date object a distinct day: ``_stored`` converts each once
            days = {text: date.fromisoformat(text) for text in set(cells)}
        except ValueError:
            return fallback(cells, bad)
        values = list(map(days.__getitem__, cells))
        if min(values) < EARLIEST or max(values) > date.today():
            return fallback(cells, bad)
        return values, list(map('"{}"'.format, cells))

    return bulk


def _bulk(name: str) -> Bulk:
    read, default = READERS[name]
    if name == "persons":  # nearly every row's cell differs in a chunk, not in a file
        each = _distinct(read, default, _persons_json, {})
    else:
        each = _distinct(read, default, _json)
    if name == "reference":
        return _strings(64, REFERENCES, each)
    if name in TEXT_LIMITS:
        return _strings(TEXT_LIMITS[name], None, each)
    if name in ("latitude", "longitude"):
        return _degrees(90 if name == "latitude" else 180, each)
    if name == "occurred_on":
        return _occurred_on(each)
    return each


class FastSpec(NamedTuple):
    """Per column: (name, position in the file or -1, case, how to read the column)."""

    plan: tuple[tuple[str, int, Callable[[str], str] | None, Bulk], ...]
    width: int
    max_cell_chars: int


@lru_cache(maxsize=64)  # one per file layout and rate table: bounded, uploads vary
def fast_spec(spec: RowSpec) -> FastSpec:
    positions = {name: (index, case) for name, index, case in spec.plan}
    plan = tuple((name, *positions.get(name, (-1, None)), _bulk(name)) for name in COLUMN_NAMES)
    return FastSpec(plan, spec.width, spec.max_cell_chars)


def _cleaned(
    cells: Sequence[str], case: Callable[[str], str] | None, limit: int, bad: bytearray
) -> list[str]:
    """The cells as ``check_row`` and ``from_flat`` leave them: NFKC, case, stripped; a cell
    too long or holding a NUL makes its row undecided (``check_row`` reports it)."""
    joined = "".join(cells)
    if not joined:
        return list(cells)
    if "\x00" in joined or max(map(len, cells)) > limit:
        cells = list(cells)
        for index, cell in enumerate(cells):
            if len(cell) > limit or "\x00" in cell:
                bad[index], cells[index] = 1, ""
    if not joined.isascii():
        cells = [cell if cell.isascii() else unicodedata.normalize("NFKC", cell) for cell in cells]
    if case is not None:
        cells = list(map(case, cells))
    return list(map(str.strip, cells))


def _fitted(rows: list[list[str]], width: int, bad: bytearray) -> list[list[str]]:
    """Every row ``width`` cells long: short rows padded (a missing cell is an empty one), a
    row with values beyond the header undecided."""
    fitted = []
    for index, cells in enumerate(rows):
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width:
            if any(cell.strip() for cell in cells[width:]):
                bad[index] = 1
            cells = cells[:width]
        fitted.append(cells)
    return fitted


# --- The rules across fields (IncidentIn._consistent and SharingIn._consistent) -----------------


def _flag(bad: bytearray, oks: list[bool]) -> None:
    if not all(oks):
        for index, ok in enumerate(oks):
            if not ok:
                bad[index] = 1


def _route_ok(transit: list[str], origin: str | None, destination: str | None) -> bool:
    if len(set(transit)) != len(transit) or {origin, destination} & set(transit):
        return False
    return origin is None or origin != destination


def _fee_ok(amount: Any, currency: Any, basis: Any, payment: Any, persons: Persons) -> bool:
    if amount is None:
        return not (currency or basis or payment)
    if currency is None or basis is None:
        return False
    return basis != TOTAL or persons.total > 0


def _check_rules(v: dict[str, list[Any]], bad: bytearray) -> None:
    persons, zipped = v["persons"], _zipper(v)
    _flag(bad, [(a is None) is (b is None) for a, b in zipped("latitude", "longitude")])
    ends = zipped("origin_country", "destination_country")
    if any(v["transit_countries"]):
        _flag(
            bad,
            [_route_ok(t, o, d) for t, (o, d) in zip(v["transit_countries"], ends, strict=True)],
        )
    else:
        _flag(bad, [o is None or o != d for o, d in ends])
    children = zipped("unaccompanied_children", "separated_children")
    _flag(
        bad,
        [p.distinct and u + s <= p.children for p, (u, s) in zip(persons, children, strict=True)],
    )
    fee = [v[name] for name in ("fee_amount", "fee_currency", "fee_basis", "payment_method")]
    if any(any(column) for column in fee):
        _flag(bad, list(map(_fee_ok, *fee, persons)))
    outcomes = zipped("returned", "asylum_claims", "prosecutions", "arrests")
    _flag(
        bad,
        [
            r <= p.total and a <= p.total and q <= k
            for p, (r, a, q, k) in zip(persons, outcomes, strict=True)
        ],
    )
    _flag(bad, [(s == "members") is bool(w) for s, w in zipped("visibility", "shared_with")])
    if "H3" in v["handling_code"]:
        _flag(
            bad, [h != "H3" or bool(r) for h, r in zipped("handling_code", "handling_restriction")]
        )


def _zipper(v: dict[str, list[Any]]) -> Callable[..., Any]:
    def zipped(*names: str) -> Any:
        return zip(*(v[name] for name in names), strict=True)

    return zipped


# --- The values written ---------------------------------------------------------------------


def _hash_template() -> str:
    sharing = ",".join(f'"{name}":%s' for name in SharingIn.model_fields)
    fields = [f'"{name}":%s' for name in IncidentIn.model_fields if name != "sharing"]
    return "{" + ",".join(fields) + ',"sharing":{' + sharing + "}}"


HASH_TEMPLATE = _hash_template()  # model_dump_json's layout, a %s per field
HASH_FIELDS = [name for name in IncidentIn.model_fields if name != "sharing"]
HASH_FIELDS += list(SharingIn.model_fields)
_hexdigest = methodcaller("hexdigest")


def _hashed_texts(rows: Iterable[tuple[str, ...]]) -> Iterator[str]:
    """Each row's JSON texts put in HASH_TEMPLATE: its fixed pieces and the row's texts
    alternate in one list, joined (half the time of ``HASH_TEMPLATE % row``)."""
    pieces = HASH_TEMPLATE.split("%s")
    parts = [""] * (2 * len(pieces) - 1)
    parts[0::2] = pieces
    for row in rows:
        parts[1::2] = row
        yield "".join(parts)


class _FeeFacts(NamedTuple):
    """What ``service.fee_usd_per_person`` reads of a report."""

    fee_amount: Decimal | None
    fee_currency: str | None
    fee_basis: FeeBasis | None
    persons_total: int


def _fees(v: dict[str, list[Any]], spec: RowSpec) -> list[Decimal | None]:
    """The service's own formula, once per distinct (amount, currency, basis, persons)."""
    book, found = rate_book(spec.target.rates), {}
    fees: list[Decimal | None] = []
    for amount, currency, basis, persons in zip(
        v["fee_amount"], v["fee_currency"], v["fee_basis"], v["persons"], strict=True
    ):
        if amount is None:
            fees.append(None)
            continue
        key = (amount, currency, basis, persons.total)
        if key not in found:
            facts = _FeeFacts(amount, currency, FeeBasis(basis) if basis else None, persons.total)
            found[key] = fee_usd_per_person(book, cast(IncidentIn, facts))
        fees.append(found[key])
    return fees


_FLOATS = frozenset({float, type(None)})


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _stored(values: list[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """A column as the driver receives it, converted once per distinct value object (a
    column's equal cells were read into one object: see ``_distinct``)."""
    if convert is enum_value or (convert is to_float and _types(values) <= _FLOATS):
        return values  # already the plain values
    keys = list(map(id, values))
    once = dict(zip(keys, values, strict=True))
    stored = {key: None if value is None else convert(value) for key, value in once.items()}
    return list(map(stored.__getitem__, keys))


def _reports(
    lines: list[int], v: dict[str, list[Any]], texts: dict[str, list[str]], spec: RowSpec
) -> list[CheckedReport]:
    rows = zip(*(texts[name] for name in HASH_FIELDS), strict=True)
    hashes = map(hashlib.sha256, map(str.encode, _hashed_texts(rows)))
    digests = list(map(_hexdigest, hashes))
    persons = v["persons"]
    columns = [v[name] for name in PLAIN_FIELDS] + [v[name] for name in SHARING_FIELDS]
    columns += [v["facilitators"], v["fraudulent_documents"]]
    columns += [[p.total for p in persons], [p.children for p in persons], _fees(v, spec), digests]
    for index, convert in converters(spec.target.drivername):
        columns[index] = _stored(columns[index], convert)
    people: Iterable[Any] = map(itemgetter(0), persons)
    incidents: Iterable[Any] = zip(*columns, strict=True)
    if spec.target.copy:
        incidents, people = copy_lines(columns), map(person_lines, people)
    return list(
        map(
            CheckedReport,
            lines,
            v["reference"],
            digests,
            v["visibility"],
            map(tuple, v["shared_with"]),
            incidents,
            people,
        )
    )


def fast_chunk(spec: RowSpec, chunk: Sequence[tuple[int, list[str]]]) -> list[CheckedReport | None]:
    """Each row of ``chunk`` ready to write, or None where the fast path cannot vouch for it."""
    if not chunk:
        return []
    fast = fast_spec(spec)
    bad = bytearray(len(chunk))
    lines = [line for line, _ in chunk]
    columns = list(zip(*_fitted([cells for _, cells in chunk], fast.width, bad), strict=True))
    values: dict[str, list[Any]] = {}
    texts: dict[str, list[str]] = {}
    for name, index, case, bulk in fast.plan:
        cells = columns[index] if index >= 0 else [""] * len(chunk)
        values[name], texts[name] = bulk(_cleaned(cells, case, fast.max_cell_chars, bad), bad)
    _check_rules(values, bad)
    if all(bad):
        return [None] * len(chunk)
    reports = _reports(lines, values, texts, spec)
    return [None if flagged else report for flagged, report in zip(bad, reports, strict=True)]


def check_chunk(
    spec: RowSpec, chunk: Sequence[tuple[int, list[str]]], keep_reports: bool
) -> list[CheckedReport | list[Problem]]:
    """Every row of ``chunk``, in order (what a worker process runs): through the fast path, or
    through ``IncidentIn`` when the fast path cannot vouch for it."""
    found: list[CheckedReport | list[Problem]] = []
    for (line, cells), fast in zip(chunk, fast_chunk(spec, chunk), strict=True):
        if fast is not None:
            found.append(fast)
            continue
        result = check_row(line, cells, spec)
        if isinstance(result, list):
            found.append(result)
        else:
            found.append(prepare(line, result, spec.target, keep_report=keep_reports))
    return found
